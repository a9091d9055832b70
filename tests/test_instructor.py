"""Instructor mode: students' pages contain no answers; the instructor's page shows them."""

from __future__ import annotations

import nbformat
import pytest

from course.server.instructor import strip_answers
from tests.conftest import NOTEBOOKS, REPO


def md(text: str, **metadata):
    cell = nbformat.v4.new_markdown_cell(text)
    cell["metadata"].update(metadata)
    return cell


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


@pytest.mark.parametrize(
    "summary",
    ["Answers", "answers to the quiz", "Instructor notes", " Model Answer ", "<em>Instructor</em>: timing"],
)
def test_all_answer_summaries_are_recognised(summary):
    text = f"Before.\n<details><summary>{summary}</summary>SECRET</details>\nAfter."
    assert strip_answers(text) == "Before.\n\nAfter."


def test_ordinary_details_stay_even_with_answers_nested_inside():
    text = (
        "<details><summary>Sources of the data</summary>\nrows\n"
        "<details><summary>Model answer</summary>SECRET</details>\nmore rows\n</details>"
    )
    out = strip_answers(text)
    assert "Sources of the data" in out and "rows" in out and "more rows" in out
    assert "SECRET" not in out and out.count("<details>") == out.count("</details>") == 1


def test_ordinary_details_and_lookalikes_stay():
    text = (
        "<details><summary>Sources of the data</summary>list</details>\n"
        "<details><summary>Why answers vary</summary>ok</details>\n"
        "Model answer in prose stays."
    )
    assert strip_answers(text) == text


def test_unclosed_answer_block_is_removed_to_the_end():
    assert strip_answers("Keep.\n<details><summary>Answers</summary>SECRET") == "Keep."


def student_view(nb, template: str = "lab") -> str:
    """A real render: nbconvert's HTML exporter with the `template` and the course's
    preprocessor, configured as the course's servers configure Voila's exporter."""
    from nbconvert import HTMLExporter

    from course.server.standalone import voila_config

    config = voila_config(None)
    config.HTMLExporter.preprocessors = config.VoilaExporter.preprocessors
    html, _ = HTMLExporter(config=config, template_name=template).from_notebook_node(nb)
    return html


def course_notebook(cells):
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["voila"] = {"template": "course"}
    return nb


def test_a_course_notebook_loses_instructor_cells_and_answers_in_any_template():
    nb = course_notebook([md("Keep this."), md("SECRET0 notes", tags=["instructor"]), md(TRY_THIS)])
    for template in ("lab", "classic", "reveal"):
        shown = student_view(nb, template)
        assert "Keep this." in shown and "Move the slider." in shown
        assert "SECRET" not in shown, template


def test_another_courses_notebook_is_rendered_as_without_the_course():
    """The preprocessor acts on the course's notebooks only (metadata.voila.template)."""
    from nbconvert import HTMLExporter

    nb = nbformat.v4.new_notebook(cells=[md("Other.", tags=["instructor"]), md(TRY_THIS)])
    plain, _ = HTMLExporter(template_name="lab").from_notebook_node(nb)
    assert student_view(nb) == plain and "SECRET1" in plain


def test_only_the_instructor_template_keeps_the_answers():
    from traitlets import Unicode
    from traitlets.config import Configurable

    from course.server.answers import RemoveAnswers

    class Exporter(Configurable):  # what Voila's exporter offers the preprocessor
        template_name = Unicode(allow_none=True)

    def run(template):
        nb = course_notebook([md("SECRET0", tags=["instructor"]), md(TRY_THIS)])
        step = RemoveAnswers(parent=Exporter(template_name=template))
        out, resources = step.preprocess(nb, {})
        assert resources["course_answers_checked"] is True  # the course template shows cells only then
        return "".join(c.source for c in out.cells)

    assert "SECRET0" in run("instructor") and "SECRET1" in run("instructor")
    for template in ("course", "lab", "instructor_key_needed", "../instructor", None):
        assert "SECRET" not in run(template), template


def test_the_course_servers_add_the_preprocessor_and_keep_the_administrators():
    from traitlets.config import Config

    from course.server.answers import DOTTED_NAME
    from course.server.extension import add_answer_filter

    config = Config()
    config.VoilaExporter.preprocessors = ["theirs.Pre"]
    add_answer_filter(config)
    add_answer_filter(config)  # idempotent
    assert config.VoilaExporter.preprocessors == ["theirs.Pre", DOTTED_NAME]


