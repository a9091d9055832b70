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

Usage: python scripts/benchmark.py [--runs 3] [--moves 10] [--only preheated|on-request] [--profile]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
import trace_summary  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DRAWN_JS = """() => {
    const charts = [...document.querySelectorAll('.vega-embed')];
    const widgets = document.querySelectorAll('.widget-slider, .course-explorer');
    const ready = widgets.length > 0 && charts.every(e => e.querySelector('svg [aria-label]'));
    if (!ready || window.__n !== charts.length) { window.__n = charts.length; window.__t = performance.now(); return false; }
    return performance.now() - window.__t > 1000;
}"""


def _tree(root_pid: int) -> list[Path]:
    """/proc entries of a process and all its descendants."""
    children: dict[int, list[int]] = {}
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                ppid = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(proc.name))
    found, stack = [], [root_pid]
    while stack:
        pid = stack.pop()
        found.append(Path(f"/proc/{pid}"))
        stack += children.get(pid, [])
    return found


def tree_rss(root_pid: int) -> int:
    """Resident memory of a process and all its descendants, in bytes."""
    total = 0
    for proc in _tree(root_pid):
        try:
            total += int((proc / "statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except OSError:
            continue
    return total


def tree_cpu(root_pid: int) -> float:
    """CPU seconds used so far by a process and all its descendants."""
    ticks = 0
    for proc in _tree(root_pid):
        try:
            ticks += sum(int(x) for x in (proc / "stat").read_text().rsplit(")", 1)[1].split()[11:13])
        except (OSError, ValueError):
            continue
    return ticks / os.sysconf("SC_CLK_TCK")


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
    deadline = time.monotonic() + timeout_s
    while not serving(port):
        if time.monotonic() > deadline or proc.poll() is not None:
            proc.kill()
            raise SystemExit(f"Voila did not start on port {port} within {timeout_s:.0f} s")
        time.sleep(0.3)


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
    for proc in Path("/proc").iterdir():
        try:
            cmd = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            if kernel_id in cmd:
                for line in (proc / "status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1]) * 1024
        except OSError:
            continue
    return 0


def bare_kernel_rss() -> int:
    from jupyter_client.manager import start_new_kernel

    km, kc = start_new_kernel(kernel_name="python3")
    try:
        kc.execute_interactive("import pandas, altair", timeout=120)
        return (
            int(Path(f"/proc/{km.provisioner.process.pid}/status").read_text().split("VmRSS:")[1].split()[0])
            * 1024
        )
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


def measure_page(browser, url: str, moves: int, trace: Path | None = None) -> dict:
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
        page.wait_for_function(DRAWN_JS, timeout=180_000, polling=50)
    except Exception as err:  # say which page, and keep what it showed
        shot = REPO / "test-artifacts" / f"benchmark-not-drawn-{url.rsplit('/', 1)[-1]}.png"
        page.screenshot(path=str(shot), full_page=True)
        raise SystemExit(f"{url} was not fully drawn within 180 s (screenshot: {shot})") from err
    drawn = time.perf_counter() - start - 1.0  # minus the 1 s stability window
    cpu = None
    if trace:
        cpu = cdp.send("Profiler.stop")["profile"]
        browser.stop_tracing()
    html = page.content()
    kernel_id = html.split('"kernelId": "')[1].split('"')[0] if '"kernelId": "' in html else ""
    redraws = redraw_latencies(page, moves)
    result = {
        "drawn": drawn,
        "redraw": statistics.median(redraws) if redraws else None,
        "rss": rss_of_kernel(kernel_id),
        "bytes": received[0],
        "cpu": cpu,
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--moves", type=int, default=10)
    parser.add_argument("--only", choices=["preheated", "on-request"], help="measure one serving only")
    parser.add_argument("--port", type=int, default=8899)
    parser.add_argument("--profile", action="store_true", help="trace each page's first load")
    parser.add_argument("--pages", nargs="*", help="only these lessons (e.g. 01_blocs), with the floor")
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
