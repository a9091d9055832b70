"""Every lesson on a phone (390×844, touch), served by Voila: nothing wider than the screen,
every chart drawn inside its box, every control on screen and reachable by a finger, a
slider that a finger can drag, and a clear focus ring on dropdowns and text boxes.

A broken copy (a chart fixed at 900 px) is shown to fail the same checks."""

from __future__ import annotations

import pytest

from tests.browser.chromium import new_context
from tests.browser.conftest import PageLog
from tests.browser.lessons import open_lesson, wait_until
from tests.browser.phone import PHONE, layout_faults, touch_drag
from tests.conftest import NOTEBOOKS

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def phone(browser, voila_url):
    pages = {}

    def get(stem: str):
        if stem not in pages:
            context = new_context(browser, **PHONE)
            page = context.new_page()
            page.log = PageLog(page, voila_url)
            open_lesson(page, voila_url, stem)
            pages[stem] = page
        return pages[stem]

    yield get
    for page in pages.values():
        page.context.close()


@pytest.mark.parametrize("stem", [nb.stem for nb in NOTEBOOKS])
def test_lesson_fits_a_phone(phone, stem):
    page = phone(stem)
    assert layout_faults(page) == []
    assert page.log.errors == []


# (lesson, which handle, which way): the SCO year and the timeline's upper handle start at
# their maximum, spending's lower handle at its minimum.
@pytest.mark.parametrize(
    "stem, nth, dx", [("01_blocs", 0, -80), ("02_camp_david", 1, -80), ("05_capabilities", 0, 80)]
)
def test_a_finger_drags_a_slider(phone, stem, nth, dx):
    page = phone(stem)
    handle = page.locator(".course-explorer [role=slider]").nth(nth)
    before = handle.get_attribute("aria-valuenow")
    touch_drag(page, handle, dx)
    after = wait_until(lambda: handle.get_attribute("aria-valuenow"), lambda v: v != before, 10)
    assert after != before, "the slider did not follow a finger"
    box = handle.bounding_box()
    assert 0 <= box["x"] and box["x"] + box["width"] <= 390, "the handle left the screen"


@pytest.mark.parametrize("stem", ["02_camp_david", "05_capabilities"])
def test_dropdowns_and_text_boxes_show_the_focus_ring(phone, stem):
    page = phone(stem)
    for selector in (".course-explorer select", "textarea"):
        control = page.locator(selector).filter(visible=True).first
        control.focus()
        ring = control.evaluate(
            "e => { const s = getComputedStyle(e); return [s.outlineStyle, parseFloat(s.outlineWidth)]; }"
        )
        assert ring[0] == "solid" and ring[1] >= 2, f"{selector}: {ring}"


def test_a_chart_fixed_at_900_px_is_caught(phone):
    """The broken copy: one chart of lesson 02 drawn 900 px wide, as fixed widths were; on
    the module's own page of lesson 02 (no second kernel), put back as it was afterwards."""
    page = phone("02_camp_david")
    assert layout_faults(page) == []
    saved = page.evaluate(
        """() => { const svg = document.querySelector('.vega-embed svg');
             const embed = svg.closest('.vega-embed');
             const saved = [svg.getAttribute('width'), svg.style.width, embed.style.overflow, embed.style.width];
             svg.setAttribute('width', 900); svg.style.width = '900px';
             embed.style.overflow = 'visible'; embed.style.width = '900px';
             return saved; }"""
    )
    try:
        faults = layout_faults(page)
        assert any("900 px" in f or "spans" in f or "sideways" in f for f in faults), faults
    finally:
        page.evaluate(
            """([width, svgWidth, overflow, embedWidth]) => {
                 const svg = document.querySelector('.vega-embed svg');
                 const embed = svg.closest('.vega-embed');
                 svg.setAttribute('width', width); svg.style.width = svgWidth;
                 embed.style.overflow = overflow; embed.style.width = embedWidth; }""",
            saved,
        )
    assert layout_faults(page) == [], "the page was not put back"
