"""How long a lesson takes, by one stated rule, computed from the notebook and its quiz bank.

The rule (`RULE`): reading the student's prose at READING_WPM words a minute; WRITTEN_MIN
minutes for each written task (a reflection box, the close reading, each "Try this" task
and each judge-with-evidence item); EXPLORER_MIN minutes to get to know each explorer;
QUIZ_ITEM_MIN a minute for each marked quiz item. Minutes are rounded up to the next five.
A lesson over MAX_MEETING minutes does not fit one class meeting: `schedule` splits it into
parts at its section headings, each within the limit and each rounded up on its own; such a
lesson's time is the sum of its parts, so the meetings always add up to the total.

Why computed: stated times drifted (issue 20 found 55-58 minutes claimed for lessons of
2,000-2,900 words with several written tasks). The syllabus shows `syllabus_table()` and each
lesson's header line shows `header_phrase()`; tests check both against this function.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

READING_WPM = 150
WRITTEN_MIN = 6
EXPLORER_MIN = 4
QUIZ_ITEM_MIN = 1
MAX_MEETING = 90
ROUND_TO = 5

RULE = (
    f"Times are computed by one rule: reading the lesson's text at {READING_WPM} words a minute, "
    f"{WRITTEN_MIN} minutes for each written task (reflection, close reading, “Try this” task, "
    f"judge-with-evidence item), {EXPLORER_MIN} minutes to get to know each explorer and "
    f"{QUIZ_ITEM_MIN} minute for each marked quiz question, rounded up to the next {ROUND_TO} "
    f"minutes. A lesson over {MAX_MEETING} minutes is split into parts taught in separate meetings, "
    "each rounded on its own; its time is the sum of the parts."
)

# A code cell that builds an explorer (not navigation, a table, a text box or the quiz).
EXPLORER = re.compile(r"(\w+_explorer|analogy_lab|counterarguments|\bbuilder\b|\bexplorer\b)\s*(\(|$)", re.M)
WRITTEN_CALL = re.compile(r"journal\.(reflection|try_this)\(")
TRY_THIS = re.compile(r"\*\*Try this\b")
HEADING = re.compile(r"^##\s+(.+)$", re.M)


@dataclass(frozen=True)
class Counts:
    """What the rule counts in a stretch of a lesson."""

    words: int = 0
    written: int = 0
    explorers: int = 0
    quiz_items: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.words + other.words,
            self.written + other.written,
            self.explorers + other.explorers,
            self.quiz_items + other.quiz_items,
        )


def minutes(counts: Counts) -> int:
    """The rule applied to `counts`, rounded up to the next ROUND_TO minutes."""
    raw = _raw(counts)
    return int(math.ceil(raw / ROUND_TO) * ROUND_TO) if raw > 0 else 0


def prose_words(markdown: str) -> int:
    """Words a student reads in a Markdown cell: no HTML tags, instructor <details>, links'
    addresses or citation keys."""
    text = re.sub(r"<details>.*?</details>", " ", markdown, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    text = re.sub(r"\[[a-z][a-z0-9]*_[a-z0-9_]+\]", " ", text)
    return len(re.findall(r"[A-Za-z0-9][\w'’.-]*", text))


def _source(cell: Mapping) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def _student_cells(cells: Sequence[Mapping]) -> list[Mapping]:
    return [c for c in cells if "instructor" not in c.get("metadata", {}).get("tags", [])]


def cell_counts(cell: Mapping, quiz: Counts = Counts(), practice: Counts = Counts()) -> Counts:
    """What one cell adds (a quiz cell adds `quiz`, the bank's items; a practice quiz cell
    adds `practice`)."""
    text = _source(cell)
    if cell.get("cell_type") == "markdown":
        return Counts(prose_words(text), len(TRY_THIS.findall(text)))
    if cell.get("cell_type") != "code":
        return Counts()
    if "check_yourself(" in text:
        return practice if "practice=True" in text else quiz
    written = len([m for m in WRITTEN_CALL.finditer(text) if m.group(1) == "reflection"])
    return Counts(0, written, len(EXPLORER.findall(text)))


def quiz_counts(lesson: str) -> tuple[Counts, Counts]:
    """A lesson's quiz and its practice items: one minute per marked item, a written task
    per judge item."""
    from course.quiz import bank_path, load_bank

    if not bank_path(lesson).exists():
        return Counts(), Counts()
    bank = load_bank(lesson)

    def count(items) -> Counts:
        return Counts(0, sum(q.kind == "judge" for q in items), 0, sum(q.marked for q in items))

    return count(bank.questions), count(bank.practice)


@dataclass(frozen=True)
class Part:
    """A stretch of a lesson taught in one meeting: its first heading and its minutes."""

    starts: str
    minutes: int


Quiz = tuple[Counts, Counts]
NO_QUIZ: Quiz = (Counts(), Counts())


def lesson_counts(cells: Sequence[Mapping], quiz: Quiz = NO_QUIZ) -> Counts:
    """Everything the rule counts in a lesson's student cells."""
    total = Counts()
    for cell in _student_cells(cells):
        total = total + cell_counts(cell, *quiz)
    return total


