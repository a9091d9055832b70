"""Lesson 04 explorers and the rating summary, driven as a student would."""

import html

import pandas as pd
import pytest

from course.material import data
from course.material.citations import bibliography
from course.model import analogy as model
from course.model import ladder
from course.widgets import analogy


def test_start_year_moves_the_comparison():
    explorer = analogy.comparison_explorer()
    table = explorer.time_to_levels().set_index("level")
    assert table.loc[4, "trilateral"] == pytest.approx(25.0, abs=0.1)
    explorer.starts["trilateral"].value = 2023
    assert explorer.chart.params.trilateral_start == 2023
    table = explorer.time_to_levels().set_index("level")
    assert table.loc[4, "trilateral"] == pytest.approx(0.3, abs=0.05)
    assert "from 2023" in explorer.describe() and "US–Japan–South Korea, from 2023" in explorer.table.value


def test_measure_switch():
    explorer = analogy.comparison_explorer()
    explorer.measure.value = "strongest"
    assert explorer.chart.params.measure == "strongest"
    table = explorer.time_to_levels().set_index("level")
    figures = model.lesson_figures(explorer.frame, data.load("analogy_cases"))
    assert table.loc[ladder.TOP, "entente"] == figures["entente_1904_joint_command"]
    assert table.loc[model.rung("standing combined body"), "entente"] == figures["entente_1904_combined_body"]
    assert table.loc[ladder.TOP, "entente_date"] == "1918-04-03"  # Beauvais, not the Supreme War Council
    assert table.loc[5, "trilateral"] == 0
    assert explorer.describe().startswith("Strongest pair.")


def test_ratings_and_reasons_are_kept_and_escaped():
    lab = analogy.analogy_lab()
    assert set(lab.ratings().values()) == {None}
    assert "No dimension rated yet" in lab.describe()
    assert "Nothing rated or written yet" in lab.table.value
    lab.rating["formal obligation"].value = "Mostly holds"
    lab.rating["nuclear weapons"].value = "Analogy fails"
    lab.reason["nuclear weapons"].value = "<script>alert(1)</script> & more"
    assert lab.ratings()["formal obligation"] == 1 and lab.ratings()["nuclear weapons"] == -2
    assert lab.justifications()["nuclear weapons"].startswith("<script>")
    assert "<script>" not in lab.table.value and "&lt;script&gt;" in lab.table.value
    assert lab.chart.params.scores[lab.names.index("nuclear weapons")] == -2
    assert lab.chart.params.scores[lab.names.index("exercises")] is None
    assert "2 of 9 dimensions rated" in lab.describe()


def test_evidence_panels_name_their_sources():
    """Each side's source as a reader's short citation, never its raw key."""
    lab = analogy.analogy_lab()
    first = lab.accordion.children[0].children[0].value
    for key in ("usembassy_kr_2023_commitment_to_consult", "packard_2010_security_treaty_at_50"):
        assert f"[{html.escape(bibliography()[key][0])}]" in first
        assert key not in first


def test_counterarguments_filter():
    view = analogy.counterarguments()
    everything = len(view.selected())
    view.perspective.value = "pyongyang"
    assert len(view.selected()) == 1 < everything
    assert "Asian version of NATO" in view.table.value
    assert view.describe().startswith("Counter-arguments, Pyongyang:")


def test_rating_model():
    assert model.score("Not rated") is None and model.score("Mixed") == 0
    with pytest.raises(ValueError):
        model.score("maybe")
    table = model.summary(["a", "b", "c"], {"a": 2, "b": -1})
    assert list(table["label"]) == ["Analogy holds", "Mostly fails", "Not rated"]
    assert list(table["side"][:2]) == ["holds", "fails"] and table["side"].isna().iloc[2]
    text = model.verdict(table)
    assert text.startswith("2 of 3 dimensions rated; on balance the analogy holds (mean +0.5")
    assert "Holds on: a." in text and "Fails on: b." in text
    assert model.verdict(model.summary(["a"], {})).startswith("No dimension rated yet")


