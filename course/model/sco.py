"""Who belonged to the SCO, and how, in a given year."""

from __future__ import annotations

import pandas as pd

FIRST_YEAR = 1996  # the Shanghai Five agreement
STATUS_ORDER = ["member", "shanghai_five", "observer", "dialogue_partner", "partner"]


def status_by_year(membership: pd.DataFrame, last_year: int) -> pd.DataFrame:
    """Expand status spells (start_year..end_year) into one row per country and year.

    An open spell (no end_year) runs to `last_year`. If two spells of one country overlap
    in a year, the stronger tie (earlier in STATUS_ORDER) wins, so a country is never
    counted twice.
    """
    rows = []
    for spell in membership.itertuples(index=False):
        end = last_year if pd.isna(spell.end_year) else int(spell.end_year)
        for year in range(int(spell.start_year), min(end, last_year) + 1):
            rows.append(
                {
                    "iso_numeric": spell.iso_numeric,
                    "iso3": spell.iso3,
                    "country": spell.country,
                    "year": year,
                    "status": spell.status,
                    "since": int(spell.start_year),
                    "source_id": spell.source_id,
                }
            )
    long = pd.DataFrame(rows)
    if long.empty:
        return long
    rank = long["status"].map({s: i for i, s in enumerate(STATUS_ORDER)})
    long = long.assign(_rank=rank).sort_values(["iso3", "year", "_rank"])
    return long.drop_duplicates(["iso3", "year"]).drop(columns="_rank").reset_index(drop=True)


def status_in(long: pd.DataFrame, year: int) -> pd.DataFrame:
    """Every country with an SCO status in `year`, strongest ties first."""
    rows = long[long["year"] == year]
    order = rows["status"].map({s: i for i, s in enumerate(STATUS_ORDER)})
    return rows.assign(_o=order).sort_values(["_o", "country"]).drop(columns="_o")


def members_in(long: pd.DataFrame, year: int) -> list[str]:
    """Full members (or Shanghai Five states before 2001) in `year`, alphabetically."""
    rows = status_in(long, year)
    return sorted(rows.loc[rows["status"].isin(["member", "shanghai_five"]), "country"])
