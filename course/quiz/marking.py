"""Marking, as pure functions: an item and an answer in, a verdict, a score and feedback out.

Why pure: the same functions mark a student's click in the lesson and re-mark an exported
answer in the instructor's gradebook, and hypothesis can test them without a kernel.

Answers are always in the bank's own order (see course.quiz.bank); `shuffled` gives the
order a student sees, from a per-student seed, so the display can change without changing
what any stored answer means.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from course.quiz.bank import Bank, Question

Status = Literal["correct", "incorrect", "unanswered"]


def shuffled(seed: str, qid: str, n: int) -> list[int]:
    """A permutation of range(n), the same every time for the same seed and item."""
    digest = hashlib.sha256(f"{seed}\x00{qid}".encode()).digest()
    order = list(range(n))
    random.Random(int.from_bytes(digest[:8], "big")).shuffle(order)
    return order


@dataclass(frozen=True)
class Mark:
    """The verdict on one answer.

    `correct` is None when there is no answer yet (or for an unmarked judge item);
    `score` is out of `max` (1 for marked items); `lines` are (option index, is-right,
    what-the-student-did) for per-option feedback.
    """

    correct: bool | None
    score: float = 0.0
    max: float = 1.0
    lines: tuple[tuple[int, bool, str], ...] = ()


def _indices(answer: Any, n: int) -> list[int] | None:
    """A clean list of distinct option indices, or None if the answer is not one."""
    if not isinstance(answer, (list, tuple)):
        return None
    if not all(isinstance(i, int) and not isinstance(i, bool) and 0 <= i < n for i in answer):
        return None
    return sorted(set(answer))


def mark(question: Question, answer: Any) -> Mark:
    """Mark `answer` (bank order) for `question`; never raises on a malformed answer."""
    n = len(question.options)
    kind = question.kind
    if kind == "judge":
        return Mark(None, 0.0, 0.0)
    if kind == "choice":
        if isinstance(answer, bool) or not isinstance(answer, int) or not 0 <= answer < n:
            return Mark(None)
        right = question.right[0]
        lines = [(answer, answer == right, "chosen")]
        if answer != right:
            lines.append((right, True, "not chosen"))
        return Mark(answer == right, float(answer == right), 1.0, tuple(lines))
    if kind in ("multi", "evidence"):
        picked = _indices(answer, n)
        if not picked:
            return Mark(None)
        right = set(question.right)
        lines = tuple(
            (i, i in right, "chosen" if i in picked else "not chosen")
            for i in range(n)
            if i in picked or i in right
        )
        hits = len(right & set(picked))
        wrong = len(set(picked) - right)
        score = max(0.0, (hits - wrong) / len(right))
        return Mark(set(picked) == right, score, 1.0, lines)
    if kind == "order":
        if not isinstance(answer, (list, tuple)) or len(answer) != n:
            return Mark(None)
        if all(p is None for p in answer):
            return Mark(None)
        if not all(
            p is None or (isinstance(p, int) and not isinstance(p, bool) and 1 <= p <= n) for p in answer
        ):
            return Mark(None)
        given = [p for p in answer if p is not None]
        if len(set(given)) != len(given):
            return Mark(None)  # two events in one place: refused, never marked (nor revealed)
        placed = [i for i, p in enumerate(answer) if p == i + 1]
        lines = tuple((i, answer[i] == i + 1, f"placed {answer[i] or 'nowhere'}") for i in range(n))
        return Mark(len(placed) == n, len(placed) / n, 1.0, lines)
    if kind == "match":
        if not isinstance(answer, (list, tuple)) or len(answer) != n:
            return Mark(None)
        if all(a is None for a in answer):
            return Mark(None)
        if not all(
            a is None or (isinstance(a, int) and not isinstance(a, bool) and 0 <= a < n) for a in answer
        ):
            return Mark(None)
        good = [i for i, a in enumerate(answer) if a == i]
        lines = tuple((i, answer[i] == i, "matched") for i in range(n))
        return Mark(len(good) == n, len(good) / n, 1.0, lines)
    return Mark(None)


def is_correct(question: Question, answer: Any) -> bool | None:
    """True/False for an answer; None when there is none yet."""
    return mark(question, answer).correct


def answer_text(question: Question, answer: Any) -> str:
    """The answer in words, for exports and the gradebook's long-form CSV."""
    if question.kind == "judge":
        return "" if answer is None else str(answer)
    if mark(question, answer).correct is None:
        return ""
    opts = question.options
    if question.kind == "choice":
        return opts[answer].text
    if question.kind in ("multi", "evidence"):
        return "; ".join(opts[i].text for i in sorted(set(answer)))
    if question.kind == "order":
        placed = sorted((p, i) for i, p in enumerate(answer) if p is not None)
        return " → ".join(opts[i].text for _, i in placed)
    return "; ".join(f"{opts[i].text} — {opts[a].match}" for i, a in enumerate(answer) if a is not None)


@dataclass(frozen=True)
class Result:
    """Per-item status and score, and the counts a summary line needs (marked items only)."""

    statuses: dict[str, Status] = field(default_factory=dict)
    points: float = 0.0

    @property
    def total(self) -> int:
        return len(self.statuses)

    def count(self, status: Status) -> int:
        return sum(1 for s in self.statuses.values() if s == status)

    @property
    def correct(self) -> int:
        return self.count("correct")

    @property
    def unanswered(self) -> int:
        return self.count("unanswered")

    @property
    def answered(self) -> int:
        return self.total - self.unanswered

    def summary(self) -> str:
        """'2 of 5 correct; 1 not yet answered.'"""
        line = f"{self.correct} of {self.total} correct"
        if self.unanswered:
            line += f"; {self.unanswered} not yet answered"
        return line + "."


def score(bank: Bank, answers: Mapping[str, Any]) -> Result:
    """Score answers (item id -> answer in bank order); missing ids are unanswered."""
    statuses: dict[str, Status] = {}
    points = 0.0
    for q in bank.questions:
        if not q.marked:
            continue
        m = mark(q, answers.get(q.id))
        statuses[q.id] = "unanswered" if m.correct is None else ("correct" if m.correct else "incorrect")
        points += m.score
    return Result(statuses, points)


def marked_items(questions: Sequence[Question]) -> list[Question]:
    return [q for q in questions if q.marked]
