"""Rubrics grade reasoning: criteria on a point scale with an exemplar per level (a pair at the top, one
per verdict), and no
wording that prescribes the verdict (issue 20, point 3)."""

from __future__ import annotations

import copy

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from course.quiz import bank_path, lessons_with_banks, load_bank, quality
from course.quiz.rubric import parse_rubric, prescriptive, rubric_markdown, rubric_problems

RUBRIC = {
    "criteria": [{"name": "Evidence", "look_for": "Two rows."}, {"name": "Limits", "look_for": "One limit."}],
    "levels": [
        {
            "points": 2,
            "label": "Strong",
            "descriptor": "Fully.",
            "exemplars": [
                {"verdict": "Yes", "text": "Rows A and B, weighed: yes."},
                {"verdict": "No", "text": "Rows A and C, weighed: no."},
            ],
        },
        {"points": 1, "label": "Weak", "descriptor": "In part.", "exemplar": "Row A."},
        {"points": 0, "label": "Missing", "descriptor": "None.", "exemplar": "Yes."},
    ],
}


def test_a_good_rubric_has_points_and_no_problems():
    rubric = parse_rubric(RUBRIC)
    assert rubric.max_points == 4 and rubric.top == 2
    assert rubric_problems(rubric, "x") == []
    assert "Grade the reasoning, not the side" in rubric_markdown(rubric)


@pytest.mark.parametrize(
    "phrase",
    ["Concludes that crises accelerated rather than caused the steps.", "Reaches a qualified verdict."],
)
def test_a_rubric_that_prescribes_the_conclusion_is_refused(phrase):
    raw = copy.deepcopy(RUBRIC)
    raw["levels"][0]["descriptor"] = phrase
    assert prescriptive(parse_rubric(raw))
    assert any("prescribes a conclusion" in p for p in rubric_problems(parse_rubric(raw), "x"))


@given(st.lists(st.integers(min_value=0, max_value=10), min_size=3, max_size=5))
def test_the_scale_must_fall_to_zero(points):
    raw = copy.deepcopy(RUBRIC)
    raw["levels"] = [
        {"points": p, "label": f"L{i}", "descriptor": "d", "exemplar": f"e{i}"} for i, p in enumerate(points)
    ]
    raw["levels"][0] = {**RUBRIC["levels"][0], "points": points[0]}
    ok = points == sorted(set(points), reverse=True) and points[-1] == 0
    assert (rubric_problems(parse_rubric(raw), "x") == []) == ok


@pytest.mark.parametrize(
    "top",
    [
        {"exemplar": "Rows A and B, weighed."},  # one anchor: one side is shown being rewarded
        {
            "exemplars": [{"verdict": "Yes", "text": "A."}, {"verdict": "yes", "text": "B."}]
        },  # same side twice
    ],
)
def test_the_top_level_needs_a_strong_exemplar_for_each_verdict(top):
    raw = copy.deepcopy(RUBRIC)
    level = {k: v for k, v in raw["levels"][0].items() if k != "exemplars"}
    raw["levels"][0] = {**level, **top}
    assert any("paired exemplars" in p for p in rubric_problems(parse_rubric(raw), "x"))


def test_paired_exemplars_show_their_verdicts_in_the_markdown():
    text = rubric_markdown(parse_rubric(RUBRIC))
    assert "verdict “Yes”" in text and "verdict “No”" in text and "Rows A and C" in text


def test_the_old_three_line_form_is_reported():
    old = parse_rubric({"strong": "s", "adequate": "a", "weak": "w"})
    assert old.legacy and rubric_problems(old, "x")


@pytest.mark.parametrize("lesson", [lesson for lesson in lessons_with_banks() if lesson[:2] != "08"])
def test_every_written_task_of_a_lesson_has_a_rubric_in_the_format(lesson):
    bank = load_bank(lesson)
    raw = yaml.safe_load(bank_path(lesson).read_text(encoding="utf-8"))
    judges = [q for q in bank.questions if q.kind == "judge"]
    assert judges and all(not q.rubric.legacy and q.rubric.max_points > 0 for q in judges)
    assert "close_reading" in raw and bank.close_reading.max_points > 0
    assert [p for p in quality.problems(bank) if "rubric" in p] == []
