"""A deliberately simple thinking tool for a "dual contingency": a war over Taiwan and a war
in Korea at the same time. It is not a forecast and not a combat model.

Two theatres, the same two lines of arithmetic for each::

    defender = (US forces sent there + the ally's contribution) × (1 + k · coordination)
    attacker = attacker's strength × (1 + k · adversary coordination)
    balance  = defender / attacker            deterred  ⇔  balance ≥ threshold

The Taiwan theatre gets the share ``us_share_taiwan`` of the US forces plus Japan's
contribution; the Korea theatre gets the rest of the US forces plus South Korea's.
Trilateral coordination is the mean of the commentary's three measures (joint planning,
combined exercises, a command mechanism), each 0–1. All units are relative ("force
units"), not divisions or ships. Defaults, slider ranges and the reasoning behind each live
in ``course/content/dual_contingency_assumptions.yaml`` (and nowhere else): the defaults of
`Assumptions` are read from it once, on import.

Pure functions apart from that one read: no widgets, no other files.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields, replace
from pathlib import Path

import pandas as pd

from course.core.paths import CONTENT_DIR
from course.material import content_schema

THEATRES = ("taiwan", "korea")
THEATRE_NAMES = {"taiwan": "Taiwan Strait", "korea": "Korean Peninsula"}
BALANCE_CAP = 10.0  # balances are shown up to 10:1; beyond that nothing changes the verdict

# Inputs that are shares or levels: they must lie in [0, 1].
UNIT_INTERVAL = (
    "us_share_taiwan",
    "joint_planning",
    "combined_exercises",
    "command_mechanism",
    "adversary_coordination",
)
# Every other input is a non-negative amount (no upper bound in the model itself).

LABELS = {
    "us_forces": "US forces available in the region",
    "us_share_taiwan": "Share of US forces sent to the Taiwan theatre",
    "japan": "Japan's contribution (Taiwan theatre)",
    "south_korea": "South Korea's contribution (Korea theatre)",
    "joint_planning": "Trilateral joint planning",
    "combined_exercises": "Trilateral combined exercises",
    "command_mechanism": "Trilateral command mechanism",
    "adversary_coordination": "Adversary coordination (China–North Korea)",
    "attacker_taiwan": "Attacker strength, Taiwan theatre (China)",
    "attacker_korea": "Attacker strength, Korea theatre (North Korea)",
    "coordination_effect": "Coordination effect k",
    "threshold": "Deterrence threshold",
}


ASSUMPTIONS_FILE = CONTENT_DIR / "dual_contingency_assumptions.yaml"
SCHEMA = content_schema.schema_for(ASSUMPTIONS_FILE)


class ModelError(ValueError):
    """Inputs the model cannot use. The message is a sentence a student can act on."""


def read_specs(path: Path = ASSUMPTIONS_FILE) -> dict[str, dict]:
    """Each input's default, slider range (min, max, step) and reasoning, by key.

    Besides its schema, the file must list exactly the model's inputs, in the lesson's
    order (that of LABELS), each default within its range and shares within 0..1.
    """
    rows = content_schema.read(path, SCHEMA)["assumptions"]
    keys = [row["key"] for row in rows]
    if keys != list(LABELS):
        raise content_schema.ContentError(
            f"{path.name}: the assumptions must be {', '.join(LABELS)} in this order; found {', '.join(keys)}"
        )
    for row in rows:
        top = 1 if row["key"] in UNIT_INTERVAL else math.inf
        if not row["min"] <= row["default"] <= row["max"] <= top:
            raise content_schema.ContentError(
                f"{path.name}: assumption {row['key']!r}: needs min ≤ default ≤ max"
                f"{' ≤ 1' if top == 1 else ''} (min {row['min']}, default {row['default']}, max {row['max']})"
            )
    return {row["key"]: row for row in rows}


SPECS = read_specs()
_DEFAULT = {key: float(spec["default"]) for key, spec in SPECS.items()}


@dataclass(frozen=True)
class Assumptions:
    """Every input of the model, with its default (from the YAML). All are assumptions, not data."""

    us_forces: float = _DEFAULT["us_forces"]
    us_share_taiwan: float = _DEFAULT["us_share_taiwan"]
    japan: float = _DEFAULT["japan"]
    south_korea: float = _DEFAULT["south_korea"]
    joint_planning: float = _DEFAULT["joint_planning"]
    combined_exercises: float = _DEFAULT["combined_exercises"]
    command_mechanism: float = _DEFAULT["command_mechanism"]
    adversary_coordination: float = _DEFAULT["adversary_coordination"]
    attacker_taiwan: float = _DEFAULT["attacker_taiwan"]
    attacker_korea: float = _DEFAULT["attacker_korea"]
    coordination_effect: float = _DEFAULT["coordination_effect"]
    threshold: float = _DEFAULT["threshold"]

    @property
    def coordination(self) -> float:
        """Trilateral coordination: the mean of the three measures the commentary proposes."""
        return (self.joint_planning + self.combined_exercises + self.command_mechanism) / 3

    def swapped(self) -> Assumptions:
        """The same situation with the two theatres' inputs exchanged (for symmetry checks)."""
        return replace(
            self,
            us_share_taiwan=1 - self.us_share_taiwan,
            japan=self.south_korea,
            south_korea=self.japan,
            attacker_taiwan=self.attacker_korea,
            attacker_korea=self.attacker_taiwan,
        )

    def with_value(self, name: str, value: float) -> Assumptions:
        return replace(self, **{name: value})


