"""Every lesson, served by Voila and opened in Chromium, in one page load each: drawn,
offline, error-free, accessible (axe-core), charts described, controls reachable."""

from __future__ import annotations

import pytest

from course.material import data
from tests.browser.lessons import CHART, aria_labels, min_charts, wait_for_change, wait_until
from tests.conftest import NOTEBOOKS

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("stem", [nb.stem for nb in NOTEBOOKS])
def test_lesson_in_voila(lesson_page, stem):
    from axe_playwright_python.sync_playwright import Axe

    page = lesson_page(stem)
    # drawn, and nothing went wrong
    assert page.locator(CHART).count() >= min_charts(stem), "no chart drawn"
    assert page.locator("text=Traceback").count() == 0
    assert page.locator("[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
    assert page.log.foreign() == [], "requests left the machine"
    assert page.log.errors == [], "JavaScript errors"
    # every chart has a text description (Vega-Embed puts it on its container)
    descriptions = page.eval_on_selector_all(
        ".vega-embed", "els => els.map(e => e.getAttribute('aria-label') || '')"
    )
    assert all(len(d) > 20 for d in descriptions), descriptions
    # every control can be reached with the keyboard
    unreachable = page.eval_on_selector_all(
        ".course-explorer [role=slider], .course-explorer input, .course-explorer button,"
        " .course-explorer select, .course-explorer textarea",
        "els => els.filter(e => e.tabIndex < 0 || e.disabled).map(e => e.outerHTML.slice(0, 80))",
    )
    assert unreachable == []
    # no serious or critical axe-core violation
    violations = Axe().run(page).response["violations"]
    serious = [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes'][:3]]}"
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []


def _slide_to(page, year: int) -> None:
    handle = page.locator(".course-explorer [role=slider]").first
    handle.focus()
    current = int(handle.get_attribute("aria-valuenow").split(".")[0])
    key = "ArrowRight" if year > current else "ArrowLeft"
    for _ in range(abs(year - current)):
        page.keyboard.press(key)


def _members(labels: list[str]) -> set[str]:
    return {label.split(":")[0] for label in labels if ": Member since" in label}


def test_01_slider_and_filter_change_what_is_shown(lesson_page):
    page = lesson_page("01_blocs")
    # the slider passes through every year on the way, so wait for the year asked for
    _slide_to(page, 2016)
    in_2016 = wait_until(
        lambda: aria_labels(page, 0), lambda labels: any(a.startswith("India: Observer") for a in labels)
    )
    assert "India" not in _members(in_2016) and "China" in _members(in_2016)
    assert any(label.startswith("India: Observer") for label in in_2016)
    _slide_to(page, 2024)
    joined_by_2024 = {"India", "Pakistan", "Iran", "Belarus"}  # Belarus, the last, in 2024
    in_2024 = wait_until(lambda: aria_labels(page, 0), lambda labels: joined_by_2024 <= _members(labels))
    assert joined_by_2024 <= _members(in_2024)
    # the North Korea timeline: showing China only drops the Russian events
    timeline = aria_labels(page, 1)
    page.locator(".course-explorer .widget-toggle-button", has_text="China").click()
    china = wait_for_change(lambda: aria_labels(page, 1), timeline)
    events = [a for a in timeline if a[:4].isdigit()]
    assert 0 < len([a for a in china if a[:4].isdigit()]) < len(events)
    # the China-Russia axis: unticking "For a bloc" leaves only the evidence against
    axis = aria_labels(page, 2)
    page.get_by_role("checkbox", name="For a bloc").click()
    against = wait_for_change(lambda: aria_labels(page, 2), axis)
    dated = [a for a in against if a[:4].isdigit()]
    assert 0 < len(dated) < len([a for a in axis if a[:4].isdigit()])
    # exactly the data's "against" events are left, year for year (read from the data, which grows)
    rows = data.load("china_russia_alignment")
    against_years = sorted(str(d)[:4] for d in rows.loc[rows["direction"] == "against", "date"])
    assert sorted(a[:4] for a in dated) == against_years
    page.screenshot(path="test-artifacts/01_blocs.png")
    assert page.log.foreign() == [] and page.log.errors == []
