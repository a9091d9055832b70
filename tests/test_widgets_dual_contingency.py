"""Lesson 06 explorers, driven by setting sliders as a student would."""

from course.model import dual_contingency as m
from course.widgets import dual_contingency as d


def test_defaults_and_verdicts():
    e = d.scenario_explorer()
    assert e.assumptions == m.Assumptions()
    assert "Taiwan Strait" in e.describe() and "deterrence fails" in e.describe()
    assert e.chart.params.threshold == 1.0
    assert [t["deterred"] for t in e.chart.params.theatres] == [False, True]
    assert "Korean Peninsula" in e.verdict_box.value and "deterrence holds" in e.verdict_box.value
    assert repr(e) == e.describe()


def test_every_control_has_a_description():
    e = d.scenario_explorer()
    assert set(e.sliders) == set(m.names())
    assert all(s.description for s in e.sliders.values())
    assert e.reset_button.description == "Reset to defaults"


def test_moving_forces_to_taiwan_flips_korea():
    e = d.scenario_explorer()
    e.sliders["us_share_taiwan"].value = 0.8
    r = e.results()
    assert not r["korea"].deterred
    assert e.chart.params.theatres[1]["deterred"] is False
    assert e.chart.params.theatres[1]["balance"] < 1
    assert "Korean Peninsula: defenders 9.6" in e.describe()


def test_full_coordination_can_hold_both():
    e = d.scenario_explorer()
    e.set(joint_planning=1, combined_exercises=1, command_mechanism=1, us_share_taiwan=0.7)
    assert all(r.deterred for r in e.results().values())
    assert "1.00" in e.coordination_note.value


def test_threshold_slider_moves_the_rule():
    e = d.scenario_explorer()
    e.sliders["threshold"].value = 0.5
    assert e.chart.params.threshold == 0.5
    assert all(t["deterred"] for t in e.chart.params.theatres)


def test_reset_restores_every_default():
    e = d.scenario_explorer()
    e.sliders["us_share_taiwan"].value = 0.2
    e.sliders["attacker_korea"].value = 20
    e.sliders["command_mechanism"].value = 1
    e.reset_button.click()
    assert e.assumptions == m.Assumptions()
    assert e.chart.params.theatres == d.scenario.theatre_params(
        m.results_frame(m.Assumptions()).to_dict("records")
    )


def test_zero_attacker_is_a_sentence():
    e = d.scenario_explorer()
    e.sliders["attacker_korea"].value = 0
    assert "nothing to deter" in e.describe()


def test_sensitivity_follows_the_scenario_and_the_percentage():
    e = d.scenario_explorer()
    s = d.sensitivity_explorer(e)
    assert "flips Korean Peninsula to not deterred" in s.describe()
    assert "Verdict becomes" in s.listing.value
    n_before = len(s.chart.params.sens)
    s.pct.value = 5
    assert s.chart.params.pct == 5.0
    assert len(s.chart.params.sens) == n_before
    assert "no single assumption flips" in s.describe()
    assert "robust" in s.listing.value
    e.sliders["attacker_korea"].value = 9.5  # Korea balance now just above 1
    assert "attacker_korea" in set(m.flips(s.frame)["assumption"])


def test_assumptions_table_lists_every_input():
    t = d.assumptions_table()
    assert len(t.frame) == len(m.names())
    assert "why this default" in t._repr_html_()
