"""Safe HTML for every layer: escaped text, tables written for readers, notices.

Below the widgets and the lesson page alike (it imports nothing of the course), so a
lesson page, the journal or a widget can write HTML without importing the widget layer.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import re
from collections.abc import Callable, Iterable, Sequence

import numpy as np
import pandas as pd

# Inline, because JupyterLab's own stylesheet right-aligns table cells and no course
# stylesheet reaches a lesson's plain HTML outputs there: prose reads left, dates stay whole.
_CELL = "text-align:left;vertical-align:top"
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_SHORT = re.compile(r"^(\d{1,2} \w{3} )?\d{4}$|^\w{3} \d{4}$")
MISSING = "—"
# Column names of the data tables, as a reader would say them.
HEADERS = {
    "source_id": "Source",
    "evidence_source_id": "Evidence source",
    "in_force": "In force",
    "as_of": "As of",
    "iso": "Country code",
    "counting_rule": "Counting rule",
}
_SOURCE_HEADERS = {"source", "sources", "evidence source", "evidence sources"}


def esc(text: object) -> str:
    """Escape anything shown as HTML: data and student text alike."""
    return html.escape(str(text), quote=True)


def header(name: str) -> str:
    """A column's heading as a reader would say it: `in_force` -> "In force"."""
    if not re.fullmatch(r"[a-z0-9_]+", name):
        return name
    return HEADERS.get(name, name.replace("_", " ").capitalize())


def readable(value: object) -> str:
    """One cell as a reader expects it: Yes/No, "16 Mar 2023", 43 not 43.0, "—" for nothing.

    Tables were shown as the data hold them ("True", "<NA>", "2023-03-16", "43.0"), which
    reads as a program's output, not as evidence.
    """
    if value is None or value is pd.NA or value is pd.NaT:
        return MISSING
    if isinstance(value, (bool, np.bool_)):
        return "Yes" if value else "No"
    if isinstance(value, (float, np.floating)):
        number = float(value)
        if math.isnan(number):
            return MISSING
        return str(int(number)) if number.is_integer() else f"{number:,.2f}".rstrip("0").rstrip(".")
    if isinstance(value, (dt.date, dt.datetime)):
        return value.strftime("%-d %b %Y")
    text = str(value)
    if not text.strip() or text in {"nan", "<NA>", "NaT", "None"}:
        return MISSING
    if day := _DAY.match(text):
        return dt.date(*map(int, day.groups())).strftime("%-d %b %Y")
    if month := _MONTH.match(text):
        return dt.date(int(month[1]), int(month[2]), 1).strftime("%b %Y")
    return text


def html_table(
    header_row: Sequence[str],
    rows: Iterable[Sequence[object]],
    caption: str,
    cite: Callable[[object], str] | None = None,
) -> str:
    """An accessible HTML table written for readers: a caption, header cells with scope,
    human headers, formatted values, short citations in source columns, every cell escaped.

    Wide tables scroll sideways inside their box with the first column held in place. `cite`
    turns a source column's keys into citations (course.material.citations.citation); this
    layer does not read the bibliography itself."""
    names = [header(h) for h in header_row]
    sources = {i for i, h in enumerate(names) if h.lower() in _SOURCE_HEADERS}
    head = "".join(f'<th scope="col" style="{_CELL}">{esc(h)}</th>' for h in names)
    body = "".join(
        "<tr>" + "".join(_cell(c, cite if i in sources else None) for i, c in enumerate(row)) + "</tr>"
        for row in rows
    )
    # A focusable, labelled region: long tables scroll inside it and keyboard users can too.
    return (
        f'<div class="course-table-wrap" role="region" tabindex="0" aria-label="{esc(caption)}">'
        f'<table class="course-table"><caption>{esc(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
    )


def _cell(value: object, cite: Callable[[object], str] | None = None) -> str:
    if cite is not None:
        return f'<td style="{_CELL}">{cite(value)}</td>'
    text = readable(value)
    nowrap = ";white-space:nowrap" if _SHORT.match(text) else ""
    return f'<td style="{_CELL}{nowrap}">{esc(text)}</td>'


def save_status(sentence: str) -> str:
    """A save's status line, announced politely to screen readers as it changes."""
    return f'<p class="course-save-status" role="status" aria-live="polite">{esc(sentence)}</p>'


def notice(sentence: str) -> str:
    """A sentence shown in place of a view that cannot be drawn (never a traceback)."""
    return f'<p class="course-notice" role="status">{esc(sentence)}</p>'
