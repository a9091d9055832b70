"""Self-check quizzes: question banks in YAML, pure scoring, and a "Check yourself" explorer.

Why YAML banks: historians write and review the questions without touching code, and a
test loads every bank, so a wrong answer index or a citation missing from the bibliography
fails in CI, not in front of a class.

Bank schema (``course/content/quiz_<lesson>.yaml``)::

    lesson: 01_blocs                 # must match the file name quiz_<lesson>.yaml
    questions:                       # one or more
      - id: members_2017             # unique in the bank; answers are saved under it
        kind: choice                 # choice | short
        prompt: Which two states ...?
        options: [Iran and Belarus, India and Pakistan, ...]   # choice only, two or more
        answer: 1                    # choice: 0-based index into options
        explanation: India and Pakistan ... # shown after checking, correct or not
        source_id: rferl_2017_india_pakistan_join   # must be in data/sources.csv
      - id: article_4
        kind: short
        prompt: Which article ...?
        answer: ['article\\s*(4|iv)\\b', '2024']   # short: regexes, case-insensitive;
                                     # EVERY one must be found (put alternatives in one
                                     # pattern with |)
        model_answer: Article 4 of the 2024 treaty ...  # short only: shown after checking
        explanation: ...
        source_id: interfax_2024_treaty_in_force

Errors name the file and the question id: ``QuizError: quiz_01_blocs.yaml, question
'members_2017': answer 4 is out of range (3 options)``.

Output is deterministic (no random ids, no times), since a notebook stores the explorer's
text form and nbval compares it.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import ipywidgets as widgets
import yaml

from course import data, journal as journal_mod
from course.paths import CONTENT_DIR
from course.widgets.base import Explorer, esc, notice

Status = Literal["correct", "incorrect", "unanswered"]
KINDS = ("choice", "short")
REQUIRED = ("id", "kind", "prompt", "answer", "explanation", "source_id")
ALLOWED = {*REQUIRED, "options", "model_answer"}


class QuizError(ValueError):
    """A question bank is wrong. `file` and `question` say where."""

    def __init__(self, file: str, question: str | None, message: str):
        self.file, self.question = file, question
        where = file if question is None else f"{file}, question {question!r}"
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class Question:
    """One question. `answer` is an option index (choice) or a tuple of regexes (short)."""

    id: str
    kind: str
    prompt: str
    answer: int | tuple[str, ...]
    explanation: str
    source_id: str
    options: tuple[str, ...] = ()
    model_answer: str = ""

    def correct_text(self) -> str:
        """The right answer in words: the option text, or the model answer."""
        return self.options[self.answer] if self.kind == "choice" else self.model_answer  # type: ignore[index]


@dataclass(frozen=True)
class Bank:
    """A lesson's questions, in the order the lesson asks them."""

    lesson: str
    questions: tuple[Question, ...]
    file: str = ""

    def question(self, qid: str) -> Question:
        return next(q for q in self.questions if q.id == qid)


# ----------------------------------------------------------------------------- loading

def bank_path(lesson: str) -> Path:
    return CONTENT_DIR / f"quiz_{lesson}.yaml"


def lessons_with_banks() -> list[str]:
    """Lessons that have a question bank, in lesson order."""
    return sorted(p.stem.removeprefix("quiz_") for p in CONTENT_DIR.glob("quiz_*.yaml"))


def _known_sources() -> set[str]:
    return set(data.load("sources")["source_id"])


