"""How to check that a lesson's page is fully drawn, and lesson-specific interactions."""

from __future__ import annotations

import re
import time

from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.browser.conftest import ARTIFACTS

CHART = ".vega-embed svg"
# Pages that are not built around a chart; every other lesson must draw at least one.
NO_CHARTS = {"00_start_here", "08_review"}


def min_charts(stem: str) -> int:
    return 0 if stem in NO_CHARTS else 1


CHART_STATE = """() => ({
    widgets: document.querySelectorAll(".jupyter-widgets").length,
    outputs: document.querySelectorAll(".jp-OutputArea-output").length,
    charts: document.querySelectorAll('.course-chart').length,
    embeds: document.querySelectorAll('.vega-embed').length,
    drawn: [...document.querySelectorAll('.vega-embed')].filter(e => e.querySelector('svg [aria-label]')).length,
    notices: [...document.querySelectorAll('.course-chart-notice, .course-notice')].map(n => n.textContent.slice(0, 80)),
    errors: [...document.querySelectorAll('.jp-OutputArea-output[data-mime-type*=stderr], .jp-RenderedText')]
        .map(n => n.textContent.slice(0, 120)).slice(0, 3),
})"""


def open_lesson(page, base: str, stem: str, query: str = "", timeout_ms: int = 120_000) -> None:
    """Open a lesson in Voila and wait until the kernel has run and every chart is drawn."""
    page.goto(f"{base}voila/render/{stem}.ipynb{query}", timeout=timeout_ms)
    page.wait_for_selector("#rendered_cells", state="visible", timeout=timeout_ms)
    # Widgets render after the page shows; "drawn" means as many charts as the lesson has
    # (at least `min_charts`), every one with its SVG, and nothing new for a second. A chart
    # whose module could not load in time (a machine loaded by other tests) says so and offers
    # "draw again": pressed once, as a student would; window.__redraws counts the presses.
    try:
        page.wait_for_function(
            """min => {
                for (const b of document.querySelectorAll('.course-chart-failed .course-chart-notice button')) {
                    window.__redraws = (window.__redraws || 0) + 1; b.click();
                }
                const embeds = [...document.querySelectorAll('.vega-embed')];
                const ready = embeds.length >= min && embeds.every(e => e.querySelector('svg [aria-label]'));
                const now = Date.now();
                if (!ready || window.__charts !== embeds.length) {
                    window.__charts = embeds.length; window.__since = now; return false;
                }
                return now - window.__since > 1000;
            }""",
            arg=min_charts(stem),
            timeout=timeout_ms,
            polling=200,
        )
    except PlaywrightTimeoutError:
        log = getattr(page, "log", None)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"not-drawn-{stem}.png"), full_page=True)
        raise AssertionError(
            f"{stem} not drawn within {timeout_ms / 1000:.0f} s: {page.evaluate(CHART_STATE)}; "
            f"console errors: {log.errors[-5:] if log else 'not recorded'}"
        ) from None


def kernel_id(html: str) -> str:
    """The id of the kernel a Voila page runs on (in the page's Jupyter configuration)."""
    return re.search(r'"kernelId":\s*"([0-9a-f-]+)"', html).group(1)


def aria_labels(page, chart_index: int = 0) -> list[str]:
    """The screen-reader labels of a chart's marks, i.e. what the chart says."""
    return (
        page.locator(".vega-embed")
        .nth(chart_index)
        .evaluate("e => [...e.querySelectorAll('svg [aria-label]')].map(n => n.getAttribute('aria-label'))")
    )


def wait_for_change(read, before, timeout_s: float = 60.0):
    """Poll `read()` until it differs from `before`; return the new value."""
    return wait_until(read, lambda now: now != before, timeout_s)


def wait_until(read, ok, timeout_s: float = 60.0):
    """Poll `read()` until `ok(value)` holds; return the last value read. For controls
    that pass through intermediate states (a slider moved key by key redraws each year)."""
    deadline = time.monotonic() + timeout_s
    value = read()
    while not ok(value) and time.monotonic() < deadline:
        time.sleep(0.1)
        value = read()
    return value
