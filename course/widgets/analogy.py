"""Lesson 04 explorers: coalitions on one clock, a rating lab, and the counter-arguments."""

from __future__ import annotations

import datetime as dt

import altair as alt
import ipywidgets as widgets
import pandas as pd

from course import journal
from course.charts.clock import SlottedLook, clock_chart
from course.charts.display import interactive
from course.charts.ladder import LadderAxes
from course.charts.ratings import ratings_chart
from course.core import palette
from course.material import data
from course.material.citations import bibliography, readable_notes
from course.model import analogy, ladder
from course.widgets.base import Explorer, esc, html_table, notice

LESSON = "04_analogy_lab"

ENTENTE_END = ladder.end_of_year(1918)
# The data are current to the datapackage's `created` date (late November of that year).
TRILATERAL_END = data.as_of_year() + 0.9
KEYS = list(analogy.COALITIONS) + list(analogy.CASES)


def day(date: str) -> str:
    """'1917-11-07' -> '7 Nov 1917'; '1949-10' -> 'Oct 1949'; '1977' stays."""
    parts = [int(p) for p in str(date).split("-")]
    if len(parts) == 3:
        return dt.date(*parts).strftime("%-d %b %Y")
    if len(parts) == 2:
        return dt.date(parts[0], parts[1], 1).strftime("%b %Y")
    return str(parts[0])


def reached(years: float | None, date: str | None, with_level: int | None) -> str:
    """One cell of the years-to-level table: years and the date of the step, or why there is none."""
    if years is None or pd.isna(years):
        return "not reached"
    if not date:
        return "at the start"
    text = f"{years:.1f} years ({day(date)})"
    return text + (
        f", same step as level {with_level}" if with_level is not None and not pd.isna(with_level) else ""
    )


def fall_caption(title: str, date: str) -> str:
    """'Treaty of Brest-Litovsk: Russia leaves the war' -> 'Russia leaves the war (Brest-Litovsk, 3 Mar 1918)'."""
    if ":" in title:
        what, why = (part.strip() for part in title.split(":", 1))
        return f"{why[:1].upper()}{why[1:]} ({what.removeprefix('Treaty of ')}, {day(date)})"
    return f"{title} ({day(date)})"


def cite(source_id: str) -> str:
    """A source key as the short citation every table and tooltip uses ("Clark 2012"), so a
    tooltip names the publication itself; an unknown key is shown as it is."""
    return bibliography().get(source_id, (source_id, ""))[0]


def _step_index() -> dict[tuple[str, str], tuple[str, str]]:
    """(line key, date) -> (title, source_id) of the row that moved the line that day."""
    index: dict[tuple[str, str], tuple[str, str]] = {}
    for key, name in (("entente", "entente_events"), ("trilateral", "trilateral_steps")):
        rows = data.load(name)
        for r in rows[rows["level"].notna()].itertuples():
            index.setdefault((key, r.date), (r.title, r.source_id))
    cases = data.load("analogy_cases")
    for r in cases[cases["level"].notna()].itertuples():
        index.setdefault((r.case, r.date), (r.title, r.source_id))
    return index


def _labels(cases: pd.DataFrame) -> dict[str, str]:
    """Line labels; a dissolved case says so in its label (e.g. 'SEATO (dissolved 1977)')."""
    labels = {**analogy.COALITIONS, **analogy.CASES}
    for case in analogy.CASES:
        end = cases[(cases["case"] == case) & (cases["kind"] == "end")]
        if len(end):
            labels[case] = f"{analogy.CASES[case]} (dissolved {str(end['date'].iloc[0])[:4]})"
    return labels


