"""Lesson 05 explorer: military spending by country and by bloc, from SIPRI's figures."""

from __future__ import annotations

import altair as alt
import ipywidgets as widgets
import pandas as pd

from course.charts import series as series_charts
from course.charts import tracker
from course.charts.display import interactive
from course.core import palette
from course.material import data
from course.material.citations import bibliography
from course.model import capabilities as cap
from course.widgets.base import Explorer, esc, html_table, notice

MEASURE_BUTTONS = {"Constant 2023 US$": "constant_usd", "Share of GDP": "share_gdp"}
FIRST, LAST = 2000, 2024
# Every combination of optional adversaries, as the key the bloc chart filters on.
VARIANTS = [(), ("IND",), ("IRN",), ("IND", "IRN")]
SIPRI = bibliography().get("sipri_milex_2025", ("SIPRI",))[0]


def _variant_key(extra) -> str:
    return "+".join(extra) or "core"


def _fmt(value: float, measure: str) -> str:
    return f"{value:,.1f}" if measure == "constant_usd" else f"{value:.2f}%"


class SpendingExplorer(Explorer):
    """Checkboxes for countries, a measure toggle and a year range; two charts and tables.

    Year range and ticked countries are Vega params (a browser-side re-filter). Switching
    the measure swaps the country chart's spec, because its y-axis title and unit change.
    """

    def __init__(
        self,
        countries=("USA", "JPN", "KOR", "CHN", "RUS"),
        measure: str = "constant_usd",
        years: tuple[int, int] = (FIRST, LAST),
    ):
        self.milex = data.load("milex")
        self.boxes = {
            iso: widgets.Checkbox(
                value=iso in countries, description=cap.NAMES[iso], indent=False, layout={"width": "auto"}
            )
            for iso in cap.COUNTRIES
        }
        for iso, box in self.boxes.items():
            box.add_class(f"course-country-{iso.lower()}")
        self.measure = widgets.ToggleButtons(
            options=list(MEASURE_BUTTONS),
            description="Measure",
            value=next(k for k, v in MEASURE_BUTTONS.items() if v == measure),
            tooltips=[
                "SIPRI figures in US$ at 2023 prices and exchange rates",
                "Military spending as a percentage of each country's GDP",
            ],
        )
        first, last = max(FIRST, years[0]), min(LAST, years[1])
        self.years = widgets.IntRangeSlider(
            value=(first, last),
            min=FIRST,
            max=LAST,
            step=1,
            description="Years",
            continuous_update=False,
            layout={"width": "100%", "max_width": "480px"},
        )
        self.country_chart = interactive(self._country_chart(self.measure_key))
        self.country_note = widgets.HTML()
        self.bloc_chart = interactive(self._bloc_chart())
        self.bloc_note = widgets.HTML()
        self.table = widgets.HTML()
        for box in self.boxes.values():
            box.observe(self._update, names="value")
        self.years.observe(self._update, names="value")
        self.measure.observe(self._on_measure, names="value")
        ticks = widgets.HBox(list(self.boxes.values()), layout={"flex_flow": "row wrap"})
        heading = widgets.HTML(
            "<strong>Countries</strong> (India and Iran also join the "
            "China–Russia side of the bloc chart when ticked)"
        )
        super().__init__(
            [
                heading,
                ticks,
                self.measure,
                self.years,
                self.country_chart,
                self.country_note,
                self.bloc_chart,
                self.bloc_note,
                self.table,
            ]
        )
        self.add_class("course-explorer")
        self._update()

    # ------------------------------------------------------------------ state
    @property
    def measure_key(self) -> str:
        return MEASURE_BUTTONS[self.measure.value]

    def ticked(self) -> list[str]:
        return [iso for iso, box in self.boxes.items() if box.value]

    def extra_adversaries(self) -> list[str]:
        return [iso for iso in cap.OPTIONAL_ADVERSARIES if self.boxes[iso].value]

    def shown(self) -> pd.DataFrame:
        """The country figures the chart shows now (display units)."""
        return cap.select(cap.per_country(self.milex, self.measure_key), self.ticked(), self.years.value)

    def blocs(self) -> tuple[pd.DataFrame, dict]:
        """Bloc totals for the year range (constant US$ only; empty for shares)."""
        if self.measure_key not in cap.SUMMABLE:
            return pd.DataFrame(columns=["bloc", "label", "year", "value", "members"]), {}
        return cap.bloc_totals(
            cap.per_country(self.milex, "constant_usd"),
            "constant_usd",
            self.years.value,
            self.extra_adversaries(),
        )

    # ------------------------------------------------------------------ charts
    def _country_chart(self, measure: str) -> alt.LayerChart:
        frame = cap.per_country(self.milex, measure)
        unit = cap.UNITS[measure]
        frame["aria"] = [
            f"{r.country}, {r.year}: {_fmt(r.value, measure)}"
            f"{'' if measure == 'share_gdp' else ' bn'}"
            f"{' (SIPRI estimate)' if r.estimate else ''}"
            for r in frame.itertuples()
        ]
        frame["label"] = frame["country"]
        y_title = (
            "Military spending, constant 2023 US$ billion"
            if measure == "constant_usd"
            else "Military spending, % of GDP"
        )
        return series_charts.line_series(
            frame,
            look=series_charts.SeriesLook(
                "label",
                "Country",
                [cap.NAMES[i] for i in cap.COUNTRIES],
                [palette.colour("country", i) for i in cap.COUNTRIES],
            ),
            x=series_charts.year_x("year", "Year"),
            y=series_charts.value_y("value", y_title),
            title=f"Military spending by country, {cap.MEASURES[measure]}",
            subtitle="SIPRI Military Expenditure Database 2025; China and Russia are SIPRI estimates",
            description=(
                f"Line chart of military spending in {unit} per year for the ticked "
                "countries; each point is labelled with country, year and value. "
                "The table below the charts gives the same numbers."
            ),
            tooltip=[alt.Tooltip("aria:N", title="Figure")],
            params=[
                alt.param(name=name, value=value)
                for name, value in cap.filter_values(self.ticked(), self.years.value).items()
            ],
            where=cap.COUNTRY_FILTER.vega(),
        )

    def _bloc_chart(self) -> alt.LayerChart:
        base = cap.per_country(self.milex, "constant_usd")
        frames = []
        for extra in VARIANTS:
            totals, _ = cap.bloc_totals(base, "constant_usd", (FIRST, LAST), extra)
            frames.append(totals.assign(variant=_variant_key(extra)))
        frame = pd.concat(frames, ignore_index=True)
        names = {"trilateral": "US + Japan + South Korea", "china_russia": "China + Russia (+ ticked)"}
        frame["side"] = frame["bloc"].map(names)
        frame["aria"] = [f"{r.label}, {r.year}: {r.value:,.1f} bn" for r in frame.itertuples()]
        first, last = self.years.value
        return series_charts.line_series(
            frame,
            look=series_charts.SeriesLook(
                "side",
                "Bloc",
                list(names.values()),
                [palette.colour("bloc", "trilateral"), palette.colour("bloc", "china_russia")],
            ),
            x=series_charts.year_x("year", "Year"),
            y=series_charts.value_y("value", "Combined spending, constant 2023 US$ bn"),
            title="Bloc totals: the trilateral against China and Russia",
            subtitle="Sums of SIPRI figures; tick India or Iran to add them to the China–Russia side",
            description=(
                "Line chart of combined military spending per year, one line for the US, "
                "Japan and South Korea together and one for China and Russia plus any "
                "ticked extra states. The table below gives the totals and their ratio."
            ),
            tooltip=[alt.Tooltip("aria:N", title="Total"), alt.Tooltip("members:N", title="Members")],
            params=[
                alt.param(name="variant", value=_variant_key(self.extra_adversaries())),
                alt.param(name="show", value=1),
                alt.param(name="y0", value=first),
                alt.param(name="y1", value=last),
            ],
            where="show == 1 && datum.variant == variant && datum.year >= y0 && datum.year <= y1",
            height=240,
        )

    # ------------------------------------------------------------------ updates
    def _on_measure(self, _change: dict) -> None:
        # The y-axis title and unit change with the measure, so the spec is swapped here;
        # every other control only sets params.
        self.country_chart.chart = self._country_chart(self.measure_key)
        self._update()

    def _update(self, _change: dict | None = None) -> None:
        first, last = self.years.value
        measure = self.measure_key
        ticked = self.ticked()
        for name, value in cap.filter_values(ticked, (first, last)).items():
            setattr(self.country_chart.params, name, value)
        self.bloc_chart.params.y0, self.bloc_chart.params.y1 = first, last
        self.bloc_chart.params.variant = _variant_key(self.extra_adversaries())
        self.bloc_chart.params.show = 1 if measure in cap.SUMMABLE else 0

        rows = self.shown()
        if not ticked:
            self.country_note.value = notice(cap.NO_COUNTRY)
        else:
            gaps = cap.missing_years(cap.per_country(self.milex, measure), ticked, (first, last))
            self.country_note.value = notice(cap.gap_sentence(gaps)) if gaps else ""

        totals, bloc_gaps = self.blocs()
        if measure not in cap.SUMMABLE:
            self.bloc_note.value = notice(cap.NO_SUM_FOR_SHARES)
        else:
            text = self._ratio_sentence(totals)
            if bloc_gaps:
                text += " " + cap.gap_sentence(bloc_gaps)
            self.bloc_note.value = f'<p class="course-ratio">{esc(text)}</p>'
        self.table.value = self._tables(rows, totals)

    def _ratio_sentence(self, totals: pd.DataFrame) -> str:
        ratios = cap.ratio(totals)
        if ratios.empty:
            return "No year in this range has figures for every member of both blocs."
        last = ratios.iloc[-1]
        other = totals[(totals["bloc"] == "china_russia") & (totals["year"] == last["year"])]["label"].iloc[0]
        return (
            f"In {int(last['year'])} the US, Japan and South Korea together spent "
            f"{last['ratio']:.1f} times as much as {other} (constant 2023 US$)."
        )

    def _tables(self, rows: pd.DataFrame, totals: pd.DataFrame) -> str:
        measure = self.measure_key
        parts = []
        if not rows.empty:
            wide = rows.pivot(index="year", columns="iso3", values="value")
            cols = [iso for iso in cap.COUNTRIES if iso in wide.columns]
            body = [
                [y] + [("—" if pd.isna(wide.at[y, iso]) else _fmt(wide.at[y, iso], measure)) for iso in cols]
                for y in wide.index
            ]
            unit = "constant 2023 US$ billion" if measure == "constant_usd" else "% of GDP"
            parts.append(
                html_table(
                    ["Year"] + [cap.NAMES[i] for i in cols],
                    body,
                    caption=f"Military spending by country, {unit} (source: {SIPRI}; — = no figure)",
                )
            )
        if not totals.empty:
            wide = totals.pivot(index="year", columns="bloc", values="value")
            ratios = cap.ratio(totals).set_index("year")["ratio"]
            label = totals[totals["bloc"] == "china_russia"]["label"].iloc[0]
            body = [
                [
                    y,
                    f"{wide.at[y, 'trilateral']:,.1f}",
                    f"{wide.at[y, 'china_russia']:,.1f}",
                    f"{ratios[y]:.2f}",
                ]
                for y in wide.index
            ]
            parts.append(
                html_table(
                    ["Year", "US + Japan + South Korea", label, "Ratio"],
                    body,
                    caption="Bloc totals, constant 2023 US$ billion, and the "
                    "trilateral's spending divided by the other side's",
                )
            )
        return "".join(parts)

    # ------------------------------------------------------------------ text form
    def describe(self) -> str:
        first, last = self.years.value
        measure = self.measure_key
        ticked = self.ticked()
        if not ticked:
            head = cap.NO_COUNTRY
        else:
            rows = self.shown()
            latest = rows[rows["year"] == rows["year"].max()]
            figures = "; ".join(f"{r.country} {_fmt(r.value, measure)}" for r in latest.itertuples())
            head = (
                f"Military spending, {cap.MEASURES[measure]}, {first}-{last}, for "
                f"{', '.join(cap.NAMES[i] for i in ticked)}. In {int(rows['year'].max())}: "
                f"{figures}{' bn' if measure == 'constant_usd' else ''}."
            )
        if measure not in cap.SUMMABLE:
            return head + " Bloc totals: not shown for shares of GDP."
        totals, _ = self.blocs()
        return head + " " + self._ratio_sentence(totals)


