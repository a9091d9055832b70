"""Lesson 01's China-Russia axis: the table's coverage, the model, the chart and the explorer."""

from __future__ import annotations

import itertools

import pandas as pd
import pytest

from course.charts import timeline
from course.core import palette
from course.material import data
from course.model import china_russia as cr
from course.model.timeline import with_dates
from course.widgets import blocs


@pytest.fixture(scope="module")
def events():
    return with_dates(cr.with_labels(data.load("china_russia_alignment")))


def test_joint_air_patrols_are_verified_for_each_year_the_brief_names(events):
    # July 2019 onwards; 2021 is the one year the table says it could not verify.
    assert {2019, 2020, 2022, 2023, 2024, 2025} <= set(cr.patrol_years(events))
    first = events[events["kind"] == "joint_air_patrol"].iloc[0]
    assert first["date"] == "2019-07-23"


def test_the_evidence_against_a_bloc_is_in_the_table(events):
    against = events[events["direction"] == "against"]
    assert {"counter_evidence", "statement", "treaty"} == set(against["kind"])
    assert any(
        d.startswith("2025-05") and "India" in e
        for d, e in zip(against["date"], against["event"], strict=False)
    )
    assert any(
        d.startswith("2025-06") and "Iran" in e
        for d, e in zip(against["date"], against["event"], strict=False)
    )
    assert (events.loc[events["kind"] == "counter_evidence", "direction"] == "against").all()


def test_the_pair_itself_has_evidence_on_both_sides(events):
    """Not only the SCO: the China-Russia pair has its own evidence against a bloc (the 2001
    treaty stops at consultation, the official no-alliance formula, banks' sanctions caution)
    as well as for it (the treaty's extension, patrols, the 'no limits' statement)."""
    treaty = events[events["kind"] == "treaty"].set_index("date")
    assert treaty.loc["2001-07-16", "direction"] == "against"
    assert (
        "consult" in treaty.loc["2001-07-16", "event"]
        and "no promise of military help" in treaty.loc["2001-07-16", "event"]
    )
    assert treaty.loc["2021-06-28", "direction"] == "for"
    against = events[events["direction"] == "against"]
    pair_only = against[~against["event"].str.contains("SCO|India|Iran")]
    assert len(pair_only) >= 3
    assert any("no-alliance" in e for e in pair_only["event"])
    assert any("sanctions" in e for e in pair_only["event"])


def test_no_limits_statement_and_energy_and_arms_rows_exist(events):
    statement = events[events["kind"] == "statement"]
    assert "2022-02-04" in set(statement["date"]) and "no limits" in " ".join(statement["event"])
    assert {"energy", "arms", "naval_exercise", "naval_patrol"} <= set(events["kind"])


def test_unknown_codes_are_named():
    bad = pd.DataFrame({"date": ["2020"], "kind": ["alliance"], "direction": ["for"]})
    with pytest.raises(ValueError, match="alliance"):
        cr.with_labels(bad)


def test_select_keeps_exactly_the_chosen_kinds_and_directions(events):
    """Property over every combination of kinds and directions: nothing outside the
    choice is kept, nothing inside it is lost."""
    kinds = list(cr.KINDS)
    for k in range(len(kinds) + 1):
        for chosen in itertools.combinations(kinds, k):
            for dirs in ([], ["for"], ["against"], ["for", "against"]):
                rows = cr.select(events, chosen, dirs)
                assert set(rows["kind"]) <= set(chosen) and set(rows["direction"]) <= set(dirs)
                expected = sum(((events["kind"] == c) & events["direction"].isin(dirs)).sum() for c in chosen)
                assert len(rows) == expected


def test_balance_sentence_counts_both_sides(events):
    sentence = cr.balance_sentence(events)
    n_for = int((events["direction"] == "for").sum())
    n_against = int((events["direction"] == "against").sum())
    assert f"{len(events)} event(s)" in sentence
    assert f"{n_for} for a bloc, {n_against} against" in sentence
    assert cr.balance_sentence(events.iloc[0:0]) == cr.NOTHING_SELECTED


def test_chart_pairs_colour_with_shape_and_uses_the_palette(events):
    labels = list(cr.DIRECTIONS.values())
    colours = [palette.colour("verdict", "holds"), palette.colour("verdict", "fails")]
    chart = timeline.for_and_against(
        events,
        kind_order=list(cr.KINDS.values()),
        direction_order=labels,
        colours=colours,
        title="T",
        description="D",
    )
    spec = chart.to_dict()
    enc = spec["encoding"]
    assert enc["shape"]["field"] == enc["color"]["field"] == "direction_label"
    assert enc["color"]["scale"]["range"] == colours
    assert spec["title"]["text"] == "T" and spec["description"] == "D"
    assert enc["x"]["title"] == "Date" and enc["y"]["title"] == "Kind of event"
    assert enc["description"]["field"] == "aria"  # each point is announced by screen readers


def test_explorer_filters_by_kind_and_direction():
    explorer = blocs.china_russia_explorer()
    everything = len(explorer.selected())
    explorer.directions["For a bloc"].value = False
    assert set(explorer.selected()["direction"]) == {"against"}
    assert explorer.chart.params.directions == ["Against a bloc"]
    assert "0 for a bloc" in explorer.describe()
    explorer.directions["For a bloc"].value = True
    for label, box in explorer.kinds.items():
        box.value = label == "Joint air patrol"
    assert set(explorer.selected()["kind"]) == {"joint_air_patrol"}
    assert explorer.chart.params.kinds == ["Joint air patrol"]
    assert 0 < len(explorer.selected()) < everything
    assert "Joint air patrol" in explorer.listing.value


def test_explorer_with_nothing_ticked_says_so():
    explorer = blocs.china_russia_explorer()
    for box in explorer.directions.values():
        box.value = False
    assert explorer.selected().empty
    assert "No event matches" in explorer.listing.value
    assert explorer.describe().endswith(cr.NOTHING_SELECTED)
