"""A classroom on one Voila server: N browsers open the same lesson at once, on loopback.

Bounded: N pages (default 30), each with a time limit, the whole run with a deadline.
Reports p50/p95 time until every chart is drawn, errors, and the peak memory of the
Voila server and its kernels together (sampled every 0.5 s).

Usage: python scripts/load_test.py [--clients 30] [--lesson 01_blocs] [--preheat N]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))
from benchmark import ARGS, CHROMIUM, DRAWN_JS  # noqa: E402  (one definition of "drawn")


def tree_rss(root_pid: int) -> int:
    """Resident memory of a process and all its descendants, in bytes."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            status = (proc / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        pid, ppid = int(proc.name), int(fields["PPid"])
        children.setdefault(ppid, []).append(pid)
        rss[pid] = int(fields.get("VmRSS", "0 kB").split()[0]) * 1024
    total, stack = 0, [root_pid]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack += children.get(pid, [])
    return total


async def one_client(browser, url: str, timeout_s: float) -> tuple[float | None, str | None]:
    """One student's browser; gives up after timeout_s in all (a result, not a crash)."""
    try:
        return await asyncio.wait_for(_one_client(browser, url, timeout_s), timeout=timeout_s)
    except asyncio.TimeoutError:
        return None, f"not drawn within {timeout_s:.0f} s"


async def _one_client(browser, url: str, timeout_s: float) -> tuple[float | None, str | None]:
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    start = time.perf_counter()
    try:
        await page.goto(url, timeout=timeout_s * 1000)
        await page.wait_for_function(DRAWN_JS, timeout=timeout_s * 1000, polling=200)
        elapsed = time.perf_counter() - start - 1.0
        return elapsed, ("; ".join(errors) or None)
    except Exception as err:  # a timeout or a crash is a result to report, not to raise
        return None, f"{type(err).__name__}: {str(err).splitlines()[0]}"
    finally:
        await context.close()


async def run(url: str, clients: int, timeout_s: float):
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        results = await asyncio.gather(*(one_client(browser, url, timeout_s) for _ in range(clients)))
        await browser.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=30)
    parser.add_argument("--lesson", default="01_blocs")
    parser.add_argument("--port", type=int, default=8898)
    parser.add_argument("--timeout", type=float, default=360, help="seconds per browser, in all")
    args = parser.parse_args()
    env = dict(os.environ, JUPYTER_PATH=str(REPO / "share/jupyter"),
               JUPYTER_CONFIG_PATH=str(REPO / "etc/jupyter"))
    server = subprocess.Popen(
        [sys.executable, "-m", "voila", str(REPO / "notebooks"), f"--port={args.port}",
         "--no-browser", "--Voila.ip=127.0.0.1"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], tree_rss(server.pid))
            time.sleep(0.5)

    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{args.port}/", timeout=1)
                break
            except OSError:
                time.sleep(0.3)
        threading.Thread(target=sample, daemon=True).start()
        url = f"http://127.0.0.1:{args.port}/voila/render/{args.lesson}.ipynb"
        began = time.perf_counter()
        results = asyncio.run(run(url, args.clients, args.timeout))
        wall = time.perf_counter() - began
    finally:
        done.set()
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:  # kernels still shutting down: stop them hard
            server.kill()
            server.wait(timeout=30)
    times = sorted(t for t, _ in results if t is not None)
    errors = [e for _, e in results if e]
    p95 = times[max(0, -(-95 * len(times) // 100) - 1)] if times else None  # nearest rank
    report = (f"{args.clients} browsers opening {args.lesson} at once on one Voila server "
              f"(kernels started on request), {os.cpu_count()} cores\n"
              f"drawn: {len(times)}/{args.clients}; errors: {len(errors)}; wall time {wall:.0f} s\n"
              + (f"time to drawn: p50 {statistics.median(times):.1f} s, p95 {p95:.1f} s, "
                 f"max {times[-1]:.1f} s\n" if times else "")
              + f"peak memory, Voila server + kernels: {peak[0] / 2**30:.2f} GiB\n"
              + "".join(f"  error: {e}\n" for e in errors[:10]))
    print(report)
    out = REPO / "test-artifacts"
    out.mkdir(exist_ok=True)
    (out / "load_test.txt").write_text(report)
    sys.exit(1 if errors or len(times) < args.clients else 0)


if __name__ == "__main__":
    main()
