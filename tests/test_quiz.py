"""Self-check quizzes: banks validate with errors naming file, item and field; marking is
pure (hypothesis properties); the explorer gives per-option feedback and keeps a student's
option order across reloads."""

from __future__ import annotations

import functools
import re
import textwrap
from html import escape as html_escape
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from course import journal, quiz
from course.quiz import QuizError
from course.quiz.widgets import refusal

KNOWN = {"cfr_sco_charter", "rferl_2017_india_pakistan_join", "cumhuriyet_2023_iran_member"}

GOOD = """
lesson: 99_test
questions:
  - id: q_choice
    kind: choice
    prompt: Pick B
    source_id: cfr_sco_charter
    options:
      - {text: A <b>, feedback: A is wrong <i>}
      - {text: B, correct: true, feedback: B is right}
      - {text: C, feedback: C is wrong}
  - id: q_multi
    kind: multi
    prompt: Pick A and C
    source_id: cfr_sco_charter
    options:
      - {text: A, correct: true, feedback: fa}
      - {text: B, feedback: fb}
      - {text: C, correct: true, feedback: fc}
  - id: q_order
    kind: order
    prompt: Order them
    source_id: cfr_sco_charter
    events:
      - {text: first, feedback: f1}
      - {text: second, feedback: f2}
      - {text: third, feedback: f3}
  - id: q_match
    kind: match
    prompt: Match them
    source_id: cfr_sco_charter
    pairs:
      - {left: L1, right: R1, feedback: p1}
      - {left: L2, right: R2, feedback: p2}
      - {left: L3, right: R3, feedback: p3}
  - id: q_evidence
    kind: evidence
    prompt: Pick the evidence
    claim: The SCO grew
    select: supports
    table: sco_membership
    show: [country, status, start_year]
    source_id: cfr_sco_charter
    rows:
      - {key: {iso3: IND, status: member, start_year: 2017}, correct: true, feedback: e1}
      - {key: {iso3: IRN, status: member, start_year: 2023}, correct: true, feedback: e2}
      - {key: {iso3: CHN, status: shanghai_five, start_year: 1996}, feedback: e3}
  - id: q_judge
    kind: judge
    prompt: Judge it
    source_id: cfr_sco_charter
    rubric:
      criteria: [{name: Evidence, look_for: two rows}, {name: Limits, look_for: one limit}]
      levels:
        - {points: 2, label: Strong, descriptor: d2, exemplars: [{verdict: v1, text: x2}, {verdict: v2, text: x3}]}
        - {points: 1, label: Weak, descriptor: d1, exemplar: x1}
        - {points: 0, label: Missing, descriptor: d0, exemplar: x0}
"""


