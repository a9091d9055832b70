"""'Evidence as of': one date, on every lesson page, that the data do not contradict."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from course import lesson
from course.core import evidence
from course.material import data
from course.model.timeline import when
from tests.conftest import NOTEBOOKS

DATE_COLUMNS = ("date", "start_date", "end_date", "delivered_date")


def _dated_rows():
    for name in data.table_names():
        if name == "sources":  # publication dates of sources, not events
            continue
        frame = data.load(name)
        for column in [c for c in DATE_COLUMNS if c in frame.columns]:
            for value in frame[column].dropna():
                if str(value)[:4].isdigit():
                    yield name, column, str(value)


def test_label_is_a_readable_date():
    assert evidence.as_of_label() == f"{evidence.as_of_date().day} {evidence.as_of_date():%B %Y}"
    assert evidence.as_of_sentence() == f"Evidence as of {evidence.as_of_label()}"


def test_no_dated_row_is_later_than_the_evidence_date():
    limit = evidence.as_of_date()
    late = [(t, c, v) for t, c, v in _dated_rows() if when(v).date() > limit]
    assert not late, f"move EVIDENCE_AS_OF in course/core/evidence.py or fix these rows: {late}"


def test_evidence_date_is_not_a_stale_promise():
    """The date must not run more than a month past the latest dated event in the data."""
    latest = max(when(v).date() for _, _, v in _dated_rows())
    assert evidence.as_of_date() - latest <= dt.timedelta(days=31), latest


def test_no_explorer_offers_a_year_past_the_evidence():
    """A slider that reached a later year would show the last known state as that year's."""
    from course.widgets import blocs, camp_david, capabilities

    last = evidence.as_of_date().year
    assert data.as_of_year() == last
    assert blocs.sco_explorer().slider.max == last
    assert camp_david.timeline_explorer().years.max <= last
    assert capabilities.spending_explorer().years.max <= last


def test_navigation_states_the_date_in_text_and_html():
    nav = lesson.nav("01_blocs")
    assert evidence.as_of_sentence() in repr(nav)
    assert evidence.as_of_sentence() in nav._repr_html_()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_lesson_page_shows_the_evidence_date(path):
    """Read the stored outputs: what JupyterLab shows on opening and Voila renders."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    shown = [out for cell in cells if cell["cell_type"] == "code" for out in cell.get("outputs", [])]
    texts = ["".join(o.get("data", {}).get(m, "")) for o in shown for m in ("text/plain", "text/html")]
    assert any(evidence.as_of_sentence() in t for t in texts), path.name


def test_start_page_header_states_the_evidence_date():
    """The start page says in its opening cell what the evidence runs to, in the same words
    the lesson pages use; moving EVIDENCE_AS_OF without updating it fails here."""
    start = next(p for p in NOTEBOOKS if p.stem == "00_start_here")
    first = json.loads(start.read_text(encoding="utf-8"))["cells"][0]
    assert f"**{evidence.as_of_sentence()}.**" in "".join(first["source"])
