"""Camp David model: kinds of step, the share delivered, and who was in office when."""

import json

import pandas as pd
import pytest

from course.core import palette
from course.core.paths import data_dir
from course.material import data
from course.model import camp_david as cd


def _commitments(statuses, domains=None):
    domains = domains or ["military"] * len(statuses)
    return pd.DataFrame(
        {
            "commitment_id": [f"CD{i:02d}" for i in range(len(statuses))],
            "document": ["spirit"] * len(statuses),
            "domain": domains,
            "status": statuses,
        }
    )


def test_share_counts_delivered_only():
    rows = _commitments(["delivered", "partial", "delivered", "unclear"])
    assert cd.share_delivered(rows) == 0.5
    assert cd.share_sentence(rows, palette.LABELS).startswith(
        "2 of 4 delivered (50%); 1 partly delivered, 0 not delivered, 1 unclear"
    )


def test_no_commitment_selected_gives_a_sentence_not_an_error():
    empty = _commitments([]).iloc[:0]
    assert cd.share_delivered(empty) is None
    sentence = cd.share_sentence(empty, palette.LABELS)
    assert sentence.startswith("No commitment is selected") and "%" not in sentence


def test_status_counts_list_every_status_with_zeros():
    counts = cd.status_counts(_commitments(["partial"]), palette.LABELS)
    assert counts["status"].tolist() == cd.STATUSES
    assert counts.set_index("status")["count"].to_dict() == {
        "delivered": 0,
        "partial": 1,
        "not_delivered": 0,
        "unclear": 0,
    }


def test_select_filters_by_domain_document_and_status():
    rows = _commitments(["delivered", "partial", "unclear"], ["military", "diplomatic", "military"])
    assert cd.select(rows, domains=["military"])["commitment_id"].tolist() == ["CD00", "CD02"]
    assert cd.select(rows, domains=["military"], statuses=["unclear"])["commitment_id"].tolist() == ["CD02"]
    assert cd.select(rows, documents=["principles"]).empty
    assert len(cd.select(rows)) == 3


def test_status_grid_has_every_combination_and_keeps_the_total():
    rows = data.load("camp_david_commitments")
    grid = cd.status_grid(rows, palette.LABELS)
    assert len(grid) == len(cd.DOCUMENTS) * len(cd.DOMAINS) * len(cd.STATUSES)
    assert grid["count"].sum() == len(rows)


def test_every_timeline_event_gets_a_kind():
    events = cd.with_kinds(data.load("camp_david_timeline"), palette.LABELS)
    assert set(events["kind"]) <= set(cd.KINDS)
    kind = dict(zip(events["title"], events["kind"], strict=False))
    assert kind["Commitment to Consult"] == "document"
    assert kind["Camp David trilateral summit"] == "meeting"
    assert kind["Trilateral Secretariat launched in Seoul"] == "institution"
    assert kind["Freedom Edge 2025 (15-19 September)"] == "exercise"
    assert kind["ROK President Yoon declares martial law"] == "politics"
    assert kind["Beijing criticises the Camp David summit"] == "reaction"
    # a joint document, though its title names a memorandum it confirms
    fact_sheet = next(t for t in kind if "joint fact sheet" in t)
    assert kind[fact_sheet] == "document"


def test_unknown_title_is_an_error_that_names_it():
    with pytest.raises(ValueError, match="Picnic"):
        cd.event_kind("Picnic")


@pytest.fixture(scope="module")
def spans():
    return cd.leader_spans(data.load("leaders_timeline"), until="2025-10-29")


def test_open_terms_run_to_the_end_of_the_data(spans):
    trump = spans.set_index("leader").loc["Donald Trump"]
    assert trump["open"] and trump["end"] == pd.Timestamp("2025-10-29")
    assert set(spans.loc[spans["acting"], "lane"]) == {"Republic of Korea (acting)"}


def test_handover_day_counts_for_the_successor(spans):
    on = cd.in_office(spans, "2025-01-20")
    assert "Donald Trump" in set(on["leader"]) and "Joe Biden" not in set(on["leader"])


def test_sentence_at_lima_says_who_left_when(spans):
    text = cd.table_sentence(spans, "2024-11-15")
    assert text.startswith("On 2024-11-15: United States: Joe Biden")
    assert "left office 66 days later" in text and "Shigeru Ishiba (Prime Minister), 45 days" in text


def test_suspended_president_is_marked_during_an_acting_presidency(spans):
    text = cd.table_sentence(spans, "2025-01-01")
    assert "Yoon Suk Yeol (President, powers suspended)" in text
    assert "Choi Sang-mok (acting president)" in text


def test_no_leader_on_a_date_before_the_table(spans):
    assert cd.table_sentence(spans, "1900-01-01").startswith("No leader")


def _coded(**changes) -> pd.DataFrame:
    row = {
        "commitment_id": "CD99",
        "status": "delivered",
        "promise_type": "one_off",
        "status_basis": "One-off: done, on the record.",
        "delivered_date": "2024-01-05",
    }
    row.update(changes)
    return pd.DataFrame([row])


def test_every_commitment_is_coded_by_the_rule():
    assert cd.coding_problems(data.load("camp_david_commitments")) == []


@pytest.mark.parametrize(
    "changes, fragment",
    [
        ({"status_basis": ""}, "status_basis is empty"),
        ({"promise_type": "recurring"}, "recurring promise applies"),
        ({"delivered_date": None}, "needs the date it was met"),
        ({"status": "unclear", "status_basis": "One-off: nothing public."}, "but a delivered_date is given"),
        ({"promise_type": "sometimes"}, "is not one of"),
    ],
)
def test_coding_rule_check_catches_a_broken_row(changes, fragment):
    assert cd.coding_problems(_coded()) == []
    problems = cd.coding_problems(_coded(**changes))
    assert any(fragment in p for p in problems), problems


def test_data_package_states_the_same_coding_rule():
    package = json.loads((data_dir() / "datapackage.json").read_text(encoding="utf-8"))
    [resource] = [r for r in package["resources"] if r["name"] == "camp_david_commitments"]
    assert cd.rule_text() in resource["description"]
    assert {f["name"] for f in resource["schema"]["fields"]} >= {"promise_type", "status_basis"}
