"""What makes a bank fair, as checks a test (or an author) can run: `problems(bank)`.

Why: a quiz whose right answer is usually the longest option, or usually the second, can be
passed without reading the lesson (issue 11 found exactly that). These rules catch it:

* at most 40% of a bank's choice items have the right option as the longest (ties count as
  longest);
* right answers are spread: with four or more choice items, no position holds more than
  half of them (positions in the bank's order, which is also the order a student without a
  key sees);
* no two options of an item repeat (ignoring case, spacing and punctuation), and no two
  options share the same feedback;
* every option has feedback and every item and option cites a source of data/sources.csv;
* lessons 01-07: at least two items that need the explorer or the data (`uses_data`), one
  "judge with evidence" item with a rubric; a drawn review bank covers lessons 01-07.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection

from course.quiz.bank import Bank
from course.quiz.rubric import rubric_problems

MAX_LONGEST_SHARE = 0.40
MIN_ITEMS_FOR_SPREAD = 4
REVIEW_LESSONS = ("01", "02", "03", "04", "05", "06", "07")


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def longest_is_right(bank: Bank) -> tuple[int, int]:
    """(choice items whose right option is at least as long as every other, choice items)."""
    choice = [q for q in bank.questions if q.kind == "choice"]
    hits = 0
    for q in choice:
        right = q.right[0]
        others = [len(o.text) for i, o in enumerate(q.options) if i != right]
        hits += len(q.options[right].text) >= max(others)
    return hits, len(choice)


def positions(bank: Bank) -> Counter:
    """How often each position (0-based, bank order) holds the right answer of a choice item."""
    return Counter(q.right[0] for q in bank.questions if q.kind == "choice")


def problems(bank: Bank, known_sources: Collection[str] | None = None) -> list[str]:
    """Every fairness problem of `bank`, one sentence each (empty: the bank is fair)."""
    out: list[str] = []
    name = bank.file or bank.lesson
    hits, total = longest_is_right(bank)
    if total and hits / total > MAX_LONGEST_SHARE:
        out.append(
            f"{name}: the right option is the longest in {hits} of {total} choice items "
            f"(at most {MAX_LONGEST_SHARE:.0%} allowed)"
        )
    spread = positions(bank)
    if total >= MIN_ITEMS_FOR_SPREAD:
        pos, count = spread.most_common(1)[0]
        if count > total / 2:
            out.append(
                f"{name}: position {pos + 1} holds the right answer in {count} of {total} "
                "choice items (more than half)"
            )
    for q in bank.questions:
        texts = [_norm(o.text) for o in q.options] + [_norm(o.match) for o in q.options if o.match]
        if len(set(texts)) != len(texts):
            out.append(f"{name}, item {q.id!r}: two options repeat")
        feedback = [_norm(o.feedback) for o in q.options]
        if any(not f for f in feedback):
            out.append(f"{name}, item {q.id!r}: an option has no feedback")
        elif len(set(feedback)) != len(feedback):
            out.append(f"{name}, item {q.id!r}: two options share the same feedback")
        if known_sources is not None:
            for source in {q.source_id, *(o.source_id for o in q.options)} - set(known_sources):
                out.append(f"{name}, item {q.id!r}: source {source!r} is not in data/sources.csv")
        if q.kind == "judge":
            out += rubric_problems(q.rubric, f"{name}, item {q.id!r}")
    number = bank.lesson[:2]
    if number in REVIEW_LESSONS:
        if sum(q.uses_data for q in bank.questions) < 2:
            out.append(f"{name}: fewer than two items use the explorer or the data")
        if not any(q.kind == "judge" for q in bank.questions):
            out.append(f"{name}: no judge-with-evidence item")
        out += rubric_problems(bank.close_reading, f"{name}, close reading")
    elif number == "08":
        covered = {q.lesson[:2] for q in bank.questions}
        missing = [n for n in REVIEW_LESSONS if n not in covered]
        if missing:
            out.append(f"{name}: the review draws nothing from lesson(s) {', '.join(missing)}")
    return out
