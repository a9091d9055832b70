"""Lesson 02 explorers: the road to Camp David, what it promised and delivered, and who
was in office as the framework was built."""

from __future__ import annotations

import altair as alt
import ipywidgets as widgets
import pandas as pd

from course.charts import timeline, tracker
from course.charts.display import interactive
from course.core import filters, palette
from course.material import data
from course.model import camp_david as cd
from course.model.timeline import when, with_dates
from course.widgets.base import Explorer, esc, html_table, notice
from course.widgets.checkboxes import checkbox_row as _row
from course.widgets.checkboxes import checkboxes as _boxes
from course.widgets.checkboxes import ticked as _ticked

DOMAIN_LABELS = [palette.LABELS[d] for d in cd.DOMAINS]
STATUS_LABELS = [palette.LABELS[s] for s in cd.STATUSES]
KIND_LABELS = list(cd.KINDS.values())
# Each explorer's filter, stated once: its chart's Vega expression and its table's rows.
TIMELINE_FILTER = filters.all_of(
    filters.OneOf("domain_label", "domains"),
    filters.OneOf("kind_label", "kinds"),
    filters.Between("year", "first_year", "last_year"),
)
# The timeline opens on the years after the summit, where most events fall; a sentence
# counts what came before, and one drag of the slider shows it.
DEFAULT_START = 2023
COMMITMENT_SCOPE = filters.all_of(filters.OneOf("domain", "domains"), filters.OneOf("document", "documents"))


class TimelineExplorer(Explorer):
    """Trilateral steps from 1999 to today, filterable by domain, kind of step and years."""

    def __init__(self, start: int = DEFAULT_START):
        events = with_dates(cd.with_kinds(data.load("camp_david_timeline"), palette.LABELS))
        self.events = events
        first, last = int(events["year"].min()), int(events["year"].max())
        self.domains = _boxes(DOMAIN_LABELS)
        self.kinds = _boxes(KIND_LABELS)
        self.years = widgets.IntRangeSlider(
            value=(max(start, first), last),
            min=first,
            max=last,
            description="Years",
            continuous_update=False,
            layout={"width": "100%", "max_width": "480px"},
        )
        params = [alt.param(name=name, value=value) for name, value in self.values().items()]
        self.chart = interactive(
            timeline.event_timeline(
                events,
                lane="domain_label",
                lane_title="Domain",
                lane_order=DOMAIN_LABELS,
                colour=alt.Color(
                    "domain_label:N",
                    title="Domain",
                    legend=None,
                    scale=palette.scale("domain", labelled=True),
                ),
                shape="kind_label",
                shape_title="Kind of step",
                shape_order=KIND_LABELS,
                title="The road to Camp David and after: US–Japan–South Korea steps",
                subtitle="One point per dated event; lane = domain, shape = kind of step. "
                "Hover for detail and source",
                description=(
                    "Timeline of trilateral cooperation among the United States, Japan and "
                    "South Korea, one lane per domain (military, diplomatic, economic and "
                    "technology); point shape shows the kind of step. The list below the "
                    "chart gives the same events in text."
                ),
                params=params,
                where=TIMELINE_FILTER.vega(),
            )
        )
        self.listing = widgets.HTML()
        self.earlier = widgets.HTML()
        for box in [*self.domains.values(), *self.kinds.values()]:
            box.observe(self._update, names="value")
        self.years.observe(self._update, names="value")
        super().__init__(
            [
                _row("Domain", self.domains),
                _row("Kind of step", self.kinds),
                self.years,
                self.earlier,
                self.chart,
                self.listing,
            ]
        )
        self.add_class("course-explorer")
        self._update()

    def values(self) -> dict[str, object]:
        """The controls as the filter's param values (sent to the chart, used for the table)."""
        lo, hi = self.years.value
        return {
            "domains": _ticked(self.domains),
            "kinds": _ticked(self.kinds),
            "first_year": lo,
            "last_year": hi,
        }

    def selected(self) -> pd.DataFrame:
        """The events the filters keep, oldest first."""
        return self.events[TIMELINE_FILTER.mask(self.events, self.values())]

    def _update(self, _change: dict | None = None) -> None:
        for name, value in self.values().items():
            setattr(self.chart.params, name, value)
        self.earlier.value = f'<p class="course-share" role="status">{esc(self.earlier_sentence())}</p>'
        rows = self.selected()
        if rows.empty:
            self.listing.value = notice(
                "No event matches these filters: tick at least one domain "
                "and one kind of step, or widen the years."
            )
            return
        self.listing.value = html_table(
            ["Date", "Event", "Kind of step", "Domain", "Source"],
            [(r.date, r.title, r.kind_label, r.domain_label, r.source_id) for r in rows.itertuples()],
            caption=f"{len(rows)} event(s) shown, {self.years.value[0]}–{self.years.value[1]}",
        )

    def earlier_sentence(self) -> str:
        """What the chosen years leave out, so a zoomed view still says what came before."""
        lo, _hi = self.years.value
        first = int(self.events["year"].min())
        if lo <= first:
            return f"Showing every year from {first}: drag the left handle to zoom in."
        before = self.events[
            TIMELINE_FILTER.mask(self.events, {**self.values(), "first_year": first, "last_year": lo - 1})
        ]
        counts = ", ".join(
            f"{n} {label.lower()}"
            for label, n in before["kind_label"]
            .value_counts()
            .reindex(KIND_LABELS)
            .dropna()
            .astype(int)
            .items()
        )
        return (
            f"Before {lo}: {len(before)} more event(s) from {first} to {lo - 1}"
            + (f" ({counts})" if counts else "")
            + ". Drag the left handle of Years to see them."
        )

    def describe(self) -> str:
        rows = self.selected()
        lo, hi = self.years.value
        head = (
            f"Trilateral timeline {lo}–{hi}; domains: {', '.join(_ticked(self.domains)) or 'none'}; "
            f"{len(rows)} event(s)"
        )
        if rows.empty:
            return head + "."
        counts = ", ".join(
            f"{label}: {n}"
            for label, n in rows["kind_label"]
            .value_counts()
            .reindex(KIND_LABELS)
            .dropna()
            .astype(int)
            .items()
        )
        return (
            f"{head} ({counts}). First: {rows.iloc[0].date} {rows.iloc[0].title}. "
            f"Last: {rows.iloc[-1].date} {rows.iloc[-1].title}."
        )


