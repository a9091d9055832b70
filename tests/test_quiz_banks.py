"""The banks are fair (course.quiz.quality): the longest option is rarely the right one, right
answers are spread over positions, no option repeats, every option has feedback, every item
cites a source; lessons 01-07 have data-using and judge items; 08 covers 01-07. And the
check can fail: a deliberately skewed copy of a real bank is caught."""

from __future__ import annotations

import pytest
import yaml

from course import quiz
from course.material import data
from course.quiz import quality


@pytest.fixture(scope="module")
def known() -> set[str]:
    return set(data.load("sources")["source_id"])


@pytest.mark.parametrize("lesson", quiz.lessons_with_banks())
def test_bank_is_fair(lesson, known):
    assert quality.problems(quiz.load_bank(lesson), known) == []


@pytest.mark.parametrize("lesson", [lesson for lesson in quiz.lessons_with_banks() if lesson < "08"])
def test_positions_are_spread(lesson):
    bank = quiz.load_bank(lesson)
    counts = quality.positions(bank)
    total = sum(counts.values())
    assert total >= 3
    assert max(counts.values()) <= max(2, total / 2)


def test_across_all_banks_every_position_holds_a_right_answer():
    seen = sum(
        (quality.positions(quiz.load_bank(lesson)) for lesson in quiz.lessons_with_banks() if lesson < "08"),
        start=quality.Counter(),
    )
    assert set(seen) == {0, 1, 2, 3}


def _skew(raw: dict) -> dict:
    """Make every choice item's right option the longest and put it second; copy one option."""
    for item in raw["questions"]:
        if item["kind"] != "choice":
            continue
        options = item["options"]
        right = next(o for o in options if o.get("correct"))
        right["text"] = right["text"] + " (this one has by far the longest wording)"
        others = [o for o in options if o is not right]
        item["options"] = [others[0], right, *others[1:]]
    first_multi = next(i for i in raw["questions"] if i["kind"] in ("multi", "evidence", "match"))
    key = (
        "rows"
        if first_multi["kind"] == "evidence"
        else ("pairs" if first_multi["kind"] == "match" else "options")
    )
    first_multi[key][1]["feedback"] = first_multi[key][0]["feedback"]
    return raw


@pytest.mark.parametrize("lesson", ["01_blocs", "05_capabilities"])
def test_a_skewed_copy_fails(tmp_path, lesson, known):
    raw = yaml.safe_load(quiz.bank_path(lesson).read_text(encoding="utf-8"))
    path = tmp_path / f"quiz_{lesson}.yaml"
    path.write_text(yaml.safe_dump(_skew(raw), allow_unicode=True, sort_keys=False), encoding="utf-8")
    found = quality.problems(quiz.load_bank_file(path), known)
    assert any("picking the longest option is right" in p for p in found)
    assert any("position 2 holds the right answer" in p for p in found)
    assert any("two options share the same feedback" in p for p in found)


def test_missing_data_items_judge_and_review_coverage_are_caught(tmp_path, known):
    raw = yaml.safe_load(quiz.bank_path("03_triple_entente").read_text(encoding="utf-8"))
    raw["questions"] = [dict(i, uses_data=False) for i in raw["questions"] if i["kind"] != "judge"]
    path = tmp_path / "quiz_03_triple_entente.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    found = quality.problems(quiz.load_bank_file(path), known)
    assert any("fewer than two items use the explorer" in p for p in found)
    assert any("no judge-with-evidence item" in p for p in found)

    review = yaml.safe_load(quiz.bank_path("08_review").read_text(encoding="utf-8"))
    review["draw"] = [d for d in review["draw"] if d["lesson"] != "06_dual_contingency"]
    path = tmp_path / "quiz_08_review.yaml"
    path.write_text(yaml.safe_dump(review), encoding="utf-8")
    assert quality.problems(quiz.load_bank_file(path), known) == [
        "quiz_08_review.yaml: the review draws nothing from lesson(s) 06"
    ]


def test_an_unknown_source_in_an_option_is_caught(known):
    bank = quiz.load_bank("02_camp_david")
    assert quality.problems(bank, known - {"avalon_1953_us_rok_mutual_defense_treaty"}) != []


def test_a_review_drawing_an_item_that_does_not_exist_names_it(tmp_path):
    review = yaml.safe_load(quiz.bank_path("08_review").read_text(encoding="utf-8"))
    review["draw"][0] = {"lesson": "01_blocs", "id": "no_such_item"}
    path = tmp_path / "quiz_08_review.yaml"
    path.write_text(yaml.safe_dump(review), encoding="utf-8")
    with pytest.raises(
        quiz.QuizError, match=r"quiz_08_review.yaml, field 'draw\[0\]': 01_blocs has no item 'no_such_item'"
    ):
        quiz.load_bank_file(path)
