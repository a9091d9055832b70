"""The "Check yourself" explorer: every item with its controls, a Check button and
per-option feedback, drawn as one widget view (QuizView).

The view only carries answers and HTML between the page and the pure functions of
course.quiz.marking. Options are shown
in an order shuffled per student (seeded by the student's key in the journal, so a reload
shows the same order); answers are stored in the bank's own order.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from typing import Any

import anywidget
import ipywidgets as widgets
import traitlets

from course.material import data
from course.quiz.bank import Bank, Question, QuizError, load_bank
from course.quiz.marking import Result, answer_text, mark, score, shuffled
from course.widgets.base import Explorer, TraitText, esc, notice
from course.widgets.frame import static_text
from course.work import journal_store as journal_mod

log = logging.getLogger("course")

KEY_LESSON, KEY_ITEM = "00_start_here", "student_key"
NAME_ITEM = "student_name"
NONE_LABEL = "—"
ORDINALS = ("1st", "2nd", "3rd", "4th", "5th", "6th", "7th", "8th", "9th", "10th")


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


# ----------------------------------------------------------------------------- the view


class QuizView(anywidget.AnyWidget):
    """The whole quiz drawn as one widget view (course/widgets/static/quiz.js).

    Why one view: as ipywidgets, a quiz of eight items was about seventy views and two
    hundred models (a box, a heading, a control per option, a button and a feedback box per
    item, each with its layout and style), a third of a lesson's page and most of the state
    the page asks the kernel for when it loads. Here the controls are native HTML inputs
    with their own labels; the kernel keeps the marking, the feedback and the saved work.
    """

    _esm = traitlets.Unicode(static_text("quiz.js")).tag(sync=True)
    _css = traitlets.Unicode(static_text("quiz.css")).tag(sync=True)
    # What each question shows, its options in this student's order (ItemControl.item).
    items = traitlets.List().tag(sync=True)
    # question id -> answer in the bank's order (the page writes it as the student answers)
    answers = traitlets.Dict().tag(sync=True)
    # question id -> the feedback's HTML
    feedback = traitlets.Dict().tag(sync=True)
    summary = traitlets.Unicode("").tag(sync=True)
    status = traitlets.Unicode("").tag(sync=True)


def _whole(value: Any, low: int, high: int) -> int | None:
    """`value` as an int in [low, high], else None (a bool is not a number here; the page's
    numbers are JSON, so 2.0 is 2)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if low <= value <= high else None


