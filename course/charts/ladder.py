"""The institutionalisation ladder as step lines: one line per pair or coalition.

Generic on purpose: lesson 03 draws the Entente's pairs against calendar years, lesson 04
draws two coalitions against "years since the first agreement". Each line is told apart by
colour, by dash pattern and by a text label at its end, so nothing rests on colour alone.

Built as Altair is: small builders that each return one layer (or a few) on shared
`LadderAxes` and a shared `LineLook`, combined with `alt.layer`. `ladder_chart` is that
combination for the lessons; a new chart can pick the builders it needs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import altair as alt
import pandas as pd

from course.charts.base import accessible

# Dash patterns in the order lines are given: solid, long dash, dot, dash-dot, short dash.
DASHES = [[1, 0], [8, 4], [2, 3], [10, 3, 2, 3], [4, 2], [12, 2]]
Y_TITLE = "Level of commitment (0–{top})"  # filled in from the rungs drawn
INK, GREY = "#222222", "#555555"
# Layout, in level units (the y axis) unless named otherwise.
FLOOR = -0.9  # the y axis starts below level 0, leaving room for the end labels
HEADROOM = 0.5  # above the top rung when there are no crises
LINE_DODGE = 0.07  # between overlapping lines, so each stays visible
LABEL_STEP = 0.4  # between end labels of lines ending at one level
CRISIS_BASE = 0.55  # first row of crisis markers, above the top rung
CRISIS_STEP = 0.45  # between rows of crisis markers
CRISIS_HEADROOM = 0.3  # above the highest crisis row
RULE_OVERHANG = 0.3  # how far the year marker rises above the top rung
# Crisis labels: estimated width (about 5.6 px per character at 11 px, plus the marker),
# and the share of the x axis after which a label sits left of its marker.
LABEL_PX_PER_CHAR, LABEL_PX_PAD, LEFT_FROM = 5.6, 14, 0.75
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

    def colour(self) -> alt.Color:
        return alt.Color(
            "label:N",
            legend=None,
            scale=alt.Scale(domain=self.names, range=[self.colours[k] for k in self.order]),
        )

    def dash(self) -> alt.StrokeDash:
        return alt.StrokeDash(
            "label:N",
            legend=None,
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
    """The x axis (title, optional fixed domain, width in px) and the ladder's y axis.

    `rungs` are the short names of levels 0..top, written beside each level; `crisis_rows`
    is how many staggered rows of crisis markers must fit above the top rung.
    """

    x_title: str
    rungs: Sequence[str]
    x_domain: Sequence[float] | None = None
    width: int = 640
    crisis_rows: int = 0

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
        return alt.Scale(domain=[FLOOR, ceiling], nice=False)

    def y(self, field: str = "y", titled: bool = False) -> alt.Y:
        if not titled:
            return alt.Y(f"{field}:Q", scale=self.y_scale())
        axis = alt.Axis(
            values=list(range(self.top + 1)),
            grid=True,
            labelExpr=f"datum.value + ' ' + {list(self.rungs)!r}[datum.value]",
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
            color=look.colour(),
            strokeDash=look.dash(),
            detail="key:N",
            description=alt.Description("aria:N"),
        )
    )


def end_labels(lines: pd.DataFrame, look: LineLook, axes: LadderAxes, where: str | None = None) -> alt.Chart:
    """Each line's label and final level, written at its right end."""
    return (
        _filtered(look.frame(lines), where)
        .transform_joinaggregate(last="max(x)", groupby=["key"])
        .transform_filter("datum.x == datum.last")
        .transform_calculate(
            y=f"datum.level + {LABEL_STEP} * datum.dodge",
            text="datum.label + ' · ' + datum.level",
            aria="datum.label + ' ends at level ' + datum.level",
        )
        .mark_text(align="left", dx=6, fontSize=12, fontWeight="bold")
        .encode(
            x=axes.x(), y=axes.y(), text="text:N", color=look.colour(), description=alt.Description("aria:N")
        )
    )


def step_points(
    points: pd.DataFrame, look: LineLook, axes: LadderAxes, where: str | None = None
) -> alt.Chart:
    """Circles at steps: rows `key`, `x`, `level`, `aria`, `date`, `title`, `source_id`."""
    return (
        _filtered(look.frame(points), where)
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
                alt.Tooltip("source_id:N", title="Source"),
            ],
            description=alt.Description("aria:N"),
        )
    )


