"""Rubrics for written answers (judge items and each lesson's close reading), and their Markdown.

The format (``$defs.rubric`` of ``course/content/quiz.schema.json``)::

    rubric:
      criteria:                      # each criterion is scored on the one scale below
        - name: Evidence on both sides
          look_for: At least two data rows, one for and one against the claim, cited.
        - ...
      levels:                        # highest first; the lowest is worth 0 points
        - points: 3
          label: Strong
          descriptor: What an answer at this level does.
          exemplars:                 # the top level: one anchor per verdict
            - verdict: The analogy holds
              text: "A short extract (<= 80 words) of a strong answer reaching it."
            - verdict: The analogy misleads
              text: "..."
        - points: 2
          label: Adequate
          descriptor: ...
          exemplar: "A short extract of an answer at this level."
        - ...

A written answer scores (criteria x top points) at most; the gradebook adds the points an
instructor gives per criterion.

Why this shape: "grade the reasoning, not the side" only holds if no criterion, level or
exemplar names the verdict a student must reach. `prescriptive()` finds wording that does
("concludes that", "qualified verdict", "rather than caused"), and the quality check refuses
it; the exemplars are anchors for the *reasoning* at each level, and a strong answer may
land on either side. So the highest level carries a pair of exemplars, one for each verdict
(`exemplars`, each with its `verdict`): a single strong anchor, however even-handed, shows the
grader one side being rewarded and pulls marking towards it.

Why generated Markdown: the rubric lives once, in the bank beside its item; the instructor
guide's rubric section and each lesson's instructor-only cell are this text, and a test
checks they have not drifted from the banks.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

PRINCIPLE = (
    "Grade the reasoning, not the side: an answer that reaches either verdict can earn every "
    "point if its evidence and reasoning meet the criteria."
)
MAX_EXEMPLAR_WORDS = 80
LEGACY_LEVELS = ("strong", "adequate", "weak")

# Wording that tells the student which side to take (checked case-insensitively).
PRESCRIPTIVE = (
    r"\bconclud\w* that\b",
    r"\bqualified verdict\b",
    r"\brather than caused\b",
    r"\bthe (?:right|correct) (?:verdict|conclusion|side)\b",
    r"\bmust (?:agree|reject|accept|conclude)\b",
    r"\b(?:agrees|disagrees) with the commentary\b",
    r"\bshows? that the commentary is (?:right|wrong)\b",
)


@dataclass(frozen=True)
class Criterion:
    """One thing the instructor grades, scored on the rubric's scale."""

    name: str
    look_for: str


@dataclass(frozen=True)
class Exemplar:
    """An anchored extract of an answer; `verdict` names the side it reaches ('' when the
    level has a single exemplar)."""

    verdict: str
    text: str


@dataclass(frozen=True)
class Level:
    """One step of the point scale, with its anchored exemplars (the top level: one per verdict)."""

    points: int
    label: str
    descriptor: str
    exemplars: tuple[Exemplar, ...]

    @property
    def exemplar(self) -> str:
        """All the level's exemplar text (for wording checks)."""
        return " ".join(e.text for e in self.exemplars)


@dataclass(frozen=True)
class Rubric:
    """Criteria scored on a shared point scale (levels, highest first). `legacy` marks the old
    strong/adequate/weak text, kept loadable so a bank can be moved over in its own commit."""

    criteria: tuple[Criterion, ...]
    levels: tuple[Level, ...]
    legacy: bool = False

    @property
    def top(self) -> int:
        """Points for one criterion at the highest level."""
        return max((lv.points for lv in self.levels), default=0)

    @property
    def max_points(self) -> int:
        """The most an answer can score: every criterion at the highest level."""
        return self.top * len(self.criteria)

    def texts(self) -> list[str]:
        """Every sentence of the rubric (for wording checks)."""
        out = [f"{c.name} {c.look_for}" for c in self.criteria]
        out += [f"{lv.label} {lv.descriptor} {lv.exemplar}" for lv in self.levels]
        return out