def _raw(counts: Counts) -> float:
    return (
        counts.words / READING_WPM
        + counts.written * WRITTEN_MIN
        + counts.explorers * EXPLORER_MIN
        + counts.quiz_items * QUIZ_ITEM_MIN
    )


def _best_split(sections: list[tuple[str, Counts]], n: int) -> list[tuple[str, Counts]]:
    """`sections` cut into `n` runs of consecutive sections, the longest run as short as it
    can be (dynamic programming over the cut points)."""
    m = len(sections)
    prefix = [Counts()]
    for _, c in sections:
        prefix.append(prefix[-1] + c)

    def run(a: int, b: int) -> Counts:
        return Counts(
            *(
                getattr(prefix[b], f) - getattr(prefix[a], f)
                for f in ("words", "written", "explorers", "quiz_items")
            )
        )

    best: dict[tuple[int, int], tuple[float, list[int]]] = {(0, 0): (0.0, [])}
    for k in range(1, n + 1):
        for b in range(k, m + 1):
            options = [
                (max(best[(k - 1, a)][0], _raw(run(a, b))), [*best[(k - 1, a)][1], a])
                for a in range(k - 1, b)
                if (k - 1, a) in best
            ]
            if options:
                best[(k, b)] = min(options, key=lambda o: o[0])
    cuts = [*best[(n, m)][1], m]
    return [(sections[a][0], run(a, b)) for a, b in zip(cuts, cuts[1:], strict=False)]


def schedule(cells: Sequence[Mapping], quiz: Quiz = NO_QUIZ, limit: int = MAX_MEETING) -> list[Part]:
    """The lesson in as few meetings as keep each within `limit` minutes, split only at "## "
    section headings, with the longest meeting as short as possible (one part when it fits).
    A single section longer than the limit is a meeting of its own."""
    sections = _sections(cells, quiz)
    total = minutes(sum((c for _, c in sections), Counts()))
    if total <= limit:
        return [Part(sections[0][0], total)]
    for n in range(math.ceil(total / limit), len(sections) + 1):
        parts = _best_split(sections, n)
        if max(minutes(c) for _, c in parts) <= limit or n == len(sections):
            break
    return [Part(name, minutes(c)) for name, c in parts if minutes(c) > 0]


def _cells(stem: str, folder: Path | None = None) -> list[Mapping]:
    import json

    from course.core.paths import NOTEBOOKS_DIR

    path = (folder or NOTEBOOKS_DIR) / f"{stem}.ipynb"
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def total_minutes(cells: Sequence[Mapping], quiz: Quiz = NO_QUIZ) -> int:
    """A lesson's minutes: the sum of its meetings' minutes (one meeting: the rule applied to
    the whole). Why the sum: each part is rounded up on its own, and a total rounded
    separately would not match the meetings the header and syllabus list (issue: 50 + 55
    shown for a lesson of "about 100 minutes")."""
    return sum(p.minutes for p in schedule(cells, quiz))


