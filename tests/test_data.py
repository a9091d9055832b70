"""Data layer: every table matches its schema, every source resolves, bad files are named."""

from __future__ import annotations

import csv
import json
import re

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course.material import data
from tests.conftest import REPO

TABLES = data.table_names()


@pytest.mark.parametrize("name", TABLES)
def test_table_loads_and_validates(name):
    frame = data.load(name)
    assert len(frame) > 0
    declared = [f["name"] for f in data.schema(name)["fields"]]
    assert list(frame.columns) == declared


def test_every_csv_is_described_by_the_package():
    described = {r["path"] for r in json.loads((REPO / "data/datapackage.json").read_text())["resources"]}
    on_disk = {p.name for p in (REPO / "data").glob("*.csv")}
    assert on_disk == described


@pytest.mark.parametrize("name", [t for t in TABLES if t != "sources"])
def test_every_row_cites_a_known_source(name):
    known = set(data.load("sources")["source_id"])
    frame = data.load(name)
    assert "source_id" in frame.columns
    cited = set(frame["source_id"])
    assert cited <= known, cited - known
    assert frame["source_id"].notna().all()


def test_every_source_has_publisher_title_and_url_or_says_why():
    for row in data.load("sources").itertuples():
        assert row.publisher and row.title
        assert isinstance(row.url, str) or "not identified" in row.title, row.source_id


def test_partial_dates_are_iso():
    pattern = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
    for name in TABLES:
        frame = data.load(name)
        if "date" in frame.columns:
            bad = [d for d in frame["date"].dropna() if not pattern.match(d)]
            assert not bad, (name, bad)


def _rewrite_cell(path, row_index, column, value):
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    rows[row_index][column] = value
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def test_bad_cell_names_file_row_and_column(data_copy):
    _rewrite_cell(data_copy / "sco_membership.csv", 4, "start_year", "nineteen")
    with pytest.raises(data.DataError) as err:
        data.load("sco_membership")
    assert (err.value.file, err.value.row, err.value.column) == ("data/sco_membership.csv", 6, "start_year")
    assert "nineteen" in str(err.value)
    assert str(err.value).startswith("data/sco_membership.csv, row 6, column 'start_year'")


def test_bad_category_is_rejected(data_copy):
    _rewrite_cell(data_copy / "sco_membership.csv", 0, "status", "ally")
    with pytest.raises(data.DataError, match=r"row 2, column 'status'"):
        data.load("sco_membership")


def test_unknown_source_names_file_row_and_column(data_copy):
    _rewrite_cell(data_copy / "dprk_alignment.csv", 2, "source_id", "no_such_source")
    with pytest.raises(data.DataError) as err:
        data.load("dprk_alignment")
    assert (err.value.row, err.value.column) == (4, "source_id")
    assert "no_such_source" in str(err.value)


def test_missing_file_is_named(data_copy):
    (data_copy / "sco_events.csv").unlink()
    with pytest.raises(data.DataError, match="sco_events.csv: file not found"):
        data.load("sco_events")


def test_loaded_tables_are_copies():
    first = data.load("sco_membership")
    first.loc[0, "country"] = "Changed"
    assert data.load("sco_membership").loc[0, "country"] != "Changed"


def test_no_source_is_listed_twice():
    """Two keys for one document split its citations and double the bibliography."""
    sources = data.load("sources").dropna(subset=["url"])
    normalised = (
        sources["url"]
        .str.rstrip("/")
        .str.replace("http://", "https://", regex=False)
        .str.replace("://www.", "://", regex=False)
    )
    duplicated = sources[normalised.duplicated(keep=False)]
    assert duplicated.empty, duplicated[["source_id", "url"]].to_string()


# ------------------------------------------------------------------ ladder coding: level_basis

LADDER_TABLES = ("entente_events", "trilateral_steps")


@pytest.mark.parametrize("name", LADDER_TABLES)
def test_every_coded_step_quotes_the_words_of_its_level(name):
    """Each level is argued from the ladder's own definition, next to the row (issue 19)."""
    from course.model import ladder

    frame = data.load(name)
    assert "level_basis" in frame.columns
    assert ladder.basis_problems(frame) == []


@settings(max_examples=40, deadline=None)
@given(pick=st.data())
def test_a_recoded_level_without_a_new_basis_is_caught(pick):
    """Move any coded row to another rung without rewriting its basis: the check must fail."""
    from course.model import ladder

    frame = pd.concat([data.load(n) for n in LADDER_TABLES], ignore_index=True)
    coded = frame[frame["level"].notna()].index.tolist()
    i = pick.draw(st.sampled_from(coded))
    old = int(frame.at[i, "level"])
    new = pick.draw(st.sampled_from([lv for lv in range(ladder.TOP + 1) if lv != old]))
    broken = frame.copy()
    broken.at[i, "level"] = new
    problems = ladder.basis_problems(broken.loc[[i]])
    assert problems and "is not in the definition of level" in problems[0]


def test_a_missing_or_unquoted_basis_is_caught():
    from course.model import ladder

    frame = data.load("entente_events")
    coded = frame[frame["level"].notna()].head(2).copy()
    coded.loc[coded.index[0], "level_basis"] = None
    coded.loc[coded.index[1], "level_basis"] = "meets the definition"
    assert len(ladder.basis_problems(coded)) == 2
    crisis = frame[frame["kind"] == "crisis"].head(1).assign(level_basis="“none”")
    assert ladder.basis_problems(crisis) == [
        f"row 1 ({crisis.iloc[0]['date']} {crisis.iloc[0]['pair']} {crisis.iloc[0]['title']}): no level, but a level_basis"
    ]
