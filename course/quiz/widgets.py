"""The "Check yourself" explorer: one control per item, a Check button, per-option feedback.

Widgets only wire controls to the pure functions of course.quiz.marking. Options are shown
in an order shuffled per student (seeded by the student's key in the journal, so a reload
shows the same order); answers are stored in the bank's own order.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets
import traitlets

from course.material import data
from course.quiz.bank import Bank, Question, QuizError, load_bank
from course.quiz.marking import Result, answer_text, mark, score, shuffled
from course.widgets.base import Explorer, esc, notice
from course.work import journal_store as journal_mod

log = logging.getLogger("course")
# What a control raises for a value it cannot show (an answer the bank no longer offers).
UNSHOWABLE = (traitlets.TraitError, ValueError, TypeError, KeyError, IndexError)

KEY_LESSON, KEY_ITEM = "00_start_here", "student_key"
NAME_ITEM = "student_name"
NONE_LABEL = "—"
ORDINALS = ("1st", "2nd", "3rd", "4th", "5th", "6th", "7th", "8th", "9th", "10th")
# Long options (an evidence row, an event) wrap instead of being cut off with an ellipsis.
STYLE = (
    "<style>.course-quiz .widget-checkbox,.course-quiz .widget-checkbox .widget-label-basic,"
    ".course-quiz .widget-dropdown,.course-quiz .widget-dropdown>label{height:auto;}"
    ".course-quiz .widget-checkbox{width:100%;}"
    ".course-quiz .widget-checkbox .widget-label-basic{align-items:flex-start;}"
    ".course-quiz .widget-checkbox .widget-label-basic span,.course-quiz .widget-dropdown>label"
    "{white-space:normal;overflow:visible;text-overflow:clip;line-height:1.4;}"
    ".course-quiz .widget-dropdown>label{max-width:32rem;}"
    ".course-quiz .widget-dropdown{align-items:flex-start;margin-bottom:.3rem;}</style>"
)


def saved_seed(journal: journal_mod.Journal) -> str:
    """The seed this journal already holds: the student's key, else their name, else ""."""
    key = journal.get(KEY_LESSON, KEY_ITEM)
    if isinstance(key, str) and key:
        return key
    name = journal.get(KEY_LESSON, NAME_ITEM)
    return name.strip().lower() if isinstance(name, str) else ""


def student_seed(journal: journal_mod.Journal) -> str:
    """The seed of this student's option order: a random key kept in the journal.

    In JupyterLab the key is made once and saved. In Voila nothing is made on the server
    (a preheated kernel runs before any student arrives): the key restored from the page's
    storage is used if there is one, else the name the student entered, else a shared
    default, so a reload never reshuffles.
    """
    seed = saved_seed(journal)
    if seed or journal.memory:
        return seed
    key = uuid.uuid4().hex
    saved = journal.save(KEY_LESSON, KEY_ITEM, key, prompt="Key that orders your quiz options")
    return key if saved.ok else ""


def citation(source_id: str) -> str:
    """'[key] Publisher, “Title”, date' — plain text; escape it when it goes into HTML."""
    bib = data.load("sources").set_index("source_id")
    if source_id not in bib.index:
        return f"[{source_id}]"
    row = bib.loc[source_id]
    who = ", ".join(p for p in (row["author"], row["publisher"]) if isinstance(p, str) and p)
    date = row["date"] if isinstance(row["date"], str) and row["date"] else "undated"
    return f"[{source_id}] {who}, “{row['title']}”, {date}"


# ----------------------------------------------------------------------------- feedback (pure)


def duplicate_places(question: Question, answer: Any) -> list[int]:
    """The places an ordering answer gives to more than one event (empty: none shared)."""
    if question.kind != "order" or not isinstance(answer, (list, tuple)):
        return []
    placed = [p for p in answer if p is not None]
    return sorted({p for p in placed if placed.count(p) > 1})


