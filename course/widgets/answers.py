"""Answer boxes that save themselves, the student's name, and the work's download and load
controls: the widget layer on top of the journal (course.work.journal_store) and its exports
(course.work.work_export). Notebooks reach these through the facade `course.journal`.

Saving fits typing: a text box saves when the student pauses (PAUSE_S after the last
keystroke), not on every keystroke, so a pause costs one write and one rebuild of the
download links. The pause is timed in the kernel: ipywidgets 8 sends a Textarea's value on
every keystroke when `continuous_update` is on, and with it off only on the browser's
`change` event (leaving the box), so a student who pauses and reloads would lose the text.
Choices (radio buttons, sliders) save at once.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import re
import threading
import weakref
from collections.abc import Callable, Sequence
from typing import Any

import ipywidgets as widgets
import traitlets

from course.widgets import browser_store
from course.widgets.base import Explorer, esc, live_explorers, notice
from course.work import work_export
from course.work.journal_store import Journal, MergeReport, clock, current, reason
from course.work.work_export import (
    HTML_NAME,
    JSON_NAME,
    MD_NAME,
    STUDENT_ITEM,
    STUDENT_LESSON,
    ExportError,
    data_uri,
)

log = logging.getLogger("course")

PAUSE_S = 1.5  # seconds after the last keystroke before a text box saves


# ----------------------------------------------------------------------------- timing a pause


def _kernel_loop() -> Any:
    """The kernel's event loop (widget messages are handled on it), or None outside a kernel."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover
        return None
    shell = get_ipython()
    return getattr(getattr(shell, "kernel", None), "io_loop", None)


class Debounce:
    """Run `action()` once, `delay` seconds after the last `poke()`; `flush()` runs it now.

    In a kernel the timer is a callback on the kernel's own loop, so the save runs on the
    thread that handles widget messages; elsewhere (tests, scripts) a timer thread.
    """

    def __init__(self, action: Callable[[], None], delay: float = PAUSE_S):
        self.action, self.delay = action, delay
        self._handle: Any = None
        self._lock = threading.Lock()

    @property
    def pending(self) -> bool:
        return self._handle is not None

    def poke(self) -> None:
        with self._lock:
            self._cancel()
            _WAITING.add(self)
            loop = _kernel_loop()
            if loop is not None:
                self._handle = (loop, loop.call_later(self.delay, self._fire))
            else:
                timer = threading.Timer(self.delay, self._fire)
                timer.daemon = True
                self._handle = (None, timer)
                timer.start()

    def _cancel(self) -> None:
        if self._handle is None:
            return
        loop, handle = self._handle
        if loop is None:
            handle.cancel()
        else:
            loop.remove_timeout(handle)
        self._handle = None

    def _fire(self) -> None:
        with self._lock:
            self._handle = None
        self.action()

    def flush(self) -> None:
        """Save now what is waiting for a pause (nothing if nothing is waiting)."""
        with self._lock:
            was_pending = self._handle is not None
            self._cancel()
        if was_pending:
            self.action()


_WAITING: weakref.WeakSet[Debounce] = weakref.WeakSet()


def flush() -> None:
    """Save now everything typed and still waiting for a pause (also run when the kernel
    shuts down, so a restart right after typing loses nothing)."""
    for debounce in list(_WAITING):
        debounce.flush()


atexit.register(flush)


def _typed(control: widgets.Widget) -> bool:
    """Whether a control changes per keystroke (a text box) rather than per choice."""
    return isinstance(control, (widgets.Text, widgets.Textarea))


# ----------------------------------------------------------------------------- one saved control


class Binding:
    """Keep one control and one journal item in step: restore the saved value, save each
    change (after a pause for text boxes), and take answers that arrive from another copy
    of the work (a loaded file, the browser's storage). `on_saved(result)` and
    `on_restored(entry)` let a box show a status line."""

    def __init__(
        self,
        control: widgets.ValueWidget,
        lesson: str,
        key: str,
        prompt: str,
        journal: Journal | None = None,
        kind: str | None = None,
        on_saved: Callable[[Any], None] | None = None,
        on_restored: Callable[[dict], None] | None = None,
        delay: float = PAUSE_S,
    ):
        self.control, self.lesson, self.key, self.prompt, self.kind = control, lesson, key, prompt, kind
        self.journal = journal or current()
        self.on_saved, self.on_restored = on_saved, on_restored
        self._restoring = False
        self.saved = self.journal.entry(lesson, key)
        if self.saved is not None:
            self._show(self.saved)
        self.debounce = Debounce(self.save_now, delay) if _typed(control) else None
        control.observe(self._on_change, names="value")
        self._end_merges = self.journal.subscribe_merges(self._on_merge)
        follow_merges(self.journal)
        browser_store.attach(self.journal)

    def close(self) -> None:
        """Save what is still waiting for a pause, then stop following the control and the
        journal (its explorer closed, or a re-run cell replaced it)."""
        if self.debounce is not None:
            self.debounce.flush()
        self.control.unobserve(self._on_change, names="value")
        self._end_merges()

    def _show(self, entry: dict) -> None:
        self._restoring = True
        try:
            with contextlib.suppress(traitlets.TraitError, ValueError, TypeError):  # a value it cannot take
                self.control.value = (
                    entry["value"] if entry["value"] is not None else ("" if _typed(self.control) else None)
                )
        finally:
            self._restoring = False

    def _on_change(self, _change: dict) -> None:
        if self._restoring:
            return
        if self.debounce is not None:
            self.debounce.poke()
        else:
            self.save_now()

    def save_now(self) -> None:
        result = self.journal.save(
            self.lesson, self.key, self.control.value, prompt=self.prompt, kind=self.kind
        )
        if self.on_saved is not None:
            self.on_saved(result)

    def _on_merge(self, changed: dict[str, dict]) -> None:
        entry = changed.get(f"{self.lesson}/{self.key}")
        if entry is None or (self.debounce is not None and self.debounce.pending):
            return  # not ours, or the student is typing: their newer text wins
        self._show(entry)
        if self.on_restored is not None:
            self.on_restored(entry)


