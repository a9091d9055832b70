"""The shared export format (my-course-work.json): written, read back, refused when it is
not a whole course export, and merged by item and time."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course import journal
from course.work import work_export
from course.work.journal_store import Journal, merge_entries
from course.work.work_export import ExportError, read_export, to_export

T0 = datetime(2026, 12, 2, 13, 0, tzinfo=timezone.utc)


def _at(minutes: int) -> str:
    return (T0 + timedelta(minutes=minutes)).isoformat(timespec="milliseconds")


ENTRIES = {
    "00_start_here/student_name": {"value": "Ada Ŀovelace", "saved": _at(0), "kind": "name"},
    "01_blocs/bloc": {"value": "Not <b>one</b> bloc.", "saved": _at(1), "prompt": "Is the SCO a bloc?"},
    "01_blocs/quiz/members_2017": {
        "value": {
            "answer": 2,
            "text": "Eight",
            "checked": True,
            "result": {"correct": True, "score": 1.0, "max": 1.0},
        },
        "saved": _at(2),
        "prompt": "How many members in 2017?",
    },
    "01_blocs/quiz/charter": {"value": {"answer": 0, "text": "x", "checked": False}, "saved": _at(3)},
    "04_analogy_lab/rating/Shared threat": {"value": 3, "saved": _at(4)},
    "07_policy_lab/policy/exercises": {"value": 2, "saved": _at(5)},
    "07_policy_lab/weight/cost": {"value": 1.5, "saved": _at(5)},
}


def _raw(doc: dict) -> bytes:
    return json.dumps(doc).encode("utf-8")


def test_export_has_the_shared_fields_and_kinds():
    doc = to_export(ENTRIES, "Ada Ŀovelace", "voila")
    assert doc["format"] == "course-work" and doc["schema_version"] == 1
    assert doc["student"] == "Ada Ŀovelace" and doc["surface"] == "voila"
    assert datetime.fromisoformat(doc["exported_at"]).tzinfo is not None
    by_item = {(a["lesson"], a["item"]): a for a in doc["answers"]}
    assert by_item[("00_start_here", "student_name")]["kind"] == "name"
    assert by_item[("01_blocs", "bloc")]["kind"] == "reflection"
    assert by_item[("01_blocs", "bloc")]["prompt"] == "Is the SCO a bloc?"
    quiz = by_item[("01_blocs", "quiz/members_2017")]
    assert quiz["kind"] == "quiz" and quiz["result"] == {"correct": True, "score": 1.0, "max": 1.0}
    assert by_item[("01_blocs", "quiz/charter")]["result"] is None  # not checked yet
    assert by_item[("04_analogy_lab", "rating/Shared threat")]["kind"] == "rating"
    assert "result" not in by_item[("04_analogy_lab", "rating/Shared threat")]
    assert by_item[("07_policy_lab", "policy/exercises")]["kind"] == "policy"
    assert by_item[("07_policy_lab", "weight/cost")]["kind"] == "policy"


def test_round_trip_through_the_file_gives_the_same_entries():
    text = work_export.dumps(to_export(ENTRIES, "Ada", "jupyterlab"))
    export = read_export(text.encode("utf-8"), "my-course-work.json")
    assert export.student == "Ada" and export.surface == "jupyterlab"
    back = export.entries()
    assert set(back) == set(ENTRIES)
    for key, entry in ENTRIES.items():
        assert back[key]["value"] == entry["value"] and back[key]["saved"] == entry["saved"]


GOOD = to_export(ENTRIES, "Ada", "voila")


def _without(key: str) -> dict:
    return {k: v for k, v in GOOD.items() if k != key}


def _answer_changed(**change) -> dict:
    doc = json.loads(json.dumps(GOOD))
    doc["answers"][0].update(change)
    return doc


@pytest.mark.parametrize(
    "raw, why",
    [
        (b"", "the file is empty"),
        (b"\xff\xfe\x00garbage", "not a text file"),
        (_raw(GOOD)[:-40], "damaged or cut short"),
        (b'{"format": "course-work", "schema_version": 1, "answers": [', "damaged or cut short"),
        (_raw({"version": 1, "entries": {}, "checksum": "x"}), "not a course work file"),
        (_raw([1, 2, 3]), "not a course work file"),
        (_raw({**GOOD, "schema_version": 2}), "newer version of the course (schema 2"),
        (_raw({**GOOD, "schema_version": "1"}), "“schema_version” is missing or not a whole number"),
        (_raw(_without("answers")), "field answers is missing"),
        (_raw(_without("student")), "field student is missing"),
        (_raw({**GOOD, "answers": {}}), "field answers: {} is not of type 'array'"),
        (_raw({**GOOD, "surface": "notebook"}), "field surface: 'notebook' is not one of"),
        (_raw(_answer_changed(saved="yesterday")), "answer 1, field saved: 'yesterday' is not an ISO date"),
        (_raw(_answer_changed(lesson=7)), "answer 1, field lesson: 7 is not of type 'string'"),
        (_raw(_answer_changed(kind="essay")), "answer 1, field kind: 'essay' is not one of"),
        (_raw(_answer_changed(result="right")), "answer 1, field result: 'right' is not of type"),
    ],
)
def test_bad_files_are_refused_with_one_sentence_naming_the_file(raw, why):
    with pytest.raises(ExportError) as caught:
        read_export(raw, "work.json")
    sentence = str(caught.value)
    assert sentence.startswith("“work.json” was not loaded: ") and why in sentence
    assert sentence.endswith("; nothing was changed.") and "\n" not in sentence


def test_a_missing_value_is_refused():
    doc = json.loads(json.dumps(GOOD))
    del doc["answers"][2]["value"]
    with pytest.raises(ExportError, match="answer 3, field value is missing"):
        read_export(_raw(doc), "work.json")


# -- merging by item and time, as properties

keys = st.sampled_from(["01_blocs/a", "01_blocs/b", "02_camp_david/c", "00_start_here/student_name"])
entries = st.dictionaries(
    keys,
    st.builds(
        lambda v, m: {"value": v, "saved": _at(m)},
        st.one_of(st.text(max_size=5), st.integers(0, 5), st.none()),
        st.integers(0, 30),
    ),
)


@settings(max_examples=200, deadline=None)
@given(entries, entries)
def test_merge_keeps_the_newer_answer_per_item(mine, theirs):
    merged, report = merge_entries(mine, theirs)
    assert set(merged) == set(mine) | set(theirs)
    assert set(report.loaded) | set(report.skipped) == set(theirs)
    assert not set(report.loaded) & set(report.skipped)
    for key, entry in merged.items():
        candidates = [e for e in (mine.get(key), theirs.get(key)) if e is not None]
        newest = max(datetime.fromisoformat(e["saved"]) for e in candidates)
        assert datetime.fromisoformat(entry["saved"]) == newest
        if key in mine and key in theirs and mine[key]["saved"] == theirs[key]["saved"]:
            assert entry == mine[key], "a tie keeps the answer already there"
    # merging the same copy again changes nothing
    again, report2 = merge_entries(merged, theirs)
    assert again == merged and report2.loaded == ()


@settings(max_examples=100, deadline=None)
@given(entries, entries)
def test_merge_result_does_not_depend_on_the_order_of_distinct_times(mine, theirs):
    clash = [k for k in set(mine) & set(theirs) if mine[k]["saved"] == theirs[k]["saved"]]
    ab, _ = merge_entries(mine, theirs)
    ba, _ = merge_entries(theirs, mine)
    assert {k: v for k, v in ab.items() if k not in clash} == {k: v for k, v in ba.items() if k not in clash}


def test_a_cleared_answer_stays_cleared_after_merging_an_older_copy():
    now = {"01_blocs/a": {"value": "", "saved": _at(10), "cleared": True}}
    older = {"01_blocs/a": {"value": "the old text", "saved": _at(5)}}
    merged, report = merge_entries(now, older)
    assert merged["01_blocs/a"]["value"] == "" and report.skipped == ("01_blocs/a",)


# -- the load control's function, between a Voila (memory) and a JupyterLab (file) journal


def test_load_file_voila_to_jupyterlab_and_back(tmp_path):
    lab = Journal(tmp_path / "lab" / "journal.json", memory=False)
    voila = Journal(tmp_path / "server" / "journal.json", memory=True)
    lab.save("01_blocs", "bloc", "typed in JupyterLab first")
    voila.save("01_blocs", "bloc", "typed later in Voila")
    voila.save("02_camp_david", "why", "only in Voila")
    lab.save("03_triple_entente", "lesson", "only in JupyterLab")
    before = (tmp_path / "lab" / "journal.json").read_bytes()

    sentence = journal.load_file(work_export.dumps(journal.export_json(voila)).encode(), "v.json", lab)
    assert sentence.startswith("Loaded 2 answers from “v.json”; skipped 0")
    assert lab.get("01_blocs", "bloc") == "typed later in Voila"
    assert lab.get("03_triple_entente", "lesson") == "only in JupyterLab"
    assert [p.read_bytes() for p in (tmp_path / "lab").glob("journal.json.before-load-*")] == [before]

    lab.save("02_camp_david", "why", "edited in JupyterLab")
    sentence = journal.load_file(work_export.dumps(journal.export_json(lab)).encode(), "l.json", voila)
    assert sentence.startswith("Loaded 2 answers from “l.json”; skipped 1")
    assert voila.get("02_camp_david", "why") == "edited in JupyterLab"
    assert voila.get("03_triple_entente", "lesson") == "only in JupyterLab"
    assert not (tmp_path / "server").exists()
    again = journal.load_file(work_export.dumps(journal.export_json(lab)).encode(), "l.json", voila)
    assert again.startswith("Nothing loaded from “l.json”: its 3 answers are not newer")


def test_load_control_refuses_a_bad_file_and_changes_nothing(tmp_path):
    lab = Journal(tmp_path / "journal.json", memory=False)
    lab.save("01_blocs", "bloc", "keep me")
    before = (tmp_path / "journal.json").read_bytes()
    control = journal.load_work(lab)
    control.upload.value = (
        {
            "name": "notes.json",
            "type": "application/json",
            "size": 5,
            "content": memoryview(b'{"a":'),
            "last_modified": datetime(2026, 12, 2, tzinfo=timezone.utc),
        },
    )
    assert control.last.startswith("“notes.json” was not loaded: it is damaged or cut short")
    assert "course-notice" in control.status.value
    assert (tmp_path / "journal.json").read_bytes() == before
    assert not list(tmp_path.glob("journal.json.before-load-*"))
    assert repr(control).startswith("Load my work")


def test_checked_quiz_answers_go_out_marked_by_the_quiz(tmp_path):
    from course import quiz

    bank = quiz.load_bank("01_blocs")
    question = next(q for q in bank.questions if q.kind == "choice")
    right = next(i for i in range(len(question.options)) if quiz.is_correct(question, i))
    wrong = next(i for i in range(len(question.options)) if not quiz.is_correct(question, i))
    j = Journal(tmp_path / "j.json", memory=False)
    for lesson, item, answer, checked in [
        ("01_blocs", question.id, right, True),
        ("02_camp_david", "none", wrong, True),
        ("03_triple_entente", question.id, wrong, False),
    ]:
        j.save(lesson, f"quiz/{item}", {"answer": answer, "text": "x", "checked": checked})
    j.save("01_blocs", "quiz/other", {"answer": wrong, "checked": True})
    answers = {(a["lesson"], a["item"]): a for a in journal.export_json(j)["answers"]}
    assert answers[("01_blocs", f"quiz/{question.id}")]["result"] == {
        "correct": True,
        "score": 1.0,
        "max": 1.0,
    }
    assert answers[("02_camp_david", "quiz/none")]["result"] is None  # no such question: unmarked
    assert answers[("03_triple_entente", f"quiz/{question.id}")]["result"] is None  # not checked
    assert answers[("01_blocs", "quiz/other")]["result"] is None
