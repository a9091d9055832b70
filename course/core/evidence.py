"""The date the module's evidence runs to: one constant, shown on every lesson page.

Events after this date are not in the data, and the lessons say so. When the data are
brought up to date, move the constant; a test fails if a dated row in `data/` is later
than it, or if it runs more than a month past the latest dated row (a stale promise).
"""

from __future__ import annotations

import datetime as dt

EVIDENCE_AS_OF = "2025-12-15"


def as_of_date() -> dt.date:
    """EVIDENCE_AS_OF as a date."""
    return dt.date.fromisoformat(EVIDENCE_AS_OF)


def as_of_label() -> str:
    """'15 December 2025': the form printed on the lesson pages."""
    day = as_of_date()
    return f"{day.day} {day.strftime('%B')} {day.year}"


def as_of_sentence() -> str:
    """The line each lesson shows under its navigation links."""
    return f"Evidence as of {as_of_label()}"
