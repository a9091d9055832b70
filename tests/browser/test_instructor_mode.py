"""Instructor mode in Voila: answers are absent from a student's page (the course template,
served from preheated kernels), present with ?template=instructor (and the older ?mode=instructor)."""

from __future__ import annotations

import json
import re

import pytest

from tests.browser.lessons import open_lesson
from tests.browser.test_security import _get
from tests.conftest import NOTEBOOKS

pytestmark = pytest.mark.browser
ANSWER = re.compile(r"<summary>\s*(Model answer|Answers?|Instructor)", re.I)


def _has_answers(nb) -> bool:
    cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
    return any(
        ANSWER.search("".join(c["source"])) or "instructor" in c["metadata"].get("tags", []) for c in cells
    )


LESSONS_WITH_ANSWERS = [nb for nb in NOTEBOOKS if _has_answers(nb)]


def test_some_lessons_have_answers_to_hide():
    assert LESSONS_WITH_ANSWERS, "no lesson has a model answer: the tests below would prove nothing"


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.stem)
def test_student_page_has_no_answers_and_no_code(voila_url, nb):
    status, page = _get(f"{voila_url}voila/render/{nb.name}")
    assert status == 200
    assert not ANSWER.search(page)
    assert "Instructor view" not in page
    for cell in json.loads(nb.read_text(encoding="utf-8"))["cells"]:
        source = "".join(cell["source"]).strip()
        if cell["cell_type"] == "code" and source:
            assert source not in page, source


@pytest.mark.parametrize("nb", LESSONS_WITH_ANSWERS, ids=lambda p: p.stem)
def test_instructor_page_shows_answers(voila_url, nb):
    status, page = _get(f"{voila_url}voila/render/{nb.name}?template=instructor")
    assert status == 200
    assert ANSWER.search(page)
    assert "Instructor view" in page


def test_instructor_sees_answers_in_the_browser(page, voila_url):
    """The older ?mode=instructor link lands on the instructor view too."""
    open_lesson(page, voila_url, "01_blocs", query="?mode=instructor")
    assert "template=instructor" in page.url
    assert page.get_by_text("Instructor view").count() >= 1
    page.locator("summary", has_text="Model answer").first.click()
    assert page.get_by_text("India and Pakistan became full members in 2017").first.is_visible()
    assert page.log.errors == [] and page.log.foreign() == []
