"""Saved student work, the storage layer: one small JSON file per student, written so that
nothing is lost. Imports nothing from widgets or lessons (widgets sit on top of it).

Why this shape:

* **One file per user**, ``$XDG_DATA_HOME/course/journal.json`` (default
  ``~/.local/share/course/journal.json``), or the full path in ``COURSE_JOURNAL``. Every
  lesson writes into the same file, so one export gathers a whole course.
* File format::

      {"version": 1,
       "entries": {"<lesson>/<key>": {"value": ..., "saved": "<ISO timestamp>", "prompt": "...",
                                      "kind": "...", "cleared": true}},
       "checksum": "<sha256 of the canonical JSON of entries>"}

  ``prompt`` and ``kind`` are optional; they let an export show the question next to the
  answer and say what sort of answer it is. ``cleared`` marks an answer the student emptied:
  the marker keeps its time, so a merge with an older copy cannot bring the answer back.
* **Atomic writes.** A save writes a temporary file in the same folder, fsyncs it, keeps the
  previous good file as ``journal.json.bak`` and ``os.replace``-s the temporary file into
  place. A kernel killed half-way leaves either the old file or the new one, never a mix.
* **Two lessons open at once** (two kernels) must not lose each other's answers: a save
  takes an exclusive lock on ``journal.json.lock`` (``filelock``: ``flock`` on POSIX, ``msvcrt``
  on Windows), re-reads the file, merges only its own key, writes, and releases.
* **Damage is repaired, never hidden, never fatal.** A file that is not JSON, fails its
  checksum or has the wrong structure is moved aside as ``journal.json.damaged-<time>``
  (student data is never deleted), the ``.bak`` is restored if it is good, and the student
  gets one sentence saying what happened. No traceback ever reaches the student.
* **Merging by item and time.** Work loaded from another copy (a download from Voila, the
  browser's own storage) is merged entry by entry: the newer answer wins; before a merge
  changes the file, the whole previous file is kept as ``journal.json.before-load-<time>``.
* **In Voila nothing is written on the server** (many students share it): entries live in
  memory; the widget layer keeps a copy in the browser's storage and offers downloads.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from filelock import FileLock

from course.core.runtime import in_voila

log = logging.getLogger("course")

VERSION = 1
LOCK_TIMEOUT = 10.0  # seconds a save waits for another kernel's save before giving up


# ----------------------------------------------------------------------------- where and when


def journal_path() -> Path:
    """Where this user's work file lives (COURSE_JOURNAL, else the XDG data folder)."""
    if os.environ.get("COURSE_JOURNAL"):
        return Path(os.environ["COURSE_JOURNAL"]).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "course" / "journal.json"


def now() -> str:
    """The time stamp of a save: local time with its UTC offset, to the millisecond, so that
    two saves within one second still order (merges compare them)."""
    return datetime.now().astimezone().isoformat(timespec="milliseconds")