def _question(raw: Any, index: int, file: str, known: Collection[str]) -> Question:
    if not isinstance(raw, dict):
        raise QuizError(file, None, f"question {index + 1} is not a mapping of fields")
    qid = raw.get("id")
    if not isinstance(qid, str) or not qid.strip():
        raise QuizError(file, None, f"question {index + 1} has no id (a non-empty string)")

    def fail(message: str) -> QuizError:
        return QuizError(file, qid, message)

    missing = [f for f in REQUIRED if f not in raw or raw[f] is None or raw[f] == ""]
    if raw.get("kind") == "choice" and "options" not in raw:
        missing.append("options")
    if raw.get("kind") == "short" and not raw.get("model_answer"):
        missing.append("model_answer")
    if missing:
        raise fail(f"missing field(s): {', '.join(missing)}")
    unknown = sorted(set(raw) - ALLOWED)
    if unknown:
        raise fail(f"unknown field(s): {', '.join(unknown)} (allowed: {', '.join(sorted(ALLOWED))})")
    for name in ("prompt", "explanation", "source_id"):
        if not isinstance(raw[name], str):
            raise fail(f"{name} must be text")
    if raw["kind"] not in KINDS:
        raise fail(f"kind {raw['kind']!r} is not one of {', '.join(KINDS)}")
    if raw["source_id"] not in known:
        raise fail(f"source_id {raw['source_id']!r} is not in data/sources.csv")

    if raw["kind"] == "choice":
        options = raw["options"]
        if (not isinstance(options, list) or len(options) < 2
                or not all(isinstance(o, str) and o.strip() for o in options)):
            raise fail("options must be a list of two or more non-empty texts")
        answer = raw["answer"]
        if isinstance(answer, bool) or not isinstance(answer, int):
            raise fail(f"answer must be an option index (0 to {len(options) - 1}), not {answer!r}")
        if not 0 <= answer < len(options):
            raise fail(f"answer {answer} is out of range ({len(options)} options, indexed from 0)")
        if len(set(options)) != len(options):
            raise fail("two options have the same text")
        return Question(qid, "choice", raw["prompt"], answer, raw["explanation"],
                        raw["source_id"], options=tuple(options))

    if "options" in raw:
        raise fail("options are only for kind: choice")
    patterns = raw["answer"]
    if isinstance(patterns, str):
        patterns = [patterns]
    if not isinstance(patterns, list) or not patterns or not all(
            isinstance(p, str) and p.strip() for p in patterns):
        raise fail("answer must be a list of keywords or regexes")
    for pattern in patterns:
        try:
            re.compile(pattern, re.IGNORECASE)
        except re.error as err:
            raise fail(f"answer pattern {pattern!r} is not a valid regex ({err})") from err
    if not isinstance(raw["model_answer"], str):
        raise fail("model_answer must be text")
    bank_like = Question(qid, "short", raw["prompt"], tuple(patterns), raw["explanation"],
                         raw["source_id"], model_answer=raw["model_answer"])
    if is_correct(bank_like, raw["model_answer"]) is not True:
        raise fail("the model answer does not match the accepted patterns")
    return bank_like


def load_bank_file(path: Path, known_sources: Collection[str] | None = None) -> Bank:
    """Load and validate one bank; raise QuizError naming the file and question."""
    path = Path(path)
    file = path.name
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as err:
        raise QuizError(file, None, "file not found") from err
    except yaml.YAMLError as err:
        raise QuizError(file, None, f"not valid YAML ({err})") from err
    if not isinstance(raw, dict):
        raise QuizError(file, None, "the top level must be a mapping with lesson and questions")
    unknown = sorted(set(raw) - {"lesson", "questions"})
    if unknown:
        raise QuizError(file, None, f"unknown top-level field(s): {', '.join(unknown)}")
    lesson = raw.get("lesson")
    if not isinstance(lesson, str) or not lesson:
        raise QuizError(file, None, "missing field: lesson")
    if file.startswith("quiz_") and path.stem != f"quiz_{lesson}":
        raise QuizError(file, None, f"lesson {lesson!r} does not match the file name")
    items = raw.get("questions")
    if not isinstance(items, list) or not items:
        raise QuizError(file, None, "questions must be a non-empty list")
    known = _known_sources() if known_sources is None else known_sources
    questions = [_question(item, i, file, known) for i, item in enumerate(items)]
    seen: set[str] = set()
    for q in questions:
        if q.id in seen:
            raise QuizError(file, q.id, "duplicate question id")
        seen.add(q.id)
    return Bank(lesson, tuple(questions), file)


def load_bank(lesson: str) -> Bank:
    """The validated bank of lesson `lesson` (e.g. "01_blocs")."""
    return load_bank_file(bank_path(lesson))


# ----------------------------------------------------------------------------- scoring (pure)

