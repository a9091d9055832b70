"""Saving that fits typing, for any control bound to the student's work: a text box saves
when the student pauses (PAUSE_S after the last keystroke), not on every keystroke, so a
pause costs one write and one rebuild of the download links. The pause is timed in the
kernel: ipywidgets 8 sends a Textarea's value on every keystroke when `continuous_update` is
on, and with it off only on the browser's `change` event (leaving the box), so a student who
pauses and reloads would lose the text. Choices (radio buttons, sliders) save at once.

The machinery only (Debounce, Binding, follow_merges); the boxes students see are in
course.widgets.answers, the download and load controls in course.widgets.downloads.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import threading
import weakref
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets
import traitlets

from course.widgets import browser_store
from course.widgets.base import live_explorers
from course.work.journal_store import Journal, current

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
    return isinstance(control, (widgets.Text, widgets.Textarea)) or getattr(control, "typed", False)


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
