"""Lesson 03 explorer: the Triple Entente climbing (and falling off) the institutionalisation ladder."""

from __future__ import annotations

import altair as alt
import ipywidgets as widgets
import pandas as pd

from course.charts.display import interactive
from course.charts.ladder import LadderAxes, LineLook, ladder_chart
from course.core import palette
from course.material import data
from course.model import ladder
from course.widgets.base import Explorer, html_table, notice

FIRST_YEAR, LAST_YEAR = 1887, 1918  # from the war scare of 1887 to Foch's command
SERIES = ladder.ENTENTE_PAIRS + [ladder.SHARED]
CRISIS_WINDOW = 2.0  # years before a step in which a crisis counts as "just before"
# The window is a choice, not a fact: a student can widen or narrow it and see how much the
# "crises drove each step" test depends on it (more crises in the table, or a wider window,
# make a match more likely whether or not the crisis caused the step).
WINDOWS = {1.0: "one year", 2.0: "two years", 5.0: "five years"}
KIND_LABELS = {"agreement": "Agreement", "crisis": "Crisis", "war": "War", "institution": "Institution"}


def _step_points(steps: pd.DataFrame) -> pd.DataFrame:
    moved = steps[steps["change"] != 0]
    verb = moved["change"].map(lambda c: "up to" if c > 0 else "down to")
    aria = (
        moved["date"]
        + " "
        + moved["series"].map(ladder.pair_label)
        + " "
        + verb
        + " level "
        + moved["level"].astype(str)
        + " ("
        + moved["level"].map(ladder.level_name)
        + "): "
        + moved["title"]
    )
    return pd.DataFrame(
        {
            "key": moved["series"],
            "x": moved["t"],
            "level": moved["level"],
            "date": moved["date"],
            "title": moved["title"],
            "source_id": moved["source_id"],
            "aria": aria,
        }
    )


def entente_chart(steps: pd.DataFrame, crises: pd.DataFrame, year: int) -> alt.LayerChart:
    """The Entente's pairs on the ladder, FIRST_YEAR-LAST_YEAR, with crises and a rule at the end of `year`."""
    params = [alt.param(name="year", value=year), alt.param(name="year_end", value=ladder.end_of_year(year))]
    end = ladder.end_of_year(LAST_YEAR)
    lines = ladder.line(steps, SERIES, FIRST_YEAR, end).rename(columns={"series": "key", "t": "x"})
    return ladder_chart(
        lines,
        look=LineLook(
            SERIES, {k: ladder.pair_label(k) for k in SERIES}, {k: palette.colour("pair", k) for k in SERIES}
        ),
        axes=LadderAxes("Year", ladder.short_names(), x_domain=[FIRST_YEAR, end]),
        title=f"The Triple Entente on the ladder of commitment, {FIRST_YEAR}–{LAST_YEAR}",
        subtitle=[
            "Circles: a step up or down (hover for the source). Triangles: crises, numbered and named below.",
            "Each pair has its own colour, dash and end label; the black rule marks the chosen year's end.",
        ],
        description=(
            "Step chart of how far each pair of the Triple Entente had committed itself, "
            f"from {FIRST_YEAR} to {LAST_YEAR}, on the module's 0 to {ladder.TOP} ladder: UK–France, UK–Russia, "
            "France–Russia and all three together, one line each. Crises are marked as "
            "triangles above the lines. The table below the chart gives each pair's level "
            "in the chosen year in text."
        ),
        points=_step_points(steps),
        crises=crises.assign(x=crises["t"])[["x", "label", "date", "title", "source_id"]],
        rule=("year_end", "'End of ' + year"),
        params=params,
        height=380,
    )


