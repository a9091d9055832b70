"""What every explorer shares: a plain-text account of what it shows, and safe HTML."""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

import ipywidgets as widgets

from course.widgets.frame import Frame

# Shown where an explorer will be when a stored lesson is opened before its cells are run
# (JupyterLab then has no widget to draw; without this it says "model not found").
NOT_RUN = "Run all cells to start this explorer."


class Explorer(widgets.VBox):
    """A lesson's explorer. Its text form says what it shows right now.

    That text is what `print(explorer)` gives, what a notebook stores as the cell's
    text/plain output (so nbval compares something meaningful and deterministic), and
    what a reader without the widget front end sees.

    Every explorer carries a `Frame`, which names its controls for screen readers and draws
    its box in every front end.
    """

    def __init__(self, children: Sequence[widgets.Widget] = (), **kwargs):
        super().__init__([*children, Frame()], **kwargs)
        self.add_class("course-explorer")

    def describe(self) -> str:
        raise NotImplementedError

    def __repr__(self) -> str:
        return self.describe()

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        if bundle is not None:
            bundle["text/plain"] = self.describe()
            bundle["text/html"] = f'<p class="course-not-run">{esc(NOT_RUN)}</p>'
        return bundle


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
