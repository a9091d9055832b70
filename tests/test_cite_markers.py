"""Numbered citation markers (course.lesson.mark_notebook, scripts/cite_markers.py): each
[key] becomes a superscript link to its entry in the lesson's sources list, numbered in
that list's order, with the entry as its title; running it again changes nothing, the key
stays findable, and the Markdown front ends render it as a link."""

from __future__ import annotations

import copy
import re
import subprocess
import sys
from pathlib import Path

import nbformat
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from nbconvert.filters.markdown_mistune import markdown2html_mistune

from course import lesson
from course.core.paths import NOTEBOOKS_DIR
from course.material import data

ROOT = Path(__file__).resolve().parents[1]
KEYS = sorted(data.load("sources")["source_id"])[:40]
words = st.sampled_from(["The", "treaty", "said", "so.", "$", "*x*", "`code`", "\n\n", "(see", "Lesson 02)"])
piece = st.one_of(words, st.sampled_from(KEYS).map(lambda k: f"[{k}]"), st.just("[not_a_known_key_1999]"))
prose = st.lists(piece, max_size=30).map(" ".join)


def numbering(text: str) -> tuple[dict[str, int], dict[str, str]]:
    src = lesson.SourceList(lesson.cited_in(text), ())
    return {k: n for n, k in enumerate(src.prose, 1)}, {k: src.label(k) for k in src.prose}


@settings(max_examples=60, deadline=None)
@given(prose)
def test_marking_is_idempotent_and_keeps_every_key(text):
    numbers, labels = numbering(text)
    once = lesson.mark_citations(text, numbers, labels)
    assert lesson.mark_citations(once, numbers, labels) == once
    assert lesson.cited_in(once) == lesson.cited_in(text)
    assert "[not_a_known_key_1999]" in once or "[not_a_known_key_1999]" not in text  # unknown keys stay raw


@settings(max_examples=40, deadline=None)
@given(prose, st.permutations(range(1, 41)))
def test_rerunning_renumbers_and_retitles(text, order):
    numbers, labels = numbering(text)
    stale = lesson.mark_citations(
        text, {k: order[i] for i, k in enumerate(numbers)}, {k: "old" for k in numbers}
    )
    assert lesson.mark_citations(stale, numbers, labels) == lesson.mark_citations(text, numbers, labels)


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet="ab $\\[]*_`\"<>&'", max_size=40), st.integers(1, 99))
def test_any_title_renders_as_one_link_in_both_front_ends(label, number):
    md = "Before " + lesson.marker(number, "sipri_milex_2025", label) + " after $x$."
    for html in (markdown2html_mistune(md), MarkdownIt("commonmark").render(md)):
        links = BeautifulSoup(html, "html.parser").select("sup.course-cite > a")
        assert len(links) == 1
        a = links[0]
        assert a["href"] == "#source-sipri_milex_2025" and a.get_text() == f"[{number}]"
        assert a["title"] == f"Source {number}: {label}"


def test_a_marked_lesson_numbers_as_its_sources_list(tmp_path):
    copy_ = tmp_path / "03_triple_entente.ipynb"
    copy_.write_bytes((NOTEBOOKS_DIR / "03_triple_entente.ipynb").read_bytes())
    before = lesson.markdown_citations(nbformat.read(copy_, as_version=4).cells)
    run = [sys.executable, str(ROOT / "scripts" / "cite_markers.py"), str(copy_)]
    subprocess.run(run, check=True, capture_output=True, cwd=ROOT)
    nb = nbformat.read(copy_, as_version=4)
    text = "\n".join(
        c.source
        for c in nb.cells
        if c.cell_type == "markdown" and "instructor" not in c.metadata.get("tags", [])
    )
    assert lesson.markdown_citations(nb.cells) == before
    assert not re.search(r"\[[a-z][a-z0-9]*_[a-z0-9_]+\](?!\()", text) or any(
        k not in lesson.SourceList(before, ()).prose for k in re.findall(r"\[([a-z][a-z0-9_]+)\]", text)
    )
    listing = BeautifulSoup(lesson.SourceList(before, ())._repr_html_(), "html.parser").select(
        "ol.course-sources > li"
    )
    order = [li["id"].removeprefix("source-") for li in listing]
    for m in re.finditer(r'href="#source-([a-z0-9_]+)"[^>]*>\[(\d+)\]', text):
        assert order[int(m.group(2)) - 1] == m.group(1)
    again = copy.deepcopy(nb)
    assert lesson.mark_notebook(again.cells) == 0  # a second run changes nothing


def test_sources_list_shows_no_raw_key():
    src = lesson.SourceList(KEYS[:5], ())
    shown = BeautifulSoup(src._repr_html_(), "html.parser").get_text(" ")
    assert not any(k in shown for k in KEYS[:5])
    assert [li["id"] for li in BeautifulSoup(src._repr_html_(), "html.parser").select("li")] == [
        f"source-{k}" for k in KEYS[:5]
    ]


def test_a_broken_marker_is_caught():
    """A marker whose number disagrees with the list is renumbered by the next run."""
    numbers, labels = numbering(f"[{KEYS[0]}] [{KEYS[1]}]")
    wrong = lesson.mark_citations(f"[{KEYS[0]}] [{KEYS[1]}]", {KEYS[0]: 2, KEYS[1]: 1}, labels)
    assert ">[2]</a>" in wrong.split("</sup>")[0]
    fixed = lesson.mark_citations(wrong, numbers, labels)
    assert ">[1]</a>" in fixed.split("</sup>")[0]


def test_instructor_cells_keep_their_keys():
    """Rubric cells are generated (course.quiz.rubric_pages.sync_notebooks) and must stay as generated."""
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": f"Text [{KEYS[0]}]."},
        {"cell_type": "markdown", "metadata": {"tags": ["instructor"]}, "source": f"Rubric [{KEYS[1]}]."},
    ]
    assert lesson.mark_notebook(cells) == 1
    assert cells[1]["source"] == f"Rubric [{KEYS[1]}]." and "course-cite" in cells[0]["source"]
