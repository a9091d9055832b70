"""Lesson 04 in Voila: the start-year control and a rating both change what the charts say."""

from __future__ import annotations

import pytest

from tests.browser.lessons import aria_labels, wait_for_change

pytestmark = pytest.mark.browser


def test_04_trilateral_start_moves_the_comparison(lesson_page):
    page = lesson_page("04_analogy_lab")
    before = aria_labels(page, 0)
    assert any(label.startswith("US–Japan–South Korea, 25.0 years in") for label in before)
    page.locator(".course-explorer select").nth(1).select_option(label="2023 · Camp David summit")
    after = wait_for_change(lambda: aria_labels(page, 0), before)
    assert any(label.startswith("US–Japan–South Korea, 0.3 years in: level 4") for label in after)
    assert page.log.foreign() == [] and page.log.errors == []


def test_04_rating_changes_the_verdict_chart(lesson_page):
    page = lesson_page("04_analogy_lab")
    before = aria_labels(page, 1)
    assert "formal obligation: not rated" in before
    page.locator(".course-explorer .widget-toggle-button", has_text="Mostly holds").first.click()
    after = wait_for_change(lambda: aria_labels(page, 1), before)
    assert "formal obligation: Mostly holds (1)" in after
    page.locator(".course-explorer textarea").first.fill("<b>bold?</b>")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.course-explorer td')]"
        ".some(td => td.textContent === '<b>bold?</b>')",
        timeout=10_000,
    )
    page.screenshot(path="test-artifacts/04_analogy_lab_rated.png")
    assert page.log.foreign() == [] and page.log.errors == []
