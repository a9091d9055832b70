"""Safe HTML for every layer: escaped text, accessible tables, notices.

Below the widgets and the lesson page alike (it imports nothing from the course), so a
lesson page, the journal or a widget can write HTML without importing the widget layer.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence


def esc(text: object) -> str:
    """Escape anything shown as HTML: data and student text alike."""
    return html.escape(str(text), quote=True)


def html_table(header: Sequence[str], rows: Iterable[Sequence[object]], caption: str) -> str:
    """A small accessible HTML table (caption, header cells with scope), every cell escaped."""
    head = "".join(f'<th scope="col">{esc(h)}</th>' for h in header)
    body = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>" for row in rows)
    # A focusable, labelled region: long tables scroll inside it and keyboard users can too.
    return (f'<div class="course-table-wrap" role="region" tabindex="0" aria-label="{esc(caption)}">'
            f'<table class="course-table"><caption>{esc(caption)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>")


def notice(sentence: str) -> str:
    """A sentence shown in place of a view that cannot be drawn (never a traceback)."""
    return f'<p class="course-notice" role="status">{esc(sentence)}</p>'
