"""Each explorer filters twice: a Vega expression in its chart, a pandas mask for its table.

These tests set the controls as a student would and check that the chart draws exactly
the rows the table lists. The chart side is evaluated by Vega itself (vl-convert renders
the chart's scenegraph with the widget's current param values, as the browser would), and
read back from each drawn mark's screen-reader description; so a Vega expression changed
without its pandas twin (or the reverse) fails here.
"""

from __future__ import annotations

import copy
import functools
import re
from collections import Counter

import altair as alt
import vl_convert as vlc
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course.model import capabilities as cap
from course.widgets import blocs, camp_david, capabilities
from tests.conftest import walk_spec

SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def drawn(jchart: alt.JupyterChart, marktype: str) -> list[str]:
    """The descriptions of the `marktype` marks the chart draws with its current params.

    The widget's param values (what the browser would receive) are written into the
    spec's params, then Vega evaluates every transform and filter.
    """
    values = jchart.params.trait_values()
    spec = copy.deepcopy(jchart.chart.to_dict())
    for node in walk_spec(spec):
        if isinstance(node, dict):
            for param in node.get("params", []) if isinstance(node.get("params"), list) else []:
                if isinstance(param, dict) and param.get("name") in values and "select" not in param:
                    param["value"] = values[param["name"]]
    scene = vlc.vegalite_to_scenegraph(spec)
    return [
        item["description"]
        for group in walk_spec(scene)
        if isinstance(group, dict) and group.get("marktype") == marktype and group.get("role") == "mark"
        for item in group["items"]
        if "description" in item
    ]


def _set_boxes(boxes: dict, ticked: set) -> None:
    for key, box in boxes.items():
        box.value = key in ticked


def _year_range(first: int, last: int):
    return st.tuples(st.integers(first, last), st.integers(first, last)).map(sorted).map(tuple)


# --- Lesson 01 ------------------------------------------------------------------------------


@functools.cache
def _alignment():
    return blocs.alignment_explorer()


@SETTINGS
@given(data=st.data())
def test_alignment_chart_draws_the_listed_events(data):
    explorer = _alignment()
    explorer.partner.value = data.draw(st.sampled_from(list(blocs.PARTNERS)), label="partner")
    _set_boxes(explorer.kinds, data.draw(st.sets(st.sampled_from(list(explorer.kinds))), label="kinds"))
    listed = Counter(f"{r.date}: {r.title}" for r in explorer.selected().itertuples())
    assert Counter(drawn(explorer.chart, "symbol")) == listed


@functools.cache
def _sco():
    return blocs.sco_explorer()


def test_sco_map_draws_the_listed_countries_every_year():
    explorer = _sco()
    maps, tables = {}, {}
    for year in range(explorer.slider.min, explorer.slider.max + 1):
        explorer.slider.value = year
        maps[year] = [d.split(":")[0] for d in drawn(explorer.chart, "shape")]
        tables[year] = set(explorer.status[explorer.status["year"] == year]["country"])
    ever_drawn = set().union(*maps.values())
    assert ever_drawn
    for year, on_map in maps.items():
        assert len(on_map) == len(set(on_map)), f"{year}: a country drawn twice"
        # The table also lists states too small to draw (never on the map); nothing else differs.
        assert set(on_map) == tables[year] & ever_drawn, year


# --- Lesson 02 ------------------------------------------------------------------------------


@functools.cache
def _timeline():
    return camp_david.timeline_explorer()


@SETTINGS
@given(data=st.data())
def test_timeline_chart_draws_the_listed_events(data):
    explorer = _timeline()
    _set_boxes(explorer.domains, data.draw(st.sets(st.sampled_from(list(explorer.domains))), label="domains"))
    _set_boxes(explorer.kinds, data.draw(st.sets(st.sampled_from(list(explorer.kinds))), label="kinds"))
    explorer.years.value = data.draw(_year_range(explorer.years.min, explorer.years.max), label="years")
    listed = Counter(f"{r.date}: {r.title}" for r in explorer.selected().itertuples())
    assert Counter(drawn(explorer.chart, "symbol")) == listed


@functools.cache
def _commitments():
    return camp_david.commitments_explorer()


BAR = re.compile(r"^(?P<label>.+): (?P<n>\d+) commitment\(s\)(?P<off> \(not listed\))?$")


@SETTINGS
@given(data=st.data())
def test_commitment_bars_count_the_rows_in_scope_and_fade_the_unlisted(data):
    explorer = _commitments()
    explorer.document.value = data.draw(st.sampled_from(list(camp_david.DOCUMENT_CHOICES)), label="document")
    _set_boxes(explorer.domains, data.draw(st.sets(st.sampled_from(list(explorer.domains))), label="domains"))
    _set_boxes(
        explorer.statuses, data.draw(st.sets(st.sampled_from(list(explorer.statuses))), label="statuses")
    )
    bars = [BAR.match(d) for d in drawn(explorer.chart, "rect")]
    assert all(bars)
    scope, listed = explorer.in_scope(), explorer.listed()
    if not any(box.value for box in explorer.domains.values()):
        assert not bars  # nothing chosen: no bar at all (the table says so in a sentence)
        return
    # Otherwise every status has a bar, a bar of 0 included.
    counts = scope["status_label"].value_counts()
    assert {b["label"]: int(b["n"]) for b in bars} == {
        label: int(counts.get(label, 0)) for label in camp_david.STATUS_LABELS
    }
    ticked = {label for label, box in explorer.statuses.items() if box.value}
    assert {b["label"] for b in bars if not b["off"]} == ticked
    assert sum(int(b["n"]) for b in bars if not b["off"]) == len(listed)


def test_leaders_chart_marks_the_chosen_milestone_for_every_choice():
    explorer = camp_david.leaders_explorer()
    for date, title in explorer.milestones[["date", "title"]].itertuples(index=False):
        explorer.milestone.value = date
        chosen = [d for d in drawn(explorer.chart, "rule") if d.startswith("Selected")]
        assert chosen == [f"Selected milestone, {date}: {title}"]


# --- Lesson 05 ------------------------------------------------------------------------------


@functools.cache
def _spending():
    return capabilities.spending_explorer()


POINT = re.compile(r"^(?P<who>.+), (?P<year>\d{4}): ")


@SETTINGS
@given(data=st.data())
def test_spending_charts_draw_the_tabled_figures(data):
    explorer = _spending()
    explorer.measure.value = data.draw(st.sampled_from(list(capabilities.MEASURE_BUTTONS)), label="measure")
    _set_boxes(explorer.boxes, data.draw(st.sets(st.sampled_from(cap.COUNTRIES)), label="countries"))
    explorer.years.value = data.draw(_year_range(explorer.years.min, explorer.years.max), label="years")

    points = [POINT.match(d) for d in drawn(explorer.country_chart, "symbol")]
    assert all(points)
    shown = explorer.shown()
    shown = shown[shown["value"].notna()]  # a missing figure is a gap in the line, not a point
    assert Counter((p["who"], int(p["year"])) for p in points) == Counter(
        zip(shown["country"], shown["year"], strict=False)
    )

    totals, _ = explorer.blocs()
    points = [POINT.match(d) for d in drawn(explorer.bloc_chart, "symbol")]
    assert all(points)
    assert Counter((p["who"], int(p["year"])) for p in points) == Counter(
        zip(totals["label"], totals["year"], strict=False)
    )
