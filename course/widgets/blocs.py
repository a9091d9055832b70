"""Lesson 01 explorers: the SCO year by year, and North Korea's ties to China and Russia."""

from __future__ import annotations

import altair as alt
import ipywidgets as widgets
import pandas as pd

from course.charts import maps, timeline
from course.charts.display import interactive
from course.core import filters, palette
from course.material import data
from course.material.citations import readable_notes
from course.material.geo import world_topology
from course.model import china_russia as cr
from course.model import sco
from course.model.timeline import with_dates
from course.widgets.base import Explorer, esc, html_table, notice
from course.widgets.checkboxes import checkbox_row, checkboxes, ticked


class SCOExplorer(Explorer):
    """A year slider and a map of Eurasia coloured by SCO status in that year."""

    def __init__(self, year: int = 2024):
        self.last_year = data.as_of_year()
        self.status = sco.status_by_year(data.load("sco_membership"), self.last_year)
        year = min(max(year, sco.FIRST_YEAR), self.last_year)
        self.slider = widgets.IntSlider(
            value=year,
            min=sco.FIRST_YEAR,
            max=self.last_year,
            description="Year",
            continuous_update=True,
            layout={"width": "100%", "max_width": "480px"},
        )
        self.chart = interactive(maps.sco_status_map(self.status, world_topology(), year))
        self.table = widgets.HTML()
        self.slider.observe(self._on_year, names="value")
        super().__init__([self.slider, self.chart, self.table])
        self.add_class("course-explorer")
        self._show(year)

    @property
    def year(self) -> int:
        return self.slider.value

    def members(self) -> list[str]:
        return sco.members_in(self.status, self.year)

    def _on_year(self, change: dict) -> None:
        self._show(change["new"])

    def _show(self, year: int) -> None:
        self.chart.params.year = year
        rows = sco.status_in(self.status, year)
        if rows.empty:
            self.table.value = notice(f"No country had an SCO status in {year}.")
            return
        self.table.value = html_table(
            ["Country", "Status", "Since", "Source"],
            [(r.country, palette.LABELS[r.status], r.since, r.source_id) for r in rows.itertuples()],
            caption=f"SCO status in {year}: the same countries as the map, "
            f"including states too small to draw",
        )

    def describe(self) -> str:
        rows = sco.status_in(self.status, self.year)
        parts = [
            f"{palette.LABELS[s]}: {', '.join(g['country'])}" for s, g in rows.groupby("status", sort=False)
        ]
        return f"SCO in {self.year}. " + ("; ".join(parts) if parts else "no status holders") + "."


PARTNERS = {"Both": "ALL", "China": "CHN", "Russia": "RUS"}
KINDS = {
    "treaty_signed": "Treaty signed",
    "treaty_ratified": "Treaty ratified",
    "treaty_in_force": "Treaty in force",
    "summit": "Summit",
    "deployment": "Deployment",
    "statement": "Statement",
}
# The alignment filter, stated once: its chart's Vega expression and its table's rows.
ALIGNMENT_FILTER = filters.all_of(
    filters.EqualsUnless("partner", "partner", "ALL"), filters.OneOf("kind_label", "kinds")
)


class AlignmentExplorer(Explorer):
    """North Korea's treaties, summits and deployments with China and Russia, filterable."""

    def __init__(self):
        events = with_dates(data.load("dprk_alignment"))
        events["partner"] = events[["actor_a", "actor_b"]].apply(
            lambda r: next((a for a in r if a != "PRK"), "PRK"), axis=1
        )
        events["partner_name"] = (
            events["partner"].map({"CHN": "China", "RUS": "Russia"}).fillna(events["partner"])
        )
        events["kind_label"] = events["kind"].map(KINDS)
        self.events = events
        self.partner = widgets.ToggleButtons(options=list(PARTNERS), value="Both", description="Partner")
        present = [k for k in KINDS if k in set(events["kind"])]
        self.kinds = {k: widgets.Checkbox(value=True, description=KINDS[k], indent=False) for k in present}
        names = [n for n in ("China", "Russia") if n in set(events["partner_name"])]
        self.chart = interactive(
            timeline.event_timeline(
                events,
                lane="partner_name",
                lane_title="North Korea's partner",
                lane_order=names,
                colour=alt.Color(
                    "partner_name:N",
                    title="Partner",
                    legend=None,
                    scale=alt.Scale(
                        domain=names,
                        range=[palette.colour("country", c) for c in ("CHN", "RUS")][: len(names)],
                    ),
                ),
                shape="kind_label",
                shape_title="Kind of event",
                title="North Korea's alignment with China and Russia",
                subtitle="Each point is a dated event; hover for detail and source",
                description=(
                    "Timeline of North Korea's treaties, ratifications, summits and troop "
                    "deployments with China and with Russia, one lane per partner. "
                    "The list below the chart gives the same events in text."
                ),
                params=[alt.param(name=name, value=value) for name, value in self.values().items()],
                where=ALIGNMENT_FILTER.vega(),
            )
        )
        self.listing = widgets.HTML()
        self.partner.observe(self._update, names="value")
        for box in self.kinds.values():
            box.observe(self._update, names="value")
        controls = widgets.HBox(list(self.kinds.values()), layout={"flex_flow": "row wrap"})
        super().__init__([self.partner, controls, self.chart, self.listing])
        self.add_class("course-explorer")
        self._update()

    def values(self) -> dict[str, object]:
        """The controls as the filter's param values (sent to the chart, used for the table)."""
        return {
            "partner": PARTNERS[self.partner.value],
            "kinds": [KINDS[k] for k, box in self.kinds.items() if box.value],
        }

    def selected(self) -> pd.DataFrame:
        """The events the current filters keep, oldest first."""
        return self.events[ALIGNMENT_FILTER.mask(self.events, self.values())]

    def _update(self, _change: dict | None = None) -> None:
        for name, value in self.values().items():
            setattr(self.chart.params, name, value)
        rows = self.selected()
        if rows.empty:
            self.listing.value = notice("No event matches these filters: tick at least one kind of event.")
            return
        self.listing.value = html_table(
            ["Date", "Partner", "Kind", "Event", "Source"],
            [(r.date, r.partner_name, r.kind_label, r.title, r.source_id) for r in rows.itertuples()],
            caption=f"{len(rows)} event(s) shown",
        )

    def describe(self) -> str:
        rows = self.selected()
        return (
            f"North Korea's alignment, partner: {self.partner.value}; {len(rows)} event(s): "
            + "; ".join(f"{r.date} {r.title}" for r in rows.itertuples())
            + "."
        )


