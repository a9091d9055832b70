"""One course, consistent: the notebooks, the syllabus, the instructor guide and the README
must tell a student and an instructor the same thing.

What is compared, lesson by lesson:
* titles: the notebook's heading (which the course catalogue in `course.lesson` reads),
  the syllabus table, the guide's section heading and the README's lesson table (whose
  link must open that lesson's notebook);
* times: the rule's minutes (course.timing) against "**Time:** about N minutes" on the page, "~N min" in the syllabus, "Timing (≈N
  min)" in the guide and in the notebook's instructor notes, and the minutes of each
  timing breakdown, which must add up to N;
* prerequisites: what the page says it needs (and what merely helps) against the
  syllabus's list of dependencies;
* counts stated in prose ("seven claims", "nine dimensions", "six questions", "10 of 13
  steps up", "2 of 4 delivered") against the table, data or quiz bank they count;
* contents: a lesson with a quiz bank calls it; every explorer the guide tells an
  instructor to use is called in that lesson;
* quiz ids: every item id the guide, syllabus, README or a lesson names after a bank file
  ("quiz_03_triple_entente.yaml (ids `article_ix`, ...)") or as "item `x`" exists in a bank;
* sections: every "§N" the guide gives for a lesson, and every "lesson NN §N" elsewhere, is a
  numbered section ("## N · ...") of that lesson;
* blocks: a document that points to `<details><summary>X</summary>` blocks (in named lessons)
  points to blocks the lessons have;
* prerequisites of a review: a lesson whose quiz re-draws items from lesson X lists X;
* no "in preparation" or "at the time of writing" text, and no empty notebook cell.

The checks are functions of paths and text, so the last tests run them on a deliberately
broken copy of the course in a temporary folder and see each one fail.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

from course import quiz
from course import timing as time_rule
from course.material import data
from course.model import camp_david, ladder, policy

ROOT = Path(__file__).resolve().parents[1]
NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
STALE = re.compile(
    r"in preparation|at the time of writing|was being added|was added while"
    r"|does not call .{0,80}? yet|coming soon|\bTODO\b|\bTBD\b",
    re.I | re.S,
)
LESSON_REF = re.compile(r"\b[Ll]essons? (\d\d)(?:\s*[–-]\s*(\d\d))?")


# ------------------------------------------------------------------ reading each document


@dataclass
class Lesson:
    """What one notebook says about itself."""

    number: str
    stem: str
    title: str
    minutes: int | None
    notes_minutes: int | None
    notes_sum: int | None
    needs: frozenset[str]
    helps: frozenset[str]
    prose: str
    code: str
    empty_cells: list[str]


def _span(first: str, last: str | None) -> set[str]:
    return {f"{n:02d}" for n in range(int(first), int(last or first) + 1)}


def prerequisites(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """Lessons a page needs, and lessons that only help, from its Prerequisites line.

    A sentence naming a lesson is a need unless it says the lesson "helps" or is "not
    required"; "none" and sentences naming no lesson add nothing.
    """
    needs: set[str] = set()
    helps: set[str] = set()
    for sentence in re.split(r"(?<=\.)\s+", text):
        found = (
            set().union(*(_span(a, b) for a, b in LESSON_REF.findall(sentence)))
            if LESSON_REF.search(sentence)
            else set()
        )
        (helps if re.search(r"\bhelps?\b|not required", sentence) else needs).update(found)
    return frozenset(needs), frozenset(helps)


def timing(text: str) -> tuple[int | None, int | None]:
    """The stated minutes of a "Timing (≈N min)." paragraph and the sum of its breakdown."""
    match = re.search(r"\*\*Timing \(≈(\d+) min\)\.\*\*(.*?)(?:\n\s*\n|$)", text, re.S)
    if not match:
        return None, None
    return int(match.group(1)), sum(int(m) for m in re.findall(r":\s*(\d+)\b", match.group(2)))


def read_lesson(path: Path) -> Lesson:
    """A notebook's title, time, timing notes, prerequisites, prose and code."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    first = "".join(cells[0]["source"])
    heading = re.search(r"^#\s+(?:Lesson\s+\d+\s*·\s*)?(.+)$", first, re.M)
    minutes = re.search(r"\*\*Time:\*\*\s*about (\d+) minutes", first)
    prereq = re.search(r"\*\*Prerequisites:\*\*\s*(.+)", first)
    notes = next(
        ("".join(c["source"]) for c in cells if "instructor" in c.get("metadata", {}).get("tags", [])), ""
    )
    notes_minutes, notes_sum = timing(notes)
    needs, helps = prerequisites(prereq.group(1)) if prereq else (frozenset(), frozenset())
    markdown = [c for c in cells if c["cell_type"] == "markdown"]
    return Lesson(
        number=path.stem[:2],
        stem=path.stem,
        title=(heading.group(1).split(" · ")[0].strip() if heading else ""),
        minutes=int(minutes.group(1)) if minutes else None,
        notes_minutes=notes_minutes,
        notes_sum=notes_sum,
        needs=needs,
        helps=helps,
        prose="\n\n".join("".join(c["source"]) for c in markdown),
        code="\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code"),
        empty_cells=[c.get("id", f"#{i}") for i, c in enumerate(cells) if not "".join(c["source"]).strip()],
    )


