"""With an instructor key set, the instructor view is the instructor's: a request without
the key gets the student view and one line saying why; with the key (once, then a cookie)
every model answer is there. Without a key, the views are as before (test_instructor_mode)."""

from __future__ import annotations

import re
import urllib.request

import pytest

from tests.browser.chromium import new_context
from tests.browser.conftest import PageLog, start_voila, voila_env
from tests.browser.test_security import _get
from tests.conftest import REPO

pytestmark = pytest.mark.browser
KEY = "correct-horse-battery-staple-7"
ANSWER = re.compile(r"<summary>\s*(Model answer|Answers?|Instructor)", re.I)
NOTICE = "the instructor view needs the instructor"
LESSON = "02_camp_david"


def _answers_in_notebook() -> int:
    return len(ANSWER.findall((REPO / "notebooks" / f"{LESSON}.ipynb").read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def keyed_url():
    """A Voila server started with COURSE_INSTRUCTOR_KEY (kernels on request, to spare the CPU)."""
    env = dict(voila_env(), COURSE_INSTRUCTOR_KEY=KEY)
    proc, base = start_voila(course=("serve", "--no-preheat"), env=env, log="voila-keyed")
    yield base
    proc.terminate()
    proc.wait(timeout=30)


@pytest.mark.parametrize(
    "query",
    [
        "?template=instructor",
        "?template=lab",
        "?template=reveal",
        "?template=instructor&key=wrong",
        f"?template=instructor&key={KEY[:-1]}",
    ],
)
def test_without_the_key_a_student_gets_the_student_view_and_one_line(keyed_url, query):
    status, page = _get(f"{keyed_url}voila/render/{LESSON}.ipynb{query}")
    assert status == 200
    assert not ANSWER.search(page) and "Instructor view" not in page
    assert NOTICE in page
    assert KEY not in page


def test_the_student_view_itself_is_unchanged(keyed_url):
    status, page = _get(f"{keyed_url}voila/render/{LESSON}.ipynb")
    assert status == 200 and not ANSWER.search(page) and NOTICE not in page


def test_the_key_opens_the_instructor_view_and_a_cookie_keeps_it(browser, keyed_url):
    context = new_context(browser, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.log = PageLog(page, keyed_url)
    try:
        page.goto(f"{keyed_url}voila/render/{LESSON}.ipynb?template=instructor&key={KEY}", timeout=240_000)
        page.wait_for_selector("#rendered_cells", state="visible", timeout=240_000)
        assert "key=" not in page.url and "template=instructor" in page.url  # off the address bar
        assert page.get_by_text("Instructor view").count() >= 1
        html = page.content()
        assert len(ANSWER.findall(html)) == _answers_in_notebook() > 0  # every answer
        cookie = [c for c in context.cookies() if c["name"] == "course-instructor"]
        assert cookie and cookie[0]["httpOnly"] and KEY not in cookie[0]["value"]
        # the cookie stands for the key on the next page
        page.goto(f"{keyed_url}voila/render/01_blocs.ipynb?template=instructor", timeout=240_000)
        page.wait_for_selector("#rendered_cells", state="visible", timeout=240_000)
        assert ANSWER.search(page.content()) and NOTICE not in page.content()
        assert page.log.foreign() == []
    finally:
        context.close()
    # a browser without the cookie (another student) still gets the student view
    request = urllib.request.Request(f"{keyed_url}voila/render/01_blocs.ipynb?template=instructor")
    with urllib.request.urlopen(request, timeout=240) as response:
        assert not ANSWER.search(response.read().decode())
