"""Lesson 07's scoring model: totals, weights, the overall score and its failure modes."""

import copy
import functools
import itertools

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from course.material import data
from course.model import policy

FLOOR = {"planning": 0, "exercises": 0, "command": 0, "economics": 0}
FULL = {"planning": 3, "exercises": 3, "command": 3, "economics": 3}


def test_options_load_with_entente_steps():
    options = policy.load()
    assert [r.key for r in options] == ["planning", "exercises", "command", "economics"]
    assert all(3 <= len(r.levels) <= 4 for r in options)
    recs = policy.by_key(options)
    assert recs["planning"].entente[0].date == "1906-01"
    assert recs["command"].entente[0].source_id == "nhhc_1917_rapallo_decisions"
    economics = recs["economics"]
    assert [s.source_id for s in economics.entente] == ["hansard_1915_02_24_cir", "frus_1918_supp1_v1_amtc"]
    assert "only in wartime" in economics.contrast and "peacetime" in economics.contrast
    bib = set(data.load("sources")["source_id"])
    assert all(s.source_id in bib for r in options for s in r.entente)


def test_stronger_package_never_scores_lower_on_deterrence():
    options = policy.load()
    packages = list(policy.all_packages(options))
    det = {
        tuple(p.values()): policy.totals(policy.score(p, policy.DEFAULT_WEIGHTS, options))["deterrence"]
        for p in packages
    }
    for a, b in itertools.product(det, repeat=2):
        if all(x <= y for x, y in zip(a, b, strict=False)):
            assert det[a] <= det[b], (a, b)


def test_totals_and_overall_by_hand():
    table = policy.score(FLOOR, policy.DEFAULT_WEIGHTS)
    assert policy.totals(table) == {
        "deterrence": 3,
        "cost": 0,
        "accept_washington": 12,
        "accept_tokyo": 12,
        "accept_seoul": 12,
        "escalation": 0,
    }
    assert policy.overall(table) == pytest.approx((3 + 36) / 6)
    full = policy.score(FULL, policy.DEFAULT_WEIGHTS)
    t = policy.totals(full)
    expected = (
        t["deterrence"]
        - t["cost"]
        + t["accept_washington"]
        + t["accept_tokyo"]
        + t["accept_seoul"]
        - t["escalation"]
    ) / 6
    assert policy.overall(full) == pytest.approx(expected)


def test_weights_are_the_scoring_rule():
    only_deterrence = {c: 0 for c in policy.CRITERIA} | {"deterrence": 1}
    assert (
        policy.overall(policy.score(FULL, only_deterrence))
        == policy.totals(policy.score(FULL, only_deterrence))["deterrence"]
    )
    only_cost = {c: 0 for c in policy.CRITERIA} | {"cost": 2}
    assert policy.overall(policy.score(FULL, only_cost)) < 0
    # Cost counts against: making a package dearer can only lower its score under cost-only weights.
    assert policy.overall(policy.score(FLOOR, only_cost)) == 0


def test_zero_weights_give_a_sentence_not_an_error():
    table = policy.score(FULL, {c: 0 for c in policy.CRITERIA})
    assert policy.overall(table) is None
    sentence = policy.verdict(table)
    assert sentence.startswith("Every weight is zero") and sentence.endswith(".")


def test_unknown_level_and_recommendation_are_clear_errors():
    with pytest.raises(
        policy.PolicyError, match=r"policy_options.yaml: recommendation 'command' has no level 7"
    ):
        policy.score(FULL | {"command": 7}, policy.DEFAULT_WEIGHTS)
    with pytest.raises(policy.PolicyError, match="no recommendation called 'treaty'"):
        policy.score(FULL | {"treaty": 1}, policy.DEFAULT_WEIGHTS)
    with pytest.raises(policy.PolicyError, match="no level for recommendation 'economics'"):
        policy.score({k: v for k, v in FULL.items() if k != "economics"}, policy.DEFAULT_WEIGHTS)
    with pytest.raises(policy.PolicyError, match="weight of cost"):
        policy.score(FULL, policy.DEFAULT_WEIGHTS | {"cost": -1})


