"""Lesson 04 explorers: two coalitions on one clock, a rating lab, and the counter-arguments."""

from __future__ import annotations

import altair as alt
import ipywidgets as widgets
import pandas as pd

from course import journal
from course.charts.display import interactive
from course.charts.ladder import LadderAxes, LineLook, ladder_chart
from course.charts.ratings import ratings_chart
from course.core import palette
from course.material import data
from course.model import analogy, ladder
from course.widgets.base import Explorer, esc, html_table, notice

LESSON = "04_analogy_lab"

ENTENTE_END = ladder.end_of_year(1918)
# The data are current to the datapackage's `created` date (late November of that year).
TRILATERAL_END = data.as_of_year() + 0.9


def _years(value: float | None) -> str:
    return "not reached" if value is None or pd.isna(value) else f"{value:.1f}"


class ComparisonExplorer(Explorer):
    """Entente and trilateral on the ladder, x = years since the chosen first agreement."""

    def __init__(self, measure: str = "three_way", entente_start: int = 1904, trilateral_start: int = 1999):
        steps = {
            "entente": ladder.steps(data.load("entente_events"), ladder.ENTENTE_PAIRS + [ladder.SHARED]),
            "trilateral": ladder.steps(
                data.load("trilateral_steps"), ladder.TRILATERAL_PAIRS + [ladder.SHARED]
            ),
        }
        self.frame = analogy.comparison(steps, {"entente": ENTENTE_END, "trilateral": TRILATERAL_END})
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
                layout={"width": "420px"},
            )
            for key, value in (("entente", entente_start), ("trilateral", trilateral_start))
        }
        self.chart = interactive(self._chart())
        self.table = widgets.HTML()
        self.measure.observe(self._update, names="value")
        for box in self.starts.values():
            box.observe(self._update, names="value")
        super().__init__(
            [
                self.measure,
                widgets.HBox(list(self.starts.values()), layout={"flex_flow": "row wrap"}),
                self.chart,
                self.table,
            ]
        )
        self.add_class("course-explorer")
        self._update()

    def _chart(self) -> alt.LayerChart:
        keys = list(analogy.COALITIONS)
        params = [
            alt.param(name="measure", value=self.measure.value),
            alt.param(name="entente_start", value=self.starts["entente"].value),
            alt.param(name="trilateral_start", value=self.starts["trilateral"].value),
        ]
        where = (
            "datum.measure == measure && datum.start == "
            "(datum.key == 'entente' ? entente_start : trilateral_start)"
        )
        points = self.frame[self.frame["vertex"]].assign(
            date=lambda f: f["x"].map(lambda x: f"{x:.1f} years in"),
            title=lambda f: f["level"].map(ladder.level_name),
            source_id="data tables (see Sources)",
        )
        points = points.assign(
            aria=points["key"].map(analogy.COALITIONS)
            + ", "
            + points["date"]
            + ": level "
            + points["level"].astype(str)
            + " ("
            + points["title"]
            + ")"
        )
        return ladder_chart(
            self.frame,
            look=LineLook(keys, analogy.COALITIONS, {k: palette.colour("bloc", k) for k in keys}),
            axes=LadderAxes("Years since first agreement", ladder.short_names(), width=540),
            title="Two coalitions on one clock",
            subtitle=[
                "Level reached, counted from each coalition's chosen first agreement.",
                "Each coalition has its own colour, dash and end label; circles mark steps.",
            ],
            description=(
                "Step chart comparing the Triple Entente and the US–Japan–South Korea "
                "trilateral on the module's 0 to 6 ladder of commitment, against years since "
                "each coalition's chosen first agreement. The table below gives, in text, "
                "how many years each took to reach each level."
            ),
            points=points,
            params=params,
            where=where,
            height=300,
        )

    def current(self) -> dict[str, int]:
        return {key: box.value for key, box in self.starts.items()}

    def time_to_levels(self) -> pd.DataFrame:
        """Years from each start to each level, for the chosen measure and starts."""
        return analogy.time_to_levels(self.frame, self.measure.value, self.current())

    def _update(self, _change: dict | None = None) -> None:
        self.chart.params.measure = self.measure.value
        self.chart.params.entente_start = self.starts["entente"].value
        self.chart.params.trilateral_start = self.starts["trilateral"].value
        starts = self.current()
        table = self.time_to_levels()
        self.table.value = html_table(
            [
                "Level",
                "Rung",
                f"Triple Entente (from {starts['entente']})",
                f"US–Japan–South Korea (from {starts['trilateral']})",
            ],
            [(r.level, r.name, _years(r.entente), _years(r.trilateral)) for r in table.itertuples()],
            caption=f"Years to reach each rung: {analogy.MEASURES[self.measure.value].lower()}",
        )

    def describe(self) -> str:
        starts = self.current()
        table = self.time_to_levels()
        parts = []
        for key in analogy.COALITIONS:
            reached = table[table[key].notna()]
            top = reached.iloc[-1] if len(reached) else None
            parts.append(
                f"{analogy.COALITIONS[key]} from {starts[key]}: "
                + (
                    "no rung reached"
                    if top is None
                    else f"highest level {top.level} ({top['name']}) after {top[key]:.1f} years"
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
                layout={"width": "620px", "height": "64px"},
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
            journal.bind(self.rating[d], LESSON, f"rating/{d}", f"Your rating: {d}")
            journal.bind(self.reason[d], LESSON, f"reason/{d}", f"Your reason: {d}")
            self.rating[d].observe(self._update, names="value")
            self.reason[d].observe(self._update, names="value")
        super().__init__([self.accordion, self.chart, self.verdict, self.table])
        self.add_class("course-explorer")
        self._update()

    @staticmethod
    def _evidence(r) -> str:
        note = f"<p><em>Note on sources:</em> {esc(r.note)}</p>" if isinstance(r.note, str) and r.note else ""
        return (
            f"<dl class='course-evidence'>"
            f"<dt>Then · Triple Entente</dt><dd>{esc(r.entente_then)}</dd>"
            f"<dt>Now · US–Japan–South Korea</dt><dd>{esc(r.trilateral_now)}</dd>"
            f"<dt>Evidence that the analogy holds</dt><dd>{esc(r.evidence_for)} [{esc(r.source_id)}]</dd>"
            f"<dt>Evidence that it fails</dt><dd>{esc(r.evidence_against)} "
            f"[{esc(r.evidence_against_source_id)}]</dd></dl>{note}"
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

    def _update(self, _change: dict | None = None) -> None:
        rows = self.selected()
        if rows.empty:
            self.table.value = notice("No counter-argument from this perspective in the data.")
            return
        self.table.value = html_table(
            ["Claim", "Argument", "Perspective", "Source", "Note"],
            [
                (
                    r.claim,
                    r.argument,
                    self.PERSPECTIVES.get(r.perspective, r.perspective),
                    r.source_id,
                    r.note if isinstance(r.note, str) else "",
                )
                for r in rows.itertuples()
            ],
            caption=f"{len(rows)} counter-argument(s)",
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
    measure: str = "three_way", entente_start: int = 1904, trilateral_start: int = 1999
) -> ComparisonExplorer:
    """Lesson 04: the two coalitions on one ladder and one clock."""
    return ComparisonExplorer(measure, entente_start, trilateral_start)


def analogy_lab() -> AnalogyLab:
    """Lesson 04: rate each dimension of the analogy and see the summary."""
    return AnalogyLab()


def counterarguments() -> CounterArguments:
    """Lesson 04: the counter-arguments table with a perspective filter."""
    return CounterArguments()
