"""Serve the lessons with Voila on loopback and drive them in Debian's Chromium.

The `browser` fixture itself is in tests/conftest.py: one Chromium for every layer
(Playwright's sync API cannot run two in one process)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from urllib.parse import urlparse

import pytest

from tests.browser.chromium import CHROMIUM, CHROMIUM_ARGS, new_context  # noqa: F401 - the layers import the first two here
from tests.conftest import REPO
from tests.servers import wait_for_http

ARTIFACTS = REPO / "test-artifacts"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def voila_env() -> dict:
    """The environment a server is started with: this one, as it is. The course's Voila
    templates are installed into the environment (no JUPYTER_PATH)."""
    return dict(os.environ)


# `course serve` as `make start` runs it, but each page's kernel starts on request: a
# preheated pool would run every lesson's notebook once more than the pages opened here
# (at start, and again for each refill), CPU this 2-core machine needs for the tests. The
# preheated and classroom pools have layers of their own (tests/packaging/test_wheel.py,
# test_work_kept.py, test_charts_under_load.py).
SERVE = ("serve", "--no-preheat")


def start_voila(
    *extra: str,
    course: tuple[str, ...] = SERVE,
    env: dict | None = None,
    port: int | None = None,
    log: str = "voila",
    timeout_s: float = 60,
) -> tuple[subprocess.Popen, str]:
    """Start the course's Voila (`course <course...> notebooks/`, on `port` or a free one,
    with `env` or this environment; `extra` goes to Voila); return the process and its
    base URL once it answers."""
    port = port or _free_port()
    # The folder follows the command's own positionals (`classroom 01_blocs notebooks
    # --students 1`, as the Makefile has it): argparse leaves a positional that comes
    # after the options unrecognised.
    cut = next((i for i, a in enumerate(course) if a.startswith("-")), len(course))
    ARTIFACTS.mkdir(exist_ok=True)
    with open(ARTIFACTS / f"{log}-{port}.log", "w") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "course.cli",
                *course[:cut],
                str(REPO / "notebooks"),
                *course[cut:],
                f"--port={port}",
                "--no-browser",
                "--",
                "--Voila.ip=127.0.0.1",
                *extra,
            ],
            env=env if env is not None else voila_env(),
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=REPO,
        )
    base = f"http://127.0.0.1:{port}/"
    wait_for_http(proc, base, out.name, timeout_s)
    return proc, base


@pytest.fixture(scope="session")
def voila_url():
    ARTIFACTS.mkdir(exist_ok=True)
    proc, base = start_voila()
    yield base
    proc.terminate()
    proc.wait(timeout=20)


class PageLog:
    """What a page asked for and complained about."""

    def __init__(self, page, base: str):
        self.base_host = urlparse(base).netloc
        self.requests: list[str] = []
        self.errors: list[str] = []
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("websocket", lambda ws: self.requests.append(ws.url))
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))

    def foreign(self) -> list[str]:
        """Requests to any host but the server (data: and blob: URLs stay in the page)."""
        return [
            u
            for u in self.requests
            if urlparse(u).scheme not in ("data", "blob", "about") and urlparse(u).netloc != self.base_host
        ]


@pytest.fixture
def page(browser, voila_url, request):
    context = new_context(browser, viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.log = PageLog(pg, voila_url)
    yield pg
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        pg.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.fixture(scope="session")
def _opened_lessons(browser, voila_url):
    """One page per lesson for the whole run: each lesson's kernel runs once, and every
    check on that lesson (drawn, offline, axe, interactions) uses the same page."""
    from tests.browser.lessons import open_lesson

    pages: dict[str, object] = {}

    def get(stem: str):
        if stem not in pages:
            context = new_context(browser, viewport={"width": 1280, "height": 900})
            pg = context.new_page()
            pg.log = PageLog(pg, voila_url)
            open_lesson(pg, voila_url, stem)
            pages[stem] = pg
        return pages[stem]

    yield get
    for pg in pages.values():
        pg.context.close()


@pytest.fixture
def lesson_page(_opened_lessons, request):
    """lesson_page(stem) -> the lesson's shared page, screenshotted if the test fails."""
    used = []

    def get(stem: str):
        pg = _opened_lessons(stem)
        used.append((stem, pg))
        return pg

    yield get
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        for stem, pg in used:
            pg.screenshot(path=str(ARTIFACTS / f"{request.node.name}-{stem}.png"), full_page=True)
