"""Lesson 03 in Voila: the year slider moves the chart's rule; crises and steps are labelled."""

from __future__ import annotations

import time

import pytest

from tests.browser.lessons import aria_labels, wait_for_change

pytestmark = pytest.mark.browser


def _slide_by(page, steps: int) -> None:
    handle = page.locator(".course-explorer [role=slider]").first
    handle.focus()
    for _ in range(abs(steps)):
        page.keyboard.press("ArrowRight" if steps > 0 else "ArrowLeft")


def test_03_year_slider_moves_the_rule(lesson_page):
    page = lesson_page("03_triple_entente")
    before = aria_labels(page, 0)
    assert "Marker: End of 1912" in before
    assert any(label.startswith("Crisis 1911-07-01") for label in before)
    assert any("UK–France up to level 3 (staff talks)" in label for label in before)
    _slide_by(page, 6)
    wait_for_change(lambda: aria_labels(page, 0), before)
    # Key presses arrive one year at a time: wait for the last one, not the first change.
    deadline = time.monotonic() + 15
    while "Marker: End of 1918" not in (after := aria_labels(page, 0)) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert "Marker: End of 1918" in after and "Marker: End of 1912" not in after
    page.wait_for_function(
        "() => document.querySelector('.course-explorer table caption').textContent.includes('end of 1918')",
        timeout=10_000,
    )
    table = page.locator(".course-explorer table").first.inner_text()
    assert "end of 1918" in table and "joint command" in table
    page.screenshot(path="test-artifacts/03_triple_entente_1918.png")
    assert page.log.foreign() == [] and page.log.errors == []
