"""Self-check quizzes: banks validate with clear errors, scoring is pure, the explorer works."""

from __future__ import annotations

import textwrap

import ipywidgets as widgets
import pytest

from course import data, journal, quiz
from course.quiz import QuizError

KNOWN = {"cfr_sco_charter", "rferl_2017_india_pakistan_join"}

GOOD = """
lesson: 99_test
questions:
  - id: q_choice
    kind: choice
    prompt: Pick B
    options: [A, B, C]
    answer: 1
    explanation: B it is.
    source_id: cfr_sco_charter
  - id: q_short
    kind: short
    prompt: Name the two 2017 members
    answer: ['india', 'pakistan']
    model_answer: India and Pakistan.
    explanation: Both joined in 2017.
    source_id: rferl_2017_india_pakistan_join
"""


def write(tmp_path, text: str, name: str = "quiz_99_test.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture
def bank(tmp_path):
    return quiz.load_bank_file(write(tmp_path, GOOD), known_sources=KNOWN)


@pytest.fixture(autouse=True)
def private_journal(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_JOURNAL", str(tmp_path / "work" / "journal.json"))
    monkeypatch.delenv("SERVER_SOFTWARE", raising=False)
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    journal._JOURNALS.clear()
    yield
    journal._JOURNALS.clear()


# ----------------------------------------------------------------------------- the real banks

@pytest.mark.parametrize("lesson", quiz.lessons_with_banks())
def test_every_bank_is_valid_and_cites_the_bibliography(lesson):
    bank = quiz.load_bank(lesson)  # validates against data/sources.csv
    assert bank.lesson == lesson
    assert 4 <= len(bank.questions) <= 6
    sources = set(data.load("sources")["source_id"])
    assert all(q.source_id in sources for q in bank.questions)


def test_every_existing_lesson_has_a_bank():
    from tests.conftest import NOTEBOOKS

    # The start page has no quiz; every lesson after it ends with one.
    lessons = {nb.stem for nb in NOTEBOOKS if not nb.stem.startswith("00_")}
    assert lessons <= set(quiz.lessons_with_banks())


# ----------------------------------------------------------------------------- validation errors

def test_good_bank_loads(bank):
    assert [q.id for q in bank.questions] == ["q_choice", "q_short"]
    assert bank.questions[0].options == ("A", "B", "C")
    assert bank.questions[1].answer == ("india", "pakistan")


@pytest.mark.parametrize("old, new, question, message", [
    ("source_id: cfr_sco_charter", "source_id: nowhere_2020_x", "q_choice",
     "source_id 'nowhere_2020_x' is not in data/sources.csv"),
    ("answer: 1", "answer: 3", "q_choice", "answer 3 is out of range (3 options"),
    ("answer: 1", "answer: -1", "q_choice", "answer -1 is out of range"),
    ("answer: 1", "answer: B", "q_choice", "answer must be an option index"),
    ("    explanation: B it is.\n", "", "q_choice", "missing field(s): explanation"),
    ("    options: [A, B, C]\n", "", "q_choice", "missing field(s): options"),
    ("    model_answer: India and Pakistan.\n", "", "q_short", "missing field(s): model_answer"),
    ("kind: choice", "kind: essay", "q_choice", "kind 'essay' is not one of choice, short"),
    ("id: q_short", "id: q_choice", "q_choice", "duplicate question id"),
    ("answer: ['india', 'pakistan']", "answer: ['(india']", "q_short", "is not a valid regex"),
    ("model_answer: India and Pakistan.", "model_answer: Iran.", "q_short",
     "the model answer does not match"),
    ("    prompt: Pick B\n", "    prompt: Pick B\n    explaination: typo\n", "q_choice",
     "unknown field(s): explaination"),
])
def test_bad_banks_name_file_and_question(tmp_path, old, new, question, message):
    assert old in GOOD
    path = write(tmp_path, GOOD.replace(old, new, 1))
    with pytest.raises(QuizError) as err:
        quiz.load_bank_file(path, known_sources=KNOWN)
    assert err.value.file == "quiz_99_test.yaml"
    assert err.value.question == question
    assert str(err.value).startswith(f"quiz_99_test.yaml, question {question!r}: ")
    assert message in str(err.value)


@pytest.mark.parametrize("text, message", [
    ("lesson: 99_test\nquestions: [\n", "not valid YAML"),
    ("- just a list\n", "the top level must be a mapping"),
    ("lesson: 99_test\nquestions: []\n", "questions must be a non-empty list"),
    ("questions: [{id: a}]\n", "missing field: lesson"),
    ("lesson: 42_other\nquestions: [{id: a}]\n", "does not match the file name"),
])
def test_bad_files_name_the_file(tmp_path, text, message):
    with pytest.raises(QuizError, match=message) as err:
        quiz.load_bank_file(write(tmp_path, text), known_sources=KNOWN)
    assert str(err.value).startswith("quiz_99_test.yaml: ")


def test_missing_file(tmp_path):
    with pytest.raises(QuizError, match="quiz_nope.yaml: file not found"):
        quiz.load_bank_file(tmp_path / "quiz_nope.yaml", known_sources=KNOWN)


def test_missing_bank_in_a_lesson_is_a_sentence_not_a_traceback():
    shown = quiz.check_yourself("77_missing")
    assert repr(shown).startswith("The self-check questions for 77_missing could not be loaded")


# ----------------------------------------------------------------------------- scoring

def test_score_is_pure(bank):
    assert quiz.score(bank, {}).summary() == "0 of 2 correct; 2 not yet answered."
    result = quiz.score(bank, {"q_choice": 1, "q_short": "  "})
    assert result.statuses == {"q_choice": "correct", "q_short": "unanswered"}
    assert result.summary() == "1 of 2 correct; 1 not yet answered."
    result = quiz.score(bank, {"q_choice": 0, "q_short": "PAKISTAN and India"})
    assert result.statuses == {"q_choice": "incorrect", "q_short": "correct"}
    assert result.summary() == "1 of 2 correct."
    assert quiz.score(bank, {"q_short": "India only"}).statuses["q_short"] == "incorrect"


def test_feedback_is_escaped_and_cites_the_source(tmp_path):
    text = GOOD.replace("explanation: B it is.", "explanation: B <script>x</script>")
    bank = quiz.load_bank_file(write(tmp_path, text), known_sources=KNOWN)
    html = quiz.feedback_html(bank.questions[0], 0)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<strong>Not quite.</strong> The answer is: B." in html
    assert "Source: [cfr_sco_charter]" in html
    assert quiz.feedback_html(bank.questions[0], None).count("Choose an answer first.") == 1


# ----------------------------------------------------------------------------- the explorer

def test_explorer_describe_controls_and_summary(bank):
    ex = quiz.QuizExplorer(bank)
    assert repr(ex) == "Check yourself (99_test): 2 questions; 0 answered."
    radio, area = ex.controls["q_choice"], ex.controls["q_short"]
    assert isinstance(radio, widgets.RadioButtons) and radio.description == "Answer to question 1"
    assert isinstance(area, widgets.Textarea) and area.description == "Answer to question 2"
    assert ex.buttons["q_choice"].description == "Check"
    assert "0 of 2 correct; 2 not yet answered." in ex.summary.value

    radio.value = 2
    assert ex.feedback["q_choice"].value == "", "no verdict before Check"
    ex.buttons["q_choice"].click()
    assert "Not quite." in ex.feedback["q_choice"].value
    assert "0 of 2 correct; 1 not yet answered." in ex.summary.value

    area.value = "india & pakistan"
    assert "0 of 2 correct; 1 not yet answered." in ex.summary.value, "typing reveals nothing"
    ex.buttons["q_short"].click()
    assert "Correct." in ex.feedback["q_short"].value
    assert "A model answer:" in ex.feedback["q_short"].value
    assert repr(ex) == "Check yourself (99_test): 2 questions; 2 answered, 1 correct."

    radio.value = 1  # changing an answer withdraws its check
    assert ex.feedback["q_choice"].value == ""
    assert repr(ex) == "Check yourself (99_test): 2 questions; 1 answered, 1 correct."


def test_check_without_answer_asks_for_one(bank):
    ex = quiz.QuizExplorer(bank)
    ex.buttons["q_short"].click()
    assert "Type an answer first." in ex.feedback["q_short"].value
    assert repr(ex).endswith("0 answered.")


def test_answers_are_saved_and_restored(bank):
    ex = quiz.QuizExplorer(bank)
    ex.controls["q_choice"].value = 1
    ex.check("q_choice")
    ex.controls["q_short"].value = "only india"  # typed, not checked
    saved = journal.current().get("99_test", "quiz/q_choice")
    assert saved == {"answer": 1, "text": "B", "checked": True}

    again = quiz.QuizExplorer(bank)
    assert again.controls["q_choice"].value == 1
    assert again.controls["q_short"].value == "only india"
    assert "Correct." in again.feedback["q_choice"].value
    assert again.feedback["q_short"].value == ""
    assert repr(again) == "Check yourself (99_test): 2 questions; 1 answered, 1 correct."
    assert "B" in journal.export_markdown()


def test_student_text_in_short_answer_is_escaped_everywhere(bank):
    ex = quiz.QuizExplorer(bank)
    ex.controls["q_short"].value = "<img src=x onerror=alert(1)> india pakistan"
    ex.check("q_short")
    assert "<img" not in ex.feedback["q_short"].value
    assert "<img" not in journal.export_html()


def test_real_lesson_quiz_renders():
    ex = quiz.check_yourself("01_blocs")
    n = len(quiz.load_bank("01_blocs").questions)
    assert repr(ex) == f"Check yourself (01_blocs): {n} questions; 0 answered."
