"""What every explorer carries into every front end: its Frame, its box, and a line for a
lesson opened before it was run; and navigation that reads as two links."""

from __future__ import annotations

import re

from course import journal, lesson
from course.widgets.base import NOT_RUN, Explorer
from course.widgets.frame import Frame


class _Plain(Explorer):
    def describe(self) -> str:
        return "A plain explorer."


def test_every_explorer_carries_one_frame_and_its_box_class():
    for explorer in (_Plain([]), journal.reflection("01_blocs", "why", "Why?")):
        frames = [c for c in explorer.children if isinstance(c, Frame)]
        assert len(frames) == 1
        assert "course-explorer" in explorer._dom_classes


def test_the_frame_ships_its_script_and_style_with_the_package():
    frame = Frame()
    assert "aria-label" in frame._esm and 'role="slider"' in frame._esm
    assert ".course-explorer" in frame._css
    assert not re.search(r"https?://", frame._esm + frame._css), "the frame must work offline"


def test_a_stored_explorer_says_how_to_start_it():
    bundle = _Plain([])._repr_mimebundle_()
    assert bundle["text/plain"] == "A plain explorer."
    assert NOT_RUN in bundle["text/html"]


def test_navigation_is_two_links_in_two_distinctly_named_landmarks():
    top, end = (
        lesson.nav("03_triple_entente")._repr_html_(),
        lesson.nav("03_triple_entente", end=True)._repr_html_(),
    )
    assert top.count("<a ") == 2 and "02_camp_david.ipynb" in top and "04_analogy_lab.ipynb" in top
    labels = [re.search(r'<nav [^>]*aria-label="([^"]+)"', h).group(1) for h in (top, end)]
    assert labels[0] != labels[1]


def test_tables_read_left_and_keep_dates_whole_without_a_stylesheet():
    from course.core.html import html_table

    table = html_table(["Date", "Event"], [("1996-04-26", "Shanghai Five formed")], "Events")
    assert 'style="text-align:left;vertical-align:top;white-space:nowrap">26 Apr 1996<' in table
    assert 'style="text-align:left;vertical-align:top">Shanghai Five formed<' in table


def test_tables_are_written_for_readers():
    """Headers, booleans, missing values, whole numbers and source keys as a reader says them;
    the raw forms a data frame prints never reach the page."""
    import pandas as pd

    from course.widgets.base import html_table

    table = html_table(
        ["pair", "in_force", "article", "count", "source_id"],
        [
            ("US-JP", True, pd.NA, 43.0, "whitehouse_2023_camp_david_fact_sheet"),
            ("JP-KR", False, None, 2.5, ""),
        ],
        "Obligations",
    )
    for shown in (">Pair<", ">In force<", ">Source<", ">Yes<", ">No<", ">—<", ">43<", ">2.5<", "White House"):
        assert shown in table, shown
    for raw in ("True", "False", "&lt;NA&gt;", "43.0", "None", "in_force", ">whitehouse_2023"):
        assert raw not in table, raw
