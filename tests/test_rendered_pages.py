"""What a lesson page shows, read as rendered: no currency typeset as maths, no raw source
key, no data file name, no curator's note.

Two renderings of each stored notebook are read, without a browser:

* Voila (the course template): Markdown cells not tagged `instructor`, with the model
  answers removed (course.server.instructor.strip_answers), rendered by nbconvert's Markdown
  filter, and the stored HTML outputs of code cells; Voila's page then typesets maths with
  MathJax (inline `$…$`, `\\$` an escaped dollar), so the HTML's text is scanned as MathJax
  scans it.
* JupyterLab: the same cells with their model answers (a student can unfold them); its
  Markdown renderer takes maths out of the *source* first (an unescaped `$` pair is maths,
  `\\$` is a dollar, code spans excepted), so the source is scanned.

The rule for "a currency typeset as maths": a maths span whose text starts with a digit
or reads as prose (three or more words outside \\text{…}). Each check is shown to fail on a
deliberately broken copy.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st
from nbconvert.filters.markdown_mistune import markdown2html_mistune

from course.core.paths import NOTEBOOKS_DIR, data_dir
from course.server.instructor import strip_answers

LESSONS = sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb"))
BLOCKS = ["p", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "summary", "caption"]
SKIP = ["code", "pre", "script", "style", "textarea"]
FILE_NAME = re.compile(r"\b[\w.-]+\.(?:csv|ya?ml|py)\b", re.I)
CURATOR = re.compile(
    r"wikipedia|\bthis session\b|\blesson \d\d codes?\b|\bnot (?:yet )?checked\b|\bview not sourced\b"
    r"|\bnot (?:yet )?verified\b|\b(?:table|column) `",
    re.I,
)


# ----------------------------------------------------------------------------- maths as MathJax finds it


def maths_spans(text: str) -> list[str]:
    """The spans MathJax (inline `$…$`, display `$$…$$`, `\\(…\\)`; escapes processed) would
    typeset in `text`."""
    start = re.compile(r"\\[\\$]|\$\$|\$|\\\(")
    closing = {"$": "$", "$$": "$$", "\\(": "\\)"}
    spans, i = [], 0
    while (m := start.search(text, i)) is not None:
        token = m.group(0)
        if token in ("\\$", "\\\\"):
            i = m.end()
            continue
        end = re.compile(r"\\.|" + re.escape(closing[token]), re.S)
        j, found = m.end(), None
        while (e := end.search(text, j)) is not None:
            if e.group(0) == closing[token]:
                found = e
                break
            j = e.end()
        if found is None:
            i = m.end()
            continue
        spans.append(text[m.end() : found.start()])
        i = found.end()
    return spans


def reads_as_text(span: str) -> bool:
    """Whether a maths span is really a currency amount or prose."""
    bare = re.sub(r"\\text\{[^}]*\}|\\[A-Za-z]+", " ", span)
    return bool(re.match(r"\s*\d", span)) or len(re.findall(r"[A-Za-z]{2,}", bare)) >= 3


def jupyterlab_maths(markdown: str) -> list[str]:
    """Maths JupyterLab would typeset from Markdown source (code spans and blocks excepted,
    no span across a blank line)."""
    text = re.sub(r"```.*?```|`[^`\n]*`", " ", markdown, flags=re.S)
    return [s for para in re.split(r"\n\s*\n", text) for s in maths_spans(para)]


def html_maths(html: str) -> list[str]:
    """Maths MathJax would typeset in rendered HTML, block by block, code excepted."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(SKIP):
        tag.decompose()
    spans = []
    for block in soup.find_all(BLOCKS):
        if block.find(BLOCKS) is None:  # innermost blocks only: each text once
            spans += maths_spans(block.get_text())
    return spans


# ----------------------------------------------------------------------------- the pages


def cell_text(cell) -> str:
    return cell.source if isinstance(cell.source, str) else "".join(cell.source)


def stored_html(cell) -> list[str]:
    return [
        "".join(out["data"]["text/html"])
        if isinstance(out["data"]["text/html"], list)
        else out["data"]["text/html"]
        for out in cell.get("outputs", [])
        if "data" in out and "text/html" in out["data"]
    ]


def pages(path: Path) -> dict[str, dict[str, list[str]]]:
    """{'voila': {...}, 'jupyterlab': {...}}, each {'markdown': sources, 'html': rendered}."""
    nb = nbformat.read(path, as_version=4)
    out: dict[str, dict[str, list[str]]] = {
        "voila": {"markdown": [], "html": []},
        "jupyterlab": {"markdown": [], "html": []},
    }
    for cell in nb.cells:
        if "instructor" in cell.get("metadata", {}).get("tags", []):
            continue
        if cell.cell_type == "markdown":
            full = cell_text(cell)
            for view, source in (("voila", strip_answers(full)), ("jupyterlab", full)):
                out[view]["markdown"].append(source)
                out[view]["html"].append(markdown2html_mistune(source))
        elif cell.cell_type == "code":
            for view in out:
                out[view]["html"] += stored_html(cell)
    return out


@cache
def source_keys() -> frozenset[str]:
    with (data_dir() / "sources.csv").open(encoding="utf-8", newline="") as fh:
        return frozenset(row["source_id"] for row in csv.DictReader(fh))