DOCUMENT_CHOICES = {"All documents": None, **{label: key for key, label in cd.DOCUMENTS.items()}}


class CommitmentsExplorer(Explorer):
    """Each Camp David commitment, its document, status and evidence; the share delivered."""

    def __init__(self):
        rows = data.load("camp_david_commitments")
        rows["document_label"] = rows["document"].map(cd.DOCUMENTS)
        rows["domain_label"] = rows["domain"].map(palette.LABELS)
        rows["status_label"] = rows["status"].map(palette.LABELS)
        self.commitments = rows
        self.document = widgets.ToggleButtons(
            options=list(DOCUMENT_CHOICES),
            value="All documents",
            description="Document",
            style={"button_width": "auto"},
        )
        self.domains = _boxes(DOMAIN_LABELS)
        self.statuses = _boxes(STATUS_LABELS)
        self.share = widgets.HTML()
        self.chart = interactive(
            tracker.count_bars(
                cd.status_grid(rows, palette.LABELS),
                category="label",
                order=STATUS_LABELS,
                colour=palette.scale("delivery", labelled=True),
                title="Camp David commitments by delivery status",
                subtitle="Documents and domains chosen above; faded bars are statuses not listed below",
                description=(
                    "Bar chart counting the Camp David commitments in the chosen documents "
                    "and domains by status: delivered, partly delivered, not delivered, "
                    "unclear. The sentence above and the table below give the same numbers."
                ),
                category_title="Status",
                count_title="Commitments (number)",
                noun="commitment(s)",
                params=[
                    alt.param(name="domains", value=list(cd.DOMAINS)),
                    alt.param(name="documents", value=list(cd.DOCUMENTS)),
                    alt.param(name="statuses", value=STATUS_LABELS),
                ],
                where=COMMITMENT_SCOPE.vega(),
                highlight="indexof(statuses, datum.label) >= 0",
            )
        )
        self.table = widgets.HTML()
        self.document.observe(self._update, names="value")
        for box in [*self.domains.values(), *self.statuses.values()]:
            box.observe(self._update, names="value")
        super().__init__(
            [
                self.document,
                _row("Domain", self.domains),
                _row("List status", self.statuses),
                self.share,
                self.chart,
                self.table,
            ]
        )
        self.add_class("course-explorer")
        self._update()

    def _chosen(self) -> tuple[list[str], list[str], list[str]]:
        doc = DOCUMENT_CHOICES[self.document.value]
        documents = list(cd.DOCUMENTS) if doc is None else [doc]
        domains = [d for d in cd.DOMAINS if self.domains[palette.LABELS[d]].value]
        statuses = [s for s in cd.STATUSES if self.statuses[palette.LABELS[s]].value]
        return documents, domains, statuses

    def in_scope(self) -> pd.DataFrame:
        """Commitments in the chosen document(s) and domains: the share's denominator."""
        documents, domains, _ = self._chosen()
        return self.commitments[
            COMMITMENT_SCOPE.mask(self.commitments, {"domains": domains, "documents": documents})
        ]

    def listed(self) -> pd.DataFrame:
        """The commitments in scope whose status is ticked: the rows of the table."""
        return cd.select(self.in_scope(), statuses=self._chosen()[2])

    def share_line(self) -> str:
        return cd.share_sentence(self.in_scope(), palette.LABELS)

    def _update(self, _change: dict | None = None) -> None:
        documents, domains, statuses = self._chosen()
        self.chart.params.documents = documents
        self.chart.params.domains = domains
        self.chart.params.statuses = [palette.LABELS[s] for s in statuses]
        scope = self.in_scope()
        where = (
            f"{self.document.value.lower() if self.document.value == 'All documents' else self.document.value}, "
            f"{', '.join(palette.LABELS[d] for d in domains) or 'no domain'}"
        )
        self.share.value = (
            f'<p class="course-share" role="status"><b>{esc(self.share_line())}</b> ({esc(where)})</p>'
        )
        rows = self.listed()
        if scope.empty:
            self.table.value = notice("No commitment is selected: tick at least one domain.")
            return
        if rows.empty:
            self.table.value = notice("No commitment has the ticked statuses: tick at least one status.")
            return
        self.table.value = html_table(
            [
                "Promise",
                "Status",
                "Evidence",
                "Why this status",
                "Rule met on",
                "Document · domain",
                "Sources",
            ],
            [
                (
                    r.promise,
                    r.status_label,
                    r.evidence,
                    r.status_basis,
                    r.delivered_date,
                    f"{r.document_label} · {r.domain_label} ({r.commitment_id})",
                    f"{r.source_id}; {r.evidence_source_id}",
                )
                for r in rows.itertuples()
            ],
            caption=f"{len(rows)} of {len(scope)} commitment(s) listed (statuses ticked: "
            f"{', '.join(palette.LABELS[s] for s in statuses)})",
        )

    def describe(self) -> str:
        documents, domains, statuses = self._chosen()
        ids = ", ".join(self.listed()["commitment_id"]) or "none"
        return (
            f"Camp David commitments; document: {self.document.value}; domains: "
            f"{', '.join(palette.LABELS[d] for d in domains) or 'none'}. {self.share_line()} "
            f"Listed ({', '.join(palette.LABELS[s] for s in statuses) or 'no status'}): {ids}."
        )


