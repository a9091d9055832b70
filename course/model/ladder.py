"""The institutionalisation ladder: how far each pair of a coalition had bound itself, when.

The ladder (course/content/ladder.yaml) runs from 0 (no tie) to its top rung, joint command
(``TOP``, read from the file: 7 since the standing combined body got its own rung). A data
table (entente_events, trilateral_steps) codes each agreement with the level it brought a
pair to. From those rows this module computes, for any date, the level a pair stood at.

The rule, stated once:

* A pair stands at the **highest level any of its rows has reached so far**: a later, lower
  row (e.g. the 2024 Trilateral Secretariat at level 2, after level-4 exercises) is one more
  step at a lower rung, not a retreat.
* A row at **level 0 marks an end**: the tie lapsed (Russia's separate peace, 3 March 1918).
  The pair falls to 0 from that date, and later rows climb again from there.
* Rows for the whole coalition (pair ``ALL``) count for **every pair in it**: three powers at
  war together, or three militaries sharing missile-warning data, bind each pair at least
  that far. So a pair's level is the larger of its own level and the coalition's.
* A coalition row at level 0 ends **only the three-way tie**: the coalition's level falls to
  0, and each pair falls back to its own rows' level. Brest-Litovsk ends "all three", but
  UK-France stays at its own level 6; France-Russia and UK-Russia end by their own level-0 rows.

Times are decimal years (1914.59 is 4 August 1914), so one chart and one set of functions
serve calendar years (lesson 03) and "years since the first agreement" (lesson 04).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from course.core.paths import CONTENT_DIR
from course.material import content_schema
from course.model.timeline import with_dates

LADDER_FILE = CONTENT_DIR / "ladder.yaml"
SCHEMA = content_schema.schema_for(LADDER_FILE)
SHARED = "ALL"

PAIR_LABELS = {
    "UK-FR": "UK–France",
    "UK-RU": "UK–Russia",
    "FR-RU": "France–Russia",
    "UK-JP": "UK–Japan",
    "US-JP": "US–Japan",
    "US-KR": "US–South Korea",
    "JP-KR": "Japan–South Korea",
    "ALL": "All three",
}
ENTENTE_PAIRS = ["UK-FR", "UK-RU", "FR-RU"]
TRILATERAL_PAIRS = ["US-JP", "US-KR", "JP-KR"]


# ---------------------------------------------------------------- the scale itself


def read_rungs(path: Path = LADDER_FILE) -> tuple[tuple[int, str, str, str, str], ...]:
    """The rungs from a ladder file, checked against ladder.schema.json and for order.

    The levels must run 0, 1, 2, ... with no gap, so a level is also its rung's index and the
    top is simply the last rung (the schema fixes how many rungs there are).
    """
    raw = content_schema.read(path, SCHEMA)
    rungs = tuple((r["level"], r["name"], r["short"], r["definition"], r["example"]) for r in raw)
    if [r[0] for r in rungs] != list(range(len(rungs))):
        raise content_schema.ContentError(f"{path.name}: levels must run 0..{len(rungs) - 1} in order")
    return rungs


@functools.lru_cache(maxsize=1)
def _rungs() -> tuple[tuple[int, str, str, str, str], ...]:
    return read_rungs()


# The top rung, read from the ladder file: code reads it here and never writes the number.
TOP = len(_rungs()) - 1


def ladder() -> pd.DataFrame:
    """The scale as a table: level, name, short (an axis label), definition, example."""
    return pd.DataFrame(list(_rungs()), columns=["level", "name", "short", "definition", "example"])


def level_name(level: int) -> str:
    """The rung's name, e.g. 3 -> 'staff talks'."""
    return _rungs()[int(level)][1]


def short_names() -> list[str]:
    """Axis labels for levels 0..TOP, e.g. 'staff talks'."""
    return [r[2] for r in _rungs()]


def pair_label(key: str) -> str:
    return PAIR_LABELS.get(key, key)


QUOTED = re.compile(r"“([^”]+)”")


