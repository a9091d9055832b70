"""The institutionalisation ladder as step lines: one line per pair or coalition.

Generic on purpose: lesson 03 draws the Entente's pairs against calendar years, lesson 04
draws two coalitions against "years since the first agreement". Each line is told apart by
colour, by dash pattern and by a text label at its end, so nothing rests on colour alone.

Built as Altair is: small builders that each return one layer (or a few) on shared
`LadderAxes` and a shared `LineLook`, combined with `alt.layer`. `ladder_chart` is that
combination for the lessons; a new chart can pick the builders it needs.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import altair as alt
import pandas as pd

from course.charts.base import FIT, accessible, with_citations

# Dash patterns in the order lines are given: solid, long dash, dot, dash-dot, short dash.
DASHES = [[1, 0], [8, 4], [2, 3], [10, 3, 2, 3], [4, 2], [12, 2]]
Y_TITLE = "Level of commitment (0–{top})"  # filled in from the rungs drawn
INK, GREY = "#222222", "#555555"
# Layout, in level units (the y axis) unless named otherwise.
FLOOR = -0.9  # the y axis starts below level 0, leaving room for the end labels
HEADROOM = 0.5  # above the top rung when there are no crises
LINE_DODGE = 0.07  # between overlapping lines, so each stays visible
LABEL_STEP = 0.4  # between end labels of lines ending at one level
CRISIS_BASE = 0.6  # first row of crisis markers, above the top rung
CRISIS_STEP = 0.8  # between rows of crisis markers: a triangle and its number above it
CRISIS_HEADROOM = 0.7  # above the highest crisis row (room for its number)
RULE_OVERHANG = 0.3  # how far the year marker rises above the top rung
# Crises are numbered on the chart and named in a legend below it, so no label's width
# depends on the chart's width. Two crises share a row of markers only when they are at
# least this far apart on the x axis (in x units, i.e. years): a marker and its number take
# about 14 px, and a phone gives a 32-year axis about 7 px a year.
CRISIS_GAP = 2.0
RUNG_CHARS = 11  # a rung's axis label wraps at this many characters ("1 disputes / settled")
LEFT_SHARE = 0.4  # a line ending this early in the x range is labelled right of its end
LINE_WIDTH, POINT_SIZE, CRISIS_SIZE = 2.6, 70, 90


@dataclass(frozen=True)
class LineLook:
    """How each line looks: its key order, display label and colour (dash by position)."""

    order: Sequence[str]
    labels: Mapping[str, str]
    colours: Mapping[str, str]

    @property
    def names(self) -> list[str]:
        return [self.labels[k] for k in self.order]

    title: str = "Line"
    keyed: bool = True  # draw the key above the plot (False: the end labels alone name the lines)

    def legend(self) -> alt.Legend:
        """The lines' key (colour and dash together), above the plot in two columns: the
        crises' key takes the space below."""
        return alt.Legend(
            orient="top",
            direction="horizontal",
            columns=2,
            symbolType="stroke",
            symbolStrokeWidth=LINE_WIDTH,
            symbolSize=500,
            labelLimit=140,
        )

    def colour(self, legend: bool = False) -> alt.Color:
        """Colour by line; `legend` draws the (colour and dash) key below the chart."""
        return alt.Color(
            "label:N",
            title=self.title,
            legend=self.legend() if legend else None,
            scale=alt.Scale(domain=self.names, range=[self.colours[k] for k in self.order]),
        )

    def dash(self, legend: bool = False) -> alt.StrokeDash:
        return alt.StrokeDash(
            "label:N",
            title=self.title,
            legend=self.legend() if legend else None,
            scale=alt.Scale(
                domain=self.names, range=[DASHES[i % len(DASHES)] for i in range(len(self.order))]
            ),
        )

    def frame(self, rows: pd.DataFrame) -> pd.DataFrame:
        """`rows` with the `label` and the `dodge` (offset from the middle line) of their key."""
        mid = (len(self.order) - 1) / 2
        dodge = {key: i - mid for i, key in enumerate(self.order)}
        return rows.assign(label=rows["key"].map(self.labels), dodge=rows["key"].map(dodge))


