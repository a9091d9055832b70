"""Lesson 07 "Designing an entente": score a package of policy options.

The options live in ``course/content/policy_options.yaml``: four recommendations (from the
commentary), each with levels 0 (status quo) to the commentary's full proposal, and each
level scored 0-3 on six criteria. Those scores are the module's assumptions, not data.

The scoring rule, stated once (and shown to students in the lesson):

* A **package** picks one level per recommendation, e.g. ``{"planning": 2, ...}``.
* A criterion's **total** is the sum of the chosen levels' scores: 0-12 with four
  recommendations.
* Each criterion has a **direction**: deterrence and the three acceptabilities count for
  the package (+1); cost and escalation risk count against it (−1).
* The student sets a **weight** (≥ 0) per criterion. The **overall score** is the weighted
  mean of the signed totals::

      overall = Σ direction · weight · total  /  Σ weight          (−12 … +12)

  With every weight at zero there is no overall score (None) and `verdict` says so in a
  sentence; nothing divides by zero.

Pure functions apart from `load` (which reads the YAML and checks it against the
entente_events table).
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from course.core.paths import CONTENT_DIR
from course.material import content_schema

OPTIONS_FILE = CONTENT_DIR / "policy_options.yaml"
SCHEMA = content_schema.schema_for(OPTIONS_FILE)  # fields, types and ranges of the options file
LESSON = "07_policy_lab"

# Criterion -> (label, direction). Order is the order of every table and chart.
CRITERIA: dict[str, tuple[str, int]] = {
    "deterrence": ("Deterrence value", +1),
    "cost": ("Cost", -1),
    "accept_washington": ("Acceptable in Washington", +1),
    "accept_tokyo": ("Acceptable in Tokyo", +1),
    "accept_seoul": ("Acceptable in Seoul", +1),
    "escalation": ("Escalation risk", -1),
}
DEFAULT_WEIGHTS = {c: 1.0 for c in CRITERIA}
MAX_SCORE = 3


class PolicyError(ValueError):
    """The options file or a package is wrong; the message names the file and the option."""


@dataclass(frozen=True)
class Score:
    value: int
    why: str


@dataclass(frozen=True)
class Level:
    index: int
    label: str
    description: str
    scores: Mapping[str, Score]


@dataclass(frozen=True)
class EntenteStep:
    date: str
    title: str
    level: int | None
    source_id: str


@dataclass(frozen=True)
class Recommendation:
    key: str
    title: str
    commentary: str
    contrast: str
    entente: tuple[EntenteStep, ...]
    levels: tuple[Level, ...]

    def level(self, index: int) -> Level:
        if not isinstance(index, (int,)) or isinstance(index, bool) or not 0 <= index < len(self.levels):
            raise PolicyError(
                f"{OPTIONS_FILE.name}: recommendation {self.key!r} has no level {index!r} "
                f"(levels run 0 to {len(self.levels) - 1})"
            )
        return self.levels[index]

    @property
    def top(self) -> int:
        return len(self.levels) - 1


# ---------------------------------------------------------------- loading and checking


def parse(raw: Any, events: pd.DataFrame, file: str = OPTIONS_FILE.name) -> tuple[Recommendation, ...]:
    """Check the raw YAML and build the recommendations. Errors name the file and option.

    Fields, types and ranges are checked by policy_options.schema.json; this function adds
    what a schema cannot say: keys are unique, every Entente step is a row of
    entente_events, and a higher level never has less deterrence.
    """
    content_schema.check(raw, file, SCHEMA, PolicyError)
    known = {
        (str(d), str(t)): r
        for d, t, r in zip(events["date"], events["title"], events.itertuples(), strict=False)
    }
    out, seen = [], set()
    for rec in raw["recommendations"]:
        key = rec["key"]
        where = f"recommendation {key!r}"
        if key in seen:
            raise PolicyError(f"{file}: {where} appears twice")
        seen.add(key)
        steps = []
        for step in rec.get("entente") or []:
            date, title = str(step["date"]), str(step["title"])
            row = known.get((date, title))
            if row is None:
                raise PolicyError(
                    f"{file}: {where}: the Entente step {date} {title!r} is not in "
                    "entente_events (date and title must match a row)"
                )
            level = None if pd.isna(row.level) else int(row.level)
            steps.append(EntenteStep(date, title, level, str(row.source_id)))
        levels = [
            Level(
                n,
                str(lev["label"]),
                " ".join(str(lev["description"]).split()),
                {
                    crit: Score(lev["scores"][crit]["score"], lev["scores"][crit]["why"].strip())
                    for crit in CRITERIA
                },
            )
            for n, lev in enumerate(rec["levels"])
        ]
        for lower, higher in itertools.pairwise(levels):
            if higher.scores["deterrence"].value < lower.scores["deterrence"].value:
                raise PolicyError(
                    f"{file}: {where}: level {higher.index} ({higher.label}) has less "
                    f"deterrence than level {lower.index}; levels must not lose deterrence"
                )
        out.append(
            Recommendation(
                key,
                str(rec["title"]),
                " ".join(str(rec["commentary"]).split()),
                " ".join(str(rec["contrast"]).split()),
                tuple(steps),
                tuple(levels),
            )
        )
    return tuple(out)


def load(path: Path | None = None, events: pd.DataFrame | None = None) -> tuple[Recommendation, ...]:
    """The recommendations from the options file (default: the module's own)."""
    if path is None and events is None:
        return _load_default()
    path = Path(path) if path is not None else OPTIONS_FILE
    if events is None:
        from course.material import data

        events = data.load("entente_events")
    return parse(content_schema.read(path, SCHEMA, PolicyError), events, path.name)


@functools.lru_cache(maxsize=1)
def _load_default() -> tuple[Recommendation, ...]:
    from course.material import data

    return load(OPTIONS_FILE, data.load("entente_events"))


# ---------------------------------------------------------------- packages and scores


def by_key(options: tuple[Recommendation, ...]) -> dict[str, Recommendation]:
    return {r.key: r for r in options}


def check_package(package: Mapping[str, int], options: tuple[Recommendation, ...]) -> dict[str, Level]:
    """The chosen level of each recommendation; PolicyError for unknown or missing choices."""
    recs = by_key(options)
    unknown = sorted(set(package) - set(recs))
    if unknown:
        raise PolicyError(
            f"{OPTIONS_FILE.name}: no recommendation called {unknown[0]!r} (known: {', '.join(recs)})"
        )
    missing = [k for k in recs if k not in package]
    if missing:
        raise PolicyError(f"the package chooses no level for recommendation {missing[0]!r}")
    return {k: recs[k].level(package[k]) for k in recs}


def check_weights(weights: Mapping[str, float]) -> dict[str, float]:
    unknown = sorted(set(weights) - set(CRITERIA))
    if unknown:
        raise PolicyError(f"no criterion called {unknown[0]!r} (known: {', '.join(CRITERIA)})")
    out = {}
    for c in CRITERIA:
        w = float(weights.get(c, 0.0))
        if not math.isfinite(w) or w < 0:
            raise PolicyError(f"the weight of {CRITERIA[c][0].lower()} must be a number ≥ 0, not {w!r}")
        out[c] = w
    return out


def score(
    package: Mapping[str, int],
    weights: Mapping[str, float],
    options: tuple[Recommendation, ...] | None = None,
) -> pd.DataFrame:
    """Per-criterion totals and contributions, and a last row 'overall'.

    Columns: criterion, label, direction (+1/−1), total (0-12), maximum, weight,
    contribution (direction · weight · total / Σ weight). The 'overall' row's `total` is
    the overall weighted score (−12 … +12), NaN when every weight is zero.
    """
    options = load() if options is None else options
    chosen = check_package(package, options)
    w = check_weights(weights)
    wsum = sum(w.values())
    rows = []
    for c, (label, direction) in CRITERIA.items():
        total = sum(level.scores[c].value for level in chosen.values())
        contribution = direction * w[c] * total / wsum if wsum > 0 else math.nan
        rows.append(
            {
                "criterion": c,
                "label": label,
                "direction": direction,
                "total": total,
                "maximum": MAX_SCORE * len(chosen),
                "weight": w[c],
                "contribution": contribution,
            }
        )
    overall = sum(r["contribution"] for r in rows) if wsum > 0 else math.nan
    rows.append(
        {
            "criterion": "overall",
            "label": "Overall weighted score",
            "direction": 0,
            "total": overall,
            "maximum": MAX_SCORE * len(chosen),
            "weight": wsum,
            "contribution": overall,
        }
    )
    return pd.DataFrame(rows)


def overall(table: pd.DataFrame) -> float | None:
    """The overall weighted score from a `score` table, or None when every weight is zero."""
    value = float(table.loc[table["criterion"] == "overall", "total"].iloc[0])
    return None if math.isnan(value) else value


def totals(table: pd.DataFrame) -> dict[str, int]:
    """Criterion -> total, without the overall row."""
    rows = table[table["criterion"] != "overall"]
    return {c: int(t) for c, t in zip(rows["criterion"], rows["total"], strict=False)}


def verdict(table: pd.DataFrame) -> str:
    """One sentence on the overall score (never an error)."""
    value = overall(table)
    top = int(table["maximum"].iloc[0])
    if value is None:
        return (
            "Every weight is zero, so there is no overall score: give at least one criterion "
            "a weight above zero to say what matters."
        )
    crits = table[(table["criterion"] != "overall") & (table["weight"] > 0)]
    best = crits.loc[crits["contribution"].idxmax()]
    worst = crits.loc[crits["contribution"].idxmin()]

    def lower(label: str) -> str:
        return label[0].lower() + label[1:]

    lean = (
        "benefits outweigh burdens"
        if value > 0
        else "burdens outweigh benefits"
        if value < 0
        else "benefits and burdens balance"
    )
    minus = (
        f", the biggest minus {lower(worst['label'])}"
        if worst["contribution"] < 0
        else " and nothing counts against it"
    )
    plus = (
        f"the biggest plus is {lower(best['label'])}" if best["contribution"] > 0 else "nothing counts for it"
    )
    return (
        f"Overall weighted score {value:+.1f} (scale −{top} to +{top}): under your weights the "
        f"{lean}; {plus}{minus}."
    )


def all_packages(options: tuple[Recommendation, ...] | None = None) -> Iterator[dict[str, int]]:
    """Every possible package (one level per recommendation)."""
    options = load() if options is None else options
    for combo in itertools.product(*(range(len(r.levels)) for r in options)):
        yield {r.key: n for r, n in zip(options, combo, strict=False)}


def best_package(
    criterion: str = "deterrence",
    floor: Mapping[str, int] | None = None,
    options: tuple[Recommendation, ...] | None = None,
) -> dict[str, int] | None:
    """The package with the highest `criterion` total among those in which every chosen
    level scores at least `floor[c]` on criterion c (ties: the least ambitious package)."""
    options = load() if options is None else options
    floor = dict(floor or {})
    best, best_key = None, None
    for package in all_packages(options):
        chosen = check_package(package, options)
        if any(level.scores[c].value < f for level in chosen.values() for c, f in floor.items()):
            continue
        key = (sum(level.scores[criterion].value for level in chosen.values()), -sum(package.values()))
        if best_key is None or key > best_key:
            best, best_key = package, key
    return best
