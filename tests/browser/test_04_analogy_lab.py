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


def test_04_other_coalition_and_the_fall_are_in_the_chart(lesson_page):
    page = lesson_page("04_analogy_lab")
    labels = aria_labels(page, 1)  # §3 opens with NATO beside the Entente and the trilateral
    assert any(label.startswith("NATO, 2.0 years in: level 7") for label in labels)
    assert any("falls to level 0: Russia leaves the war (Brest-Litovsk" in label for label in labels)
    page.locator(".course-explorer select").nth(5).select_option(value="seato")
    after = wait_for_change(lambda: aria_labels(page, 1), labels)
    assert any(label.startswith("SEATO (dissolved 1977), 0.8 years in: level 6") for label in after)
    assert page.log.foreign() == [] and page.log.errors == []


def test_04_rating_changes_the_verdict_chart(lesson_page):
    page = lesson_page("04_analogy_lab")
    before = aria_labels(page, 2)  # charts: §1 clock, §3 clock, the ratings
    assert "formal obligation: not rated" in before
    page.locator(".course-explorer .widget-toggle-button", has_text="Mostly holds").first.click()
    after = wait_for_change(lambda: aria_labels(page, 2), before)
    assert "formal obligation: Mostly holds (1)" in after
    page.locator(".course-explorer textarea").first.fill("<b>bold?</b>")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.course-explorer td')]"
        ".some(td => td.textContent === '<b>bold?</b>')",
        timeout=10_000,
    )
    page.screenshot(path="test-artifacts/04_analogy_lab_rated.png")
    assert page.log.foreign() == [] and page.log.errors == []