class EntenteLadderExplorer(Explorer):
    """A year slider; the chart's rule and a table say where each pair stood at that year's end."""

    def __init__(self, year: int = 1912):
        events = data.load("entente_events")
        self.all_events = events
        self.steps = ladder.steps(events, SERIES)
        self.crisis_rows = ladder.crises(events)
        year = min(max(int(year), FIRST_YEAR), LAST_YEAR)
        self.slider = widgets.IntSlider(
            value=year,
            min=FIRST_YEAR,
            max=LAST_YEAR,
            description="Year",
            continuous_update=True,
            layout={"width": "480px"},
        )
        self.show_links = widgets.Checkbox(
            value=False,
            indent=False,
            description="Show each step up beside the crisis before it",
            layout={"width": "auto"},
        )
        self.window = widgets.Dropdown(
            options=[(f"{words} before the step", years) for years, words in WINDOWS.items()],
            value=CRISIS_WINDOW,
            description="A crisis counts if",
            style={"description_width": "initial"},
            layout={"width": "auto"},
        )
        self.chart = interactive(entente_chart(self.steps, self.crisis_rows, year))
        self.table = widgets.HTML()
        self.happened = widgets.HTML()
        self.link_table = widgets.HTML()
        self.slider.observe(self._update, names="value")
        self.show_links.observe(self._update, names="value")
        self.window.observe(self._update, names="value")
        super().__init__(
            [
                self.slider,
                self.chart,
                self.table,
                self.happened,
                self.show_links,
                self.window,
                self.link_table,
            ]
        )
        self.add_class("course-explorer")
        self._update()

    @property
    def year(self) -> int:
        return self.slider.value

    def standing(self) -> pd.DataFrame:
        """Each pair's level at the end of the chosen year, and the step that set it."""
        return ladder.standing(self.steps, SERIES, ladder.end_of_year(self.year))

    def events_in_year(self) -> pd.DataFrame:
        rows = self.all_events[self.all_events["date"].str[:4] == str(self.year)]
        return rows.sort_values("date", kind="stable")

    def crisis_links(self) -> pd.DataFrame:
        """Every step up, with the latest crisis in the chosen window before it (if any)."""
        return ladder.preceding_crisis(self.steps, self.crisis_rows, self.window.value)

    def _within(self) -> str:
        return WINDOWS[self.window.value]

    def _update(self, _change: dict | None = None) -> None:
        self.chart.params.year = self.year
        self.chart.params.year_end = ladder.end_of_year(self.year)
        now = self.standing()
        self.table.value = html_table(
            ["Pair", "Level", "Since", "Step that set it", "Source"],
            [
                (
                    r.label,
                    f"{r.level} · {r.name}",
                    r.since or "—",
                    r.step or "no agreement yet",
                    r.source_id or "—",
                )
                for r in now.itertuples()
            ],
            caption=f"Where each pair stood at the end of {self.year}",
        )
        rows = self.events_in_year()
        if rows.empty:
            self.happened.value = notice(f"Nothing in the events table happened in {self.year}.")
        else:
            self.happened.value = html_table(
                ["Date", "Pair", "Kind", "Event", "Level", "Source"],
                [
                    (
                        r.date,
                        ladder.pair_label(r.pair) if r.pair != "DE" else "Germany / crisis",
                        KIND_LABELS[r.kind],
                        r.title,
                        "—" if pd.isna(r.level) else int(r.level),
                        r.source_id,
                    )
                    for r in rows.itertuples()
                ],
                caption=f"What happened in {self.year}",
            )
        if self.show_links.value:
            links = self.crisis_links()
            self.link_table.value = html_table(
                [
                    "Pair",
                    "Step date",
                    "Step",
                    "Level",
                    f"Crisis in the {self._within()} before",
                    "Crisis date",
                    "Years between",
                ],
                [
                    (
                        ladder.pair_label(r.series),
                        r.date,
                        r.title,
                        f"{r.previous} → {r.level}",
                        r.crisis or "none in the table",
                        r.crisis_date or "—",
                        "—" if pd.isna(r.gap) else f"{r.gap:.1f}",
                    )
                    for r in links.itertuples()
                ],
                caption=f"{len(links)} steps up the ladder; {int((links['crisis'] != '').sum())} "
                f"came within {self._within()} of a crisis",
            )
        else:
            self.link_table.value = ""

    def describe(self) -> str:
        parts = [f"{r.label} at level {r.level} ({r.name})" for r in self.standing().itertuples()]
        text = f"At the end of {self.year}: " + "; ".join(parts) + "."
        rows = self.events_in_year()
        if len(rows):
            text += f" In {self.year}: " + "; ".join(f"{r.date} {r.title}" for r in rows.itertuples()) + "."
        if self.show_links.value:
            links = self.crisis_links()
            text += (
                f" {int((links['crisis'] != '').sum())} of {len(links)} steps up came within "
                f"{self._within()} of a crisis."
            )
        return text


def ladder_explorer(year: int = 1912) -> EntenteLadderExplorer:
    """The lesson 03 ladder explorer."""
    return EntenteLadderExplorer(year)


def ladder_scale() -> StaticScale:
    """The ladder itself, as a table for the lesson page."""
    return StaticScale()


class StaticScale:
    """The ladder's scale (levels 0 to its top rung), shown as HTML and as text."""

    def __init__(self):
        self.frame = ladder.ladder()

    def __repr__(self) -> str:
        return "\n".join(
            f"{r.level} {r.name}: {r.definition} Example: {r.example}" for r in self.frame.itertuples()
        )

    def _repr_html_(self) -> str:
        return html_table(
            ["Level", "Name", "Definition", "Example"],
            self.frame[["level", "name", "definition", "example"]].itertuples(index=False),
            caption="The institutionalisation ladder used in lessons 03 and 04",
        )
