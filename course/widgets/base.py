"""What every explorer shares: a plain-text account of what it shows, and safe HTML."""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable, Iterator, Sequence

import ipywidgets as widgets

from course.core import html
from course.core.html import esc, notice, save_status
from course.material.citations import citation
from course.widgets.figures import attach_figure_links
from course.widgets.frame import Frame

__all__ = [
    "NOT_RUN",
    "Explorer",
    "TraitText",
    "esc",
    "html_table",
    "notice",
    "save_status",
]  # the HTML helpers live in course.core.html


def html_table(header_row: Sequence[str], rows: Iterable[Sequence[object]], caption: str) -> str:
    """An explorer's table: course.core.html's table with source columns as short citations."""
    return html.html_table(header_row, rows, caption, cite=citation)


class TraitText:
    """One HTML text that a one-view widget draws (`.value`, like the HTML widget it
    replaces): the trait `name` of `view`, or with `key` one entry of that dict trait."""

    def __init__(self, view: widgets.Widget, name: str, key: str | None = None):
        self._view, self._name, self._key = view, name, key

    @property
    def value(self) -> str:
        held = getattr(self._view, self._name)
        return held.get(self._key, "") if self._key is not None else held

    @value.setter
    def value(self, html: str) -> None:
        if self._key is None:
            setattr(self._view, self._name, html)
        else:
            setattr(self._view, self._name, {**getattr(self._view, self._name), self._key: html})


# Shown where an explorer will be when a stored lesson is opened before its cells are run
# (JupyterLab then has no widget to draw; without this it says "model not found").
NOT_RUN = "Run all cells to start this explorer."

# Every explorer alive in this kernel, registered when created and removed when closed
# (weakly held: a discarded explorer goes with its last reference). Saved work asks them
# to re-read the journal after a merge (course/widgets/autosave.py: follow_merges).
_LIVE: weakref.WeakSet[Explorer] = weakref.WeakSet()


def live_explorers() -> Iterator[Explorer]:
    """The explorers created in this kernel and not closed, oldest first not guaranteed."""
    return iter(list(_LIVE))


class Explorer(widgets.VBox):
    """A lesson's explorer. Its text form says what it shows right now.

    That text is what `print(explorer)` gives, what a notebook stores as the cell's
    text/plain output (so nbval compares something meaningful and deterministic), and
    what a reader without the widget front end sees.

    Every explorer carries a `Frame`, which names its controls for screen readers and draws
    its box in every front end.
    """

    def __init__(self, children: Sequence[widgets.Widget] = (), **kwargs):
        self._endings: list[Callable[[], None]] = getattr(self, "_endings", [])
        super().__init__([*children, Frame()], **kwargs)
        self.add_class("course-explorer")
        attach_figure_links(self)
        _LIVE.add(self)

    def until_closed(self, end: Callable[[], None]) -> None:
        """Run `end()` when this explorer closes: it ends a subscription (to the saved work,
        to another widget), so a closed copy stops reacting and can be let go."""
        if not hasattr(self, "_endings"):
            self._endings = []
        self._endings.append(end)

    def close(self) -> None:
        _LIVE.discard(self)
        endings, self._endings = getattr(self, "_endings", []), []
        for end in endings:
            end()
        super().close()

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