def read_lessons(folder: Path) -> dict[str, Lesson]:
    return {p.stem[:2]: read_lesson(p) for p in sorted(folder.glob("[0-9][0-9]_*.ipynb"))}


def syllabus_table(text: str) -> dict[str, tuple[str, int]]:
    """Number -> (title, minutes) from the syllabus's lesson table."""
    rows = re.findall(r"^\|\s*(\d\d)\s*\|\s*([^|]+?)\s*\|[^|\n]*\|\s*~(\d+) min\s*\|", text, re.M)
    return {n: (title, int(minutes)) for n, title, minutes in rows}


def syllabus_dependencies(text: str) -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """Number -> (needs, helps) from "Lesson dependencies, as the lessons state them: ..."."""
    match = re.search(r"Lesson dependencies, as the lessons state them:(.*?)(?:\n\s*\n|\n\*|$)", text, re.S)
    out = {}
    for number, rest in re.findall(
        r"\b(\d\d) (needs .*?|is helped by .*?)\.(?=\s|$)", " ".join(match.group(1).split()) if match else ""
    ):
        helped = re.search(r"\(([^)]*) helps\)|is helped by (.*)", rest)
        need_part = re.sub(r"\(.*?\)|is helped by .*", "", rest)
        needs = set().union(
            set(), *(_span(a, b) for a, b in re.findall(r"(\d\d)(?:\s*[–-]\s*(\d\d))?", need_part))
        )
        helps_text = (helped.group(1) or helped.group(2)) if helped else ""
        helps = set().union(
            set(), *(_span(a, b) for a, b in re.findall(r"(\d\d)(?:\s*[–-]\s*(\d\d))?", helps_text))
        )
        out[number] = (frozenset(needs), frozenset(helps))
    return out


def guide_sections(text: str) -> dict[str, tuple[str, str]]:
    """Number -> (title, section text) for the guide's "## NN · Title" sections."""
    parts = re.split(r"^## (\d\d) · (.+)$", text, flags=re.M)
    return {
        parts[i]: (parts[i + 1].strip(), parts[i + 2].split("\n## ")[0]) for i in range(1, len(parts) - 2, 3)
    }


def readme_table(text: str) -> dict[str, tuple[str, str]]:
    """Number -> (title, link) from the README's lesson table."""
    rows = re.findall(r"^\|\s*(\d\d)\s*\|\s*\[([^\]]+)\]\(([^)]+)\)\s*\|", text, re.M)
    return {n: (title, link) for n, title, link in rows}


# ------------------------------------------------------------------ the truths counts refer to


@dataclass(frozen=True)
class Truths:
    """What the course's counts must agree with (computed from data, banks and the lessons)."""

    questions: Mapping[str, int]  # lesson number -> questions in its quiz bank
    dimensions: int  # rows of analogy_dimensions
    recommendations: int  # recommendations in policy_options.yaml
    notebooks: int
    steps_up: int  # Entente steps up the ladder (lesson 03)
    steps_near_crisis: int  # ... within two years of a crisis
    delivered: Mapping[str, tuple[int, int]]  # domain label or "all" -> (delivered, total)
    framework_steps: tuple[int, int]  # lesson 02's timeline steps, 1999–2022 and 2023–2025