class ItemControl:
    """One item's answer in the quiz view; `value` is the answer in the bank's order.

    `item` is what the page shows: the options (or rows) in the order of the student's
    seed, each carrying its place in the bank, so the page answers in bank order.
    """

    def __init__(self, view: QuizView, question: Question, n: int, seed: str, head: str):
        self.view, self.question, self.n, self.head = view, question, n, head
        self._listeners: list[Callable[[], None]] = []
        self._quiet = False
        self.reorder(seed)
        view.observe(self._page_answered, names="answers")

    def _page_answered(self, change: dict) -> None:
        """The page sent answers: if this item's changed, tell the listeners."""
        qid = self.question.id
        if not self._quiet and (change["old"] or {}).get(qid) != (change["new"] or {}).get(qid):
            self.changed()

    def reorder(self, seed: str) -> None:
        """Order the options by `seed` (the explorer then shows every item at once); the
        answer, kept in bank order, stays."""
        self.order = shuffled(seed, self.question.id, len(self.question.options))

    def item(self) -> dict:
        q, n = self.question, self.n
        shown: dict[str, Any] = {
            "id": q.id,
            "n": n,
            "kind": q.kind,
            "head": self.head,
            "label": f"Answer to question {n}",
            "button": "Save" if q.kind == "judge" else "Check",
            "title": f"Check your answer to question {n}",
        }
        if q.kind in ("choice", "multi", "evidence"):
            shown["options"] = [[i, q.options[i].text] for i in self.order]
        elif q.kind == "order":
            shown["rows"] = [[i, q.options[i].text] for i in self.order]
            shown["choices"] = [[None, NONE_LABEL]] + [[p + 1, ORDINALS[p]] for p in range(len(q.options))]
        elif q.kind == "match":
            shown["rows"] = [[i, o.text] for i, o in enumerate(q.options)]
            shown["choices"] = [[None, NONE_LABEL]] + [[i, q.options[i].match] for i in self.order]
        else:
            shown["placeholder"] = "Write your judgement, citing the evidence"
        return shown

    def observe_answer(self, callback: Callable[[], None]) -> None:
        self._listeners.append(callback)

    def changed(self) -> None:
        """The answer changed (in the page, or through `value`): tell the listeners."""
        for callback in self._listeners:
            callback()

    @property
    def value(self) -> Any:
        return self.fit(self.view.answers.get(self.question.id))

    @value.setter
    def value(self, answer: Any) -> None:
        self.set(answer, notify=True)

    def set(self, answer: Any, notify: bool) -> None:
        """Show `answer` (bank order); ValueError if it is not an answer this item offers."""
        fitted = self.fit(answer)
        if answer is not None and answer != "" and fitted is None:
            raise ValueError(f"not an answer to {self.question.id}: {answer!r}")
        self._quiet = True
        try:
            self.view.answers = {**self.view.answers, self.question.id: fitted}
        finally:
            self._quiet = False
        if notify:
            self.changed()

    def fit(self, answer: Any) -> Any:
        """`answer` as this item's answer in bank order, or None where the page sent something
        that is not one (nothing answered yet, an option the bank no longer has)."""
        kind, n = self.question.kind, len(self.question.options)
        if kind == "judge":
            return answer if isinstance(answer, str) and answer else None
        if kind == "choice":
            return _whole(answer, 0, n - 1)
        if not isinstance(answer, list):
            return None
        if kind in ("multi", "evidence"):
            picked = [_whole(a, 0, n - 1) for a in answer]
            if not picked or None in picked or len(set(picked)) != len(picked):
                return None
            return sorted(picked)
        if len(answer) != n:
            return None
        high = n if kind == "order" else n - 1
        fitted = [None if a is None else _whole(a, 1 if kind == "order" else 0, high) for a in answer]
        if fitted != answer or all(a is None for a in fitted):
            return None
        return fitted

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
        self.view = QuizView()
        self.controls: dict[str, ItemControl] = {}
        self.feedback: dict[str, TraitText] = {}
        self.checked: set[str] = set()
        # The first checked answer of each item: what the export and the gradebook score.
        self.first: dict[str, dict] = {}
        self.summary = TraitText(self.view, "summary")
        self.status = TraitText(self.view, "status")
        for n, q in enumerate(bank.questions, start=1):
            control = ItemControl(self.view, q, n, self.seed, self._head(n, q))
            control.observe_answer(lambda qid=q.id: self._on_change(qid))
            self.controls[q.id], self.feedback[q.id] = control, TraitText(self.view, "feedback", q.id)
        self._show_items()
        super().__init__([self.view])
        self.add_class("course-explorer")
        self.add_class("course-quiz")
        self._restore()
        self._update_summary()
        self.view.on_msg(self._message)
        self.until_closed(self.journal.subscribe(self._journal_changed))

    @staticmethod
    def _head(n: int, q: Question) -> str:
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
        return head

    # -- what the page sends (its answers reach the controls: ItemControl._page_answered)
    def _message(self, _view: QuizView, content: dict, _buffers: list) -> None:
        """The page's Check (or Save) button, with the answer the page shows: the page's
        state updates are throttled and can arrive after this message, so the answer comes
        with it and counts as given (saved, any earlier check withdrawn) before checking."""
        qid = content.get("check") if isinstance(content, dict) else None
        if qid not in self.controls:
            log.warning("course: the quiz page sent a message it does not know: %r", content)
            return
        control = self.controls[qid]
        if "answer" in content:
            answer = control.fit(content["answer"])
            if answer != control.value:
                control.set(answer, notify=True)
        self.check(qid)

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
                    self.controls[q.id].set(saved["answer"], notify=False)
                except ValueError:  # an answer the bank no longer offers: start afresh
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
            control.reorder(seed)
        self._show_items()

    def _show_items(self) -> None:
        """Send every item to the page in one update (an update per item would resend the
        growing list each time)."""
        self.view.items = [control.item() for control in self.controls.values()]

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
