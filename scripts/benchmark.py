"""Benchmark every lesson in Voila against a bare one-slider notebook, in one run.

Measures, per page (median of --runs loads, each in a fresh browser context):
  drawn     time from navigation to every chart drawn (ratio to the bare floor)
  redraw    control change -> chart SVG mutated, in the browser (median over --moves)
  memory    the lesson kernel's RSS (ratio to a bare kernel that imports pandas and altair)
  bytes     HTTP response bodies + websocket frames received
Two servings, each with its own floor, in one run: the course's settings (every page
pre-rendered in a preheated kernel, as `make start` serves it) and kernels started on
request (`course serve --no-preheat`, as the JupyterLab/Binder server extension serves it). Before
each preheated load the script waits until Voila has refilled that page's pool, so every
load gets a preheated kernel.
Prints Markdown tables (and writes them to test-artifacts/benchmark.md). Targets are in
DESIGN.md: drawn <= 1.3x floor, redraw < 100 ms, memory <= 1.3x. Nothing here fails a
test; it reports.

With --profile, the first load of each page is also recorded as a Chromium performance
trace (test-artifacts/trace-PAGE.json) and summarised by scripts/trace_summary.py: where the
browser's main thread spent the time until the page was drawn, and how long it sat idle
waiting for the server or the kernel (test-artifacts/profile.md).

First (unless --decomposition skip), the decomposition, per lesson, with the course's
settings: three pages timed side by side in each round, all served by one Voila:
  floor         the bare one-slider notebook
  charts alone  the lesson's own charts and nothing else: the lesson is run once in a kernel
                and its chart widgets' Vega-Lite specs and params are written into a
                generated notebook that draws them with the course's served offline Vega
                bundle and the same `render`, with a stand-in model (no widget at all)
  lesson        the lesson itself
with each page's widget views and DOM nodes, and, from one more load traced and not counted,
the main thread's busy time by kind (script, style and layout, paint; trace_summary.py).
Ratios within one run only; nothing here is a test.

Usage: python scripts/benchmark.py [--runs 3] [--moves 10] [--only preheated|on-request] [--profile]
                                   [--pages 01_blocs ...] [--decomposition with|only|skip]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import nbformat
import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
import trace_summary  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from tests.browser.chromium import CHROMIUM  # noqa: E402  (one browser, one set of flags)
from tests.browser.chromium import CHROMIUM_ARGS as ARGS  # noqa: E402
from tests.servers import wait_for_http  # noqa: E402

DRAWN_JS = """() => {
    const charts = [...document.querySelectorAll('.vega-embed')];
    const widgets = document.querySelectorAll('.widget-slider, .course-explorer');
    const ready = widgets.length > 0 && charts.every(e => e.querySelector('svg [aria-label]'));
    if (!ready || window.__n !== charts.length) { window.__n = charts.length; window.__t = performance.now(); return false; }
    return performance.now() - window.__t > 1000;
}"""
# The charts-only page has no widget: drawn when every chart it was given has its SVG.
CHARTS_DRAWN_JS = """() => {
    const charts = [...document.querySelectorAll('.vega-embed')];
    const expected = document.querySelectorAll('.course-chart-only').length;
    const ready = expected > 0 && charts.length === expected
        && charts.every(e => e.querySelector('svg [aria-label]'));
    if (!ready || window.__n !== charts.length) { window.__n = charts.length; window.__t = performance.now(); return false; }
    return performance.now() - window.__t > 1000;
}"""
# Widget views: every ipywidgets view (anywidget's included) is a Lumino widget with the
# class `jupyter-widgets` on its element. DOM nodes: every element in the page.
COUNT_JS = """() => ({
    views: document.querySelectorAll('.jupyter-widgets').length,
    nodes: document.getElementsByTagName('*').length,
})"""


def _tree(root_pid: int) -> list[psutil.Process]:
    """A process and all its descendants (those that exist right now)."""
    try:
        root = psutil.Process(root_pid)
        return [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def tree_rss(root_pid: int) -> int:
    """Resident memory of a process and all its descendants, in bytes."""
    total = 0
    for proc in _tree(root_pid):
        with contextlib.suppress(psutil.NoSuchProcess, psutil.AccessDenied):  # ended meanwhile
            total += proc.memory_info().rss
    return total


def tree_cpu(root_pid: int) -> float:
    """CPU seconds used so far by a process and all its descendants."""
    total = 0.0
    for proc in _tree(root_pid):
        with contextlib.suppress(psutil.NoSuchProcess, psutil.AccessDenied):
            times = proc.cpu_times()
            total += times.user + times.system
    return total


def wait_for_quiet(root_pid: int, timeout_s: float) -> None:
    """Wait until the server and its kernels have been (nearly) idle for 3 s. Voila says a
    pool is "filled" once its kernels have started; they are still running the lesson."""
    deadline, quiet, last = time.monotonic() + timeout_s, 0, tree_cpu(root_pid)
    while quiet < 3:
        if time.monotonic() > deadline:
            raise SystemExit(f"the Voila server was still busy after {timeout_s:.0f} s")
        time.sleep(1)
        now = tree_cpu(root_pid)
        quiet = quiet + 1 if now - last < 0.1 else 0
        last = now


def bare_notebook(path: Path) -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "import ipywidgets as w\nw.IntSlider(value=2024, min=1996, max=2026, description='Year')"
        )
    ]
    nbformat.write(nb, path)


def serve(root: Path, port: int, preheat: bool, log: Path) -> subprocess.Popen:
    # `course serve` as `make start` runs it, one preheated kernel per page (or none)
    pools = ["--group", "1"] if preheat else ["--no-preheat"]
    cmd = [sys.executable, "-m", "course.cli", "serve", *pools, str(root), f"--port={port}", "--no-browser"]
    cmd += ["--", "--Voila.ip=127.0.0.1"]
    proc = subprocess.Popen(cmd, stdout=open(log, "w"), stderr=subprocess.STDOUT)
    wait_until_serving(proc, port)
    return proc


def serving(port: int) -> bool:
    """Whether something answers HTTP on the loopback port."""
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1)
        return True
    except OSError:
        return False


def wait_until_serving(proc: subprocess.Popen, port: int, timeout_s: float = 120) -> None:
    try:
        wait_for_http(proc, f"http://127.0.0.1:{port}/", "its log", timeout_s)
    except RuntimeError as err:
        raise SystemExit(f"Voila did not start on port {port}: {err}") from None


def wait_for_pool(log: Path, name: str, fills: int, timeout_s: float = 300) -> None:
    """Wait until Voila's log says the page's pool has been filled `fills` times."""
    line = f"Kernel pool of {name} is filled with"
    deadline = time.monotonic() + timeout_s
    while log.read_text().count(line) < fills:
        if time.monotonic() > deadline:
            raise SystemExit(f"Voila did not preheat {name} within {timeout_s:.0f} s")
        time.sleep(0.2)


def rss_of_kernel(kernel_id: str) -> int:
    """Resident memory (bytes) of the kernel process whose connection file names kernel_id."""
    for proc in psutil.process_iter(["cmdline"]):
        if any(kernel_id in part for part in proc.info["cmdline"] or ()):
            with contextlib.suppress(psutil.NoSuchProcess, psutil.AccessDenied):
                return proc.memory_info().rss
    return 0


def bare_kernel_rss() -> int:
    from jupyter_client.manager import start_new_kernel

    km, kc = start_new_kernel(kernel_name="python3")
    try:
        kc.execute_interactive("import pandas, altair", timeout=120)
        return psutil.Process(km.provisioner.process.pid).memory_info().rss
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


TRACE_CATEGORIES = [
    "devtools.timeline",
    "disabled-by-default-devtools.timeline",
    "v8.execute",
    "blink.user_timing",
    "loading",
]


def measure_page(browser, url: str, moves: int, trace: Path | None = None, drawn_js: str = DRAWN_JS) -> dict:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    cdp = None
    if trace:
        browser.start_tracing(page=page, path=str(trace), categories=TRACE_CATEGORIES)
        cdp = context.new_cdp_session(page)
        cdp.send("Profiler.enable")
        cdp.send("Profiler.setSamplingInterval", {"interval": 250})
        cdp.send("Profiler.start")
    received = [0]
    page.on(
        "requestfinished",
        lambda r: received.__setitem__(0, received[0] + max(r.sizes()["responseBodySize"], 0)),
    )
    page.on(
        "websocket",
        lambda ws: ws.on(
            "framereceived",
            lambda f: received.__setitem__(
                0, received[0] + len(f if isinstance(f, (bytes, str)) else f.get("payload", ""))
            ),
        ),
    )
    start = time.perf_counter()
    page.goto(url, timeout=180_000)
    try:
        page.wait_for_function(drawn_js, timeout=180_000, polling=50)
    except Exception as err:  # say which page, and keep what it showed
        shot = REPO / "test-artifacts" / f"benchmark-not-drawn-{url.rsplit('/', 1)[-1]}.png"
        page.screenshot(path=str(shot), full_page=True)
        raise SystemExit(f"{url} was not fully drawn within 180 s (screenshot: {shot})") from err
    drawn = time.perf_counter() - start - 1.0  # minus the 1 s stability window
    cpu = None
    if trace:
        cpu = cdp.send("Profiler.stop")["profile"]
        browser.stop_tracing()
    counts = page.evaluate(COUNT_JS)
    html = page.content()
    kernel_id = html.split('"kernelId": "')[1].split('"')[0] if '"kernelId": "' in html else ""
    redraws = redraw_latencies(page, moves)
    result = {
        "drawn": drawn,
        "redraw": statistics.median(redraws) if redraws else None,
        "rss": rss_of_kernel(kernel_id),
        "bytes": received[0],
        "cpu": cpu,
        "views": counts["views"],
        "nodes": counts["nodes"],
    }
    context.close()
    return result


def redraw_latencies(page, moves: int) -> list[float]:
    """Press a key on the first explorer's slider (or click its first toggle) and time
    until the first chart's SVG changes, measured inside the page."""
    if not page.locator(".course-explorer .vega-embed").count():
        return []
    page.evaluate("""() => {
        const target = document.querySelector('.course-explorer .vega-embed');
        window.__mut = null;
        new MutationObserver(() => { if (window.__mut === null) window.__mut = performance.now(); })
            .observe(target, {subtree: true, childList: true, attributes: true, characterData: true});
    }""")
    slider = page.locator(".course-explorer [role=slider]").first
    toggles = page.locator(".course-explorer .widget-toggle-button")
    out = []
    for i in range(moves):
        page.evaluate("() => { window.__mut = null; window.__t0 = performance.now(); }")
        if slider.count():
            slider.focus()
            page.keyboard.press("ArrowLeft" if i % 2 == 0 else "ArrowRight")
        elif toggles.count() > 1:
            toggles.nth(i % 2 + (1 if i % 2 == 0 else -1)).click()
        else:
            return out
        try:
            page.wait_for_function("() => window.__mut !== null", timeout=5000, polling=10)
        except Exception:
            continue
        out.append(page.evaluate("() => window.__mut - window.__t0"))
        time.sleep(0.3)
    return out


