"""The China-Russia axis, for and against: which events a reader selects, and what they add
up to. Pure functions on the `china_russia_alignment` table: no widgets, no I/O.

The commentary's bloc claim rests on this axis. The table sets alignment (the 2001 treaty and
its extension, joint patrols, exercises, statements, arms, energy) beside evidence that the
pair and the wider grouping do not act as a bloc, so that a student weighs both rather than
counting one side.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

KINDS = {
    "treaty": "Treaty",
    "joint_air_patrol": "Joint air patrol",
    "naval_exercise": "Naval exercise",
    "naval_patrol": "Naval patrol",
    "statement": "Joint statement",
    "arms": "Arms",
    "energy": "Energy",
    "counter_evidence": "Counter-evidence",
}
DIRECTIONS = {"for": "For a bloc", "against": "Against a bloc"}

NOTHING_SELECTED = (
    "No event matches: tick at least one kind of event and at least one direction (for or against a bloc)."
)


def with_labels(events: pd.DataFrame) -> pd.DataFrame:
    """Add `kind_label` and `direction_label`; an unknown code raises, naming it."""
    for column, labels in (("kind", KINDS), ("direction", DIRECTIONS)):
        unknown = sorted(set(events[column]) - set(labels))
        if unknown:
            raise ValueError(
                f"unknown {column} {unknown} in china_russia_alignment; expected one of {list(labels)}"
            )
    return events.assign(
        kind_label=events["kind"].map(KINDS), direction_label=events["direction"].map(DIRECTIONS)
    )


def select(events: pd.DataFrame, kinds: Iterable[str], directions: Iterable[str]) -> pd.DataFrame:
    """The events of the given kinds and directions (codes), in the table's order."""
    keep = events["kind"].isin(list(kinds)) & events["direction"].isin(list(directions))
    return events[keep]


def patrol_years(events: pd.DataFrame) -> list[int]:
    """Years with at least one verified joint air patrol, ascending."""
    patrols = events[events["kind"] == "joint_air_patrol"]
    return sorted({int(str(d)[:4]) for d in patrols["date"]})


def balance_sentence(events: pd.DataFrame) -> str:
    """'N events: x for a bloc, y against (…)': what the selection adds up to, in words."""
    if events.empty:
        return NOTHING_SELECTED
    counts = events["direction"].value_counts()
    n_for, n_against = int(counts.get("for", 0)), int(counts.get("against", 0))
    kinds = events["kind"].value_counts()
    parts = ", ".join(f"{KINDS[k].lower()} {int(kinds[k])}" for k in KINDS if k in kinds)
    first, last = str(events["date"].min()), str(events["date"].max())
    return f"{len(events)} event(s), {first} to {last}: {n_for} for a bloc, {n_against} against ({parts})."