def course_truths(lessons: Mapping[str, Lesson]) -> Truths:
    steps = ladder.steps(data.load("entente_events"), ladder.ENTENTE_PAIRS + [ladder.SHARED])
    links = ladder.preceding_crisis(steps, ladder.crises(data.load("entente_events")), 2.0)
    commitments = data.load("camp_david_commitments")
    delivered = {"all": (int((commitments["status"] == "delivered").sum()), len(commitments))}
    for domain, label in (
        ("military", "military"),
        ("diplomatic", "diplomatic"),
        ("economic_technology", "economic & technology"),
    ):
        rows = commitments[commitments["domain"] == domain]
        delivered[label] = (int((rows["status"] == "delivered").sum()), len(rows))
    timeline = camp_david.with_kinds(data.load("camp_david_timeline"), {})
    years = timeline.loc[timeline["kind"].isin(camp_david.FRAMEWORK_KINDS), "date"].str[:4].astype(int)
    return Truths(
        questions={stem[:2]: len(quiz.load_bank(stem).questions) for stem in quiz.lessons_with_banks()},
        dimensions=len(data.load("analogy_dimensions")),
        recommendations=len(policy.load()),
        notebooks=len(lessons),
        steps_up=len(links),
        steps_near_crisis=int((links["crisis"] != "").sum()),
        delivered=delivered,
        framework_steps=(int((years <= 2022).sum()), int((years >= 2023).sum())),
    )


def _number(word: str) -> int:
    return int(word) if word.isdigit() else NUMBERS[word.lower()]


_WORD = r"(\d+|" + "|".join(NUMBERS) + r")"


def claims_in_table(lesson: Lesson) -> int:
    """Rows of the numbered claim table ("| 1 | ... |") on a page."""
    return len(re.findall(r"^\|\s*\d+\s*\|", lesson.prose, re.M))


# ------------------------------------------------------------------ the checks


def count_problems(where: str, text: str, number: str, truths: Truths, claims: int) -> list[str]:
    """Counts stated in `text` (a lesson's prose or a document about lesson `number`)."""
    problems = []
    expected: dict[str, int | None] = {
        "claims": claims,
        "dimensions": truths.dimensions,
        "recommendations": truths.recommendations,
        "questions": truths.questions.get(number),
    }
    for match in re.finditer(_WORD + r" (claims|dimensions|recommendations)\b", text, re.I):
        word, noun = match.groups()
        if re.search(r"\b(?:at least|at most|up to)\s*$", text[: match.start()], re.I):
            continue  # a minimum asked of the student, not a count of the table
        want = expected[noun.lower()]
        if _number(word) != want:
            problems.append(f"{where}: says '{word} {noun}' but there are {want}")
    # "six questions" counts a quiz only where the text is about a quiz
    for word in re.findall(
        _WORD + r" questions\)?[^.\n]{0,40}?\b(?:quiz|Check yourself)\b|"
        r"(?:quiz|Check yourself)\b[^.\n]{0,40}?\(?" + _WORD + r" questions",
        text,
        re.I,
    ):
        stated = next(w for w in word if w)
        want = truths.questions.get(number)
        if want is not None and _number(stated) != want:
            problems.append(f"{where}: says '{stated} questions' but the quiz bank has {want}")
    for near, total in re.findall(r"\b(\d+) of (?:the )?(\d+) steps(?: up)?\b", text):
        if int(total) != truths.steps_up:
            problems.append(
                f"{where}: says '{near} of {total} steps' but there are {truths.steps_up} steps up"
            )
        elif int(near) != truths.steps_near_crisis:
            problems.append(
                f"{where}: says {near} of {total} steps came near a crisis but the "
                f"table gives {truths.steps_near_crisis} (two-year window)"
            )
    for label, (done, total) in truths.delivered.items():
        pattern = (
            r"\((\d+) of (\d+)\) are delivered"
            if label == "all"
            else re.escape(label) + r":? (\d+) of (\d+)\b"
        )
        for stated_done, stated_total in re.findall(pattern, text, re.I):
            if (int(stated_done), int(stated_total)) != (done, total):
                problems.append(
                    f"{where}: says {label} {stated_done} of {stated_total} delivered "
                    f"but the tracker gives {done} of {total}"
                )
    for before, after in re.findall(
        r"(\d+) (?:such )?steps\b[^.]{0,80}?\bfor (?:the \d+ years )?1999–2022 and (\d+) for 2023–2025", text
    ):
        if (int(before), int(after)) != truths.framework_steps:
            problems.append(
                f"{where}: says {before} framework steps for 1999–2022 and {after} for 2023–2025 "
                f"but the timeline gives {truths.framework_steps[0]} and {truths.framework_steps[1]}"
            )
    return problems