def measure_serving(browser, root: Path, pages: list[str], preheat: bool, args) -> dict:
    log = REPO / "test-artifacts" / f"benchmark-voila-{'preheated' if preheat else 'on-request'}.log"
    proc = serve(root, args.port, preheat, log)
    runs: dict[str, list[dict]] = {name: [] for name in pages}
    profiles: list[str] = []
    try:
        # Round by round, the floor first in each: a machine that speeds up or slows down
        # during the run moves the floor and the lessons alike.
        # With --profile, one more round, traced, that is not counted (tracing slows it).
        for i in range(args.runs + (1 if args.profile else 0)):
            for name in pages:
                if preheat:
                    wait_for_pool(log, name, i + 1)
                wait_for_quiet(proc.pid, 300)  # no other page's kernel still rendering
                trace = REPO / "test-artifacts" / f"trace-{name}.json" if i == args.runs else None
                result = measure_page(
                    browser, f"http://127.0.0.1:{args.port}/voila/render/{name}", args.moves, trace
                )
                if trace:
                    summary = trace_summary.summarise(json.loads(trace.read_text()), result["drawn"] * 1000)
                    profiles.append(trace_summary.render(name, summary))
                    spent = trace_summary.summarise_cpu(result["cpu"], result["drawn"] * 1000)
                    profiles.append(trace_summary.render_cpu(name, result["drawn"] * 1000, spent))
                else:
                    runs[name].append(result)
        rows = {
            name: {
                k: statistics.median([r[k] for r in page_runs if r[k] is not None])
                if any(r[k] is not None for r in page_runs)
                else None
                for k in page_runs[0]
                if k != "cpu"
            }
            for name, page_runs in runs.items()
        }
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=30)
    if profiles:
        (REPO / "test-artifacts" / "profile.md").write_text("\n\n".join(profiles) + "\n")
    return rows


