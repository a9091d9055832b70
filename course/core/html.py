"""Safe HTML for every layer: escaped text, accessible tables, notices.

Below the widgets and the lesson page alike (it imports nothing from the course), so a
lesson page, the journal or a widget can write HTML without importing the widget layer.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence

# Inline, because JupyterLab's own stylesheet right-aligns table cells and no course
# stylesheet reaches a lesson's plain HTML outputs there: prose reads left, dates stay whole.
_CELL = "text-align:left;vertical-align:top"
_DATE = re.compile(r"^\d{4}(-\d{2}){0,2}$")


def esc(text: object) -> str:
    """Escape anything shown as HTML: data and student text alike."""
    return html.escape(str(text), quote=True)


def html_table(header: Sequence[str], rows: Iterable[Sequence[object]], caption: str) -> str:
    """A small accessible HTML table (caption, header cells with scope), every cell escaped."""
    head = "".join(f'<th scope="col" style="{_CELL}">{esc(h)}</th>' for h in header)
    body = "".join("<tr>" + "".join(_cell(c) for c in row) + "</tr>" for row in rows)
    # A focusable, labelled region: long tables scroll inside it and keyboard users can too.
    return (
        f'<div class="course-table-wrap" role="region" tabindex="0" aria-label="{esc(caption)}">'
        f'<table class="course-table"><caption>{esc(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
    )


def _cell(value: object) -> str:
    nowrap = ";white-space:nowrap" if _DATE.match(str(value)) else ""
    return f'<td style="{_CELL}{nowrap}">{esc(value)}</td>'


def notice(sentence: str) -> str:
    """A sentence shown in place of a view that cannot be drawn (never a traceback)."""
    return f'<p class="course-notice" role="status">{esc(sentence)}</p>'
