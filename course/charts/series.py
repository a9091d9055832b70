"""Time series as lines, one per entity: a generic builder for any lesson's yearly figures.

Colour shows the entity, and so do the line's dash pattern and its point shape, so no
reader depends on colour. `params` and `where` let an explorer filter in the browser
(Vega params), so changing a year range or a selection does not rebuild the spec.

Built as Altair is: `SeriesLook` gives the encodings that tell entities apart, `year_x` and
`value_y` the axes, `lines` and `points` one layer each; `line_series` layers them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import altair as alt
import pandas as pd

from course.charts.base import FIT, accessible

# Distinct dash patterns and shapes, assigned in domain order.
DASHES = [[1, 0], [8, 4], [2, 3], [12, 3, 2, 3], [4, 4], [16, 4], [2, 6], [8, 2, 2, 2, 2, 2]]
SHAPES = [
    "circle",
    "square",
    "triangle-up",
    "diamond",
    "cross",
    "triangle-down",
    "triangle-right",
    "triangle-left",
]
LINE_WIDTH, POINT_SIZE, POINT_OPACITY = 2.2, 46, 0.95
LEGEND_STROKE, LEGEND_SYMBOL_SIZE = 2, 90
WIDTH, HEIGHT = FIT, 300


@dataclass(frozen=True)
class SeriesLook:
    """Which column names the entity, the legend's title, and each entity's colour.

    `domain` fixes the order of entities and pins each one's colour, dash and shape, so an
    entity keeps its look when a filter removes the others.
    """

    field: str
    title: str
    domain: Sequence[str]
    colours: Sequence[str]

    def __post_init__(self):
        if len(self.domain) > len(DASHES):
            raise ValueError(f"at most {len(DASHES)} series can be told apart; got {len(self.domain)}")

    def _legend(self) -> alt.Legend:
        return alt.Legend(
            title=self.title,
            orient="bottom",
            direction="vertical",
            symbolStrokeWidth=LEGEND_STROKE,
            symbolSize=LEGEND_SYMBOL_SIZE,
        )

    def _scale(self, values: Sequence) -> alt.Scale:
        return alt.Scale(domain=list(self.domain), range=list(values)[: len(self.domain)])

    def colour(self) -> alt.Color:
        return alt.Color(f"{self.field}:N", scale=self._scale(self.colours), legend=self._legend())

    def dash(self) -> alt.StrokeDash:
        return alt.StrokeDash(f"{self.field}:N", scale=self._scale(DASHES), legend=self._legend())

    def shape(self) -> alt.Shape:
        return alt.Shape(f"{self.field}:N", scale=self._scale(SHAPES), legend=self._legend())


def year_x(field: str, title: str) -> alt.X:
    """An x axis of whole years (no thousands separator, no half years).

    `tickMinStep` alone still gave "2000 2001 2001" over a one- or two-year span (half-year
    ticks written as whole years); asking Vega for no more ticks than the shown span has
    years makes its steps whole at any width. The span is read from the x scale in the
    browser, so a year-range param re-ticks the axis with no new spec.
    """
    years = "floor(domain('x')[1] - domain('x')[0])"
    return alt.X(
        f"{field}:Q",
        title=title,
        axis=alt.Axis(
            format="d",
            tickMinStep=1,
            tickCount={"expr": f"max(1, min(ceil(width / 40), {years}))"},
        ),
    )


def value_y(field: str, title: str, number_format: str | None = None) -> alt.Y:
    """A quantitative y axis; `number_format` is a d3 format for its labels."""
    return alt.Y(
        f"{field}:Q", title=title, axis=alt.Axis(format=number_format) if number_format else alt.Axis()
    )


def lines(base: alt.Chart, look: SeriesLook, x: alt.X, y: alt.Y) -> alt.Chart:
    """One line per entity, coloured and dashed by it."""
    return base.mark_line(strokeWidth=LINE_WIDTH).encode(
        x=x, y=y, color=look.colour(), strokeDash=look.dash(), detail=f"{look.field}:N"
    )


def points(
    base: alt.Chart,
    look: SeriesLook,
    x: alt.X,
    y: alt.Y,
    aria: str = "aria",
    tooltip: Sequence[alt.Tooltip] = (),
) -> alt.Chart:
    """A point per figure, shaped by entity; the column `aria` is its screen-reader label."""
    return base.mark_point(size=POINT_SIZE, filled=True, opacity=POINT_OPACITY).encode(
        x=x,
        y=y,
        color=look.colour(),
        shape=look.shape(),
        tooltip=list(tooltip) or [alt.Tooltip(f"{aria}:N", title="Value")],
        description=alt.Description(f"{aria}:N"),
    )


def line_series(
    frame: pd.DataFrame,
    *,
    look: SeriesLook,
    x: alt.X,
    y: alt.Y,
    title: str | dict,
    description: str,
    subtitle: str | list[str] | None = None,
    tooltip: Sequence[alt.Tooltip] = (),
    params: Sequence[alt.Parameter] = (),
    where: str | None = None,
    height: int = HEIGHT,
) -> alt.LayerChart:
    """Lines with points, one line per entity of `look`, filtered in the browser by `where`
    (a Vega expression over `params`). Each point's screen-reader label is the column `aria`."""
    base = alt.Chart(frame)
    if where:
        base = base.transform_filter(where)
    chart = alt.layer(lines(base, look, x, y), points(base, look, x, y, tooltip=tooltip))
    chart = chart.properties(width=WIDTH, height=height)
    if params:
        chart = chart.add_params(*params)
    return accessible(chart, title=title, subtitle=subtitle, description=description)
