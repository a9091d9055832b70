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
    return [q for lesson in lessons_with_banks() if lesson[:2] != "08"
            for q in load_bank(lesson).questions if q.kind == "judge"]


def item_markdown(question: Question) -> str:
    """One item's prompt and rubric as a Markdown block."""
    lines = [f"**{question.lesson} · `{question.id}`** — {question.prompt} [{question.source_id}]", ""]
    lines += [f"- *{level.capitalize()}:* {question.rubric[level].strip()}" for level in LEVELS]
    return "\n".join(lines)


def lesson_markdown(lesson: str) -> str:
    """The instructor-only cell of a lesson: its judge items' rubrics, folded in JupyterLab
    (a <details> block) and left out of the student's Voila page (tag and summary)."""
    items = [q for q in load_bank(lesson).questions if q.kind == "judge"]
    summary = ("<details><summary>Instructor: rubric for the judge-with-evidence task "
               "in “Check yourself”</summary>")
    return "\n\n".join([summary, *(item_markdown(q) for q in items), "</details>"])


def guide_section() -> str:
    """The instructor guide's rubric section (between its markers)."""
    return "\n\n".join(item_markdown(q) for q in judge_items())