def basis_problems(rows: pd.DataFrame) -> list[str]:
    """Rows whose `level_basis` does not show the words of their level's definition.

    A coded row must quote, in curly quotes, at least one passage of its own level's
    definition exactly as the ladder words it, so a reader can check the coding against the
    rule and a recoded level whose basis was not rewritten is caught. A row without a level
    (a crisis, or coordination that adds no rung) must leave `level_basis` empty.
    """
    definitions = {int(level): definition for level, _, _, definition, _ in _rungs()}
    problems = []
    for n, row in enumerate(rows.itertuples(index=False)):
        where = f"row {n + 1} ({row.date} {row.pair} {row.title})"
        basis = "" if pd.isna(row.level_basis) else str(row.level_basis)
        if pd.isna(row.level):
            if basis:
                problems.append(f"{where}: no level, but a level_basis")
            continue
        quoted = QUOTED.findall(basis)
        if not quoted:
            problems.append(f"{where}: level {int(row.level)} without a quoted “…” passage of its definition")
        definition = definitions.get(int(row.level), "")
        problems += [
            f"{where}: “{q}” is not in the definition of level {int(row.level)}"
            for q in quoted
            if q.lower() not in definition.lower()
        ]
    return problems


# ---------------------------------------------------------------- time


def decimal_year(stamp: pd.Timestamp) -> float:
    """A date as a decimal year: 1 January is .0, 31 December is just under the next year."""
    days = 366 if stamp.is_leap_year else 365
    return round(stamp.year + (stamp.day_of_year - 1) / days, 4)


def end_of_year(year: int) -> float:
    """'The end of `year`', the one convention for tables, charts and comparisons alike:
    the time of 31 December, so a row dated that day counts and one of 1 January after does not."""
    return decimal_year(pd.Timestamp(year=int(year), month=12, day=31))


# ---------------------------------------------------------------- from rows to levels


def steps(events: pd.DataFrame, series: Sequence[str], shared: str = SHARED) -> pd.DataFrame:
    """Each ladder row's effect on each series, oldest first.

    Returns one row per (series, event) with `t` (decimal year), `level` (where the series
    stands after the event), `previous`, `change` (level - previous), and the event's
    date, pair, kind, title and source_id. Crisis rows (no level) are ignored. A series
    equal to `shared` follows only the coalition-wide rows.
    """
    ev = with_dates(events[events["level"].notna()])
    out = []
    for key in series:
        mine = ev[(ev["pair"] == key) | ((ev["pair"] == shared) & (key != shared))]
        own = common = previous = 0
        # Rows of one day act together (no flicker through an in-between level); the
        # pair's own row is listed first so it is the one credited with the change.
        for _, day in mine.groupby("when", sort=True):
            day = day.assign(_own=day["pair"] != key).sort_values("_own", kind="stable")
            for row in day.itertuples(index=False):
                lvl = int(row.level)
                if row.pair == key:
                    own = 0 if lvl == 0 else max(own, lvl)
                else:
                    common = 0 if lvl == 0 else max(common, lvl)
            level = max(own, common)
            for row in day.itertuples(index=False):
                out.append(
                    {
                        "series": key,
                        "date": row.date,
                        "when": row.when,
                        "t": decimal_year(row.when),
                        "level": level,
                        "previous": previous,
                        "change": level - previous,
                        "pair": row.pair,
                        "kind": row.kind,
                        "title": row.title,
                        "source_id": row.source_id,
                    }
                )
                previous = level
    columns = [
        "series",
        "date",
        "when",
        "t",
        "level",
        "previous",
        "change",
        "pair",
        "kind",
        "title",
        "source_id",
    ]
    return pd.DataFrame(out, columns=columns)


def level_on(line: pd.DataFrame, t: float) -> int:
    """The level of one series at time t, from rows with `t` and `level` (0 before the first)."""
    before = line[line["t"] <= t]
    return int(before["level"].iloc[-1]) if len(before) else 0


def standing(step_rows: pd.DataFrame, series: Sequence[str], t: float) -> pd.DataFrame:
    """Where each series stood at time t, and which row put it there.

    Columns: series, label, level, name, since (date of the row that set this level, or
    empty), step (its title), source_id, latest (title of the latest row by then, which
    may have kept the level unchanged).
    """
    rows = []
    for key in series:
        mine = step_rows[(step_rows["series"] == key) & (step_rows["t"] <= t)]
        level = int(mine["level"].iloc[-1]) if len(mine) else 0
        moved = mine[mine["change"] != 0]
        setter = moved.iloc[-1] if len(moved) else None
        rows.append(
            {
                "series": key,
                "label": pair_label(key),
                "level": level,
                "name": level_name(level),
                "since": "" if setter is None else setter["date"],
                "step": "" if setter is None else setter["title"],
                "source_id": "" if setter is None else setter["source_id"],
                "latest": mine["title"].iloc[-1] if len(mine) else "",
            }
        )
    return pd.DataFrame(rows)