def notebook_problems(lessons: Mapping[str, Lesson], truths: Truths) -> list[str]:
    """Each page against itself: time vs its timing notes, counts, quiz call, empty cells."""
    problems = []
    claims = claims_in_table(lessons["00"]) if "00" in lessons else 0
    for number, lesson in lessons.items():
        where = f"notebooks/{lesson.stem}.ipynb"
        if lesson.minutes is None and number != "00":
            problems.append(f"{where}: no '**Time:** about N minutes' line")
        if lesson.notes_minutes is not None:
            if lesson.minutes is not None and lesson.notes_minutes != lesson.minutes:
                problems.append(
                    f"{where}: the page says {lesson.minutes} minutes but its instructor "
                    f"notes say ≈{lesson.notes_minutes}"
                )
            if lesson.notes_sum != lesson.notes_minutes:
                problems.append(
                    f"{where}: the instructor notes' timing adds up to {lesson.notes_sum} "
                    f"min, not ≈{lesson.notes_minutes}"
                )
        ruled = time_rule.lesson_minutes(lesson.stem, ROOT / "notebooks")
        if lesson.minutes is not None and lesson.minutes != ruled:
            problems.append(
                f"{where}: the page says {lesson.minutes} minutes but the time rule gives {ruled}"
            )
        if lesson.empty_cells:
            problems.append(f"{where}: empty cell(s) {', '.join(lesson.empty_cells)}")
        if STALE.search(lesson.prose):
            problems.append(f"{where}: stale text '{STALE.search(lesson.prose).group(0)}'")
        calls = f'quiz.check_yourself("{lesson.stem}")' in lesson.code
        if (number in truths.questions) != calls:
            problems.append(
                f"{where}: has a quiz bank but does not call quiz.check_yourself"
                if not calls
                else f"{where}: calls quiz.check_yourself with no bank"
            )
        problems += count_problems(where, lesson.prose, number, truths, claims)
    return problems


def syllabus_problems(
    text: str, lessons: Mapping[str, Lesson], truths: Truths, where: str = "course/syllabus.md"
) -> list[str]:
    problems = []
    table = syllabus_table(text)
    for number, lesson in lessons.items():
        if number not in table:
            problems.append(f"{where}: lesson {number} is missing from the lessons table")
            continue
        title, minutes = table[number]
        if title != lesson.title:
            problems.append(
                f"{where}: lesson {number} is titled '{title}', the notebook says '{lesson.title}'"
            )
        stated = lesson.minutes if lesson.minutes is not None else lesson.notes_minutes
        if minutes != stated:
            problems.append(f"{where}: lesson {number} takes ~{minutes} min, the notebook says {stated}")
    deps = syllabus_dependencies(text)
    for number, lesson in lessons.items():
        if number == "00":
            continue
        if number not in deps:
            problems.append(f"{where}: the dependencies list says nothing about lesson {number}")
        elif deps[number] != (lesson.needs, lesson.helps):
            problems.append(
                f"{where}: lesson {number} needs {sorted(deps[number][0])} and is helped by "
                f"{sorted(deps[number][1])}, but the notebook says needs "
                f"{sorted(lesson.needs)}, helped by {sorted(lesson.helps)}"
            )
    for word in re.findall(_WORD + r" notebooks\b", text, re.I):
        if _number(word) != truths.notebooks:
            problems.append(f"{where}: says '{word} notebooks' but there are {truths.notebooks}")
    if STALE.search(text):
        problems.append(f"{where}: stale text '{STALE.search(text).group(0)}'")
    claims = claims_in_table(lessons["00"]) if "00" in lessons else 0
    return problems + count_problems(where, text, "", truths, claims)


