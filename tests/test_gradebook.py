"""The gradebook: a folder of generated exports from several students plus each kind of bad
file. Expected scores are derived from how the answers were generated (right, or wrong in a
known way), read from the bank YAML directly, not from the marking code."""

from __future__ import annotations

import csv
import functools
import hashlib
import json
import random
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course.core.paths import CONTENT_DIR
from course.tools import gradebook
from course.work.work_export import ExportError, read_export

STUDENTS = ("Ann Lee", "Bo Kim", "Chen Wu")
HOSTILE = "<script>alert('x')</script> & more"


@functools.lru_cache(maxsize=1)
def raw_banks() -> dict[str, list[dict]]:
    """lesson -> the bank's items as written (draw-only banks are skipped)."""
    out = {}
    for path in sorted(CONTENT_DIR.glob("quiz_0[1-7]_*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        out[doc["lesson"]] = doc["questions"]
    return out


def right_and_wrong(item: dict) -> tuple[object, object, float] | None:
    """(right answer, wrong answer, score of the wrong answer) in bank order; None: not marked."""
    kind = item["kind"]
    if kind in ("choice", "multi", "evidence"):
        options = item["options"] if kind != "evidence" else item["rows"]
        right = [i for i, o in enumerate(options) if o.get("correct")]
        wrong_index = next(i for i, o in enumerate(options) if not o.get("correct"))
        if kind == "choice":
            return right[0], wrong_index, 0.0
        return right, [wrong_index], 0.0
    if kind in ("order", "match"):
        n = len(item["events"] if kind == "order" else item["pairs"])
        base = list(range(1, n + 1)) if kind == "order" else list(range(n))
        swapped = [base[1], base[0], *base[2:]]
        return base, swapped, (n - 2) / n
    return None


def make_export(student: str, seed: int, exported_at: str = "2026-12-02T14:00:00+00:00") -> tuple[dict, dict]:
    """An export and the expected quiz score per lesson (blank when nothing answered)."""
    rng = random.Random(seed)
    answers, expected = [], {}
    for lesson, items in raw_banks().items():
        if rng.random() < 0.15:  # this student skipped the lesson's quiz
            expected[lesson] = ""
            continue
        total = 0.0
        for item in items:
            pair = right_and_wrong(item)
            if pair is None:  # a judge item: written, not marked
                answers.append(
                    {
                        "lesson": lesson,
                        "item": f"quiz/{item['id']}",
                        "kind": "quiz",
                        "prompt": item["prompt"],
                        "value": {"answer": f"{student}: {HOSTILE}", "kind": "judge"},
                        "saved": "2026-12-02T13:00:00+00:00",
                        "result": None,
                    }
                )
                continue
            if rng.random() < 0.2:
                continue  # not answered
            right, wrong, wrong_score = pair
            good = rng.random() < 0.6
            total += 1.0 if good else wrong_score
            first = right if good else wrong
            # some students try again after checking: the first checked answer is scored
            last = (wrong if good else right) if rng.random() < 0.3 else first
            answers.append(
                {
                    "lesson": lesson,
                    "item": f"quiz/{item['id']}",
                    "kind": "quiz",
                    "prompt": item["prompt"],
                    "value": {"answer": last, "checked": True, "first": {"answer": first}},
                    "saved": "2026-12-02T13:00:00+00:00",
                    # tampered: the gradebook must re-mark, not trust this
                    "result": {"correct": True, "score": 1.0, "max": 1.0},
                }
            )
        expected[lesson] = (
            round(total, 2)
            if any(a["lesson"] == lesson and a["value"].get("kind") != "judge" for a in answers)
            else ""
        )
    answers += [
        {
            "lesson": "00_start_here",
            "item": "student_key",
            "kind": "reflection",
            "prompt": "Key that orders your quiz options",
            "value": f"key-{seed}",
            "saved": "2026-12-02T12:00:00+00:00",
        },
        {
            "lesson": "00_start_here",
            "item": "student_name",
            "kind": "name",
            "prompt": "Your name",
            "value": student,
            "saved": "2026-12-02T12:00:00+00:00",
        },
        {
            "lesson": "01_blocs",
            "item": "bloc",
            "kind": "reflection",
            "prompt": "Is the SCO a bloc?",
            "value": f"{student} thinks {HOSTILE}",
            "saved": "2026-12-02T12:30:00+00:00",
        },
        {
            "lesson": "04_analogy_lab",
            "item": "rating/exercises",
            "kind": "rating",
            "prompt": "Your rating: exercises",
            "value": rng.choice(["Strong", "Weak"]),
            "saved": "2026-12-02T12:40:00+00:00",
        },
        {
            "lesson": "07_policy_lab",
            "item": "policy/planning",
            "kind": "policy",
            "prompt": "Your level for: Joint planning",
            "value": rng.choice([0, 1, 2, 3]),
            "saved": "2026-12-02T12:50:00+00:00",
        },
    ]
    doc = {
        "format": "course-work",
        "schema_version": 1,
        "exported_at": exported_at,
        "student": student,
        "surface": rng.choice(["jupyterlab", "voila"]),
        "answers": answers,
    }
    return doc, expected


def class_folder(root: Path) -> tuple[Path, dict[str, dict]]:
    """A folder with three students' exports and one of each bad kind; the expectations."""
    folder = root / "exports"
    folder.mkdir()
    expected = {}
    for n, student in enumerate(STUDENTS):
        doc, exp = make_export(student, seed=n)
        expected[student] = exp
        (folder / f"{student.split()[0].lower()}.json").write_text(json.dumps(doc), encoding="utf-8")
    older, _ = make_export("Ann  LEE", seed=99, exported_at="2026-12-01T09:00:00+00:00")
    (folder / "ann-earlier.json").write_text(json.dumps(older), encoding="utf-8")  # same student
    good = (folder / "bo.json").read_bytes()
    (folder / "truncated.json").write_bytes(good[: len(good) // 2])
    (folder / "notes.json").write_text(json.dumps({"shopping": ["tea"]}), encoding="utf-8")
    old_schema = json.loads(good)
    old_schema["schema_version"] = 0
    (folder / "old-schema.json").write_text(json.dumps(old_schema), encoding="utf-8")
    (folder / "journal-copy.json").write_text(json.dumps({"version": 1, "entries": {}, "checksum": ""}))
    (folder / "picture.json").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (folder / "readme.txt").write_text("not read")
    return folder, expected


def snapshot(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def ran(tmp_path_factory):
    root = tmp_path_factory.mktemp("class")
    folder, expected = class_folder(root)
    before = snapshot(folder)
    out = root / "out"
    assert gradebook.main([str(folder), "--out", str(out)]) == 0
    return folder, out, expected, before


def test_folder_is_untouched(ran):
    folder, out, _, before = ran
    assert snapshot(folder) == before
    assert sorted(p.name for p in out.iterdir()) == [
        "answers.csv",
        "class-summary.html",
        "gradebook.csv",
        "rubric-marks.csv",
    ]


def test_each_bad_file_is_one_line_naming_it(ran, capsys):
    folder, _, _, _ = ran
    _, problems = gradebook.read_folder(folder)
    assert len(problems) == 6
    by_file = {p.split(":", 1)[0]: p for p in problems}
    assert "damaged or cut short" in by_file["truncated.json"]
    assert "not a course work file" in by_file["notes.json"]
    assert "older version of the course (schema 0)" in by_file["old-schema.json"]
    assert "the course's own journal" in by_file["journal-copy.json"]
    assert "not a text file" in by_file["picture.json"]
    assert (
        "second file for 'Ann  LEE'" in by_file["ann-earlier.json"] and "kept" in by_file["ann-earlier.json"]
    )
    assert all("\n" not in p for p in problems)


def refusal(raw: bytes, name: str) -> str:
    """The gradebook's line for a file the shared reader refuses."""
    with pytest.raises(ExportError) as err:
        read_export(raw, name)
    return gradebook.problem(err.value)


def test_newer_schema_and_missing_fields_are_refused():
    doc, _ = make_export("Dee", seed=5)
    assert "newer version of the course" in refusal(
        json.dumps(dict(doc, schema_version=2)).encode(), "dee.json"
    )
    broken = dict(doc, answers=[{"lesson": "01_blocs", "item": "x", "kind": "quiz", "saved": "t"}])
    assert refusal(json.dumps(broken).encode(), "dee.json") == "dee.json: answer 1, field value is missing."
    assert "field surface: 'phone' is not one of" in refusal(
        json.dumps(dict(doc, surface="phone")).encode(), "dee.json"
    )


def test_gradebook_csv_has_the_re_marked_scores(ran):
    _, out, expected, _ = ran
    with open(out / "gradebook.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["student"] for r in rows] == list(STUDENTS)
    assert rows[0]["file"] == "ann.json"  # the later export of Ann's two
    for row in rows:
        for lesson, score in expected[row["student"]].items():
            column = next(c for c in row if c.startswith(f"{lesson} quiz (out of "))
            if score == "":
                assert row[column] == "", (row["student"], lesson)
            else:
                assert float(row[column]) == pytest.approx(score), (row["student"], lesson)


def test_long_form_has_every_answer_with_its_verdict(ran):
    _, out, _, _ = ran
    with open(out / "answers.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert set(rows[0]) >= {"student", "lesson", "item", "answer", "correct"}
    for student in STUDENTS:
        doc, _ = make_export(student, seed=STUDENTS.index(student))
        mine = [r for r in rows if r["student"] == student]
        assert len(mine) == len(doc["answers"])
        for a, r in zip(doc["answers"], mine, strict=False):
            assert (r["lesson"], r["item"]) == (a["lesson"], a["item"])
            if a["kind"] == "quiz" and a["value"].get("kind") != "judge":
                item = next(i for i in raw_banks()[a["lesson"]] if f"quiz/{i['id']}" == a["item"])
                right, _, _ = right_and_wrong(item)
                first = a["value"]["first"]["answer"]
                assert r["correct"] == ("true" if first == right else "false")
                assert ("practice" in r["note"]) == (a["value"]["answer"] != first)
            else:
                assert r["correct"] == ""


def test_summary_page_is_self_contained_and_escaped(ran):
    _, out, _, _ = ran
    page = (out / "class-summary.html").read_text(encoding="utf-8")
    assert "<script" not in page.lower().replace("&lt;script", "")
    assert re.search(r"&lt;script&gt;alert\((&#x27;|&#39;)x(&#x27;|&#39;)\)&lt;/script&gt;", page)
    assert "http://" not in page.replace("http://www.w3.org", "") and "https://" not in page
    assert page.count("<svg") == page.count('role="img"') >= 10
    for heading in (
        "How the class answered",
        "Analogy-lab ratings",
        "Policy packages chosen",
        "Written answers, by prompt",
        "Files set aside",
    ):
        assert heading in page
    assert "Is the SCO a bloc?" in page and "Your level for" not in page
    assert "Key that orders" not in page  # not an answer


def test_output_inside_the_folder_is_refused(tmp_path):
    (tmp_path / "in").mkdir()
    with pytest.raises(SystemExit, match="outside the folder"):
        gradebook.run(tmp_path / "in", tmp_path / "in" / "out")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=st.binary(max_size=300))
def test_any_bytes_give_an_export_or_one_line_naming_the_file(raw):
    try:
        read_export(raw, "x.json")
    except ExportError as err:
        line = gradebook.problem(err)
        assert line.startswith("x.json: ") and line.endswith(".") and "\n" not in line


@settings(max_examples=60, deadline=None)
@given(cut=st.integers(min_value=0, max_value=10_000))
def test_a_truncated_export_is_refused_wherever_it_is_cut(cut):
    doc, _ = make_export("Eve", seed=7)
    raw = json.dumps(doc).encode()
    assert refusal(raw[: cut % len(raw)], "x.json").startswith("x.json: ")


def test_the_first_checked_answer_is_scored_not_a_corrected_one(tmp_path):
    """A student who answered wrong, then right, scores the wrong first answer."""
    item = next(i for i in raw_banks()["01_blocs"] if i["kind"] == "choice")
    right, wrong, _ = right_and_wrong(item)
    doc, _ = make_export("Eve Park", seed=7)
    doc["answers"] = [
        {
            "lesson": "01_blocs",
            "item": f"quiz/{item['id']}",
            "kind": "quiz",
            "prompt": item["prompt"],
            "value": {"answer": right, "checked": True, "first": {"answer": wrong}},
            "saved": "2026-12-02T13:00:00+00:00",
        }
    ]
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "eve.json").write_text(json.dumps(doc), encoding="utf-8")
    out, _ = gradebook.run(folder, tmp_path / "out")
    with open(out / "gradebook.csv", newline="", encoding="utf-8") as handle:
        (row,) = list(csv.DictReader(handle))
    column = next(c for c in row if c.startswith("01_blocs quiz"))
    assert float(row[column]) == 0.0
    with open(out / "answers.csv", newline="", encoding="utf-8") as handle:
        (line,) = list(csv.DictReader(handle))
    assert line["correct"] == "false" and "later practice try" in line["note"]


def test_rubric_points_reach_the_gradebook_and_the_summary(tmp_path):
    """The marking sheet lists each written answer by criterion; the points given come back
    as the lesson's written score, and points off the scale are refused in one line."""
    from course.quiz import load_bank

    bank = load_bank("01_blocs")
    judge = next(q for q in bank.questions if q.kind == "judge")
    doc, _ = make_export("Fay Ng", seed=8)
    doc["answers"] = [
        {
            "lesson": "01_blocs",
            "item": f"quiz/{judge.id}",
            "kind": "quiz",
            "prompt": judge.prompt,
            "value": {"answer": "Not a bloc: no defence article.", "kind": "judge"},
            "saved": "2026-12-02T13:00:00+00:00",
        },
        {
            "lesson": "01_blocs",
            "item": "close_reading",
            "kind": "reflection",
            "prompt": "Close reading",
            "value": "It assumes enlargement means integration.",
            "saved": "2026-12-02T13:00:00+00:00",
        },
    ]
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "fay.json").write_text(json.dumps(doc), encoding="utf-8")
    out, _ = gradebook.run(folder, tmp_path / "out")
    with open(out / "rubric-marks.csv", newline="", encoding="utf-8") as handle:
        sheet = list(csv.DictReader(handle))
    assert len(sheet) == len(judge.rubric.criteria) + len(bank.close_reading.criteria)
    for n, line in enumerate(sheet):
        line["points"] = str(n % 2 + 1)
    sheet[0]["points"] = "9"  # off the 0-3 scale: refused
    marks = tmp_path / "marks.csv"
    with open(marks, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(sheet[0]))
        writer.writeheader()
        writer.writerows(sheet)
    out, problems = gradebook.run(folder, tmp_path / "out2", marks)
    assert any("points must be 0 to 3" in p for p in problems)
    expected = sum(int(line["points"]) for line in sheet[1:])
    with open(out / "gradebook.csv", newline="", encoding="utf-8") as handle:
        (row,) = list(csv.DictReader(handle))
    top = judge.rubric.max_points + bank.close_reading.max_points
    assert float(row[f"01_blocs written (out of {top})"]) == expected
    summary = (out / "class-summary.html").read_text(encoding="utf-8")
    assert "Rubric points: 1 of 1 answer(s) marked" in summary
