"""Lesson 05 in Voila: ticking a country and switching the measure change what the charts say."""

from __future__ import annotations

import pytest

from tests.browser.lessons import aria_labels, wait_for_change

pytestmark = pytest.mark.browser


def _countries(labels: list[str]) -> set[str]:
    return {label.split(",")[0] for label in labels if ", 20" in label and ": " in label}


def test_05_ticking_india_adds_its_line_and_joins_the_bloc(lesson_page):
    page = lesson_page("05_capabilities")
    before = aria_labels(page, 0)
    assert "China" in _countries(before) and "India" not in _countries(before)
    assert any(label.startswith("China, 2024: 317.6 bn") for label in before)
    bloc_before = aria_labels(page, 1)
    assert any(label.startswith("China + Russia, 2024") for label in bloc_before)
    page.locator(".course-country-ind input").check()
    after = wait_for_change(lambda: aria_labels(page, 0), before)
    assert "India" in _countries(after)
    bloc_after = wait_for_change(lambda: aria_labels(page, 1), bloc_before)
    assert any(label.startswith("China + Russia + India, 2024") for label in bloc_after)
    assert page.log.foreign() == [] and page.log.errors == []


def test_05_share_of_gdp_redraws_and_explains_the_missing_bloc_sum(lesson_page):
    page = lesson_page("05_capabilities")
    before = aria_labels(page, 0)
    page.locator(".course-explorer .widget-toggle-button", has_text="Share of GDP").click()
    after = wait_for_change(lambda: aria_labels(page, 0), before)
    assert any(label.startswith("Russia, 2024: 7.05%") for label in after)
    assert page.locator("text=Shares of GDP cannot be added up").count() >= 1
    page.screenshot(path="test-artifacts/05_capabilities_share.png")
    assert page.log.foreign() == [] and page.log.errors == []