def guide_problems(
    text: str, lessons: Mapping[str, Lesson], truths: Truths, where: str = "course/instructor_guide.md"
) -> list[str]:
    problems = []
    sections = guide_sections(text)
    claims = claims_in_table(lessons["00"]) if "00" in lessons else 0
    for number, lesson in lessons.items():
        if number not in sections:
            problems.append(f"{where}: no section for lesson {number}")
            continue
        title, body = sections[number]
        if title != lesson.title:
            problems.append(
                f"{where}: section {number} is titled '{title}', the notebook says '{lesson.title}'"
            )
        minutes, total = timing(body)
        stated = lesson.minutes if lesson.minutes is not None else lesson.notes_minutes
        if minutes is None:
            problems.append(f"{where}: section {number} gives no 'Timing (≈N min)'")
        else:
            if minutes != stated:
                problems.append(f"{where}: section {number} says ≈{minutes} min, the notebook says {stated}")
            if total != minutes:
                problems.append(f"{where}: section {number}'s timing adds up to {total} min, not ≈{minutes}")
        for module, function in set(re.findall(r"`(\w+)\.(\w+)`", body)):
            if (
                module
                in {
                    "analogy",
                    "blocs",
                    "camp_david",
                    "capabilities",
                    "dual_contingency",
                    "entente",
                    "policy",
                    "review",
                }
                and f"{module}.{function}(" not in lesson.code
            ):
                problems.append(
                    f"{where}: section {number} names `{module}.{function}`, which "
                    f"notebooks/{lesson.stem}.ipynb does not call"
                )
        problems += count_problems(f"{where} §{number}", body, number, truths, claims)
    if STALE.search(text):
        problems.append(f"{where}: stale text '{STALE.search(text).group(0)}'")
    return problems


def readme_problems(text: str, lessons: Mapping[str, Lesson], where: str = "README.md") -> list[str]:
    problems = []
    table = readme_table(text)
    for number, lesson in lessons.items():
        if number not in table:
            problems.append(f"{where}: lesson {number} is missing from the lessons table")
            continue
        title, link = table[number]
        if title != lesson.title:
            problems.append(
                f"{where}: lesson {number} is titled '{title}', the notebook says '{lesson.title}'"
            )
        if link != f"notebooks/{lesson.stem}.ipynb":
            problems.append(f"{where}: lesson {number} links to {link}, not notebooks/{lesson.stem}.ipynb")
    return problems


QUIZ_FILE_IDS = re.compile(r"quiz_(\d\d)_\w+\.yaml`?\s*\(ids?\s+((?:`[\w.]+`[,;\s]*(?:and\s+)?)+)")
ITEM_ID = re.compile(r"\b(?:judge item|item|items) `([a-z0-9_]+)`")


def _bank_ids() -> dict[str, set[str]]:
    """Lesson number -> every item id of its bank (practice items too)."""
    out = {}
    for stem in quiz.lessons_with_banks():
        bank = quiz.load_bank(stem)
        out[stem[:2]] = {q.id for q in (*bank.questions, *bank.practice)}
    return out


def quiz_id_problems(where: str, text: str, ids: Mapping[str, set[str]]) -> list[str]:
    """Item ids named in `text` that no bank has."""
    problems = []
    every = set().union(*ids.values()) if ids else set()
    for number, listed in QUIZ_FILE_IDS.findall(text):
        for qid in re.findall(r"`([\w.]+)`", listed):
            if qid not in ids.get(number, set()):
                problems.append(
                    f"{where}: names quiz item `{qid}` of lesson {number}, which its bank does not have"
                )
    for qid in ITEM_ID.findall(text):
        if qid not in every and not qid.startswith(("quiz_", "course")):
            problems.append(f"{where}: names quiz item `{qid}`, which no bank has")
    return problems


def _sections_of(lesson: Lesson) -> set[str]:
    return set(re.findall(r"^##\s+(\d+) · ", lesson.prose, re.M))


def _section_numbers(spec: str) -> set[str]:
    found = set()
    for a, b in re.findall(r"(\d+)(?:\s*[–-]\s*(\d+))?", spec):
        found |= {str(n) for n in range(int(a), int(b or a) + 1)}
    return found


def section_problems(
    where: str, text: str, lessons: Mapping[str, Lesson], default: str | None = None
) -> list[str]:
    """'§N' references that are not numbered sections of the lesson they refer to."""
    problems = []
    explicit = re.compile(r"\b[Ll]esson (\d\d)(?:'s)? ((?:§\d+(?:\s*[–-]\s*\d+)?(?:,\s*|\s+and\s+)?)+)")
    spans = []
    for match in explicit.finditer(text):
        spans.append(match.span())
        number, spec = match.groups()
        if number in lessons:
            for n in _section_numbers(spec.replace("§", " ")) - _sections_of(lessons[number]):
                problems.append(f"{where}: refers to lesson {number} §{n}, which the lesson does not have")
    if default in lessons:
        for match in re.finditer(r"§(\d+)(?:\s*[–-]\s*(\d+))?", text):
            if any(a <= match.start() < b for a, b in spans):
                continue
            for n in _section_numbers(match.group(0).replace("§", " ")) - _sections_of(lessons[default]):
                problems.append(
                    f"{where}: refers to §{n} of lesson {default}, which the lesson does not have"
                )
    return problems