class ComparisonExplorer(Explorer):
    """The Entente and the trilateral (and, if chosen, another coalition) on one ladder and one
    clock: x = years since each one's first agreement."""

    def __init__(
        self,
        measure: str = "three_way",
        entente_start: int = 1904,
        trilateral_start: int = 1999,
        case: str = analogy.NO_CASE,
    ):
        steps = {
            "entente": ladder.steps(data.load("entente_events"), ladder.ENTENTE_PAIRS + [ladder.SHARED]),
            "trilateral": ladder.steps(
                data.load("trilateral_steps"), ladder.TRILATERAL_PAIRS + [ladder.SHARED]
            ),
        }
        self.cases = data.load("analogy_cases")
        self.labels = _labels(self.cases)
        self.frame = analogy.with_cases(
            analogy.comparison(steps, {"entente": ENTENTE_END, "trilateral": TRILATERAL_END}), self.cases
        )
        self.measure = widgets.ToggleButtons(
            options=[(label, key) for key, label in analogy.MEASURES.items()],
            value=measure,
            description="Compare",
        )
        self.starts = {
            key: widgets.Dropdown(
                options=[(f"{y} · {what}", y) for y, (_, what) in analogy.STARTS[key].items()],
                value=value,
                description=f"{analogy.COALITIONS[key]} from",
                style={"description_width": "initial"},
                layout={"width": "420px", "max_width": "100%"},
            )
            for key, value in (("entente", entente_start), ("trilateral", trilateral_start))
        }
        self.case = widgets.Dropdown(
            options=[("No other coalition", analogy.NO_CASE)]
            + [(title, key) for key, title in analogy.CASE_TITLES.items()],
            value=case,
            description="Also show",
            style={"description_width": "initial"},
            layout={"width": "520px", "max_width": "100%"},
        )
        self.chart = interactive(self._chart())
        self.table = widgets.HTML()
        self.measure.observe(self._update, names="value")
        for box in [*self.starts.values(), self.case]:
            box.observe(self._update, names="value")
        super().__init__(
            [
                self.measure,
                widgets.HBox([*self.starts.values(), self.case], layout={"flex_flow": "row wrap"}),
                self.chart,
                self.table,
            ]
        )
        self.add_class("course-explorer")
        self._update()

    WHERE = (
        "datum.measure == measure && ("
        "(datum.key == 'entente' && datum.start == entente_start) || "
        "(datum.key == 'trilateral' && datum.start == trilateral_start) || "
        "datum.key == other)"
    )

    def _points(self) -> pd.DataFrame:
        index = _step_index()
        points = self.frame[self.frame["vertex"] & (self.frame["date"] != "")].copy()
        found = [index.get((k, d), ("", "")) for k, d in zip(points["key"], points["date"], strict=False)]
        points["title"] = [
            f[0] or ladder.level_name(lvl) for f, lvl in zip(found, points["level"], strict=False)
        ]
        points["source_id"] = [f[1] for f in found]
        points["source"] = [cite(f[1]) if f[1] else "—" for f in found]
        when = [day(d) for d in points["date"]]
        years = [f"{x:.1f} years in" for x in points["x"]]
        points["date"] = [f"{d} ({y})" for d, y in zip(when, years, strict=False)]
        # Years first, so a screen reader hears the comparison before the calendar.
        points["aria"] = [
            f"{self.labels[k]}, {y}: level {lvl} ({ladder.level_name(lvl)}), {d}"
            for k, y, lvl, d in zip(points["key"], years, points["level"], when, strict=False)
        ]
        return points

    def _falls(self) -> pd.DataFrame:
        """Each fall to 0 with its cause, from the coalition-wide level-0 row of that date."""
        rows = analogy.falls(self.frame)
        causes = {}
        for r in data.load("entente_events").itertuples():
            if not pd.isna(r.level) and int(r.level) == 0 and r.pair == ladder.SHARED:
                causes[r.date] = str(r.title)
        return rows.assign(caption=[fall_caption(causes.get(d, "The tie lapses"), d) for d in rows["date"]])

    def _chart(self) -> alt.LayerChart:
        params = [
            alt.param(name="measure", value=self.measure.value),
            alt.param(name="entente_start", value=self.starts["entente"].value),
            alt.param(name="trilateral_start", value=self.starts["trilateral"].value),
            alt.param(name="other", value=self.case.value),
        ]
        return clock_chart(
            self.frame,
            look=SlottedLook(
                KEYS,
                self.labels,
                {k: palette.colour("coalition", k) for k in KEYS},
                slots={"entente": -1, "trilateral": 0, **dict.fromkeys(analogy.CASES, 1)},
                keyed=False,  # two or three lines, each named at its end: a key would list hidden cases
            ),
            axes=LadderAxes("Years since first agreement", ladder.short_names()),
            title="Coalitions on one clock",
            subtitle=[
                "Level reached, counted from each coalition's chosen first agreement.",
                "Each coalition has its own colour, dash and end label; circles mark steps, a cross a fall to 0.",
            ],
            description=(
                "Step chart comparing the Triple Entente and the US–Japan–South Korea trilateral, and "
                f"optionally another coalition, on the module's 0 to {ladder.TOP} ladder of commitment, "
                "against years since each coalition's chosen first agreement. Where a line falls to 0 "
                "the chart names the cause. The table below gives, in text, how many years each took "
                "to reach each level and on what date."
            ),
            points=self._points(),
            falls=self._falls(),
            params=params,
            where=self.WHERE,
            height=320,
        )

    def current(self) -> dict[str, int]:
        """The start year of each line shown (the case, if any, starts at its first agreement)."""
        out = {key: box.value for key, box in self.starts.items()}
        if self.case.value != analogy.NO_CASE:
            out[self.case.value] = analogy.case_start_year(self.cases, self.case.value)
        return out

    def time_to_levels(self) -> pd.DataFrame:
        """Years from each start to each level (with the step's date), for the lines shown."""
        current = self.current()
        table = analogy.time_to_levels(self.frame, self.measure.value, current)
        return analogy.reached_in_one_step(table, list(current))

    def _update(self, _change: dict | None = None) -> None:
        self.chart.params.measure = self.measure.value
        self.chart.params.entente_start = self.starts["entente"].value
        self.chart.params.trilateral_start = self.starts["trilateral"].value
        self.chart.params.other = self.case.value
        starts = self.current()
        table = self.time_to_levels()
        header = ["Level", "Rung"] + [f"{self.labels[k]}, from {y}" for k, y in starts.items()]
        self.table.value = html_table(
            header,
            [
                [r["level"], r["name"]] + [reached(r[k], r[f"{k}_date"], r[f"{k}_with"]) for k in starts]
                for _, r in table.iterrows()
            ],
            caption=(
                f"When each rung was first reached: {analogy.MEASURES[self.measure.value].lower()}; "
                "levels reached by one step share its date"
            ),
        )

    def describe(self) -> str:
        starts = self.current()
        table = self.time_to_levels()
        parts = []
        for key in starts:
            hit = table[table[key].notna()]
            top = hit.iloc[-1] if len(hit) else None
            parts.append(
                f"{self.labels[key]} from {starts[key]}: "
                + (
                    "no rung reached"
                    if top is None
                    else f"highest level {top['level']} ({top['name']}) after {top[key]:.1f} years"
                )
            )
        return f"{analogy.MEASURES[self.measure.value]}. " + "; ".join(parts) + "."


