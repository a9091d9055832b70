"""Counting power: filter SIPRI spending series, sum blocs, compare them. No widgets, no I/O.

Two rules run through this module:

* **Only money adds up.** Constant US$ can be summed across countries; shares of GDP
  cannot (a bloc's "share" would need the bloc's GDP, which nobody publishes), so
  `bloc_totals` refuses any measure but constant US$.
* **A gap is stated, never filled.** A year with no figure for a country is reported by
  `missing_years`; a bloc total for a year in which any member lacks a figure is left out
  (and listed), never counted as zero.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

from course.core import filters

COUNTRIES = ["USA", "JPN", "KOR", "CHN", "RUS", "IND", "IRN"]
NAMES = {
    "USA": "United States",
    "JPN": "Japan",
    "KOR": "South Korea",
    "CHN": "China",
    "RUS": "Russia",
    "IND": "India",
    "IRN": "Iran",
    "PRK": "North Korea",
}
TRILATERAL = ["USA", "JPN", "KOR"]
ADVERSARY_CORE = ["CHN", "RUS"]
OPTIONAL_ADVERSARIES = ["IND", "IRN"]  # the student may add these to the China-Russia side

MEASURES = {"constant_usd": "constant 2023 US$", "share_gdp": "share of GDP"}
UNITS = {"constant_usd": "constant 2023 US$ bn", "share_gdp": "% of GDP"}
SUMMABLE = {"constant_usd"}

NO_COUNTRY = "No country is ticked: tick at least one country to draw its spending."
NO_SUM_FOR_SHARES = (
    "Shares of GDP cannot be added up: 3% of a large economy and 3% of a "
    "small one are very different sums, and a bloc's share would need the "
    "bloc's combined GDP. Switch to constant US$ to compare blocs."
)


def per_country(milex: pd.DataFrame, measure: str) -> pd.DataFrame:
    """One measure for every country, in display units (constant US$ in billions).

    Columns: iso3, country, year, value, estimate (True where SIPRI marks the figure as
    its own estimate).
    """
    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure!r}; expected one of {list(MEASURES)}")
    rows = milex[milex["measure"] == measure].copy()
    scale = 1000.0 if measure == "constant_usd" else 1.0
    rows["value"] = rows["value"].astype(float) / scale
    rows["estimate"] = rows["note"].fillna("").str.contains("SIPRI estimate", regex=False)
    rows["year"] = rows["year"].astype(int)
    order = {iso: i for i, iso in enumerate(COUNTRIES)}
    rows = rows.assign(_o=rows["iso3"].map(order)).sort_values(["_o", "year"])
    return rows[["iso3", "country", "year", "value", "estimate"]].reset_index(drop=True)


# The country filter, stated once: the country chart's Vega expression (params `countries`,
# `y0`, `y1`) and `select`'s rows come from it.
COUNTRY_FILTER = filters.all_of(filters.OneOf("iso3", "countries"), filters.Between("year", "y0", "y1"))


def filter_values(countries: Iterable[str], years: tuple[int, int]) -> dict[str, object]:
    """The chosen countries and year range as COUNTRY_FILTER's param values."""
    return {"countries": list(countries), "y0": years[0], "y1": years[1]}


def select(series: pd.DataFrame, countries: Iterable[str], years: tuple[int, int]) -> pd.DataFrame:
    """The rows for the chosen countries within the year range (both ends included)."""
    return series[COUNTRY_FILTER.mask(series, filter_values(countries, years))].reset_index(drop=True)


def missing_years(
    series: pd.DataFrame, countries: Iterable[str], years: tuple[int, int]
) -> dict[str, list[int]]:
    """For each chosen country, the years in range with no figure (empty lists omitted)."""
    first, last = years
    gaps: dict[str, list[int]] = {}
    for iso in countries:
        have = set(series.loc[(series["iso3"] == iso) & series["value"].notna(), "year"])
        lacking = [y for y in range(first, last + 1) if y not in have]
        if lacking:
            gaps[iso] = lacking
    return gaps


def adversary_members(extra: Iterable[str] = ()) -> list[str]:
    """China and Russia plus any of the optional states the student ticked, in order."""
    chosen = set(extra)
    return ADVERSARY_CORE + [iso for iso in OPTIONAL_ADVERSARIES if iso in chosen]


def bloc_label(members: Sequence[str]) -> str:
    """'China + Russia + India' etc."""
    return " + ".join(NAMES[iso] for iso in members)


