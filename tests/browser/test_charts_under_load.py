"""Charts come up on a busy server, and keep following their controls.

anywidget gives a widget's module 2 s to load; the chart module used to be the ~900 KB Vega
bundle (in Voila, a module awaiting it from the server), so on a busy server the model was
marked failed ("[anywidget] Failed to initialize model.") and every later kernel message
to the chart was dropped. Reproduced here as it happens in class: both cores kept busy by a
CPU-burning helper (started and stopped by the test) while the server is slow to hand out
the bundle (its answer held back 8 s). A bundle that cannot be had leaves a sentence and a
button in each chart's box, never a blank box."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from tests.browser.chromium import new_context
from tests.browser.conftest import ARTIFACTS, PageLog, start_voila
from tests.browser.lessons import aria_labels, wait_for_change

pytestmark = pytest.mark.browser
STEM = "05_capabilities"
BUNDLE = "**/jupyterchart.js"
BURN = "import time\nend = time.monotonic() + 600\nwhile time.monotonic() < end: pass\n"


@pytest.fixture(scope="module")
def busy_voila():
    """A Voila of its own (lesson 05 preheated, refilled at once), with every core kept busy."""
    burners = [subprocess.Popen([sys.executable, "-c", BURN]) for _ in range(os.cpu_count() or 2)]
    proc = None
    try:
        proc, base = start_voila(
            course=("classroom", STEM, "--students", "1", "--refill", "0"), log="voila-busy", timeout_s=120
        )
        yield base
    finally:
        for burner in burners:
            burner.kill()
            burner.wait(timeout=10)
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=30)


def _open(browser, base: str, on_bundle) -> tuple:
    context = new_context(browser, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.log = PageLog(page, base)
    asked: list[str] = []

    def handler(route):
        asked.append(route.request.url)
        on_bundle(route)

    page.route(BUNDLE, handler)
    page.goto(f"{base}voila/render/{STEM}.ipynb", timeout=240_000)
    page.wait_for_selector("#rendered_cells", state="visible", timeout=240_000)
    return context, page, asked


def _charts(page) -> int:
    """How many of the course's chart widgets the page holds, drawn or not."""
    return page.locator(".course-chart").count()


def _drawn(page) -> int:
    return page.eval_on_selector_all(
        ".vega-embed", "els => els.filter(e => e.querySelector('svg [aria-label]')).length"
    )


def test_charts_drawn_and_following_their_controls_on_a_busy_server(browser, busy_voila):
    def slow_server(route):
        time.sleep(8)  # the server's answer, held back past anywidget's 2 s
        route.continue_()

    context, page, asked = _open(browser, busy_voila, slow_server)
    try:
        # every course chart on the page (each has its element before its bundle arrives) drawn
        page.wait_for_function(
            "() => { const n = document.querySelectorAll('.course-chart').length;"
            " return n > 0 && [...document.querySelectorAll('.vega-embed')]"
            ".filter(e => e.querySelector('svg [aria-label]')).length >= n; }",
            timeout=120_000,
            polling=250,
        )
        charts = _charts(page)
        assert asked, "the chart bundle was not fetched from the server: the test did not slow it"
        assert _drawn(page) == charts
        # the chart still follows its control: kernel messages reach it
        before = aria_labels(page, 0)
        page.locator(".course-explorer input[type=checkbox]").first.click()
        after = wait_for_change(lambda: aria_labels(page, 0), before, timeout_s=30)
        assert [e for e in page.log.errors if "anywidget" in e or e.startswith("uncaught")] == []
        assert after != before, "the chart did not follow its control"
        assert _charts(page) == charts  # the course's chart widget, every one
        assert page.locator(".course-chart-notice").count() == 0
    except Exception:
        page.screenshot(path=str(ARTIFACTS / "charts-busy.png"), full_page=True, timeout=10_000)
        raise
    finally:
        context.close()


def test_a_chart_that_cannot_load_says_so_and_draws_again_in_one_click(browser, busy_voila):
    state = {"fail": True}

    def flaky_server(route):
        if state["fail"]:
            route.abort()
        else:
            route.continue_()

    context, page, _ = _open(browser, busy_voila, flaky_server)
    try:
        page.wait_for_function(
            "() => { const n = document.querySelectorAll('.course-chart').length;"
            " return n > 0 && document.querySelectorAll('.course-chart-failed').length >= n; }",
            timeout=120_000,
            polling=250,
        )
        charts = _charts(page)
        notices = page.locator(".course-chart-notice").all_inner_texts()
        assert len(notices) == charts and all("could not be drawn" in n for n in notices)
        assert _drawn(page) == 0
        state["fail"] = False
        page.locator(".course-chart-notice button", has_text="Draw the chart again").first.click()
        page.wait_for_function(
            "() => document.querySelectorAll('.vega-embed svg [aria-label]').length > 0",
            timeout=60_000,
            polling=250,
        )
        assert _drawn(page) == 1 and page.locator(".course-chart-failed").count() == charts - 1
        assert [e for e in page.log.errors if "anywidget" in e or e.startswith("uncaught")] == []
    except Exception:
        page.screenshot(path=str(ARTIFACTS / "charts-failed.png"), full_page=True, timeout=10_000)
        raise
    finally:
        context.close()
