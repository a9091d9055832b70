"""A student's ratings of an analogy, one diverging bar per dimension."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import altair as alt
import pandas as pd

from course.charts.base import FIT, accessible
from course.core import palette
from course.model.analogy import NOT_RATED, SCALE

SIDES = {"fails": "Leans: analogy fails", "mixed": "Mixed", "holds": "Leans: analogy holds"}
WRAP = 16  # characters a line in a dimension's axis label

SHAPES = {"fails": "triangle-left", "mixed": "diamond", "holds": "triangle-right"}


def ratings_chart(
    dimensions: Sequence[str], scores: Sequence[int | None], *, width: int | str = FIT
) -> alt.LayerChart:
    """Bars from 0 to each score (−2 fails … +2 holds); unrated dimensions say 'not rated'.

    Scores live in the Vega param `scores` (a list, null = unrated), so a new rating only
    re-computes in the browser. Side is shown by colour, by marker shape and by a text label.
    """
    scores_param = alt.param(name="scores", value=list(scores))
    frame = pd.DataFrame({"i": range(len(dimensions)), "dimension": list(dimensions)})
    scale_words = [SCALE[v] for v in sorted(SCALE)]
    sides = list(SIDES)
    base = (
        alt.Chart(frame)
        .transform_calculate(
            score="scores[datum.i]",
        )
        .transform_calculate(
            rated="isValid(datum.score)",
            side="!isValid(datum.score) ? 'unrated' : datum.score > 0 ? 'holds' : "
            "datum.score < 0 ? 'fails' : 'mixed'",
            label=f"isValid(datum.score) ? {scale_words!r}[datum.score + 2] : '{NOT_RATED.lower()}'",
            zero="0",
        )
        .transform_calculate(
            aria="datum.dimension + ': ' + datum.label + (datum.rated ? ' (' + datum.score + ')' : '')",
        )
    )
    # Names wrap at WRAP characters and scale words take two lines ("Mostly" / "holds"), so
    # neither axis depends on the chart's width: a phone's box is 322 px.
    wrapped = {d: textwrap.wrap(d, WRAP) for d in dimensions}
    y = alt.Y(
        "dimension:N",
        sort=list(dimensions),
        title="Dimension of the analogy",
        axis=alt.Axis(labelExpr=f"{wrapped!r}[datum.value]", labelLineHeight=12, labelLimit=130),
    )
    x_scale = alt.Scale(domain=[-3.2, 3.2], nice=False)
    x_axis = alt.Axis(
        values=[-2, -1, 0, 1, 2],
        grid=True,
        labelExpr=f"{[w.split(' ') for w in scale_words]!r}[datum.value + 2]",
        labelAngle=0,
        labelFontSize=10,
    )
    colour = alt.Color(
        "side:N",
        title="Your rating leans",
        legend=None,
        scale=alt.Scale(domain=sides, range=[palette.colour("verdict", s) for s in sides]),
    )
    rated = base.transform_filter("datum.rated")
    # Bars and markers are drawn for every dimension (zero-width and zero-size when unrated):
    # an empty mark layer would leave an unnamed graphics container (an axe violation).
    everyone = base.transform_calculate(end="datum.rated ? datum.score : 0", size="datum.rated ? 110 : 0")
    fill = alt.condition("datum.rated", colour, alt.value(palette.NEUTRAL))
    layers = [
        alt.Chart(pd.DataFrame({"zero": [0]}))
        .mark_rule(color="#222222", strokeWidth=1.2)
        .encode(x=alt.X("zero:Q", scale=x_scale), description=alt.value("Neutral line: mixed verdict")),
        everyone.mark_bar(height=14).encode(
            x=alt.X(
                "zero:Q",
                title=["Your rating", "(−2 fails … +2 holds)"],
                scale=x_scale,
                axis=x_axis,
            ),
            x2="end:Q",
            y=y,
            color=fill,
            description=alt.Description("aria:N"),
            tooltip=[
                alt.Tooltip("dimension:N", title="Dimension"),
                alt.Tooltip("label:N", title="Your rating"),
            ],
        ),
        everyone.mark_point(filled=True, stroke="#222222", strokeWidth=0.8, opacity=1).encode(
            x=alt.X("end:Q", scale=x_scale),
            y=y,
            color=fill,
            size=alt.Size("size:Q", scale=None, legend=None),
            shape=alt.Shape(
                "side:N",
                legend=None,
                scale=alt.Scale(domain=sides + ["unrated"], range=[SHAPES[s] for s in sides] + ["circle"]),
            ),
            description=alt.Description("aria:N"),
        ),
        rated.mark_text(dy=-12, fontSize=11, color="#222222").encode(
            x=alt.X("score:Q", scale=x_scale), y=y, text="label:N", description=alt.Description("aria:N")
        ),
        base.transform_filter("!datum.rated")
        .mark_text(align="left", dx=8, fontSize=11, fontStyle="italic", color="#555555")
        .encode(x=alt.X("zero:Q", scale=x_scale), y=y, text="label:N", description=alt.Description("aria:N")),
    ]
    chart = alt.layer(*layers).add_params(scores_param).properties(width=width, height=alt.Step(40))
    return accessible(
        chart,
        title="Your verdict, dimension by dimension",
        subtitle="Bars run from the neutral line toward 'fails' (left) or 'holds' (right); "
        "shape and label repeat the direction",
        description=(
            "Diverging bar chart of the student's own rating of each dimension of the "
            "analogy between the Triple Entente and the US–Japan–South Korea trilateral, "
            "from −2 (analogy fails) to +2 (analogy holds); unrated dimensions are labelled "
            "'not rated'. The table below the chart repeats the ratings in text."
        ),
    )
