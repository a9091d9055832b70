"""Lesson 07 in Voila: choosing a level redraws the package chart (browser-side, via params)."""

from __future__ import annotations

import pytest

from tests.browser.lessons import aria_labels, wait_for_change

pytestmark = pytest.mark.browser


def test_07_level_changes_the_package_chart(lesson_page):
    page = lesson_page("07_policy_lab")
    before = aria_labels(page, 0)
    assert "Deterrence value (+): 3 of 12 points" in before
    assert "Acceptable in Seoul (+): 12 of 12 points" in before
    page.locator(".course-explorer .widget-toggle-button", has_text="Rotational combined command").click()
    after = wait_for_change(lambda: aria_labels(page, 0), before)
    assert "Deterrence value (+): 5 of 12 points" in after
    assert "Acceptable in Seoul (+): 10 of 12 points" in after
    page.wait_for_function(
        "() => [...document.querySelectorAll('.course-explorer [role=status]')]"
        ".some(p => p.textContent.startsWith('Overall: +5.2.'))",
        timeout=10_000,
    )
    page.screenshot(path="test-artifacts/07_policy_lab_command.png", full_page=True)
    assert page.log.foreign() == [] and page.log.errors == []