def lesson_minutes(stem: str, folder: Path | None = None) -> int:
    """The rule's minutes for notebooks/<stem>.ipynb with its quiz bank."""
    return total_minutes(_cells(stem, folder), quiz_counts(stem))


def lesson_parts(stem: str, folder: Path | None = None) -> list[Part]:
    return schedule(_cells(stem, folder), quiz_counts(stem))


def _label(heading: str) -> str:
    """A section heading as the times quote it: "1 · The road…" becomes "§1 The road…"."""
    match = re.match(r"(\d+) · (.+)", heading)
    return f"§{match.group(1)} {match.group(2)}" if match else heading


def header_phrase(stem: str, folder: Path | None = None) -> str:
    """The time as a lesson's header line gives it: "about 75 minutes", or, over the limit,
    "about 100 minutes, in two meetings (50 minutes, then 55 from “§4 Why it is fragile”)"."""
    total = lesson_minutes(stem, folder)
    parts = lesson_parts(stem, folder)
    if len(parts) == 1:
        return f"about {total} minutes"
    words = {2: "two", 3: "three", 4: "four"}
    rest = ", then ".join(f"{p.minutes} from “{_label(p.starts)}”" for p in parts[1:])
    return f"about {total} minutes, in {words.get(len(parts), len(parts))} meetings ({parts[0].minutes} minutes, then {rest})"


def lessons() -> list[str]:
    from course.core.paths import NOTEBOOKS_DIR

    return sorted(p.stem for p in NOTEBOOKS_DIR.glob("0[0-8]_*.ipynb"))


def syllabus_table() -> str:
    """The syllabus's times table (between its markers): minutes and meetings per lesson."""
    lines = ["| Lesson | Computed time | Meetings |", "|---|---|---|"]
    for stem in lessons():
        parts = lesson_parts(stem)
        meetings = (
            "1"
            if len(parts) == 1
            else f"{len(parts)}: " + "; ".join(f"from “{_label(p.starts)}” ({p.minutes} min)" for p in parts)
        )
        lines.append(f"| {stem[:2]} | {lesson_minutes(stem)} min | {meetings} |")
    return "\n".join([RULE, "", *lines])


def _sections(cells: Sequence[Mapping], quiz: Quiz) -> list[tuple[str, Counts]]:
    sections: list[tuple[str, Counts]] = [("Opening", Counts())]  # before the first heading
    for cell in _student_cells(cells):
        pieces = [cell]
        if cell.get("cell_type") == "markdown":  # a cell may hold several sections
            chunks = re.split(r"(?m)^(?=##\s)", _source(cell))
            pieces = [{**cell, "source": chunk} for chunk in chunks if chunk]
        for piece in pieces:
            heading = HEADING.match(_source(piece)) if piece.get("cell_type") == "markdown" else None
            if heading:
                sections.append((heading.group(1).strip(), Counts()))
            name, counts = sections[-1]
            sections[-1] = (name, counts + cell_counts(piece, *quiz))
    return sections


def breakdown(stem: str, folder: Path | None = None) -> tuple[int, list[tuple[str, int]]]:
    """The lesson's minutes and a per-section breakdown that adds up to them exactly, meeting
    by meeting (the rule applied to each section, scaled to its meeting's rounded minutes by
    largest remainder; sections under a minute are folded into the one before)."""
    cells, quiz = _cells(stem, folder), quiz_counts(stem)
    parts = schedule(cells, quiz)
    groups: list[list[tuple[str, float]]] = []
    for name, counts in _sections(cells, quiz):
        if not groups or (len(groups) < len(parts) and name == parts[len(groups)].starts):
            groups.append([])
        groups[-1].append((name, _raw(counts)))
    out: list[tuple[str, int]] = []
    for part, group in zip(parts, groups, strict=False):
        out += _apportion(group, part.minutes)
    return sum(p.minutes for p in parts), out


