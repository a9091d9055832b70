"""A classroom on one Voila server: N students open the same lesson at once, on loopback.

Each student is a websocket client that does, against the server, what a browser does:
it GETs the lesson page and every file a real browser fetched for it (recorded once,
beforehand, with Chromium), opens the kernel's websocket, asks the widget manager for the
state of every widget (the `jupyter.widget.control` comm), checks that every widget view in
the page has its model; then, like a student working through the lesson, it moves the
lesson's first slider every few seconds for a while (--stay) and times each move until
the kernel has finished reacting. Drawing the SVG happens in each student's own browser, on
their own machine; running 30 Chromiums on the server's 2 cores would measure the harness,
not the server. `--browsers K` makes K of the N students real Chromium pages anyway.

"Drawn" for a websocket client: page and files all HTTP 200, no error in the page or from
the kernel, and every widget view's model state received. Bounded: N clients, each with
one deadline, the whole run inside it. Reports p50/p95 time to drawn, the control's
round-trip time, errors, the time the server took to preheat the class's kernels, and the
peak memory of the Voila server and its kernels together (sampled every 0.5 s).

Usage: python scripts/load_test.py [--clients 30] [--lesson 01_blocs] [--pool 30] [--refill 600]
                                  [--browsers 1] [--stay 180] [--every 5]
  --pool N   preheat N kernels for the lesson before the class arrives (the settings of
             `make classroom`); 0 = every kernel started on request.
  --refill S Voila refills each taken kernel S seconds later; --refill 90 puts the refill
             inside the --stay window, to measure what it costs the class.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

from jupyter_client.jsonutil import json_default
from jupyter_client.session import Session
from jupyter_server.services.kernels.connection.base import deserialize_binary_message

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))
from benchmark import (  # noqa: E402  (shared)
    ARGS,
    CHROMIUM,
    DRAWN_JS,
    serving,
    tree_rss,
    wait_for_pool,
    wait_for_quiet,
    wait_until_serving,
)

PAGE_ERRORS = re.compile(r"There was an error when executing cell|Traceback \(most recent call last\)")
VIEW = re.compile(r'"model_id":\s*"([0-9a-f]{32})"')


# ----------------------------------------------------------------------------- the server


def server_argv(port: int, lesson: str, pool: int, refill: int) -> list[str]:
    """The `course` command line of the class's server: `course classroom` (as `make
    classroom` starts it), or with `pool` 0 `course serve --no-preheat` (every kernel
    started on request). The folder comes straight after the command's own positionals:
    argparse takes no positional after an option."""
    folder = str(REPO / "notebooks")
    if pool:
        command = ["classroom", lesson, folder, "--students", str(pool), "--refill", str(refill)]
    else:
        command = ["serve", folder, "--no-preheat"]
    return [*command, f"--port={port}", "--no-browser", "--", "--Voila.ip=127.0.0.1"]


def start_server(port: int, lesson: str, pool: int, refill: int, log_path: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "course.cli", *server_argv(port, lesson, pool, refill)],
        env=dict(os.environ),
        stdout=open(log_path, "w"),
        stderr=subprocess.STDOUT,
    )


# ----------------------------------------------------------------------------- one browser


def record_browser_files(url: str) -> list[str]:
    """The same-origin files one real Chromium fetches to draw the page (kernel API excluded)."""
    from playwright.sync_api import sync_playwright

    origin = url.split("/voila/")[0]
    seen: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        page.on("requestfinished", lambda r: seen.append(r.url))
        page.goto(url, timeout=300_000)
        page.wait_for_function(DRAWN_JS, timeout=300_000, polling=200)
        browser.close()
    return sorted(
        {u for u in seen if u.startswith(origin) and not u.startswith(url.split("?")[0]) and "/api/" not in u}
    )


async def browser_client(browser, url: str) -> dict:
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    start = time.perf_counter()
    try:
        await page.goto(url, timeout=0)
        await page.wait_for_function(DRAWN_JS, timeout=0, polling=200)
        return {"drawn": time.perf_counter() - start - 1.0, "errors": errors, "kind": "browser"}
    finally:
        await context.close()


# ----------------------------------------------------------------------------- one websocket client


def _send(ws, session: Session, msg_type: str, channel: str, content: dict, **metadata) -> dict:
    """Send a kernel message as JupyterLab does (jupyter_client builds it); returns it."""
    msg = session.msg(msg_type, content, metadata=metadata)
    ws.write_message(json.dumps({**msg, "channel": channel}, default=json_default))
    return msg


def _decode(frame: str | bytes) -> dict:
    """A kernel message from jupyter_server's websocket (JSON text, or the binary form with buffers)."""
    return json.loads(frame) if isinstance(frame, str) else deserialize_binary_message(frame)


async def ws_client(
    url: str, files: list[str], stay_s: float, every_s: float, deadline_s: float, parallel: int = 6
) -> dict:
    from tornado.httpclient import AsyncHTTPClient
    from tornado.websocket import websocket_connect

    http = AsyncHTTPClient(force_instance=True, max_clients=parallel)
    errors: list[str] = []
    start = time.perf_counter()
    page = await http.fetch(url, connect_timeout=deadline_s, request_timeout=deadline_s, raise_error=False)
    html = page.body.decode(errors="replace") if page.body else ""
    if page.code != 200:
        errors.append(f"page: HTTP {page.code}")
    if PAGE_ERRORS.search(html):
        errors.append("page: a cell failed (error text in the page)")
    kernel = re.search(r'"kernelId":\s*"([0-9a-f-]{36})"', html)
    statuses = await asyncio.gather(
        *(
            http.fetch(f, connect_timeout=deadline_s, request_timeout=deadline_s, raise_error=False)
            for f in files
        )
    )
    errors += [f"{f}: HTTP {r.code}" for f, r in zip(files, statuses, strict=False) if r.code != 200]
    if not kernel:
        http.close()
        return {"drawn": None, "errors": errors + ["page: no kernel id"], "kind": "ws"}
    origin = url.split("/voila/")[0].replace("http", "ws", 1)
    session, control = Session(username="student"), uuid.uuid4().hex
    ws = await websocket_connect(
        f"{origin}/api/kernels/{kernel.group(1)}/channels?session_id={session.session}",
        max_message_size=256 * 2**20,
    )

    async def until(test) -> dict:
        while True:
            frame = await ws.read_message()
            if frame is None:
                raise ConnectionError("the kernel's websocket closed")
            msg = _decode(frame)
            kind = msg["header"]["msg_type"]
            if kind == "error":
                errors.append("kernel: " + msg["content"].get("ename", "error"))
            if kind == "stream" and msg["content"].get("name") == "stderr":
                errors.append("kernel stderr: " + msg["content"]["text"].strip().splitlines()[-1])
            if kind == "comm_close" and msg["content"].get("comm_id") == control:
                raise ConnectionError("the kernel closed the widget control channel: " + "; ".join(errors))
            if test(msg):
                return msg

    opening = _send(
        ws,
        session,
        "comm_open",
        "shell",
        {"comm_id": control, "target_name": "jupyter.widget.control", "data": {}},
        version="1.0.0",
    )  # ipywidgets' control protocol
    # Ask for the states only once the kernel has finished opening the channel; asked at
    # once, a preheated kernel sometimes answers "No such comm" (seen here).
    await until(
        lambda m: (
            m["parent_header"].get("msg_id") == opening["header"]["msg_id"]
            and m["header"]["msg_type"] == "status"
            and m["content"]["execution_state"] == "idle"
        )
    )
    _send(ws, session, "comm_msg", "shell", {"comm_id": control, "data": {"method": "request_states"}})
    reply = await until(
        lambda m: m["header"]["msg_type"] == "comm_msg" and m["content"].get("comm_id") == control
    )
    states = reply["content"]["data"]["states"]
    views = set(VIEW.findall(html))
    if not views:
        errors.append("page: no widget views")
    missing = views - set(states)
    if missing:
        errors.append(f"{len(missing)} widget view(s) in the page have no model state")
    drawn = time.perf_counter() - start

    sliders = [
        (mid, s["state"])
        for mid, s in states.items()
        if s["model_name"] in ("IntSliderModel", "FloatSliderModel")
    ]
    round_trips: list[float] = []
    if not sliders:
        errors.append("page: no slider to move")
    else:
        model_id, state = sliders[0]
        low, high, value = state["min"], state["max"], state["value"]
        step = -state.get("step", 1)
        stay_until = time.perf_counter() + stay_s
        while True:  # a student moving the slider now and then, for the whole stay
            if not low <= value + step <= high:
                step = -step
            value += step
            round_trips.append(await move_slider(ws, until, model_id, value, session, errors))
            if time.perf_counter() + every_s > stay_until:
                break
            await asyncio.sleep(every_s)
    ws.close()
    http.close()
    return {"drawn": drawn, "round_trips": round_trips, "errors": errors, "kind": "ws"}


async def move_slider(ws, until, model_id: str, value: float, session: Session, errors: list[str]) -> float:
    """Set the slider as the browser does; seconds until the kernel has finished reacting."""
    updates = []
    move: dict = {}

    def kernel_done(m: dict) -> bool:
        ours = m["parent_header"].get("msg_id") == move["header"]["msg_id"]
        if ours and m["header"]["msg_type"] == "comm_msg" and m["content"].get("comm_id") != model_id:
            updates.append(m)  # the chart (or another widget) reacting
        return ours and m["header"]["msg_type"] == "status" and m["content"]["execution_state"] == "idle"

    sent = time.perf_counter()
    move.update(
        _send(
            ws,
            session,
            "comm_msg",
            "shell",
            {
                "comm_id": model_id,
                "data": {"method": "update", "state": {"value": value}, "buffer_paths": []},
            },
        )
    )
    await until(kernel_done)
    if not updates:
        errors.append(f"moving the slider to {value} changed no other widget")
    return time.perf_counter() - sent


# ----------------------------------------------------------------------------- the class


async def classroom(
    url: str, files: list[str], clients: int, browsers: int, deadline_s: float, stay_s: float, every_s: float
):
    async def bounded(coro):
        try:
            return await asyncio.wait_for(coro, timeout=deadline_s + stay_s)
        except asyncio.TimeoutError:
            return {"drawn": None, "errors": [f"not drawn within {deadline_s:.0f} s"]}
        except Exception as err:  # a crash is a result to report, not to raise
            return {"drawn": None, "errors": [f"{type(err).__name__}: {err}"]}

    if browsers:
        from playwright.async_api import async_playwright

        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            results = await asyncio.gather(
                *(bounded(browser_client(browser, url)) for _ in range(browsers)),
                *(
                    bounded(ws_client(url, files, stay_s, every_s, deadline_s))
                    for _ in range(clients - browsers)
                ),
            )
            await browser.close()
        return results
    return await asyncio.gather(
        *(bounded(ws_client(url, files, stay_s, every_s, deadline_s)) for _ in range(clients))
    )


def percentile(sorted_values: list[float], q: int) -> float:
    return sorted_values[max(0, -(-q * len(sorted_values) // 100) - 1)]  # nearest rank


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=30)
    parser.add_argument("--lesson", default="01_blocs")
    parser.add_argument("--pool", type=int, default=30, help="preheated kernels (0: none)")
    parser.add_argument(
        "--refill",
        type=int,
        default=600,
        help="seconds before Voila refills a taken kernel (make classroom's REFILL)",
    )
    parser.add_argument("--browsers", type=int, default=1, help="how many clients are Chromium")
    parser.add_argument("--port", type=int, default=8898)
    parser.add_argument("--timeout", type=float, default=300, help="seconds per client to be drawn")
    parser.add_argument(
        "--stay",
        type=float,
        default=180,
        help="seconds each websocket client stays, moving its slider (covers the pool refill)",
    )
    parser.add_argument("--every", type=float, default=5, help="seconds between slider moves")
    args = parser.parse_args()
    if serving(args.port):
        raise SystemExit(f"load test: port {args.port} is already serving; stop that server first")
    out = REPO / "test-artifacts"
    out.mkdir(exist_ok=True)
    log = out / "load_test_voila.log"
    server = start_server(args.port, args.lesson, args.pool, args.refill, log)
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], tree_rss(server.pid))
            time.sleep(0.5)

    url = f"http://127.0.0.1:{args.port}/voila/render/{args.lesson}.ipynb"
    try:
        threading.Thread(target=sample, daemon=True).start()
        began = time.perf_counter()
        wait_until_serving(server, args.port)
        if args.pool:  # Voila logs "filled" once, when all of the pool's kernels have started
            wait_for_pool(log, f"{args.lesson}.ipynb", 1, timeout_s=900)
            wait_for_quiet(server.pid, 900)
        preheat_s = time.perf_counter() - began
        # The instructor view is never served from the pool, so recording leaves the class's
        # kernels alone; it fetches the same files as the student view.
        files = record_browser_files(url + "?template=instructor")
        wait_for_quiet(server.pid, 300)
        idle_rss = tree_rss(server.pid)
        began = time.perf_counter()
        results = asyncio.run(
            classroom(url, files, args.clients, args.browsers, args.timeout, args.stay, args.every)
        )
        wall = time.perf_counter() - began
    finally:
        done.set()
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:  # kernels still shutting down: stop them hard
            server.kill()
            server.wait(timeout=30)
    times = sorted(r["drawn"] for r in results if r["drawn"] is not None)
    trips = sorted(t for r in results for t in r.get("round_trips", []))
    errors = [e for r in results for e in r["errors"]]
    mode = (
        f"{args.pool} kernels preheated for the lesson before the class, refilled "
        f"{args.refill} s after use (make classroom)"
        if args.pool
        else "kernels started on request"
    )
    report = (
        f"{args.clients} students ({args.clients - args.browsers} websocket clients, "
        f"{args.browsers} Chromium) opening {args.lesson} at once on one Voila server, "
        f"{os.cpu_count()} cores; {mode}\n"
        + (
            f"preheating took {preheat_s:.0f} s after start; server + kernels then held "
            f"{idle_rss / 2**30:.2f} GiB\n"
            if args.pool
            else ""
        )
        + f"each client fetched the page and {len(files)} files a browser fetches\n"
        f"drawn: {len(times)}/{args.clients}; errors: {len(errors)}; wall time {wall:.0f} s\n"
        + (
            f"time to drawn: p50 {statistics.median(times):.1f} s, p95 {percentile(times, 95):.1f} s, "
            f"max {times[-1]:.1f} s\n"
            if times
            else ""
        )
        + (
            f"slider moved -> kernel done ({len(trips)} moves, every {args.every:.0f} s for "
            f"{args.stay:.0f} s after drawn): p50 {statistics.median(trips) * 1000:.0f} ms, "
            f"p95 {percentile(trips, 95) * 1000:.0f} ms, max {trips[-1] * 1000:.0f} ms\n"
            if trips
            else ""
        )
        + f"peak memory, Voila server + kernels: {peak[0] / 2**30:.2f} GiB\n"
        + "".join(f"  error: {e}\n" for e in errors[:10])
    )
    print(report)
    (out / f"load_test{'' if args.pool else '-on-request'}.txt").write_text(report)
    sys.exit(1 if errors or len(times) < args.clients else 0)


if __name__ == "__main__":
    main()
