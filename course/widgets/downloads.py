"""The student's work going out and coming in: download links (Markdown, a web page, the
shared JSON file, quiz answers marked by the quiz's rule) and the "Load my work" control
that merges a file into the journal."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from course.widgets import browser_store
from course.widgets.autosave import follow_merges
from course.widgets.base import Explorer, notice, save_status
from course.work import work_export
from course.work.journal_store import Journal, MergeReport, current, reason
from course.work.work_export import (
    HTML_NAME,
    JSON_NAME,
    MD_NAME,
    STUDENT_ITEM,
    STUDENT_LESSON,
    ExportError,
    data_uri,
)


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
        self.status.value = save_status(self.last) if self.last.startswith("Loaded") else notice(self.last)
        return self.last

    def describe(self) -> str:
        return f"Load my work: merge a {JSON_NAME} into your saved work (newer answers win)."


def load_work(journal: Journal | None = None) -> LoadWork:
    """The 'Load my work' control (start page and lesson 08)."""
    return LoadWork(journal)
