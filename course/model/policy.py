"""Lesson 07 "Designing an entente": score a package of policy options.

The options live in ``course/content/policy_options.yaml``: four recommendations (from the
commentary), each with levels 0 (status quo) to the commentary's full proposal, and each
level scored 0-3 on six criteria. Each score is a judgement with a one-line reason and the
source the reason rests on; none is a measurement.

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

Three weightings are offered as presets (`PRESETS`): equal weights, the commentary's
priorities and a sceptic's. `leaders` finds the best packages under any weighting, and
`dominant_levels` checks that no option is best on every criterion at once (if one were,
it would win under every weighting, by construction).

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
    source_id: str


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


def parse(
    raw: Any,
    events: pd.DataFrame,
    file: str = OPTIONS_FILE.name,
    sources: set[str] | None = None,
) -> tuple[Recommendation, ...]:
    """Check the raw YAML and build the recommendations. Errors name the file and option.

    Fields, types and ranges are checked by policy_options.schema.json; this function adds
    what a schema cannot say: keys are unique, every Entente step is a row of
    entente_events, every score's source is in `sources` (when given), and a higher level
    never has less deterrence.
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
        levels = []
        for n, lev in enumerate(rec["levels"]):
            scores = {}
            for crit in CRITERIA:
                entry = lev["scores"][crit]
                if sources is not None and entry["source"] not in sources:
                    raise PolicyError(
                        f"{file}: {where}, level {n} ({lev['label']}), {crit}: the source "
                        f"{entry['source']!r} is not in sources.csv"
                    )
                scores[crit] = Score(entry["score"], " ".join(entry["why"].split()), entry["source"])
            levels.append(Level(n, str(lev["label"]), " ".join(str(lev["description"]).split()), scores))
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
    from course.material import data

    path = Path(path) if path is not None else OPTIONS_FILE
    if events is None:
        events = data.load("entente_events")
    sources = set(data.load("sources")["source_id"])
    return parse(content_schema.read(path, SCHEMA, PolicyError), events, path.name, sources)


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


# ---------------------------------------------------------------- presets and leaders

# Weightings a student can start from. Each is a reading of someone's priorities, stated in
# `PRESET_REASONS`; none is the module's recommendation.
PRESETS: dict[str, dict[str, float]] = {
    "equal": dict(DEFAULT_WEIGHTS),
    "commentary": {
        "deterrence": 3.0,
        "cost": 0.5,
        "accept_washington": 1.0,
        "accept_tokyo": 1.0,
        "accept_seoul": 1.0,
        "escalation": 0.5,
    },
    "sceptic": {
        "deterrence": 1.0,
        "cost": 2.0,
        "accept_washington": 1.0,
        "accept_tokyo": 1.0,
        "accept_seoul": 1.0,
        "escalation": 3.0,
    },
}
PRESET_LABELS = {
    "equal": "Equal weights",
    "commentary": "The commentary's priorities",
    "sceptic": "A sceptic's priorities",
}
PRESET_REASONS = {
    "equal": "Every criterion counts the same (acceptability, as three criteria, counts three times).",
    "commentary": (
        "Deterrence first; acceptability still matters, since the commentary wants steps all "
        "three capitals will keep; cost and escalation risk count for little, as the commentary "
        "hardly discusses them."
    ),
    "sceptic": (
        "Escalation risk first (the spiral model), then cost; deterrence and acceptability count once each."
    ),
}


def leaders(
    weights: Mapping[str, float], options: tuple[Recommendation, ...] | None = None
) -> tuple[float | None, list[dict[str, int]]]:
    """The highest overall score under `weights` and every package that reaches it.

    Ties are real (two packages can score the same), so all tied packages are returned,
    least ambitious first. With every weight at zero: (None, []). Uses the same rule as
    `score`, summed directly (256 packages, no tables).
    """
    options = load() if options is None else options
    w = check_weights(weights)
    wsum = sum(w.values())
    if wsum == 0:
        return None, []
    scored = []
    for package in all_packages(options):
        chosen = check_package(package, options)
        value = (
            sum(
                CRITERIA[c][1] * w[c] * sum(level.scores[c].value for level in chosen.values())
                for c in CRITERIA
            )
            / wsum
        )
        scored.append((round(value, 9), package))
    top = max(v for v, _ in scored)
    tied = [p for v, p in scored if v == top]
    return top, sorted(tied, key=lambda p: (sum(p.values()), tuple(p.values())))


def describe_package(package: Mapping[str, int], options: tuple[Recommendation, ...] | None = None) -> str:
    """'Planning 3 (Dual-contingency group), exercises 1 (…), …' for a package."""
    options = load() if options is None else options
    chosen = check_package(package, options)
    parts = [f"{r.title.lower()} {package[r.key]} ({chosen[r.key].label})" for r in options]
    text = "; ".join(parts)
    return text[0].upper() + text[1:]


def describe_tied(
    packages: list[dict[str, int]] | tuple[dict[str, int], ...],
    options: tuple[Recommendation, ...] | None = None,
) -> str:
    """Tied packages in one phrase: a recommendation on which they differ lists its levels
    ('command mechanism 0, 1 or 2 (Status quo, Liaison officers or Standing maritime cell)').
    When the tied packages are not every combination of those levels, each is listed."""
    options = load() if options is None else options
    sets = [sorted({p[r.key] for p in packages}) for r in options]
    if math.prod(len(levels) for levels in sets) != len({tuple(p.values()) for p in packages}):
        # the tie is not every combination of the listed levels: list the packages instead
        return " or ".join(describe_package(p, options) for p in packages)
    parts = []
    for r in options:
        levels = sorted({p[r.key] for p in packages})
        numbers = ", ".join(map(str, levels[:-1])) + (" or " if len(levels) > 1 else "") + str(levels[-1])
        labels = [r.level(n).label for n in levels]
        names = ", ".join(labels[:-1]) + (" or " if len(labels) > 1 else "") + labels[-1]
        parts.append(f"{r.title.lower()} {numbers} ({names})")
    text = "; ".join(parts)
    return text[0].upper() + text[1:]


@functools.lru_cache(maxsize=1)
def preset_leaders() -> dict[str, tuple[float | None, tuple[dict[str, int], ...]]]:
    """Preset -> (best overall score, the packages that reach it), for the module's options."""
    out = {}
    for name, weights in PRESETS.items():
        value, packages = leaders(weights)
        out[name] = (value, tuple(packages))
    return out


def signed(level: Level) -> dict[str, int]:
    """A level's scores with 'more is better' on every criterion (cost and risk negated)."""
    return {c: CRITERIA[c][1] * level.scores[c].value for c in CRITERIA}


def dominant_levels(options: tuple[Recommendation, ...] | None = None) -> list[tuple[str, int]]:
    """(recommendation, level) pairs that are at least as good as every other level of their
    recommendation on every criterion. Such a level would win under any weights, by
    construction; the lesson's scores must have none."""
    options = load() if options is None else options
    out = []
    for rec in options:
        for lev in rec.levels:
            mine = signed(lev)
            if all(
                all(mine[c] >= signed(other)[c] for c in CRITERIA) for other in rec.levels if other is not lev
            ):
                out.append((rec.key, lev.index))
    return out
