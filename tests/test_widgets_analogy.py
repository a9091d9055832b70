"""Lesson 04 explorers and the rating summary, driven as a student would."""

import pytest

from course.model import analogy as model
from course.widgets import analogy


def test_start_year_moves_the_comparison():
    explorer = analogy.comparison_explorer()
    table = explorer.time_to_levels().set_index("level")
    assert table.loc[4, "trilateral"] == pytest.approx(25.0, abs=0.1)
    explorer.starts["trilateral"].value = 2023
    assert explorer.chart.params.trilateral_start == 2023
    table = explorer.time_to_levels().set_index("level")
    assert table.loc[4, "trilateral"] == pytest.approx(0.3, abs=0.05)
    assert "from 2023" in explorer.describe() and "(from 2023)" in explorer.table.value


def test_measure_switch():
    explorer = analogy.comparison_explorer()
    explorer.measure.value = "strongest"
    assert explorer.chart.params.measure == "strongest"
    table = explorer.time_to_levels().set_index("level")
    assert table.loc[6, "entente"] == pytest.approx(13.6, abs=0.1)
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
    lab = analogy.analogy_lab()
    first = lab.accordion.children[0].children[0].value
    assert "[usembassy_kr_2023_commitment_to_consult]" in first
    assert "[packard_2010_security_treaty_at_50]" in first


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
