"""Lesson 08: the student's own earlier answers, brought back for the final reflection, and
the practice quiz (its bank, course/content/quiz_08_review.yaml, re-draws items from every
one of lessons 01-07 as practice beside the lesson's own transfer items; course.quiz builds it)."""

from __future__ import annotations

import ipywidgets as widgets

from course import journal as journal_mod
from course.widgets.base import Explorer, esc, notice


class EarlierAnswers(Explorer):
    """Every reflection the student saved, lesson by lesson, with the written "judge with
    evidence" answers from the quizzes (marked quiz answers left out)."""

    def __init__(self, journal: journal_mod.Journal | None = None):
        self.journal = journal or journal_mod.current()
        self.view = widgets.HTML()
        self.refresh_button = widgets.Button(
            description="Show my latest answers", tooltip="Reload answers saved in other lessons"
        )
        self.refresh_button.on_click(lambda _b: self.refresh())
        super().__init__([self.refresh_button, self.view])
        self.add_class("course-explorer")
        self.refresh()

    def reflections(self) -> list[tuple[str, str, str]]:
        """(lesson, prompt, answer) for every saved reflection, in lesson order."""
        out = []
        for lesson, items in journal_mod.grouped(self.journal.entries()):
            for key, entry in items:
                value = entry["value"]
                written = isinstance(value, dict) and value.get("kind") == "judge"
                if key == "student_key":  # the key that orders quiz options, not an answer
                    continue
                if not key.startswith("quiz/") or written:
                    out.append((lesson, entry.get("prompt") or key, journal_mod.as_text(value)))
        return out

    def refresh(self) -> None:
        rows = self.reflections()
        if not rows:
            self.view.value = notice(
                "No reflections saved yet. Answers you write in the lessons will appear here."
            )
            return
        self.view.value = "".join(
            f"<section><h4>{esc(lesson)}: {esc(prompt)}</h4>"
            f'<blockquote style="white-space: pre-wrap">{esc(answer) or "<em>(empty)</em>"}</blockquote></section>'
            for lesson, prompt, answer in rows
        )

    def describe(self) -> str:
        return f"Your earlier answers: {len(self.reflections())} reflection(s) saved."


def earlier_answers() -> EarlierAnswers:
    """The student's saved reflections from every lesson."""
    return EarlierAnswers()


def mixed_quiz(journal: journal_mod.Journal | None = None) -> Explorer:
    """The practice quiz: items re-drawn from lessons 01-07, not scored (the same as
    quiz.check_yourself("08_review", practice=True))."""
    from course import quiz

    return quiz.check_yourself("08_review", journal, practice=True)