def bloc_totals(
    series: pd.DataFrame, measure: str, years: tuple[int, int], extra_adversaries: Iterable[str] = ()
) -> tuple[pd.DataFrame, dict[int, list[str]]]:
    """Yearly sums for the trilateral and the China-Russia side (plus any extras).

    Returns (totals, gaps): totals has columns bloc ('trilateral' | 'china_russia'),
    label, year, value, members; gaps maps each left-out year to the members that lack a
    figure in it. Raises ValueError for a measure that cannot be summed.
    """
    if measure not in SUMMABLE:
        raise ValueError(NO_SUM_FOR_SHARES)
    blocs = {"trilateral": TRILATERAL, "china_russia": adversary_members(extra_adversaries)}
    first, last = years
    rows, gaps = [], {}
    for year in range(first, last + 1):
        in_year = series[series["year"] == year].set_index("iso3")["value"]
        lacking = [
            iso
            for members in blocs.values()
            for iso in members
            if iso not in in_year.index or pd.isna(in_year.get(iso))
        ]
        if lacking:
            gaps[year] = lacking
            continue
        for key, members in blocs.items():
            rows.append(
                {
                    "bloc": key,
                    "label": bloc_label(members),
                    "year": year,
                    "value": float(sum(in_year[iso] for iso in members)),
                    "members": ", ".join(members),
                }
            )
    totals = pd.DataFrame(rows, columns=["bloc", "label", "year", "value", "members"])
    return totals, gaps


def ratio(totals: pd.DataFrame) -> pd.DataFrame:
    """Trilateral spending divided by the other side's, per year (columns year, ratio)."""
    if totals.empty:
        return pd.DataFrame(columns=["year", "ratio"])
    wide = totals.pivot(index="year", columns="bloc", values="value")
    out = (wide["trilateral"] / wide["china_russia"]).rename("ratio").reset_index()
    return out


def gap_sentence(gaps: dict, names: dict[str, str] = NAMES) -> str:
    """A sentence listing missing figures, or '' if there are none.

    Accepts either country -> years (from `missing_years`) or year -> countries (from
    `bloc_totals`).
    """
    if not gaps:
        return ""
    parts = []
    for key, values in gaps.items():
        if isinstance(key, str):
            parts.append(f"{names.get(key, key)} in {_years_text(values)}")
        else:
            parts.append(f"{key} ({', '.join(names.get(v, v) for v in values)})")
    if isinstance(next(iter(gaps)), str):
        return "No SIPRI figure for " + "; ".join(parts) + ": these years are left blank, not zero."
    return (
        "Bloc totals left out for " + "; ".join(parts) + ", because a member has no SIPRI figure that year."
    )


def _years_text(years: Sequence[int]) -> str:
    """[2001, 2002, 2003, 2007] -> '2001-2003, 2007'."""
    years = sorted(years)
    runs, start = [], None
    for i, y in enumerate(years):
        if start is None:
            start = y
        if i + 1 == len(years) or years[i + 1] != y + 1:
            runs.append(f"{start}" if start == y else f"{start}-{y}")
            start = None
    return ", ".join(runs)


# --- Counts beyond money: fleets, aircraft, missile defence ------------------------------

FIVE = ["USA", "JPN", "KOR", "CHN", "RUS"]  # the countries the lesson compares


def comparable_items(capabilities: pd.DataFrame) -> list[str]:
    """Items counted for at least two countries (in table order): the only ones a chart
    can compare. One-country items stay in the lesson's table."""
    counts = capabilities.groupby("item", sort=False)["iso3"].nunique()
    return [item for item, n in counts.items() if n >= 2]


def item_rows(capabilities: pd.DataFrame, item: str) -> pd.DataFrame:
    """The rows for one item, trilateral countries first; ValueError for an unknown item."""
    rows = capabilities[capabilities["item"] == item]
    if rows.empty:
        raise ValueError(f"no capability called {item!r}; expected one of {comparable_items(capabilities)}")
    order = {iso: i for i, iso in enumerate(FIVE)}
    return rows.assign(_o=rows["iso3"].map(order).fillna(len(order))).sort_values("_o").drop(columns="_o")


def comparison_sentence(rows: pd.DataFrame) -> str:
    """What one item's figures allow: sums per side only when one source and one rule
    cover every figure, and a named gap for each of the five countries without one."""
    item, unit = rows["item"].iloc[0], rows["unit"].iloc[0]
    missing = [NAMES[iso] for iso in FIVE if iso not in set(rows["iso3"])]
    gap = f" No figure on this rule for {', '.join(missing)}: left out, not zero." if missing else ""
    if rows["source_id"].nunique() > 1 or rows["counting_rule"].nunique() > 1:
        return (
            f"{item}: the figures use {rows['counting_rule'].nunique()} different counting "
            f"rules from {rows['source_id'].nunique()} source(s); read each with its rule, "
            f"and do not add them up.{gap}"
        )
    by = rows.set_index("iso3")["value"]
    sides = [[iso for iso in side if iso in by.index] for side in (TRILATERAL, ADVERSARY_CORE)]
    sides += [[iso] for iso in by.index if iso not in TRILATERAL + ADVERSARY_CORE]
    sums = "; ".join(f"{bloc_label(side)}: {by[side].sum():,.0f}" for side in sides if side)
    return f"{item}. {sums} {unit} ({rows['as_of'].iloc[0][:4]}, one source and one counting rule).{gap}"
