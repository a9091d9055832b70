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


def _static(name: str) -> str:
    return files("course.widgets").joinpath("static", name).read_text(encoding="utf-8")


class Frame(anywidget.AnyWidget):
    """Invisible: labels the explorer's controls for screen readers and styles its box."""

    _esm = traitlets.Unicode(_static("frame.js")).tag(sync=True)
    _css = traitlets.Unicode(_static("frame.css")).tag(sync=True)
