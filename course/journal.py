"""Saved student work: one small JSON file per student, written so that nothing is lost.

Why this shape:

* **One file per user**, ``$XDG_DATA_HOME/course/journal.json`` (default
  ``~/.local/share/course/journal.json``), or the full path in ``COURSE_JOURNAL``. Every
  lesson writes into the same file, so one export gathers a whole course.
* File format::

      {"version": 1,
       "entries": {"<lesson>/<key>": {"value": ..., "saved": "<ISO timestamp>", "prompt": "..."}},
       "checksum": "<sha256 of the canonical JSON of entries>"}

  ``prompt`` is optional; it lets an export show the question next to the answer.
* **Atomic writes.** A save writes a temporary file in the same folder, fsyncs it, keeps the
  previous good file as ``journal.json.bak`` and ``os.replace``-s the temporary file into
  place. A kernel killed half-way leaves either the old file or the new one, never a mix.
* **Two lessons open at once** (two kernels) must not lose each other's answers: a save
  takes an exclusive ``fcntl.flock`` on ``journal.json.lock``, re-reads the file, merges only
  its own key, writes, and releases.
* **Damage is repaired, never hidden, never fatal.** A file that is not JSON, fails its
  checksum or has the wrong structure is moved aside as ``journal.json.damaged-<time>``
  (student data is never deleted), the ``.bak`` is restored if it is good, and the student
  gets one sentence saying what happened. No traceback ever reaches the student.
* **In Voila nothing is written on the server** (many students share it): entries live in
  memory and a download link, refreshed on every change, hands the student the same content.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import html
import json
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from course.runtime import in_voila
from course.widgets.base import Explorer, esc

try:  # POSIX only; elsewhere saves still are atomic, just not guarded against a second kernel
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]

VERSION = 1
LOCK_TIMEOUT = 10.0  # seconds a save waits for another kernel's save before giving up
MD_NAME, HTML_NAME = "my-course-work.md", "my-course-work.html"


# ----------------------------------------------------------------------------- where and how

def journal_path() -> Path:
    """Where this user's work file lives (COURSE_JOURNAL, else the XDG data folder)."""
    if os.environ.get("COURSE_JOURNAL"):
        return Path(os.environ["COURSE_JOURNAL"]).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "course" / "journal.json"


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def _clock(iso: str | None) -> str:
    """'14:02' for an ISO timestamp (what the status line shows)."""
    try:
        return datetime.fromisoformat(iso or "").strftime("%H:%M")
    except ValueError:
        return "an unknown time"


def _when(iso: str | None) -> str:
    """'14:02 on 28 November' for the recovery sentence."""
    try:
        moment = datetime.fromisoformat(iso or "")
    except ValueError:
        return "an unknown time"
    return f"{moment:%H:%M} on {moment.day} {moment:%B}"


# ----------------------------------------------------------------------------- file format

