"""Lesson 02 in Voila: filters and choices change what the charts say."""

from __future__ import annotations

import time

import pandas as pd
import pytest

from course.core.paths import data_dir
from tests import facts
from tests.browser.lessons import aria_labels, wait_for_change

pytestmark = pytest.mark.browser
STEM = "02_camp_david"


def _explorer(page, index: int):
    """The explorer around the page's `index`-th chart ("Try this" answer boxes between the
    charts are explorers too, without a chart)."""
    return page.locator(".course-explorer").filter(has=page.locator(".vega-embed")).nth(index)


def _timeline_title(date: str) -> str:
    """The title of the road-to-Camp-David event on `date`, as the data give it."""
    rows = pd.read_csv(data_dir() / "camp_david_timeline.csv")
    return rows.loc[rows["date"] == date, "title"].iloc[0]


def test_02_status_boxes_mark_bars_not_listed(lesson_page):
    page = lesson_page(STEM)
    before = aria_labels(page, 1)
    _explorer(page, 1).get_by_role("checkbox", name="Unclear", exact=True).uncheck()
    after = wait_for_change(lambda: aria_labels(page, 1), before)
    assert facts.bar_label("unclear") + " (not listed)" in after


def test_02_timeline_domain_filter_drops_a_lane(lesson_page):
    page = lesson_page(STEM)
    before = [a for a in aria_labels(page, 0) if a[:4].isdigit()]
    _explorer(page, 0).get_by_role("checkbox", name="Diplomatic", exact=True).uncheck()
    after = wait_for_change(lambda: [a for a in aria_labels(page, 0) if a[:4].isdigit()], before)
    assert 0 < len(after) < len(before)
    assert not any("Camp David trilateral summit" in a for a in after)


def test_02_milestone_choice_moves_the_thick_rule(lesson_page):
    page = lesson_page(STEM)

    def chosen():
        return [a for a in aria_labels(page, 2) if a.startswith("Selected milestone")]

    before = chosen()
    assert any("Camp David" in a for a in before)
    lima = "2024-11-15"
    title = _timeline_title(lima)
    _explorer(page, 2).locator("select").select_option(label=f"{lima} · {title}")
    after = wait_for_change(chosen, before)
    assert f"Selected milestone, {lima}: {title}" in after
    page.screenshot(path="test-artifacts/02_camp_david_lima.png")
    assert page.log.foreign() == [] and page.log.errors == []


# Runs last on the shared page: the status boxes above only change what is listed, not the counts.
def test_02_domain_filter_changes_the_commitment_counts(lesson_page):
    page = lesson_page(STEM)
    before = aria_labels(page, 1)
    assert facts.bar_label("delivered") in before
    military = ("military",)
    _explorer(page, 1).get_by_role("checkbox", name="Diplomatic", exact=True).uncheck()
    _explorer(page, 1).get_by_role("checkbox", name="Economic & technology", exact=True).uncheck()
    # the chart (Vega params) and the share line (a widget the kernel rewrites) update apart
    deadline = time.monotonic() + 10
    while (
        facts.bar_label("delivered", military) not in (after := aria_labels(page, 1))
        or facts.share_line(military) not in (text := _explorer(page, 1).inner_text())
    ) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert after != before
    assert facts.bar_label("delivered", military) in after and facts.bar_label("partial", military) in after
    assert facts.share_line(military) in text
    assert page.log.foreign() == [] and page.log.errors == []
