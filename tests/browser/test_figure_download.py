"""A figure for an essay, downloaded from a Voila page as SVG and PNG, carries its title and
source line. The SVG is checked for the words as SVG text; the PNG for being a valid PNG and
for the same words in its embedded text chunks (it is rendered from the same spec as the
SVG by vl-convert, so the picture shows what the SVG's text says)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from course.charts import figure
from tests.browser.lessons import open_lesson

pytestmark = pytest.mark.browser


def test_01_map_downloads_as_svg_and_png_with_title_and_sources(page, voila_url, tmp_path):
    open_lesson(page, voila_url, "01_blocs")
    row = page.locator(".course-figure-links").first
    row.get_by_role("button", name="Figure for an essay (SVG, PNG)").click()
    svg_link = row.locator("a.course-figure-svg")
    svg_link.wait_for(timeout=60_000)
    files = {}
    for ext, link in (("svg", svg_link), ("png", row.locator("a.course-figure-png"))):
        with page.expect_download() as info:
            link.click()
        download = info.value
        files[ext] = tmp_path / download.suggested_filename
        download.save_as(files[ext])
    assert files["svg"].name == "sco-status-in-2024.svg"
    root = ET.fromstring(files["svg"].read_text(encoding="utf-8"))
    words = " ".join(" ".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text"))
    assert "SCO status in 2024" in words
    assert "Sources:" in words and "(course/bibliography.md)" in words
    assert root.get("role") == "img"
    png = files["png"].read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10_000
    texts = figure.png_texts(png)
    assert texts["Title"] == "SCO status in 2024"
    assert texts["Source"].startswith("Sources:")
    assert page.log.foreign() == []
