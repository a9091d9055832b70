"""The dual-contingency model: bounded, monotone in coordination, symmetric, never crashes.

Properties are checked with hypothesis over every valid set of assumptions (zeros and the
edges of each range included), so each property is one test, not one test per sample.
"""

from __future__ import annotations

import math

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from course.model import dual_contingency as m

COORDINATION = ("joint_planning", "combined_exercises", "command_mechanism")


# Every input over the range the lesson's controls allow (the assumptions file's min and max),
# at the controls' precision: no subnormal floats whose rounding, not the model, breaks symmetry.
assumptions = st.builds(
    m.Assumptions,
    **{
        s["key"]: st.floats(
            min_value=s["min"], max_value=s["max"], allow_nan=False, allow_subnormal=False
        ).map(lambda x: round(x, 4))
        for s in m.SPECS.values()
    },
)


@given(assumptions)
def test_outputs_are_bounded_and_finite(a):
    for r in m.evaluate(a).values():
        assert math.isfinite(r.balance) and 0 <= r.balance <= m.BALANCE_CAP
        assert math.isfinite(r.defender) and math.isfinite(r.attacker)
        if r.attacker > 0 and r.balance < m.BALANCE_CAP:
            assert r.deterred == (r.balance >= r.threshold)
        if r.attacker == 0:
            assert r.deterred  # nothing to deter
        assert r.verdict.startswith(r.name)


@given(assumptions, st.sampled_from(COORDINATION), st.floats(0.0, 1.0))
def test_more_trilateral_coordination_never_lowers_the_balance(a, measure, level):
    level = max(level, getattr(a, measure))
    before, after = m.evaluate(a), m.evaluate(a.with_value(measure, level))
    for t in m.THEATRES:
        assert after[t].balance >= before[t].balance - 1e-12
        assert after[t].deterred or not before[t].deterred


@given(assumptions)
def test_more_adversary_coordination_never_raises_the_balance(a):
    lo, hi = (
        m.evaluate(a.with_value("adversary_coordination", 0.0)),
        m.evaluate(a.with_value("adversary_coordination", 1.0)),
    )
    for t in m.THEATRES:
        assert hi[t].balance <= lo[t].balance + 1e-12


@given(assumptions)
def test_swapping_the_theatres_swaps_the_results(a):
    r, s = m.evaluate(a), m.evaluate(a.swapped())
    for x, y in (("taiwan", "korea"), ("korea", "taiwan")):
        assert s[y].balance == pytest.approx(r[x].balance, rel=1e-9, abs=1e-12)
        assert s[y].defender == pytest.approx(r[x].defender, rel=1e-9, abs=1e-12)
        assert s[y].attacker == pytest.approx(r[x].attacker, rel=1e-9, abs=1e-12)


def test_identical_theatres_give_identical_balances():
    same = m.Assumptions(us_share_taiwan=0.5, japan=4, south_korea=4, attacker_taiwan=9, attacker_korea=9)
    out = m.evaluate(same)
    assert out["taiwan"].balance == pytest.approx(out["korea"].balance)


def test_the_equations_by_hand():
    a = m.Assumptions()
    r = m.evaluate(a)
    coord = (0.4 + 0.6 + 0.2) / 3
    assert r["taiwan"].defender == pytest.approx((0.6 * 10 + 2) * (1 + 0.5 * coord))
    assert r["taiwan"].attacker == pytest.approx(10 * (1 + 0.5 * 0.5))
    assert r["korea"].balance == pytest.approx((0.4 * 10 + 6) * (1 + 0.5 * coord) / (8 * 1.25))
    assert not r["taiwan"].deterred and r["korea"].deterred


def test_zero_attacker_means_nothing_to_deter():
    r = m.evaluate(m.Assumptions(attacker_korea=0))["korea"]
    assert r.deterred and r.balance == m.BALANCE_CAP and "nothing to deter" in r.verdict


def test_zero_defender_is_a_sentence_not_a_division():
    a = m.Assumptions(us_forces=0, japan=0)
    r = m.evaluate(a)["taiwan"]
    assert r.balance == 0 and not r.deterred and "no defending force" in r.verdict
    both_zero = m.evaluate(m.Assumptions(us_forces=0, japan=0, attacker_taiwan=0))["taiwan"]
    assert math.isfinite(both_zero.balance)


def test_zero_coordination_effect_and_zero_threshold():
    a = m.Assumptions(coordination_effect=0, threshold=0)
    assert all(r.deterred for r in m.evaluate(a).values())


