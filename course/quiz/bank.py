"""Question banks: YAML files checked against a JSON Schema, then against the course's data.

Why two checks: the schema (``course/content/quiz.schema.json``) says what a bank may
contain, so an editor can validate a bank without running the course; the checks here need
the data (every ``source_id`` resolves in ``data/sources.csv``, every evidence row names one
row of the lesson's table, a choice item has exactly one correct option, no two options
repeat). Every error names the file, the item and the field, e.g.
``QuizError: quiz_01_blocs.yaml, item 'charter_defence', field 'options[2].feedback': ...``.

Item kinds (the student's answer is stored in the bank's own order, so the per-student
shuffle never changes what an answer means):

* ``choice``: one correct option; answer = option index.
* ``multi``: choose all that apply; answer = list of option indices.
* ``order``: events listed in the right order, shown shuffled; answer = the position the
  student gives each event (list, 1-based, None for not placed).
* ``match``: pairs; answer = for each left item, the index of the right item chosen.
* ``evidence``: rows of a lesson's data table, named by column values that pick exactly one
  row (a value ending in "…" matches the start of a long cell); the student picks those
  that support (or undercut) a claim; answer = list of row indices.
* ``judge``: a written judgement with a rubric (criteria on a point scale, with an exemplar
  per level and a pair at the top, one per verdict; see course.quiz.rubric) for the
  instructor; answer = text; not auto-marked.

A bank may also carry its lesson's ``close_reading`` prompt and rubric.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from course.core.paths import CONTENT_DIR
from course.material import data
from course.quiz.rubric import Rubric, parse_rubric

KINDS = ("choice", "multi", "order", "match", "evidence", "judge")
MARKED = ("choice", "multi", "order", "match", "evidence")
SCHEMA_FILE = "quiz.schema.json"


class QuizError(ValueError):
    """A question bank is wrong. `file`, `question` and `field` say where."""

    def __init__(self, file: str, question: str | None, message: str, field: str | None = None):
        self.file, self.question, self.field = file, question, field
        where = file if question is None else f"{file}, item {question!r}"
        if field:
            where += f", field {field!r}"
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class Option:
    """Something the student can pick or place: an option, an event, a pair or a data row.

    `correct` means: the right option (choice), one to pick (multi, evidence). For a pair,
    `match` is the right-hand text. `source_id` is where the feedback comes from.
    """

    text: str
    feedback: str
    source_id: str
    correct: bool = False
    match: str = ""


@dataclass(frozen=True)
class Question:
    """One item of a bank (see the module docstring for the kinds)."""

    id: str
    kind: str
    prompt: str
    source_id: str
    options: tuple[Option, ...] = ()
    claim: str = ""
    select: str = ""
    table: str = ""
    rubric: Rubric | None = None
    uses_data: bool = False
    lesson: str = ""

    @property
    def marked(self) -> bool:
        return self.kind in MARKED

    @property
    def right(self) -> tuple[int, ...]:
        """Indices of the options to pick (choice, multi, evidence)."""
        return tuple(i for i, o in enumerate(self.options) if o.correct)

    def correct_text(self) -> str:
        """The right answer in words (what feedback after a wrong answer shows)."""
        if self.kind in ("choice", "multi", "evidence"):
            return "; ".join(self.options[i].text for i in self.right)
        if self.kind == "order":
            return " → ".join(o.text for o in self.options)
        if self.kind == "match":
            return "; ".join(f"{o.text} — {o.match}" for o in self.options)
        return ""


@dataclass(frozen=True)
class Bank:
    """A lesson's items, in the order the lesson asks them."""

    lesson: str
    questions: tuple[Question, ...]
    file: str = ""
    close_reading: Rubric | None = None
    close_reading_prompt: str = ""
    practice: tuple[Question, ...] = ()  # items re-drawn from other lessons: practice, not scored

    def practice_bank(self) -> Bank:
        """The practice items as a bank of their own (what the practice explorer shows)."""
        return Bank(self.lesson, self.practice, self.file)

    def question(self, qid: str) -> Question:
        found = next((q for q in self.questions if q.id == qid), None)
        if found is None:
            raise KeyError(f"{self.lesson} has no item {qid!r}")
        return found


# ----------------------------------------------------------------------------- where banks are


def bank_path(lesson: str) -> Path:
    return CONTENT_DIR / f"quiz_{lesson}.yaml"


def lessons_with_banks() -> list[str]:
    """Lessons that have a question bank, in lesson order."""
    return sorted(p.stem.removeprefix("quiz_") for p in CONTENT_DIR.glob("quiz_*.yaml"))


@lru_cache(maxsize=1)
def schema() -> dict:
    """The bank schema (JSON Schema 2020-12)."""
    return json.loads((CONTENT_DIR / SCHEMA_FILE).read_text(encoding="utf-8"))


