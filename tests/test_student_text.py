"""The data's text, as students read it: no curator's words in a column an explorer shows.

Explorers show a table's text columns in tables, tooltips and notes ("see the data note"),
so every text column counts except identifiers (source keys, ISO codes, row ids). A note
says what the evidence shows ("no citable source gives the day"), never how, when or by
whom a row was made: no file names, no "Wikipedia", no account of the research ("searched",
"could not find", "not checked", "this session"), no "lesson NN codes…".

A note names its sources by key in data/ (tests/test_sources.py checks each resolves); the
page shows it through `readable_notes`, which writes each key as its short citation. So the
check reads a note as the page shows it, and a raw key still left in that text is flagged.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course.core.paths import data_dir
from course.material.citations import bibliography, readable_notes
from course.widgets import analogy, blocs

# Notes an explorer shows in full, through `readable_notes`: china_russia_alignment
# ("Caveats and other sources", course/widgets/blocs.py, and the timeline's tooltip detail,
# course/charts/timeline.py), analogy_dimensions ("Note on sources", course/widgets/analogy.py),
# sco_events (lesson 01's milestones).
VERBATIM_NOTES = ("china_russia_alignment.csv", "analogy_dimensions.csv", "sco_events.csv")
IDENTIFIER = re.compile(r"(^|_)source_id$|^iso3$|^iso_numeric$|_id$")
CURATOR = re.compile(
    r"\b[\w.-]+\.(?:csv|ya?ml|py|json|ipynb)\b"
    r"|wikipedia"
    r"|\bthis session\b|\b(?:in|for) this module\b|\bwhile (?:the module was|writing)\b"
    r"|\blesson \d\d (?:codes?|coded|counts?)\b"
    r"|\bnot (?:yet )?(?:checked|verified)\b|\bunverified\b|\bto (?:check|verify)\b|\btodo\b"
    r"|\b(?:we|i) (?:searched|checked|found|could not|couldn't)\b|\bsearch(?:ed)? (?:for|in|of)\b"
    r"|\bcould not (?:find|verify|confirm)\b|\bnot found (?:in|on|by)\b",
    re.I,
)


def student_columns(folder: Path) -> dict[str, list[str]]:
    """Each table's text columns that an explorer can show (all but identifiers)."""
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    out = {}
    for resource in package["resources"]:
        if resource["name"] == "sources":
            continue
        out[resource["path"]] = [
            f["name"]
            for f in resource["schema"]["fields"]
            if f.get("type", "string") == "string" and not IDENTIFIER.search(f["name"])
        ]
    return out


def curator_words(folder: Path, shown: Callable[[str], str] = readable_notes) -> list[str]:
    """Every cell of a student-visible column holding curator's words or a raw source key,
    read as the page shows it (`shown`: how an explorer writes a note): 'file, row, column: …'."""
    found = []
    with (folder / "sources.csv").open(encoding="utf-8", newline="") as fh:
        keys = {row["source_id"] for row in csv.DictReader(fh)}
    for path, columns in student_columns(folder).items():
        with (folder / path).open(encoding="utf-8", newline="") as fh:
            for number, row in enumerate(csv.DictReader(fh), start=2):
                for column in columns:
                    text = row.get(column) or ""
                    if column == "note" and Path(path).name in VERBATIM_NOTES:
                        text = shown(text)
                    hits = list(CURATOR.finditer(text))
                    if column == "note" and Path(path).name in VERBATIM_NOTES:
                        hits += [
                            m for m in re.finditer(r"[a-z][a-z0-9]*_[a-z0-9_]+", text) if m.group(0) in keys
                        ]
                    for m in hits:
                        context = text[max(m.start() - 40, 0) : m.end() + 40]
                        found.append(f"data/{Path(path).name}, row {number}, column {column}: “…{context}…”")
    return found


def test_students_see_no_curator_words():
    found = curator_words(data_dir())
    assert not found, f"{len(found)} cell(s):\n" + "\n".join(found)


