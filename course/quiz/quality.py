"""What makes a bank fair, as checks a test (or an author) can run: `problems(bank)` and
`cue_report(banks)`.

Why: a quiz whose right answer is usually the longest option, or usually the second, can be
passed without reading the lesson (issue 11 found exactly that). These rules catch it:

* right answers are spread: with four or more choice items, no position holds more than
  half of them (positions in the bank's order, which is also the order a student without a
  key sees);
* option texts read as prose, never as data labels (`data_labels`);
* no two options of an item repeat (ignoring case, spacing and punctuation), and no two
  options share the same feedback;
* every option has feedback and every item and option cites a source of data/sources.csv;
* surface cues do not find the key: guessers that pick an option by its surface alone (the
  longest, the shortest, the most hedged, the one echoing most words of the prompt, the one
  holding a number) are played over the single-answer choice items and compared with chance
  (see `cue_rates`); across the course each cue must land within `COURSE_TOLERANCE` of
  chance, and within one bank no cue may beat (or trail) chance by more than chance
  variation over that bank's few items explains (`bank_tolerance`);
* lessons 01-07: at least two items that need the explorer or the data (`uses_data`), one
  "judge with evidence" item with a rubric, and a close reading with a rubric; lesson 08 has
  at least seven transfer items and re-draws practice items from every lesson 01-07.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from course.quiz.bank import Bank
from course.quiz.rubric import rubric_problems

MIN_ITEMS_FOR_SPREAD = 4
MIN_TRANSFER = 7  # issue 20: lesson 08 tests transfer to cases the lessons do not teach
REVIEW_LESSONS = ("01", "02", "03", "04", "05", "06", "07")


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def positions(bank: Bank) -> Counter:
    """How often each position (0-based, bank order) holds the right answer of a choice item."""
    return Counter(q.right[0] for q in bank.questions if q.kind == "choice")


DATA_LABELS = (
    (r"\s·\s", "a ' · ' join of data columns"),
    (r"\b[a-z]+_[a-z0-9_]+\b", "a column or code name"),
    (r"\b\d{3,}\.0\b", "a raw float"),
    (r"\b(?:True|False|nan|NaN)\b|<NA>", "a raw data value"),
    (r"\btable `|\.csv\b", "a table or file name"),
)


def data_labels(text: str) -> list[str]:
    """What in an option's text reads as a data label rather than prose (issue 23: "· partial",
    "table `counterarguments`")."""
    return [why for pattern, why in DATA_LABELS if re.search(pattern, text)]


def problems(bank: Bank, known_sources: Collection[str] | None = None) -> list[str]:
    """Every fairness problem of `bank`, one sentence each (empty: the bank is fair)."""
    out: list[str] = []
    name = bank.file or bank.lesson
    out += cue_problems(single_answer_items([bank]), name)
    total = sum(q.kind == "choice" for q in bank.questions)
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
        for o in q.options:
            for why in data_labels(f"{o.text} {o.match}"):
                out.append(f"{name}, item {q.id!r}: option {o.text[:40]!r} shows {why}")
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
        covered = {q.lesson[:2] for q in (bank.practice or bank.questions)}
        missing = [n for n in REVIEW_LESSONS if n not in covered]
        if missing:
            out.append(f"{name}: the review draws nothing from lesson(s) {', '.join(missing)}")
        transfer = [q for q in bank.questions if q.lesson == bank.lesson]
        if len(transfer) < MIN_TRANSFER:
            out.append(
                f"{name}: {len(transfer)} transfer item(s) that apply the course's tools to new cases "
                f"(at least {MIN_TRANSFER} needed)"
            )
    return out


# ----------------------------------------------------------------------------- surface cues

HEDGES = frozenset(
    "not no never only rather but merely just although though however unless cannot nor neither "
    "none nothing without little few hardly barely instead yet".split()
)
STOPWORDS = frozenset(
    "a an the of in on at to for from by with and or as is are was were be been it its this that "
    "these those which what who whom whose how why when where did does do has have had their "
    "there than then into over under about after before between through during s".split()
)
COURSE_TOLERANCE = 0.10  # issue 20: every cue within 10 points of chance, course-wide
BANK_SIGMAS = 2.0


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text.lower().replace("’", "'"))


def hedge_count(text: str) -> int:
    """Hedging words in `text` (not, only, no, never, rather, but, …; "n't" counts as not)."""
    words = _words(text)
    return sum(w in HEDGES for w in words) + sum(w.endswith("n't") for w in words)


def echo_count(prompt: str, text: str) -> int:
    """Distinct content words of `text` that also occur in `prompt`."""
    seen = {w for w in _words(prompt) if w not in STOPWORDS and len(w) > 2}
    return len({w for w in _words(text) if w in seen})


def has_number(text: str) -> bool:
    return bool(re.search(r"\d", text))


def _pick_max(scores: list[float]) -> list[int]:
    top = max(scores)
    return [i for i, s in enumerate(scores) if s == top]


def cue_picks(prompt: str, options: list[str]) -> dict[str, list[int]]:
    """For each cue, the options a guesser following it would choose between (ties: all of them;
    a cue that tells the options nothing apart picks among all)."""
    lengths = [len(o) for o in options]
    numbers = [i for i, o in enumerate(options) if has_number(o)]
    return {
        "longest": _pick_max(lengths),
        "shortest": _pick_max([-n for n in lengths]),
        "most hedged": _pick_max([hedge_count(o) for o in options]),
        "most echoed": _pick_max([echo_count(prompt, o) for o in options]),
        "holds a number": numbers or list(range(len(options))),
    }


CUES = ("longest", "shortest", "most hedged", "most echoed", "holds a number")


@dataclass(frozen=True)
class CueRates:
    """Expected hit rate of each cue guesser (ties broken at random) against chance."""

    items: int
    chance: float
    rates: dict[str, float]

    def gaps(self) -> dict[str, float]:
        """Each cue's rate minus chance (positive: the cue finds the key more often)."""
        return {cue: rate - self.chance for cue, rate in self.rates.items()}


