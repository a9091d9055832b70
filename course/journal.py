"""Saved student work, as the notebooks use it: `from course import journal`, then
`journal.reflection(...)`, `journal.choice(...)`, `journal.bind(...)`, `journal.name_box()`,
`journal.your_work()`, `journal.load_work()`, `journal.export_button()`.

This module only gathers three layers under one name:

* `course.work.journal_store`: the file (format, atomic writes, lock, damage repair, merge);
* `course.work.work_export`: Markdown, HTML and the shared JSON format (`to_export`, `read_export`);
* `course.widgets.autosave` (with `course.widgets.browser_store`): saving when the student
  pauses, and Voila's copy in the browser; `course.widgets.answers`: the boxes students see;
  `course.widgets.downloads`: the download and load controls.
"""

from __future__ import annotations

from course.core.runtime import in_voila
from course.widgets.answers import (
    Autosaved,
    Choice,
    NameBox,
    Reflection,
    YourWork,
    bind,
    choice,
    name_box,
    reflection,
    your_work,
)
from course.widgets.autosave import PAUSE_S, Binding, flush
from course.widgets.downloads import (
    Downloads,
    LoadWork,
    download_link,
    export_button,
    export_document,
    load_file,
    load_work,
)
from course.widgets.try_this import TryThis, try_this  # "Try this" answer boxes (lessons 01-07)
from course.work import work_export
from course.work.journal_store import (
    _JOURNALS,
    LOCK_TIMEOUT,
    VERSION,
    Damaged,
    Journal,
    MergeReport,
    SaveResult,
    atomic_write,
    checksum,
    current,
    decode,
    encode,
    journal_path,
    locked,
    merge_entries,
)
from course.work.work_export import (
    HTML_NAME,
    JSON_NAME,
    MD_NAME,
    ExportError,
    as_text,
    data_uri,
    grouped,
    read_export,
    to_export,
)

__all__ = [
    "HTML_NAME",
    "JSON_NAME",
    "LOCK_TIMEOUT",
    "MD_NAME",
    "PAUSE_S",
    "VERSION",
    "_JOURNALS",
    "Autosaved",
    "Binding",
    "Choice",
    "Damaged",
    "Downloads",
    "ExportError",
    "Journal",
    "LoadWork",
    "MergeReport",
    "NameBox",
    "Reflection",
    "SaveResult",
    "YourWork",
    "as_text",
    "atomic_write",
    "bind",
    "checksum",
    "choice",
    "current",
    "data_uri",
    "decode",
    "download_link",
    "encode",
    "export_button",
    "export_html",
    "export_json",
    "export_markdown",
    "flush",
    "grouped",
    "in_voila",
    "journal_path",
    "load_file",
    "load_work",
    "locked",
    "merge_entries",
    "name_box",
    "read_export",
    "reflection",
    "to_export",
    "try_this",
    "TryThis",
    "your_work",
]


def export_markdown(journal: Journal | None = None) -> str:
    """All saved work as Markdown, to hand in."""
    return work_export.export_markdown((journal or current()).entries())


def export_html(journal: Journal | None = None) -> str:
    """All saved work as a standalone HTML page."""
    return work_export.export_html((journal or current()).entries())


def export_json(journal: Journal | None = None) -> dict:
    """All saved work in the shared format (my-course-work.json)."""
    return export_document(journal or current())