def visible_text(html: str) -> str:
    """What a reader sees: text, not markup (attributes such as a marker's href are not text);
    the sources list itself (titles of works may name an encyclopedia) is left out."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(["script", "style"]):
        tag.decompose()
    for tag in soup.select(".course-sources"):
        tag.decompose()
    return soup.get_text(" ")


def problems(path: Path) -> list[str]:
    """Every currency-as-maths, raw key, file name and curator note on the lesson's pages."""
    found = []
    keys = source_keys()
    for view, page in pages(path).items():
        maths = [s for html in page["html"] for s in html_maths(html)] if view == "voila" else []
        maths += [s for md in page["markdown"] for s in jupyterlab_maths(md)] if view == "jupyterlab" else []
        found += [f"{view}: typeset as maths: ${s[:50]}$" for s in maths if reads_as_text(s)]
        text = " ".join(visible_text(html) for html in page["html"])
        found += [
            f"{view}: raw source key [{k}]" for k in re.findall(r"\[([a-z][a-z0-9_]+)\]", text) if k in keys
        ]
        found += [
            f"{view}: source key {w}"
            for w in re.findall(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b", re.sub(r"\[[a-z][a-z0-9_]+\]", " ", text))
            if w in keys
        ]
        found += [f"{view}: file name {m.group(0)}" for m in FILE_NAME.finditer(text)]
        found += [
            f"{view}: curator note “…{text[max(m.start() - 30, 0) : m.end() + 30]}…”"
            for m in CURATOR.finditer(text)
        ]
    return list(dict.fromkeys(found))


@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_page_reads_as_written(path):
    found = problems(path)
    assert not found, f"{path.name}:\n" + "\n".join(found)


# ----------------------------------------------------------------------------- broken copies


def broken_copy(tmp_path: Path, markdown: str) -> Path:
    """Lesson 02 with one more Markdown cell."""
    nb = nbformat.read(NOTEBOOKS_DIR / "02_camp_david.ipynb", as_version=4)
    nb.cells.insert(3, nbformat.v4.new_markdown_cell(markdown))
    copy = tmp_path / "02_camp_david.ipynb"
    nbformat.write(nb, copy)
    return copy


def new_problems(tmp_path: Path, markdown: str) -> list[str]:
    before = set(problems(NOTEBOOKS_DIR / "02_camp_david.ipynb"))
    return [p for p in problems(broken_copy(tmp_path, markdown)) if p not in before]


@settings(max_examples=15, deadline=None)
@given(st.integers(1, 999), st.integers(1, 999), st.sampled_from(["billion", "million", ""]))
def test_two_dollar_amounts_fail_in_both_front_ends(tmp_path_factory, a, b, unit):
    found = new_problems(tmp_path_factory.mktemp("m"), f"It cost ${a} {unit} and then ${b} {unit} more.")
    assert any(p.startswith("voila: typeset as maths") for p in found)
    assert any(p.startswith("jupyterlab: typeset as maths") for p in found)


def test_escaped_dollars_pass_in_jupyterlab_only_where_voila_keeps_the_escape(tmp_path):
    """`\\$` keeps JupyterLab's renderer from maths; whether Voila's page does depends on the
    HTML keeping the escape for MathJax, which this reads from the rendered cell."""
    found = new_problems(tmp_path, r"It cost \$350 billion and \$150 billion.")
    assert not any(p.startswith("jupyterlab: typeset") for p in found)
    voila_html = markdown2html_mistune(r"It cost \$350 billion and \$150 billion.")
    assert any(p.startswith("voila: typeset") for p in found) == any(
        map(reads_as_text, html_maths(voila_html))
    )


def test_real_maths_is_not_flagged():
    assert not any(
        reads_as_text(s)
        for s in maths_spans(r"Here $U$ is and $X_i$; $$B_i = D_i / A_i \text{ is deterred}$$")
    )


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("As the SIPRI data show [sipri_milex_2025].", "raw source key"),
        ("The figures are in `milex.csv`.", "file name milex.csv"),
        ("See the note in data/sco_membership.csv.", "file name sco_membership.csv"),
        ("Membership dates (Wikipedia-derived).", "curator note"),
        ("Lesson 04 codes it at level 6.", "curator note"),
        ("The date was not checked this session.", "curator note"),
    ],
)
def test_each_kind_fails_on_a_broken_copy(tmp_path, markdown, expected):
    found = new_problems(tmp_path, markdown)
    assert any(expected in p for p in found), found


def test_a_marker_is_not_a_raw_key(tmp_path):
    """A numbered marker keeps its key in the link only: nothing to flag."""
    marker = (
        '<sup class="course-cite"><a href="#source-sipri_milex_2025" title="Source 1: SIPRI" '
        'aria-label="Source 1: SIPRI">[1]</a></sup>'
    )
    assert not new_problems(tmp_path, f"As the SIPRI data show{marker}.")


def test_stored_html_output_is_read(tmp_path):
    nb = nbformat.read(NOTEBOOKS_DIR / "02_camp_david.ipynb", as_version=4)
    cell = nbformat.v4.new_code_cell("lesson.table(...)")
    cell.outputs = [
        nbformat.v4.new_output(
            "display_data", {"text/html": "<p>Source: camp_david_commitments.csv</p>", "text/plain": ""}
        )
    ]
    nb.cells.insert(3, cell)
    copy = tmp_path / "02_camp_david.ipynb"
    nbformat.write(nb, copy)
    assert any("file name camp_david_commitments.csv" in p for p in problems(copy))
