"""Self-check quizzes: banks (YAML + JSON Schema), pure marking, and the "Check yourself" explorer.

Why YAML banks: historians write and review the questions without touching code, and a test
loads every bank, so a wrong answer, a repeated option or a citation missing from the
bibliography fails in CI, not in front of a class. Modules: `bank` (loading and checking),
`marking` (pure functions, also used by the gradebook), `widgets` (the explorer),
`rubric` (the instructor's rubrics for "judge with evidence" items).
"""

from course.quiz.bank import (
    Bank,
    Option,
    Question,
    QuizError,
    bank_path,
    cited_sources,
    lessons_with_banks,
    load_bank,
    load_bank_file,
    parse,
)
from course.quiz.marking import (
    Mark,
    Result,
    answer_text,
    is_correct,
    mark,
    score,
    shuffled,
)

_WIDGETS = {"QuizExplorer", "QuizUnavailable", "check_yourself", "citation", "feedback_html", "student_seed"}


def __getattr__(name: str):
    """The explorer's names load ipywidgets only when asked for (the gradebook and the
    bibliography read banks without a widget layer)."""
    if name in _WIDGETS:
        from course.quiz import widgets

        return getattr(widgets, name)
    raise AttributeError(f"module 'course.quiz' has no attribute {name!r}")


__all__ = [
    "Bank",
    "Mark",
    "Option",
    "Question",
    "QuizError",
    "QuizExplorer",
    "QuizUnavailable",
    "Result",
    "answer_text",
    "bank_path",
    "check_yourself",
    "citation",
    "cited_sources",
    "feedback_html",
    "is_correct",
    "lessons_with_banks",
    "load_bank",
    "load_bank_file",
    "mark",
    "parse",
    "score",
    "shuffled",
    "student_seed",
]
