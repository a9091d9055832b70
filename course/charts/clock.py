"""Lesson 04's "one clock": coalitions on the ladder against years since their first agreement.

Built from the ladder chart's own layers (course.charts.ladder: step lines, end labels, step
points), plus what a reader of this chart needs and a calendar chart does not: where a line
falls to level 0, the chart says why, in text beside the fall (Russia's separate peace of
March 1918 ends the three-power coalition). Lines differ by palette colour, dash pattern and
end label, so no line is told apart by colour alone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import altair as alt
import pandas as pd

from course.charts.base import accessible
from course.charts.ladder import INK, LadderAxes, LineLook, end_labels, step_lines, step_points

FALL_SIZE = 110


@dataclass(frozen=True)
class SlottedLook(LineLook):
    """A LineLook whose lines are nudged apart by `slots` (key -> offset) rather than by their
    place in `order`: the clock shows two coalitions and at most one comparison case, so the
    cases can share one slot and the lines and end labels stay apart however many cases exist."""

    slots: Mapping[str, float] = field(default_factory=dict)

    def frame(self, rows: pd.DataFrame) -> pd.DataFrame:
        return rows.assign(label=rows["key"].map(self.labels), dodge=rows["key"].map(self.slots).fillna(0))


FALL_DROP = -0.55  # the fall's caption hangs from here, under the line's end label (level units)
EDGE_SHARE = 0.3  # a fall this near either end of the x range has its caption on the inner side
FALL_FLOOR = -1.6  # the y axis starts lower when a fall is explained, to hold its two lines


def _filtered(frame: pd.DataFrame, where: str | None) -> alt.Chart:
    chart = alt.Chart(frame)
    return chart.transform_filter(where) if where else chart


def fall_marks(
    falls: pd.DataFrame,
    look: LineLook,
    axes: LadderAxes,
    where: str | None = None,
    lines: pd.DataFrame | None = None,
) -> list[alt.Chart]:
    """A cross where a line drops to 0 and, under it, the caption saying why.

    `falls`: rows `key`, `x`, `caption` (e.g. 'Russia leaves the war (Brest-Litovsk,
    3 Mar 1918)') and any columns `where` filters on. The caption is broken before its
    parenthesis and written in the line's colour, so it reads as that line's note. Given the
    `lines` drawn, the caption sits on the side of the cross that has room: ending at it in
    the last EDGE_SHARE of the x range shown, starting at it in the first, centred between,
    so it stays inside a phone's chart.
    """
    rows = look.frame(falls).assign(_fall=True)
    if lines is not None:
        rows = pd.concat([look.frame(lines).assign(_fall=False), rows], ignore_index=True)
    base = (
        _filtered(rows, where)
        .transform_joinaggregate(first="min(x)", final="max(x)")
        .transform_filter("datum._fall")
        .transform_calculate(
            y0="0",
            ycap=f"{FALL_DROP}",
            lines="replace(datum.caption, ' (', '\\n(')",
            aria="datum.label + ' falls to level 0: ' + datum.caption",
            at="(datum.x - datum.first) / max(datum.final - datum.first, 1e-9)",
        )
    )

    def caption(side: str, align: str, dx: int) -> alt.Chart:
        return (
            base.transform_filter(side)
            .mark_text(
                align=align,
                dx=dx,
                baseline="top",
                fontSize=11,
                fontWeight="bold",
                lineHeight=13,
                lineBreak="\n",
            )
            .encode(
                x=axes.x(),
                y=axes.y("ycap"),
                text="lines:N",
                color=look.colour(),
                description=alt.Description("aria:N"),
            )
        )

    return [
        base.mark_point(
            shape="cross", filled=True, size=FALL_SIZE, stroke=INK, strokeWidth=0.6, opacity=1
        ).encode(x=axes.x(), y=axes.y("y0"), color=look.colour(), description=alt.Description("aria:N")),
        caption(f"datum.at > {1 - EDGE_SHARE}", "right", 8),
        caption(f"datum.at < {EDGE_SHARE}", "left", -8),
        caption(f"datum.at >= {EDGE_SHARE} && datum.at <= {1 - EDGE_SHARE}", "center", 0),
    ]


def clock_chart(
    lines: pd.DataFrame,
    *,
    look: LineLook,
    axes: LadderAxes,
    title: str,
    description: str,
    subtitle: str | list[str] | None = None,
    points: pd.DataFrame | None = None,
    falls: pd.DataFrame | None = None,
    params: Sequence[alt.Parameter] = (),
    where: str | None = None,
    height: int = 320,
) -> alt.LayerChart:
    """Step lines of ladder level over years since each line's start, with falls explained.

    lines: one row per vertex (`key`, `x`, `level`, plus columns `where` filters on);
    points: steps to mark (see course.charts.ladder.step_points); falls: see `fall_marks`.
    """
    if falls is not None and len(falls):
        axes = replace(axes, floor=min(axes.floor, FALL_FLOOR))
    layers: list[alt.Chart | alt.LayerChart] = [
        step_lines(lines, look, axes, where),
        end_labels(lines, look, axes, where),
    ]
    if points is not None and len(points):
        layers.append(step_points(points, look, axes, where))
    if falls is not None and len(falls):
        layers += fall_marks(falls, look, axes, where, lines)
    chart = alt.layer(*layers).properties(width=axes.width, height=height)
    if params:
        chart = chart.add_params(*params)
    return accessible(chart, title=title, subtitle=subtitle, description=description)