def single_answer_items(banks: Iterable[Bank]) -> list:
    """The single-answer choice items of `banks`, each once (a review bank re-draws items)."""
    seen: dict[tuple[str, str], object] = {}
    for bank in banks:
        for q in bank.questions:
            if q.kind == "choice":
                seen.setdefault((q.lesson or bank.lesson, q.id.rsplit(".", 1)[-1]), q)
    return list(seen.values())


def cue_rates(questions) -> CueRates:
    """Play every cue guesser over `questions` (choice items)."""
    items = [q for q in questions if q.kind == "choice"]
    if not items:
        return CueRates(0, 0.0, dict.fromkeys(CUES, 0.0))
    chance = sum(1 / len(q.options) for q in items) / len(items)
    hits = dict.fromkeys(CUES, 0.0)
    for q in items:
        right = q.right[0]
        for cue, picks in cue_picks(q.prompt, [o.text for o in q.options]).items():
            hits[cue] += (right in picks) / len(picks)
    return CueRates(len(items), chance, {cue: h / len(items) for cue, h in hits.items()})


def bank_tolerance(questions) -> float:
    """How far a cue may stray from chance over these items before it is more than luck: two
    standard deviations of the hit count of a random guesser, as a share (at least the
    course tolerance)."""
    items = [q for q in questions if q.kind == "choice"]
    if not items:
        return 1.0
    var = sum((1 / len(q.options)) * (1 - 1 / len(q.options)) for q in items)
    return max(COURSE_TOLERANCE, BANK_SIGMAS * math.sqrt(var) / len(items))


def cue_problems(questions, name: str, tolerance: float | None = None) -> list[str]:
    """One sentence per cue that strays from chance by more than `tolerance`."""
    rates = cue_rates(questions)
    limit = bank_tolerance(questions) if tolerance is None else tolerance
    return [
        f"{name}: picking the {cue} option is right {rates.rates[cue]:.0%} of the time over "
        f"{rates.items} single-answer items, against {rates.chance:.0%} by chance "
        f"(more than {limit * 100:.0f} points away)"
        for cue, gap in rates.gaps().items()
        if abs(gap) > limit + 1e-9
    ]


def cue_report(banks: Iterable[Bank]) -> str:
    """A table of every cue's rate per bank and course-wide, for authors."""
    banks = list(banks)
    lines = [f"{'bank':26} {'n':>3} {'chance':>6} " + " ".join(f"{c[:12]:>12}" for c in CUES)]
    rows = [(b.lesson, single_answer_items([b])) for b in banks]
    rows.append(("course", single_answer_items(banks)))
    for name, items in rows:
        r = cue_rates(items)
        lines.append(
            f"{name:26} {r.items:3d} {r.chance:6.0%} " + " ".join(f"{r.rates[c]:12.0%}" for c in CUES)
        )
    return "\n".join(lines)


if __name__ == "__main__":
    from course.quiz.bank import lessons_with_banks, load_bank

    print(cue_report(load_bank(lesson) for lesson in lessons_with_banks()))
