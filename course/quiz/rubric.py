"""Rubrics of the "judge with evidence" items, as Markdown for the instructor.

Why generated: the rubric lives once, in the bank beside its item; the instructor guide's
rubric section and each lesson's instructor-only cell are this text, and a test checks they
have not drifted from the banks.
"""

from __future__ import annotations

from course.quiz.bank import Question, lessons_with_banks, load_bank

LEVELS = ("strong", "adequate", "weak")


def judge_items() -> list[Question]:
    """Every judge item of lessons 01-07, in lesson order."""
    return [
        q
        for lesson in lessons_with_banks()
        if lesson[:2] != "08"
        for q in load_bank(lesson).questions
        if q.kind == "judge"
    ]


def item_markdown(question: Question) -> str:
    """One item's prompt and rubric as a Markdown block."""
    lines = [f"**{question.lesson} · `{question.id}`** — {question.prompt} [{question.source_id}]", ""]
    lines += [f"- *{level.capitalize()}:* {question.rubric[level].strip()}" for level in LEVELS]
    return "\n".join(lines)


def lesson_markdown(lesson: str) -> str:
    """The instructor-only cell of a lesson: its judge items' rubrics, folded in JupyterLab
    (a <details> block) and left out of the student's Voila page (tag and summary)."""
    items = [q for q in load_bank(lesson).questions if q.kind == "judge"]
    summary = (
        "<details><summary>Instructor: rubric for the judge-with-evidence task in “Check yourself”</summary>"
    )
    return "\n\n".join([summary, *(item_markdown(q) for q in items), "</details>"])


def guide_section() -> str:
    """The instructor guide's rubric section (between its markers)."""
    return "\n\n".join(item_markdown(q) for q in judge_items())


def sync_notebooks(folder=None) -> list[str]:
    """Put (or refresh) each lesson's rubric cell, tagged `instructor`, just above its
    "Check yourself" quiz cell; return the lessons changed. `python -m course.quiz.rubric`
    runs it (after a bank's rubric changes, or after merging notebooks); re-execute the
    lessons afterwards."""
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