def line(step_rows: pd.DataFrame, series: Sequence[str], start: float, end: float) -> pd.DataFrame:
    """Points to draw each series as a step line from `start` to `end`.

    One row at `start` (the level then), one per row inside the window, one at `end`;
    columns series, label, t, level. Draw with interpolate='step-after'.
    """
    out = []
    for key in series:
        mine = step_rows[step_rows["series"] == key]
        out.append({"series": key, "t": start, "level": level_on(mine, start)})
        inside = mine[(mine["t"] > start) & (mine["t"] <= end)]
        out += [{"series": key, "t": r.t, "level": int(r.level)} for r in inside.itertuples()]
        out.append({"series": key, "t": end, "level": level_on(mine, end)})
    frame = pd.DataFrame(out, columns=["series", "t", "level"])
    return frame.assign(label=frame["series"].map(pair_label))


# ---------------------------------------------------------------- crises


def short_label(title: str) -> str:
    """'First Moroccan crisis: Kaiser ... lands' -> 'First Moroccan crisis'; 'A / B' -> 'B'."""
    return str(title).split(":")[0].split(" (")[0].split(" / ")[-1].strip()


def crises(events: pd.DataFrame) -> pd.DataFrame:
    """The crisis rows, dated, with a decimal year `t` and a short `label`."""
    rows = with_dates(events[events["kind"] == "crisis"])
    return rows.assign(t=rows["when"].map(decimal_year), label=rows["title"].map(short_label))


def preceding_crisis(step_rows: pd.DataFrame, crisis_rows: pd.DataFrame, within: float = 2.0) -> pd.DataFrame:
    """For every step *up* the ladder, the latest crisis in the `within` years before it.

    Columns: series, date, title, level, previous, crisis (short label or empty),
    crisis_date, gap (years from crisis to step, rounded to 0.1; NaN if none).
    A crisis on the same day as the step counts (gap 0).
    """
    ups = step_rows[step_rows["change"] > 0]
    out = []
    for r in ups.itertuples(index=False):
        near = crisis_rows[(crisis_rows["t"] <= r.t) & (crisis_rows["t"] >= r.t - within)]
        hit = near.iloc[-1] if len(near) else None
        out.append(
            {
                "series": r.series,
                "date": r.date,
                "title": r.title,
                "level": r.level,
                "previous": r.previous,
                "source_id": r.source_id,
                "crisis": "" if hit is None else hit["label"],
                "crisis_date": "" if hit is None else hit["date"],
                "gap": float("nan") if hit is None else round(r.t - hit["t"], 1),
            }
        )
    return pd.DataFrame(
        out,
        columns=["series", "date", "title", "level", "previous", "source_id", "crisis", "crisis_date", "gap"],
    )


# ---------------------------------------------------------------- whole coalitions


def envelope(step_rows: pd.DataFrame, pairs: Sequence[str], how: str) -> pd.DataFrame:
    """The weakest ('min') or strongest ('max') pair at every moment any pair moved.

    Columns t, level: a line in the same form as one series of `steps`.
    """
    agg = {"min": min, "max": max}[how]
    mine = step_rows[step_rows["series"].isin(pairs)]
    times = sorted(set(mine["t"]))
    out, last = [], None
    for t in times:
        level = agg(level_on(mine[mine["series"] == p], t) for p in pairs)
        if level != last:
            out.append({"t": t, "level": level})
            last = level
    return pd.DataFrame(out, columns=["t", "level"])


def aligned(one_line: pd.DataFrame, start: float, end: float) -> pd.DataFrame:
    """One series (rows t, level) re-timed as years since `start`, from 0 to end - start.

    Columns x (years since start, rounded to 0.01), level. The level at `start` (from rows
    before it) is the first point, so a coalition that began higher starts higher.
    """
    inside = one_line[(one_line["t"] > start) & (one_line["t"] <= end)]
    out = [{"x": 0.0, "level": level_on(one_line, start)}]
    out += [
        {"x": round(t - start, 2), "level": int(lvl)}
        for t, lvl in zip(inside["t"], inside["level"], strict=False)
    ]
    out.append({"x": round(end - start, 2), "level": level_on(one_line, end)})
    return pd.DataFrame(out, columns=["x", "level"])


def years_to_reach(aligned_line: pd.DataFrame, level: int) -> float | None:
    """Years from the start until the line first stands at `level` or higher (None: never)."""
    hit = aligned_line[aligned_line["level"] >= level]
    return None if hit.empty else float(hit["x"].iloc[0])
