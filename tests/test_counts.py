"""Lesson 05's counts beyond money: aircraft, ships and missile defence."""

from __future__ import annotations

import pandas as pd
import pytest

from course.material import data
from course.model import capabilities as cap
from course.widgets import capabilities as widgets


@pytest.fixture(scope="module")
def caps():
    return data.load("capabilities")


def test_air_power_is_counted_for_both_sides(caps):
    fighters = caps[caps["item"] == "Fighter aircraft"]
    assert {"USA", "JPN", "CHN", "RUS"} <= set(fighters["iso3"])
    assert fighters["source_id"].nunique() == 1 and fighters["counting_rule"].nunique() == 1
    assert "Fighter aircraft" in cap.comparable_items(caps)


def test_sums_only_when_one_source_and_one_rule(caps):
    rows = cap.item_rows(caps, "Fighter aircraft")
    by = rows.set_index("iso3")["value"]
    sentence = cap.comparison_sentence(rows)
    assert f"United States + Japan: {by['USA'] + by['JPN']:,.0f}" in sentence
    assert f"China + Russia: {by['CHN'] + by['RUS']:,.0f}" in sentence
    mixed = cap.comparison_sentence(cap.item_rows(caps, "Aegis-equipped destroyers"))
    assert "do not add them up" in mixed and "+" not in mixed


def test_missing_countries_are_named_not_zero():
    rows = pd.DataFrame(
        {
            "item": ["X", "X"],
            "unit": ["u", "u"],
            "iso3": ["USA", "CHN"],
            "value": [1.0, 2.0],
            "source_id": ["s", "s"],
            "counting_rule": ["r", "r"],
            "as_of": ["2020", "2020"],
            "country": ["United States", "China"],
        }
    )
    sentence = cap.comparison_sentence(rows)
    assert "No figure on this rule for Japan, South Korea, Russia: left out, not zero." in sentence
    assert "United States: 1; China: 2" in sentence


def test_unknown_item_is_named(caps):
    with pytest.raises(ValueError, match="Submarines"):
        cap.item_rows(caps, "Submarines")


def test_explorer_follows_the_dropdown():
    explorer = widgets.counts_explorer()
    assert explorer.chart.params.chosen_item == "Fighter aircraft"
    assert "China + Russia" in explorer.describe()
    explorer.item.value = "Aegis-equipped destroyers"
    assert explorer.chart.params.chosen_item == "Aegis-equipped destroyers"
    assert set(explorer.rows()["iso3"]) == {"JPN", "KOR"}
    assert "South Korea" in explorer.table.value and "do not add them up" in explorer.describe()