def _raw():
    return yaml.safe_load(policy.OPTIONS_FILE.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "break_it, message",
    [
        (
            lambda r: r["recommendations"][1]["levels"][2]["scores"]["cost"].update(score=4),
            (
                r"recommendation 'exercises', level 2 \(Multi-domain, incl. cyber\), field scores.cost.score: "
                r"4 is greater than the maximum of 3"
            ),
        ),
        (
            lambda r: r["recommendations"][0]["levels"][1]["scores"].pop("accept_seoul"),
            r"recommendation 'planning', level 1 \(Regular staff talks\), field scores.accept_seoul is missing",
        ),
        (
            lambda r: r["recommendations"][2]["entente"][0].update(date="1916-01-01"),
            r"recommendation 'command': the Entente step 1916-01-01 .* is not in entente_events",
        ),
        (
            lambda r: r["recommendations"][3]["levels"][3]["scores"]["deterrence"].update(score=0),
            r"recommendation 'economics': level 3 .* less deterrence than level 2",
        ),
        (
            lambda r: r["recommendations"][0]["levels"][0]["scores"]["cost"].update(why=""),
            r"recommendation .planning., level 0 \(Status quo\), field scores.cost.why: '' should be non-empty",
        ),
        (
            lambda r: r["recommendations"][1].update(levels=r["recommendations"][1]["levels"][:2]),
            r"recommendation 'exercises', field levels: the list of 2 item\(s\) is too short",
        ),
        (
            lambda r: r["recommendations"][0].update(key="exercises"),
            r"recommendation 'exercises' appears twice",
        ),
        (
            lambda r: r["recommendations"][2]["levels"][1]["scores"]["cost"].pop("source"),
            r"recommendation 'command', level 1 \(Liaison officers\), field scores.cost.source is missing",
        ),
        (
            lambda r: r["recommendations"][2]["levels"][1]["scores"]["cost"].update(source="my_hunch"),
            r"recommendation 'command', level 1 \(Liaison officers\), cost: the source 'my_hunch' is not in sources.csv",
        ),
    ],
)
def test_bad_options_file_names_file_and_option(tmp_path, break_it, message):
    raw = copy.deepcopy(_raw())
    break_it(raw)
    path = tmp_path / "policy_options.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(policy.PolicyError, match=r"policy_options.yaml: " + message):
        policy.load(path, data.load("entente_events"))


def test_model_answer_seoul_floor():
    best = policy.best_package("deterrence", {"accept_seoul": 2})
    assert best == {"planning": 2, "exercises": 3, "command": 2, "economics": 3}
    assert policy.totals(policy.score(best, policy.DEFAULT_WEIGHTS))["deterrence"] == 9


def test_model_answer_weights():
    def best(weights):
        return max(
            policy.all_packages(), key=lambda p: (policy.overall(policy.score(p, weights)), -sum(p.values()))
        )

    assert best(policy.DEFAULT_WEIGHTS) == FLOOR
    assert best(policy.DEFAULT_WEIGHTS | {"deterrence": 3}) != FULL
    assert best({c: 0.5 for c in policy.CRITERIA} | {"deterrence": 3}) == {
        "planning": 3,
        "exercises": 1,
        "command": 2,
        "economics": 3,
    }
    assert best({c: 0 for c in policy.CRITERIA} | {"deterrence": 3, "cost": 0.5, "escalation": 0.5}) == FULL
    assert best(policy.DEFAULT_WEIGHTS | {"escalation": 3}) == FLOOR


def test_model_answer_full_package_against_status_quo():
    def value(package, weights):
        return policy.overall(policy.score(package, weights))

    assert value(FULL, policy.DEFAULT_WEIGHTS) == pytest.approx(14 / 6)
    assert value(FULL, policy.DEFAULT_WEIGHTS | {"deterrence": 3}) < value(
        FLOOR, policy.DEFAULT_WEIGHTS | {"deterrence": 3}
    )
    half = {c: 0.5 for c in policy.CRITERIA} | {"deterrence": 3}
    assert value(FULL, half) > value(FLOOR, half)


def test_schema_asks_for_a_score_on_every_criterion():
    scores = policy.SCHEMA["$defs"]["level"]["properties"]["scores"]
    assert scores["required"] == list(policy.CRITERIA) == list(scores["properties"])
    assert policy.SCHEMA["$defs"]["score"]["properties"]["score"]["maximum"] == policy.MAX_SCORE


