"""A lesson's "Try this" task that answers back: the student types an answer (kept with
their work, like a reflection), then may reveal a short self-check — what a good answer
notices — written in course/content/try_this.yaml.

Why a self-check and not the model answer: the model answer stays instructor-only (the
course's Voila template removes it), so that it can be discussed in class; the self-check
gives two to four points to compare one's own answer with, and it opens only after a
non-empty attempt, so it prompts thinking instead of replacing it.

In a notebook: `journal.try_this("02_camp_david", "trade_to_military")`, one code cell
after the task's Markdown cell.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from course.core.paths import CONTENT_DIR
from course.material import content_schema
from course.widgets.answer_view import AnswerView
from course.widgets.answers import Reflection
from course.widgets.base import TraitText, esc, notice
from course.widgets.downloads import Downloads
from course.work.journal_store import Journal

log = logging.getLogger("course")

FILE = CONTENT_DIR / "try_this.yaml"
KEY_PREFIX = "try/"  # journal items of these answers: "<lesson>/try/<key>"
BUTTON = "Check my thinking"
EMPTY = (
    "Write your answer in the box first: the self-check is there to compare with your own "
    "thinking, so it opens once you have tried."
)
INTRO = "A good answer notices:"


@dataclass(frozen=True)
class Task:
    """One "Try this" task: where it is, the task in a line, and its self-check points."""

    lesson: str
    key: str
    task: str
    checks: tuple[str, ...]


def read_tasks(path: Path = FILE) -> dict[str, dict[str, Task]]:
    """Every task in `path`, by lesson then key, checked against the schema beside FILE
    (a broken copy elsewhere is held to the module's rules)."""
    raw = content_schema.read(path, content_schema.schema_for(FILE))
    out: dict[str, dict[str, Task]] = {}
    for lesson, items in raw.items():
        keys = [item["key"] for item in items]
        if len(set(keys)) != len(keys):
            duplicate = next(k for k in keys if keys.count(k) > 1)
            raise content_schema.ContentError(
                f"{path.name}: lesson {lesson}: key {duplicate!r} is used twice"
            )
        out[lesson] = {
            item["key"]: Task(lesson, item["key"], item["task"], tuple(item["checks"])) for item in items
        }
    return out


@cache
def tasks() -> dict[str, dict[str, Task]]:
    """The course's tasks (read once per process)."""
    return read_tasks()


def task(lesson: str, key: str) -> Task:
    """One task; a KeyError that names what exists if the notebook asks for a missing one."""
    lessons = tasks()
    if lesson not in lessons or key not in lessons[lesson]:
        known = ", ".join(sorted(lessons.get(lesson, {}))) or "none"
        raise KeyError(f"No 'Try this' task {lesson}/{key} in {FILE.name} (tasks of {lesson}: {known})")
    return lessons[lesson][key]


def self_check_html(item: Task, attempt: str | None) -> str:
    """What "Check my thinking" shows for `attempt`: the self-check after a non-empty
    attempt, else one sentence saying why nothing is shown (pure, for tests)."""
    if not (attempt or "").strip():
        return notice(EMPTY)
    points = "".join(f"<li>{esc(point)}</li>" for point in item.checks)
    return (
        f'<div class="course-self-check" role="status"><p><strong>{esc(INTRO)}</strong></p>'
        f"<ul>{points}</ul></div>"
    )


class TryThis(Reflection):
    """An answer box for one "Try this" task, saved like a reflection, with a button that
    reveals the task's self-check once the box holds an attempt."""

    def __init__(self, item: Task, journal: Journal | None = None):
        self.item = item
        area = AnswerView(
            rows=3,
            placeholder="Type your answer to the task above; it is saved when you pause.",
            box_class="course-try-this-answer",
            button=BUTTON,
            button_title="Show what a good answer notices (after you have written yours)",
        )
        super().__init__(item.lesson, KEY_PREFIX + item.key, f"Try this: {item.task}", area, journal)
        self.feedback = TraitText(area, "feedback")
        area.on_msg(self._message)
        # In Voila a reflection box also carries the page's download links; seven boxes a
        # page would repeat them (and rebuild them on every save): the lesson's reflections
        # and its quiz keep them.
        self.children = tuple(c for c in self.children if not isinstance(c, Downloads))
        self.add_class("course-try-this")

    def _message(self, _view: AnswerView, content: dict, _buffers: list) -> None:
        """The page's "Check my thinking", with the text shown (the page's state updates are
        throttled and can arrive after this message)."""
        if not (isinstance(content, dict) and content.get("reveal")):
            log.warning("course: a Try this box sent a message it does not know: %r", content)
            return
        if isinstance(content.get("value"), str) and content["value"] != self.control.value:
            self.control.value = content["value"]
        self.reveal()

    def reveal(self) -> str:
        """Show (and return) the self-check, or the sentence saying an attempt comes first."""
        self.flush()  # what was typed is saved before the points appear
        self.feedback.value = self_check_html(self.item, self.control.value)
        return self.feedback.value

    def describe(self) -> str:
        return (
            f"Your answer to “Try this” ({self.lesson}, {self.item.key}): {self.item.task} "
            f"After you have written it, “{BUTTON}” shows what a good answer notices."
        )


def try_this(lesson: str, key: str, journal: Journal | None = None) -> TryThis:
    """The answer box and self-check of task `key` of lesson `lesson` (see try_this.yaml)."""
    return TryThis(task(lesson, key), journal)