def moment(iso: str | None) -> datetime | None:
    """An ISO time stamp as an aware datetime (naive ones read as UTC), or None."""
    try:
        parsed = datetime.fromisoformat(iso or "")
    except (TypeError, ValueError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def clock(iso: str | None) -> str:
    """'14:02' for an ISO timestamp (what the status line shows)."""
    parsed = moment(iso)
    return parsed.astimezone().strftime("%H:%M") if parsed else "an unknown time"


def when(iso: str | None) -> str:
    """'14:02 on 28 November' for the recovery sentence and exports."""
    parsed = moment(iso)
    if parsed is None:
        return "an unknown time"
    parsed = parsed.astimezone()
    return f"{parsed:%H:%M} on {parsed.day} {parsed:%B}"


def is_empty(value: Any) -> bool:
    """An answer with nothing in it: what clearing a box leaves."""
    return value is None or (isinstance(value, (str, list, tuple, dict)) and not value)


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


def valid_entry(key: object, entry: object) -> bool:
    """Whether key/entry have the shape of a journal entry ('<lesson>/<item>': {value, saved})."""
    return (
        isinstance(key, str)
        and "/" in key
        and isinstance(entry, dict)
        and "value" in entry
        and isinstance(entry.get("saved"), str)
    )


def decode(raw: bytes) -> dict:
    """The entries of a journal file, or Damaged if it is not a whole, valid journal."""
    try:
        doc = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise Damaged(f"not JSON ({err})") from err
    if not isinstance(doc, dict) or doc.get("version") != VERSION:
        raise Damaged("not a version-1 journal")
    entries = doc.get("entries")
    if not isinstance(entries, dict) or not all(valid_entry(k, v) for k, v in entries.items()):
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
    """Hold the work file's lock, so two kernels saving at once cannot lose each other's answers.

    The wait is bounded (``TimeoutError`` after `timeout` seconds): a student whose other lesson
    hangs gets a sentence, not a frozen page.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(path.with_name(path.name + ".lock"), timeout=LOCK_TIMEOUT if timeout is None else timeout)
    with lock:
        yield


# ----------------------------------------------------------------------------- merging


def newer(incoming: Mapping, existing: Mapping | None) -> bool:
    """Whether `incoming` should replace `existing`: strictly newer wins; an entry with no
    readable time never replaces one that has a time; a tie keeps what is there."""
    if existing is None:
        return True
    new, old = moment(incoming.get("saved")), moment(existing.get("saved"))
    if new is None:
        return False
    return old is None or new > old


@dataclass(frozen=True)
class MergeReport:
    """What a merge did, item by item ('<lesson>/<item>' keys)."""

    loaded: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()


def merge_entries(
    current: Mapping[str, dict], incoming: Mapping[str, dict]
) -> tuple[dict[str, dict], MergeReport]:
    """`current` with every entry of `incoming` that is newer (by item and time).

    Pure: returns the merged entries and which incoming items were taken or skipped (older
    or as old as the one kept, or malformed). Cleared markers merge like any answer, so an
    answer the student emptied later stays empty."""
    merged = {k: dict(v) for k, v in current.items()}
    loaded, skipped = [], []
    for key, entry in sorted(incoming.items()):
        if valid_entry(key, entry) and newer(entry, merged.get(key)):
            merged[key] = dict(entry)
            loaded.append(key)
        else:
            skipped.append(key)
    return merged, MergeReport(tuple(loaded), tuple(skipped))


# ----------------------------------------------------------------------------- the journal


@dataclass(frozen=True)
class SaveResult:
    """What happened to one save: `message` is the status sentence a widget shows."""

    ok: bool
    message: str
    saved: str | None = None


@dataclass
class _Listeners:
    any_change: list[Callable[[], None]] = field(default_factory=list)
    changes: list[Callable[[dict[str, dict]], None]] = field(default_factory=list)
    merged: list[Callable[[dict[str, dict]], None]] = field(default_factory=list)


MEMORY_MESSAGE = "Kept in this page at {clock} — download your work before you close it."


def _subscription(listeners: list, callback: Callable) -> Callable[[], None]:
    listeners.append(callback)

    def end() -> None:
        with contextlib.suppress(ValueError):  # ended already
            listeners.remove(callback)

    return end


def _notify(listeners: list, *args: Any) -> None:
    """Call every listener; one that fails is logged and the rest still run."""
    for callback in list(listeners):
        try:
            callback(*args)
        except Exception:
            log.exception("course: a listener of the saved work failed")


class Journal:
    """One student's saved work: a file (JupyterLab) or memory only (Voila)."""

    def __init__(self, path: Path | None = None, memory: bool | None = None):
        self.path = Path(path) if path is not None else journal_path()
        self.memory = in_voila() if memory is None else memory
        self._memory: dict[str, dict] = {}
        self.backups: list[dict[str, dict]] = []  # memory journals: the state before each load
        self.notice: str | None = None  # the last recovery sentence, shown once by widgets
        # What a memory save says; the browser store, once it works, says where work is kept.
        self.memory_message = MEMORY_MESSAGE
        self._listeners = _Listeners()

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
            self.notice = (
                "Your saved work file was damaged and no earlier good copy exists, "
                "so this page starts with no saved answers"
                + (f" (the damaged file was kept as {kept})." if kept else ".")
            )
            return {}
        atomic_write(self.path, entries, keep_backup=False)
        latest = max((e.get("saved", "") for e in entries.values()), default="")
        if not latest:
            latest = datetime.fromtimestamp(backup.stat().st_mtime).astimezone().isoformat()
        what = "damaged" if damaged is not None else "missing"
        self.notice = (
            f"Your saved work file was {what}; restored the version saved at "
            f"{when(latest)} — answers typed since then may be missing."
        )
        return entries

    def entries(self) -> dict[str, dict]:
        """Every entry, keyed '<lesson>/<key>' (a fresh read: another kernel may have saved)."""
        if self.memory:
            return {k: dict(v) for k, v in self._memory.items()}
        try:
            with locked(self.path):
                return self._read_locked()
        except (OSError, TimeoutError) as err:
            self.notice = f"Your saved work could not be read ({reason(err)}); nothing is lost yet."
            return {}

    def get(self, lesson: str, key: str, default: Any = None) -> Any:
        """The saved value of lesson/key, or `default`."""
        entry = self.entries().get(f"{lesson}/{key}")
        return default if entry is None else entry["value"]

    def entry(self, lesson: str, key: str) -> dict | None:
        """The whole saved entry (value, saved, prompt, ...) of lesson/key, or None."""
        return self.entries().get(f"{lesson}/{key}")

    # -- writing
    def save(
        self, lesson: str, key: str, value: Any, prompt: str | None = None, kind: str | None = None
    ) -> SaveResult:
        """Save one answer, merging it into whatever other lessons saved meanwhile."""
        entry: dict[str, Any] = {"value": value, "saved": now()}
        if prompt is not None:
            entry["prompt"] = prompt
        if kind is not None:
            entry["kind"] = kind
        if is_empty(value):
            entry["cleared"] = True
        try:
            json.dumps(entry)
        except (TypeError, ValueError):
            return SaveResult(False, "Not saved: this answer cannot be stored as text.")
        full_key = f"{lesson}/{key}"
        if self.memory:
            self._memory[full_key] = entry
            self._changed({full_key: dict(entry)})
            return SaveResult(True, self.memory_message.format(clock=clock(entry["saved"])), entry["saved"])
        try:
            with locked(self.path):
                entries = self._read_locked()
                entries[full_key] = entry
                atomic_write(self.path, entries)
        except (OSError, TimeoutError) as err:
            return SaveResult(
                False, f"Not saved: {reason(err)}. Copy your answer somewhere safe and try again."
            )
        self._changed({full_key: dict(entry)})
        return SaveResult(True, f"Saved {clock(entry['saved'])}", entry["saved"])

    def merge(self, incoming: Mapping[str, dict], backup: bool = True) -> MergeReport:
        """Merge entries from another copy of the work (newer answer wins, item by item).

        With `backup`, the whole previous journal is kept first: a file journal copies its
        file to ``journal.json.before-load-<time>``; a memory journal keeps the entries in
        `backups`. Raises OSError/TimeoutError if the file journal cannot be written; then
        nothing has changed."""
        if self.memory:
            merged, report = merge_entries(self._memory, incoming)
            if report.loaded:
                if backup:
                    self.backups.append({k: dict(v) for k, v in self._memory.items()})
                self._memory = merged
        else:
            with locked(self.path):
                entries = self._read_locked()
                merged, report = merge_entries(entries, incoming)
                if report.loaded:
                    if backup and self.path.exists():
                        stamp = datetime.now().strftime("%Y%m%dT%H%M%S%f")
                        keep = self.path.with_name(f"{self.path.name}.before-load-{stamp}")
                        temp = _write_temp(self.path.parent, self.path.read_bytes(), f".{keep.name}.")
                        os.replace(temp, keep)
                    atomic_write(self.path, merged)
        if report.loaded:
            changed = {k: dict(merged[k]) for k in report.loaded}
            self._changed(changed)
            _notify(self._listeners.merged, changed)  # one broken control must not stop a load
        return report

    # -- change notification
    # Each subscription returns the call that ends it: a widget ends its own when it closes,
    # so a closed or replaced copy stops reacting to saves (course.widgets.base.Explorer).
    def subscribe(self, callback: Callable[[], None]) -> Callable[[], None]:
        """Call `callback()` after every change (download links refresh themselves)."""
        return _subscription(self._listeners.any_change, callback)

    def subscribe_changes(self, callback: Callable[[dict[str, dict]], None]) -> Callable[[], None]:
        """Call `callback(changed_entries)` after every save or merge (the browser store)."""
        return _subscription(self._listeners.changes, callback)

    def subscribe_merges(self, callback: Callable[[dict[str, dict]], None]) -> Callable[[], None]:
        """Call `callback(changed_entries)` when entries arrive from another copy of the work
        (a loaded file, the browser's storage): controls showing them update themselves."""
        return _subscription(self._listeners.merged, callback)

    def listener_count(self) -> int:
        """How many subscriptions are live (a closed widget's are not)."""
        return sum(map(len, (self._listeners.any_change, self._listeners.changes, self._listeners.merged)))

    def _changed(self, changed: dict[str, dict]) -> None:
        _notify(self._listeners.changes, changed)  # a broken listener must not stop a save
        _notify(self._listeners.any_change)

    def take_notice(self) -> str | None:
        """The recovery sentence, once: the first widget created after a repair shows it."""
        notice, self.notice = self.notice, None
        return notice


def reason(err: BaseException) -> str:
    """Why a save failed, in words a student understands."""
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