def parse_rubric(raw: Mapping[str, Any] | None) -> Rubric | None:
    """A Rubric from a bank's (schema-valid) mapping; None when there is none."""
    if not raw:
        return None
    if "criteria" not in raw:
        levels = tuple(
            Level(2 - i, name.capitalize(), str(raw.get(name, "")).strip(), ())
            for i, name in enumerate(LEGACY_LEVELS)
        )
        return Rubric((), levels, legacy=True)
    criteria = tuple(Criterion(c["name"].strip(), c["look_for"].strip()) for c in raw["criteria"])
    levels = tuple(
        Level(int(lv["points"]), lv["label"].strip(), lv["descriptor"].strip(), _exemplars(lv))
        for lv in raw["levels"]
    )
    return Rubric(criteria, levels)


def _exemplars(level: Mapping[str, Any]) -> tuple[Exemplar, ...]:
    if "exemplars" in level:
        return tuple(Exemplar(e["verdict"].strip(), e["text"].strip()) for e in level["exemplars"])
    return (Exemplar("", str(level.get("exemplar", "")).strip()),)


def prescriptive(rubric: Rubric) -> list[str]:
    """The phrases of `rubric` that prescribe a conclusion (empty: it grades reasoning only)."""
    found = []
    for text in rubric.texts():
        for pattern in PRESCRIPTIVE:
            found += [m.group(0) for m in re.finditer(pattern, text, flags=re.IGNORECASE)]
    return found


def rubric_problems(rubric: Rubric | None, where: str) -> list[str]:
    """Every way `rubric` falls short of the format, one sentence each."""
    if rubric is None:
        return [f"{where}: no rubric"]
    if rubric.legacy:
        return [
            f"{where}: the rubric is in the old strong/adequate/weak form (no criteria, points or exemplars)"
        ]
    out = []
    points = [lv.points for lv in rubric.levels]
    if points != sorted(points, reverse=True) or len(set(points)) != len(points):
        out.append(f"{where}: the levels' points must fall strictly from the highest level")
    if points and points[-1] != 0:
        out.append(f"{where}: the lowest level must be worth 0 points")
    for lv in rubric.levels:
        for e in lv.exemplars:
            if len(e.text.split()) > MAX_EXEMPLAR_WORDS:
                out.append(f"{where}: a {lv.label!r} exemplar is longer than {MAX_EXEMPLAR_WORDS} words")
    if rubric.levels:
        top = rubric.levels[0]
        verdicts = {re.sub(r"\W+", " ", e.verdict.lower()).strip() for e in top.exemplars} - {""}
        if len(top.exemplars) < 2 or len(verdicts) < len(top.exemplars):
            out.append(
                f"{where}: the {top.label!r} level needs paired exemplars, one for each verdict "
                "(`exemplars`, each with a different `verdict`)"
            )
    exemplars = [re.sub(r"\W+", " ", e.text.lower()).strip() for lv in rubric.levels for e in lv.exemplars]
    if len(set(exemplars)) != len(exemplars):
        out.append(f"{where}: two exemplars are the same")
    for phrase in prescriptive(rubric):
        out.append(f"{where}: the rubric prescribes a conclusion ({phrase!r})")
    return out


# ----------------------------------------------------------------------------- Markdown


def rubric_markdown(rubric: Rubric) -> str:
    """A rubric as Markdown: the principle, the criteria, then the scale with exemplars."""
    if rubric.legacy:
        return "\n".join(f"- *{lv.label}:* {lv.descriptor}" for lv in rubric.levels)
    lines = [
        f"*{PRINCIPLE}* Score each criterion {rubric.top}–0; the answer is out of {rubric.max_points}.",
        "",
        *(f"- **{c.name}.** {c.look_for}" for c in rubric.criteria),
        "",
        *(_level_markdown(lv) for lv in rubric.levels),
    ]
    return "\n".join(lines)


def _level_markdown(level: Level) -> str:
    head = f"- *{level.label} ({level.points}):* {level.descriptor}"
    if len(level.exemplars) == 1 and not level.exemplars[0].verdict:
        return f"{head} Exemplar: “{level.exemplars[0].text}”"
    pairs = [f"  - Exemplar, verdict “{e.verdict}”: “{e.text}”" for e in level.exemplars]
    return "\n".join([f"{head} Exemplars, one for each verdict:", *pairs])