def write(tmp_path, text: str, name: str = "quiz_99_test.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@functools.lru_cache(maxsize=1)
def good_bank() -> quiz.Bank:
    return quiz.parse(yaml.safe_load(GOOD), "quiz_99_test.yaml", KNOWN)


@pytest.fixture
def bank(tmp_path):
    return quiz.load_bank_file(write(tmp_path, GOOD), known_sources=KNOWN)


@pytest.fixture(autouse=True)
def private_journal(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_JOURNAL", str(tmp_path / "work" / "journal.json"))
    monkeypatch.delenv("SERVER_SOFTWARE", raising=False)
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    journal._JOURNALS.clear()
    yield
    journal._JOURNALS.clear()


# ----------------------------------------------------------------------------- the real banks


@pytest.mark.parametrize("lesson", quiz.lessons_with_banks())
def test_every_bank_is_valid_and_has_no_regex_short_answers(lesson):
    bank = quiz.load_bank(lesson)  # validates against the schema and data/sources.csv
    assert bank.lesson == lesson
    assert {q.kind for q in bank.questions} <= set(quiz.bank.KINDS)
    raw = yaml.safe_load(quiz.bank_path(lesson).read_text(encoding="utf-8"))
    assert "short" not in str([q.get("kind") for q in raw.get("questions", [])])


def test_every_lesson_with_a_quiz_cell_has_a_bank():
    from course.core.paths import NOTEBOOKS_DIR

    lessons = sorted(p.stem for p in NOTEBOOKS_DIR.glob("0[1-8]_*.ipynb"))
    assert lessons == quiz.lessons_with_banks()


def test_review_bank_draws_practice_from_every_lesson_01_to_07():
    review = quiz.load_bank("08_review")
    assert {q.lesson for q in review.practice} == {
        lesson for lesson in quiz.lessons_with_banks() if lesson < "08"
    }
    assert len([q for q in review.questions if q.lesson == "08_review"]) >= 7  # transfer items
    assert not {q.id for q in review.questions} & {q.id for q in review.practice}
    for q in review.practice:  # the same item as in its own bank, under a '<lesson>.<id>' key
        lesson, _, qid = q.id.partition(".")
        assert quiz.load_bank(lesson).question(qid).options == q.options


def test_every_kind_is_used_somewhere():
    kinds = {q.kind for lesson in quiz.lessons_with_banks() for q in quiz.load_bank(lesson).questions}
    assert kinds == set(quiz.bank.KINDS)


# ----------------------------------------------------------------------------- errors


def test_good_bank_loads(bank):
    assert [q.kind for q in bank.questions] == ["choice", "multi", "order", "match", "evidence", "judge"]
    assert bank.question("q_evidence").options[0].text == "India · member · 2017"
    assert bank.question("q_match").options[1].match == "R2"


@pytest.mark.parametrize(
    "old, new, item, field, message",
    [
        (
            "      - {text: B, correct: true, feedback: B is right}",
            "      - {text: B, correct: true}",
            "q_choice",
            "options[1]",
            "'feedback' is a required property",
        ),
        ("kind: multi", "kind: multiple", "q_multi", "kind", "is not one of"),
        (
            "      - {text: C, feedback: C is wrong}",
            "      - {text: C, correct: true, feedback: C is wrong}",
            "q_choice",
            "options",
            "exactly one correct option, not 2",
        ),
        (
            "      - {text: C, feedback: C is wrong}",
            "      - {text: B, feedback: C is wrong}",
            "q_choice",
            "options",
            "two options have the same text",
        ),
        (
            "    source_id: cfr_sco_charter\n    options:\n      - {text: A <b>",
            "    source_id: nowhere_2020\n    options:\n      - {text: A <b>",
            "q_choice",
            "source_id",
            "'nowhere_2020' is not in data/sources.csv",
        ),
        (
            "{iso3: CHN, status: shanghai_five, start_year: 1996}",
            "{iso3: CHN, status: member, start_year: 1901}",
            "q_evidence",
            "rows[2].key",
            "0 rows of 'sco_membership' match",
        ),
        (
            "        - {points: 0, label: Missing, descriptor: d0, exemplar: x0}",
            "        - {points: 0, label: Missing, descriptor: d0}",
            "q_judge",
            "rubric.levels[2]",
            "'exemplar' is a required property",
        ),
        (
            "    prompt: Order them",
            "    prompt: Order them\n    answer: 2",
            "q_order",
            None,
            "not allowed here",
        ),
    ],
)
def test_bad_banks_name_file_item_and_field(tmp_path, old, new, item, field, message):
    assert old in GOOD
    path = write(tmp_path, GOOD.replace(old, new))
    with pytest.raises(QuizError) as err:
        quiz.load_bank_file(path, known_sources=KNOWN)
    assert err.value.file == "quiz_99_test.yaml"
    assert err.value.question == item
    assert err.value.field == field
    assert message in str(err.value)
    assert str(err.value).startswith(f"quiz_99_test.yaml, item {item!r}")


@pytest.mark.parametrize(
    "text, message",
    [
        ("lesson: [unclosed", "not valid YAML"),
        ("- just a list", "is not of type 'object'"),
        ("lesson: 99_test\nquestions: []", "should be non-empty"),
        (
            (
                "lesson: 98_other\nquestions: [{id: a, kind: judge, prompt: p, source_id: cfr_sco_charter, "
                "rubric: {strong: s, adequate: a, weak: w}}]"
            ),
            "does not match the file name",
        ),
    ],
)
def test_bad_files_name_the_file(tmp_path, text, message):
    with pytest.raises(QuizError, match=message) as err:
        quiz.load_bank_file(write(tmp_path, text), known_sources=KNOWN)
    assert str(err.value).startswith("quiz_99_test.yaml")


def test_missing_bank_is_a_sentence_not_a_traceback():
    shown = quiz.check_yourself("99_nowhere")
    assert isinstance(shown, quiz.QuizUnavailable)
    assert "could not be loaded" in repr(shown)


# ----------------------------------------------------------------------------- marking (pure)


@given(seed=st.text(max_size=20), qid=st.text(max_size=10), n=st.integers(1, 12))
def test_shuffle_is_a_stable_permutation(seed, qid, n):
    order = quiz.shuffled(seed, qid, n)
    assert sorted(order) == list(range(n))
    assert quiz.shuffled(seed, qid, n) == order


def test_different_students_see_different_orders():
    orders = {tuple(quiz.shuffled(f"student-{i}", "q", 4)) for i in range(40)}
    assert len(orders) > 10  # 24 possible orders of four options


@settings(max_examples=200)
@given(
    answer=st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-3, 6),
        st.text(max_size=3),
        st.lists(st.integers(-1, 4), max_size=5),
    )
)
def test_choice_marking_never_raises_and_only_the_right_index_is_correct(answer):
    bank = good_bank()
    q = bank.question("q_choice")
    m = quiz.mark(q, answer)
    assert m.correct is (
        None
        if not (isinstance(answer, int) and not isinstance(answer, bool) and 0 <= answer < 3)
        else answer == 1
    )
    assert 0.0 <= m.score <= m.max == 1.0