class AnalogyLab(Explorer):
    """Each dimension's evidence for and against, the student's rating and reasons, and a summary chart."""

    def __init__(self):
        self.dimensions = data.load("analogy_dimensions")
        self.names = list(self.dimensions["dimension"])
        self.rating = {
            d: widgets.ToggleButtons(
                options=analogy.OPTIONS,
                value=analogy.NOT_RATED,
                description="Your rating",
                style={"button_width": "112px"},
            )
            for d in self.names
        }
        self.reason = {
            d: widgets.Textarea(
                value="",
                description="Why?",
                placeholder=("One or two sentences: which evidence weighs most, and why?"),
                layout={"width": "100%", "max_width": "620px", "height": "64px"},
            )
            for d in self.names
        }
        panels = [
            widgets.VBox(
                [widgets.HTML(self._evidence(r)), self.rating[r.dimension], self.reason[r.dimension]]
            )
            for r in self.dimensions.itertuples()
        ]
        self.accordion = widgets.Accordion(
            children=panels, titles=tuple(f"{i + 1}. {d}" for i, d in enumerate(self.names)), selected_index=0
        )
        self.chart = interactive(ratings_chart(self.names, [None] * len(self.names)))
        self.verdict = widgets.HTML()
        self.table = widgets.HTML()
        for d in self.names:  # ratings and reasons are saved with the student's work
            self.until_closed(journal.bind(self.rating[d], LESSON, f"rating/{d}", f"Your rating: {d}").close)
            self.until_closed(journal.bind(self.reason[d], LESSON, f"reason/{d}", f"Your reason: {d}").close)
            self.reason[d].add_class("course-rating-reason")
            self.rating[d].observe(self._update, names="value")
            self.reason[d].observe(self._update, names="value")
        super().__init__([self.accordion, self.chart, self.verdict, self.table])
        self.add_class("course-explorer")
        self._update()

    @staticmethod
    def _evidence(r) -> str:
        note = (
            f"<p><em>Note on sources:</em> {esc(readable_notes(r.note))}</p>"
            if isinstance(r.note, str) and r.note
            else ""
        )
        return (
            f"<dl class='course-evidence'>"
            f"<dt>Then · Triple Entente</dt><dd>{esc(r.entente_then)}</dd>"
            f"<dt>Now · US–Japan–South Korea</dt><dd>{esc(r.trilateral_now)}</dd>"
            f"<dt>Evidence that the analogy holds</dt><dd>{esc(r.evidence_for)} [{esc(readable_notes(r.source_id))}]</dd>"
            f"<dt>Evidence that it fails</dt><dd>{esc(r.evidence_against)} "
            f"[{esc(readable_notes(r.evidence_against_source_id))}]</dd></dl>{note}"
        )

    def ratings(self) -> dict[str, int | None]:
        """The student's rating per dimension: −2 (fails) … +2 (holds), None if unrated."""
        return {d: analogy.score(self.rating[d].value) for d in self.names}

    def justifications(self) -> dict[str, str]:
        """The student's written reasons per dimension (as typed; empty if none)."""
        return {d: self.reason[d].value for d in self.names}

    def summary(self) -> pd.DataFrame:
        return analogy.summary(self.names, self.ratings())

    def _update(self, _change: dict | None = None) -> None:
        ratings = self.ratings()
        self.chart.params.scores = [ratings[d] for d in self.names]
        table = self.summary()
        self.verdict.value = f"<p role='status'><strong>{esc(analogy.verdict(table))}</strong></p>"
        reasons = self.justifications()
        if not table["rated"].any() and not any(v.strip() for v in reasons.values()):
            self.table.value = notice(
                "Nothing rated or written yet: open a dimension above, choose a rating and say why."
            )
            return
        self.table.value = html_table(
            ["Dimension", "Your rating", "Your reason"],
            [(r.dimension, r.label, reasons[r.dimension].strip() or "—") for r in table.itertuples()],
            caption="Your ratings and reasons (saved with your work)",
        )

    def describe(self) -> str:
        return "Analogy lab. " + analogy.verdict(self.summary())


