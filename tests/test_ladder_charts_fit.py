"""Lessons 03 and 04's charts (the Entente ladder, the one clock, the ratings) fit a phone's
322 px box and a wide screen, through the real renderer (vl-convert, the Vega the browser
runs), with the page's own sizing: `width: "container"` and Vega shrinking the plot until
everything fits. Nothing of theirs is placed by a pixel width; crisis labels are numbers
placed by the data and named in a key below. A broken copy (end labels written beyond the
last year, as before) is caught."""

from __future__ import annotations

import json
import re

import pytest
import vl_convert as vlc
from hypothesis import given, settings
from hypothesis import strategies as st

from course.charts import ladder as ladder_charts
from course.charts import styled
from course.charts.ratings import ratings_chart
from course.material import data
from course.model import analogy, ladder
from course.widgets import analogy as analogy_widgets
from course.widgets import entente

PHONE, WIDE = 322, 1000
# The plot must keep this share of the box: labels beside it may not crowd it out.
PLOT_SHARE = 0.6


def drawn(spec: dict, width: int) -> str:
    """`spec` drawn as a page draws a `width: "container"` chart in a `width` px box."""
    assert spec.get("width") == "container", "the chart does not fit its box"
    spec = json.loads(json.dumps(spec).replace('"width": "container"', f'"width": {width}'))
    spec["autosize"] = {"type": "fit-x", "contains": "padding"}
    return vlc.vegalite_to_svg(spec)


def plot_width(svg: str) -> float:
    """Length of the x axis line: how much of the box the plot itself has."""
    return max(float(w) for w in re.findall(r'role-axis-domain"[^>]*><line[^>]*x2="([\d.]+)"', svg))


def fits(spec: dict) -> None:
    for width in (PHONE, WIDE):
        svg = drawn(spec, width)
        assert int(re.search(r'<svg[^>]*width="(\d+)"', svg).group(1)) <= width
        assert plot_width(svg) >= PLOT_SHARE * width, f"plot {plot_width(svg)} px of {width}"


@pytest.fixture(scope="module")
def entente_spec() -> dict:
    events = data.load("entente_events")
    # styled: the page's Chart widget gives every chart the course's look before drawing it
    return styled(
        entente.entente_chart(ladder.steps(events, entente.SERIES), ladder.crises(events), 1912)
    ).to_dict()


def test_entente_ladder_fits_a_phone_and_a_wide_screen(entente_spec):
    fits(entente_spec)


def test_entente_crises_are_numbered_and_named_in_a_key(entente_spec):
    svg = drawn(entente_spec, PHONE)
    crises = ladder.crises(data.load("entente_events"))
    for i, label in enumerate(crises.sort_values("t")["label"], start=1):
        assert f">{i} {label}" in svg.replace("&amp;", "&"), label


def test_step_and_crisis_tooltips_name_the_source_not_a_key(entente_spec):
    text = json.dumps(entente_spec)
    assert '"title": "Source"' in text
    tips = [t for t in re.findall(r'\{"field": "(\w+)", "title": "Source"', text)]
    assert tips and set(tips) == {"source"}
    cited = re.findall(r'"source": "([^"]*)"', text)
    assert cited and not [c for c in cited if "_" in c]  # citations, not keys like clark_2012_…


@pytest.mark.parametrize("measure", list(analogy.MEASURES))
@pytest.mark.parametrize("case", [analogy.NO_CASE, *analogy.CASES])
def test_one_clock_fits_at_every_setting(measure, case):
    explorer = analogy_widgets.ComparisonExplorer(measure=measure, case=case)
    fits(styled(explorer._chart()).to_dict())  # its params start at the explorer's settings


def test_clock_tooltips_give_short_citations():
    points = analogy_widgets.ComparisonExplorer()._points()
    assert not points["source"].str.contains("_").any()
    assert "data tables" not in " ".join(points["source"])


@settings(max_examples=10, deadline=None)
@given(st.lists(st.booleans(), min_size=9, max_size=9), st.lists(st.integers(-2, 2), min_size=9, max_size=9))
def test_ratings_chart_fits(rated, values):
    names = list(data.load("analogy_dimensions")["dimension"])
    scores = [v if r else None for r, v in zip(rated, values, strict=True)]
    fits(styled(ratings_chart(names, scores)).to_dict())


@given(st.lists(st.floats(1880, 1920), max_size=30), st.floats(0.5, 4))
def test_crisis_rows_keep_markers_apart(xs, gap):
    xs = sorted(xs)
    rows = ladder_charts.stagger(xs, gap)
    for row in set(rows):
        mine = [x for x, r in zip(xs, rows, strict=True) if r == row]
        assert all(b - a >= gap for a, b in zip(mine, mine[1:], strict=False))
    # a new row only when every earlier row is too close
    for i, (x, row) in enumerate(zip(xs, rows, strict=True)):
        for lower in range(row):
            last = max(y for y, r in zip(xs[:i], rows[:i], strict=True) if r == lower)
            assert x - last < gap


def test_broken_copy_end_labels_beyond_the_last_year_are_caught(entente_spec, monkeypatch):
    """End labels written after the line's end (left-aligned, as before) push the plot
    into a sliver of a phone's box."""
    text = json.dumps(entente_spec).replace(
        '"align": "right", "baseline": "bottom", "dx": -9', '"align": "left", "baseline": "bottom", "dx": 6'
    )
    assert text != json.dumps(entente_spec)
    with pytest.raises(AssertionError, match="plot"):
        fits(json.loads(text))
