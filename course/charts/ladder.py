"""The institutionalisation ladder as step lines: one line per pair or coalition.

Generic on purpose: lesson 03 draws the Entente's pairs against calendar years, lesson 04
draws two coalitions against "years since the first agreement". Each line is told apart by
colour, by dash pattern and by a text label at its end, so nothing rests on colour alone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import altair as alt
import pandas as pd

from course.charts.base import accessible
from course.model.ladder import TOP, short_names

# Dash patterns in the order lines are given: solid, long dash, dot, dash-dot, short dash.
DASHES = [[1, 0], [8, 4], [2, 3], [10, 3, 2, 3], [4, 2], [12, 2]]
Y_TITLE = "Level of commitment (0–6)"
LINE_DODGE = 0.07  # level units between overlapping lines, so each stays visible
LABEL_STEP = 0.4   # level units between end labels of lines ending at one level
CRISIS_BASE, CRISIS_STEP = TOP + 0.55, 0.45  # crisis markers sit above the ladder, staggered


def _offsets(order: Sequence[str]) -> dict[str, float]:
    mid = (len(order) - 1) / 2
    return {key: i - mid for i, key in enumerate(order)}


def _stagger(xs: Sequence[float], labels: Sequence[str], lo: float, hi: float,
             width: int) -> tuple[list[int], list[bool]]:
    """Row (0, 1, 2 ...) and side for each crisis label so that no two labels overlap.

    Labels in the last quarter of the axis sit to the left of their marker. Widths are
    estimated (about 5.6 px per character at 11 px), which is enough to keep rows apart.
    """
    per_px = (hi - lo) / width
    ends: list[float] = []
    rows, left = [], []
    for x, label in zip(xs, labels):
        w = (5.6 * len(label) + 14) * per_px
        on_left = x > lo + 0.75 * (hi - lo)
        start, stop = (x - w, x) if on_left else (x, x + w)
        row = next((i for i, end in enumerate(ends) if end < start), len(ends))
        if row == len(ends):
            ends.append(stop)
        else:
            ends[row] = stop
        rows.append(row)
        left.append(on_left)
    return rows, left


def ladder_chart(lines: pd.DataFrame, *, order: Sequence[str], labels: Mapping[str, str],
                 colours: Mapping[str, str], title: str | dict, description: str,
                 x_title: str, subtitle: str | list[str] | None = None,
                 x_domain: Sequence[float] | None = None,
                 points: pd.DataFrame | None = None, crises: pd.DataFrame | None = None,
                 rule: tuple[str, str] | None = None, params: Sequence[alt.Parameter] = (),
                 where: str | None = None, width: int = 640, height: int = 340) -> alt.LayerChart:
    """Step lines of ladder level over x, with optional step points, crises and a moving rule.

    lines:  one row per vertex: `key` (in `order`), `x`, `level`, plus any columns `where`
            filters on. Drawn with interpolate='step-after': a level holds until the next row.
    points: optional steps to mark: `key`, `x`, `level`, `aria` (what a screen reader says),
            `date`, `title`, `source_id` (+ filter columns). Drawn as circles.
    crises: optional `x`, `label`, `date`, `title`, `source_id`: drawn as downward triangles
            above the ladder with a dashed rule down to level 0 and a text label.
    rule:   optional (x expression, label expression) in Vega expression language, using the
            chart's `params`, e.g. ("year + 1", "'End of ' + year").
    """
    order = list(order)
    names = [labels[k] for k in order]
    offsets = _offsets(order)
    colour = alt.Color("label:N", legend=None,
                       scale=alt.Scale(domain=names, range=[colours[k] for k in order]))
    dash = alt.StrokeDash("label:N", legend=None,
                          scale=alt.Scale(domain=names, range=[DASHES[i % len(DASHES)]
                                                               for i in range(len(order))]))
    top = TOP + 0.5
    if crises is not None and len(crises):
        lo, hi = x_domain if x_domain else (crises["x"].min(), crises["x"].max())
        n_rows = max(_stagger(sorted(crises["x"]), crises.sort_values("x")["label"], lo, hi, width)[0]) + 1
        top = CRISIS_BASE + (n_rows - 1) * CRISIS_STEP + 0.3
    y_scale = alt.Scale(domain=[-0.9, top], nice=False)
    shorts = short_names()
    y_axis = alt.Axis(values=list(range(TOP + 1)), grid=True,
                      labelExpr=f"datum.value + ' ' + {shorts!r}[datum.value]")
    x_scale = alt.Scale(domain=list(x_domain), nice=False, zero=False) if x_domain else \
        alt.Scale(nice=False, zero=False)
    x = alt.X("x:Q", title=x_title, scale=x_scale, axis=alt.Axis(format="d", tickMinStep=1))

    def base(frame: pd.DataFrame) -> alt.Chart:
        chart = alt.Chart(frame.assign(label=frame["key"].map(labels),
                                       dodge=frame["key"].map(offsets)))
        return chart.transform_filter(where) if where else chart

    drawn = base(lines).transform_calculate(
        y=f"datum.level + {LINE_DODGE} * datum.dodge",
        aria="datum.label + ' step line'",
    ).mark_line(interpolate="step-after", strokeWidth=2.6).encode(
        x=x, y=alt.Y("y:Q", title=Y_TITLE, scale=y_scale, axis=y_axis),
        color=colour, strokeDash=dash, detail="key:N",
        description=alt.Description("aria:N"),
    )
    ends = base(lines).transform_joinaggregate(
        last="max(x)", groupby=["key"]
    ).transform_filter("datum.x == datum.last").transform_calculate(
        y=f"datum.level + {LABEL_STEP} * datum.dodge",
        text="datum.label + ' · ' + datum.level",
        aria="datum.label + ' ends at level ' + datum.level",
    ).mark_text(align="left", dx=6, fontSize=12, fontWeight="bold").encode(
        x=x, y=alt.Y("y:Q", scale=y_scale), text="text:N", color=colour,
        description=alt.Description("aria:N"),
    )
    layers = [drawn, ends]
    if points is not None and len(points):
        layers.append(base(points).transform_calculate(
            y=f"datum.level + {LINE_DODGE} * datum.dodge",
        ).mark_point(shape="circle", filled=True, size=70, stroke="#222222",
                     strokeWidth=0.8, opacity=1).encode(
            x=x, y=alt.Y("y:Q", scale=y_scale), color=colour,
            tooltip=[alt.Tooltip("label:N", title="Pair"), alt.Tooltip("date:N", title="Date"),
                     alt.Tooltip("level:Q", title="Level"), alt.Tooltip("title:N", title="Step"),
                     alt.Tooltip("source_id:N", title="Source")],
            description=alt.Description("aria:N"),
        ))
    if crises is not None and len(crises):
        frame = crises.sort_values("x").reset_index(drop=True)
        lo, hi = x_domain if x_domain else (frame["x"].min(), frame["x"].max())
        rows, left = _stagger(frame["x"], frame["label"], lo, hi, width)
        frame = frame.assign(mark_y=[CRISIS_BASE + CRISIS_STEP * r for r in rows], left=left,
                             aria="Crisis " + frame["date"] + ": " + frame["title"])
        crisis = alt.Chart(frame)
        tip = [alt.Tooltip("date:N", title="Date"), alt.Tooltip("title:N", title="Crisis"),
               alt.Tooltip("source_id:N", title="Source")]
        layers += [
            crisis.transform_calculate(y0="0").mark_rule(
                color="#555555", strokeDash=[3, 3], strokeWidth=1).encode(
                x=x, y=alt.Y("y0:Q", scale=y_scale), y2="mark_y:Q",
                description=alt.Description("aria:N")),
            crisis.mark_point(shape="triangle-down", filled=True, size=90, color="#222222",
                              opacity=1).encode(
                x=x, y=alt.Y("mark_y:Q", scale=y_scale), tooltip=tip,
                description=alt.Description("aria:N")),
            crisis.transform_filter("!datum.left").mark_text(
                align="left", dx=7, fontSize=11, color="#222222").encode(
                x=x, y=alt.Y("mark_y:Q", scale=y_scale), text="label:N", tooltip=tip,
                description=alt.Description("aria:N")),
            crisis.transform_filter("datum.left").mark_text(
                align="right", dx=-7, fontSize=11, color="#222222").encode(
                x=x, y=alt.Y("mark_y:Q", scale=y_scale), text="label:N", tooltip=tip,
                description=alt.Description("aria:N")),
        ]
    if rule is not None:
        at, caption = rule
        one = alt.Chart(pd.DataFrame({"_": [0]})).transform_calculate(
            rx=at, caption=caption, ry0="-0.9", ry1=str(TOP + 0.3),
            aria=f"'Marker: ' + ({caption})")
        layers += [
            one.mark_rule(color="#000000", strokeWidth=2).encode(
                x=alt.X("rx:Q", scale=x_scale), y=alt.Y("ry0:Q", scale=y_scale), y2="ry1:Q",
                description=alt.Description("aria:N")),
            one.mark_text(align="right", dx=-4, fontSize=12, fontWeight="bold", baseline="bottom",
                          color="#000000").encode(
                x=alt.X("rx:Q", scale=x_scale), y=alt.Y("ry0:Q", scale=y_scale), text="caption:N",
                description=alt.Description("aria:N")),
        ]
    chart = alt.layer(*layers).properties(width=width, height=height)
    if params:
        chart = chart.add_params(*params)
    return accessible(chart, title=title, subtitle=subtitle, description=description)