def table(rows: dict, preheat: bool, runs: int, floor_mem: int) -> str:
    floor = rows["bare_slider.ipynb"]["drawn"]
    mode = (
        "the course's settings: every page pre-rendered in a preheated kernel (make start)"
        if preheat
        else "kernels started on request (course serve --no-preheat; the server extension)"
    )
    lines = [
        f"Voila, {mode}; median of {runs} loads; floor = bare one-slider notebook "
        f"({floor:.2f} s); memory floor = bare kernel importing pandas and altair "
        f"({floor_mem / 2**20:.0f} MiB).",
        "",
        "| page | drawn (s) | drawn / floor | redraw median (ms) | kernel RSS (MiB) | RSS / floor | bytes received (KiB) |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, r in rows.items():
        redraw = f"{r['redraw']:.0f}" if r["redraw"] is not None else "–"
        lines.append(
            f"| {name} | {r['drawn']:.2f} | {r['drawn'] / floor:.2f}x | {redraw} | "
            f"{r['rss'] / 2**20:.0f} | {r['rss'] / floor_mem:.2f}x | {r['bytes'] / 1024:.0f} |"
        )
    return "\n".join(lines)


# --- The decomposition: floor, the lesson's charts alone, the lesson --------------------
#
# For each lesson, a third page is served by the same Voila: the same Vega-Lite specs the
# lesson draws, rendered by the same offline bundle the course template serves and by the
# same `render` the chart widgets call, with no widget at all. Floor -> charts alone is
# what drawing those charts costs; charts alone -> lesson is the rest (widget views, text,
# tables, quizzes).

# Everything a chart's module reads from its model (altair's jupyter/js/index.js).
CHART_STATE = (
    "spec",
    "embed_options",
    "debounce_wait",
    "max_wait",
    "_params",
    "_vl_selections",
    "_js_watch_plan",
    "local_tz",
)


def chart_states(notebook: Path, timeout_s: int = 600) -> list[dict]:
    """The state of every chart a lesson draws (its Vega-Lite spec, embed options and
    params), in the order the lesson made them: the lesson is run in a kernel of its own
    (a copy, in a scratch folder) and nbclient keeps the widget state it saw, as a saved
    notebook does (its public `store_widget_state`). Built by the course's own chart
    functions, so the charts-only page draws exactly what the lesson does."""
    from nbclient import NotebookClient

    nb = nbformat.read(notebook, as_version=4)
    with tempfile.TemporaryDirectory(prefix="course-bench-specs-") as scratch:
        NotebookClient(
            nb,
            timeout=timeout_s,
            kernel_name="python3",
            store_widget_state=True,
            resources={"metadata": {"path": scratch}},
        ).execute()
    models = nb.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"].values()
    return [
        {k: m["state"][k] for k in CHART_STATE if k in m["state"]}
        for m in models  # in the order the kernel opened them
        if m["model_name"] == "AnyModel" and "spec" in m["state"] and "_vl_selections" in m["state"]
    ]


CHARTS_PAGE_JS = """
const base = (document.body && document.body.dataset.baseUrl) || "/voila/";
const states = JSON.parse(document.getElementById("course-chart-states").textContent);
const mod = await import(new URL(base + "templates/course/static/jupyterchart.js", window.location.href).href);
// A stand-in for the widget model: the same state, no kernel behind it.
const model = (state) => ({
  get: (k) => state[k], set: (k, v) => { state[k] = v; }, save_changes() {}, on() {}, off() {},
});
document.querySelectorAll(".course-chart-only").forEach((el, i) => {
  el.classList.add("course-chart");
  mod.default.render({ model: model(states[i]), el });
});
"""


def charts_notebook(states: list[dict], path: Path) -> None:
    """A notebook whose one output is the lesson's charts and nothing else: a box per chart
    and a module script that imports the course's served Vega bundle and calls its `render`
    with a stand-in model, as the lesson's chart widgets do. No widget, no widget view."""
    data = json.dumps(states).replace("</", "<\\/")
    boxes = "".join('<div class="course-chart-only"></div>' for _ in states)
    html = (
        f'<div class="course-charts-only">{boxes}</div>'
        f'<script type="application/json" id="course-chart-states">{data}</script>'
        f'<script type="module">{CHARTS_PAGE_JS}</script>'
    )
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(f"from IPython.display import HTML\nHTML({html!r})")]
    nbformat.write(nb, path)