# ----------------------------------------------------------------------------- other explorers

_FOLLOWED: set[int] = set()


def follow_merges(journal: Journal) -> None:
    """Let explorers that read the journal only when created (the quiz) show answers that
    arrive later from another copy of the work: after a merge, every live widget of this
    journal with a `restore_from_journal()` method (or, for today's quiz, `_restore()`) is
    asked to read it again. Once per journal."""
    if id(journal) in _FOLLOWED:
        return
    _FOLLOWED.add(id(journal))

    def refresh(changed: dict[str, dict]) -> None:
        lessons = {key.partition("/")[0] for key in changed}
        for widget in live_explorers():
            if getattr(widget, "journal", None) is not journal:
                continue
            hook = getattr(widget, "restore_from_journal", None)
            if hook is None and getattr(getattr(widget, "bank", None), "lesson", None) in lessons:
                hook = getattr(widget, "_restore", None)
            if callable(hook):
                try:
                    hook()
                except Exception:  # one explorer must not stop the others
                    log.exception("course: an explorer could not re-read the merged work")

    journal.subscribe_merges(refresh)


# ----------------------------------------------------------------------------- answer boxes


def _status_html(sentence: str) -> str:
    return f'<p class="course-save-status" role="status" aria-live="polite">{esc(sentence)}</p>'


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
        self.label = widgets.HTML(f'<p class="course-prompt">{esc(prompt)}</p>')
        self.status = widgets.HTML()
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
            self.status.value = _status_html(notice_)
        elif saved is not None:
            self.status.value = _status_html(f"Restored your answer saved at {clock(saved['saved'])}.")
        children: list[widgets.Widget] = [self.label, control, self.status]
        if self.journal.memory:
            where = browser_store.first_showing(self.journal)
            children = ([where] if where is not None else []) + children + [download_link(self.journal)]
        super().__init__(children)
        self.add_class("course-explorer")
        self.add_class("course-autosaved")
        self.until_closed(self.binding.close)

    def _on_saved(self, result: Any) -> None:
        self.status.value = _status_html(result.message)

    def _on_restored(self, entry: dict) -> None:
        self.status.value = _status_html(f"Restored your answer saved at {clock(entry.get('saved'))}.")

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
    """A Textarea restored from the journal and saved when the student pauses, with a status line."""
    area = widgets.Textarea(
        value="",
        rows=rows,
        description="Your answer",
        placeholder="Type your answer here; it is saved when you pause.",
        layout={"width": "100%"},
        style={"description_width": "initial"},
    )
    area.add_class(f"course-reflection-{_slug(key)}")
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


# ----------------------------------------------------------------------------- download and load


def with_quiz_results(entries: dict[str, dict]) -> dict[str, dict]:
    """Entries with a `result` on each checked quiz answer that has none, marked by the
    quiz's own rule (for the gradebook); left as they are if the quiz cannot mark them."""
    out = dict(entries)
    for full_key, entry in entries.items():
        lesson, _, item = full_key.partition("/")
        value = entry.get("value")
        if (
            not item.startswith("quiz/")
            or not isinstance(value, dict)
            or "result" in value
            or "result" in entry
            or not value.get("checked")
        ):
            continue
        verdict = _mark(lesson, item[len("quiz/") :], value.get("answer"))
        if verdict is not None:
            out[full_key] = {
                **entry,
                "result": {"correct": bool(verdict), "score": 1.0 if verdict else 0.0, "max": 1.0},
            }
    return out


def _mark(lesson: str, qid: str, answer: Any) -> bool | None:
    """Whether a quiz answer is right, by the quiz's rule; None if it cannot say."""
    try:
        # the banks and marking only (never the quiz's widgets), and only when exporting
        from course.quiz.bank import load_bank
        from course.quiz.marking import is_correct

        return is_correct(load_bank(lesson).question(qid), answer)
    except (KeyError, ValueError, TypeError, IndexError):  # a changed bank (QuizError is a ValueError)
        return None


