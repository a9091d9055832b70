"""Every lesson, served by Voila and opened in Chromium: drawn, offline, error-free."""

from __future__ import annotations

import pytest

from tests.browser.lessons import CHART, aria_labels, min_charts, open_lesson, wait_for_change
from tests.conftest import NOTEBOOKS

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("stem", [nb.stem for nb in NOTEBOOKS])
def test_lesson_draws_offline_without_errors(page, voila_url, stem):
    open_lesson(page, voila_url, stem)
    assert page.locator(CHART).count() >= min_charts(stem), "no chart drawn"
    assert page.locator("text=Traceback").count() == 0
    assert page.locator("[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
    assert page.log.foreign() == [], "requests left the machine"
    assert page.log.errors == [], "JavaScript errors"


def _slide_to(page, year: int) -> None:
    handle = page.locator(".course-explorer [role=slider]").first
    handle.focus()
    current = int(handle.get_attribute("aria-valuenow").split(".")[0])
    key = "ArrowRight" if year > current else "ArrowLeft"
    for _ in range(abs(year - current)):
        page.keyboard.press(key)
    page.wait_for_function(
        "y => document.querySelector('.course-explorer .vega-embed svg')"
        ".getAttribute('aria-label') !== null || true", arg=year)


def _members(labels: list[str]) -> set[str]:
    return {label.split(":")[0] for label in labels if ": Member since" in label}


def test_01_slider_changes_the_members_on_the_map(page, voila_url):
    open_lesson(page, voila_url, "01_blocs")
    before = aria_labels(page, 0)
    _slide_to(page, 2016)
    in_2016 = wait_for_change(lambda: aria_labels(page, 0), before)
    assert "India" not in _members(in_2016) and "China" in _members(in_2016)
    assert any(label.startswith("India: Observer") for label in in_2016)
    _slide_to(page, 2024)
    in_2024 = wait_for_change(lambda: aria_labels(page, 0), in_2016)
    assert {"India", "Pakistan", "Iran", "Belarus"} <= _members(in_2024)
    page.screenshot(path="test-artifacts/01_blocs_2024.png")
    assert page.log.foreign() == [] and page.log.errors == []


def test_01_partner_filter_changes_the_timeline(page, voila_url):
    open_lesson(page, voila_url, "01_blocs")
    before = aria_labels(page, 1)
    page.locator(".course-explorer .widget-toggle-button", has_text="China").click()
    after = wait_for_change(lambda: aria_labels(page, 1), before)
    assert 0 < len([a for a in after if a[:4].isdigit()]) < len([b for b in before if b[:4].isdigit()])