def block_problems(where: str, text: str, lessons: Mapping[str, Lesson]) -> list[str]:
    """Folded blocks a document points to (`<summary>X</summary>`) that the lessons lack."""
    problems = []
    for sentence in re.split(r"(?<=[.:])\s+(?=[A-Z*])", text):
        for label in re.findall(r"<summary>([^<]+)</summary>", sentence):
            named = {n for a, b in LESSON_REF.findall(sentence) for n in _span(a, b)} & set(lessons)
            having = {n for n, lesson in lessons.items() if f"<summary>{label}" in lesson.prose}
            if not having:
                problems.append(f"{where}: points to '{label}' blocks, which no lesson has")
            for n in sorted(named - having):
                problems.append(f"{where}: points to '{label}' blocks in lesson {n}, which it does not have")
    return problems


def review_prerequisite_problems(lessons: Mapping[str, Lesson]) -> list[str]:
    """A lesson whose quiz re-draws items from lesson X must list X as a prerequisite."""
    problems = []
    for stem in quiz.lessons_with_banks():
        number = stem[:2]
        drawn = {q.lesson[:2] for q in quiz.load_bank(stem).practice}
        if number in lessons and drawn:
            missing = sorted(drawn - lessons[number].needs - lessons[number].helps)
            if missing:
                problems.append(
                    f"notebooks/{stem}.ipynb: its quiz draws from lesson(s) {', '.join(missing)}, "
                    "which its prerequisites do not list"
                )
    return problems


def reference_problems(root: Path, lessons: Mapping[str, Lesson]) -> list[str]:
    """Quiz ids, sections and blocks named in the guide, syllabus, README and lessons."""
    ids = _bank_ids()
    problems = []
    guide = (root / "course/instructor_guide.md").read_text(encoding="utf-8")
    for number, (_title, body) in guide_sections(guide).items():
        problems += section_problems(f"course/instructor_guide.md §{number}", body, lessons, number)
    for rel in ("course/instructor_guide.md", "course/syllabus.md", "README.md"):
        text = (root / rel).read_text(encoding="utf-8")
        problems += quiz_id_problems(rel, text, ids)
        problems += block_problems(rel, text, lessons)
        if rel != "course/instructor_guide.md":
            problems += section_problems(rel, text, lessons)
    for lesson in lessons.values():
        problems += quiz_id_problems(f"notebooks/{lesson.stem}.ipynb", lesson.prose, ids)
    return problems + review_prerequisite_problems(lessons)


def course_problems(root: Path, truths: Truths | None = None) -> list[str]:
    """Every disagreement between the course's documents under `root`, one sentence each."""
    lessons = read_lessons(root / "notebooks")
    truths = truths or course_truths(lessons)

    def read(rel: str) -> str:
        return (root / rel).read_text(encoding="utf-8")

    return (
        notebook_problems(lessons, truths)
        + syllabus_problems(read("course/syllabus.md"), lessons, truths)
        + guide_problems(read("course/instructor_guide.md"), lessons, truths)
        + readme_problems(read("README.md"), lessons)
        + reference_problems(root, lessons)
    )


# ------------------------------------------------------------------ the course as it is


def test_the_course_agrees_with_itself():
    assert course_problems(ROOT) == []


def test_the_catalogue_in_code_reads_the_same_titles():
    from course import lesson as lesson_module

    lessons = read_lessons(ROOT / "notebooks")
    catalogue = {info.number: info.title.split(" · ")[0] for info in lesson_module.catalogue()}
    assert catalogue == {n: lesson.title for n, lesson in lessons.items()}


