"""Instructor mode: students' pages contain no answers; the instructor's page shows them."""

from __future__ import annotations

import inspect
import json
from types import SimpleNamespace

import nbformat
import pytest

from course import instructor
from course.instructor import strip_answers, strip_for_students
from tests.conftest import NOTEBOOKS


def md(text: str, **metadata):
    cell = nbformat.v4.new_markdown_cell(text)
    cell["metadata"].update(metadata)
    return cell


def notebook(*cells):
    nb = nbformat.v4.new_notebook()
    nb.cells = list(cells)
    return nb


def request(query: str):
    return SimpleNamespace(request=SimpleNamespace(query=query))


TRY_THIS = """**Try this.** Move the slider.

<details><summary>Model answer</summary>

India and Pakistan SECRET1.
</details>

**Try this.** Compare 2024 with 2025.

<details><summary><strong>Model answer</strong> (2 min)</summary>
SECRET2 <details><summary>Sources of the data</summary>inner</details>
</details>
"""


def test_multiple_answer_blocks_go_and_prose_stays():
    out = strip_answers(TRY_THIS)
    assert "SECRET" not in out and "Model answer" not in out
    assert "**Try this.** Move the slider." in out and "**Try this.** Compare 2024 with 2025." in out
    assert "\n\n\n" not in out


@pytest.mark.parametrize("summary", ["Answers", "answers to the quiz", "Instructor notes",
                                     " Model Answer ", "<em>Instructor</em>: timing"])
def test_all_answer_summaries_are_recognised(summary):
    text = f"Before.\n<details><summary>{summary}</summary>SECRET</details>\nAfter."
    assert strip_answers(text) == "Before.\n\nAfter."


def test_ordinary_details_stay_even_with_answers_nested_inside():
    text = ("<details><summary>Sources of the data</summary>\nrows\n"
            "<details><summary>Model answer</summary>SECRET</details>\nmore rows\n</details>")
    out = strip_answers(text)
    assert "Sources of the data" in out and "rows" in out and "more rows" in out
    assert "SECRET" not in out and out.count("<details>") == out.count("</details>") == 1


def test_ordinary_details_and_lookalikes_stay():
    text = ("<details><summary>Sources of the data</summary>list</details>\n"
            "<details><summary>Why answers vary</summary>ok</details>\n"
            "Model answer in prose stays.")
    assert strip_answers(text) == text


def test_unclosed_answer_block_is_removed_to_the_end():
    assert strip_answers("Keep.\n<details><summary>Answers</summary>SECRET") == "Keep."


def test_strip_for_students_removes_tagged_cells_and_answer_only_cells():
    nb = notebook(
        md("# Title"),
        md("Timing: 10 minutes. SECRET", tags=["instructor"]),
        nbformat.v4.new_code_cell("print('SECRET')", metadata={"tags": ["instructor", "x"]}),
        md("<details><summary>Answers</summary>SECRET</details>"),
        md(TRY_THIS),
        md("<details><summary>Sources of the data</summary>kept</details>"),
        nbformat.v4.new_code_cell("blocs.sco_explorer()"),
    )
    before = json.dumps(nb)
    out = strip_for_students(nb)
    text = json.dumps(out)
    assert "SECRET" not in text
    assert [c.cell_type for c in out.cells] == ["markdown", "markdown", "markdown", "code"]
    assert "kept" in text and "sco_explorer" in text
    assert json.dumps(nb) == before, "the input notebook is not changed"
    nbformat.validate(out)


def test_hook_signature_matches_voila():
    assert list(inspect.signature(instructor.prelaunch_hook).parameters) == [
        "req_handler", "notebook", "cwd"]


def test_hook_strips_for_students():
    nb = notebook(md("# Title"), md(TRY_THIS), md("note", tags=["instructor"]))
    for query in ["", "mode=student", "mode=instructors", "other=instructor"]:
        out = instructor.prelaunch_hook(request(query), notebook=nb, cwd="notebooks")
        assert "SECRET" not in json.dumps(out) and len(out.cells) == 2
        assert instructor.BANNER_ID not in [c.get("id") for c in out.cells]
    assert "SECRET" not in json.dumps(instructor.prelaunch_hook(None, notebook=nb, cwd="."))


def test_hook_keeps_answers_and_adds_banner_for_instructors():
    nb = notebook(md("# Title"), md(TRY_THIS), md("note", tags=["instructor"]))
    out = instructor.prelaunch_hook(request("mode=instructor&theme=light"), notebook=nb, cwd=".")
    assert "SECRET1" in json.dumps(out) and len(out.cells) == 4
    assert out.cells[0].id == instructor.BANNER_ID
    assert out.cells[0].cell_type == "markdown"
    assert out.cells[0].source == ("> **Instructor view:** model answers, discussion prompts "
                                   "and timing notes are shown.")
    nbformat.validate(out)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_real_lessons_have_no_answers_left_for_students(path):
    nb = nbformat.read(path, as_version=4)
    had = sum("<summary>Model answer" in c.source for c in nb.cells if c.cell_type == "markdown")
    out = strip_for_students(nb)
    text = "\n".join(c.source for c in out.cells if c.cell_type == "markdown")
    assert "Model answer" not in text and "<summary>Answers" not in text
    assert "## Sources" in text
    if path.stem not in ("00_start_here", "08_review"):  # pages without Try-this tasks
        assert had, "a lesson without model answers"
        assert "**Try this.**" in text and "## Check yourself" in text
    assert text.count("<details") == text.count("</details>")


def test_is_instructor_in_jupyterlab(monkeypatch):
    for name in ("SERVER_SOFTWARE", "VOILA_PREHEAT", "QUERY_STRING"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("COURSE_INSTRUCTOR", raising=False)
    assert not instructor.is_instructor()
    monkeypatch.setenv("COURSE_INSTRUCTOR", "1")
    assert instructor.is_instructor()
    monkeypatch.setenv("COURSE_INSTRUCTOR", "0")
    assert not instructor.is_instructor()


def test_is_instructor_in_voila_reads_the_query_string(monkeypatch):
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    monkeypatch.setenv("SERVER_SOFTWARE", "voila/0.5.13")
    monkeypatch.setenv("COURSE_INSTRUCTOR", "1")  # the server's env does not make every page an instructor's
    monkeypatch.setenv("QUERY_STRING", "")
    assert not instructor.is_instructor()
    monkeypatch.setenv("QUERY_STRING", "theme=dark&mode=instructor")
    assert instructor.is_instructor()


def test_preheated_kernel_waits_for_the_query_string_once(monkeypatch):
    import voila.utils

    calls = []
    monkeypatch.setattr(voila.utils, "get_query_string",
                        lambda url=None: calls.append(url) or "mode=instructor")
    monkeypatch.setattr(instructor, "_QUERY_CACHE", None)
    monkeypatch.delenv("SERVER_SOFTWARE", raising=False)
    monkeypatch.setenv("VOILA_PREHEAT", "True")
    assert instructor.is_instructor() and instructor.is_instructor()
    assert calls == [None]


def test_preheated_kernel_falls_back_when_voila_cannot_answer(monkeypatch):
    import voila.utils

    def broken(url=None):
        raise OSError("no server")

    monkeypatch.setattr(voila.utils, "get_query_string", broken)
    monkeypatch.setattr(instructor, "_QUERY_CACHE", None)
    monkeypatch.setenv("VOILA_PREHEAT", "True")
    monkeypatch.setenv("QUERY_STRING", "")
    assert not instructor.is_instructor()
