"""Lesson 04 in Voila: the start-year control and a rating both change what the charts say."""

from __future__ import annotations

import pytest

from course.material import data
from course.model import analogy
from course.widgets import analogy as analogy_widgets
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


def chart_saying(page, text: str) -> int:
    """The index of the first chart one of whose labels contains `text` (charts are found by
    what they say, not by their place on the page)."""
    count = page.locator(".vega-embed").count()
    return next(i for i in range(count) if any(text in label for label in aria_labels(page, i)))


def test_04_other_coalition_and_the_fall_are_in_the_chart(lesson_page):
    page = lesson_page("04_analogy_lab")
    clock = chart_saying(page, "NATO step line")  # §3 opens with NATO beside the other two
    labels = aria_labels(page, clock)
    figures = analogy.lesson_figures(analogy_widgets.comparison_explorer().frame, data.load("analogy_cases"))
    nato = f"NATO, {figures['nato_joint_command']:.1f} years in: level 7"
    assert any(label.startswith(nato) for label in labels)
    assert any("falls to level 0: Russia leaves the war (Brest-Litovsk" in label for label in labels)
    seato = "SEATO, from the Manila Pact (September 1954) to its dissolution"
    cases = page.locator(".course-explorer select").filter(has=page.locator("option", has_text=seato))
    cases.nth(1).select_option(label=seato)  # the second clock's "Also show"
    after = wait_for_change(lambda: aria_labels(page, clock), labels)
    seato_body = f"SEATO (dissolved 1977), {figures['seato_combined_body']:.1f} years in: level 6"
    assert any(label.startswith(seato_body) for label in after)
    assert page.log.foreign() == [] and page.log.errors == []


def test_04_rating_changes_the_verdict_chart(lesson_page):
    page = lesson_page("04_analogy_lab")
    ratings = chart_saying(page, "formal obligation: not rated")
    before = aria_labels(page, ratings)
    page.locator(".course-explorer .widget-toggle-button", has_text="Mostly holds").first.click()
    after = wait_for_change(lambda: aria_labels(page, ratings), before)
    assert "formal obligation: Mostly holds (1)" in after
    # the lab's own reason box (the page's "Try this" answer boxes are text boxes too)
    page.get_by_placeholder("which evidence weighs most").first.fill("<b>bold?</b>")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.course-explorer td')]"
        ".some(td => td.textContent === '<b>bold?</b>')",
        timeout=10_000,
    )
    page.screenshot(path="test-artifacts/04_analogy_lab_rated.png")
    assert page.log.foreign() == [] and page.log.errors == []