def test_the_readers_find_every_lesson_everywhere():
    """Guards the parsers: a reader that finds nothing would make every check pass."""
    lessons = read_lessons(ROOT / "notebooks")
    assert len(lessons) == 9 and all(lesson.title for lesson in lessons.values())
    assert set(syllabus_table((ROOT / "course/syllabus.md").read_text(encoding="utf-8"))) == set(lessons)
    assert set(guide_sections((ROOT / "course/instructor_guide.md").read_text(encoding="utf-8"))) >= set(
        lessons
    )
    assert set(readme_table((ROOT / "README.md").read_text(encoding="utf-8"))) == set(lessons)
    deps = syllabus_dependencies((ROOT / "course/syllabus.md").read_text(encoding="utf-8"))
    assert set(deps) == set(lessons) - {"00"}
    assert lessons["07"].needs == {"03", "04"} and lessons["03"].helps == {"01"}


def test_prerequisite_sentences_are_read_as_needs_or_helps():
    assert prerequisites("Lesson 03 (the ladder). Lesson 02 covers it but is not required.") == (
        frozenset({"03"}),
        frozenset({"02"}),
    )
    assert prerequisites("lessons 01–03.") == (frozenset({"01", "02", "03"}), frozenset())
    assert prerequisites("none. It helps to know what a clause is.") == (frozenset(), frozenset())


# ------------------------------------------------------------------ a deliberately broken copy


def _copy_course(tmp_path: Path) -> Path:
    for rel in ("course/syllabus.md", "course/instructor_guide.md", "README.md"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / rel, tmp_path / rel)
    shutil.copytree(
        ROOT / "notebooks", tmp_path / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints")
    )
    return tmp_path