def _apportion(sections: list[tuple[str, float]], total: int) -> list[tuple[str, int]]:
    """`total` minutes shared among `sections` in proportion to their raw minutes."""
    raw_sum = sum(r for _, r in sections) or 1.0
    merged: list[tuple[str, float]] = []
    for name, raw in sections:
        share = raw * total / raw_sum
        if merged and share < 1:
            merged[-1] = (merged[-1][0], merged[-1][1] + share)
        else:
            merged.append((name, share))
    floors = [int(math.floor(x)) for _, x in merged]
    order = sorted(range(len(merged)), key=lambda i: merged[i][1] - floors[i], reverse=True)
    for i in order[: total - sum(floors)]:
        floors[i] += 1
    return [(name, m) for (name, _), m in zip(merged, floors, strict=True) if m]


def timing_paragraph(stem: str, folder: Path | None = None) -> str:
    """The instructor notes' "**Timing (≈N min).**" line, computed (its parts add up to N)."""
    total, parts = breakdown(stem, folder)
    return f"**Timing (≈{total} min).** " + " · ".join(f"{_label(name)}: {m}" for name, m in parts) + "."


# ----------------------------------------------------------------------------- the documents

TIMES_START, TIMES_END = "<!-- times:start -->", "<!-- times:end -->"
TIMING_PARAGRAPH = re.compile(r"\*\*Timing \(≈\d+ min\)\.\*\*.*?(?=\n\s*\n|\n</details>|$)", re.S)
HEADER_TIME = re.compile(r"(\*\*Time:\*\*\s*)about \d+ minutes(?:, in \w+ meetings \([^)]*\))?")


def syllabus_block(titles: Mapping[str, tuple[str, str]]) -> str:
    """The syllabus's lessons table with computed times (titles: number -> (title, question))."""
    lines = [
        RULE,
        "",
        "| # | Lesson | Question | Time | Meetings |",
        "|---|--------|----------|------|----------|",
    ]
    for stem in lessons():
        title, question = titles.get(stem[:2], ("", ""))
        parts = lesson_parts(stem)
        meetings = (
            "one"
            if len(parts) == 1
            else f"{len(parts)}: " + "; ".join(f"from “{_label(p.starts)}” ({p.minutes} min)" for p in parts)
        )
        lines.append(f"| {stem[:2]} | {title} | {question} | ~{lesson_minutes(stem)} min | {meetings} |")
    return "\n".join(lines)


# A time quoted in running text: "<!-- time: 04 §3, 04 Close reading -->21<!-- /time -->".
# Each reference is a lesson number (the whole lesson) or a number and the start of a section
# label as the instructor notes give it ("§3", "Close reading", "Check yourself"); the number
# shown is the sum of those sections' minutes in `breakdown`, the notes' own split.
TIME_REF = re.compile(r"<!-- time: (?P<refs>[^>]+?) -->(?P<value>\d+)<!-- /time -->")


def section_minutes(stem: str, prefix: str, folder: Path | None = None) -> int:
    """Minutes of the lesson's sections whose label starts with `prefix` (from `breakdown`)."""
    _, parts = breakdown(stem, folder)
    found = [m for name, m in parts if _label(name).startswith(prefix)]
    if not found:
        raise ValueError(f"{stem} has no section starting {prefix!r}")
    return sum(found)


def referenced_minutes(refs: str, folder: Path | None = None) -> int:
    """The minutes a TIME_REF's references add up to ("04 §3, 04 Close reading")."""
    stems = {s[:2]: s for s in lessons()}
    total = 0
    for ref in (r.strip() for r in refs.split(",")):
        number, _, prefix = ref.partition(" ")
        total += (
            section_minutes(stems[number], prefix, folder)
            if prefix
            else lesson_minutes(stems[number], folder)
        )
    return total