def test_notes_and_details_count_as_shown():
    shown = student_columns(data_dir())
    assert all("note" in cols for path, cols in shown.items() if path.endswith("events.csv"))
    assert "source_id" not in {c for cols in shown.values() for c in cols}


@pytest.fixture
def data_copy(tmp_path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(data_dir(), folder)
    return folder


def _edit_first_note(folder: Path, table: str, text: str) -> None:
    path = folder / table
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        fields, rows = reader.fieldnames, list(reader)
    rows[0]["note"] = text
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


@pytest.mark.parametrize(
    "note",
    [
        "Dates as in china_russia_alignment.csv.",
        "Membership dates (Wikipedia-derived).",
        "Not checked this session.",
        "Lesson 04 codes it at level 6.",
        "We searched the ministry's site and could not find the day.",
        "As sipri_milex_2025 reports; not verified this session.",
    ],
)
def test_a_curator_note_fails_on_a_broken_copy(data_copy, note):
    _edit_first_note(data_copy, "sco_events.csv", note)
    found = curator_words(data_copy)
    assert any("sco_events.csv, row 2, column note" in f for f in found), found


@settings(max_examples=25, deadline=None)
@given(
    st.sampled_from(["csv", "yaml", "yml", "py", "json"]), st.from_regex(r"[a-z][a-z_]{2,20}", fullmatch=True)
)
def test_any_file_name_is_refused(suffix, stem):
    assert CURATOR.search(f"as recorded in {stem}.{suffix} above")


@pytest.mark.parametrize(
    "fine",
    [
        "No citable source gives the day.",
        "Sources disagree on the date: Reuters says 3 May, the ministry 4 May.",
        "The count is SIPRI's estimate; China publishes no breakdown.",
    ],
)
def test_a_note_on_the_evidence_is_fine(fine):
    assert not CURATOR.search(fine)


def test_a_raw_key_that_reaches_the_page_fails_on_a_broken_copy(data_copy):
    """An explorer that showed a note as stored (no `readable_notes`) would put the key on
    the page: the check reads the note as shown and flags it."""
    _edit_first_note(data_copy, "sco_events.csv", "As sipri_milex_2025 reports.")
    raw = curator_words(data_copy, shown=lambda text: text)
    assert any("sco_events.csv, row 2, column note" in f and "sipri_milex_2025" in f for f in raw), raw
    assert not any("sco_events.csv, row 2" in f for f in curator_words(data_copy))


KEYS = sorted(bibliography())


def _keys_in(text: str) -> set[str]:
    return set(re.findall(r"[a-z][a-z0-9]*_[a-z0-9_]+", text)) & set(KEYS)


@settings(max_examples=50, deadline=None)
@given(
    keys=st.lists(st.sampled_from(KEYS), min_size=1, max_size=4),
    glue=st.sampled_from([" and ", "; ", " (see ", ", one_off, "]),
)
def test_readable_notes_writes_every_key_as_its_citation(keys, glue):
    text = "Date from " + glue.join(keys) + "."
    shown = readable_notes(text)
    assert not _keys_in(shown), shown
    assert all(bibliography()[key][0] in shown for key in keys)
    assert ("one_off" in shown) == ("one_off" in text)  # a coded word is not a key


def test_the_explorers_show_notes_without_keys():
    """What the page holds: the China-Russia list and tooltips, the analogy lab's evidence."""
    explorer = blocs.china_russia_explorer()
    assert "Caveats and other sources" in explorer.listing.value
    assert not _keys_in(explorer.listing.value)
    spec = explorer.chart.chart.to_dict()
    details = [row["detail"] for rows in spec["datasets"].values() for row in rows if row.get("detail")]
    assert details and not set().union(*map(_keys_in, details))
    lab = analogy.analogy_lab()
    shown = [lab._evidence(r) for r in lab.dimensions.itertuples()]
    assert any("Note on sources" in e for e in shown)
    assert not set().union(*map(_keys_in, shown))