def _edit_text(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _edit_cell(path: Path, index: int, old: str, new: str) -> None:
    nb = json.loads(path.read_text(encoding="utf-8"))
    source = "".join(nb["cells"][index]["source"])
    assert old in source, old
    nb["cells"][index]["source"] = source.replace(old, new, 1)
    path.write_text(json.dumps(nb, ensure_ascii=False), encoding="utf-8")


def _add_empty_cell(path: Path) -> None:
    nb = json.loads(path.read_text(encoding="utf-8"))
    nb["cells"].insert(3, {"cell_type": "markdown", "id": "blank-1", "metadata": {}, "source": ""})
    path.write_text(json.dumps(nb, ensure_ascii=False), encoding="utf-8")


def _instructor_index(path: Path) -> int:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return next(i for i, c in enumerate(cells) if "instructor" in c.get("metadata", {}).get("tags", []))


BREAKAGES: dict[str, tuple[Callable[[Path], None], str]] = {
    "title in the syllabus": (
        lambda r: _edit_text(
            r / "course/syllabus.md", "| 03 | How an entente grows |", "| 03 | How the entente grew |"
        ),
        "lesson 03 is titled 'How the entente grew'",
    ),
    "title in the guide": (
        lambda r: _edit_text(
            r / "course/instructor_guide.md", "## 05 · Counting power", "## 05 · Counting guns"
        ),
        "section 05 is titled 'Counting guns'",
    ),
    "README link": (
        lambda r: _edit_text(
            r / "README.md", "(notebooks/06_dual_contingency.ipynb)", "(notebooks/06_dual.ipynb)"
        ),
        "lesson 06 links to notebooks/06_dual.ipynb",
    ),
    "time on the page": (
        lambda r: _edit_cell(
            r / "notebooks/05_capabilities.ipynb",
            0,
            f"about {time_rule.lesson_minutes('05_capabilities')} minutes",
            "about 40 minutes",
        ),
        f"the page says 40 minutes but its instructor notes say ≈{time_rule.lesson_minutes('05_capabilities')}",
    ),
    "time that is not the rule's": (
        lambda r: (
            _edit_cell(
                r / "notebooks/06_dual_contingency.ipynb",
                0,
                f"about {time_rule.lesson_minutes('06_dual_contingency')} minutes",
                "about 55 minutes",
            ),
            _edit_text(
                r / "course/syllabus.md",
                f"| ~{time_rule.lesson_minutes('06_dual_contingency')} min |",
                "| ~55 min |",
            ),
        ),
        "the page says 55 minutes but the time rule gives",
    ),
    "timing that does not add up": (
        lambda r: _edit_text(
            r / "course/instructor_guide.md",
            "A one-minute tour of the controls: 17.",
            "A one-minute tour of the controls: 12.",
        ),
        "section 00's timing adds up to 15 min",
    ),
    "prerequisite": (
        lambda r: _edit_cell(
            r / "notebooks/06_dual_contingency.ipynb",
            0,
            "**Prerequisites:** Lesson 02",
            "**Prerequisites:** Lesson 05",
        ),
        "lesson 06 needs ['02']",
    ),
    "count of claims": (
        lambda r: _edit_cell(
            r / "notebooks/00_start_here.ipynb",
            _instructor_index(r / "notebooks/00_start_here.ipynb"),
            "the seven claims",
            "the five claims",
        ),
        "says 'five claims' but there are 7",
    ),
    "count of dimensions": (
        lambda r: _edit_text(r / "course/syllabus.md", "the nine dimensions", "the seven dimensions"),
        "says 'seven dimensions' but there are",
    ),
    "count of delivered commitments": (
        lambda r: _edit_text(r / "course/syllabus.md", "military 2 of 4", "military 3 of 4"),
        "says military 3 of 4 delivered but the tracker gives 2 of 4",
    ),
    "count of crisis steps": (
        lambda r: _edit_text(r / "course/instructor_guide.md", "12 of 14 steps", "8 of 14 steps"),
        "says 8 of 14 steps came near a crisis",
    ),
    "count of timeline steps": (
        lambda r: _edit_text(
            r / "course/instructor_guide.md", "and 39 for 2023–2025", "and 35 for 2023–2025"
        ),
        "says 8 framework steps for 1999–2022 and 35 for 2023–2025 but the timeline gives 8 and 39",
    ),
    "in preparation": (
        lambda r: (
            _edit_text(r / "README.md", "| 08 |", "| 08 |")
            or _edit_cell(
                r / "notebooks/07_policy_lab.ipynb",
                0,
                "**The question:**",
                "A fuller version is in preparation.\n\n**The question:**",
            )
        ),
        "stale text 'in preparation'",
    ),
    "empty cell": (
        lambda r: _add_empty_cell(r / "notebooks/02_camp_david.ipynb"),
        "02_camp_david.ipynb: empty cell(s) blank-1",
    ),
    "quiz not called": (
        lambda r: _edit_text(
            r / "notebooks/04_analogy_lab.ipynb",
            'quiz.check_yourself(\\"04_analogy_lab\\")',
            'print(\\"quiz later\\")',
        ),
        "has a quiz bank but does not call quiz.check_yourself",
    ),
    "quiz id that no bank has": (
        lambda r: _edit_text(r / "course/instructor_guide.md", "(ids `article_ix`", "(ids `article_nine`"),
        "names quiz item `article_nine` of lesson 03",
    ),
    "section the lesson does not have": (
        lambda r: _edit_text(
            r / "course/syllabus.md", "Lesson 01 §1–2 (SCO map, Charter)", "Lesson 01 §1–7 (SCO map, Charter)"
        ),
        "refers to lesson 01 §5, which the lesson does not have",
    ),
    "answers block that is gone": (
        lambda r: _edit_text(
            r / "course/instructor_guide.md",
            "* **Rubrics** for each lesson's written tasks",
            "* **Answers** for lesson 03 are in `<details><summary>Answers</summary>` blocks.\n* **Rubrics** for each lesson's written tasks",
        ),
        "points to 'Answers' blocks in lesson 03, which it does not have",
    ),
    "review prerequisites": (
        lambda r: _edit_cell(
            r / "notebooks/08_review.ipynb",
            0,
            "**Prerequisites:** lessons 01–07.",
            "**Prerequisites:** lessons 01–06.",
        ),
        "its quiz draws from lesson(s) 07, which its prerequisites do not list",
    ),
    "explorer the lesson does not have": (
        lambda r: _edit_text(
            r / "course/instructor_guide.md",
            "* *Ladder scale* (`entente.ladder_scale`)",
            "* *Ladder scale* (`entente.ladder_race`)",
        ),
        "names `entente.ladder_race`",
    ),
}


@pytest.fixture(scope="module")
def truths() -> Truths:
    return course_truths(read_lessons(ROOT / "notebooks"))


@pytest.mark.parametrize("breakage", list(BREAKAGES))
def test_a_broken_copy_fails_with_a_sentence_that_names_the_problem(breakage, tmp_path, truths):
    root = _copy_course(tmp_path)
    assert course_problems(root, truths) == []  # the copy itself is consistent
    breaks, expected = BREAKAGES[breakage]
    breaks(root)
    problems = course_problems(root, truths)
    assert any(expected in p for p in problems), problems
