""" "Try this" answer boxes: saved like reflections (file in JupyterLab, page memory in
Voila), in the export, and a self-check that opens only after a non-empty attempt.

The content checks: every task in lessons 01-07 has exactly one answer box with an entry
in course/content/try_this.yaml, and no self-check copies the model answer."""

from __future__ import annotations

import json
import re
from difflib import SequenceMatcher

import nbformat
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from course import journal
from course.core.paths import NOTEBOOKS_DIR
from course.journal import Journal
from course.material import content_schema
from course.server.instructor import strip_answers
from course.widgets import try_this as tt

CALL = re.compile(r'journal\.try_this\(\s*"(?P<lesson>[0-9]{2}_[a-z0-9_]+)"\s*,\s*"(?P<key>[a-z0-9_]+)"\s*\)')
TASK = re.compile(r"\*\*Try this\.\*\*")
MODEL = re.compile(r"<details><summary>[^<]*Model answer.*?</details>", re.S | re.I)
LESSONS = [f"{n:02d}" for n in range(1, 8)]


@pytest.fixture
def lab(tmp_path, monkeypatch) -> Journal:
    monkeypatch.delenv("SERVER_SOFTWARE", raising=False)
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    return Journal(tmp_path / "journal.json", memory=False)


@pytest.fixture
def voila(tmp_path) -> Journal:
    return Journal(tmp_path / "unused.json", memory=True)


def first_task() -> tt.Task:
    return next(iter(tt.tasks()["02_camp_david"].values()))


def test_empty_attempt_reveals_nothing_and_says_why(lab):
    box = tt.TryThis(first_task(), lab)
    for blank in ("", "   ", "\n\t"):
        box.value = blank
        shown = box.reveal()
        assert tt.EMPTY.split(":")[0] in shown and "<li>" not in shown
        assert all(point not in shown for point in box.item.checks)


@settings(max_examples=40, deadline=None)
@given(st.text(min_size=1).filter(lambda s: s.strip()))
def test_any_attempt_reveals_every_point_escaped(attempt):
    item = first_task()
    html = tt.self_check_html(item, attempt)
    assert html.count("<li>") == len(item.checks)
    assert tt.EMPTY not in html


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=" \t\n\r\u00a0\u2003"))
def test_whitespace_is_not_an_attempt(blank):
    assert "<li>" not in tt.self_check_html(first_task(), blank)


def test_answer_is_saved_to_the_work_file_and_exported(lab, tmp_path):
    box = tt.TryThis(first_task(), lab)
    box.value = "Export controls in 2019, then GSOMIA."
    box.reveal()  # saves what is waiting for a pause first
    key = f"{tt.KEY_PREFIX}{box.item.key}"
    saved = json.loads((tmp_path / "journal.json").read_text())["entries"][f"02_camp_david/{key}"]
    assert saved["value"] == "Export controls in 2019, then GSOMIA." and saved["kind"] == "reflection"
    assert saved["prompt"] == f"Try this: {box.item.task}"
    again = tt.TryThis(first_task(), Journal(tmp_path / "journal.json", memory=False))
    assert again.value == "Export controls in 2019, then GSOMIA."
    markdown = journal.export_markdown(lab)
    assert "GSOMIA" in markdown and "### Try this: Tick only Economic" in markdown
    answers = journal.export_json(lab)["answers"]
    assert any(a["item"] == key and a["kind"] == "reflection" for a in answers)


def test_voila_answer_lives_in_the_page_and_goes_in_the_download(voila, tmp_path):
    box = tt.TryThis(first_task(), voila)
    box.value = "typed in Voila"
    box.reveal()
    assert voila.get("02_camp_david", tt.KEY_PREFIX + box.item.key) == "typed in Voila"
    assert not (tmp_path / "unused.json").exists()
    assert "typed in Voila" in journal.export_markdown(voila)
    assert not any(isinstance(c, journal.Downloads) for c in box.children)  # once a page, not per box


def test_self_check_appears_only_on_request(lab):
    box = tt.TryThis(first_task(), lab)
    box.value = "an attempt"
    assert box.feedback.value == ""  # typing alone reveals nothing
    assert box.control.button == tt.BUTTON and box.control in box.children
    assert "A good answer notices" in box.reveal()


def test_the_page_button_checks_the_text_it_shows(lab):
    """The page's "Check my thinking" carries the text shown: its last keystrokes may still
    wait in the page's queue, and they count (saved, then the self-check)."""
    box = tt.TryThis(first_task(), lab)
    box._message(box.control, {"reveal": True, "value": "typed just now"}, [])
    assert "A good answer notices" in box.feedback.value
    assert lab.get(box.lesson, tt.KEY_PREFIX + box.item.key) == "typed just now"