def test_the_installed_configuration_is_json_that_only_enables_the_extension():
    import json

    installed = list((REPO / "etc" / "jupyter").rglob("*"))
    assert [p.relative_to(REPO).as_posix() for p in installed if p.is_file()] == [
        "etc/jupyter/jupyter_server_config.d/course.json"
    ]
    enabled = json.loads((REPO / "etc/jupyter/jupyter_server_config.d/course.json").read_text())
    assert enabled == {"ServerApp": {"jpserver_extensions": {"course.server": True}}}


def test_the_lessons_choose_the_course_template_in_their_metadata():
    for path in NOTEBOOKS:
        assert nbformat.read(path, as_version=4).metadata.get("voila", {}).get("template") == "course", path


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_real_lessons_have_no_answers_left_for_students(path):
    nb = nbformat.read(path, as_version=4)
    had = sum("<summary>Model answer" in c.source for c in nb.cells if c.cell_type == "markdown")
    from course.server.answers import student_copy

    text = "\n".join(c.source for c in student_copy(nb).cells if c.cell_type == "markdown")
    assert "Model answer" not in text and "<summary>Answers" not in text
    assert "## Sources" in text
    if path.stem not in ("00_start_here", "08_review"):  # pages without Try-this tasks
        assert had, "a lesson without model answers"
        assert "**Try this.**" in text and "## Check yourself" in text
    assert text.count("<details") == text.count("</details>")


# ----------------------------------------------------------------------------- instructor key

from course.server import instructor_key  # noqa: E402


@pytest.mark.parametrize(
    "template, given, cookie_ok, expected",
    [
        (None, None, False, None),  # the student view: as asked
        ("course", None, False, None),
        ("instructor", None, False, "instructor_key_needed"),
        ("instructor", "wrong", False, "instructor_key_needed"),
        ("instructor", "s3cret-key", False, None),  # the key
        ("instructor", None, True, None),  # the cookie the key set
        ("lab", "s3cret-key", True, "instructor_key_needed"),  # Voila's own templates show answers
        ("reveal", None, False, "instructor_key_needed"),
    ],
)
def test_which_view_a_request_gets_with_a_key(template, given, cookie_ok, expected):
    key = "s3cret-key"
    cookie = instructor_key.cookie_value(key) if cookie_ok else "forged"
    assert instructor_key.view_for(template, given, cookie, key) == expected


@pytest.mark.parametrize("template", [None, "instructor", "lab"])
def test_without_a_key_every_view_is_as_asked(template):
    assert instructor_key.view_for(template, None, None, "") is None


def test_keys_compare_exactly():
    assert instructor_key.same_key("abc", "abc")
    assert not instructor_key.same_key("abc", "abd") and not instructor_key.same_key("ab", "abc")
    assert instructor_key.cookie_value("a") != instructor_key.cookie_value("b")
    assert "abc" not in instructor_key.cookie_value("abc")


def test_the_key_comes_from_the_environment_or_a_file(tmp_path, monkeypatch):
    provider = instructor_key.InstructorKeyIdentityProvider(token="")
    monkeypatch.delenv(instructor_key.KEY_ENV, raising=False)
    assert provider.instructor_key() == ""  # none: today's behaviour
    keyfile = tmp_path / "key"
    keyfile.write_text("from-file\n")
    provider.instructor_key_file = str(keyfile)
    assert provider.instructor_key() == "from-file"
    monkeypatch.setenv(instructor_key.KEY_ENV, "from-env")
    assert provider.instructor_key() == "from-env"
    monkeypatch.delenv(instructor_key.KEY_ENV)
    keyfile.write_text("  \n")
    with pytest.raises(ValueError, match="is empty"):
        provider.instructor_key()
    provider.instructor_key_file = str(tmp_path / "missing")
    with pytest.raises(OSError):
        provider.instructor_key()


def test_the_course_server_installs_the_key_check():
    from traitlets.utils.importstring import import_item

    from course.server.standalone import voila_config

    loaded = voila_config(None, instructor_key_file="/k")
    assert import_item(loaded.Voila.identity_provider_class) is instructor_key.InstructorKeyIdentityProvider
    assert loaded.InstructorKeyIdentityProvider.instructor_key_file == "/k"