def test_comparison_frame_covers_every_option():
    explorer = analogy.comparison_explorer()
    frame = explorer.frame
    for key, starts in model.STARTS.items():
        for year in starts:
            for measure in model.MEASURES:
                part = frame[(frame["key"] == key) & (frame["start"] == year) & (frame["measure"] == measure)]
                assert part["x"].iloc[0] == 0 and part["x"].is_monotonic_increasing


def test_ratings_and_reasons_survive_a_restart(tmp_path, monkeypatch):
    from course import journal

    monkeypatch.setenv("COURSE_JOURNAL", str(tmp_path / "journal.json"))
    monkeypatch.delenv("SERVER_SOFTWARE", raising=False)
    journal._JOURNALS.clear()
    first = analogy.analogy_lab()
    name = first.names[0]
    first.rating[name].value = first.rating[name].options[1]
    first.reason[name].value = "<b>because</b> of the fleets"
    journal.flush()  # text saves when the student pauses; a test does not wait for that
    journal._JOURNALS.clear()  # a new kernel: nothing in memory, only the file
    second = analogy.analogy_lab()
    assert second.rating[name].value == first.rating[name].options[1]
    assert second.reason[name].value == "<b>because</b> of the fleets"
    assert "&lt;b&gt;because" in second.table.value
    journal._JOURNALS.clear()


def test_other_coalition_joins_the_clock():
    explorer = analogy.comparison_explorer()
    assert explorer.chart.params.other == model.NO_CASE and "NATO" not in explorer.table.value
    explorer.case.value = "nato"
    assert explorer.chart.params.other == "nato"
    assert "NATO, from 1949" in explorer.table.value and "NATO from 1949" in explorer.describe()
    table = explorer.time_to_levels().set_index("level")
    assert table.loc[ladder.TOP, "nato"] == pytest.approx(2.0, abs=0.05)
    assert table.loc[ladder.TOP, "nato_date"] == "1951-04-02"
    explorer.case.value = "seato"
    assert "SEATO (dissolved 1977), from 1954" in explorer.table.value
    assert pd.isna(explorer.time_to_levels().set_index("level").loc[ladder.TOP, "seato"])


def test_levels_reached_in_one_step_say_so():
    explorer = analogy.comparison_explorer()  # all three together, Entente from 1904
    table = explorer.time_to_levels().set_index("level")
    assert table.loc[2, "entente_date"] == table.loc[5, "entente_date"] == "1914-08-04"
    assert table.loc[2, "entente_with"] is None and table.loc[5, "entente_with"] == 2
    assert "same step as level 2" in explorer.table.value


def test_the_fall_to_zero_is_explained_in_the_chart():
    explorer = analogy.comparison_explorer()
    falls = explorer._falls()
    assert set(falls["date"]) == {"1918-03-03"}
    assert set(falls["caption"]) == {"Russia leaves the war (Brest-Litovsk, 3 Mar 1918)"}
    spec = str(explorer._chart().to_dict())
    assert "Brest-Litovsk" in spec and "cross" in spec


def test_each_coalition_has_its_own_colour_and_dash():
    explorer = analogy.comparison_explorer()
    layer = explorer._chart().to_dict()["layer"][0]["encoding"]
    colours, dashes = layer["color"]["scale"]["range"], layer["strokeDash"]["scale"]["range"]
    assert len(set(colours)) == len(colours) == len(analogy.KEYS)
    assert len({tuple(d) for d in dashes}) == len(dashes)


def test_counterarguments_give_the_argument_room_and_no_raw_labels():
    view = analogy.counterarguments()
    assert '<col style="width:50%">' in view.table.value
    assert "<th" in view.table.value and ">Argument<" in view.table.value
    assert "table `" not in view.table.value and "not sourced" not in view.table.value