@dataclass(frozen=True)
class LadderAxes:
    """The x axis (title, optional fixed domain, width) and the ladder's y axis.

    `width` is "container" (the chart fits its box) unless a caller needs pixels.

    `rungs` are the short names of levels 0..top, written beside each level; `crisis_rows`
    is how many staggered rows of crisis markers must fit above the top rung.
    """

    x_title: str
    rungs: Sequence[str]
    x_domain: Sequence[float] | None = None
    width: int | str = FIT
    crisis_rows: int = 0
    floor: float = FLOOR  # where the y axis starts: lower leaves room for notes under level 0

    @property
    def top(self) -> int:
        return len(self.rungs) - 1

    def x_scale(self) -> alt.Scale:
        if self.x_domain:
            return alt.Scale(domain=list(self.x_domain), nice=False, zero=False)
        return alt.Scale(nice=False, zero=False)

    def x(self, field: str = "x") -> alt.X:
        return alt.X(
            f"{field}:Q", title=self.x_title, scale=self.x_scale(), axis=alt.Axis(format="d", tickMinStep=1)
        )

    def y_scale(self) -> alt.Scale:
        ceiling = (
            self.top + CRISIS_BASE + (self.crisis_rows - 1) * CRISIS_STEP + CRISIS_HEADROOM
            if self.crisis_rows
            else self.top + HEADROOM
        )
        return alt.Scale(domain=[self.floor, ceiling], nice=False)

    def y(self, field: str = "y", titled: bool = False) -> alt.Y:
        if not titled:
            return alt.Y(f"{field}:Q", scale=self.y_scale())
        # Wrapped rung names ("1 disputes" / "settled"): the axis takes a quarter of a phone's box, not a third.
        wrapped = [
            textwrap.wrap(f"{i} {name}", RUNG_CHARS, break_long_words=False)
            for i, name in enumerate(self.rungs)
        ]
        axis = alt.Axis(
            values=list(range(self.top + 1)),
            grid=True,
            labelExpr=f"{wrapped!r}[datum.value]",
            labelLineHeight=13,
        )
        return alt.Y(f"{field}:Q", title=Y_TITLE.format(top=self.top), scale=self.y_scale(), axis=axis)


def _filtered(frame: pd.DataFrame, where: str | None) -> alt.Chart:
    chart = alt.Chart(frame)
    return chart.transform_filter(where) if where else chart


def step_lines(lines: pd.DataFrame, look: LineLook, axes: LadderAxes, where: str | None = None) -> alt.Chart:
    """One step line per key (rows `key`, `x`, `level`): a level holds until the next row."""
    return (
        _filtered(look.frame(lines), where)
        .transform_calculate(
            y=f"datum.level + {LINE_DODGE} * datum.dodge",
            aria="datum.label + ' step line'",
        )
        .mark_line(interpolate="step-after", strokeWidth=LINE_WIDTH)
        .encode(
            x=axes.x(),
            y=axes.y(titled=True),
            color=look.colour(legend=look.keyed),
            strokeDash=look.dash(legend=look.keyed),
            detail="key:N",
            description=alt.Description("aria:N"),
        )
    )


def end_labels(
    lines: pd.DataFrame, look: LineLook, axes: LadderAxes, where: str | None = None
) -> alt.LayerChart:
    """Each line's label and final level, written just above its end, inside the plot (text
    beyond the last x would take a phone's width from the plot): left of the end, or right of
    it for a line that ends in the first LEFT_SHARE of the x range (it would cross the axis)."""
    base = (
        _filtered(look.frame(lines), where)
        .transform_joinaggregate(first="min(x)", final="max(x)")
        .transform_joinaggregate(last="max(x)", groupby=["key"])
        .transform_filter("datum.x == datum.last")
        .transform_calculate(
            y=f"datum.level + {LABEL_STEP} * datum.dodge",
            text="datum.label + ' · ' + datum.level",
            aria="datum.label + ' ends at level ' + datum.level",
            early=f"datum.x - datum.first < {LEFT_SHARE} * (datum.final - datum.first)",
        )
    )

    def side(where: str, align: str, dx: int) -> alt.Chart:
        return (
            base.transform_filter(where)
            .mark_text(
                align=align, baseline="bottom", dx=dx, dy=-3, fontSize=11, fontWeight="bold", limit=150
            )
            .encode(
                x=axes.x(),
                y=axes.y(),
                text="text:N",
                color=look.colour(),
                description=alt.Description("aria:N"),
            )
        )

    return alt.layer(side("!datum.early", "right", -9), side("datum.early", "left", 4))


