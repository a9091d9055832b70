"""Lesson 04's figures come from the data: the model's numbers, the cases' coding, and the prose."""

import re

import nbformat
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from course.core.paths import NOTEBOOKS_DIR
from course.material import data
from course.model import analogy, ladder
from course.widgets import analogy as widgets

# How the lesson prints each figure: the test reads the number from the data and looks for
# it, so a recoded row that moves a figure fails here until the prose is rewritten.
PHRASES = {
    "trilateral_1999_operational": "consultation (2) for {} years",
    "trilateral_2023_operational": "operational arrangements after {} years",
    "entente_1904_combined_body": "the Supreme War Council, after {} years",
    "entente_1904_joint_command": "joint command — Foch's strategic direction of operations, agreed at Beauvais — after {} years",
    "trilateral_1965_joint_command": "reached joint command after {} years",
    "entente_1904_falls": "falls to 0 after {} years",
    "nato_combined_body": "A standing combined body after {} years",
    "nato_joint_command": "joint command after {} years — in peacetime",
    "ccs_joint_command": "A standing combined body and joint command after {} years",
    "seato_combined_body": "a standing combined body after {} years, joint command never",
    "seato_dissolved": "dissolved {} years after the pact",
}


def lesson_text() -> str:
    nb = nbformat.read(NOTEBOOKS_DIR / "04_analogy_lab.ipynb", as_version=4)
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def missing(text: str, figures: dict) -> list[str]:
    """Phrases whose figure, as computed, is not what the text prints."""
    return [
        PHRASES[key].format(f"{figures[key]:.1f}")
        for key in PHRASES
        if PHRASES[key].format(f"{figures[key]:.1f}") not in text
    ]


@pytest.fixture(scope="module")
def figures():
    explorer = widgets.comparison_explorer()
    return analogy.lesson_figures(explorer.frame, data.load("analogy_cases"))


def test_lesson_prints_the_figures_the_data_give(figures):
    assert missing(lesson_text(), figures) == []


def test_the_check_catches_a_stale_figure(figures):
    text = lesson_text()
    stale = text.replace(f"after {figures['entente_1904_joint_command']:.1f} years", "after 13.6 years")
    assert stale != text and missing(stale, figures)
    moved = dict(figures, trilateral_1965_joint_command=figures["trilateral_1965_joint_command"] + 1)
    assert missing(text, moved)


def test_joint_command_is_the_top_rung_and_the_council_one_below(figures):
    assert analogy.rung("joint command") == ladder.TOP
    assert analogy.rung("standing combined body") == ladder.TOP - 1
    assert figures["entente_1904_combined_body"] < figures["entente_1904_joint_command"]
    assert figures["seato_joint_command"] is None
    with pytest.raises(KeyError):
        analogy.rung("grand alliance")


def test_case_rows_quote_their_rung_and_cite_known_sources():
    cases = data.load("analogy_cases")
    assert ladder.basis_problems(cases) == []
    known = set(data.load("sources")["source_id"])
    assert set(cases["source_id"]) <= known
    for note in cases["note"].dropna():
        cited = set(re.findall(r"\b[a-z0-9]+(?:_[a-z0-9]+){2,}\b", note))
        assert cited <= known, cited - known
    for case in analogy.CASES:
        mine = cases[cases["case"] == case]
        assert len(mine) >= 3 and set(mine["pair"]) in ({"ALL"}, {"US-UK"})


def test_case_lines_start_at_their_first_agreement_and_stop_at_the_evidence():
    cases = data.load("analogy_cases")
    for case in analogy.CASES:
        line = analogy.case_line(cases, case)
        assert line["x"].iloc[0] == 0 and line["x"].is_monotonic_increasing
        assert line["level"].between(0, ladder.TOP).all()
        assert line["x"].iloc[-1] == pytest.approx(
            analogy.case_end(cases, case) - analogy.case_start(cases, case), abs=0.01
        )


levels = st.lists(st.integers(0, ladder.TOP), min_size=1, max_size=12)


@given(levels)
def test_falls_are_exactly_the_drops_to_zero(seq):
    frame = pd.DataFrame(
        {
            "key": "k",
            "measure": "m",
            "start": 1,
            "x": [float(i) for i in range(len(seq))],
            "level": seq,
            "date": "",
        }
    )
    drops = sum(1 for a, b in zip(seq, seq[1:], strict=False) if a > 0 and b == 0)
    assert len(analogy.falls(frame)) == drops


@given(st.lists(st.one_of(st.none(), st.floats(0, 30, allow_nan=False)), min_size=1, max_size=ladder.TOP))
def test_one_step_marks_only_levels_sharing_a_time(raw):
    times = sorted(t for t in raw if t is not None) + [None] * sum(t is None for t in raw)
    table = pd.DataFrame({"level": range(1, len(times) + 1), "k": times})
    marked = analogy.reached_in_one_step(table, ["k"])
    for i, (years, with_level) in enumerate(zip(marked["k"], marked["k_with"], strict=False)):
        if years is None or pd.isna(years):
            assert with_level is None
            continue
        same = [
            lvl
            for lvl, t in zip(marked["level"][:i], marked["k"][:i], strict=False)
            if t is not None and round(t, 2) == round(years, 2)
        ]
        assert with_level == (min(same) if same else None)
