"""Every explorer's axes read right at every control setting, through the real renderer.

Each chart is drawn as the student left it (its Vega params set from the explorer's
controls) by vl-convert, the same Vega that draws it in the browser, at a phone's width and
a wide screen's. The labels Vega draws (those it did not hide to avoid overlap) must not
repeat, and count axes must read in whole numbers. A year format on sub-year ticks, the fault
a student met ("2019 2020 2020 2021 2021"), is caught: see the broken copy at the end.
"""

from __future__ import annotations

import html
import json
import re

import altair as alt
import pytest
import vl_convert as vlc
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course.widgets import blocs, camp_david, capabilities

WIDTHS = st.sampled_from([330, 1000])
SLOW = settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def drawn(widget, width: int) -> str:
    """The chart widget's spec with its current param values, drawn to SVG at `width`."""
    spec = widget.chart.to_dict()
    for param in spec.get("params", []):
        if param["name"] in widget.params.trait_names():
            param["value"] = getattr(widget.params, param["name"])
    spec = json.loads(json.dumps(spec).replace('"width": "container"', f'"width": {width}'))
    return vlc.vegalite_to_svg(spec)


def axis_labels(svg: str) -> list[list[str]]:
    """The labels of each axis that Vega shows (opacity 0 = hidden by label overlap)."""
    return [
        [
            html.unescape(text)
            for opacity, text in re.findall(r'<text[^>]*opacity="([^"]*)"[^>]*>([^<]*)</text>', g)
            if opacity != "0"
        ]
        for g in re.findall(r'role-axis-label"[^>]*>(.*?)</g>', svg, re.S)
    ]


def check(widget, width: int, counts: bool = False) -> list[list[str]]:
    axes = axis_labels(drawn(widget, width))
    for labels in axes:
        assert len(labels) == len(set(labels)), f"repeated axis labels at width {width}: {labels}"
    if counts:
        numeric = [a for a in axes if a and all(re.fullmatch(r"[\d,.]+", x) for x in a)]
        assert numeric, axes
        for labels in numeric:
            assert all(re.fullmatch(r"\d[\d,]*", x) for x in labels), f"a count axis with fractions: {labels}"
    return axes


@pytest.fixture(scope="module")
def timeline():
    return camp_david.timeline_explorer()


@pytest.fixture(scope="module")
def alignment():
    return blocs.alignment_explorer()


@pytest.fixture(scope="module")
def china_russia():
    return blocs.china_russia_explorer()


@pytest.fixture(scope="module")
def commitments():
    return camp_david.commitments_explorer()


@pytest.fixture(scope="module")
def spending():
    return capabilities.spending_explorer()


YEARS = st.tuples(st.integers(1999, 2025), st.integers(1999, 2025)).map(sorted)


@pytest.mark.parametrize("years", [(1999, 2025), (2019, 2023), (2025, 2025), (2023, 2025), (2024, 2025)])
def test_lesson_02_timeline_at_the_ends_and_narrow_spans(timeline, years):
    timeline.years.value = years
    for width in (330, 1000):
        axes = check(timeline.chart, width)
        if not timeline.selected().empty:
            assert axes and axes[0], f"no date labels for {years}"


@SLOW
@given(years=YEARS, width=WIDTHS, military=st.booleans())
def test_lesson_02_timeline_anywhere(timeline, years, width, military):
    timeline.years.value = tuple(years)
    timeline.domains["Military"].value = military
    check(timeline.chart, width)
    timeline.domains["Military"].value = True


@SLOW
@given(
    partner=st.sampled_from(list(blocs.PARTNERS)),
    ticked=st.lists(st.booleans(), min_size=6, max_size=6),
    width=WIDTHS,
)
def test_lesson_01_north_korea_chart(alignment, partner, ticked, width):
    explorer = alignment
    explorer.partner.value = partner
    for box, on in zip(explorer.kinds.values(), ticked, strict=False):
        box.value = on
    check(explorer.chart, width)


@SLOW
@given(kinds=st.lists(st.booleans(), min_size=7, max_size=7), width=WIDTHS)
def test_lesson_01_china_russia_chart(china_russia, kinds, width):
    explorer = china_russia
    for box, on in zip(explorer.kinds.values(), kinds, strict=False):
        box.value = on
    check(explorer.chart, width)


@SLOW
@given(
    document=st.sampled_from(list(camp_david.DOCUMENT_CHOICES)),
    domains=st.lists(st.booleans(), min_size=3, max_size=3),
    width=WIDTHS,
)
def test_lesson_02_commitments_count_in_whole_numbers(commitments, document, domains, width):
    explorer = commitments
    explorer.document.value = document
    for box, on in zip(explorer.domains.values(), domains, strict=True):
        box.value = on
    check(explorer.chart, width, counts=True)


def test_lesson_02_leaders_at_every_milestone():
    explorer = camp_david.leaders_explorer()
    for _label, date in explorer.milestone.options:
        explorer.milestone.value = date
        for width in (330, 1000):
            check(explorer.chart, width)


def test_lesson_05_counts_for_every_item():
    explorer = capabilities.counts_explorer()
    for item in explorer.item.options:
        explorer.item.value = item
        for width in (330, 1000):
            check(explorer.chart, width, counts=True)


@SLOW
@given(years=st.tuples(st.integers(2000, 2024), st.integers(2000, 2024)).map(sorted), width=WIDTHS)
def test_lesson_05_spending_years(spending, years, width):
    explorer = spending
    explorer.years.value = tuple(years)
    for chart in (explorer.country_chart, explorer.bloc_chart):
        axes = check(chart, width)
        assert all(re.fullmatch(r"\d{4}", x) for x in axes[0]), axes[0]


def test_a_year_format_on_sub_year_ticks_is_caught(monkeypatch):
    """The broken copy: the timeline's axis as it was ("%Y" on Vega's default ticks)."""
    from course.charts import timeline as timeline_charts

    monkeypatch.setattr(
        timeline_charts,
        "time_axis",
        lambda title, grid=True: alt.Axis(title=title, format="%Y", labelOverlap=True),
    )
    broken = camp_david.timeline_explorer()
    broken.years.value = (2019, 2023)
    with pytest.raises(AssertionError, match="repeated axis labels"):
        check(broken.chart, 1000)