def names() -> list[str]:
    """The inputs, in the order the lesson shows them."""
    return [f.name for f in fields(Assumptions)]


def validate(a: Assumptions) -> None:
    """Raise ModelError with a plain sentence if any input is unusable."""
    for name in names():
        value = getattr(a, name)
        label = LABELS[name]
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ModelError(f"{label} must be a number, not {value!r}.")
        if not math.isfinite(value):
            raise ModelError(f"{label} must be a finite number, not {value}.")
        if value < 0:
            raise ModelError(f"{label} cannot be negative (it is {value:g}).")
        if name in UNIT_INTERVAL and value > 1:
            raise ModelError(f"{label} is a level between 0 and 1 (it is {value:g}).")


@dataclass(frozen=True)
class TheatreResult:
    theatre: str
    defender: float  # effective defending force
    attacker: float  # effective attacking force
    balance: float  # defender / attacker, 0..BALANCE_CAP
    threshold: float
    deterred: bool
    verdict: str

    @property
    def name(self) -> str:
        return THEATRE_NAMES[self.theatre]


def _theatre(theatre: str, contributions: float, attacker: float, a: Assumptions) -> TheatreResult:
    k = a.coordination_effect
    defender = contributions * (1 + k * a.coordination)
    attack = attacker * (1 + k * a.adversary_coordination)
    name = THEATRE_NAMES[theatre]
    if attack == 0:
        return TheatreResult(
            theatre,
            defender,
            0.0,
            BALANCE_CAP,
            a.threshold,
            True,
            f"{name}: no attacking force, so there is nothing to deter "
            f"(the balance is shown at its cap of {BALANCE_CAP:g}).",
        )
    ratio = defender / attack
    balance = min(ratio, BALANCE_CAP)
    deterred = ratio >= a.threshold  # the uncapped ratio decides
    if defender == 0:
        return TheatreResult(
            theatre,
            0.0,
            attack,
            0.0,
            a.threshold,
            False,
            f"{name}: no defending force at all, so on these assumptions deterrence fails.",
        )
    verb = "clears" if deterred else "falls short of"
    outcome = "deterrence holds" if deterred else "deterrence fails"
    return TheatreResult(
        theatre,
        defender,
        attack,
        balance,
        a.threshold,
        deterred,
        f"{name}: defenders {defender:.1f} against attackers {attack:.1f} "
        f"(balance {balance:.2f}) {verb} the threshold of {a.threshold:.2f}, "
        f"so on these assumptions {outcome}.",
    )