@settings(max_examples=200)
@given(picked=st.sets(st.integers(0, 2)))
def test_multi_marking(picked):
    bank = good_bank()
    q = bank.question("q_multi")
    m = quiz.mark(q, sorted(picked))
    if not picked:
        assert m.correct is None
        return
    assert m.correct is (picked == {0, 2})
    assert m.score == max(0.0, (len(picked & {0, 2}) - len(picked - {0, 2})) / 2)
    # every picked or missed option gets its own line of feedback
    assert {i for i, _, _ in m.lines} == picked | {0, 2}


@settings(max_examples=200)
@given(order=st.permutations([1, 2, 3]))
def test_order_and_match_marking(order):
    bank = good_bank()
    for qid, answer in (("q_order", list(order)), ("q_match", [p - 1 for p in order])):
        m = quiz.mark(bank.question(qid), answer)
        right = sum(a == i + (1 if qid == "q_order" else 0) for i, a in enumerate(answer))
        assert m.correct is (right == 3)
        assert m.score == pytest.approx(right / 3)


def test_unmarked_and_bad_answers(bank):
    assert quiz.mark(bank.question("q_judge"), "My view").correct is None
    assert quiz.mark(bank.question("q_order"), [1, 2]).correct is None  # wrong length
    assert quiz.mark(bank.question("q_match"), [None, None, None]).correct is None
    assert quiz.mark(bank.question("q_evidence"), [5]).correct is None
    result = quiz.score(bank, {"q_choice": 1, "q_multi": [0], "q_judge": "text"})
    assert (result.total, result.correct, result.answered) == (5, 1, 2)  # judge not counted
    assert result.points == pytest.approx(1.5)


# ----------------------------------------------------------------------------- the explorer

ANSWERS = {  # item -> (right answer, wrong answer), in bank order
    "q_choice": (1, 0),
    "q_multi": ([0, 2], [1]),
    "q_order": ([1, 2, 3], [2, 1, 3]),
    "q_match": ([0, 1, 2], [1, 0, 2]),
    "q_evidence": ([0, 1], [2]),
}


@pytest.mark.parametrize("qid", list(ANSWERS))
def test_each_kind_right_and_wrong_shows_its_own_feedback(bank, qid):
    q = bank.question(qid)
    explorer = quiz.QuizExplorer(bank)
    for answer, verdicts in zip(ANSWERS[qid], (("Correct.",), ("Not quite.", "Partly right.")), strict=False):
        explorer.controls[qid].value = answer
        assert explorer.controls[qid].value == answer  # the control round-trips bank order
        explorer.check(qid)
        html = explorer.feedback[qid].value
        assert any(f"<strong>{verdict}</strong>" in html for verdict in verdicts)
        for index, _right, _did in quiz.mark(q, answer).lines:
            assert f"[{q.options[index].source_id}]" in html
            assert html_escape(q.options[index].feedback) in html
    assert "&lt;i&gt;" in quiz.feedback_html(bank.question("q_choice"), 0)  # escaped


def test_score_line_counts_the_first_checked_answer_only(bank):
    explorer = quiz.QuizExplorer(bank)
    explorer.controls["q_choice"].value = 1
    assert "0 of 5 correct" in explorer.summary.value  # trying options gives nothing away
    explorer.check("q_choice")
    assert "1 of 5 correct; 4 not yet answered." in explorer.summary.value
    explorer.controls["q_choice"].value = 0  # a later try is practice: the first one counts
    explorer.check("q_choice")
    assert explorer.result().correct == 1
    assert "Practice try" in explorer.feedback["q_choice"].value
    saved = journal.current().get("99_test", "quiz/q_choice")
    assert saved["answer"] == 0 and saved["first"]["answer"] == 1 and saved["first"]["correct"] is True


