"""Rows of labelled checkboxes: the filter control every timeline explorer shares."""

from __future__ import annotations

from collections.abc import Sequence

import ipywidgets as widgets
from ipywidgets.widgets.widget_bool import CheckboxStyle

from course.core.html import esc


def checkboxes(labels: Sequence[str]) -> dict[str, widgets.Checkbox]:
    """One ticked checkbox per label, keyed by the label.

    The boxes of a row share one layout and one style: every widget model is built in the
    browser when the page loads, and a box's own pair would be two more models each (a
    lesson's explorers have up to 26 boxes), for settings that are the same for all."""
    layout = widgets.Layout(width="auto", margin="0 14px 0 0")
    style = CheckboxStyle()
    return {
        label: widgets.Checkbox(value=True, description=label, indent=False, layout=layout, style=style)
        for label in labels
    }


def checkbox_row(title: str, boxes: dict[str, widgets.Checkbox]) -> widgets.HBox:
    """A bold heading followed by the boxes, wrapping on narrow screens."""
    heading = widgets.HTML(f"<b>{esc(title)}</b>", layout={"width": "110px"})
    return widgets.HBox([heading, *boxes.values()], layout={"flex_flow": "row wrap"})


def ticked(boxes: dict[str, widgets.Checkbox]) -> list[str]:
    """The labels whose boxes are ticked, in order."""
    return [label for label, box in boxes.items() if box.value]
