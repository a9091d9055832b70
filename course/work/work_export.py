"""The student's work as files to hand in and to carry between JupyterLab and Voila.

Three forms, one source (the journal's entries):

* Markdown and HTML, for people: grouped by lesson, every student-typed character escaped
  (a Markdown viewer renders raw HTML, so a typed `<script>` must arrive as text);
* ``my-course-work.json``, the shared format (schema 1) that JupyterLab and Voila both load
  and the instructor's gradebook reads::

      {"format": "course-work", "schema_version": 1, "exported_at": "<ISO>",
       "student": "<name or ''>", "surface": "jupyterlab" | "voila",
       "answers": [{"lesson", "item", "kind", "prompt", "value", "saved", "result"?}]}

  The format is published as a JSON Schema, ``course/content/work_file.schema.json``.
  `read_export` refuses, with one sentence naming the file, anything that is not JSON, not
  this format, from another schema version, or not what the schema says.
"""

from __future__ import annotations

import base64
import html
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from course.core.paths import CONTENT_DIR
from course.material import content_schema
from course.work.journal_store import MergeReport, is_empty, merge_entries, moment, when

__all__ = [
    "FORMAT",
    "KINDS",
    "SCHEMA_VERSION",
    "STUDENT_ITEM",
    "STUDENT_LESSON",
    "SURFACES",
    "Answer",
    "Export",
    "ExportError",
    "as_text",
    "data_uri",
    "dumps",
    "export_html",
    "export_markdown",
    "grouped",
    "kind_of",
    "merge",
    "read_export",
    "to_export",
]

SCHEMA = json.loads((CONTENT_DIR / "work_file.schema.json").read_text(encoding="utf-8"))
FORMAT = SCHEMA["properties"]["format"]["const"]
SCHEMA_VERSION = SCHEMA["properties"]["schema_version"]["const"]
KINDS = tuple(SCHEMA["properties"]["answers"]["items"]["properties"]["kind"]["enum"])
SURFACES = tuple(SCHEMA["properties"]["surface"]["enum"])
STUDENT_LESSON, STUDENT_ITEM = "00_start_here", "student_name"
MD_NAME, HTML_NAME, JSON_NAME = "my-course-work.md", "my-course-work.html", "my-course-work.json"

# Items whose key says what they are (explorers bind them under these prefixes).
_PREFIX_KINDS = {
    "quiz/": "quiz",
    "rating/": "rating",
    "reason/": "rating",
    "policy/": "policy",
    "weight/": "policy",
}


class ExportError(ValueError):
    """A file that cannot be loaded; str(error) is the one sentence the student sees.

    `file` and `reason` hold its parts, for readers that word it their own way (the
    gradebook lists "FILE: reason." for every file it sets aside)."""

    def __init__(self, message: str, file: str = "", reason: str = ""):
        super().__init__(message)
        self.file, self.reason = file, reason


@dataclass(frozen=True)
class Answer:
    """One answer of an export."""

    lesson: str
    item: str
    kind: str
    prompt: str
    value: Any
    saved: str
    result: dict | None = None

    @property
    def key(self) -> str:
        return f"{self.lesson}/{self.item}"

    def entry(self) -> dict:
        """The journal entry this answer stands for."""
        out: dict[str, Any] = {"value": self.value, "saved": self.saved, "kind": self.kind}
        if self.prompt:
            out["prompt"] = self.prompt
        if is_empty(self.value):
            out["cleared"] = True
        return out


@dataclass(frozen=True)
class Export:
    """A read, valid export (see the module docstring for the format)."""

    exported_at: str
    student: str
    surface: str
    answers: tuple[Answer, ...]
    schema_version: int = SCHEMA_VERSION
    file: str = ""  # the name it was read from

    def entries(self) -> dict[str, dict]:
        """The answers as journal entries keyed '<lesson>/<item>' (the newest per item)."""
        out: dict[str, dict] = {}
        for answer in self.answers:
            out, _ = merge_entries(out, {answer.key: answer.entry()})
        return out


# ----------------------------------------------------------------------------- writing


def kind_of(item: str, entry: Mapping) -> str:
    """The kind of an answer: as saved, else from its key ('quiz/…' is a quiz answer)."""
    if entry.get("kind") in KINDS:
        return entry["kind"]
    if item == STUDENT_ITEM:
        return "name"
    for prefix, kind in _PREFIX_KINDS.items():
        if item.startswith(prefix):
            return kind
    return "reflection" if isinstance(entry.get("value"), str) else "other"


def _result(entry: Mapping) -> dict | None:
    """A quiz answer's result, if the quiz saved one (None: not checked yet)."""
    value = entry.get("value")
    for holder in (entry, value if isinstance(value, dict) else {}):
        result = holder.get("result")
        if isinstance(result, dict):
            return result
    return None


def to_export(entries: Mapping[str, dict], student: str, surface: str) -> dict:
    """The shared JSON document (a dict) for these journal entries."""
    answers = []
    for full_key, entry in sorted(entries.items()):
        lesson, _, item = full_key.partition("/")
        kind = kind_of(item, entry)
        answer: dict[str, Any] = {
            "lesson": lesson,
            "item": item,
            "kind": kind,
            "prompt": entry.get("prompt") or "",
            "value": entry.get("value"),
            "saved": entry.get("saved", ""),
        }
        if kind == "quiz":
            answer["result"] = _result(entry)
        answers.append(answer)
    return {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "exported_at": datetime.now().astimezone().isoformat(timespec="seconds"),
        "student": student or "",
        "surface": surface,
        "answers": answers,
    }


def dumps(doc: dict) -> str:
    """The export as the text of my-course-work.json."""
    return json.dumps(doc, ensure_ascii=False, indent=1)