def test_a_corrected_answer_does_not_count_as_right(bank):
    explorer = quiz.QuizExplorer(bank)
    explorer.controls["q_choice"].value = 0
    explorer.check("q_choice")
    explorer.controls["q_choice"].value = 1
    explorer.check("q_choice")
    assert explorer.result().correct == 0 and explorer.result().answered == 1
    assert "first checked answer" in explorer.feedback["q_choice"].value
    journal._JOURNALS.clear()  # a new kernel: the first answer survives the reload
    again = quiz.QuizExplorer(bank)
    assert again.first["q_choice"]["answer"] == 0 and again.result().correct == 0


def test_an_ordering_item_refuses_two_events_in_one_place(bank):
    explorer = quiz.QuizExplorer(bank)
    explorer.controls["q_order"].value = [1, 1, 3]
    explorer.check("q_order")
    html = explorer.feedback["q_order"].value
    assert "share the same place (1st)" in html
    assert "third" not in html and "Right place" not in html  # the order is not revealed
    assert "q_order" not in explorer.first and explorer.result().answered == 0
    assert quiz.mark(bank.question("q_order"), [1, 1, 3]).correct is None


def test_save_on_an_empty_judgement_says_there_is_nothing_to_save(bank):
    explorer = quiz.QuizExplorer(bank)
    explorer.check("q_judge")
    assert "nothing to save" in explorer.feedback["q_judge"].value
    assert "Saved" not in explorer.feedback["q_judge"].value


def test_the_quiz_is_one_view_whatever_the_bank():
    """Every item of a lesson's quiz is drawn by one widget view, not a view per control."""
    import ipywidgets

    explorer = quiz.check_yourself("02_camp_david")
    tree, stack = [], [explorer]
    while stack:
        w = stack.pop()
        tree.append(w)
        stack.extend(c for c in getattr(w, "children", ()) if isinstance(c, ipywidgets.DOMWidget))
    assert len(explorer.view.items) == len(explorer.bank.questions) >= 5
    assert len(tree) <= 3, [type(w).__name__ for w in tree]  # the explorer, the quiz view, its frame


def test_an_answer_from_the_page_is_saved_and_withdraws_the_check(bank):
    explorer = quiz.QuizExplorer(bank)
    explorer.controls["q_choice"].value = 1
    explorer.check("q_choice")
    assert "Correct." in explorer.feedback["q_choice"].value
    explorer.view.set_state({"answers": {**explorer.view.answers, "q_choice": 0}})  # as the comm does
    assert explorer.controls["q_choice"].value == 0
    assert explorer.feedback["q_choice"].value == "" and "q_choice" not in explorer.checked
    assert journal.current().get("99_test", "quiz/q_choice")["answer"] == 0
    explorer._message(explorer.view, {"check": "q_choice"}, [])  # the page's Check button
    assert "Practice try" in explorer.feedback["q_choice"].value
    # Check pressed while the page's state update still waits in its queue: the message
    # carries the answer shown, which is the one checked
    explorer._message(explorer.view, {"check": "q_multi", "answer": [2, 0]}, [])
    assert explorer.first["q_multi"]["answer"] == [0, 2] and "Correct." in explorer.feedback["q_multi"].value


JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 12) | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=5),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None)
@given(qid=st.sampled_from(sorted(ANSWERS) + ["q_judge"]), sent=JSON)
def test_whatever_the_page_sends_the_answer_is_one_the_item_offers_or_none(qid, sent):
    explorer = _junk_quiz()
    explorer.view.set_state({"answers": {qid: sent}})
    q, value = good_bank().question(qid), explorer.controls[qid].value
    if value is not None:
        explorer.controls[qid].value = value  # the setter accepts it back
    quiz.mark(q, value)  # and it can be marked (or refused with a sentence)
    assert isinstance(refusal(q, value), str)


@functools.lru_cache(maxsize=1)
def _junk_quiz():
    """One explorer for every example (in memory only): building one per example is slow."""
    return quiz.QuizExplorer(good_bank(), journal.Journal(Path("/nonexistent/unused.json"), memory=True))


def _heads(explorer) -> list[str]:
    """The heading HTML of every question a quiz explorer shows."""
    return [item["head"] for item in explorer.view.items]


