"""Answer boxes that save themselves and the student's name: what the lessons show, on top
of the saving machinery (course.widgets.autosave) and the download and load controls
(course.widgets.downloads). Notebooks reach these through the facade `course.journal`."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import ipywidgets as widgets

from course.widgets import browser_store
from course.widgets.answer_view import AnswerView
from course.widgets.autosave import Binding
from course.widgets.base import Explorer, TraitText, esc, save_status
from course.widgets.downloads import (
    download_link,
    load_work,
)
from course.work.journal_store import Journal, clock, current
from course.work.work_export import STUDENT_ITEM, STUDENT_LESSON

# ----------------------------------------------------------------------------- answer boxes


class Autosaved(Explorer):
    """A prompt, one control and a status line; the control's value is saved when it changes
    (text: when the student pauses)."""

    kind: str | None = None

    def __init__(
        self, lesson: str, key: str, prompt: str, control: widgets.ValueWidget, journal: Journal | None = None
    ):
        self.lesson, self.key, self.prompt = lesson, key, prompt
        self.journal = journal or current()
        self.control = control
        heading = f'<p class="course-prompt">{esc(prompt)}</p>'
        if isinstance(control, AnswerView):  # one view draws prompt, box and status
            control.prompt = heading
            self.label, self.status = TraitText(control, "prompt"), TraitText(control, "status")
            children: list[widgets.Widget] = [control]
        else:
            self.label, self.status = widgets.HTML(heading), widgets.HTML()
            children = [self.label, control, self.status]
        self.binding = Binding(
            control,
            lesson,
            key,
            prompt,
            self.journal,
            kind=self.kind,
            on_saved=self._on_saved,
            on_restored=self._on_restored,
        )
        saved = self.binding.saved
        notice_ = self.journal.take_notice()
        if notice_:
            self.status.value = save_status(notice_)
        elif saved is not None:
            self.status.value = save_status(f"Restored your answer saved at {clock(saved['saved'])}.")
        if self.journal.memory:
            where = browser_store.first_showing(self.journal)
            children = ([where] if where is not None else []) + children + [download_link(self.journal)]
        super().__init__(children)
        self.add_class("course-explorer")
        self.add_class("course-autosaved")
        self.until_closed(self.binding.close)

    def _on_saved(self, result: Any) -> None:
        self.status.value = save_status(result.message)

    def _on_restored(self, entry: dict) -> None:
        self.status.value = save_status(f"Restored your answer saved at {clock(entry.get('saved'))}.")

    def flush(self) -> None:
        """Save now anything typed and not yet saved."""
        if self.binding.debounce is not None:
            self.binding.debounce.flush()

    @property
    def value(self) -> Any:
        return self.control.value

    @value.setter
    def value(self, new: Any) -> None:
        self.control.value = new


class Reflection(Autosaved):
    """A free-text answer (Textarea) saved when the student pauses."""

    kind = "reflection"

    def describe(self) -> str:
        return f"Your answer ({self.lesson}/{self.key}): {self.prompt}"


class Choice(Autosaved):
    """A single choice (RadioButtons or ToggleButtons) saved when it changes."""

    kind = "other"

    def describe(self) -> str:
        options = "; ".join(map(str, self.control.options))
        return f"Your choice ({self.lesson}/{self.key}): {self.prompt} Options: {options}."


class NameBox(Autosaved):
    """The student's name, saved with the work (it heads every export)."""

    kind = "name"

    def describe(self) -> str:
        return f"Your name ({self.lesson}/{self.key}): it goes on the work you hand in."


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def reflection(
    lesson: str, key: str, prompt: str, rows: int = 4, journal: Journal | None = None
) -> Reflection:
    """A text box restored from the journal and saved when the student pauses, with a status
    line (one widget view: course.widgets.answer_view)."""
    area = AnswerView(
        rows=rows,
        placeholder="Type your answer here; it is saved when you pause.",
        box_class=f"course-reflection-{_slug(key)}",
    )
    return Reflection(lesson, key, prompt, area, journal)


def choice(
    lesson: str,
    key: str,
    prompt: str,
    options: Sequence[str],
    toggle: bool = False,
    journal: Journal | None = None,
) -> Choice:
    """RadioButtons (or ToggleButtons) restored from the journal and saved on change."""
    kind = widgets.ToggleButtons if toggle else widgets.RadioButtons
    control = kind(
        options=list(options), value=None, description="Your choice", style={"description_width": "initial"}
    )
    return Choice(lesson, key, prompt, control, journal)


def name_box(journal: Journal | None = None) -> NameBox:
    """'Your name' (saved as 00_start_here/student_name; exports carry it)."""
    text = widgets.Text(
        value="",
        description="Your name",
        placeholder="First and last name",
        layout={"width": "420px"},
        style={"description_width": "initial"},
    )
    text.add_class("course-student-name")
    return NameBox(
        STUDENT_LESSON, STUDENT_ITEM, "Your name, as it should appear on the work you hand in:", text, journal
    )


def bind(
    control: widgets.ValueWidget, lesson: str, key: str, prompt: str, journal: Journal | None = None
) -> Binding:
    """Restore any control's value from the journal and save every change (text: on a pause).

    For controls that live inside a larger explorer (a rating per dimension, say), where a
    status line per control would be noise; the explorer shows one status of its own. In
    Voila the first bound control of a page also shows where the work is kept.
    """
    binding = Binding(control, lesson, key, prompt, journal)
    where = browser_store.first_showing(binding.journal)
    if where is not None:
        from IPython.display import display

        display(where)
    return binding


class YourWork(Explorer):
    """The start page's box: the student's name and 'Load my work'."""

    def __init__(self, journal: Journal | None = None):
        self.name = name_box(journal)
        self.loader = load_work(journal)
        super().__init__([self.name, self.loader])

    def describe(self) -> str:
        return f"{self.name.describe()}\n{self.loader.describe()}"


def your_work(journal: Journal | None = None) -> YourWork:
    """Start page: 'Your name' and 'Load my work' together."""
    return YourWork(journal)