def refusal(question: Question, answer: Any) -> str:
    """The sentence shown instead of marking when an answer cannot be checked ('' if it can)."""
    if question.kind == "judge":
        return (
            ""
            if isinstance(answer, str) and answer.strip()
            else "There is nothing to save yet: write your judgement first."
        )
    shared = duplicate_places(question, answer)
    if shared:
        places = ", ".join(ORDINALS[p - 1] for p in shared)
        return (
            f"Two events share the same place ({places}). Give each event its own place, then check; "
            "this try was not marked."
        )
    if mark(question, answer).correct is None:
        return "Answer first, then check."
    return ""


def practice_line(first: dict) -> str:
    """The line over the feedback of a later try: what the first checked answer scored."""
    return (
        '<p class="course-quiz-practice"><strong>Practice try.</strong> Your score for this '
        f"question stays {float(first.get('score', 0)):.2g} of {float(first.get('max', 1)):.0f}, "
        "from your first checked answer.</p>"
    )


def feedback_html(question: Question, answer: Any) -> str:
    """Feedback after Check: the verdict in words, each relevant option's own feedback, sources."""
    why = refusal(question, answer)
    if why:
        return notice(why)
    if question.kind == "judge":
        return notice(
            "Saved. Your instructor reads written judgements against a rubric; "
            "compare yours with the evidence the lesson gives."
        )
    m = mark(question, answer)
    head = "Correct." if m.correct else ("Partly right." if m.score > 0 else "Not quite.")
    parts = [
        f'<p><strong>{head}</strong> Score {m.score:.2g} of {m.max:.0f}.</p><ul class="course-option-feedback">'
    ]
    sources: list[str] = []
    for index, right, did in m.lines:
        opt = question.options[index]
        sources.append(opt.source_id)
        verdict = _verdict(question.kind, right, did, index, answer)
        label = opt.text if question.kind != "match" else f"{opt.text} — {opt.match}"
        parts.append(
            f'<li data-option="{index}"><strong>{esc(verdict)}</strong> '
            f"<em>{esc(label)}</em>: {esc(opt.feedback)} [{esc(opt.source_id)}]</li>"
        )
    parts.append("</ul>")
    for source in dict.fromkeys([question.source_id, *sources]):
        parts.append(f'<p class="course-cite">Source: {esc(citation(source))}</p>')
    css = "course-correct" if m.correct else "course-incorrect"
    return f'<div class="course-feedback {css}" role="status">{"".join(parts)}</div>'


def _verdict(kind: str, right: bool, did: str, index: int, answer: Any) -> str:
    if kind == "choice":
        return (
            ("Your choice is right." if right else "Your choice is wrong.")
            if did == "chosen"
            else "The right answer:"
        )
    if kind in ("multi", "evidence"):
        if did == "chosen":
            return "Right to pick." if right else "Should not be picked."
        return "Missed:"
    if kind == "order":
        given = answer[index]
        place = ORDINALS[given - 1] if isinstance(given, int) else "nowhere"
        return (
            f"Right place ({ORDINALS[index]})."
            if right
            else f"You placed it {place}; it is {ORDINALS[index]}."
        )
    return "Right match." if right else "Wrong match; the right one is:"


# ----------------------------------------------------------------------------- controls


