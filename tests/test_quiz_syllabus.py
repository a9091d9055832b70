"""Every learning objective is assessed: course/syllabus.md maps each "In this lesson you
will" objective to items that exist; the judge items' rubrics are in the instructor guide and
in each lesson's instructor-only cell, as the banks state them."""

from __future__ import annotations

import json
import re

import pytest

from course import quiz
from course.core.paths import NOTEBOOKS_DIR, PACKAGE_DIR
from course.quiz import rubric_pages as rubric

SYLLABUS = PACKAGE_DIR / "syllabus.md"
SECTION = "## Objectives and the items that assess them"
ITEM = re.compile(r"`([^`]+)`")


def objectives(stem: str) -> list[str]:
    """The numbered "In this lesson you will" objectives of a lesson notebook."""
    cells = json.loads((NOTEBOOKS_DIR / f"{stem}.ipynb").read_text(encoding="utf-8"))["cells"]
    for cell in cells:
        text = "".join(cell["source"])
        if "In this lesson you will" in text:
            block = text.split("In this lesson you will", 1)[1].split("\n\n", 1)[0]
            return re.findall(r"^\d+\.\s+(.*)$", block, re.MULTILINE)
    return []


def syllabus_map(text: str) -> dict[str, dict[int, tuple[str, list[str]]]]:
    """Lesson number -> objective number -> (objective text, items) from the map section."""
    out: dict[str, dict[int, tuple[str, list[str]]]] = {}
    lesson = None
    for line in text.split(SECTION, 1)[1].splitlines():
        heading = re.match(r"### Lesson (\d\d)\b", line)
        if heading:
            lesson = heading.group(1)
            out[lesson] = {}
            continue
        row = re.match(r"\|\s*(\d+)\s*\|(.*)\|(.*)\|\s*$", line)
        if row and lesson:
            out[lesson][int(row.group(1))] = (row.group(2).strip(), ITEM.findall(row.group(3)))
    return out


def verbs(text: str) -> list[str]:
    return re.findall(r"\*\*([^*]+)\*\*", text)


def reflection_keys(stem: str) -> set[str]:
    raw = (NOTEBOOKS_DIR / f"{stem}.ipynb").read_text(encoding="utf-8")
    return {f"{stem}/{key}" for key in re.findall(rf'reflection\(\\"{stem}\\", \\"([a-z0-9_]+)\\"', raw)}


def unassessed(text: str) -> list[str]:
    """Every objective with no existing item, one sentence each."""
    found = syllabus_map(text)
    lessons = sorted(p.stem for p in NOTEBOOKS_DIR.glob("0[1-8]_*.ipynb"))
    reflections = set().union(*(reflection_keys(s) for s in ["00_start_here", *lessons]))
    problems = []
    for stem in lessons:
        rows = found.get(stem[:2], {})
        bank_ids = {q.id for q in quiz.load_bank(stem).questions}
        for n, objective in enumerate(objectives(stem), start=1):
            text_items = rows.get(n)
            if text_items is None:
                problems.append(f"{stem} objective {n} is not in the syllabus map")
                continue
            mapped, items = text_items
            if verbs(mapped) != verbs(objective):
                problems.append(
                    f"{stem} objective {n}: the map says {verbs(mapped)}, the lesson {verbs(objective)}"
                )
            good = [
                i
                for i in items
                if i == "gradebook"
                or i in reflections
                or (i.startswith(f"{stem}:") and i.split(":", 1)[1] in bank_ids)
            ]
            if not good:
                problems.append(f"{stem} objective {n} has no item that assesses it")
            for bad in sorted(set(items) - set(good)):
                problems.append(f"{stem} objective {n}: item {bad} does not exist")
    return problems


def test_every_objective_has_an_item():
    assert unassessed(SYLLABUS.read_text(encoding="utf-8")) == []


def test_every_lesson_01_to_08_has_objectives():
    for stem in sorted(p.stem for p in NOTEBOOKS_DIR.glob("0[1-8]_*.ipynb")):
        assert len(objectives(stem)) >= 3, stem


def test_an_objective_without_items_fails():
    text = SYLLABUS.read_text(encoding="utf-8")
    row = next(line for line in text.split(SECTION, 1)[1].splitlines() if line.startswith("| 2 |"))
    emptied = text.replace(row, row.rsplit("|", 2)[0] + "| (none yet) |")
    assert unassessed(emptied) == ["01_blocs objective 2 has no item that assesses it"]
    renamed = text.replace("`01_blocs:members_2017`, `01_blocs:members_2024`", "`01_blocs:members_2099`")
    assert unassessed(renamed) == [
        "01_blocs objective 1 has no item that assesses it",
        "01_blocs objective 1: item 01_blocs:members_2099 does not exist",
    ]


def test_every_quiz_reference_in_the_syllabus_exists():
    text = SYLLABUS.read_text(encoding="utf-8")
    for ref in re.findall(r"`(0\d_[a-z_]+):([a-z0-9_.]+)`", text):
        lesson, qid = ref
        assert qid in {q.id for q in quiz.load_bank(lesson).questions}, ref


def test_guide_has_the_banks_rubrics():
    guide = (PACKAGE_DIR / "instructor_guide.md").read_text(encoding="utf-8")
    section = guide.split("<!-- rubrics:start -->", 1)[1].split("<!-- rubrics:end -->", 1)[0]
    assert section.strip() == rubric.guide_section().strip()
    assert len(rubric.judge_items()) == 7


@pytest.mark.parametrize("stem", [f"{lesson}" for lesson in quiz.lessons_with_banks() if lesson < "08"])
def test_lesson_has_its_rubric_in_an_instructor_cell(stem):
    from course.server.instructor import strip_answers

    cells = json.loads((NOTEBOOKS_DIR / f"{stem}.ipynb").read_text(encoding="utf-8"))["cells"]
    tagged = ["".join(c["source"]) for c in cells if "instructor" in c.get("metadata", {}).get("tags", [])]
    assert rubric.lesson_markdown(stem) in tagged
    assert "Strong:" not in strip_answers(rubric.lesson_markdown(stem))  # folded away for students


def test_rubric_cells_are_put_back_where_they_belong(tmp_path):
    import shutil

    for path in NOTEBOOKS_DIR.glob("0[1-7]_*.ipynb"):
        shutil.copy(path, tmp_path / path.name)
    assert rubric.sync_notebooks(tmp_path) == []  # the committed lessons are in sync
    raw = json.loads((tmp_path / "03_triple_entente.ipynb").read_text(encoding="utf-8"))
    raw["cells"] = [c for c in raw["cells"] if "judge-with-evidence" not in "".join(c["source"])]
    (tmp_path / "03_triple_entente.ipynb").write_text(json.dumps(raw), encoding="utf-8")
    assert rubric.sync_notebooks(tmp_path) == ["03_triple_entente"]
    cells = json.loads((tmp_path / "03_triple_entente.ipynb").read_text(encoding="utf-8"))["cells"]
    at = next(i for i, c in enumerate(cells) if "judge-with-evidence" in "".join(c["source"]))
    assert "check_yourself" in "".join(cells[at + 1]["source"])
