"""The landing page: the lessons in order, a way into the start page, nothing from a CDN."""

from __future__ import annotations

import re

import pytest

from tests.browser.test_security import _get
from tests.conftest import NOTEBOOKS

pytestmark = pytest.mark.browser


def test_landing_lists_every_lesson_in_order_and_opens_the_start_page(voila_url):
    status, page = _get(voila_url)
    assert status == 200
    links = re.findall(r'href="/voila/render/([^"?]+)', page)
    assert links == [nb.name for nb in NOTEBOOKS]
    assert 'http-equiv="refresh"' in page and "00_start_here.ipynb" in page
    assert not re.search(r'(src|href)="(https?:)?//', page), "the landing page refers to another host"


def test_every_lesson_links_to_its_neighbours():
    from course import lesson

    stems = [nb.stem for nb in NOTEBOOKS]
    for i, stem in enumerate(stems):
        nav = lesson.nav(stem)
        assert (nav.previous.stem if nav.previous else None) == (stems[i - 1] if i else None)
        assert (nav.next.stem if nav.next else None) == (stems[i + 1] if i + 1 < len(stems) else None)
        assert f'href="{stems[i + 1]}.ipynb"' in nav._repr_html_() if i + 1 < len(stems) else True
