"""Counts by category and spans in time: bar charts that any lesson can reuse.

`count_bars` draws how many items fall in each category (e.g. commitments by delivery
status), summing a pre-counted `count` column after a browser-side filter, so a category
with no items still shows a bar of 0. `spans_chart` draws who held what when (e.g. leaders
in office) as horizontal bars per lane, with dated milestones marked as rules.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from course.charts.base import FIT, accessible, count_axis, time_axis, with_citations


def count_bars(
    counts: pd.DataFrame,
    *,
    category: str,
    order: Sequence[str],
    colour: alt.Scale,
    title: str,
    description: str,
    category_title: str,
    count_title: str,
    subtitle: str | None = None,
    noun: str = "item(s)",
    params: Sequence[alt.Parameter] = (),
    where: str | None = None,
    highlight: str | None = None,
    count_domain: Sequence[float] | None = None,
    width: int | str = FIT,
) -> alt.LayerChart:
    """Horizontal bars: the summed `count` per `category` (labels in `order`).

    Each bar's category is carried by its position and axis label as well as its colour,
    and its value is written at the bar's end. `highlight` is a Vega expression over
    `datum.<category>`: bars for which it is false are faded and their description says
    "not listed" (e.g. statuses a student has unticked). `count_domain` fixes the count
    axis (a ruler that does not rescale as the bars change); by default it fits the bars.
    """
    base = alt.Chart(counts)
    if where:
        base = base.transform_filter(where)
    base = base.transform_aggregate(n="sum(count)", groupby=[category])
    on = highlight or "true"
    base = base.transform_calculate(
        shown=f"({on}) ? 1 : 0",
        aria=f"datum.{category} + ': ' + datum.n + ' {noun}' + (({on}) ? '' : ' (not listed)')",
    )
    y = alt.Y(f"{category}:N", title=category_title, sort=list(order), scale=alt.Scale(domain=list(order)))
    bars = base.mark_bar(stroke="#222222", strokeWidth=0.6, height={"band": 0.7}).encode(
        y=y,
        x=alt.X(
            "n:Q",
            axis=count_axis(count_title),
            **({"scale": alt.Scale(domain=list(count_domain), nice=False)} if count_domain else {}),
        ),
        color=alt.Color(f"{category}:N", scale=colour, legend=None),
        opacity=alt.condition("datum.shown == 1", alt.value(1.0), alt.value(0.25)),
        tooltip=[alt.Tooltip(f"{category}:N", title=category_title), alt.Tooltip("n:Q", title=count_title)],
        description=alt.Description("aria:N"),
    )
    text = base.mark_text(align="left", dx=4, fontSize=13, color="#222222").encode(
        y=y, x="n:Q", text=alt.Text("n:Q", format="d")
    )
    chart = alt.layer(bars, text).properties(width=width, height=alt.Step(34))
    if params:
        chart = chart.add_params(*params)
    return accessible(chart, title=title, subtitle=subtitle, description=description)


def spans_chart(
    spans: pd.DataFrame,
    *,
    lane: str,
    lane_order: Sequence[str],
    lane_title: str,
    label: str,
    colour: alt.Color,
    title: str,
    description: str,
    subtitle: str | None = None,
    dash: str | None = None,
    name: str | None = None,
    tooltip: Sequence[alt.Tooltip] = (),
    milestones: pd.DataFrame | None = None,
    selected: alt.Parameter | None = None,
    x_domain: Sequence[str] | None = None,
    width: int | str = FIT,
) -> alt.LayerChart:
    """Bars from `start` to `end` (Timestamps) in one lane per `lane`, labelled by `label`.

    `start_label` and `end_label` (text) describe the span to screen readers; a text label
    is written on bars whose boolean `show_label` is true (bars long enough to hold it),
    and just after the bar's end where the boolean `label_after` is true (a short last spell,
    which `x_domain`, ISO dates, leaves room for), so no name is hidden or clipped;
    `name` (default: `label`) is the column the descriptions use, e.g. a full name.

    Lane position and label carry the category as well as colour; `dash` (a boolean
    column) draws those spans with a dashed outline and lighter fill. `milestones`
    (columns `when`, `date`, `title`) are drawn as thin rules across every lane; the one
    whose `date` equals the param `selected` is drawn black and thick.
    """
    y = alt.Y(f"{lane}:N", title=lane_title, sort=list(lane_order), scale=alt.Scale(domain=list(lane_order)))
    base = alt.Chart(with_citations(spans)).transform_calculate(
        aria=f"datum.{lane} + ': ' + datum.{name or label} + ', ' + datum.start_label + ' to ' + datum.end_label"
    )
    enc = {
        "y": y,
        "x": alt.X(
            "start:T",
            axis=time_axis("Date", grid=False),
            **({"scale": alt.Scale(domain=list(x_domain))} if x_domain else {}),
        ),
        "x2": "end:T",
        "color": colour,
        "tooltip": list(tooltip) or [alt.Tooltip(f"{label}:N")],
        "description": alt.Description("aria:N"),
    }
    if dash:
        enc["strokeDash"] = alt.condition(f"datum.{dash}", alt.value([4, 3]), alt.value([1, 0]))
        enc["opacity"] = alt.condition(f"datum.{dash}", alt.value(0.55), alt.value(0.95))
    bars = base.mark_bar(stroke="#222222", strokeWidth=1, height={"band": 0.72}).encode(**enc)
    names = (
        base.transform_filter("datum.show_label")
        .mark_text(align="left", dx=5, fontSize=12, color="#000000")
        .encode(y=y, x="start:T", text=alt.Text(f"{label}:N"))
    )
    after = (
        base.transform_filter("datum.label_after")
        .mark_text(align="left", dx=5, fontSize=12, color="#000000")
        .encode(y=y, x="end:T", text=alt.Text(f"{label}:N"))
    )
    layers = [bars, names, after]
    if milestones is not None and not milestones.empty:
        marks = alt.Chart(milestones).transform_calculate(
            aria="'Milestone, ' + datum.date + ': ' + datum.title"
        )
        layers.append(
            marks.mark_rule(color="#666666", strokeWidth=1, strokeDash=[2, 3]).encode(
                x="when:T",
                tooltip=[alt.Tooltip("date:N", title="Date"), alt.Tooltip("title:N", title="Milestone")],
                description=alt.Description("aria:N"),
            )
        )
        if selected is not None:
            chosen = marks.transform_filter(alt.datum.date == selected).transform_calculate(
                aria="'Selected milestone, ' + datum.date + ': ' + datum.title"
            )
            layers.append(
                chosen.mark_rule(color="#000000", strokeWidth=3).encode(
                    x="when:T", description=alt.Description("aria:N")
                )
            )
    chart = alt.layer(*layers).properties(width=width, height=alt.Step(46))
    if selected is not None:
        chart = chart.add_params(selected)
    return accessible(chart, title=title, subtitle=subtitle, description=description)
