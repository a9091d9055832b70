"""An answer box drawn as one widget view: prompt, labelled text box, save status and, for
"Try this", the self-check button and its points (course/widgets/static/answer.js).

Why one view: as ipywidgets each box was a prompt, a text box, a status line, a button and
a feedback box, each with its layout and style models: six to eight views a box, and a
lesson has up to nine boxes. The saving stays in the kernel (course.widgets.autosave binds
this view's `value` like any control's).
"""

from __future__ import annotations

import anywidget
import traitlets

from course.widgets.frame import static_text


class AnswerView(anywidget.AnyWidget):
    """The text the student writes (`value`, sent as they type) and what the box shows."""

    # changes per keystroke: course.widgets.autosave saves it after a pause
    typed = True

    _esm = traitlets.Unicode(static_text("answer.js")).tag(sync=True)
    _css = traitlets.Unicode(static_text("answer.css")).tag(sync=True)
    value = traitlets.Unicode("").tag(sync=True)
    prompt = traitlets.Unicode("").tag(sync=True)  # HTML
    label = traitlets.Unicode("Your answer").tag(sync=True)
    placeholder = traitlets.Unicode("").tag(sync=True)
    rows = traitlets.Int(4).tag(sync=True)
    box_class = traitlets.Unicode("").tag(sync=True)
    status = traitlets.Unicode("").tag(sync=True)  # HTML
    button = traitlets.Unicode("").tag(sync=True)  # none when empty
    button_title = traitlets.Unicode("").tag(sync=True)
    feedback = traitlets.Unicode("").tag(sync=True)  # HTML
