"""Lesson 05 explorer, driven by setting controls as a student would."""

import re

from course.charts import series
from course.model import capabilities as cap
from course.widgets import capabilities


def test_defaults_show_five_countries_and_the_ratio():
    explorer = capabilities.spending_explorer()
    assert explorer.ticked() == ["USA", "JPN", "KOR", "CHN", "RUS"]
    assert explorer.country_chart.params.countries == explorer.ticked()
    assert "2.3 times as much as China + Russia" in explorer.describe()
    assert "US + Japan + South Korea" in explorer.table.value
    assert repr(explorer) == explorer.describe()


def test_year_range_sets_params_and_table():
    explorer = capabilities.spending_explorer()
    explorer.years.value = (2010, 2015)
    assert (explorer.country_chart.params.y0, explorer.country_chart.params.y1) == (2010, 2015)
    assert (explorer.bloc_chart.params.y0, explorer.bloc_chart.params.y1) == (2010, 2015)
    assert set(explorer.shown().year) == set(range(2010, 2016))
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", explorer.table.value)
    assert "2009" not in cells and "2015" in cells


def test_ticking_india_joins_the_other_side():
    explorer = capabilities.spending_explorer()
    explorer.boxes["IND"].value = True
    assert explorer.bloc_chart.params.variant == "IND"
    assert "China + Russia + India" in explorer.describe()
    explorer.boxes["IRN"].value = True
    assert explorer.bloc_chart.params.variant == "IND+IRN"


def test_share_of_gdp_swaps_the_spec_and_explains_no_bloc_sum():
    explorer = capabilities.spending_explorer()
    before = explorer.country_chart.chart
    explorer.measure.value = "Share of GDP"
    assert explorer.country_chart.chart is not before
    assert "% of GDP" in str(explorer.country_chart.chart.to_dict())
    assert explorer.bloc_chart.params.show == 0
    assert "cannot be added up" in explorer.bloc_note.value
    assert "Bloc totals: not shown" in explorer.describe()
    assert explorer.country_chart.params.countries == explorer.ticked()  # kept after the swap


def test_no_country_ticked_gives_a_sentence_not_an_error():
    explorer = capabilities.spending_explorer()
    for box in explorer.boxes.values():
        box.value = False
    assert explorer.country_chart.params.countries == []
    assert "tick at least one country" in explorer.country_note.value
    assert explorer.describe().startswith(cap.NO_COUNTRY)


def test_line_series_pairs_colour_with_dash_and_shape():
    explorer = capabilities.spending_explorer()
    spec = explorer.country_chart.chart.to_dict()
    line, points = spec["layer"]
    assert line["encoding"]["strokeDash"]["field"] == "label"
    assert points["encoding"]["shape"]["field"] == "label"
    assert points["encoding"]["description"]["field"] == "aria"
    assert spec["description"] and spec["title"]["text"]
    assert len(series.DASHES) == len(series.SHAPES) >= len(cap.COUNTRIES)
