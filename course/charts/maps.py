"""Maps of Eurasia. Shapes are inline TopoJSON, so nothing is fetched to draw them."""

from __future__ import annotations

import json

import altair as alt
import pandas as pd

from course.charts.base import FIT, accessible, with_citations
from course.core import palette

# Points whose bounding box the projection fits: western Europe to Japan, Indian Ocean to Arctic.
EURASIA_EXTENT = {
    "type": "Feature",
    "properties": {},
    "geometry": {"type": "MultiPoint", "coordinates": [[-10, 0], [145, 0], [145, 72], [-10, 72]]},
}


def _countries(topology: dict) -> alt.Data:
    # Passed as a JSON string: Vega parses it in the browser, and Altair need not walk
    # ~60,000 nested numbers (that walk took over a second per chart).
    return alt.Data(
        values=json.dumps(topology, separators=(",", ":")),
        format=alt.DataFormat(type="topojson", feature="countries"),
    )


def sco_status_map(
    status_long: pd.DataFrame, topology: dict, year: int, width: int | str = FIT, height: int = 420
) -> alt.LayerChart:
    """Countries coloured by SCO status, for the year held in the Vega param `year`.

    `status_long` has one row per country and year (see course.model.sco.status_by_year),
    so moving the year only re-filters in the browser: no new spec, a fast redraw.
    Status is carried twice, by fill colour and by outline dash, and again in the tooltip.
    """
    year_param = alt.param(name="year", value=year)
    statuses = [s for s in palette.FAMILIES["sco_status"] if s in set(status_long["status"])]
    data = with_citations(status_long).assign(status_label=status_long["status"].map(palette.LABELS))
    labels = [palette.LABELS[s] for s in statuses]
    dashes = {
        "member": [1, 0],
        "shanghai_five": [1, 0],
        "observer": [6, 3],
        "dialogue_partner": [2, 2],
        "partner": [8, 2, 2, 2],
    }

    land = alt.Chart(_countries(topology)).mark_geoshape(  # backdrop: hidden from screen readers
        fill=palette.NEUTRAL, stroke="white", strokeWidth=0.5, clip=True, aria=False
    )
    status = (
        alt.Chart(data)
        .mark_geoshape(stroke="#222222", strokeWidth=0.8, clip=True)
        .encode(
            shape="geo:G",
            color=alt.Color(
                "status_label:N",
                title="SCO status",
                scale=alt.Scale(domain=labels, range=[palette.colour("sco_status", s) for s in statuses]),
            ),
            strokeDash=alt.StrokeDash(
                "status_label:N",
                title="SCO status",
                scale=alt.Scale(domain=labels, range=[dashes[s] for s in statuses]),
            ),
            tooltip=[
                alt.Tooltip("country:N", title="Country"),
                alt.Tooltip("status_label:N", title="Status"),
                alt.Tooltip("since:Q", title="In this status since", format="d"),
                alt.Tooltip("source:N", title="Source"),
            ],
            description=alt.Description("aria:N"),
        )
        .transform_filter(alt.datum.year == year_param)
        .transform_lookup(
            lookup="iso_numeric", from_=alt.LookupData(_countries(topology), key="id"), as_="geo"
        )
        .transform_calculate(
            aria=alt.datum.country + ": " + alt.datum.status_label + " since " + alt.datum.since
        )
    )
    chart = (
        (land + status)
        .add_params(year_param)
        .project(type="equalEarth", fit=EURASIA_EXTENT)
        .properties(width=width, height=height)
    )
    return accessible(
        chart,
        title={"expr": f"'SCO status in ' + {year_param.name}"},
        subtitle="Fill colour and outline style both show status; hover a country for details",
        description=(
            "Map of Eurasia shading each country by its status in the Shanghai "
            "Cooperation Organisation in the chosen year: member, observer, "
            "dialogue partner or partner. A table below the map lists the same countries."
        ),
    )