class ItemControl(widgets.VBox):
    """The control(s) for one item; `value` is the answer in the bank's order."""

    def __init__(self, question: Question, n: int, seed: str):
        self.question, self.n = question, n
        self._listeners: list[Callable[[], None]] = []
        self.parts: list[widgets.ValueWidget] = []
        super().__init__()
        self.reorder(seed)
        self.add_class(f"course-quiz-{question.kind}")

    # -- building (in the student's order)
    def reorder(self, seed: str) -> None:
        """Show the options in the order of `seed`; keeps the current answer."""
        q, label = self.question, f"Answer to question {self.n}"
        keep = self.value if self.parts else None
        order = shuffled(seed, q.id, len(q.options))
        self.order = order
        for part in self.parts:
            part.unobserve_all()
        if q.kind == "choice":
            self.parts = [
                widgets.RadioButtons(
                    options=[(q.options[i].text, i) for i in order],
                    value=None,
                    description=label,
                    style={"description_width": "initial"},
                    layout={"width": "max-content"},
                )
            ]
        elif q.kind in ("multi", "evidence"):
            self.parts = [
                widgets.Checkbox(
                    value=False, description=q.options[i].text, indent=False, layout={"width": "auto"}
                )
                for i in order
            ]
        elif q.kind == "order":
            choices = [(NONE_LABEL, None)] + [(ORDINALS[p], p + 1) for p in range(len(q.options))]
            self.parts = [
                widgets.Dropdown(
                    options=choices,
                    value=None,
                    description=q.options[i].text,
                    style={"description_width": "initial"},
                    layout={"width": "auto"},
                )
                for i in order
            ]
        elif q.kind == "match":
            choices = [(NONE_LABEL, None)] + [(q.options[i].match, i) for i in order]
            self.parts = [
                widgets.Dropdown(
                    options=choices,
                    value=None,
                    description=o.text,
                    style={"description_width": "initial"},
                    layout={"width": "auto"},
                )
                for o in q.options
            ]
        else:
            # Saved when the student leaves the box, not on every keystroke.
            self.parts = [
                widgets.Textarea(
                    value="",
                    rows=5,
                    description=label,
                    continuous_update=False,
                    placeholder="Write your judgement, citing the evidence",
                    style={"description_width": "initial"},
                    layout={"width": "100%"},
                )
            ]
        for i, part in enumerate(self.parts):
            part.add_class(f"course-quiz-part-{i}")
        self.children = self.parts
        if keep is not None:
            self._set(keep, notify=False)
        for part in self.parts:
            part.observe(lambda _c: self._changed(), names="value")

    def observe_answer(self, callback: Callable[[], None]) -> None:
        self._listeners.append(callback)

    def _changed(self) -> None:
        if getattr(self, "_setting", False):
            return
        for callback in self._listeners:
            callback()

    # -- the answer, in bank order
    @property
    def value(self) -> Any:
        kind, parts = self.question.kind, self.parts
        if kind == "choice":
            return parts[0].value
        if kind in ("multi", "evidence"):
            picked = sorted(i for i, p in zip(self.order, parts, strict=False) if p.value)
            return picked or None
        if kind == "order":
            answer: list[int | None] = [None] * len(parts)
            for i, p in zip(self.order, parts, strict=False):
                answer[i] = p.value
            return None if all(a is None for a in answer) else answer
        if kind == "match":
            answer = [p.value for p in parts]
            return None if all(a is None for a in answer) else answer
        return parts[0].value or None

    @value.setter
    def value(self, answer: Any) -> None:
        self._set(answer, notify=True)

    def _set(self, answer: Any, notify: bool) -> None:
        """Set every part from an answer in bank order; tell listeners once if `notify`."""
        self._setting = True
        try:
            kind, parts = self.question.kind, self.parts
            if kind == "choice":
                parts[0].value = answer
            elif kind in ("multi", "evidence"):
                chosen = set(answer or [])
                for i, p in zip(self.order, parts, strict=False):
                    p.value = i in chosen
            elif kind == "order":
                for i, p in zip(self.order, parts, strict=False):
                    p.value = answer[i] if answer else None
            elif kind == "match":
                for i, p in enumerate(parts):
                    p.value = answer[i] if answer else None
            else:
                parts[0].value = answer or ""
        finally:
            self._setting = False
        if notify:
            self._changed()

    def shown(self) -> list[str]:
        """The option texts in the order this student sees them."""
        if self.question.kind == "match":
            return [self.question.options[i].match for i in self.order]
        return [self.question.options[i].text for i in self.order]


# ----------------------------------------------------------------------------- the explorer