def is_correct(question: Question, answer: Any) -> bool | None:
    """True/False for an answer; None when there is no answer yet (blank, nothing chosen)."""
    if answer is None or (isinstance(answer, str) and not answer.strip()):
        return None
    if question.kind == "choice":
        if isinstance(answer, bool) or not isinstance(answer, int):
            return None
        if not 0 <= answer < len(question.options):
            return None
        return answer == question.answer
    text = str(answer)
    return all(re.search(p, text, re.IGNORECASE) for p in question.answer)  # type: ignore[union-attr]


@dataclass(frozen=True)
class Result:
    """Per-question status and the counts a summary line needs."""

    statuses: dict[str, Status] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return len(self.statuses)

    def count(self, status: Status) -> int:
        return sum(1 for s in self.statuses.values() if s == status)

    @property
    def correct(self) -> int:
        return self.count("correct")

    @property
    def unanswered(self) -> int:
        return self.count("unanswered")

    @property
    def answered(self) -> int:
        return self.total - self.unanswered

    def summary(self) -> str:
        """'2 of 5 correct; 1 not yet answered.'"""
        line = f"{self.correct} of {self.total} correct"
        if self.unanswered:
            line += f"; {self.unanswered} not yet answered"
        return line + "."


def score(bank: Bank, answers: Mapping[str, Any]) -> Result:
    """Score answers (question id -> option index or text); missing ids are unanswered."""
    statuses: dict[str, Status] = {}
    for q in bank.questions:
        verdict = is_correct(q, answers.get(q.id))
        statuses[q.id] = "unanswered" if verdict is None else ("correct" if verdict else "incorrect")
    return Result(statuses)


def citation(source_id: str) -> str:
    """'[key] Publisher, “Title”, date' — plain text; escape it when it goes into HTML."""
    bib = data.load("sources").set_index("source_id")
    if source_id not in bib.index:
        return f"[{source_id}]"
    row = bib.loc[source_id]
    who = ", ".join(p for p in (row["author"], row["publisher"]) if isinstance(p, str) and p)
    date = row["date"] if isinstance(row["date"], str) and row["date"] else "undated"
    return f"[{source_id}] {who}, “{row['title']}”, {date}"


def feedback_html(question: Question, answer: Any) -> str:
    """Feedback after Check: verdict in words (not colour alone), explanation, source."""
    verdict = is_correct(question, answer)
    if verdict is None:
        ask = "Choose an answer first." if question.kind == "choice" else "Type an answer first."
        return notice(ask)
    head = "Correct." if verdict else "Not quite."
    parts = [f"<p><strong>{head}</strong>"]
    if question.kind == "choice" and not verdict:
        parts.append(f" The answer is: {esc(question.correct_text())}.")
    parts.append("</p>")
    if question.kind == "short":
        parts.append(f"<p><em>A model answer:</em> {esc(question.model_answer)}</p>")
    parts.append(f"<p>{esc(question.explanation)}</p>")
    parts.append(f'<p class="course-cite">Source: {esc(citation(question.source_id))}</p>')
    css = "course-correct" if verdict else "course-incorrect"
    return f'<div class="course-feedback {css}" role="status">{"".join(parts)}</div>'


# ----------------------------------------------------------------------------- the explorer

