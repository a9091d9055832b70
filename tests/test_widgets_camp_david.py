"""Lesson 02 explorers and chart builders, driven by setting controls as a student would."""

from course.charts import tracker
from course.core import palette
from course.model import camp_david as cd
from course.widgets import camp_david
from tests import facts
from tests.conftest import walk_spec


def _encodings(spec):
    return [d["encoding"] for d in walk_spec(spec) if isinstance(d, dict) and "encoding" in d]


def test_timeline_domain_and_year_filters():
    explorer = camp_david.timeline_explorer()
    everything = len(explorer.selected())
    explorer.domains["Diplomatic"].value = False
    assert "Diplomatic" not in set(explorer.selected()["domain_label"])
    assert explorer.chart.params.domains == ["Military", "Economic & technology"]
    explorer.years.value = (2019, 2019)
    assert set(explorer.selected()["year"]) == {2019}
    assert explorer.chart.params.first_year == 2019 and explorer.chart.params.last_year == 2019
    assert len(explorer.selected()) < everything
    assert explorer.describe().startswith("Trilateral timeline 2019–2019")


def test_timeline_nothing_ticked_gives_a_sentence():
    explorer = camp_david.timeline_explorer()
    for box in explorer.kinds.values():
        box.value = False
    assert explorer.selected().empty
    assert "No event matches" in explorer.listing.value
    assert "0 event(s)." in explorer.describe()


def test_timeline_chart_is_accessible_and_pinned_to_the_palette():
    spec = camp_david.timeline_explorer().chart.spec
    enc = _encodings(spec)[0]
    assert enc["x"]["title"] == "Date" and enc["y"]["title"] == "Domain"
    assert set(enc["color"]["scale"]["range"]) == set(palette.FAMILIES["domain"].values())
    assert enc["shape"]["scale"]["domain"] == list(cd.KINDS.values())
    assert spec["description"] and "description" in enc


def test_commitments_share_follows_domain_and_document():
    explorer = camp_david.commitments_explorer()
    assert explorer.share_line().startswith(facts.share_line())
    for label, box in explorer.domains.items():
        box.value = label == "Military"
    assert explorer.chart.params.domains == ["military"]
    assert explorer.share_line().startswith(facts.share_line(("military",)))
    explorer.document.value = "Commitment to Consult"
    assert explorer.chart.params.documents == ["commitment_to_consult"]
    assert explorer.in_scope().empty
    assert "No commitment is selected" in explorer.share.value


def test_status_boxes_choose_the_listed_rows_not_the_share():
    explorer = camp_david.commitments_explorer()
    for label, box in explorer.statuses.items():
        box.value = label == "Unclear"
    assert set(explorer.listed()["status"]) == {"unclear"}
    assert explorer.chart.params.statuses == ["Unclear"]
    assert explorer.share_line().startswith(facts.share_line())
    total, unclear = len(facts.commitments()), facts.status_count("unclear")
    assert f"{unclear} of {total} commitment(s) listed" in explorer.table.value
    explorer.statuses["Unclear"].value = False
    assert "tick at least one status" in explorer.table.value
    assert explorer.describe().endswith("Listed (no status): none.")


def test_no_domain_ticked_gives_a_sentence_not_an_error():
    explorer = camp_david.commitments_explorer()
    for box in explorer.domains.values():
        box.value = False
    assert "No commitment is selected" in explorer.share.value
    assert "tick at least one domain" in explorer.table.value


def test_count_bars_are_accessible_and_palette_bound():
    spec = camp_david.commitments_explorer().chart.spec
    bars = next(e for e in _encodings(spec) if "color" in e)
    assert bars["x"]["axis"]["title"] == "Commitments (number)" and bars["y"]["title"] == "Status"
    assert bars["color"]["scale"]["range"] == [palette.colour("delivery", s) for s in cd.STATUSES]
    assert "description" in bars and spec["description"]
    assert not [d for d in walk_spec(spec) if isinstance(d, dict) and "url" in d]


def test_leaders_milestone_choice_moves_the_rule_and_the_sentence():
    explorer = camp_david.leaders_explorer()
    assert explorer.chart.params.milestone == "2023-08-18"
    assert "Fumio Kishida" in explorer.describe()
    explorer.milestone.value = "2024-11-15"
    assert explorer.chart.params.milestone == "2024-11-15"
    assert "Shigeru Ishiba" in explorer.sentence.value and "Lima" in explorer.describe()


def test_spans_chart_carries_lane_dash_and_descriptions():
    spec = camp_david.leaders_explorer().chart.spec
    bars = next(e for e in _encodings(spec) if "x2" in e)
    assert bars["x"]["axis"]["title"] == "Date" and bars["y"]["title"] == "Country"
    assert "strokeDash" in bars and "description" in bars
    assert set(bars["color"]["scale"]["range"]) == {
        palette.colour("country", c) for c in ("USA", "JPN", "KOR")
    }


def test_unknown_milestone_falls_back_to_the_first():
    explorer = camp_david.leaders_explorer(milestone="1900-01-01")
    assert explorer.milestone.value == explorer.milestones["date"].iloc[0]


def test_count_bars_builder_without_params():
    grid = cd.status_grid(camp_david.data.load("camp_david_commitments"), palette.LABELS)
    chart = tracker.count_bars(
        grid,
        category="label",
        order=["Delivered"],
        colour=palette.scale("delivery"),
        title="t",
        description="d",
        category_title="c",
        count_title="n",
    )
    assert chart.to_dict()["description"] == "d"