def stagger(
    xs: Sequence[float], labels: Sequence[str], lo: float, hi: float, width: int
) -> tuple[list[int], list[bool]]:
    """Row (0, 1, 2 ...) and side for each crisis label so that no two labels overlap.

    Labels after LEFT_FROM of the axis sit to the left of their marker. Widths are
    estimated, which is enough to keep rows apart.
    """
    per_px = (hi - lo) / width
    ends: list[float] = []
    rows, left = [], []
    for x, label in zip(xs, labels, strict=False):
        w = (LABEL_PX_PER_CHAR * len(label) + LABEL_PX_PAD) * per_px
        on_left = x > lo + LEFT_FROM * (hi - lo)
        start, stop = (x - w, x) if on_left else (x, x + w)
        row = next((i for i, end in enumerate(ends) if end < start), len(ends))
        if row == len(ends):
            ends.append(stop)
        else:
            ends[row] = stop
        rows.append(row)
        left.append(on_left)
    return rows, left


def placed_crises(crises: pd.DataFrame, x_domain: Sequence[float] | None, width: int) -> pd.DataFrame:
    """Crises (`x`, `label`, `date`, `title`, `source_id`) sorted by x, each given its
    staggered row `row`, its side `left` and its screen-reader text `aria`."""
    frame = crises.sort_values("x").reset_index(drop=True)
    lo, hi = x_domain if x_domain else (frame["x"].min(), frame["x"].max())
    rows, left = stagger(frame["x"], frame["label"], lo, hi, width)
    return frame.assign(row=rows, left=left, aria="Crisis " + frame["date"] + ": " + frame["title"])


def crisis_marks(placed: pd.DataFrame, axes: LadderAxes) -> list[alt.Chart]:
    """Downward triangles above the ladder, a dashed rule down to level 0, and a label.

    `placed` comes from `placed_crises`; `axes.crisis_rows` must leave room for its rows.
    """
    crisis = alt.Chart(placed.assign(mark_y=axes.top + CRISIS_BASE + CRISIS_STEP * placed["row"]))
    tip = [
        alt.Tooltip("date:N", title="Date"),
        alt.Tooltip("title:N", title="Crisis"),
        alt.Tooltip("source_id:N", title="Source"),
    ]
    aria = alt.Description("aria:N")

    def label(side: str, align: str, dx: int) -> alt.Chart:
        return (
            crisis.transform_filter(side)
            .mark_text(align=align, dx=dx, fontSize=11, color=INK)
            .encode(x=axes.x(), y=axes.y("mark_y"), text="label:N", tooltip=tip, description=aria)
        )

    return [
        crisis.transform_calculate(y0="0")
        .mark_rule(color=GREY, strokeDash=[3, 3], strokeWidth=1)
        .encode(x=axes.x(), y=axes.y("y0"), y2="mark_y:Q", description=aria),
        crisis.mark_point(shape="triangle-down", filled=True, size=CRISIS_SIZE, color=INK, opacity=1).encode(
            x=axes.x(), y=axes.y("mark_y"), tooltip=tip, description=aria
        ),
        label("!datum.left", "left", 7),
        label("datum.left", "right", -7),
    ]


def marker_rule(at: str, caption: str, axes: LadderAxes) -> list[alt.Chart]:
    """A black vertical rule at the Vega expression `at`, captioned by the expression `caption`
    (both may use the chart's params, e.g. ("year_end", "'End of ' + year"))."""
    one = alt.Chart(pd.DataFrame({"_": [0]})).transform_calculate(
        rx=at,
        caption=caption,
        ry0=str(FLOOR),
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
    height: int = 340,
) -> alt.LayerChart:
    """Step lines of ladder level over x, with optional step points, crises and a marker rule.

    lines:  one row per vertex: `key` (in `look.order`), `x`, `level`, plus any columns
            `where` filters on. `points`: steps to mark (see `step_points`). `crises`: see
            `placed_crises`. `rule`: (x expression, caption expression), see `marker_rule`.
    """
    layers: list[alt.Chart] = []
    if crises is not None and len(crises):
        placed = placed_crises(crises, axes.x_domain, axes.width)
        axes = LadderAxes(axes.x_title, axes.rungs, axes.x_domain, axes.width, int(placed["row"].max()) + 1)
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