@pytest.mark.parametrize(
    "name,value,words",
    [
        ("us_forces", -1, "cannot be negative"),
        ("attacker_korea", -0.5, "cannot be negative"),
        ("us_share_taiwan", 1.5, "between 0 and 1"),
        ("joint_planning", 2, "between 0 and 1"),
        ("adversary_coordination", -0.1, "cannot be negative"),
        ("threshold", float("nan"), "finite"),
        ("japan", float("inf"), "finite"),
        ("south_korea", "six", "must be a number"),
        ("coordination_effect", None, "must be a number"),
    ],
)
def test_bad_inputs_raise_a_model_error_with_a_sentence(name, value, words):
    a = m.Assumptions().with_value(name, value)
    with pytest.raises(m.ModelError, match=words):
        m.evaluate(a)
    (sentence,) = m.verdicts(a)
    assert m.LABELS[name] in sentence and sentence.endswith(".")


# ---- sensitivity -------------------------------------------------------------------------


def test_sensitivity_shape_and_order():
    f = m.sensitivity(m.Assumptions(), 25)
    assert len(f) == len(m.names()) * 2 * 2
    assert set(f["direction"]) == {"low", "high"} and set(f["theatre"]) == set(m.THEATRES)
    swing = f.groupby("assumption")["delta"].apply(lambda s: s.abs().max())
    ranked = f.drop_duplicates("assumption")["assumption"].tolist()
    assert [swing[n] for n in ranked] == sorted(swing, reverse=True)


def test_sensitivity_flags_flips_consistently():
    a = m.Assumptions()
    f = m.sensitivity(a, 25)
    for r in f.itertuples():
        varied = m.evaluate(a.with_value(r.assumption, r.value))[r.theatre]
        assert r.balance == pytest.approx(varied.balance)
        assert r.flips == (varied.deterred != m.evaluate(a)[r.theatre].deterred)
        assert r.flip_to == ("" if not r.flips else "deterred" if varied.deterred else "not deterred")
    # the default case: a stronger North Korea (+25%) flips Korea; the threshold moves no balance
    assert (
        (f.assumption == "attacker_korea") & (f.direction == "high") & (f.theatre == "korea") & f.flips
    ).any()
    assert (f[f.assumption == "threshold"]["delta"] == 0).all()


def test_sensitivity_zero_pct_changes_nothing_and_shares_are_capped():
    assert (m.sensitivity(m.Assumptions(), 0)["delta"] == 0).all()
    f = m.sensitivity(m.Assumptions(us_share_taiwan=0.9), 50)
    row = f[(f.assumption == "us_share_taiwan") & (f.direction == "high")].iloc[0]
    assert row.value == 1.0 and row.clipped


@pytest.mark.parametrize("pct", [-5, float("nan"), "lots"])
def test_sensitivity_bad_pct_is_a_sentence(pct):
    with pytest.raises(m.ModelError, match="percentage"):
        m.sensitivity(m.Assumptions(), pct)


@given(assumptions, st.floats(min_value=0.0, max_value=100.0))
def test_sensitivity_never_crashes_and_stays_bounded(a, pct):
    f = m.sensitivity(a, pct)
    assert f["balance"].between(0, m.BALANCE_CAP).all()


def test_defaults_come_from_the_yaml():
    specs = yaml.safe_load(m.ASSUMPTIONS_FILE.read_text())["assumptions"]
    assert [s["key"] for s in specs] == m.names()
    defaults = m.Assumptions()
    for s in specs:
        assert s["default"] == getattr(defaults, s["key"])
        assert len(s["reasoning"].split()) >= 10


@pytest.mark.parametrize(
    "break_it, message",
    [
        (
            lambda r: r[4].update(default="high"),
            r"assumption 'joint_planning', field default: 'high' is not of type 'number'",
        ),
        (lambda r: r[0].pop("reasoning"), r"assumption 'us_forces', field reasoning is missing"),
        (lambda r: r[1].update(max=1.5), r"assumption 'us_share_taiwan': needs min ≤ default ≤ max ≤ 1"),
        (lambda r: r[2].update(default=99), r"assumption 'japan': needs min ≤ default ≤ max"),
        (lambda r: r.reverse(), r"the assumptions must be us_forces, .* in this order"),
    ],
)
def test_broken_assumptions_file_names_file_item_and_field(tmp_path, break_it, message):
    raw = yaml.safe_load(m.ASSUMPTIONS_FILE.read_text(encoding="utf-8"))
    break_it(raw["assumptions"])
    path = tmp_path / "dual_contingency_assumptions.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ValueError, match="dual_contingency_assumptions.yaml: " + message):
        m.read_specs(path)
