"""Lesson 04's comparisons as pure functions: coalitions on one clock, and a student's ratings.

The ladder rules live in course.model.ladder; this module only lines coalitions up on
"years since the first agreement", computes the figures the lesson quotes (so prose and
data cannot drift apart), and summarises how a student rated each dimension of the analogy
between the Triple Entente and the US–Japan–South Korea trilateral. Other coalitions (NATO,
the Anglo-American Combined Chiefs of Staff, SEATO) sit on the same ladder and clock as
comparison cases.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from course.model import ladder
from course.model.timeline import when, with_dates

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
    """One coalition-wide line (t, level, date): the three-way rows, or the weakest/strongest pair.

    `date` is the date of the row that moved the line (as the data give it, e.g. '1914-08-04').
    """
    if measure == "three_way":
        one = step_rows[step_rows["series"] == ladder.SHARED][["t", "level"]].reset_index(drop=True)
    else:
        one = ladder.envelope(step_rows, pairs, {"weakest": "min", "strongest": "max"}[measure])
    dates = dict(zip(step_rows["t"], step_rows["date"], strict=False))
    return one.assign(date=one["t"].map(dates))


def aligned_dated(one_line: pd.DataFrame, start: float, end: float) -> pd.DataFrame:
    """`ladder.aligned` keeping each step's `date` (empty for the start and end points)."""
    base = ladder.aligned(one_line[["t", "level"]], start, end)
    inside = one_line[(one_line["t"] > start) & (one_line["t"] <= end)]
    return base.assign(date=[""] + [str(d) for d in inside["date"]] + [""])


COLUMNS = ["key", "measure", "start", "x", "level", "vertex", "date"]


def comparison(step_rows: Mapping[str, pd.DataFrame], ends: Mapping[str, float]) -> pd.DataFrame:
    """Every coalition x measure x candidate start, aligned on years since the start.

    Columns: key (coalition), measure, start (year), x (years since start), level, vertex
    (True for a step, False for the line's final point), date (of the step; empty at the
    start and end points). Small enough to send to the browser once; the explorer picks a
    slice with Vega params.
    """
    frames = []
    for key, steps in step_rows.items():
        for measure in MEASURES:
            one = measure_line(steps, PAIRS[key], measure)
            for year in STARTS[key]:
                aligned = aligned_dated(one, start_t(key, year), ends[key])
                aligned["vertex"] = [True] * (len(aligned) - 1) + [False]
                frames.append(aligned.assign(key=key, measure=measure, start=year))
    return pd.concat(frames, ignore_index=True)[COLUMNS]


def first_reached(line: pd.DataFrame, level: int) -> tuple[float | None, str | None]:
    """Years to the first point at `level` or higher, and the date of that step ('' if at the start)."""
    hit = line[line["level"] >= level]
    if hit.empty:
        return None, None
    return float(hit["x"].iloc[0]), str(hit["date"].iloc[0])


def time_to_levels(
    frame: pd.DataFrame,
    measure: str,
    starts: Mapping[str, int],
    levels: Sequence[int] | None = None,
) -> pd.DataFrame:
    """Years each line took from its start to first reach each level (None: not reached).

    `starts` maps a key (coalition or case) to its start year. Besides a column of years per
    key, a column `<key>_date` gives the date of the step that reached the level.
    """
    levels = range(1, ladder.TOP + 1) if levels is None else levels
    rows = []
    for level in levels:
        row = {"level": level, "name": ladder.level_name(level)}
        for key, year in starts.items():
            one = frame[(frame["key"] == key) & (frame["measure"] == measure) & (frame["start"] == year)]
            row[key], row[f"{key}_date"] = first_reached(one, level)
        rows.append(row)
    return pd.DataFrame(rows)


def reached_in_one_step(table: pd.DataFrame, keys: Sequence[str]) -> pd.DataFrame:
    """The years-to-level table with levels a line reached in the same step marked.

    A war or a treaty can lift a coalition several rungs at once (all three Entente powers
    went from settlement to wartime coordination on 4 August 1914), so several levels share
    one time. Adds, per key, a column `<key>_with` holding the lowest level reached in the
    same step (None where this level was reached on its own, or first in its step).
    """
    out = table.copy()
    for key in keys:
        first: dict[float, int] = {}
        with_level: list[int | None] = []
        for level, years in zip(out["level"], out[key], strict=False):
            if years is None or pd.isna(years):
                with_level.append(None)
                continue
            lowest = first.setdefault(round(float(years), 2), int(level))
            with_level.append(None if lowest == level else lowest)
        out[f"{key}_with"] = pd.Series(with_level, index=out.index, dtype="object")
    return out


def falls(frame: pd.DataFrame) -> pd.DataFrame:
    """Where a line drops to level 0: rows key, measure, start, x (years since the start), date.

    A fall to 0 marks the end of a tie (Russia's separate peace of March 1918); the chart
    names its cause there rather than leaving a silent drop.
    """
    rows = []
    for (key, measure, start), one in frame.groupby(["key", "measure", "start"], sort=False):
        one = one.sort_values("x", kind="stable")
        dropped = one[(one["level"] == 0) & (one["level"].shift(1) > 0)]
        rows += [
            {"key": key, "measure": measure, "start": start, "x": x, "date": d}
            for x, d in zip(dropped["x"], dropped["date"], strict=False)
        ]
    return pd.DataFrame(rows, columns=["key", "measure", "start", "x", "date"])