def step_points(
    points: pd.DataFrame, look: LineLook, axes: LadderAxes, where: str | None = None
) -> alt.Chart:
    """Circles at steps: rows `key`, `x`, `level`, `aria`, `date`, `title`, `source_id`."""
    return (
        _filtered(look.frame(_cited(points)), where)
        .transform_calculate(
            y=f"datum.level + {LINE_DODGE} * datum.dodge",
        )
        .mark_point(shape="circle", filled=True, size=POINT_SIZE, stroke=INK, strokeWidth=0.8, opacity=1)
        .encode(
            x=axes.x(),
            y=axes.y(),
            color=look.colour(),
            tooltip=[
                alt.Tooltip("label:N", title="Pair"),
                alt.Tooltip("date:N", title="Date"),
                alt.Tooltip("level:Q", title="Level"),
                alt.Tooltip("title:N", title="Step"),
                alt.Tooltip("source:N", title="Source"),
            ],
            description=alt.Description("aria:N"),
        )
    )


def _cited(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with `source`: its `source_id` as a short citation ("Clark 2012"), or kept as
    given when the caller already wrote a citation there."""
    if "source" in frame.columns:
        return frame
    return with_citations(frame) if "source_id" in frame.columns else frame.assign(source="—")


def stagger(xs: Sequence[float], gap: float = CRISIS_GAP) -> list[int]:
    """Row (0, 1, 2 ...) for each crisis marker (xs sorted) so that two markers in one row
    are at least `gap` x units apart: placed by the data, whatever the chart's width."""
    ends: list[float] = []
    rows = []
    for x in xs:
        row = next((i for i, end in enumerate(ends) if x - end >= gap), len(ends))
        if row == len(ends):
            ends.append(x)
        else:
            ends[row] = x
        rows.append(row)
    return rows


def placed_crises(crises: pd.DataFrame, gap: float = CRISIS_GAP) -> pd.DataFrame:
    """Crises (`x`, `label`, `date`, `title`, `source_id`) sorted by x, each given its number
    `n`, its row `row`, its legend entry `entry` ("3 Fashoda crisis, 1898"), its short
    citation `source` and its screen-reader text `aria`."""
    frame = _cited(crises.sort_values("x").reset_index(drop=True))
    n = pd.Series(range(1, len(frame) + 1), index=frame.index)
    return frame.assign(
        n=n.astype(str),
        row=stagger(list(frame["x"]), gap),
        entry=[
            f"{i} {label}" + ("" if str(date)[:4] in label else f", {str(date)[:4]}")
            for i, label, date in zip(n, frame["label"], frame["date"], strict=True)
        ],
        aria="Crisis "
        + frame["date"]
        + ": "
        + frame["title"]
        + " (number "
        + n.astype(str)
        + " on the chart)",
    )


def crisis_marks(placed: pd.DataFrame, axes: LadderAxes) -> list[alt.Chart]:
    """Numbered downward triangles above the ladder, a dashed rule down to level 0, and a
    legend below the chart naming each number ("3 Fashoda crisis, 1898").

    `placed` comes from `placed_crises`; `axes.crisis_rows` must leave room for its rows.
    """
    crisis = alt.Chart(placed.assign(mark_y=axes.top + CRISIS_BASE + CRISIS_STEP * placed["row"]))
    tip = [
        alt.Tooltip("date:N", title="Date"),
        alt.Tooltip("title:N", title="Crisis"),
        alt.Tooltip("source:N", title="Source"),
    ]
    aria = alt.Description("aria:N")
    entries = list(placed["entry"])
    key = alt.Shape(
        "entry:N",
        title="Crises (numbered triangles)",
        sort=entries,
        scale=alt.Scale(domain=entries, range=["triangle-down"] * len(entries)),
        legend=alt.Legend(
            symbolFillColor=INK,
            symbolStrokeColor=INK,
            symbolSize=70,
            labelLimit=260,
            columns={"expr": "width > 520 ? 2 : 1"},
        ),
    )
    return [
        crisis.transform_calculate(y0="0")
        .mark_rule(color=GREY, strokeDash=[3, 3], strokeWidth=1)
        .encode(x=axes.x(), y=axes.y("y0"), y2="mark_y:Q", description=aria),
        crisis.mark_point(filled=True, size=CRISIS_SIZE, color=INK, opacity=1).encode(
            x=axes.x(), y=axes.y("mark_y"), shape=key, tooltip=tip, description=aria
        ),
        crisis.mark_text(baseline="bottom", dy=-6, fontSize=11, fontWeight="bold", color=INK).encode(
            x=axes.x(), y=axes.y("mark_y"), text="n:N", tooltip=tip, description=aria
        ),
    ]


def marker_rule(at: str, caption: str, axes: LadderAxes) -> list[alt.Chart]:
    """A black vertical rule at the Vega expression `at`, captioned by the expression `caption`
    (both may use the chart's params, e.g. ("year_end", "'End of ' + year"))."""
    one = alt.Chart(pd.DataFrame({"_": [0]})).transform_calculate(
        rx=at,
        caption=caption,
        ry0=str(axes.floor),
        ry1=str(axes.top + RULE_OVERHANG),
        aria=f"'Marker: ' + ({caption})",
    )
    x = alt.X("rx:Q", scale=axes.x_scale())
    return [
        one.mark_rule(color="#000000", strokeWidth=2).encode(
            x=x, y=axes.y("ry0"), y2="ry1:Q", description=alt.Description("aria:N")
        ),
        one.mark_text(
            align="right", dx=-4, fontSize=12, fontWeight="bold", baseline="bottom", color="#000000"
        ).encode(x=x, y=axes.y("ry0"), text="caption:N", description=alt.Description("aria:N")),
    ]


def ladder_chart(
    lines: pd.DataFrame,
    *,
    look: LineLook,
    axes: LadderAxes,
    title: str | dict,
    description: str,
    subtitle: str | list[str] | None = None,
    points: pd.DataFrame | None = None,
    crises: pd.DataFrame | None = None,
    rule: tuple[str, str] | None = None,
    params: Sequence[alt.Parameter] = (),
    where: str | None = None,
    height: int = 380,
) -> alt.LayerChart:
    """Step lines of ladder level over x, with optional step points, crises and a marker rule.

    lines:  one row per vertex: `key` (in `look.order`), `x`, `level`, plus any columns
            `where` filters on. `points`: steps to mark (see `step_points`). `crises`: see
            `placed_crises`. `rule`: (x expression, caption expression), see `marker_rule`.
    """
    layers: list[alt.Chart | alt.LayerChart] = []
    if crises is not None and len(crises):
        placed = placed_crises(crises)
        axes = replace(axes, crisis_rows=int(placed["row"].max()) + 1)
    layers += [step_lines(lines, look, axes, where), end_labels(lines, look, axes, where)]
    if points is not None and len(points):
        layers.append(step_points(points, look, axes, where))
    if crises is not None and len(crises):
        layers += crisis_marks(placed, axes)
    if rule is not None:
        layers += marker_rule(*rule, axes)
    chart = alt.layer(*layers).properties(width=axes.width, height=height)
    if params:
        chart = chart.add_params(*params)
    return accessible(chart, title=title, subtitle=subtitle, description=description)
