"""The numbers tests expect, counted here once, straight from the data and content files.

Unit tests and browser tests alike take expected figures from these functions, so a
corrected data row changes the expectation with it instead of breaking copies of an old
number in several layers. They read the files with pandas/yaml directly, not through the
code under test, and the formats they build are the ones the lessons promise.
"""

from __future__ import annotations

import pandas as pd
import yaml

from course.core.paths import CONTENT_DIR, data_dir

STATUS_LABELS = {
    "delivered": "Delivered",
    "partial": "Partly delivered",
    "not_delivered": "Not delivered",
    "unclear": "Unclear",
}
# Criterion -> +1 if it counts for a package, -1 against (lesson 07's stated rule).
POLICY_DIRECTIONS = {
    "deterrence": +1,
    "cost": -1,
    "accept_washington": +1,
    "accept_tokyo": +1,
    "accept_seoul": +1,
    "escalation": -1,
}


def commitments(domains: tuple[str, ...] | None = None) -> pd.DataFrame:
    """The Camp David commitments, all or those in `domains`."""
    rows = pd.read_csv(data_dir() / "camp_david_commitments.csv")
    return rows if domains is None else rows[rows["domain"].isin(domains)]


def status_count(status: str, domains: tuple[str, ...] | None = None) -> int:
    return int((commitments(domains)["status"] == status).sum())


def bar_label(status: str, domains: tuple[str, ...] | None = None) -> str:
    """The screen-reader label of a status bar, e.g. 'Delivered: 9 commitment(s)'."""
    return f"{STATUS_LABELS[status]}: {status_count(status, domains)} commitment(s)"


def share_line(domains: tuple[str, ...] | None = None) -> str:
    """'N of M delivered (x%)' for the commitments in `domains`."""
    total, done = len(commitments(domains)), status_count("delivered", domains)
    return f"{done} of {total} delivered ({done / total:.0%})"


def status_quo_overall() -> str:
    """Lesson 07: the status-quo package's overall score under equal weights, e.g. '+6.5'."""
    raw = yaml.safe_load((CONTENT_DIR / "policy_options.yaml").read_text(encoding="utf-8"))
    signed = sum(
        POLICY_DIRECTIONS[c] * s["score"]
        for rec in raw["recommendations"]
        for c, s in rec["levels"][0]["scores"].items()
    )
    return f"{signed / len(POLICY_DIRECTIONS):+.1f}"
