"""Figures for essays: title, caption and source line inside the SVG and the PNG, made
offline by vl-convert; every explorer chart gets its download links."""

from __future__ import annotations

import base64
import re
import xml.etree.ElementTree as ET

import altair as alt
import pandas as pd
import pytest

from course.charts import figure
from course.widgets import base, blocs, capabilities, figures

SVG_NS = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def small_chart():
    frame = pd.DataFrame(
        {
            "country": ["China", "Japan"],
            "value": [318, 58],
            "source_id": ["sipri_milex_2025", "sipri_milex_2025"],
        }
    )
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(x=alt.X("value:Q", title="US$ bn"), y=alt.Y("country:N", title="Country"))
        .properties(title="Spending in 2024", description="Two bars: China and Japan, in constant US$.")
    )


def walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


def svg_text(svg: str) -> str:
    root = ET.fromstring(svg)
    return " ".join(" ".join(t.itertext()) for t in root.iter(f"{SVG_NS}text"))


def test_svg_has_title_caption_and_source_inside(small_chart):
    title, caption, source = figure.figure_words(small_chart, {"sipri_milex_2025": "SIPRI (2025)"})
    assert (title, source) == ("Spending in 2024", "Source: SIPRI (2025).")
    svg = figure.to_svg(small_chart, title, caption, source)
    words = svg_text(svg)
    for part in (title, "Two bars: China and Japan", source):
        assert part in words
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    assert root.find(f"{SVG_NS}title").text == title
    assert source in root.find(f"{SVG_NS}desc").text
    assert not re.search(r"https?://(?!www\.w3\.org)", svg)  # nothing to fetch


def test_png_is_valid_and_carries_its_words(small_chart):
    png = figure.to_png(small_chart, "Spending in 2024", "Two bars.", "Source: SIPRI (2025).")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert figure.png_texts(png) == {
        "Title": "Spending in 2024",
        "Description": "Two bars.",
        "Source": "Source: SIPRI (2025).",
    }
    with pytest.raises(ValueError):
        figure.png_with_text(b"GIF89a...", {"Title": "x"})


def test_long_source_lists_are_cut_with_a_count():
    line = figure.source_line([f"s{i}" for i in range(7)], {"s0": "SIPRI (2025)"})
    assert line.startswith("Sources: SIPRI (2025); s1; s2; s3; and 3 more")
    assert figure.source_line([]).startswith("Source: the course's data tables")


def test_params_and_expression_titles():
    spec = {
        "params": [{"name": "year", "value": 2024}, {"name": "pick", "select": "point"}],
        "title": {"text": {"expr": "'SCO status in ' + year"}},
        "layer": [{"params": [{"name": "year", "value": 1}]}],
    }
    moved = figure.with_params(spec, {"year": 2017, "pick": 3})
    assert moved["params"][0]["value"] == 2017 and "value" not in moved["params"][1]
    assert moved["layer"][0]["params"][0]["value"] == 2017
    assert spec["params"][0]["value"] == 2024  # the original is untouched
    assert figure.figure_words(moved)[0] == "SCO status in 2017"


def test_every_explorer_chart_gets_links_once():
    explorer = capabilities.spending_explorer()
    charts = [w for w in walk(explorer) if isinstance(w, alt.JupyterChart)]
    links = [w for w in walk(explorer) if isinstance(w, figures.FigureLinks)]
    assert len(charts) == 2 and sorted(map(id, charts)) == sorted(id(link.chart) for link in links)
    figures.attach_figure_links(explorer)  # a second pass adds nothing
    assert len([w for w in walk(explorer) if isinstance(w, figures.FigureLinks)]) == 2


def test_links_give_the_chart_as_the_student_left_it():
    explorer = blocs.sco_explorer(year=2017)
    links = next(w for w in walk(explorer) if isinstance(w, figures.FigureLinks))
    links.make()
    html = links.links.value
    svg_uri = re.search(r'href="data:image/svg\+xml;base64,([^"]+)"', html).group(1)
    png_uri = re.search(r'href="data:image/png;base64,([^"]+)"', html).group(1)
    assert 'download="sco-status-in-2017.svg"' in html
    svg = base64.b64decode(svg_uri).decode("utf-8")
    assert "SCO status in 2017" in svg_text(svg)
    assert "Sources:" in svg_text(svg)
    assert figure.png_texts(base64.b64decode(png_uri))["Title"] == "SCO status in 2017"


def test_a_failing_figure_is_a_sentence(monkeypatch):
    explorer = blocs.alignment_explorer()
    links = next(w for w in walk(explorer) if isinstance(w, figures.FigureLinks))
    monkeypatch.setattr(figure, "to_svg", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("boom")))
    links.make()
    assert "could not be made" in links.links.value and "Traceback" not in links.links.value


def test_a_subclass_of_jupyterchart_gets_links_too(small_chart):
    class Chart(alt.JupyterChart):  # as a packaging layer may wrap it
        pass

    box = base.widgets.VBox([Chart(small_chart)])
    figures.attach_figure_links(box)
    assert isinstance(box.children[0].children[1], figures.FigureLinks)
