"""The quiz in Voila: one item of each new kind answered right and wrong, with the matching
feedback; a reload keeps the option order. The option order a page shows is computed here
from the bank (Voila, no student key yet: the shared default seed) and read from the page."""

from __future__ import annotations

import html

import pytest

from course import quiz
from course.quiz.widgets import ORDINALS
from tests.browser.lessons import open_lesson

pytestmark = pytest.mark.browser


def block(page, qid: str):
    return page.locator(f".course-quiz-q-{qid}")


def feedback(page, qid: str, expect: str) -> str:
    """Press Check and wait for feedback containing `expect`; return its text."""
    b = block(page, qid)
    b.get_by_role("button", name="Check").click()
    fb = b.locator(".course-feedback")
    fb.filter(has_text=expect).wait_for(timeout=30_000)
    return fb.inner_text()


def shown_labels(page, qid: str) -> list[str]:
    """The options (or the rows to place) of an item, in the order the page shows them."""
    return block(page, qid).locator(".course-quiz-option span, .course-quiz-row label").all_inner_texts()


def choose(page, q: quiz.Question, answer) -> None:
    """Set an answer (bank order) through the page's own controls, found by their names."""
    b = block(page, q.id)
    if q.kind == "choice":
        b.get_by_role("radio", name=q.options[answer].text, exact=True).check()
    elif q.kind in ("multi", "evidence"):
        for i, option in enumerate(q.options):
            b.get_by_role("checkbox", name=option.text, exact=True).set_checked(i in answer)
    elif q.kind == "order":
        for i, option in enumerate(q.options):
            b.get_by_role("combobox", name=option.text, exact=True).select_option(
                label=ORDINALS[answer[i] - 1]
            )
    elif q.kind == "match":
        for i, option in enumerate(q.options):
            b.get_by_role("combobox", name=option.text, exact=True).select_option(
                label=q.options[answer[i]].match
            )


def right_and_wrong(q: quiz.Question):
    n = len(q.options)
    if q.kind == "choice":
        return q.right[0], next(i for i in range(n) if i != q.right[0])
    if q.kind in ("multi", "evidence"):
        return list(q.right), [next(i for i in range(n) if i not in q.right)]
    base = list(range(1, n + 1)) if q.kind == "order" else list(range(n))
    return base, [base[1], base[0], *base[2:]]


def _head(q: quiz.Question, answer) -> str:
    """The verdict the feedback opens with, from the marking itself."""
    m = quiz.mark(q, answer)
    return "Correct." if m.correct else ("Partly right." if m.score > 0 else "Not quite.")


def answer_and_check(page, q: quiz.Question, right_first: bool = False):
    """Check a wrong and a right answer, in either order. The first checked answer is the
    scored one; the second is headed "Practice try" and says the score stays the first's.
    Return the first (scored) answer."""
    right, wrong = right_and_wrong(q)
    first, later = (right, wrong) if right_first else (wrong, right)
    for n, (answer, is_right) in enumerate(((first, right_first), (later, not right_first))):
        choose(page, q, answer)
        text = feedback(page, q.id, _head(q, answer))
        m = quiz.mark(q, answer)
        practice = block(page, q.id).locator(".course-quiz-practice")  # the line over the feedback
        if n == 0:
            assert practice.count() == 0
        else:
            kept = quiz.mark(q, first)
            line = " ".join(practice.inner_text().split())
            assert line.startswith("Practice try.")
            assert f"stays {kept.score:.2g} of {kept.max:.0f}, from your first checked answer" in line
        if not is_right:  # each option's own feedback, with its source
            for option in [q.options[i] for i, _, _ in m.lines]:
                assert " ".join(option.feedback.split())[:60] in " ".join(text.split())
        else:
            assert "Score 1 of 1" in text
            assert f"[{q.options[q.right[0] if q.right else 0].source_id}]" in text
    return first


def test_02_choice_multi_order_evidence_right_and_wrong_and_reload(page, voila_url):
    bank = quiz.load_bank("02_camp_david")
    open_lesson(page, voila_url, "02_camp_david")
    # the first item right first (it scores), the others wrong first (they do not)
    asked = ("consult_legal", "binding_instruments", "rupture_to_summit", "outlasting_evidence")
    firsts = {
        qid: answer_and_check(page, bank.question(qid), right_first=n == 0) for n, qid in enumerate(asked)
    }
    expected = quiz.score(bank, firsts).summary()
    assert expected.startswith("1 of ")
    assert expected in page.locator(".course-quiz-score").inner_text()

    order_q = bank.question("rupture_to_summit")
    expected = [order_q.options[i].text for i in quiz.shuffled("", order_q.id, len(order_q.options))]
    before = {
        qid: shown_labels(page, qid) for qid in ("consult_legal", "binding_instruments", "rupture_to_summit")
    }
    assert [label.strip() for label in before["rupture_to_summit"]] == expected
    open_lesson(page, voila_url, "02_camp_david")  # a reload: a new kernel
    after = {qid: shown_labels(page, qid) for qid in before}
    assert after == before


def test_01_match_right_and_wrong(page, voila_url):
    bank = quiz.load_bank("01_blocs")
    open_lesson(page, voila_url, "01_blocs")
    q = bank.question("treaty_articles")
    answer_and_check(page, q)
    text = block(page, q.id).locator(".course-feedback").inner_text()
    assert html.unescape(q.options[0].match) in text