# ----------------------------------------------------------------------------- reading


def _refuse(name: str, why: str) -> ExportError:
    return ExportError(f"“{name}” was not loaded: {why}; nothing was changed.", file=name, reason=why)


def read_export(raw: bytes, name: str) -> Export:
    """Read a my-course-work.json; ExportError (one sentence naming the file) if it is not
    a whole course export this version can read.

    What a file must hold is the published schema, ``course/content/work_file.schema.json``,
    checked by the course's one schema helper; the code before it words the refusals a
    student meets most (not JSON, not a work file, another version) in plain terms."""
    if not raw.strip():
        raise _refuse(name, "the file is empty")
    try:
        doc = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise _refuse(name, "it is not a text file, so not a course work file") from None
    except json.JSONDecodeError:
        raise _refuse(name, "it is damaged or cut short (not complete JSON)") from None
    if isinstance(doc, dict) and "format" not in doc and {"version", "entries"} <= set(doc):
        raise _refuse(
            name, "it is not a course work file but the course's own journal (“Download my work” makes one)"
        )
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise _refuse(name, "it is not a course work file (“Download my work” makes one)")
    version = doc.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise _refuse(name, "its “schema_version” is missing or not a whole number")
    if version < SCHEMA_VERSION:
        raise _refuse(
            name,
            f"it comes from an older version of the course (schema {version}), which this one cannot read",
        )
    if version > SCHEMA_VERSION:
        raise _refuse(
            name,
            f"it comes from a newer version of the course (schema {version}; "
            f"this one reads {SCHEMA_VERSION}), so update the course first",
        )
    why = content_schema.problem(doc, SCHEMA, count_from=1)
    if why is not None:
        raise _refuse(name, why)
    answers = []
    for n, item in enumerate(doc["answers"], start=1):
        if moment(item["saved"]) is None:
            raise _refuse(name, f"answer {n}, field saved: {item['saved']!r} is not an ISO date and time")
        answers.append(
            Answer(
                item["lesson"],
                item["item"],
                item["kind"],
                item.get("prompt", ""),
                item["value"],
                item["saved"],
                item.get("result"),
            )
        )
    return Export(doc["exported_at"], doc["student"], doc["surface"], tuple(answers), version, name)


def merge(current: Mapping[str, dict], export: Export) -> tuple[dict[str, dict], MergeReport]:
    """`current` entries with the export's newer answers (by item and time); pure."""
    return merge_entries(current, export.entries())


# ----------------------------------------------------------------------------- for people


def _lesson_title(lesson: str) -> str:
    """'Lesson 01 · Two blocs in Eurasia?' as the course catalogue names it, else the stem."""
    # Imported here: the catalogue reads the notebooks, which only an export needs.
    from course.lesson import catalogue

    for info in catalogue():
        if info.stem == lesson:
            return f"Lesson {info.number} · {info.title}"
    return f"Lesson {lesson}"


def as_text(value: Any) -> str:
    """An entry's value as the text a reader sees (quiz answers carry their option text)."""
    if isinstance(value, dict):
        value = value.get("text", value.get("answer", ""))
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value))
    return str(value)


def grouped(entries: Mapping[str, dict]) -> list[tuple[str, list[tuple[str, dict]]]]:
    """Entries grouped by lesson in lesson order; within a lesson, reflections then quiz.
    Answers the student cleared are left out."""
    lessons: dict[str, list[tuple[str, dict]]] = {}
    for full_key, entry in entries.items():
        if entry.get("cleared"):
            continue
        lesson, _, key = full_key.partition("/")
        lessons.setdefault(lesson, []).append((key, entry))
    return [
        (
            lesson,
            sorted(items, key=lambda item: (item[0].startswith("quiz/"), item[1].get("saved", ""), item[0])),
        )
        for lesson, items in sorted(lessons.items())
    ]


def export_markdown(entries: Mapping[str, dict]) -> str:
    """All saved work as Markdown, to hand in (student text HTML-escaped even here)."""
    out = ["# My course work", ""]
    student = as_text(entries.get(f"{STUDENT_LESSON}/{STUDENT_ITEM}", {}).get("value"))
    if student:
        out += [f"**Student:** {html.escape(student, quote=False)}", ""]
    groups = grouped(entries)
    if not groups:
        out += ["Nothing saved yet.", ""]
    for lesson, items in groups:
        out += [f"## {_lesson_title(lesson)}", ""]
        for key, entry in items:
            out += [f"### {html.escape(entry.get('prompt') or key, quote=False)}", ""]
            text = html.escape(as_text(entry["value"]), quote=False) or "*(no answer)*"
            out += ["> " + line if line else ">" for line in text.splitlines()] or ["> "]
            out += ["", f"*Saved {when(entry.get('saved'))}.*", ""]
    return "\n".join(out)


def export_html(entries: Mapping[str, dict]) -> str:
    """All saved work as a standalone HTML page; every student-typed character escaped (by
    the template engine: course/content/pages/my-work.html.j2)."""
    from course.core.pages import render

    lessons = [
        {
            "title": _lesson_title(lesson),
            "items": [
                {
                    "prompt": entry.get("prompt") or key,
                    "text": as_text(entry["value"]),
                    "saved": when(entry.get("saved")),
                }
                for key, entry in items
            ],
        }
        for lesson, items in grouped(entries)
    ]
    return render("my-work.html.j2", lessons=lessons)


def data_uri(text: str, mime: str) -> str:
    """A data: URL holding `text` (a download link that needs no server)."""
    return f"data:{mime};base64," + base64.b64encode(text.encode("utf-8")).decode("ascii")
