"""Lesson 04's comparisons as pure functions: two coalitions on one clock, and a student's ratings.

The ladder rules live in course.model.ladder; this module only lines coalitions up on
"years since the first agreement" and summarises how a student rated each dimension of
the analogy between the Triple Entente and the US–Japan–South Korea trilateral.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from course.model import ladder
from course.model.timeline import when

# ------------------------------------------------------------------ the two clocks

COALITIONS = {"entente": "Triple Entente", "trilateral": "US–Japan–South Korea"}
PAIRS = {"entente": ladder.ENTENTE_PAIRS, "trilateral": ladder.TRILATERAL_PAIRS}
MEASURES = {"three_way": "All three together", "weakest": "Weakest pair", "strongest": "Strongest pair"}
# Candidate first agreements: start year -> (date, what it was).
STARTS = {
    "entente": {
        1894: ("1894-01-04", "Franco-Russian alliance in force"),
        1904: ("1904-04-08", "Entente Cordiale"),
        1907: ("1907-08-31", "Anglo-Russian Convention"),
    },
    "trilateral": {
        1965: ("1965-06-22", "Japan–ROK Basic Treaty"),
        1999: ("1999", "TCOG, first trilateral forum"),
        2023: ("2023-08-18", "Camp David summit"),
    },
}


def start_t(coalition: str, year: int) -> float:
    """The decimal year of a candidate start, e.g. ('entente', 1904) -> 1904.27."""
    return ladder.decimal_year(when(STARTS[coalition][year][0]))


def measure_line(step_rows: pd.DataFrame, pairs: Sequence[str], measure: str) -> pd.DataFrame:
    """One coalition-wide line (t, level): the three-way rows, or the weakest/strongest pair."""
    if measure == "three_way":
        return step_rows[step_rows["series"] == ladder.SHARED][["t", "level"]].reset_index(drop=True)
    return ladder.envelope(step_rows, pairs, {"weakest": "min", "strongest": "max"}[measure])


def comparison(step_rows: Mapping[str, pd.DataFrame], ends: Mapping[str, float]) -> pd.DataFrame:
    """Every coalition x measure x candidate start, aligned on years since the start.

    Columns: key (coalition), measure, start (year), x (years since start), level, vertex
    (True for a step, False for the line's final point). Small enough to send to the
    browser once; the explorer picks a slice with Vega params.
    """
    frames = []
    for key, steps in step_rows.items():
        for measure in MEASURES:
            one = measure_line(steps, PAIRS[key], measure)
            for year in STARTS[key]:
                aligned = ladder.aligned(one, start_t(key, year), ends[key])
                aligned["vertex"] = [True] * (len(aligned) - 1) + [False]
                frames.append(aligned.assign(key=key, measure=measure, start=year))
    return pd.concat(frames, ignore_index=True)[["key", "measure", "start", "x", "level", "vertex"]]


def time_to_levels(
    frame: pd.DataFrame,
    measure: str,
    starts: Mapping[str, int],
    levels: Sequence[int] = range(1, ladder.TOP + 1),
) -> pd.DataFrame:
    """Years each coalition took from its start to first reach each level (None: not reached)."""
    rows = []
    for level in levels:
        row = {"level": level, "name": ladder.level_name(level)}
        for key, year in starts.items():
            one = frame[(frame["key"] == key) & (frame["measure"] == measure) & (frame["start"] == year)]
            row[key] = ladder.years_to_reach(one, level)
        rows.append(row)
    return pd.DataFrame(rows)


# ------------------------------------------------------------------ the student's ratings

SCALE = {-2: "Analogy fails", -1: "Mostly fails", 0: "Mixed", 1: "Mostly holds", 2: "Analogy holds"}
NOT_RATED = "Not rated"
OPTIONS = [NOT_RATED] + list(SCALE.values())


def score(option: str) -> int | None:
    """'Mostly holds' -> 1; 'Not rated' -> None."""
    if option == NOT_RATED:
        return None
    for value, label in SCALE.items():
        if label == option:
            return value
    raise ValueError(f"not a rating: {option!r}")


def side(value: int | None) -> str | None:
    """Which way a score leans: 'fails', 'mixed' or 'holds' (None if unrated)."""
    if value is None:
        return None
    return "holds" if value > 0 else "fails" if value < 0 else "mixed"


def summary(dimensions: Sequence[str], ratings: Mapping[str, int | None]) -> pd.DataFrame:
    """One row per dimension, in order: dimension, score (or None), label, side, rated."""
    rows = []
    for dim in dimensions:
        value = ratings.get(dim)
        rows.append(
            {
                "dimension": dim,
                "score": value,
                "label": NOT_RATED if value is None else SCALE[value],
                "side": side(value),
                "rated": value is not None,
            }
        )
    return pd.DataFrame(rows, columns=["dimension", "score", "label", "side", "rated"])


def verdict(table: pd.DataFrame) -> str:
    """A sentence summing up the ratings; says so plainly if nothing is rated yet."""
    rated = table[table["rated"]]
    if rated.empty:
        return "No dimension rated yet: choose a rating for at least one dimension."
    holds = list(rated.loc[rated["score"] > 0, "dimension"])
    fails = list(rated.loc[rated["score"] < 0, "dimension"])
    mean = sum(rated["score"]) / len(rated)
    lean = "holds" if mean > 0 else "fails" if mean < 0 else "is balanced"
    text = (
        f"{len(rated)} of {len(table)} dimensions rated; on balance the analogy {lean} "
        f"(mean {mean:+.1f} on a scale from −2 to +2)."
    )
    if holds:
        text += f" Holds on: {', '.join(holds)}."
    if fails:
        text += f" Fails on: {', '.join(fails)}."
    return text
