"""Instructor mode in Voila from the checkout: the older ?mode=instructor link lands on the
instructor view. (Every lesson's student and instructor views are checked from the installed
wheel, tests/packaging/test_wheel.py; the key and the other templates in test_instructor_key
and test_server_extension.)"""

from __future__ import annotations

import pytest

from tests.browser.lessons import open_lesson

pytestmark = pytest.mark.browser


def test_instructor_sees_answers_in_the_browser(page, voila_url):
    """The older ?mode=instructor link lands on the instructor view too."""
    open_lesson(page, voila_url, "01_blocs", query="?mode=instructor")
    assert "template=instructor" in page.url
    assert page.get_by_text("Instructor view").count() >= 1
    page.locator("summary", has_text="Model answer").first.click()
    assert page.get_by_text("India and Pakistan became full members in 2017").first.is_visible()
    assert page.log.errors == [] and page.log.foreign() == []
