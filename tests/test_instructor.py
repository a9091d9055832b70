"""Instructor mode: students' pages contain no answers; the instructor's page shows them."""

from __future__ import annotations

import nbformat
import pytest

from course.instructor import strip_answers
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


@pytest.mark.parametrize("config", ["voila.py", "jupyter_server_config.py"])
def test_both_voila_configs_register_the_filter_the_template_needs(config):
    """Standalone Voila (make start) and the server extension (JupyterLab, Binder) both
    render with the course template, which fails without `strip_answers`."""
    from traitlets.config.loader import PyFileConfigLoader
    from traitlets.utils.importstring import import_item

    loaded = PyFileConfigLoader(config, path=str(REPO / "etc" / "jupyter")).load_config()
    assert import_item(loaded.VoilaExporter.filters["strip_answers"]) is strip_answers


def test_student_template_filters_markdown_and_tagged_cells():
    template = (REPO / "share/jupyter/voila/templates/course/index.html.j2").read_text()
    assert "cell.source | strip_answers" in template
    assert "'instructor' not in cell.metadata.get('tags', [])" in template
    teacher = (REPO / "share/jupyter/voila/templates/instructor/index.html.j2").read_text()
    assert "extends 'course/index.html.j2'" in teacher and "super.super()" in teacher


# Voila's lab template, which the course template extends, reduced to the loop over cells:
# the course template's own `any_cell` and `markdowncell` blocks (and its filter) do the rest.
_LAB_STUB = (
    "{% for cell in nb.cells %}{% block any_cell scoped %}{% if cell.cell_type == 'markdown' %}"
    "{% block markdowncell scoped %}{% endblock %}{% endif %}{% endblock %}{% endfor %}"
)


def student_view(nb):
    """What the real course template renders of a notebook's Markdown, one string per cell."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(
            [
                jinja2.DictLoader({"lab/index.html.j2": _LAB_STUB}),
                jinja2.FileSystemLoader(REPO / "share/jupyter/voila/templates"),
            ]
        )
    )
    env.filters.update(
        strip_answers=strip_answers,
        markdown2html=lambda s: f"\x00{s}\x01",
        strip_files_prefix=str,
        clean_html=str,
    )
    page = env.get_template("course/index.html.j2").render(
        nb=nb, resources={}, cell_id_anchor=lambda cell: "", celltags=lambda cell: ""
    )
    return [chunk.split("\x01")[0] for chunk in page.split("\x00")[1:]]


def test_the_course_template_leaves_out_instructor_cells_and_answers():
    nb = nbformat.v4.new_notebook(
        cells=[md("Keep this."), md("SECRET0 notes", tags=["instructor"]), md(TRY_THIS)]
    )
    shown = student_view(nb)
    assert shown[0] == "Keep this." and len(shown) == 2
    assert "SECRET" not in "".join(shown) and "**Try this.** Move the slider." in shown[1]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_real_lessons_have_no_answers_left_for_students(path):
    nb = nbformat.read(path, as_version=4)
    had = sum("<summary>Model answer" in c.source for c in nb.cells if c.cell_type == "markdown")
    text = "\n".join(student_view(nb))
    assert "Model answer" not in text and "<summary>Answers" not in text
    assert "## Sources" in text
    if path.stem not in ("00_start_here", "08_review"):  # pages without Try-this tasks
        assert had, "a lesson without model answers"
        assert "**Try this.**" in text and "## Check yourself" in text
    assert text.count("<details") == text.count("</details>")


# ----------------------------------------------------------------------------- instructor key

from course import instructor_key  # noqa: E402


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


def test_the_voila_config_installs_the_key_check():
    from traitlets.config.loader import PyFileConfigLoader
    from traitlets.utils.importstring import import_item

    loaded = PyFileConfigLoader("voila.py", path=str(REPO / "etc" / "jupyter")).load_config()
    assert import_item(loaded.Voila.identity_provider_class) is instructor_key.InstructorKeyIdentityProvider