def busy_by_kind(trace: Path, drawn_ms: float) -> dict[str, float]:
    """Main-thread busy time (ms) from navigation to drawn, by kind (trace_summary.py)."""
    s = trace_summary.summarise(json.loads(trace.read_text()), drawn_ms)
    kinds = s["buckets_ms"]
    return {
        "busy": s["busy_ms"],
        "script": kinds.get("script", 0.0),
        "layout": kinds.get("style+layout", 0.0),
        "paint": kinds.get("paint", 0.0),
        "other": sum(v for k, v in kinds.items() if k not in ("script", "style+layout", "paint")),
        "idle": s["idle_ms"],
    }


def measure_decomposition(browser, root: Path, lessons: list[str], args) -> dict:
    """Round by round, with the course's settings (preheated): the floor, then for each
    lesson its charts-only page and the lesson itself, side by side. After the counted
    rounds, one more, traced and not counted, gives each page's main-thread busy time by
    kind and, from a CPU profile of the same load, by the part of the page whose code ran.
    Returns {page: median of each measure, plus "busy" from the traced load}."""
    charts = {name: f"charts_{name}" for name in lessons if (root / f"charts_{name}").exists()}
    pages = ["bare_slider.ipynb"] + [p for name in lessons for p in (charts.get(name), name) if p]
    log = REPO / "test-artifacts" / "benchmark-voila-decomposition.log"
    proc = serve(root, args.port, True, log)
    runs: dict[str, list[dict]] = {name: [] for name in pages}
    busy: dict[str, dict] = {}
    try:
        for i in range(args.runs + 1):
            traced = i == args.runs
            for name in pages:
                wait_for_pool(log, name, i + 1)
                wait_for_quiet(proc.pid, 300)
                trace = REPO / "test-artifacts" / f"trace-{name}.json" if traced else None
                result = measure_page(
                    browser,
                    f"http://127.0.0.1:{args.port}/voila/render/{name}",
                    0,
                    trace,
                    CHARTS_DRAWN_JS if name.startswith("charts_") else DRAWN_JS,
                )
                if traced:
                    busy[name] = busy_by_kind(trace, result["drawn"] * 1000)
                    busy[name].update(views=result["views"], nodes=result["nodes"])
                    busy[name]["cpu"] = trace_summary.summarise_cpu(result["cpu"], result["drawn"] * 1000)
                else:
                    runs[name].append(result)
                print(
                    f"round {i + 1}{' (traced)' if traced else ''}: {name} {result['drawn']:.2f} s",
                    flush=True,
                )
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=30)
    return {
        name: {
            "drawn": statistics.median(r["drawn"] for r in page_runs),
            "views": statistics.median(r["views"] for r in page_runs),
            "nodes": statistics.median(r["nodes"] for r in page_runs),
            "busy": busy.get(name),
        }
        for name, page_runs in runs.items()
    }


