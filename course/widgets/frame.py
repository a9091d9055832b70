"""What every explorer carries into the page: names for its controls, and its box.

Why a widget: JupyterLab never loads the course's Voila template, so anything done by a
page script or a template stylesheet is missing where students work most. A small
anywidget inside each explorer brings the same JavaScript and CSS to JupyterLab, Voila and
JupyterLab's Voila preview, offline (both files ship in the package).
"""

from __future__ import annotations

from importlib.resources import files

import anywidget
import traitlets


def static_text(name: str) -> str:
    """A file the widgets ship in course/widgets/static (their page code and styles)."""
    return files("course.widgets").joinpath("static", name).read_text(encoding="utf-8")


class Frame(anywidget.AnyWidget):
    """Invisible: labels the explorer's controls for screen readers and styles its box."""

    _esm = traitlets.Unicode(static_text("frame.js")).tag(sync=True)
    _css = traitlets.Unicode(static_text("frame.css")).tag(sync=True)