class CountsExplorer(Explorer):
    """Fleets, aircraft and missile defences counted beyond money: one item at a time, with
    sums per side only where one source and one counting rule cover every figure."""

    def __init__(self, item: str = "Fighter aircraft"):
        caps = data.load("capabilities")
        self.capabilities = caps
        items = cap.comparable_items(caps)
        self.item = widgets.Dropdown(
            options=items,
            value=item if item in items else items[0],
            description="Count",
            layout={"width": "100%", "max_width": "420px"},
        )
        shown = cap.FIVE + ["PRK"]  # North Korea appears where a source counts it
        names = [cap.NAMES[iso] for iso in shown]
        counts = caps[caps["item"].isin(items)].assign(
            country_name=caps["iso3"].map(cap.NAMES), count=caps["value"]
        )
        self.chart = interactive(
            tracker.count_bars(
                counts[["item", "country_name", "count"]],
                category="country_name",
                order=names,
                colour=alt.Scale(domain=names, range=[palette.colour("country", i) for i in shown]),
                title="Counting beyond money: the trilateral and China–Russia",
                subtitle="One item at a time; a country with no bar has no figure on this rule",
                description=(
                    "Horizontal bar chart of the chosen count (for example fighter aircraft) "
                    "for the United States, Japan, South Korea, China, Russia and North Korea; each bar is "
                    "labelled with its number. The sentence above and the table below say "
                    "which source and counting rule each figure uses."
                ),
                category_title="Country",
                count_title="Count (aircraft or ships, as chosen)",
                noun="",
                # "item" is a reserved word in Vega expressions: the param needs another name.
                params=[alt.param(name="chosen_item", value=self.item.value)],
                where="datum.item == chosen_item",
            )
        )
        self.sentence = widgets.HTML()
        self.table = widgets.HTML()
        self.item.observe(self._update, names="value")
        super().__init__([self.item, self.sentence, self.chart, self.table])
        self.add_class("course-explorer")
        self._update()

    def rows(self) -> pd.DataFrame:
        return cap.item_rows(self.capabilities, self.item.value)

    def _update(self, _change: dict | None = None) -> None:
        self.chart.params.chosen_item = self.item.value
        rows = self.rows()
        self.sentence.value = f'<p class="course-ratio">{esc(cap.comparison_sentence(rows))}</p>'
        self.table.value = html_table(
            ["Country", "Figure", "Unit", "As of", "What is counted", "Source"],
            [
                (r.country, f"{r.value:,.0f}", r.unit, r.as_of, r.counting_rule, r.source_id)
                for r in rows.itertuples()
            ],
            caption=f"{self.item.value}: every figure with its counting rule and source",
        )

    def describe(self) -> str:
        rows = self.rows()
        figures = "; ".join(f"{r.country} {r.value:,.0f}" for r in rows.itertuples())
        return f"{figures}. {cap.comparison_sentence(rows)}"


def counts_explorer(item: str = "Fighter aircraft") -> CountsExplorer:
    """The lesson 05 explorer of counts beyond money (aircraft, ships, missile defence)."""
    return CountsExplorer(item)


def spending_explorer(
    countries=("USA", "JPN", "KOR", "CHN", "RUS"),
    measure: str = "constant_usd",
    years: tuple[int, int] = (FIRST, LAST),
) -> SpendingExplorer:
    """The lesson 05 spending explorer."""
    return SpendingExplorer(countries, measure, years)
