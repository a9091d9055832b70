"""The surface-cue check (issue 20, point 1): a test-wise student who picks the longest,
shortest, most hedged, most prompt-echoing or numbered option does no better than chance."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from course.quiz import lessons_with_banks, load_bank
from course.quiz.bank import Option, Question
from course.quiz.quality import (
    COURSE_TOLERANCE,
    cue_picks,
    cue_problems,
    cue_rates,
    cue_report,
    hedge_count,
    single_answer_items,
)

BANKS = lessons_with_banks()


def _item(texts: list[str], right: int, prompt: str = "Which?") -> Question:
    options = tuple(Option(t, f"f{i}", "s", i == right) for i, t in enumerate(texts))
    return Question(f"q{right}{len(texts)}", "choice", prompt, "s", options)


def test_hedges_are_counted():
    assert hedge_count("It was not binding, only a promise") == 2
    assert hedge_count("Seoul didn't sign") == 1
    assert hedge_count("A treaty in force") == 0


@given(st.integers(3, 6), st.data())
def test_a_cue_that_cannot_tell_options_apart_is_at_chance(n, data):
    """Options of one length, no hedges, no numbers, no echo: every guesser is at chance."""
    right = data.draw(st.integers(0, n - 1))
    rates = cue_rates([_item([f"option{chr(97 + i)}" for i in range(n)], right, "Zzz?")])
    assert rates.chance == pytest.approx(1 / n)
    assert all(rate == pytest.approx(1 / n) for rate in rates.rates.values())


@given(st.integers(3, 5), st.data())
def test_a_key_that_is_always_longest_is_caught(n, data):
    items = []
    for k in range(6):
        right = data.draw(st.integers(0, n - 1))
        texts = [f"option {k} {i}" + (" with many more words" if i == right else "") for i in range(n)]
        items.append(_item(texts, right))
    assert cue_rates(items).rates["longest"] == 1.0
    assert any("longest" in p for p in cue_problems(items, "skewed"))


def test_ties_share_the_guess():
    picks = cue_picks("p", ["aa", "bb", "c"])
    assert picks["longest"] == [0, 1] and picks["shortest"] == [2]


@pytest.mark.parametrize("lesson", BANKS)
def test_no_bank_gives_its_key_away_by_surface_cues(lesson):
    bank = load_bank(lesson)
    assert cue_problems(single_answer_items([bank]), lesson) == []


def test_the_course_as_a_whole_is_within_ten_points_of_chance_on_every_cue():
    banks = [load_bank(lesson) for lesson in BANKS]
    items = single_answer_items(banks)
    assert len(items) >= 30
    assert cue_problems(items, "course", COURSE_TOLERANCE) == [], cue_report(banks)


@pytest.mark.parametrize("lesson", [b for b in BANKS if b[:2] != "08"])
def test_the_check_fails_on_a_deliberately_skewed_copy_of_a_bank(lesson):
    """Lengthen every key and shorten nothing: the check must say "longest"."""
    bank = load_bank(lesson)
    skewed = []
    for q in bank.questions:
        if q.kind != "choice":
            continue
        options = tuple(
            dataclasses.replace(o, text=o.text + " — as the documents and the data show in detail")
            if o.correct
            else o
            for o in q.options
        )
        skewed.append(dataclasses.replace(q, options=options))
    assert any("longest" in p for p in cue_problems(skewed, f"skewed {lesson}"))
