"""Time series as lines, one per entity: a generic builder for any lesson's yearly figures.

Colour shows the entity, and so do the line's dash pattern and its point shape, so no
reader depends on colour. `params` and `where` let an explorer filter in the browser
(Vega params), so changing a year range or a selection does not rebuild the spec.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from course.charts.base import accessible

# Distinct dash patterns and shapes, assigned in domain order.
DASHES = [[1, 0], [8, 4], [2, 3], [12, 3, 2, 3], [4, 4], [16, 4], [2, 6], [8, 2, 2, 2, 2, 2]]
SHAPES = ["circle", "square", "triangle-up", "diamond", "cross", "triangle-down",
          "triangle-right", "triangle-left"]


def line_series(frame: pd.DataFrame, *, x: str, y: str, series: str, series_title: str,
                domain: Sequence[str], colours: Sequence[str], x_title: str, y_title: str,
                title: str | dict, description: str, subtitle: str | list[str] | None = None,
                aria: str = "aria", tooltip: Sequence[alt.Tooltip] = (),
                params: Sequence[alt.Parameter] = (), where: str | None = None,
                y_format: str | None = None, width: int = 640, height: int = 300) -> alt.LayerChart:
    """Lines with points: x is a year (integer), y a number, one line per `series` value.

    `domain` fixes the order of entities and pins each one's colour, dash and shape, so an
    entity keeps its look when a filter removes the others. `aria` names the column whose
    text becomes each point's screen-reader label.
    """
    domain = list(domain)
    if len(domain) > len(DASHES):
        raise ValueError(f"at most {len(DASHES)} series can be told apart; got {len(domain)}")
    legend = alt.Legend(title=series_title, orient="right", symbolStrokeWidth=2, symbolSize=90)
    colour = alt.Color(f"{series}:N", scale=alt.Scale(domain=domain, range=list(colours)),
                       legend=legend)
    dash = alt.StrokeDash(f"{series}:N", scale=alt.Scale(domain=domain, range=DASHES[:len(domain)]),
                          legend=legend)
    shape = alt.Shape(f"{series}:N", scale=alt.Scale(domain=domain, range=SHAPES[:len(domain)]),
                      legend=legend)
    x_enc = alt.X(f"{x}:Q", title=x_title, axis=alt.Axis(format="d", tickMinStep=1))
    y_enc = alt.Y(f"{y}:Q", title=y_title, axis=alt.Axis(format=y_format) if y_format else alt.Axis())
    base = alt.Chart(frame)
    if where:
        base = base.transform_filter(where)
    lines = base.mark_line(strokeWidth=2.2).encode(x=x_enc, y=y_enc, color=colour,
                                                   strokeDash=dash, detail=f"{series}:N")
    points = base.mark_point(size=46, filled=True, opacity=0.95).encode(
        x=x_enc, y=y_enc, color=colour, shape=shape,
        tooltip=list(tooltip) or [alt.Tooltip(f"{aria}:N", title="Value")],
        description=alt.Description(f"{aria}:N"))
    chart = alt.layer(lines, points).properties(width=width, height=height)
    if params:
        chart = chart.add_params(*params)
    return accessible(chart, title=title, subtitle=subtitle, description=description)