def evaluate(a: Assumptions) -> dict[str, TheatreResult]:
    """Both theatres' balances and verdicts. Raises ModelError for unusable inputs."""
    validate(a)
    return {
        "taiwan": _theatre("taiwan", a.us_share_taiwan * a.us_forces + a.japan, a.attacker_taiwan, a),
        "korea": _theatre(
            "korea", (1 - a.us_share_taiwan) * a.us_forces + a.south_korea, a.attacker_korea, a
        ),
    }


def verdicts(a: Assumptions) -> list[str]:
    """One sentence per theatre; for unusable inputs, one sentence saying what is wrong."""
    try:
        return [r.verdict for r in evaluate(a).values()]
    except ModelError as err:
        return [str(err)]


def results_frame(a: Assumptions) -> pd.DataFrame:
    """The two theatres as rows (for tables and charts)."""
    return pd.DataFrame(
        [
            {
                "theatre": r.theatre,
                "theatre_name": r.name,
                "defender": r.defender,
                "attacker": r.attacker,
                "balance": r.balance,
                "threshold": r.threshold,
                "deterred": r.deterred,
                "verdict": r.verdict,
            }
            for r in evaluate(a).values()
        ]
    )


def _vary(a: Assumptions, name: str, factor: float) -> tuple[float, bool]:
    """The input moved by `factor`, kept inside its valid range; and whether it was clipped."""
    value = getattr(a, name) * factor
    if name in UNIT_INTERVAL and value > 1:
        return 1.0, True
    return max(value, 0.0), False


def sensitivity(a: Assumptions, pct: float = 25.0) -> pd.DataFrame:
    """Move each input down and up by `pct` per cent (one at a time) and record each
    theatre's balance, its change from the base case, and whether the verdict flips.

    One row per (input, direction, theatre). Shares and levels are capped at 1 (the row
    says `clipped`). Rows are ordered by how much the input can move either balance,
    largest first, so the top of the table is the assumption that matters most.
    """
    if isinstance(pct, bool) or not isinstance(pct, (int, float)) or not math.isfinite(pct) or pct < 0:
        raise ModelError(f"The variation must be a non-negative percentage (it is {pct!r}).")
    base = evaluate(a)
    rows = []
    for name in names():
        for direction, factor in (("low", 1 - pct / 100), ("high", 1 + pct / 100)):
            value, clipped = _vary(a, name, factor)
            varied = evaluate(a.with_value(name, value))
            for theatre in THEATRES:
                b0, b1 = base[theatre], varied[theatre]
                flips = b0.deterred != b1.deterred
                rows.append(
                    {
                        "assumption": name,
                        "label": LABELS[name],
                        "direction": direction,
                        "base_value": getattr(a, name),
                        "value": value,
                        "clipped": clipped,
                        "theatre": theatre,
                        "theatre_name": THEATRE_NAMES[theatre],
                        "base_balance": b0.balance,
                        "balance": b1.balance,
                        "delta": b1.balance - b0.balance,
                        "flips": flips,
                        "flip_to": ("" if not flips else "deterred" if b1.deterred else "not deterred"),
                    }
                )
    frame = pd.DataFrame(rows)
    swing = (
        frame.assign(size=frame["delta"].abs() + frame["flips"] * 1e-9).groupby("assumption")["size"].max()
    )
    order = {n: i for i, n in enumerate(swing.sort_values(ascending=False, kind="stable").index)}
    frame["rank"] = frame["assumption"].map(order)
    return frame.sort_values(["rank", "assumption", "direction", "theatre"], kind="stable").reset_index(
        drop=True
    )


def flips(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows of a sensitivity frame whose variation flips a verdict."""
    return frame[frame["flips"]]
