"""Lesson 01 explorers, driven by setting controls as a student would."""

from course.widgets import blocs


def test_slider_changes_members_and_chart_param():
    explorer = blocs.sco_explorer(year=2024)
    assert "India" in explorer.members() and "Belarus" in explorer.members()
    explorer.slider.value = 2016
    assert explorer.chart.params.year == 2016
    assert "India" not in explorer.members()
    assert "Observer" in explorer.table.value and "India" in explorer.table.value
    explorer.slider.value = 2000
    assert explorer.members() == ["China", "Kazakhstan", "Kyrgyzstan", "Russia", "Tajikistan"]


def test_text_form_follows_the_slider():
    explorer = blocs.sco_explorer(year=2017)
    assert explorer.describe().startswith("SCO in 2017.")
    assert repr(explorer) == explorer.describe()
    assert explorer._repr_mimebundle_()["text/plain"] == explorer.describe()


def test_out_of_range_year_is_clamped():
    assert blocs.sco_explorer(year=1800).year == 1996


def test_alignment_filters():
    explorer = blocs.alignment_explorer()
    everything = len(explorer.selected())
    explorer.partner.value = "Russia"
    assert set(explorer.selected()["partner"]) == {"RUS"}
    assert explorer.chart.params.partner == "RUS"
    for kind, box in explorer.kinds.items():
        box.value = kind == "deployment"
    assert set(explorer.selected()["kind"]) == {"deployment"}
    assert len(explorer.selected()) < everything


def test_no_kind_ticked_gives_a_sentence_not_an_error():
    explorer = blocs.alignment_explorer()
    for box in explorer.kinds.values():
        box.value = False
    assert explorer.selected().empty
    assert "No event matches" in explorer.listing.value
    assert "0 event(s)" in explorer.describe()
