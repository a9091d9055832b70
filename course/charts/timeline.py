"""Timelines of events in lanes: one chart shape for every lesson's chronology."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from course.charts.base import FIT, accessible, time_axis, with_citations
from course.material.citations import readable_notes


def event_timeline(
    events: pd.DataFrame,
    *,
    lane: str,
    lane_title: str,
    lane_order: Sequence[str],
    colour: alt.Color,
    shape: str,
    shape_title: str,
    title: str,
    description: str,
    subtitle: str | None = None,
    params: Sequence[alt.Parameter] = (),
    where: str | None = None,
    width: int | str = FIT,
    shape_order: Sequence[str] | None = None,
) -> alt.Chart:
    """Events as points on a time axis, one lane per actor or domain.

    Colour shows the lane (redundant with the lane's position and label) and shape the
    kind of event, so nothing depends on colour alone. `params` and `where` let an
    explorer filter in the browser without rebuilding the chart. `shape_order` pins each
    kind to one shape, so a kind keeps its shape when a filter removes the others.
    """
    chart = alt.Chart(with_citations(events))
    if where:
        chart = chart.transform_filter(where)
    chart = (
        chart.mark_point(size=160, filled=True, opacity=0.9, stroke="#222222", strokeWidth=0.6)
        .encode(
            x=alt.X("when:T", title="Date", axis=time_axis("Date")),
            y=alt.Y(f"{lane}:N", title=lane_title, sort=list(lane_order)),
            color=colour,
            shape=alt.Shape(
                f"{shape}:N",
                title=shape_title,
                **({"scale": alt.Scale(domain=list(shape_order))} if shape_order else {}),
            ),
            tooltip=[
                alt.Tooltip("date:N", title="Date"),
                alt.Tooltip("title:N", title="Event"),
                alt.Tooltip("detail:N", title="Detail"),
                alt.Tooltip("source:N", title="Source"),
            ],
            description=alt.Description("aria:N"),
        )
        .transform_calculate(aria=alt.datum.date + ": " + alt.datum.title)
        .properties(width=width, height=alt.Step(44))
    )
    if params:
        chart = chart.add_params(*params)
    return accessible(chart, title=title, subtitle=subtitle, description=description)


def for_and_against(
    events: pd.DataFrame,
    *,
    kind_order: Sequence[str],
    direction_order: Sequence[str],
    colours: Sequence[str],
    title: str,
    description: str,
    subtitle: str | None = None,
    params: Sequence[alt.Parameter] = (),
    where: str | None = None,
    width: int | str = FIT,
) -> alt.Chart:
    """Evidence for and against a claim on one time axis: a lane per kind of event,
    shape and colour for the direction (for / against), so direction never rests on
    colour alone. `events` needs date, when, event, note, source_id, kind_label and
    direction_label columns."""
    frame = events.assign(title=events["event"], detail=events["note"].map(readable_notes))
    return event_timeline(
        frame,
        lane="kind_label",
        lane_title="Kind of event",
        lane_order=kind_order,
        colour=alt.Color(
            "direction_label:N",
            title="Evidence",
            scale=alt.Scale(domain=list(direction_order), range=list(colours)),
        ),
        shape="direction_label",
        shape_title="Evidence",
        shape_order=direction_order,
        title=title,
        subtitle=subtitle,
        description=description,
        params=params,
        where=where,
        width=width,
    )