class QuizExplorer(Explorer):
    """Each item with its control and a Check button; answers autosave to the journal.

    Only checked answers count towards the score line, so trying options does not give the
    answer away; changing an answer after checking withdraws the check until it is checked
    again.
    """

    def __init__(self, bank: Bank, journal: journal_mod.Journal | None = None):
        self.bank = bank
        self.journal = journal or journal_mod.current()
        self.seed = student_seed(self.journal)
        self.controls: dict[str, ItemControl] = {}
        self.buttons: dict[str, widgets.Button] = {}
        self.feedback: dict[str, widgets.HTML] = {}
        self.checked: set[str] = set()
        # The first checked answer of each item: what the export and the gradebook score.
        self.first: dict[str, dict] = {}
        self.summary = widgets.HTML()
        self.status = widgets.HTML()
        blocks = [self._block(n, q) for n, q in enumerate(bank.questions, start=1)]
        super().__init__([widgets.HTML(STYLE), *blocks, self.summary, self.status])
        self.add_class("course-explorer")
        self.add_class("course-quiz")
        self._restore()
        self._update_summary()
        self.until_closed(self.journal.subscribe(self._journal_changed))

    def _block(self, n: int, q: Question) -> widgets.VBox:
        head = f'<p class="course-question"><strong>Question {n}.</strong> {esc(q.prompt)}</p>'
        if q.kind == "evidence":
            verb = "support" if q.select == "supports" else "undercut"
            head += (
                f'<p class="course-claim"><strong>Claim:</strong> {esc(q.claim)}</p>'
                f"<p>Tick every row of the lesson's data that would {verb} the claim.</p>"
            )
        elif q.kind == "multi" and "all that apply" not in q.prompt.lower():
            head += "<p>Choose all that apply.</p>"
        elif q.kind == "order":
            head += "<p>Give each event its place, earliest first.</p>"
        control = ItemControl(q, n, self.seed)
        button = widgets.Button(
            description="Save" if q.kind == "judge" else "Check", tooltip=f"Check your answer to question {n}"
        )
        out = widgets.HTML()
        control.observe_answer(lambda qid=q.id: self._on_change(qid))
        button.on_click(lambda _b, qid=q.id: self.check(qid))
        self.controls[q.id], self.buttons[q.id], self.feedback[q.id] = control, button, out
        box = widgets.VBox([widgets.HTML(head), control, button, out])
        box.add_class("course-quiz-question")
        box.add_class(f"course-quiz-q-{q.id.replace('.', '-')}")
        return box

    # -- state
    def answers(self) -> dict[str, Any]:
        """Current answers (bank order), checked or not."""
        return {qid: c.value for qid, c in self.controls.items()}

    def result(self) -> Result:
        """The score of the first checked answers (later tries are practice; items never
        checked count as not yet answered)."""
        return score(self.bank, {qid: f["answer"] for qid, f in self.first.items()})

    def _entry(self, qid: str) -> dict:
        q, value = self.bank.question(qid), self.controls[qid].value
        entry = {
            "answer": value,
            "text": answer_text(q, value),
            "checked": qid in self.checked,
            "kind": q.kind,
        }
        first = self.first.get(qid)
        if q.marked and first is not None:
            # The scored verdict is the first checked answer's; a later checked try is practice.
            entry.update(correct=first["correct"], score=first["score"], max=first["max"], first=first)
            if qid in self.checked and value != first["answer"]:
                m = mark(q, value)
                entry["practice"] = {"correct": m.correct, "score": m.score}
        return entry

    def _save(self, qid: str) -> None:
        result = self.journal.save(
            self.bank.lesson, f"quiz/{qid}", self._entry(qid), prompt=self.bank.question(qid).prompt
        )
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
                except UNSHOWABLE:  # an answer the bank no longer offers: start afresh
                    log.info("course: saved answer to %s/%s no longer fits the item", self.bank.lesson, q.id)
                    continue
                first = saved.get("first")
                if isinstance(first, dict) and q.marked and mark(q, first.get("answer")).correct is not None:
                    self.first[q.id] = first
                if saved.get("checked") and q.marked and mark(q, saved["answer"]).correct is not None:
                    self.checked.add(q.id)
                    self.first.setdefault(q.id, _first_entry(q, saved["answer"]))
                    self.feedback[q.id].value = self._feedback(q, saved["answer"])
        finally:
            self._restoring = False
        sentence = self.journal.take_notice()
        if sentence:
            self.status.value = notice(sentence)

    def _journal_changed(self) -> None:
        """Work restored from the page's storage may bring the student's key: reorder once."""
        seed = saved_seed(self.journal)
        if not seed or seed == self.seed:
            return
        self.seed = seed
        for control in self.controls.values():
            try:
                control.reorder(seed)
            except UNSHOWABLE:  # the answer it held no longer fits: the control starts afresh
                log.info("course: item %s kept its order; its answer no longer fits", control.question.id)

    # -- events
    def _on_change(self, qid: str) -> None:
        if getattr(self, "_restoring", False):
            return
        self.checked.discard(qid)
        self.feedback[qid].value = ""
        self._save(qid)
        self._update_summary()

    def check(self, qid: str) -> None:
        """What the Check (or Save) button does: refuse an answer that cannot be marked with a
        sentence; otherwise feedback, the score line, and save as checked. The first checked
        answer is kept as the scored one; later checks are practice and say so."""
        q = self.bank.question(qid)
        answer = self.controls[qid].value
        why = refusal(q, answer)
        if why:
            self.checked.discard(qid)
            self.feedback[qid].value = notice(why)
            self._update_summary()
            return
        if q.kind != "judge":
            self.checked.add(qid)
            self.first.setdefault(qid, _first_entry(q, answer))
        self.feedback[qid].value = self._feedback(q, answer)
        self._save(qid)
        self._update_summary()

    def _feedback(self, q: Question, answer: Any) -> str:
        """Feedback for `answer`, headed "Practice try" when it is not the scored first answer."""
        html = feedback_html(q, answer)
        first = self.first.get(q.id)
        if q.marked and first is not None and first.get("answer") != answer:
            return practice_line(first) + html
        return html

    def _update_summary(self) -> None:
        line = self.result().summary()
        if self.first:
            line += " Your first checked answer to each question is the one that counts; later tries are practice."
        self.summary.value = f'<p class="course-quiz-score" role="status" aria-live="polite">{esc(line)}</p>'

    def describe(self) -> str:
        result = self.result()
        kinds = sorted({q.kind for q in self.bank.questions})
        line = (
            f"Check yourself ({self.bank.lesson}): {len(self.bank.questions)} items "
            f"({', '.join(kinds)}); {result.total} marked, {result.answered} answered"
        )
        if result.answered:
            line += f", {result.correct} correct"
        return line + "."


def _first_entry(q: Question, answer: Any) -> dict:
    """The record of a first checked answer, as the export carries it."""
    m = mark(q, answer)
    return {
        "answer": answer,
        "text": answer_text(q, answer),
        "correct": m.correct,
        "score": m.score,
        "max": m.max,
    }


class QuizUnavailable(Explorer):
    """Shown instead of a quiz whose bank cannot be loaded: a sentence, not a traceback."""

    def __init__(self, lesson: str, error: Exception):
        self.lesson, self.error = lesson, error
        super().__init__([widgets.HTML(notice(self.describe()))])
        self.add_class("course-explorer")

    def describe(self) -> str:
        return f"The self-check questions for {self.lesson} could not be loaded ({self.error})."


def check_yourself(
    lesson: str, journal: journal_mod.Journal | None = None, practice: bool = False
) -> Explorer:
    """The "Check yourself" quiz of lesson `lesson`, e.g. check_yourself("01_blocs");
    `practice=True` shows the bank's re-drawn practice items instead (lesson 08)."""
    try:
        bank = load_bank(lesson)
    except (QuizError, OSError) as err:
        return QuizUnavailable(lesson, err)
    return QuizExplorer(bank.practice_bank() if practice else bank, journal)