def export_document(journal: Journal) -> dict:
    """The journal in the shared JSON format (my-course-work.json), quiz answers marked."""
    entries = journal.entries()
    student = work_export.as_text(entries.get(f"{STUDENT_LESSON}/{STUDENT_ITEM}", {}).get("value"))
    return work_export.to_export(
        with_quiz_results(entries), student, "voila" if journal.memory else "jupyterlab"
    )


def _download_links(journal: Journal, html_too: bool) -> str:
    entries = journal.entries()
    doc = export_document(journal)
    markdown = data_uri(work_export.export_markdown(entries), "text/markdown")
    links = [f'<a download="{MD_NAME}" href="{markdown}">Download my work</a>']
    if html_too:
        page = data_uri(work_export.export_html(entries), "text/html")
        links.append(f'<a download="{HTML_NAME}" href="{page}">Download my work as a web page</a>')
    json_file = data_uri(work_export.dumps(doc), "application/json")
    links.append(
        f'<a download="{JSON_NAME}" href="{json_file}">'
        "Download my work as a file to load elsewhere (JSON)</a>"
    )
    return '<p class="course-download">' + " · ".join(links) + "</p>"


class Downloads(Explorer):
    """Download links for the student's work, rebuilt once per save."""

    def __init__(self, journal: Journal | None = None, html_too: bool = True):
        self.journal, self.html_too = journal or current(), html_too
        self.links = widgets.HTML()
        super().__init__([self.links])
        self.add_class("course-explorer")
        self.refresh()
        self.until_closed(self.journal.subscribe(self.refresh))

    def refresh(self) -> None:
        self.links.value = _download_links(self.journal, self.html_too)

    def describe(self) -> str:
        kinds = "Markdown, as a web page" if self.html_too else "Markdown"
        return f"Download links for your saved work ({kinds} and as JSON to load elsewhere)."


def export_button(journal: Journal | None = None) -> Downloads:
    """Download links (Markdown, HTML and JSON, as data: URIs) for all saved work."""
    return Downloads(journal, html_too=True)


def download_link(journal: Journal | None = None) -> Downloads:
    """The 'Download my work' links (Markdown and JSON) that Voila pages show under answers."""
    return Downloads(journal, html_too=False)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def load_file(raw: bytes, name: str, journal: Journal | None = None) -> str:
    """Merge a my-course-work.json into the journal; the one sentence to show the student.

    What the "Load my work" control calls. A file that cannot be read changes nothing."""
    j = journal or current()
    try:
        export = work_export.read_export(raw, name)
        report: MergeReport = j.merge(export.entries())
    except ExportError as err:
        return str(err)
    except (OSError, TimeoutError) as err:
        return f"“{name}” was not loaded: {reason(err)}; nothing was changed."
    if not report.loaded:
        return (
            f"Nothing loaded from “{name}”: its {_plural(len(report.skipped), 'answer')} "
            "are not newer than the ones already here."
        )
    kept = (
        "the previous version is kept in this page"
        if j.memory
        else f"your previous work file was kept as {j.path.name}.before-load-… beside it"
    )
    return (
        f"Loaded {_plural(len(report.loaded), 'answer')} from “{name}”; skipped "
        f"{len(report.skipped)} that were not newer than the ones here ({kept})."
    )


class LoadWork(Explorer):
    """'Load my work': merge a my-course-work.json downloaded elsewhere (Voila on Binder,
    another JupyterLab) into this journal, newer answers winning."""

    def __init__(self, journal: Journal | None = None):
        self.journal = journal or current()
        self.upload = widgets.FileUpload(
            accept=".json,application/json",
            multiple=False,
            description="Load my work",
            tooltip=("Choose a my-course-work.json to merge into your work"),
        )
        self.status = widgets.HTML()
        self.last: str | None = None
        intro = widgets.HTML(
            "<p>Worked elsewhere (the Voila pages, another computer)? Load the "
            f"<code>{JSON_NAME}</code> you downloaded there: newer answers "
            "replace older ones, item by item.</p>"
        )
        self.upload.observe(self._on_upload, names="value")
        follow_merges(self.journal)
        browser_store.attach(self.journal)
        super().__init__([intro, self.upload, self.status])
        self.add_class("course-explorer")
        self.add_class("course-load-work")

    def _on_upload(self, change: dict) -> None:
        files = change["new"]
        if not files:
            return
        first = files[0]
        self.load(bytes(first["content"]), str(first["name"]))
        self.upload.value = ()  # ready for the next file

    def load(self, raw: bytes, name: str) -> str:
        """Load one file (what the upload does); shows and returns the sentence."""
        self.last = load_file(raw, name, self.journal)
        self.status.value = _status_html(self.last) if self.last.startswith("Loaded") else notice(self.last)
        return self.last

    def describe(self) -> str:
        return f"Load my work: merge a {JSON_NAME} into your saved work (newer answers win)."


def load_work(journal: Journal | None = None) -> LoadWork:
    """The 'Load my work' control (start page and lesson 08)."""
    return LoadWork(journal)


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
