"""Every lesson in Voila: no serious or critical axe-core violation, keyboard-reachable
controls, and a text description on every chart."""

from __future__ import annotations

import pytest

from tests.browser.lessons import open_lesson
from tests.conftest import NOTEBOOKS

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("stem", [nb.stem for nb in NOTEBOOKS])
def test_no_serious_axe_violations(page, voila_url, stem):
    from axe_playwright_python.sync_playwright import Axe

    open_lesson(page, voila_url, stem)
    violations = Axe().run(page).response["violations"]
    serious = [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes'][:3]]}"
               for v in violations if v["impact"] in ("serious", "critical")]
    assert serious == []


@pytest.mark.parametrize("stem", [nb.stem for nb in NOTEBOOKS])
def test_charts_are_described_and_controls_reachable(page, voila_url, stem):
    open_lesson(page, voila_url, stem)
    # Vega-Embed puts the chart's description on its container, role graphics-document.
    descriptions = page.eval_on_selector_all(
        ".vega-embed", "els => els.map(e => e.getAttribute('aria-label') || '')")
    assert all(len(d) > 20 for d in descriptions), descriptions
    unreachable = page.eval_on_selector_all(
        ".course-explorer [role=slider], .course-explorer input, .course-explorer button,"
        " .course-explorer select, .course-explorer textarea",
        "els => els.filter(e => e.tabIndex < 0 || e.disabled).map(e => e.outerHTML.slice(0, 80))")
    assert unreachable == []