class QuizExplorer(Explorer):
    """Each question with its control and a Check button; answers autosave to the journal.

    Only checked answers count towards the score line, so typing does not give the answer
    away; changing an answer after checking withdraws the check until it is checked again.
    """

    def __init__(self, bank: Bank, journal: journal_mod.Journal | None = None):
        self.bank = bank
        self.journal = journal or journal_mod.current()
        self.controls: dict[str, widgets.ValueWidget] = {}
        self.buttons: dict[str, widgets.Button] = {}
        self.feedback: dict[str, widgets.HTML] = {}
        self.checked: set[str] = set()
        self.summary = widgets.HTML()
        self.status = widgets.HTML()
        blocks = [self._block(n, q) for n, q in enumerate(bank.questions, start=1)]
        super().__init__([*blocks, self.summary, self.status])
        self.add_class("course-explorer")
        self.add_class("course-quiz")
        self._restore()
        self._update_summary()

    def _block(self, n: int, q: Question) -> widgets.VBox:
        prompt = widgets.HTML(f'<p class="course-question"><strong>Question {n}.</strong> '
                              f"{esc(q.prompt)}</p>")
        label = f"Answer to question {n}"
        if q.kind == "choice":
            control: widgets.ValueWidget = widgets.RadioButtons(
                options=[(o, i) for i, o in enumerate(q.options)], value=None,
                description=label, style={"description_width": "initial"},
                layout={"width": "max-content"})
        else:
            control = widgets.Textarea(value="", rows=2, description=label,
                                       placeholder="Type your answer",
                                       style={"description_width": "initial"},
                                       layout={"width": "100%"})
        button = widgets.Button(description="Check", tooltip=f"Check your answer to question {n}")
        out = widgets.HTML()
        control.observe(lambda change, qid=q.id: self._on_change(qid), names="value")
        button.on_click(lambda _b, qid=q.id: self.check(qid))
        self.controls[q.id], self.buttons[q.id], self.feedback[q.id] = control, button, out
        box = widgets.VBox([prompt, control, button, out])
        box.add_class("course-quiz-question")
        return box

    # -- state
    def answers(self) -> dict[str, Any]:
        """Current answers (option index or text), checked or not."""
        return {qid: c.value for qid, c in self.controls.items()}

    def result(self) -> Result:
        """The score of the checked answers (unchecked ones count as not yet answered)."""
        return score(self.bank, {qid: v for qid, v in self.answers().items() if qid in self.checked})

    def _entry(self, qid: str) -> dict:
        q, value = self.bank.question(qid), self.controls[qid].value
        text = q.options[value] if q.kind == "choice" and value is not None else value
        return {"answer": value, "text": text, "checked": qid in self.checked}

    def _save(self, qid: str) -> None:
        result = self.journal.save(self.bank.lesson, f"quiz/{qid}", self._entry(qid),
                                   prompt=self.bank.question(qid).prompt)
        self.status.value = "" if result.ok else notice(result.message)

    def _restore(self) -> None:
        self._restoring = True
        try:
            for q in self.bank.questions:
                saved = self.journal.get(self.bank.lesson, f"quiz/{q.id}")
                if not isinstance(saved, dict) or saved.get("answer") is None:
                    continue
                try:
                    self.controls[q.id].value = saved["answer"]
                except Exception:  # an answer the bank no longer offers: start afresh
                    continue
                if saved.get("checked"):
                    self.checked.add(q.id)
                    self.feedback[q.id].value = feedback_html(q, saved["answer"])
        finally:
            self._restoring = False
        sentence = self.journal.take_notice()
        if sentence:
            self.status.value = notice(sentence)

    # -- events
    def _on_change(self, qid: str) -> None:
        if getattr(self, "_restoring", False):
            return
        self.checked.discard(qid)
        self.feedback[qid].value = ""
        self._save(qid)
        self._update_summary()

    def check(self, qid: str) -> None:
        """What the Check button does: feedback, score line, and save as checked."""
        q = self.bank.question(qid)
        answer = self.controls[qid].value
        self.feedback[qid].value = feedback_html(q, answer)
        if is_correct(q, answer) is None:
            self.checked.discard(qid)
        else:
            self.checked.add(qid)
            self._save(qid)
        self._update_summary()

    def _update_summary(self) -> None:
        self.summary.value = (f'<p class="course-quiz-score" role="status" aria-live="polite">'
                              f"{esc(self.result().summary())}</p>")

    def describe(self) -> str:
        result = self.result()
        line = f"Check yourself ({self.bank.lesson}): {result.total} questions; {result.answered} answered"
        if result.answered:
            line += f", {result.correct} correct"
        return line + "."


class QuizUnavailable(Explorer):
    """Shown instead of a quiz whose bank cannot be loaded: a sentence, not a traceback."""

    def __init__(self, lesson: str, error: Exception):
        self.lesson, self.error = lesson, error
        super().__init__([widgets.HTML(notice(self.describe()))])
        self.add_class("course-explorer")

    def describe(self) -> str:
        return f"The self-check questions for {self.lesson} could not be loaded ({self.error})."


def check_yourself(lesson: str, journal: journal_mod.Journal | None = None) -> Explorer:
    """The "Check yourself" quiz of lesson `lesson`, e.g. check_yourself("01_blocs")."""
    try:
        bank = load_bank(lesson)
    except QuizError as err:
        return QuizUnavailable(lesson, err)
    return QuizExplorer(bank, journal)