# ---------------------------------------------------------------- sourced judgements, no winner by construction


def test_every_score_has_a_reason_and_a_source_in_the_bibliography():
    bib = set(data.load("sources")["source_id"])
    for rec in policy.load():
        for level in rec.levels:
            for crit, score in level.scores.items():
                assert score.why and score.why[-1] == ".", (rec.key, level.index, crit)
                assert score.source_id in bib, (rec.key, level.index, crit, score.source_id)


def test_no_level_is_best_on_every_criterion():
    """A level at least as good as its alternatives on all six criteria would win under any
    weights: the scores would decide the answer, not the student's priorities."""
    assert policy.dominant_levels() == []


def test_a_skewed_copy_is_caught(tmp_path):
    """The check can fail: give the status quo of planning the top deterrence score and it
    dominates its recommendation."""
    raw = copy.deepcopy(_raw())
    planning = raw["recommendations"][0]["levels"]
    for level in planning:
        level["scores"]["deterrence"]["score"] = 3
    path = tmp_path / "policy_options.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    skewed = policy.load(path, data.load("entente_events"))
    assert ("planning", 0) in policy.dominant_levels(skewed)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from([0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0]), min_size=6, max_size=6))
def test_no_leader_is_best_on_every_criterion(values):
    """Whatever the weights, the leading package gives something up on some criterion."""
    weights = dict(zip(policy.CRITERIA, values, strict=True))
    value, tied = policy.leaders(weights)
    if value is None:
        assert sum(values) == 0 and tied == []
        return
    signed = _signed_totals()
    best = {c: max(s[c] for s in signed.values()) for c in policy.CRITERIA}
    for package in tied:
        mine = signed[tuple(package.values())]
        assert any(mine[c] < best[c] for c in policy.CRITERIA), package


@functools.lru_cache(maxsize=1)
def _signed_totals() -> dict[tuple, dict[str, int]]:
    """Every package's six totals with 'more is better' (cost and risk negated)."""
    options = policy.load()
    out = {}
    for package in policy.all_packages(options):
        totals = policy.totals(policy.score(package, policy.DEFAULT_WEIGHTS, options))
        out[tuple(package.values())] = {c: d * totals[c] for c, (_, d) in policy.CRITERIA.items()}
    return out


def test_presets_lead_to_different_packages():
    leaders = policy.preset_leaders()
    assert set(leaders) == {"equal", "commentary", "sceptic"}
    commentary, sceptic = set(map(_key, leaders["commentary"][1])), set(map(_key, leaders["sceptic"][1]))
    assert commentary and sceptic and not commentary & sceptic
    # the commentary's weights favour its own dual-contingency planning group
    assert all(p["planning"] == 3 for p in leaders["commentary"][1])
    # equal weights and the sceptic's favour today's arrangements; the lesson says why
    assert FLOOR in leaders["equal"][1] and FLOOR in leaders["sceptic"][1]
    assert policy.leaders(policy.PRESETS["equal"]) == (leaders["equal"][0], list(leaders["equal"][1]))


def _key(package):
    return tuple(sorted(package.items()))


def test_leaders_agree_with_score():
    weights = policy.PRESETS["commentary"]
    value, tied = policy.leaders(weights)
    for package in tied:
        assert policy.overall(policy.score(package, weights)) == pytest.approx(value)
    assert all(policy.overall(policy.score(p, weights)) <= value + 1e-9 for p in policy.all_packages())
    assert policy.leaders({c: 0 for c in policy.CRITERIA}) == (None, [])


def test_tied_packages_are_described_without_overstating_the_tie():
    options = policy.load()
    both = [FLOOR, FLOOR | {"command": 1}]
    assert "command mechanism 0 or 1 (Status quo or Liaison officers)" in policy.describe_tied(both, options)
    diagonal = [FLOOR | {"command": 1}, FLOOR | {"economics": 1}]  # not every combination
    text = policy.describe_tied(diagonal, options)
    assert text.count("Joint planning 0") == 2 and " or Joint planning" in text
