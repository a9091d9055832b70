"""Lesson 05 model: filtering SIPRI series, bloc sums and their ratio, stated gaps."""

import pandas as pd
import pytest

from course.material import data
from course.model import capabilities as cap


def _milex():
    return data.load("milex")


def _toy(rows):
    return pd.DataFrame(rows, columns=["iso3", "country", "year", "value", "estimate"])


def test_per_country_converts_constant_usd_to_billions_and_flags_estimates():
    series = cap.per_country(_milex(), "constant_usd")
    usa = series[(series.iso3 == "USA") & (series.year == 2024)].iloc[0]
    chn = series[(series.iso3 == "CHN") & (series.year == 2024)].iloc[0]
    assert usa.value == pytest.approx(968.38, abs=0.01)
    assert chn.estimate and not usa.estimate
    assert set(series.iso3) == set(cap.COUNTRIES)


def test_every_country_has_every_year_2000_2024_in_both_measures():
    milex = _milex()
    for measure in cap.MEASURES:
        series = cap.per_country(milex, measure)
        assert cap.missing_years(series, cap.COUNTRIES, (2000, 2024)) == {}


def test_unknown_measure_is_refused():
    with pytest.raises(ValueError, match="unknown measure"):
        cap.per_country(_milex(), "current_usd")


def test_select_keeps_chosen_countries_and_years():
    series = cap.per_country(_milex(), "share_gdp")
    rows = cap.select(series, ["JPN", "RUS"], (2020, 2022))
    assert set(rows.iso3) == {"JPN", "RUS"} and set(rows.year) == {2020, 2021, 2022}


def test_no_country_selected_gives_empty_rows_and_a_sentence():
    series = cap.per_country(_milex(), "constant_usd")
    assert cap.select(series, [], (2000, 2024)).empty
    assert "tick at least one country" in cap.NO_COUNTRY


def test_bloc_totals_and_ratio_2024():
    series = cap.per_country(_milex(), "constant_usd")
    totals, gaps = cap.bloc_totals(series, "constant_usd", (2024, 2024))
    assert gaps == {}
    tri = totals[totals.bloc == "trilateral"].value.iloc[0]
    adv = totals[totals.bloc == "china_russia"].value.iloc[0]
    assert tri == pytest.approx(968.38 + 58.40 + 48.47, abs=0.05)
    assert adv == pytest.approx(317.56 + 150.53, abs=0.05)
    assert cap.ratio(totals).ratio.iloc[0] == pytest.approx(tri / adv)


def test_ticked_extras_join_the_other_side():
    series = cap.per_country(_milex(), "constant_usd")
    core, _ = cap.bloc_totals(series, "constant_usd", (2024, 2024))
    wider, _ = cap.bloc_totals(series, "constant_usd", (2024, 2024), ["IRN", "IND"])
    assert wider[wider.bloc == "china_russia"].label.iloc[0] == "China + Russia + India + Iran"
    assert cap.ratio(wider).ratio.iloc[0] < cap.ratio(core).ratio.iloc[0]


def test_shares_of_gdp_cannot_be_summed():
    series = cap.per_country(_milex(), "share_gdp")
    with pytest.raises(ValueError, match="cannot be added up"):
        cap.bloc_totals(series, "share_gdp", (2000, 2024))


def test_missing_years_are_stated_not_zero():
    toy = _toy(
        [
            ("USA", "United States", 2000, 1.0, False),
            ("USA", "United States", 2002, 2.0, False),
            ("JPN", "Japan", 2000, 1.0, False),
            ("KOR", "South Korea", 2000, 1.0, False),
            ("JPN", "Japan", 2002, 1.0, False),
            ("KOR", "South Korea", 2002, 1.0, False),
            ("CHN", "China", 2000, 1.0, True),
            ("CHN", "China", 2001, 1.0, True),
            ("CHN", "China", 2002, 1.0, True),
            ("RUS", "Russia", 2000, 1.0, True),
            ("RUS", "Russia", 2001, 1.0, True),
            ("RUS", "Russia", 2002, None, True),
        ]
    )
    assert cap.missing_years(toy, ["USA", "RUS"], (2000, 2002)) == {"USA": [2001], "RUS": [2002]}
    sentence = cap.gap_sentence(cap.missing_years(toy, ["USA"], (2000, 2002)))
    assert "United States in 2001" in sentence and "not zero" in sentence
    totals, gaps = cap.bloc_totals(toy, "constant_usd", (2000, 2002))
    assert sorted(totals.year.unique()) == [2000]  # 2001 and 2002 left out, not summed as zero
    assert gaps == {2001: ["USA", "JPN", "KOR"], 2002: ["RUS"]}
    assert "2001 (United States, Japan, South Korea)" in cap.gap_sentence(gaps)


def test_year_runs_are_compressed():
    assert cap._years_text([2001, 2002, 2003, 2007]) == "2001-2003, 2007"


def test_ratio_of_nothing_is_empty():
    assert cap.ratio(pd.DataFrame(columns=["bloc", "label", "year", "value", "members"])).empty
