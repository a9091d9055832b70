"""Lesson 08's review brings back earlier answers, escaped."""

from course import journal
from course.widgets import review


def test_earlier_answers_shows_saved_reflections_escaped(tmp_path):
    j = journal.Journal(tmp_path / "journal.json", memory=False)
    j.save("01_blocs", "bloc", "<script>alert(1)</script> not a bloc", prompt="Is the SCO a bloc?")
    j.save("01_blocs", "quiz/q1", {"answer": 1, "text": "India and Pakistan", "checked": True})
    explorer = review.EarlierAnswers(j)
    assert explorer.reflections() == [
        ("01_blocs", "Is the SCO a bloc?", "<script>alert(1)</script> not a bloc")
    ]
    assert "&lt;script&gt;" in explorer.view.value and "<script>" not in explorer.view.value
    assert explorer.describe() == "Your earlier answers: 1 reflection(s) saved."


def test_no_answers_gives_a_sentence(tmp_path):
    explorer = review.EarlierAnswers(journal.Journal(tmp_path / "j.json", memory=False))
    assert "No reflections saved yet" in explorer.view.value
