"""What every chart in the module has: a title, a text description, labelled axes, one look."""

from __future__ import annotations

import textwrap

import altair as alt
import pandas as pd

from course.material.citations import bibliography

FONT = "Helvetica, Arial, sans-serif"  # system fonts: nothing is fetched

# The course's look, carried by each course chart as its own top-level `config` (styled),
# never enabled as Altair's theme: a hub kernel is shared with the student's own charts and
# with other courses, whose charts must look exactly as Altair draws them.
STYLE: dict = {
    "font": FONT,
    "title": {
        "fontSize": 16,
        "anchor": "start",
        "subtitleFontSize": 12,
        "subtitleColor": "#444444",
    },
    "axis": {
        "labelFontSize": 12,
        "titleFontSize": 13,
        "labelColor": "#222222",
        "titleColor": "#222222",
    },
    # Below the plot, one entry a line: a legend at the side took half a phone's width.
    "legend": {
        "labelFontSize": 12,
        "titleFontSize": 13,
        "symbolStrokeColor": "#222222",
        "orient": "bottom",
        "direction": "vertical",
        "labelLimit": 280,
    },
    "view": {"stroke": None},
    "background": "white",
}


def styled(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """A copy of a top-level chart that carries the course's look in its own spec.

    Why not a theme: enabling one changes every chart drawn in the process, a student's own
    included. A chart's own config applies to that chart only and travels with its spec
    (into the essay figures too). Settings the chart already configures win.
    """
    own = chart.config.to_dict() if isinstance(chart.config, alt.Config) else {}
    return chart.properties(config=alt.Config.from_dict({**STYLE, **own}))


# Vega never wraps a title: lines this long fit a 360 px phone (16 px and 12 px type).
TITLE_CHARS, SUBTITLE_CHARS = 34, 50


def _lines(text: str, width: int) -> str | list[str]:
    lines = textwrap.wrap(text, width)
    return lines[0] if len(lines) == 1 else lines


def accessible(
    chart: alt.TopLevelMixin, title: str | dict, description: str, subtitle: str | list[str] | None = None
) -> alt.TopLevelMixin:
    """Give a chart its title and its screen-reader description in one place.

    Vega-Lite writes `description` as the SVG's aria-label, so a reader who cannot see
    the chart hears what it shows.
    """
    title = _lines(title, TITLE_CHARS) if isinstance(title, str) else title
    if subtitle:
        subtitle = [
            line
            for part in ([subtitle] if isinstance(subtitle, str) else subtitle)
            for line in _lines(part, SUBTITLE_CHARS)
        ]
    heading = alt.Title(title, subtitle=subtitle) if subtitle else alt.Title(title)
    return chart.properties(title=heading, description=description)


# Width of every chart that is not a small multiple: the width of the box it is drawn in,
# so one chart fits a 360 px phone and a wide screen alike (Vega-Lite resizes it with the page).
FIT = "container"
# Vega's years between the two ends of the x scale's domain, whatever the filters leave.
_SPAN_YEARS = "((domain('x')[1] - domain('x')[0]) / 31557600000)"


def time_axis(title: str, grid: bool = True) -> alt.Axis:
    """A date axis whose labels never repeat, at any span the controls leave.

    A fixed "%Y" format on Vega's default ticks (several per year) wrote "2020 2020 2021";
    here the ticks themselves are whole years when the shown span is three years or more,
    quarters when it is one to three years, and months below that, each labelled at its own
    precision ("2024", "Apr 2024"). The span is read from the x scale in the browser, so a
    year-range param re-ticks the axis with no new spec.
    """
    span = _SPAN_YEARS
    return alt.Axis(
        title=title,
        grid=grid,
        labelOverlap=True,
        tickCount={
            "expr": f"{span} >= 3 ? {{interval: 'year', step: {span} > 16 ? 2 : 1}}"
            f" : {span} >= 1 ? {{interval: 'month', step: 3}} : {{interval: 'month', step: 1}}"
        },
        labelExpr=f"timeFormat(datum.value, {span} >= 3 ? '%Y' : '%b %Y')",
    )


def count_axis(title: str, channel: str = "x") -> alt.Axis:
    """A count axis: ticks only at whole numbers, written without decimals.

    `tickMinStep` alone still gave "0 1 1 2 2" on a narrow chart (half steps written as
    whole numbers); asking Vega for no more ticks than the domain has units makes its steps
    whole. The domain is read from the `channel`'s scale in the browser.
    """
    extent = f"(domain('{channel}')[1] - domain('{channel}')[0])"
    size = "width" if channel == "x" else "height"
    return alt.Axis(
        title=title,
        tickMinStep=1,
        format="d",
        tickCount={"expr": f"max(1, min(ceil({size} / 40), {extent}))"},
    )


def with_citations(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with a `source` column: each row's `source_id` as a reader's short citation
    ("The White House 2023"), for tooltips that name the source rather than a key."""
    if "source_id" not in frame.columns:
        return frame
    names = {key: short for key, (short, _full) in bibliography().items()}
    return frame.assign(
        source=frame["source_id"].map(lambda k: names.get(k, k) if isinstance(k, str) else "—")
    )
