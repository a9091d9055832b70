"""Dates as historians record them: a day, a month or only a year."""

from __future__ import annotations

import pandas as pd


def when(date: str) -> pd.Timestamp:
    """The first day a partial ISO date (YYYY, YYYY-MM or YYYY-MM-DD) can mean."""
    parts = str(date).split("-")
    year, month, day = (int(p) for p in parts + ["1"] * (3 - len(parts)))
    return pd.Timestamp(year=year, month=month, day=day)


def with_dates(events: pd.DataFrame, column: str = "date") -> pd.DataFrame:
    """Add `when` (a Timestamp for plotting and sorting) and `year`; sort by time."""
    stamps = events[column].map(when)
    return (
        events.assign(when=stamps, year=stamps.dt.year)
        .sort_values("when", kind="stable")
        .reset_index(drop=True)
    )
