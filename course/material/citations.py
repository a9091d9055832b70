"""Short citations for the sources table: what tables, chart tooltips and feedback show
instead of a raw source key, so a student reads "Kyodo 2024", not `kyodo_2024_...`."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping

from course.core.html import MISSING, esc
from course.material import data


@functools.lru_cache(maxsize=1)
def bibliography() -> dict[str, tuple[str, str]]:
    """Each source key's short citation ("Kyodo 2024") and full one, read once."""
    out = {}
    for row in data.load("sources").itertuples():
        who = next((p for p in (row.publisher, row.author) if isinstance(p, str) and p), "")
        year = row.date[:4] if isinstance(row.date, str) and row.date else "n.d."
        title = row.title if isinstance(row.title, str) else ""
        out[row.source_id] = (f"{who} {year}".strip(), f"{who}, “{title}”, {year}")
    return out


def citation(source_ids: object) -> str:
    """Source keys ("a; b") as short citations ("The White House 2023; Kyodo 2024") in HTML,
    each carrying its full title on hover; unknown keys stay as they are."""
    parts = []
    for key in re.split(r"[;,]\s*", str(source_ids)):
        key = key.strip()
        if not key or key in {"nan", "<NA>", "None"}:
            continue
        short, full = bibliography().get(key, (key, key))
        parts.append(f'<span class="course-cite" title="{esc(full)}">{esc(short)}</span>')
    return "; ".join(parts) or MISSING


# A source key as data notes write it: lower-case words joined by underscores
# ("claxton_2020_japan_korea_trade_tensions"); a coded word without an underscore is never one.
_KEY = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")


def readable_notes(text: object, names: Mapping[str, tuple[str, str]] | None = None) -> str:
    """A data note as students read it: each known source key replaced by its short citation
    ("Claxton 2020"), so the note keeps naming its sources by key in data/ (where
    tests/test_sources.py checks each resolves) while the page shows a reader's citation.

    Plain text, not HTML: the caller escapes it. Words that are not keys ("one_off") stay as
    they are. `names` is the bibliography to use (default: the course's own)."""
    if not isinstance(text, str):
        return ""
    names = bibliography() if names is None else names
    return _KEY.sub(lambda m: names[m.group(0)][0] if m.group(0) in names else m.group(0), text)