class CounterArguments(Explorer):
    """The strongest counter-arguments to the 'modern entente' framing, filtered by perspective."""

    PERSPECTIVES = {
        "historiography": "Historians",
        "theory": "Theory",
        "policy": "Policy analysts",
        "beijing": "Beijing",
        "moscow": "Moscow",
        "pyongyang": "Pyongyang",
    }

    def __init__(self):
        self.rows = data.load("counterarguments")
        present = [p for p in self.PERSPECTIVES if p in set(self.rows["perspective"])]
        self.perspective = widgets.ToggleButtons(
            options=[("All", "all")] + [(self.PERSPECTIVES[p], p) for p in present],
            value="all",
            description="Perspective",
        )
        self.table = widgets.HTML()
        self.perspective.observe(self._update, names="value")
        super().__init__([self.perspective, self.table])
        self.add_class("course-explorer")
        self._update()

    def selected(self) -> pd.DataFrame:
        if self.perspective.value == "all":
            return self.rows
        return self.rows[self.rows["perspective"] == self.perspective.value]

    # The argument is the column students read: it gets half the width, the claim a fifth.
    WIDTHS = ("22%", "50%", "12%", "16%")

    def _update(self, _change: dict | None = None) -> None:
        rows = self.selected()
        if rows.empty:
            self.table.value = notice("No counter-argument from this perspective in the data.")
            return
        table = html_table(
            ["Claim", "Argument", "Perspective", "Source"],
            [
                (r.claim, r.argument, self.PERSPECTIVES.get(r.perspective, r.perspective), r.source_id)
                for r in rows.itertuples()
            ],
            caption=f"{len(rows)} counter-argument(s)",
        )
        cols = "".join(f'<col style="width:{w}">' for w in self.WIDTHS)
        self.table.value = table.replace("</caption>", f"</caption><colgroup>{cols}</colgroup>", 1).replace(
            '<table class="course-table">',
            '<table class="course-table" style="width:100%;min-width:36em">',
            1,
        )

    def describe(self) -> str:
        rows = self.selected()
        label = (
            "all perspectives"
            if self.perspective.value == "all"
            else self.PERSPECTIVES[self.perspective.value]
        )
        return f"Counter-arguments, {label}: " + "; ".join(rows["claim"]) + "."


def comparison_explorer(
    measure: str = "three_way",
    entente_start: int = 1904,
    trilateral_start: int = 1999,
    case: str = analogy.NO_CASE,
) -> ComparisonExplorer:
    """Lesson 04: the two coalitions (and, if chosen, another) on one ladder and one clock."""
    return ComparisonExplorer(measure, entente_start, trilateral_start, case)


def analogy_lab() -> AnalogyLab:
    """Lesson 04: rate each dimension of the analogy and see the summary."""
    return AnalogyLab()


def counterarguments() -> CounterArguments:
    """Lesson 04: the counter-arguments table with a perspective filter."""
    return CounterArguments()