def sync_time_refs(text: str, folder: Path | None = None) -> str:
    """`text` with every quoted time (TIME_REF) recomputed."""
    return TIME_REF.sub(
        lambda m: (
            f"<!-- time: {m.group('refs')} -->{referenced_minutes(m.group('refs'), folder)}<!-- /time -->"
        ),
        text,
    )


def sync_syllabus(path: Path | None = None) -> bool:
    """Rewrite the syllabus's times block and its quoted times from the notebooks; True if it
    changed."""
    from course.core.paths import PACKAGE_DIR

    path = path or PACKAGE_DIR / "syllabus.md"
    text = path.read_text(encoding="utf-8")
    rows = re.findall(r"^\|\s*(\d\d)\s*\|\s*([^|]+?)\s*\|\s*([^|]+?)\s*\|\s*~\d+ min\s*\|", text, re.M)
    titles = {n: (t, q) for n, t, q in rows}
    head, _, rest = text.partition(TIMES_START)
    _, _, tail = rest.partition(TIMES_END)
    new = sync_time_refs(f"{head}{TIMES_START}\n{syllabus_block(titles)}\n{TIMES_END}{tail}")
    if new != text:
        path.write_text(new, encoding="utf-8")
    return new != text


def sync_guide(path: Path | None = None) -> bool:
    """Each guide section's "**Timing (≈N min).**" paragraph, computed; True if changed."""
    from course.core.paths import PACKAGE_DIR

    path = path or PACKAGE_DIR / "instructor_guide.md"
    text = path.read_text(encoding="utf-8")
    parts = re.split(r"(?m)^(?=## \d\d · )", text)
    stems = {s[:2]: s for s in lessons()}
    for i, part in enumerate(parts):
        number = re.match(r"## (\d\d) · ", part)
        if number and number.group(1) in stems:
            paragraph = timing_paragraph(stems[number.group(1)])
            parts[i] = TIMING_PARAGRAPH.sub(lambda _m, p=paragraph: p, part, count=1)
    new = "".join(parts)
    if new != text:
        path.write_text(new, encoding="utf-8")
    return new != text


PER_LESSON = re.compile(r"\b\d+–\d+ minutes per lesson")


def per_lesson_range(folder: Path | None = None) -> str:
    """ "35–100 minutes per lesson": the start page's range over lessons 01-08."""
    times = [lesson_minutes(stem, folder) for stem in lessons() if stem[:2] != "00"]
    return f"{min(times)}–{max(times)} minutes per lesson"


def sync_notebook(stem: str, folder: Path | None = None) -> bool:
    """Put the computed time in a lesson's header line and its instructor notes, in one
    read-change-write of the notebook; True if it changed."""
    import nbformat

    from course.core.paths import NOTEBOOKS_DIR

    path = (folder or NOTEBOOKS_DIR) / f"{stem}.ipynb"
    nb = nbformat.read(path, as_version=4)
    changed = False
    phrase, paragraph = header_phrase(stem, folder), timing_paragraph(stem, folder)
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        new = HEADER_TIME.sub(lambda m: m.group(1) + phrase, cell.source, count=1)
        new = PER_LESSON.sub(lambda _m: per_lesson_range(folder), new, count=1)
        if "instructor" in cell.metadata.get("tags", []):
            new = TIMING_PARAGRAPH.sub(lambda _m: paragraph, new, count=1)
        if new != cell.source:
            cell.source, changed = new, True
    if changed:
        nbformat.write(nb, path)
    return changed


if __name__ == "__main__":
    import sys

    if "--sync" in sys.argv:  # after lesson prose or a bank changes: headers, notes, syllabus, guide
        changed = [stem for stem in lessons() if sync_notebook(stem)]
        print("notebooks:", ", ".join(changed) or "up to date")
        print("syllabus:", "rewritten" if sync_syllabus() else "up to date")
        print("guide:", "rewritten" if sync_guide() else "up to date")
    else:
        print(syllabus_table())
