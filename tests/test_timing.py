"""Lesson times come from one stated rule (course.timing), not from estimates (issue 20.6)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course import timing
from course.timing import Counts

counts = st.builds(
    Counts,
    st.integers(0, 6000),
    st.integers(0, 12),
    st.integers(0, 6),
    st.integers(0, 25),
)


def test_the_rule_in_numbers():
    # 1,500 words (10 min) + 2 written (12) + 1 explorer (4) + 7 questions (7) = 33 -> 35
    assert timing.minutes(Counts(1500, 2, 1, 7)) == 35
    assert timing.minutes(Counts()) == 0
    assert str(timing.READING_WPM) in timing.RULE and str(timing.MAX_MEETING) in timing.RULE


@given(counts, st.sampled_from(["words", "written", "explorers", "quiz_items"]))
def test_more_work_never_takes_less_time(c, field):
    more = Counts(**{**c.__dict__, field: getattr(c, field) + 1})
    assert timing.minutes(more) >= timing.minutes(c)
    assert timing.minutes(c) % timing.ROUND_TO == 0


def _cells(sections: list[tuple[str, int, int]]) -> list[dict]:
    """A synthetic lesson: per section a heading, `words` words and `written` reflections."""
    cells = []
    for name, words, written in sections:
        cells.append({"cell_type": "markdown", "metadata": {}, "source": f"## {name}\n\n" + "word " * words})
        cells += [
            {"cell_type": "code", "metadata": {}, "source": f'journal.reflection("x", "k{i}", "p")'}
            for i in range(written)
        ]
    return cells


@settings(deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3000), st.integers(0, 4)), min_size=1, max_size=8))
def test_a_lesson_over_the_limit_is_split_into_meetings_within_it(spec):
    cells = _cells([(f"{i + 1} · S", w, r) for i, (w, r) in enumerate(spec)])
    total = timing.minutes(timing.lesson_counts(cells))
    parts = timing.schedule(cells)
    if total <= timing.MAX_MEETING:
        assert len(parts) == 1
    else:
        assert len(parts) >= 2
        biggest = max(
            timing.minutes(timing.lesson_counts(_cells([(n, w, r)])))
            for n, w, r in [(f"{i + 1} · S", w, r) for i, (w, r) in enumerate(spec)]
        )
        # no meeting runs over the limit unless one section alone does
        assert all(p.minutes <= max(timing.MAX_MEETING, biggest) + timing.ROUND_TO for p in parts)


@settings(deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3000), st.integers(0, 4)), min_size=1, max_size=8))
def test_a_lessons_time_is_the_sum_of_its_meetings(spec):
    cells = _cells([(f"{i + 1} · S", w, r) for i, (w, r) in enumerate(spec)])
    parts = timing.schedule(cells)
    assert timing.total_minutes(cells) == sum(p.minutes for p in parts)
    assert all(p.minutes % timing.ROUND_TO == 0 for p in parts)


def test_instructor_cells_and_citation_keys_are_not_read():
    cells = [
        {"cell_type": "markdown", "metadata": {"tags": ["instructor"]}, "source": "word " * 3000},
        {"cell_type": "markdown", "metadata": {}, "source": "Two words [cfr_sco_charter]"},
    ]
    assert timing.lesson_counts(cells).words == 2


@pytest.mark.parametrize("stem", timing.lessons())
def test_each_lesson_breakdown_adds_up_and_the_page_shows_the_rule(stem):
    total, parts = timing.breakdown(stem)
    assert total == timing.lesson_minutes(stem) and sum(m for _, m in parts) == total
    phrase = timing.header_phrase(stem)
    assert phrase.startswith(f"about {total} minutes")
    meetings = [int(n) for n in re.findall(r"(\d+)(?: minutes,)? (?:then|from)", phrase)]
    assert not meetings or sum(meetings) == total  # the meetings the header lists add up
    if total > timing.MAX_MEETING:
        assert "meetings" in phrase and len(timing.lesson_parts(stem)) >= 2


def test_the_syllabus_shows_the_computed_times(tmp_path):
    from course.core.paths import PACKAGE_DIR

    copy = tmp_path / "syllabus.md"
    copy.write_text((PACKAGE_DIR / "syllabus.md").read_text(encoding="utf-8"), encoding="utf-8")
    assert timing.sync_syllabus(copy) is False  # already in sync
    copy.write_text(copy.read_text(encoding="utf-8").replace("| ~", "| ~1", 1), encoding="utf-8")
    assert timing.sync_syllabus(copy) is True  # a drifted time is put back


def test_times_quoted_in_the_syllabus_text_are_computed(tmp_path):
    from course.core.paths import PACKAGE_DIR

    text = (PACKAGE_DIR / "syllabus.md").read_text(encoding="utf-8")
    refs = list(timing.TIME_REF.finditer(text))
    assert refs, "the plans quote no computed times"
    for m in refs:
        assert int(m.group("value")) == timing.referenced_minutes(m.group("refs")), m.group(0)
    _, parts = timing.breakdown("04_analogy_lab")
    assert timing.referenced_minutes("04 §3") == dict(parts)["3 · Other paths on the same ladder"]
    drifted = "x <!-- time: 04 §3, 04 Close reading -->1<!-- /time --> y"
    assert timing.sync_time_refs(drifted) != drifted
    assert timing.sync_time_refs(timing.sync_time_refs(drifted)) == timing.sync_time_refs(drifted)
    with pytest.raises(ValueError):
        timing.referenced_minutes("04 §9")