LEADERS_FROM = "2022-01-01"
LABEL_ROOM_DAYS = 150
LANES = ["United States", "Japan", "Republic of Korea", "Republic of Korea (acting)"]


class LeadersExplorer(Explorer):
    """Leaders of the three countries since 2022 with the framework's milestones marked."""

    def __init__(self, milestone: str = "2023-08-18"):
        events = with_dates(cd.with_kinds(data.load("camp_david_timeline"), palette.LABELS))
        until = max(events["date"])  # the data end here: open spells are drawn up to it
        spans = cd.leader_spans(data.load("leaders_timeline"), until=until)
        spans = spans[spans["end"] > when(LEADERS_FROM)].copy()
        order = {c: i for i, c in enumerate(cd.COUNTRY_CODES)}
        spans = spans.sort_values(
            by=["country", "start"],
            key=lambda col: col.map(order) if col.name == "country" else col,
            kind="stable",
        )
        spans["start"] = spans["start"].clip(lower=when(LEADERS_FROM))
        spans["show_label"] = (spans["end"] - spans["start"]).dt.days >= 100
        # A short spell that runs to the end of the data (a new leader) is named just after its
        # bar, in room the axis leaves past the data's end, so no name is hidden or clipped.
        spans["label_after"] = (
            ~spans["show_label"] & ~spans["acting"].astype(bool) & (spans["end"] >= when(until))
        )
        self.x_domain = (
            LEADERS_FROM,
            (when(until) + pd.Timedelta(days=LABEL_ROOM_DAYS)).strftime("%Y-%m-%d"),
        )
        self.spans, self.until = spans, until
        marks = events[events["kind"].isin(cd.FRAMEWORK_KINDS) & (events["date"] >= LEADERS_FROM)]
        self.milestones = marks.drop_duplicates("date")[["date", "when", "title", "source_id"]]
        options = [(f"{r.date} · {r.title}", r.date) for r in self.milestones.itertuples()]
        dates = [d for _, d in options]
        self.milestone = widgets.Dropdown(
            options=options,
            value=milestone if milestone in dates else dates[0],
            description="Milestone",
            layout={"width": "100%", "max_width": "640px"},
        )
        selected = alt.param(name="milestone", value=self.milestone.value)
        self.chart = interactive(
            tracker.spans_chart(
                spans,
                lane="lane",
                lane_order=LANES,
                lane_title="Country",
                label="family_name",
                name="leader",
                colour=alt.Color(
                    "code:N", legend=None, scale=palette.scale("country", ["USA", "JPN", "KOR"])
                ),
                dash="acting",
                tooltip=[
                    alt.Tooltip("leader:N", title="Leader"),
                    alt.Tooltip("office:N", title="Office"),
                    alt.Tooltip("start_date:N", title="From"),
                    alt.Tooltip("end_label:N", title="To"),
                    alt.Tooltip("source:N", title="Source"),
                ],
                milestones=self.milestones,
                selected=selected,
                x_domain=self.x_domain,
                title="Who was in office as the framework was built, 2022–2025",
                subtitle=[
                    "Bars: leaders in office (dashed: acting presidents); dotted lines: "
                    "trilateral meetings, documents, mechanisms, exercises;",
                    f"thick line: the milestone chosen above. Data end {until}.",
                ],
                description=(
                    "Horizontal bars showing the US president, the Japanese prime minister "
                    "and the South Korean president (and acting presidents) from 2022, with "
                    "vertical lines at each trilateral milestone. The text above and the table "
                    "below give the same information."
                ),
            )
        )
        self.sentence = widgets.HTML()
        self.table = widgets.HTML(
            html_table(
                ["Country", "Office", "Leader", "From", "To", "Source"],
                [
                    (r.country, r.office, r.leader, r.start_date, r.end_label, r.source_id)
                    for r in spans.itertuples()
                ],
                caption=f"Leaders in office since {LEADERS_FROM[:4]} (open terms: in office when the "
                f"data were compiled)",
            )
        )
        self.milestone.observe(self._update, names="value")
        super().__init__([self.milestone, self.sentence, self.chart, self.table])
        self.add_class("course-explorer")
        self._update()

    def at_milestone(self) -> str:
        return cd.table_sentence(self.spans, self.milestone.value)

    def _update(self, _change: dict | None = None) -> None:
        self.chart.params.milestone = self.milestone.value
        title = self.milestones.set_index("date").loc[self.milestone.value, "title"]
        self.sentence.value = (
            f'<p class="course-share" role="status"><b>{esc(title)}.</b> {esc(self.at_milestone())}</p>'
        )

    def describe(self) -> str:
        title = self.milestones.set_index("date").loc[self.milestone.value, "title"]
        return f"Leaders at the milestone “{title}”. {self.at_milestone()}"


def timeline_explorer(start: int = DEFAULT_START) -> TimelineExplorer:
    """The road-to-Camp-David timeline explorer for lesson 02."""
    return TimelineExplorer(start)


def commitments_explorer() -> CommitmentsExplorer:
    """The Camp David commitments tracker for lesson 02."""
    return CommitmentsExplorer()


def leaders_explorer(milestone: str = "2023-08-18") -> LeadersExplorer:
    """Leaders since 2022 and the framework's milestones, for lesson 02."""
    return LeadersExplorer(milestone)
