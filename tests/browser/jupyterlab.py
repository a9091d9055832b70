"""What the JupyterLab layer and the hub layer both need to drive a notebook in JupyterLab:
whether Run All has started, whether it has finished (or stalled), and a one-line account
of the notebook's state for a failure message. JavaScript, so that the sync API (the
JupyterLab layer) and the async API (the hub's class) share it."""

from __future__ import annotations

# The notebook in front (JupyterLab keeps the other tabs' panels hidden).
_PANEL = "document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)')"

# Run All has started: some prompt shows "[*]:" or a number. A click that came too early
# (before the kernel was connected) runs nothing, and every prompt stays "[ ]:".
STARTED = f"""() => {{
    const panel = {_PANEL};
    return !!panel && [...panel.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
        .some(p => /\\[(\\*|\\d+)\\]/.test(p.textContent));
}}"""

# Run All has finished: every code cell has a number in its prompt, at least `min` charts
# are drawn, and nothing has changed for a second; "stalled" when nothing has changed for
# `stallMs` before that; "chart failed" as soon as a chart shows its could-not-load notice
# (the caller says why). Anything falsy keeps Playwright polling.
RUN_STATE = f"""({{min, stallMs}}) => {{
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
    return quiet > stallMs ? 'stalled' : false;
}}"""

# What a failure message needs: the prompts, the kernel's status, any open dialog.
DESCRIBE = f"""() => {{
    const panel = {_PANEL};
    if (!panel) return 'no notebook in front';
    const prompts = [...panel.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
        .map(p => p.textContent.trim() || '[ ]:');
    const status = panel.querySelector('.jp-Notebook-ExecutionIndicator');
    const dialogs = [...document.querySelectorAll('.jp-Dialog')].map(d => d.innerText.replace(/\\s+/g, ' '));
    const charts = panel.querySelectorAll('.vega-embed').length;
    return `prompts ${{prompts.join(' ')}}; kernel ${{status ? status.dataset.status : 'unknown'}}; `
        + `${{charts}} charts; dialogs: ${{dialogs.length ? dialogs.join(' / ') : 'none'}}`;
}}"""

# How long a run may show no change at all before it counts as stalled: a lesson's slowest
# cell takes a few seconds alone and under 20 s on a machine the whole suite is loading.
STALL_MS = 60_000


def log_tail(path, lines: int = 15) -> str:
    """The last lines of a server's log, for a failure message."""
    try:
        text = path.read_text(errors="replace").splitlines()
    except OSError as err:
        return f"(no log: {err})"
    return "\n".join(text[-lines:])