def checksum(entries: dict) -> str:
    """sha256 of the canonical JSON of entries (sorted keys, no spaces, UTF-8)."""
    canonical = json.dumps(entries, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def encode(entries: dict) -> bytes:
    """The bytes of a journal file holding these entries."""
    doc = {"version": VERSION, "entries": entries, "checksum": checksum(entries)}
    return json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")


class Damaged(ValueError):
    """A journal file that cannot be trusted; the message says why (for logs and tests)."""


def decode(raw: bytes) -> dict:
    """The entries of a journal file, or Damaged if it is not a whole, valid journal."""
    try:
        doc = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise Damaged(f"not JSON ({err})") from err
    if not isinstance(doc, dict) or doc.get("version") != VERSION:
        raise Damaged("not a version-1 journal")
    entries = doc.get("entries")
    if not isinstance(entries, dict) or not all(
            isinstance(k, str) and isinstance(v, dict) and "value" in v and "saved" in v
            for k, v in entries.items()):
        raise Damaged("entries have the wrong structure")
    if doc.get("checksum") != checksum(entries):
        raise Damaged("checksum mismatch")
    return entries


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _write_temp(folder: Path, data: bytes, prefix: str) -> Path:
    fd, name = tempfile.mkstemp(dir=folder, prefix=prefix, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise
    return Path(name)


def atomic_write(path: Path, entries: dict, keep_backup: bool = True) -> None:
    """Replace `path` by a journal of `entries`; the previous file becomes path.bak.

    The new content is complete and on disk before it takes the old file's name, so a crash
    at any moment leaves a readable file. The caller must hold the lock.
    """
    folder = path.parent
    temps = [_write_temp(folder, encode(entries), f".{path.name}.")]
    try:
        if keep_backup and path.exists():
            temps.append(_write_temp(folder, path.read_bytes(), f".{path.name}.bak."))
            os.replace(temps[1], path.with_name(path.name + ".bak"))
        os.replace(temps[0], path)
    except BaseException:
        for temp in temps:
            with contextlib.suppress(OSError):
                os.unlink(temp)
        raise
    _fsync_dir(folder)


@contextlib.contextmanager
def locked(path: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold an exclusive flock on path.lock (bounded wait: TimeoutError after `timeout`)."""
    timeout = LOCK_TIMEOUT if timeout is None else timeout
    path.parent.mkdir(parents=True, exist_ok=True)
    if fcntl is None:  # pragma: no cover
        yield
        return
    with open(path.with_name(path.name + ".lock"), "a+b") as lock:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise TimeoutError("another lesson kept the work file busy") from None
                time.sleep(0.01)
        try:
            yield
        finally:
            fcntl.flock(lock.fileno(), fcntl.LOCK_UN)


# ----------------------------------------------------------------------------- the journal

@dataclass(frozen=True)
class SaveResult:
    """What happened to one save: `message` is the status sentence a widget shows."""

    ok: bool
    message: str
    saved: str | None = None


class Journal:
    """One student's saved work: a file (JupyterLab) or memory only (Voila)."""

    def __init__(self, path: Path | None = None, memory: bool | None = None):
        self.path = Path(path) if path is not None else journal_path()
        self.memory = in_voila() if memory is None else memory
        self._memory: dict[str, dict] = {}
        self.notice: str | None = None  # the last recovery sentence, shown once by widgets
        self._listeners: list[Callable[[], None]] = []

    # -- reading
    def _read_locked(self) -> dict:
        """Entries from disk, repairing a damaged file (caller holds the lock)."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return self._restore(None)
        try:
            return decode(raw)
        except Damaged:
            return self._restore(raw)

    def _restore(self, damaged: bytes | None) -> dict:
        """Set the damaged file aside; restore the .bak if good; say so in one sentence."""
        backup = self.path.with_name(self.path.name + ".bak")
        if damaged is None and not backup.exists():
            return {}  # a first visit: nothing saved yet, nothing to say
        kept = ""
        if damaged is not None:
            stamp = datetime.now().strftime("%Y%m%dT%H%M%S%f")
            aside = self.path.with_name(f"{self.path.name}.damaged-{stamp}")
            os.replace(self.path, aside)
            kept = aside.name
        try:
            entries = decode(backup.read_bytes())
        except (OSError, Damaged):
            self.notice = ("Your saved work file was damaged and no earlier good copy exists, "
                           "so this page starts with no saved answers"
                           + (f" (the damaged file was kept as {kept})." if kept else "."))
            return {}
        atomic_write(self.path, entries, keep_backup=False)
        latest = max((e.get("saved", "") for e in entries.values()), default="")
        if not latest:
            latest = datetime.fromtimestamp(backup.stat().st_mtime).astimezone().isoformat()
        what = "damaged" if damaged is not None else "missing"
        self.notice = (f"Your saved work file was {what}; restored the version saved at "
                       f"{_when(latest)} — answers typed since then may be missing.")
        return entries

    def entries(self) -> dict[str, dict]:
        """Every entry, keyed '<lesson>/<key>' (a fresh read: another kernel may have saved)."""
        if self.memory:
            return {k: dict(v) for k, v in self._memory.items()}
        try:
            with locked(self.path):
                return self._read_locked()
        except (OSError, TimeoutError) as err:
            self.notice = f"Your saved work could not be read ({_reason(err)}); nothing is lost yet."
            return {}

    def get(self, lesson: str, key: str, default: Any = None) -> Any:
        """The saved value of lesson/key, or `default`."""
        entry = self.entries().get(f"{lesson}/{key}")
        return default if entry is None else entry["value"]

    def entry(self, lesson: str, key: str) -> dict | None:
        """The whole saved entry (value, saved, prompt) of lesson/key, or None."""
        return self.entries().get(f"{lesson}/{key}")

    # -- writing
    def save(self, lesson: str, key: str, value: Any, prompt: str | None = None) -> SaveResult:
        """Save one answer, merging it into whatever other lessons saved meanwhile."""
        entry: dict[str, Any] = {"value": value, "saved": _now()}
        if prompt is not None:
            entry["prompt"] = prompt
        try:
            json.dumps(entry)
        except (TypeError, ValueError):
            return SaveResult(False, "Not saved: this answer cannot be stored as text.")
        if self.memory:
            self._memory[f"{lesson}/{key}"] = entry
            self._changed()
            return SaveResult(True, f"Kept in this page at {_clock(entry['saved'])} — "
                                    "download your work before you close it.", entry["saved"])
        try:
            with locked(self.path):
                entries = self._read_locked()
                entries[f"{lesson}/{key}"] = entry
                atomic_write(self.path, entries)
        except (OSError, TimeoutError) as err:
            return SaveResult(False, f"Not saved: {_reason(err)}. Copy your answer somewhere "
                                     "safe and try again.")
        self._changed()
        return SaveResult(True, f"Saved {_clock(entry['saved'])}", entry["saved"])

    # -- change notification (download links refresh themselves)
    def subscribe(self, callback: Callable[[], None]) -> None:
        self._listeners.append(callback)

    def _changed(self) -> None:
        for callback in list(self._listeners):
            with contextlib.suppress(Exception):  # a broken link must not stop a save
                callback()

    def take_notice(self) -> str | None:
        """The recovery sentence, once: the first widget created after a repair shows it."""
        notice, self.notice = self.notice, None
        return notice


def _reason(err: BaseException) -> str:
    if isinstance(err, TimeoutError):
        return "another open lesson kept the work file busy"
    if isinstance(err, OSError) and err.strerror:
        return f"the work file could not be written ({err.strerror.lower()})"
    return "the work file could not be written"


_JOURNALS: dict[tuple[Path, bool], Journal] = {}


def current() -> Journal:
    """The journal for this kernel (one per path and mode, so listeners are shared)."""
    key = (journal_path(), in_voila())
    if key not in _JOURNALS:
        _JOURNALS[key] = Journal(*key)
    return _JOURNALS[key]


# ----------------------------------------------------------------------------- export

def _lesson_title(lesson: str) -> str:
    """'Lesson 01 · Two blocs in Eurasia?' as the course catalogue names it, else the stem."""
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


def grouped(entries: dict[str, dict]) -> list[tuple[str, list[tuple[str, dict]]]]:
    """Entries grouped by lesson in lesson order; within a lesson, reflections then quiz."""
    lessons: dict[str, list[tuple[str, dict]]] = {}
    for full_key, entry in entries.items():
        lesson, _, key = full_key.partition("/")
        lessons.setdefault(lesson, []).append((key, entry))
    return [(lesson, sorted(items, key=lambda item: (item[0].startswith("quiz/"),
                                                     item[1].get("saved", ""), item[0])))
            for lesson, items in sorted(lessons.items())]


def export_markdown(journal: Journal | None = None) -> str:
    """All saved work as Markdown, to hand in.

    Student text is HTML-escaped even here: a Markdown viewer renders raw HTML, so a typed
    `<script>` must arrive as text.
    """
    entries = (journal or current()).entries()
    out = ["# My course work", ""]
    if not entries:
        out += ["Nothing saved yet.", ""]
    for lesson, items in grouped(entries):
        out += [f"## {_lesson_title(lesson)}", ""]
        for key, entry in items:
            out += [f"### {html.escape(entry.get('prompt') or key, quote=False)}", ""]
            text = html.escape(as_text(entry["value"]), quote=False) or "*(no answer)*"
            out += ["> " + line if line else ">" for line in text.splitlines()] or ["> "]
            out += ["", f"*Saved {_when(entry.get('saved'))}.*", ""]
    return "\n".join(out)


def export_html(journal: Journal | None = None) -> str:
    """All saved work as a standalone HTML page; every student-typed character escaped."""
    entries = (journal or current()).entries()
    body = [] if entries else ["<p>Nothing saved yet.</p>"]
    for lesson, items in grouped(entries):
        body.append(f"<section><h2>{esc(_lesson_title(lesson))}</h2>")
        for key, entry in items:
            body.append(f"<h3>{esc(entry.get('prompt') or key)}</h3>"
                        f'<blockquote style="white-space: pre-wrap">{esc(as_text(entry["value"]))}'
                        f"</blockquote><p><small>Saved {esc(_when(entry.get('saved')))}.</small></p>")
        body.append("</section>")
    return ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            "<title>My course work</title></head><body><h1>My course work</h1>"
            + "".join(body) + "</body></html>")


def data_uri(text: str, mime: str) -> str:
    return f"data:{mime};base64," + base64.b64encode(text.encode("utf-8")).decode("ascii")


def _download_links(journal: Journal, html_too: bool) -> str:
    links = [f'<a download="{MD_NAME}" href="{data_uri(export_markdown(journal), "text/markdown")}">'
             "Download my work</a>"]
    if html_too:
        links.append(f'<a download="{HTML_NAME}" href="{data_uri(export_html(journal), "text/html")}">'
                     "Download my work as a web page</a>")
    return '<p class="course-download">' + " · ".join(links) + "</p>"


class Downloads(Explorer):
    """Download links for the student's work, refreshed whenever anything is saved."""

    def __init__(self, journal: Journal | None = None, html_too: bool = True):
        self.journal, self.html_too = journal or current(), html_too
        self.links = widgets.HTML()
        super().__init__([self.links])
        self.add_class("course-explorer")
        self.refresh()
        self.journal.subscribe(self.refresh)

    def refresh(self) -> None:
        self.links.value = _download_links(self.journal, self.html_too)

    def describe(self) -> str:
        kinds = "Markdown and as a web page" if self.html_too else "Markdown"
        return f"Download links for your saved work ({kinds})."


def export_button(journal: Journal | None = None) -> Downloads:
    """Download links (Markdown and HTML, as data: URIs) for all saved work, to hand in."""
    return Downloads(journal, html_too=True)


def download_link(journal: Journal | None = None) -> Downloads:
    """The single 'Download my work' link (Markdown) that Voila pages show under answers."""
    return Downloads(journal, html_too=False)


# ----------------------------------------------------------------------------- autosaving widgets

def _status_html(sentence: str) -> str:
    return f'<p class="course-save-status" role="status" aria-live="polite">{esc(sentence)}</p>'


class Autosaved(Explorer):
    """A prompt, one control and a status line; the control's value is saved on change."""

    def __init__(self, lesson: str, key: str, prompt: str, control: widgets.ValueWidget,
                 journal: Journal | None = None):
        self.lesson, self.key, self.prompt = lesson, key, prompt
        self.journal = journal or current()
        self.control = control
        self.label = widgets.HTML(f'<p class="course-prompt">{esc(prompt)}</p>')
        self.status = widgets.HTML()
        saved = self.journal.entry(lesson, key)
        if saved is not None:
            with contextlib.suppress(Exception):  # a value the control cannot take is ignored
                control.value = self._from_saved(saved["value"])
        notice = self.journal.take_notice()
        if notice:
            self.status.value = _status_html(notice)
        elif saved is not None:
            self.status.value = _status_html(f"Restored your answer saved at {_clock(saved['saved'])}.")
        control.observe(self._on_change, names="value")
        children: list[widgets.Widget] = [self.label, control, self.status]
        if self.journal.memory:
            children.append(download_link(self.journal))
        super().__init__(children)
        self.add_class("course-explorer")
        self.add_class("course-autosaved")

    def _from_saved(self, value: Any) -> Any:
        return value

    def _on_change(self, change: dict) -> None:
        result = self.journal.save(self.lesson, self.key, change["new"], prompt=self.prompt)
        self.status.value = _status_html(result.message)

    @property
    def value(self) -> Any:
        return self.control.value

    @value.setter
    def value(self, new: Any) -> None:
        self.control.value = new


class Reflection(Autosaved):
    """A free-text answer (Textarea) saved as the student types."""

    def describe(self) -> str:
        return f"Your answer ({self.lesson}/{self.key}): {self.prompt}"


class Choice(Autosaved):
    """A single choice (RadioButtons or ToggleButtons) saved when it changes."""

    def describe(self) -> str:
        options = "; ".join(map(str, self.control.options))
        return f"Your choice ({self.lesson}/{self.key}): {self.prompt} Options: {options}."


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def reflection(lesson: str, key: str, prompt: str, rows: int = 4,
               journal: Journal | None = None) -> Reflection:
    """A Textarea restored from the journal and saved on every change, with a status line."""
    area = widgets.Textarea(value="", rows=rows, description="Your answer",
                            placeholder="Type your answer here; it is saved as you type.",
                            layout={"width": "100%"}, style={"description_width": "initial"})
    area.add_class(f"course-reflection-{_slug(key)}")
    return Reflection(lesson, key, prompt, area, journal)


def choice(lesson: str, key: str, prompt: str, options: Sequence[str], toggle: bool = False,
           journal: Journal | None = None) -> Choice:
    """RadioButtons (or ToggleButtons) restored from the journal and saved on change."""
    kind = widgets.ToggleButtons if toggle else widgets.RadioButtons
    control = kind(options=list(options), value=None, description="Your choice",
                   style={"description_width": "initial"})
    return Choice(lesson, key, prompt, control, journal)


def bind(control: widgets.ValueWidget, lesson: str, key: str, prompt: str,
         journal: Journal | None = None) -> None:
    """Restore any control's value from the journal and save every change.

    For controls that live inside a larger explorer (a rating per dimension, say), where a
    status line per control would be noise; the explorer shows one status of its own.
    """
    j = journal or current()
    saved = j.entry(lesson, key)
    if saved is not None:
        with contextlib.suppress(Exception):  # a value the control cannot take is ignored
            control.value = saved["value"]
    control.observe(lambda change: j.save(lesson, key, change["new"], prompt=prompt), names="value")
