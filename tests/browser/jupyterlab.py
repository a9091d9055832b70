"""What the JupyterLab layer and the hub layer both need to drive a notebook in JupyterLab:
whether Run All has started, whether it has finished (or stalled), and a one-line account
of the notebook's state for a failure message. JavaScript, so that the sync API (the
JupyterLab layer) and the async API (the hub's class) share it."""

from __future__ import annotations

# The notebook in front (JupyterLab keeps the other tabs' panels hidden).
_PANEL = "document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)')"

# The notebook's kernel has settled: the server lists one session for `path` (relative to
# the server's root), its kernel idle and the same one for `quietMs`. Seen in the suite:
# JupyterLab, opening a notebook, sometimes starts two kernels and shuts one down a moment
# later; a Run All pressed in between ran its first cell and lost the rest.
SETTLED = """async ({path, quietMs}) => {
    const config = JSON.parse(document.getElementById('jupyter-config-data').textContent);
    const response = await fetch(config.baseUrl + 'api/sessions', {cache: 'no-store'});
    if (!response.ok) return false;
    const mine = (await response.json()).filter(s => s.path === path);
    const kernel = mine.length === 1 && mine[0].kernel;
    const now = Date.now();
    if (!kernel || kernel.execution_state !== 'idle' || kernel.id !== window.__courseKernel) {
        window.__courseKernel = kernel && kernel.id; window.__courseKernelSince = now; return false;
    }
    return now - window.__courseKernelSince > quietMs;
}"""

# Run All has started: some prompt shows "[*]:" or a number. A click that came too early
# (before the kernel was connected) runs nothing, and every prompt stays "[ ]:".
STARTED = f"""() => {{
    const panel = {_PANEL};
    return !!panel && [...panel.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
        .some(p => /\\[(\\*|\\d+)\\]/.test(p.textContent));
}}"""

# Run All has finished: every code cell has a number in its prompt, at least `min` charts
# are drawn, and nothing has changed for a second; "stalled" when nothing has changed for
# `stallMs` before that, or for `idleStallMs` while the kernel is idle and some cell was never
# queued (prompt "[ ]:": seen in the suite, Run All running the first cell only; nothing more
# can happen then, so waiting the full `stallMs` only loses time); "chart failed" as soon as
# a chart shows its could-not-load notice (the caller says why). Anything falsy keeps
# Playwright polling.
RUN_STATE = f"""({{min, stallMs, idleStallMs}}) => {{
    const panel = {_PANEL};
    if (!panel) return false;
    if (panel.querySelector('.course-chart-failed')) return 'chart failed';
    const prompts = [...panel.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
        .map(p => p.textContent.trim());
    const embeds = [...panel.querySelectorAll('.vega-embed')];
    const drawn = embeds.filter(e => e.querySelector('svg [aria-label]')).length;
    const now = Date.now();
    const seen = prompts.join('|') + '#' + embeds.length + '#' + drawn;
    if (seen !== window.__courseSeen) {{ window.__courseSeen = seen; window.__courseSince = now; }}
    const done = prompts.length > 0 && prompts.every(t => /^\\[\\d+\\]:$/.test(t));
    const quiet = now - window.__courseSince;
    if (done && embeds.length >= min && drawn === embeds.length && quiet > 1000) return 'done';
    const status = panel.querySelector('.jp-Notebook-ExecutionIndicator');
    const idle = !!status && status.dataset.status === 'idle';
    const neverQueued = prompts.some(t => /^\\[ ?\\]:$/.test(t) || t === '');
    if (idle && neverQueued && quiet > idleStallMs) return 'stalled';
    return quiet > stallMs ? 'stalled' : false;
}}"""

# What a failure message needs: the prompts, the kernel's status, any open dialog, any error.
DESCRIBE = f"""() => {{
    const panel = {_PANEL};
    if (!panel) return 'no notebook in front';
    const prompts = [...panel.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
        .map(p => p.textContent.trim() || '[ ]:');
    const status = panel.querySelector('.jp-Notebook-ExecutionIndicator');
    const dialogs = [...document.querySelectorAll('.jp-Dialog')].map(d => d.innerText.replace(/\\s+/g, ' '));
    const charts = panel.querySelectorAll('.vega-embed').length;
    const errors = [...panel.querySelectorAll(
        '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"], .jp-RenderedText[data-mime-type="application/vnd.jupyter.error"]'
    )].map(e => e.innerText.replace(/\\s+/g, ' ').slice(-300));
    return `prompts ${{prompts.join(' ')}}; kernel ${{status ? status.dataset.status : 'unknown'}}; `
        + `${{charts}} charts; dialogs: ${{dialogs.length ? dialogs.join(' / ') : 'none'}}; `
        + `errors: ${{errors.length ? errors.join(' / ') : 'none'}}`;
}}"""

# How long a run may show no change at all before it counts as stalled: a lesson's slowest
# cell takes a few seconds alone and under 20 s on a machine the whole suite is loading.
STALL_MS = 60_000
# ... and with the kernel idle and a cell never queued, which no wait can change.
IDLE_STALL_MS = 10_000


def log_tail(path, lines: int = 15) -> str:
    """The last lines of a server's log, for a failure message."""
    try:
        text = path.read_text(errors="replace").splitlines()
    except OSError as err:
        return f"(no log: {err})"
    return "\n".join(text[-lines:])