def test_describe_is_deterministic_and_gives_no_point_away(lab):
    box = tt.try_this("05_capabilities", "gdp_share", lab)
    text = repr(box)
    assert text == repr(tt.try_this("05_capabilities", "gdp_share", lab))
    assert all(point not in text for point in box.item.checks)


def test_unknown_task_names_what_exists():
    with pytest.raises(KeyError, match="gdp_share"):
        tt.task("05_capabilities", "no_such_task")


def test_broken_copy_is_refused(tmp_path):
    raw = yaml.safe_load(tt.FILE.read_text(encoding="utf-8"))
    raw["01_blocs"][0]["checks"] = raw["01_blocs"][0]["checks"][:1]  # one point is too few
    bad = tmp_path / "try_this.yaml"
    bad.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(content_schema.ContentError, match="india_pakistan_join.*checks.*too short"):
        tt.read_tasks(bad)
    raw["01_blocs"][0]["checks"] *= 2
    raw["01_blocs"][1]["key"] = raw["01_blocs"][0]["key"]
    bad.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(content_schema.ContentError, match="used twice"):
        tt.read_tasks(bad)


# ----------------------------------------------------------------------------- the lessons


def lesson_tasks(path) -> tuple[list[str], list[tuple[str, str]], list[str], list[str]]:
    """(task texts, try_this calls, model answers, problems) of a notebook, in page order; a
    problem is a task cell not directly followed by one call per task."""
    nb = nbformat.read(path, as_version=4)
    tasks, calls, models, problems = [], [], [], []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            n = len(TASK.findall(cell.source))
            tasks += [m.group(0) for m in re.finditer(r"\*\*Try this\.\*\*[^\n]*", cell.source)]
            models += MODEL.findall(cell.source)
            following = nb.cells[i + 1] if i + 1 < len(nb.cells) else None
            got = (
                CALL.findall(following.source)
                if following is not None and following.cell_type == "code"
                else []
            )
            if n and len(got) != n:
                problems.append(f"cell {i + 1}: {n} task(s) but {len(got)} journal.try_this call(s) after it")
        else:
            calls += CALL.findall(cell.source)
    return tasks, calls, models, problems


@pytest.mark.parametrize("number", LESSONS)
def test_every_task_has_one_box_and_a_self_check(number):
    (path,) = NOTEBOOKS_DIR.glob(f"{number}_*.ipynb")
    tasks, calls, _, problems = lesson_tasks(path)
    assert not problems, f"{path.name}: " + "; ".join(problems)
    assert tasks, f"{path.name} has no Try this task"
    assert len(calls) == len(tasks), f"{path.name}: {len(tasks)} tasks, {len(calls)} answer boxes"
    assert all(lesson == path.stem for lesson, _ in calls), f"{path.name} names another lesson"
    assert [k for _, k in calls] == list(tt.tasks()[path.stem]), (
        f"{path.name}: the boxes' keys are not try_this.yaml's, in page order"
    )


@pytest.mark.parametrize("number", LESSONS)
def test_self_checks_do_not_copy_the_model_answer(number):
    (path,) = NOTEBOOKS_DIR.glob(f"{number}_*.ipynb")
    _, _, models, _ = lesson_tasks(path)
    model_text = " ".join(re.sub(r"<[^>]+>|\[[a-z0-9_]+\]", " ", m) for m in models)
    for item in tt.tasks()[path.stem].values():
        for point in item.checks:
            match = SequenceMatcher(None, point, model_text, autojunk=False).find_longest_match()
            assert match.size < 60, (
                f"{item.key}: copies the model answer: {point[match.a : match.a + match.size]!r}"
            )


@pytest.mark.parametrize("number", ["02", "05"])
def test_voila_page_keeps_the_boxes_and_drops_the_model_answers(number):
    """The answer box is a code cell, so the Voila template's answer stripping keeps it."""
    (path,) = NOTEBOOKS_DIR.glob(f"{number}_*.ipynb")
    nb = nbformat.read(path, as_version=4)
    shown = [strip_answers(c.source) if c.cell_type == "markdown" else c.source for c in nb.cells]
    assert not any(MODEL.search(s) for s in shown)
    assert sum(len(CALL.findall(s)) for s in shown) == len(tt.tasks()[path.stem])