def _known_sources() -> set[str]:
    return set(data.load("sources")["source_id"])


# ----------------------------------------------------------------------------- checking


def _path_text(path: Collection[Any]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def schema_errors(raw: Any, file: str) -> list[QuizError]:
    """Every schema violation of a parsed bank, each naming file, item and field."""
    from jsonschema import Draft202012Validator

    errors = []
    validator = Draft202012Validator(schema())
    for err in sorted(validator.iter_errors(raw), key=lambda e: [str(p) for p in e.absolute_path]):
        path = list(err.absolute_path)
        qid = None
        if len(path) >= 2 and path[0] == "questions" and isinstance(raw, dict):
            item = raw["questions"][path[1]]
            qid = item.get("id") if isinstance(item, dict) else None
            qid = qid if isinstance(qid, str) else f"#{path[1] + 1}"
            path = path[2:]
        message = err.message
        if err.validator == "oneOf" and err.context and isinstance(err.instance, dict):
            # A rubric: report against the form it tries to be (old form only if it says "strong").
            branch = 1 if "strong" in err.instance and "criteria" not in err.instance else 0
            inner = [e for e in err.context if e.relative_schema_path[0] == branch] or list(err.context)
            message = inner[0].message
            path += [p for p in inner[0].absolute_path][len(err.absolute_path) :]
        if err.validator == "additionalProperties" or err.validator is False or err.schema is False:
            message = f"not allowed here ({err.message})"
        errors.append(QuizError(file, qid, message, _path_text(path) or None))
    return errors


def _row_index(table: str, key: Mapping[str, Any]) -> tuple[int | None, str]:
    """(row number, "") of the one row of `table` whose columns equal `key`, else (None, why)."""
    try:
        frame = data.load(table)
    except Exception as err:  # noqa: BLE001 - a missing table is a bank error, said in words
        return None, f"table {table!r} cannot be loaded ({err})"
    mask = None
    for column, value in key.items():
        if column not in frame.columns:
            return None, f"table {table!r} has no column {column!r}"
        cells, text = frame[column].astype(str), str(value)
        # A value ending in "…" names a long cell by its start (findings, details).
        hit = cells.str.startswith(text[:-1]) if text.endswith("…") else cells == text
        mask = hit if mask is None else mask & hit
    rows = list(frame.index[mask]) if mask is not None else []
    if len(rows) != 1:
        return None, f"{len(rows)} rows of {table!r} match {dict(key)} (need exactly one)"
    return int(rows[0]), ""


def evidence_row(table: str, key: Mapping[str, Any]) -> dict[str, Any]:
    """The data row an evidence option names (as a dict of column -> value)."""
    index, why = _row_index(table, key)
    if index is None:
        raise KeyError(why)
    return data.load(table).loc[index].to_dict()


def _row_text(row: Mapping[str, Any], show: Collection[str]) -> str:
    return " · ".join(str(row[c]) for c in show if str(row.get(c, "")) not in ("", "nan", "None"))


def _question(raw: dict, file: str, known: Collection[str], lesson: str) -> Question:
    qid, kind = raw["id"], raw["kind"]

    def fail(message: str, where: str | None = None) -> QuizError:
        return QuizError(file, qid, message, where)

    def cite(source: str, where: str) -> str:
        if source not in known:
            raise fail(f"source_id {source!r} is not in data/sources.csv", where)
        return source

    base = cite(raw["source_id"], "source_id")
    options: list[Option] = []
    if kind in ("choice", "multi"):
        for i, o in enumerate(raw["options"]):
            options.append(
                Option(
                    o["text"].strip(),
                    o["feedback"].strip(),
                    cite(o.get("source_id", base), f"options[{i}].source_id"),
                    bool(o.get("correct", False)),
                )
            )
        n_right = sum(o.correct for o in options)
        if kind == "choice" and n_right != 1:
            raise fail(f"a choice item needs exactly one correct option, not {n_right}", "options")
        if kind == "multi" and not 1 <= n_right < len(options):
            raise fail("choose-all-that-apply needs at least one correct and one wrong option", "options")
    elif kind == "order":
        options = [
            Option(
                e["text"].strip(),
                e["feedback"].strip(),
                cite(e.get("source_id", base), f"events[{i}].source_id"),
            )
            for i, e in enumerate(raw["events"])
        ]
    elif kind == "match":
        options = [
            Option(
                p["left"].strip(),
                p["feedback"].strip(),
                cite(p.get("source_id", base), f"pairs[{i}].source_id"),
                match=p["right"].strip(),
            )
            for i, p in enumerate(raw["pairs"])
        ]
        rights = [o.match for o in options]
        if len(set(rights)) != len(rights):
            raise fail("two pairs have the same right-hand text", "pairs")
    elif kind == "evidence":
        table = raw["table"]
        for i, r in enumerate(raw["rows"]):
            index, why = _row_index(table, r["key"])
            if index is None:
                raise fail(why, f"rows[{i}].key")
            row = data.load(table).loc[index]
            missing = [c for c in raw["show"] if c not in row.index]
            if missing:
                raise fail(f"table {table!r} has no column(s) {', '.join(missing)}", "show")
            if "source_id" in r:
                row_source = cite(r["source_id"], f"rows[{i}].source_id")
            else:
                row_source = str(row.get("source_id", base))
                row_source = row_source if row_source in known else base
            options.append(
                Option(
                    str(r.get("text") or _row_text(row, raw["show"])).strip(),
                    r["feedback"].strip(),
                    row_source,
                    bool(r.get("correct", False)),
                )
            )
        if not any(o.correct for o in options) or all(o.correct for o in options):
            raise fail("pick-the-evidence needs at least one row to pick and one not to", "rows")
    texts = [o.text for o in options] + [o.match for o in options if o.match]
    if len(set(texts)) != len(texts):
        raise fail("two options have the same text", "options")
    return Question(
        qid,
        kind,
        raw["prompt"].strip(),
        base,
        tuple(options),
        claim=raw.get("claim", "").strip(),
        select=raw.get("select", ""),
        table=raw.get("table", ""),
        rubric=parse_rubric(raw.get("rubric")),
        uses_data=bool(raw.get("uses_data", False)),
        lesson=lesson,
    )


def parse(raw: Any, file: str, known_sources: Collection[str] | None = None, stem: str | None = None) -> Bank:
    """A validated Bank from a parsed YAML document; QuizError names file, item and field."""
    errors = schema_errors(raw, file)
    if errors:
        raise errors[0]
    lesson = raw["lesson"]
    if stem is not None and stem.startswith("quiz_") and stem != f"quiz_{lesson}":
        raise QuizError(file, None, f"lesson {lesson!r} does not match the file name", "lesson")
    known = _known_sources() if known_sources is None else known_sources
    practice = _drawn(lesson, raw["draw"], file).questions if "draw" in raw else ()
    if "questions" not in raw:
        return Bank(lesson, practice, file)
    questions = [_question(item, file, known, lesson) for item in raw["questions"]]
    seen: set[str] = set()
    for q in questions:
        if q.id in seen:
            raise QuizError(file, q.id, "duplicate item id", "id")
        seen.add(q.id)
    reading = raw.get("close_reading") or {}
    return Bank(
        lesson,
        tuple(questions),
        file,
        parse_rubric(reading.get("rubric")),
        str(reading.get("prompt", "")).strip(),
        tuple(practice),
    )


def _drawn(lesson: str, draw: list[dict], file: str) -> Bank:
    """A review bank made of other lessons' items; ids become '<lesson>.<id>'."""
    questions = []
    for i, ref in enumerate(draw):
        source = load_bank(ref["lesson"])
        try:
            q = source.question(ref["id"])
        except KeyError:
            raise QuizError(file, None, f"{ref['lesson']} has no item {ref['id']!r}", f"draw[{i}]") from None
        number = ref["lesson"][:2]
        questions.append(
            Question(
                f"{ref['lesson']}.{q.id}",
                q.kind,
                f"Lesson {number}. {q.prompt}",
                q.source_id,
                q.options,
                q.claim,
                q.select,
                q.table,
                q.rubric,
                q.uses_data,
                q.lesson,
            )
        )
    return Bank(lesson, tuple(questions), file)


def load_bank_file(path: Path, known_sources: Collection[str] | None = None) -> Bank:
    """Load and validate one bank file; raise QuizError naming the file, item and field."""
    path = Path(path)
    file = path.name
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as err:
        raise QuizError(file, None, "file not found") from err
    except yaml.YAMLError as err:
        raise QuizError(file, None, f"not valid YAML ({err})") from err
    return parse(raw, file, known_sources, stem=path.stem)


def load_bank(lesson: str) -> Bank:
    """The validated bank of lesson `lesson` (e.g. "01_blocs")."""
    return _load_cached(lesson, bank_path(lesson).stat().st_mtime if bank_path(lesson).exists() else 0.0)


@lru_cache(maxsize=32)
def _load_cached(lesson: str, _mtime: float) -> Bank:
    return load_bank_file(bank_path(lesson))


def cited_sources(raw: Any) -> set[str]:
    """Every source_id a parsed bank names (items and their options), for the bibliography."""
    out: set[str] = set()
    for item in (raw or {}).get("questions", []) or []:
        if isinstance(item, dict):
            out.add(item.get("source_id", ""))
            for name in ("options", "events", "pairs"):
                out.update(o.get("source_id", "") for o in item.get(name, []) or [] if isinstance(o, dict))
    return out - {""}