# ------------------------------------------------------------------ other coalitions

# Comparison cases (data table analogy_cases): key -> label. Each case's clock starts at its
# first row, the first agreement of that coalition.
CASES = {
    "nato": "NATO",
    "ccs": "US–UK Combined Chiefs",
    "seato": "SEATO",
}
CASE_TITLES = {
    "nato": "NATO, from the North Atlantic Treaty (April 1949)",
    "ccs": "US–UK Combined Chiefs of Staff, from the ABC-1 staff talks (March 1941)",
    "seato": "SEATO, from the Manila Pact (September 1954) to its dissolution",
}
NO_CASE = "none"


def case_start(rows: pd.DataFrame, case: str) -> float:
    """The decimal year a case's clock starts: its first row, the coalition's first agreement."""
    mine = with_dates(rows[rows["case"] == case])
    return ladder.decimal_year(mine["when"].iloc[0])


def case_start_year(rows: pd.DataFrame, case: str) -> int:
    """The calendar year of a case's first agreement (its `start` in the comparison frame)."""
    return int(with_dates(rows[rows["case"] == case])["year"].iloc[0])


def case_end(rows: pd.DataFrame, case: str) -> float:
    """Where a case's line stops: its `end` row (the organisation was wound up) or its last row.

    A line is drawn only as far as the evidence in the table goes, so a flat stretch never
    claims years nobody coded.
    """
    mine = with_dates(rows[rows["case"] == case])
    ended = mine[mine["kind"] == "end"]
    last = ended["when"].iloc[0] if len(ended) else mine["when"].iloc[-1]
    return ladder.decimal_year(last)


def case_line(rows: pd.DataFrame, case: str) -> pd.DataFrame:
    """One case as a line on the clock: columns x (years since its first agreement), level, date."""
    mine = rows[rows["case"] == case]
    steps = ladder.steps(mine, [str(mine["pair"].iloc[0])])
    return aligned_dated(steps[["t", "level", "date"]], case_start(rows, case), case_end(rows, case))


def with_cases(frame: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    """`comparison` plus one line per case, repeated under every measure (a case has one line).

    The case's `start` column holds the year of its first agreement, so one Vega filter on
    key, measure and start serves coalitions and cases alike.
    """
    frames = [frame]
    for case in CASES:
        one = case_line(rows, case)
        one["vertex"] = [True] * (len(one) - 1) + [False]
        for measure in MEASURES:
            frames.append(one.assign(key=case, measure=measure, start=case_start_year(rows, case)))
    return pd.concat(frames, ignore_index=True)[COLUMNS]


def case_years(rows: pd.DataFrame, case: str) -> dict[int, float | None]:
    """Years from a case's first agreement to each level 1..top (None: never reached)."""
    one = case_line(rows, case)
    return {level: ladder.years_to_reach(one, level) for level in range(1, ladder.TOP + 1)}


# ------------------------------------------------------------------ the figures the lesson quotes


def rung(name: str) -> int:
    """The level of the rung called `name` (read from the ladder, never written as a number)."""
    table = ladder.ladder()
    hit = table[table["name"] == name]
    if hit.empty:
        raise KeyError(f"no rung named {name!r}")
    return int(hit["level"].iloc[0])


def lesson_figures(frame: pd.DataFrame, cases: pd.DataFrame) -> dict[str, float | None]:
    """Every number lesson 04's prose quotes, from the data (years; the prose rounds to 0.1).

    `frame` is `comparison(...)`; `cases` the analogy_cases table. A test checks that each
    figure, so computed, is the one the lesson prints, so a recoded row cannot leave the
    prose behind.
    """

    def years(key: str, measure: str, start: int, level: int) -> float | None:
        one = frame[(frame["key"] == key) & (frame["measure"] == measure) & (frame["start"] == start)]
        return ladder.years_to_reach(one, level)

    operational, combined = rung("operational arrangements"), rung("standing combined body")
    drop = falls(frame)
    drop = drop[(drop["key"] == "entente") & (drop["measure"] == "three_way") & (drop["start"] == 1904)]
    nato, ccs, seato = (case_years(cases, c) for c in ("nato", "ccs", "seato"))
    return {
        "trilateral_1999_operational": years("trilateral", "three_way", 1999, operational),
        "trilateral_2023_operational": years("trilateral", "three_way", 2023, operational),
        "entente_1904_combined_body": years("entente", "strongest", 1904, combined),
        "entente_1904_joint_command": years("entente", "strongest", 1904, ladder.TOP),
        "trilateral_1965_joint_command": years("trilateral", "strongest", 1965, ladder.TOP),
        "entente_1904_falls": float(drop["x"].iloc[0]) if len(drop) else None,
        "nato_combined_body": nato[combined],
        "nato_joint_command": nato[ladder.TOP],
        "ccs_combined_body": ccs[combined],
        "ccs_joint_command": ccs[ladder.TOP],
        "seato_combined_body": seato[combined],
        "seato_joint_command": seato[ladder.TOP],
        "seato_dissolved": round(case_end(cases, "seato") - case_start(cases, "seato"), 2),
    }


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