@pytest.mark.parametrize("lesson", quiz.lessons_with_banks())
def test_instructions_are_not_repeated_and_show_no_table_names(lesson):
    heads = _heads(quiz.check_yourself(lesson))
    assert heads
    for head in heads:
        assert len(re.findall("all that apply", head, flags=re.IGNORECASE)) <= 1, head
        assert "<code>" not in head and "table `" not in head


def test_answers_restore_with_the_same_option_order(bank):
    first = quiz.QuizExplorer(bank)
    shown = {qid: c.shown() for qid, c in first.controls.items()}
    first.controls["q_multi"].value = [0, 2]
    first.check("q_multi")
    saved = journal.current().get("99_test", "quiz/q_multi")
    assert saved["answer"] == [0, 2] and saved["correct"] is True and saved["kind"] == "multi"
    journal._JOURNALS.clear()  # a new kernel: the file is all that is left
    again = quiz.QuizExplorer(bank)
    assert {qid: c.shown() for qid, c in again.controls.items()} == shown
    assert again.controls["q_multi"].value == [0, 2]
    assert "Correct." in again.feedback["q_multi"].value


def test_the_key_is_kept_in_the_journal_and_orders_options(bank):
    j = journal.current()
    quiz.QuizExplorer(bank, j)
    key = j.get("00_start_here", "student_key")
    assert isinstance(key, str) and len(key) == 32
    control = quiz.QuizExplorer(bank, j).controls["q_order"]
    assert control.order == quiz.shuffled(key, "q_order", 3)


def test_voila_makes_no_key_but_takes_a_restored_one(tmp_path, bank):
    j = journal.Journal(tmp_path / "unused.json", memory=True)
    explorer = quiz.QuizExplorer(bank, j)
    assert j.get("00_start_here", "student_key") is None  # nothing made on a shared server
    assert explorer.controls["q_order"].order == quiz.shuffled("", "q_order", 3)
    explorer.controls["q_choice"].value = 1
    j.save("00_start_here", "student_name", "Ann Lee")  # the name typed on the start page
    assert explorer.controls["q_order"].order == quiz.shuffled("ann lee", "q_order", 3)
    j.save("00_start_here", "student_key", "restored-key")  # e.g. from the page's storage
    for qid, control in explorer.controls.items():
        assert control.order == quiz.shuffled("restored-key", qid, len(bank.question(qid).options))
    assert explorer.controls["q_choice"].value == 1  # the answer survives the reorder


def test_judge_answers_are_saved_not_marked(bank):
    explorer = quiz.QuizExplorer(bank)
    explorer.controls["q_judge"].value = "The SCO is <not> a bloc"
    explorer.check("q_judge")
    saved = journal.current().get("99_test", "quiz/q_judge")
    assert saved["answer"] == "The SCO is <not> a bloc" and saved["kind"] == "judge"
    assert "correct" not in saved
    assert (
        "rubric" in explorer.feedback["q_judge"].value and "strong" not in explorer.feedback["q_judge"].value
    )


def test_real_lesson_quiz_renders():
    shown = quiz.check_yourself("01_blocs")
    assert isinstance(shown, quiz.QuizExplorer)
    assert repr(shown).startswith("Check yourself (01_blocs): 7 items")


def test_review_shows_judge_answers_among_earlier_answers(bank):
    from course.widgets import review

    explorer = quiz.QuizExplorer(bank)
    explorer.controls["q_judge"].value = "Written <judgement>"
    explorer.controls["q_choice"].value = 1
    earlier = review.EarlierAnswers(journal.current())
    assert earlier.reflections() == [("99_test", "Judge it", "Written <judgement>")]
    assert "Written &lt;judgement&gt;" in earlier.view.value
    assert {q.lesson for q in review.mixed_quiz().bank.questions} >= {"01_blocs", "07_policy_lab"}


def test_evidence_rows_can_be_named_by_the_start_of_a_long_cell(tmp_path):
    by_start = GOOD.replace(
        "{iso3: CHN, status: shanghai_five, start_year: 1996}", '{country: "Chi…", status: shanghai_five}'
    )
    bank = quiz.load_bank_file(write(tmp_path, by_start), known_sources=KNOWN)
    assert bank.question("q_evidence").options[2].text == "China · shanghai_five · 1996"
    ambiguous = GOOD.replace("{iso3: CHN, status: shanghai_five, start_year: 1996}", '{country: "Chi…"}')
    with pytest.raises(QuizError, match="2 rows of 'sco_membership' match"):
        quiz.load_bank_file(write(tmp_path, ambiguous), known_sources=KNOWN)
