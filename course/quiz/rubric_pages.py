"""Rubrics as pages: each lesson's instructor rubric cell and the guide's rubric section,
generated from the banks. Apart from course.quiz.rubric (the rubric itself, which the bank
parses) so that the bank and the rubric do not import each other.
`python -m course.quiz.rubric_pages` refreshes the cells and the guide."""

from __future__ import annotations

from course.quiz.bank import lessons_with_banks, load_bank
from course.quiz.rubric import rubric_markdown


def _questions():
    return [(lesson, load_bank(lesson)) for lesson in lessons_with_banks() if lesson[:2] != "08"]


def judge_items() -> list:
    """Every judge item of lessons 01-07, in lesson order."""
    return [q for _, bank in _questions() for q in bank.questions if q.kind == "judge"]


def item_markdown(question) -> str:
    """One judge item's prompt and rubric as a Markdown block."""
    head = f"**{question.lesson} · `{question.id}`** — {question.prompt} [{question.source_id}]"
    return f"{head}\n\n{rubric_markdown(question.rubric)}"


def close_reading_markdown(bank) -> str:
    """A lesson's close-reading rubric as a Markdown block ('' when the bank has none)."""
    if bank.close_reading is None:
        return ""
    head = f"**{bank.lesson} · close reading** — {bank.close_reading_prompt}"
    return f"{head}\n\n{rubric_markdown(bank.close_reading)}"


def lesson_markdown(lesson: str) -> str:
    """The instructor-only cell of a lesson: its judge items' and close reading's rubrics,
    folded in JupyterLab (a <details> block) and left out of the student's Voila page."""
    bank = load_bank(lesson)
    items = [q for q in bank.questions if q.kind == "judge"]
    summary = (
        "<details><summary>Instructor: rubric for the judge-with-evidence task in “Check yourself”"
        + (" and for the close reading" if bank.close_reading else "")
        + "</summary>"
    )
    blocks = [item_markdown(q) for q in items] + [close_reading_markdown(bank)]
    return "\n\n".join([summary, *(b for b in blocks if b), "</details>"])


def guide_section() -> str:
    """The instructor guide's rubric section (between its markers)."""
    blocks = []
    for _, bank in _questions():
        blocks += [item_markdown(q) for q in bank.questions if q.kind == "judge"]
        blocks.append(close_reading_markdown(bank))
    return "\n\n".join(b for b in blocks if b)


def sync_notebooks(folder=None) -> list[str]:
    """Put (or refresh) each lesson's rubric cell, tagged `instructor`, just above its
    "Check yourself" quiz cell; return the lessons changed. `python -m course.quiz.rubric_pages`
    runs it (after a bank's rubric changes, or after merging notebooks); re-execute the
    lessons afterwards. Each notebook is read, changed and written in one step."""
    import nbformat

    from course.core.paths import NOTEBOOKS_DIR

    changed = []
    for path in sorted((folder or NOTEBOOKS_DIR).glob("0[1-7]_*.ipynb")):
        stem = path.stem
        if not any(q.kind == "judge" for q in load_bank(stem).questions):
            continue
        nb = nbformat.read(path, as_version=4)
        text = lesson_markdown(stem)
        cells = [
            c
            for c in nb.cells
            if c.cell_type == "markdown"
            and "instructor" in c.metadata.get("tags", [])
            and "judge-with-evidence" in c.source
        ]
        if cells and cells[0].source == text:
            continue
        if cells:
            cells[0].source = text
        else:
            at = next(
                i for i, c in enumerate(nb.cells) if c.cell_type == "code" and "check_yourself" in c.source
            )
            cell = nbformat.v4.new_markdown_cell(text, metadata={"tags": ["instructor"]})
            cell.id = f"rubric-{stem[:2]}"
            nb.cells.insert(at, cell)
        nbformat.write(nb, path)
        changed.append(stem)
    return changed


def sync_guide(path=None) -> bool:
    """Rewrite the instructor guide's rubric section (between its markers); True if changed."""
    from course.core.paths import PACKAGE_DIR

    path = path or PACKAGE_DIR / "instructor_guide.md"
    text = path.read_text(encoding="utf-8")
    start, end = "<!-- rubrics:start -->", "<!-- rubrics:end -->"
    head, _, rest = text.partition(start)
    _, _, tail = rest.partition(end)
    new = f"{head}{start}\n{guide_section()}\n{end}{tail}"
    if new != text:
        path.write_text(new, encoding="utf-8")
    return new != text


if __name__ == "__main__":
    print("rubric cells written:", ", ".join(sync_notebooks()) or "none needed")
    print("instructor guide:", "rubric section rewritten" if sync_guide() else "up to date")