def lesson_pages(rows: dict) -> list[str]:
    """The lessons among the decomposition's pages (not the floor, not a charts-only page)."""
    return [name for name in rows if name != "bare_slider.ipynb" and not name.startswith("charts_")]


def decomposition_tables(rows: dict, runs: int) -> str:
    """Two Markdown tables: each lesson's three pages and how its gap over the floor splits
    between its charts and the rest; then every page's views, DOM nodes and busy time."""
    floor = rows["bare_slider.ipynb"]["drawn"]
    lines = [
        f"Decomposition: Voila with the course's settings (preheated); median of {runs} rounds, "
        f"each round the floor, then per lesson its charts alone and the lesson; floor = bare "
        f"one-slider notebook ({floor:.2f} s). Gap = lesson - floor; charts' share = "
        "(charts alone - floor) / gap; the rest (widget views, text, tables) is the remainder.",
        "",
        "| lesson | floor (s) | charts alone (s) | lesson (s) | charts / floor | lesson / floor "
        "| lesson / charts | gap (s) | charts' share | rest's share |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name in lesson_pages(rows):
        r, c = rows[name], rows.get(f"charts_{name}")
        gap = r["drawn"] - floor
        if c:
            share = (c["drawn"] - floor) / gap if gap > 0 else None  # no gap to split
            cells = [
                f"{c['drawn']:.2f}",
                f"{r['drawn']:.2f}",
                f"{c['drawn'] / floor:.2f}x",
                f"{r['drawn'] / floor:.2f}x",
                f"{r['drawn'] / c['drawn']:.2f}x",
                f"{gap:.2f}",
                f"{share:.0%}" if share is not None else "–",
                f"{1 - share:.0%}" if share is not None else "–",
            ]
        else:  # no chart: the whole gap is the rest
            cells = [
                "–",
                f"{r['drawn']:.2f}",
                "–",
                f"{r['drawn'] / floor:.2f}x",
                "–",
                f"{gap:.2f}",
                "0%",
                "100%",
            ]
        lines.append(f"| {name.removesuffix('.ipynb')} | {floor:.2f} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "Every page: widget views (elements with the class `jupyter-widgets`) and DOM nodes once "
        "drawn (median); main-thread time from navigation to drawn in one more load, traced and "
        "not counted above (tracing slows a page), in ms: busy, by kind, and idle (waiting for "
        "the server or the kernel).",
        "",
        "| page | widget views | DOM nodes | drawn, traced (ms) | busy | script | style + layout "
        "| paint | other (parse, GC, tasks) | idle |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, r in rows.items():
        b = r["busy"] or {}
        traced = b.get("busy", 0) + b.get("idle", 0)
        lines.append(
            f"| {name.removesuffix('.ipynb')} | {r['views']:.0f} | {r['nodes']:.0f} | {traced:.0f} | "
            + " | ".join(f"{b.get(k, 0):.0f}" for k in ("busy", "script", "layout", "paint", "other", "idle"))
            + " |"
        )
    return "\n".join(lines + [""] + script_owner_tables(rows))


def script_owner_tables(rows: dict) -> list[str]:
    """Where each page's main-thread time went, by the part of the page whose code ran (CPU
    profile of the traced load), and for each lesson what it adds to its charts-only page
    (or, without charts, to the floor): what is left once the charts are paid for."""
    owners = [k for k in trace_summary.OWNERS if k != "idle"]
    cpu = {name: (r["busy"] or {}).get("cpu") for name, r in rows.items()}
    if not all(cpu.values()):
        return []
    header = "| page | " + " | ".join(owners) + " | total |"
    rule = "|---" * (len(owners) + 2) + "|"

    def row(name: str, values: dict) -> str:
        cells = " | ".join(f"{values[k]:.0f}" for k in owners)
        return f"| {name.removesuffix('.ipynb')} | {cells} | {sum(values[k] for k in owners):.0f} |"

    lines = [
        "Main-thread time by the part of the page whose code ran, in ms (V8 CPU profile of the "
        "traced load, from navigation to drawn): "
        + "; ".join(f"{k}: {v}" for k, v in trace_summary.OWNERS.items() if k != "idle")
        + ".",
        "",
        header,
        rule,
    ]
    lines += [row(name, cpu[name]) for name in rows]
    lines += [
        "",
        "What each lesson adds to its charts-only page (to the floor for a lesson without charts), "
        "by part, in ms, from the table above:",
        "",
        header.replace("| page |", "| lesson |"),
        rule,
    ]
    for name in lesson_pages(rows):
        base = cpu.get(f"charts_{name}") or cpu["bare_slider.ipynb"]
        lines.append(row(name, {k: cpu[name][k] - base[k] for k in owners}))
    return lines


def decomposition(lessons: list[Path], args, sync_playwright) -> str:
    """Build each lesson's charts-only page (in a folder of its own, so the other servings
    do not preheat it), measure the three pages per lesson, and return the tables."""
    root = Path(tempfile.mkdtemp(prefix="course-bench-decomposition-"))
    try:
        bare_notebook(root / "bare_slider.ipynb")
        for nb in lessons:
            shutil.copy(nb, root / nb.name)
            states = chart_states(nb)
            print(f"{nb.stem}: {len(states)} charts", flush=True)
            if states:
                charts_notebook(states, root / f"charts_{nb.name}")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            rows = measure_decomposition(browser, root, [nb.name for nb in lessons], args)
            browser.close()
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return decomposition_tables(rows, args.runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--moves", type=int, default=10)
    parser.add_argument("--only", choices=["preheated", "on-request"], help="measure one serving only")
    parser.add_argument("--port", type=int, default=8899)
    parser.add_argument("--profile", action="store_true", help="trace each page's first load")
    parser.add_argument("--pages", nargs="*", help="only these lessons (e.g. 01_blocs), with the floor")
    parser.add_argument(
        "--decomposition",
        choices=["with", "only", "skip"],
        default="with",
        help="floor / charts alone / lesson, per lesson (first), then the servings' tables",
    )
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    (REPO / "test-artifacts").mkdir(exist_ok=True)
    root = Path(tempfile.mkdtemp(prefix="course-bench-"))
    lessons = sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    if args.pages:
        lessons = [nb for nb in lessons if nb.stem in args.pages]
    for nb in lessons:
        shutil.copy(nb, root / nb.name)
    bare_notebook(root / "bare_slider.ipynb")
    pages = ["bare_slider.ipynb"] + [nb.name for nb in lessons]
    servings = [s == "preheated" for s in ([args.only] if args.only else ["preheated", "on-request"])]
    try:
        floor_mem = bare_kernel_rss()
        tables = []
        if args.decomposition != "skip":
            tables.append(decomposition(lessons, args, sync_playwright))
            print(tables[-1] + "\n", flush=True)
        if args.decomposition == "only":
            servings = []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for preheat in servings:
                rows = measure_serving(browser, root, pages, preheat, args)
                tables.append(table(rows, preheat, args.runs, floor_mem))
                print(tables[-1] + "\n", flush=True)
            browser.close()
    finally:
        shutil.rmtree(root, ignore_errors=True)
    (REPO / "test-artifacts" / "benchmark.md").write_text("\n\n".join(tables) + "\n")


if __name__ == "__main__":
    main()