KIND_CODES = {label: code for code, label in cr.KINDS.items()}
DIRECTION_CODES = {label: code for code, label in cr.DIRECTIONS.items()}
# "Holds" and "fails" are the palette's colours for evidence that supports or undercuts a claim.
DIRECTION_COLOURS = [palette.colour("verdict", "holds"), palette.colour("verdict", "fails")]


class ChinaRussiaExplorer(Explorer):
    """The China-Russia axis: alignment events beside the evidence against a bloc,
    filterable by kind of event and by direction (for or against)."""

    def __init__(self):
        events = with_dates(cr.with_labels(data.load("china_russia_alignment")))
        self.events = events
        kinds = [label for code, label in cr.KINDS.items() if code in set(events["kind"])]
        directions = list(cr.DIRECTIONS.values())
        self.kinds = checkboxes(kinds)
        self.directions = checkboxes(directions)
        self.chart = interactive(
            timeline.for_and_against(
                events,
                kind_order=kinds,
                direction_order=directions,
                colours=DIRECTION_COLOURS,
                title="China and Russia: alignment, and the evidence against a bloc",
                subtitle="One point per dated event; lane = kind of event; shape and colour = for "
                "or against a bloc. Hover for detail and source",
                description=(
                    "Timeline of China-Russia joint air patrols, naval exercises and patrols, "
                    "joint statements, arms and energy deals since 2018, beside events that "
                    "count against reading the SCO as a bloc. Filled circles are evidence for "
                    "a bloc, squares evidence against. The table below gives the same events."
                ),
                params=[alt.param(name="kinds", value=kinds), alt.param(name="directions", value=directions)],
                where="indexof(kinds, datum.kind_label) >= 0 && indexof(directions, datum.direction_label) >= 0",
            )
        )
        self.balance = widgets.HTML()
        self.listing = widgets.HTML()
        for box in [*self.kinds.values(), *self.directions.values()]:
            box.observe(self._update, names="value")
        super().__init__(
            [
                checkbox_row("Kind of event", self.kinds),
                checkbox_row("Evidence", self.directions),
                self.balance,
                self.chart,
                self.listing,
            ]
        )
        self.add_class("course-explorer")
        self._update()

    def selected(self):
        """The events the filters keep, oldest first."""
        return cr.select(
            self.events,
            [KIND_CODES[k] for k in ticked(self.kinds)],
            [DIRECTION_CODES[d] for d in ticked(self.directions)],
        )

    def _update(self, _change: dict | None = None) -> None:
        self.chart.params.kinds = ticked(self.kinds)
        self.chart.params.directions = ticked(self.directions)
        rows = self.selected()
        self.balance.value = (
            f'<p class="course-share" role="status"><b>{esc(cr.balance_sentence(rows))}</b></p>'
        )
        if rows.empty:
            self.listing.value = notice(cr.NOTHING_SELECTED)
            return
        self.listing.value = html_table(
            ["Date", "Kind", "Evidence", "Event", "Caveats and other sources", "Source"],
            [
                (
                    r.date,
                    r.kind_label,
                    r.direction_label,
                    r.event,
                    readable_notes(r.note),
                    r.source_id,
                )
                for r in rows.itertuples()
            ],
            caption=f"{len(rows)} event(s) shown, each with its caveats and source",
        )

    def describe(self) -> str:
        rows = self.selected()
        head = (
            f"China-Russia axis; kinds: {', '.join(ticked(self.kinds)) or 'none'}; "
            f"evidence: {', '.join(ticked(self.directions)) or 'none'}. "
        )
        return head + cr.balance_sentence(rows)


def sco_explorer(year: int = 2024) -> SCOExplorer:
    """The SCO map explorer for lesson 01."""
    return SCOExplorer(year)


def alignment_explorer() -> AlignmentExplorer:
    """The North Korea alignment explorer for lesson 01."""
    return AlignmentExplorer()


def china_russia_explorer() -> ChinaRussiaExplorer:
    """The China-Russia axis explorer (for and against a bloc) for lesson 01."""
    return ChinaRussiaExplorer()
