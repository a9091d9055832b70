"""SCO status by year: spells expand correctly and never double-count a country."""

import pandas as pd

from course.model import sco


def _spells(rows):
    cols = ["country", "iso3", "iso_numeric", "status", "start_year", "end_year", "source_id"]
    return pd.DataFrame(rows, columns=cols)


def test_open_spell_runs_to_last_year_and_closed_spell_stops():
    spells = _spells(
        [
            ["India", "IND", "356", "observer", 2005, 2016, "s"],
            ["India", "IND", "356", "member", 2017, None, "s"],
        ]
    )
    long = sco.status_by_year(spells, last_year=2020)
    assert long["year"].min() == 2005 and long["year"].max() == 2020
    assert sco.status_in(long, 2016)["status"].tolist() == ["observer"]
    assert sco.members_in(long, 2017) == ["India"]
    assert sco.members_in(long, 2016) == []


def test_overlapping_spells_keep_the_strongest_tie():
    spells = _spells(
        [
            ["X", "XXX", "001", "dialogue_partner", 2010, 2012, "s"],
            ["X", "XXX", "001", "member", 2012, None, "s"],
        ]
    )
    long = sco.status_by_year(spells, last_year=2013)
    assert len(long[long["year"] == 2012]) == 1
    assert sco.status_in(long, 2012)["status"].tolist() == ["member"]


def test_empty_input_gives_empty_output():
    assert sco.status_by_year(_spells([]), 2020).empty
