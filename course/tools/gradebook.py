"""The instructor's gradebook: `python -m course.tools.gradebook FOLDER [--out OUT]`.

Reads every `*.json` work export in FOLDER (the "Download my work" JSON file, format
"course-work", read by course.work.work_export, the reader "Load my work" uses), re-marks every quiz answer
against the CURRENT banks with the same pure functions the lessons use, and writes to OUT
(default: FOLDER/../gradebook-output, never FOLDER itself):

* `gradebook.csv` — one row per student, one column per lesson's quiz score (plain CSV
  that learning-management systems import);
* `answers.csv` — long form: student, lesson, item, kind, answer, correct, score, max, saved;
  a quiz item is scored on the student's FIRST checked answer (later tries are practice and
  are named in the note); a written answer (a judge item or the close reading) has the
  rubric's maximum as `max` and, once marked, the instructor's points as `score`;
* `rubric-marks.csv` — one row per written answer and rubric criterion, for the instructor
  to fill in (`points`) and pass back with `--marks`; the gradebook then adds each lesson's
  written points to `gradebook.csv` and the class summary;
* `class-summary.html` — one self-contained page (inline SVG charts from vl-convert, no
  script, no request to any host): how the class answered each question, the analogy-lab
  ratings, the policy packages chosen, and the written answers grouped by prompt (escaped).

Why re-mark rather than trust the file's `result`: a student's file can be edited, and a
bank corrected after class should correct every student's score the same way.

Bad input never stops the run: a file that is not a course export, is damaged or truncated,
comes from an older or newer schema, or holds a second export for a student already read is
reported in one line naming the file, and the rest are processed. Nothing in FOLDER is
modified.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from course.work.work_export import Answer, Export, ExportError, read_export


def problem(err: ExportError) -> str:
    """The gradebook's line for a file it sets aside: the file, then why, in one sentence."""
    return f"{err.file}: {err.reason}."


def _identity(export: Export) -> str:
    return re.sub(r"\s+", " ", export.student).strip().casefold() or f"(no name: {export.file})"


def read_folder(folder: Path) -> tuple[list[Export], list[str]]:
    """Every readable export of `folder` (one per student) and one line per problem file."""
    exports: dict[str, Export] = {}
    problems: list[str] = []
    for path in sorted(Path(folder).glob("*.json")):
        try:
            export = read_export(path.read_bytes(), path.name)
        except ExportError as err:
            problems.append(problem(err))
            continue
        except OSError as err:
            problems.append(f"{path.name}: could not be read ({err.strerror}).")
            continue
        key = _identity(export)
        if key in exports:
            kept, dropped = sorted((exports[key], export), key=lambda e: (e.exported_at, e.file))[::-1]
            exports[key] = kept
            problems.append(
                f"{dropped.file}: a second file for {dropped.student!r} (also in "
                f"{kept.file}); kept the one exported later, {kept.file}."
            )
            continue
        exports[key] = export
    return sorted(exports.values(), key=lambda e: (_identity(e), e.file)), problems


# ----------------------------------------------------------------------------- marking


@dataclass
class Row:
    student: str
    lesson: str
    item: str
    kind: str
    answer: str
    correct: bool | None = None  # None: not marked (a written answer, a rating, ...)
    score: float | None = None
    max: float | None = None
    saved: str = ""
    note: str = ""
    prompt: str = ""


def _row(who: str, a: Answer, kind: str, answer: str, **rest: Any) -> Row:
    """A row for answer `a`; `rest` sets its marks, note or another prompt."""
    return Row(who, a.lesson, a.item, kind, answer, **{"saved": a.saved, "prompt": a.prompt, **rest})


def student_name(export: Export) -> str:
    return export.student.strip() or f"(no name: {export.file})"


def _quiz_value(value: Any) -> Any:
    """The answer to score: the first checked answer when the export records one (later tries
    are practice), else the saved answer (exports made before first answers were kept)."""
    if isinstance(value, dict):
        first = value.get("first")
        if isinstance(first, dict) and "answer" in first:
            return first["answer"]
        if "answer" in value:
            return value["answer"]
    return value


def _later_try(value: Any) -> Any:
    """The last answer tried after the first checked one (None when there was no other)."""
    if isinstance(value, dict) and isinstance(value.get("first"), dict):
        last = value.get("answer")
        return None if last == value["first"].get("answer") else last
    return None


def _banks() -> dict[str, Any]:
    from course import quiz

    return {lesson: quiz.load_bank(lesson) for lesson in quiz.lessons_with_banks()}


Marks = dict[tuple[str, str, str], dict[str, float]]  # (student, lesson, item) -> criterion -> points


def rubric_for(banks: dict[str, Any], lesson: str, item: str):
    """The rubric of a written answer (a judge item `quiz/<id>` or `close_reading`), or None."""
    bank = banks.get(lesson)
    if bank is None:
        return None
    if item == "close_reading":
        return bank.close_reading
    qid = item.removeprefix("quiz/")
    question = next((q for q in bank.questions if q.id == qid and q.kind == "judge"), None)
    return None if question is None else question.rubric


def read_marks(path: Path | None, banks: dict[str, Any]) -> tuple[Marks, list[str]]:
    """The instructor's rubric points (CSV: student, lesson, item, criterion, points) and one
    line per row it cannot use (unknown criterion, points off the scale)."""
    marks: Marks = defaultdict(dict)
    problems: list[str] = []
    if path is None:
        return marks, problems
    with open(path, newline="", encoding="utf-8") as handle:
        for n, line in enumerate(csv.DictReader(handle), start=2):
            text = (line.get("points") or "").strip()
            if not text:
                continue
            lesson, item = line.get("lesson", ""), line.get("item", "")
            rubric = rubric_for(banks, lesson, item)
            names = [c.name for c in rubric.criteria] if rubric else []
            try:
                points = float(text)
            except ValueError:
                points = -1.0
            if line.get("criterion") not in names:
                problems.append(
                    f"{Path(path).name}, row {n}: no criterion {line.get('criterion')!r} for {lesson} {item}."
                )
            elif not 0 <= points <= rubric.top:
                problems.append(
                    f"{Path(path).name}, row {n}: points must be 0 to {rubric.top}, not {text!r}."
                )
            else:
                key = (re.sub(r"\s+", " ", line.get("student", "")).strip().casefold(), lesson, item)
                marks[key][line["criterion"]] = points
    return marks, problems


def _written_score(marks: Marks, who: str, lesson: str, item: str) -> float | None:
    got = marks.get((re.sub(r"\s+", " ", who).strip().casefold(), lesson, item))
    return sum(got.values()) if got else None


def long_rows(exports: Sequence[Export], banks: dict[str, Any], marks: Marks | None = None) -> list[Row]:
    """One row per saved answer, quiz answers re-marked against the current banks (the first
    checked answer), written answers with their rubric's maximum and any points given."""
    marks = marks or {}
    from course.quiz import answer_text, mark
    from course.work.work_export import as_text

    rows = []
    for export in exports:
        who = student_name(export)
        for a in export.answers:
            if a.kind == "quiz" and a.item.startswith("quiz/"):
                bank = banks.get(a.lesson)
                qid = a.item.removeprefix("quiz/")
                question = next((q for q in bank.questions if q.id == qid), None) if bank else None
                drill = next((q for q in bank.practice if q.id == qid), None) if bank else None
                if question is None and drill is not None:
                    # a re-drawn practice item (lesson 08): shown with its verdict, never scored
                    m = mark(drill, _quiz_value(a.value))
                    text = answer_text(drill, _quiz_value(a.value)) or as_text(a.value)
                    rows.append(
                        _row(who, a, "practice", text, correct=m.correct, note="practice, not scored")
                    )
                    continue
                if question is None:
                    rows.append(_row(who, a, "quiz", as_text(a.value), note="not in the current bank"))
                    continue
                answer = _quiz_value(a.value)
                m = mark(question, answer)
                text = answer_text(question, answer) or as_text(a.value)
                if not question.marked:
                    rubric = question.rubric
                    rows.append(
                        _row(
                            who,
                            a,
                            "judge",
                            text,
                            prompt=a.prompt or question.prompt,
                            max=rubric.max_points if rubric else None,
                            score=_written_score(marks, who, a.lesson, a.item),
                        )
                    )
                else:
                    score = None if m.correct is None else m.score
                    later = _later_try(a.value)
                    note = (
                        f"first checked answer scored; a later practice try: {answer_text(question, later) or as_text(later)}"
                        if later is not None
                        else ""
                    )
                    rows.append(
                        _row(who, a, "quiz", text, correct=m.correct, score=score, max=m.max, note=note)
                    )
            elif a.item == "close_reading" and rubric_for(banks, a.lesson, a.item) is not None:
                rubric = rubric_for(banks, a.lesson, a.item)
                rows.append(
                    _row(
                        who,
                        a,
                        "close_reading",
                        as_text(a.value),
                        max=rubric.max_points,
                        score=_written_score(marks, who, a.lesson, a.item),
                    )
                )
            else:
                # the key that orders a student's quiz options is not an answer to read
                kind = "other" if (a.lesson, a.item) == ("00_start_here", "student_key") else a.kind
                rows.append(_row(who, a, kind, as_text(a.value)))
    return rows


def scores(exports: Sequence[Export], rows: Sequence[Row], banks: dict[str, Any]) -> list[dict[str, Any]]:
    """One dict per student: name, file, and each lesson's quiz points (blank if no answer)."""
    lessons = sorted(banks)
    table = []
    for export in exports:
        who = student_name(export)
        line: dict[str, Any] = {"student": who, "file": export.file}
        mine = [r for r in rows if r.student == who and r.kind == "quiz" and r.score is not None]
        written = [r for r in rows if r.student == who and r.kind in WRITTEN and r.score is not None]
        for lesson in lessons:
            got = [r.score for r in mine if r.lesson == lesson]
            line[lesson] = round(sum(got), 2) if got else ""
            points = [r.score for r in written if r.lesson == lesson]
            line[f"{lesson} written"] = round(sum(points), 2) if points else ""
        table.append(line)
    return table


WRITTEN = ("judge", "close_reading")


def max_points(banks: dict[str, Any]) -> dict[str, int]:
    return {lesson: sum(q.marked for q in bank.questions) for lesson, bank in banks.items()}


def written_max(banks: dict[str, Any]) -> dict[str, int]:
    """Per lesson, the rubric points its written answers can earn (judge items + close reading)."""
    out = {}
    for lesson, bank in banks.items():
        rubrics = [q.rubric for q in bank.questions if q.kind == "judge" and q.rubric and q.rubric.criteria]
        if bank.close_reading is not None and bank.close_reading.criteria:
            rubrics.append(bank.close_reading)
        out[lesson] = sum(r.max_points for r in rubrics)
    return out


def write_marking_sheet(out: Path, rows: Sequence[Row], banks: dict[str, Any], marks: Marks) -> None:
    """`rubric-marks.csv`: a row per written answer and criterion, points filled where given."""
    with open(out / "rubric-marks.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", "lesson", "item", "criterion", "points", "out_of", "answer"])
        for r in rows:
            rubric = rubric_for(banks, r.lesson, r.item) if r.kind in WRITTEN else None
            if rubric is None or not rubric.criteria or not r.answer.strip():
                continue
            given = marks.get((re.sub(r"\s+", " ", r.student).strip().casefold(), r.lesson, r.item), {})
            for c in rubric.criteria:
                points = given.get(c.name)
                writer.writerow(
                    [
                        r.student,
                        r.lesson,
                        r.item,
                        c.name,
                        "" if points is None else f"{points:g}",
                        rubric.top,
                        _short(r.answer, 200),
                    ]
                )


# ----------------------------------------------------------------------------- writing


def write_csvs(out: Path, table: list[dict[str, Any]], rows: Sequence[Row], banks: dict[str, Any]) -> None:
    tops, written = max_points(banks), written_max(banks)
    lessons = sorted(banks)
    with open(out / "gradebook.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "student",
                "file",
                *(f"{lesson} quiz (out of {tops[lesson]})" for lesson in lessons),
                *(f"{lesson} written (out of {written[lesson]})" for lesson in lessons if written[lesson]),
            ]
        )
        for line in table:
            writer.writerow(
                [
                    line["student"],
                    line["file"],
                    *(line[lesson] for lesson in lessons),
                    *(line.get(f"{lesson} written", "") for lesson in lessons if written[lesson]),
                ]
            )
    with open(out / "answers.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["student", "lesson", "item", "kind", "answer", "correct", "score", "max", "saved", "note"]
        )
        for r in rows:
            writer.writerow(
                [
                    r.student,
                    r.lesson,
                    r.item,
                    r.kind,
                    r.answer,
                    "" if r.correct is None else str(r.correct).lower(),
                    "" if r.score is None else round(r.score, 3),
                    "" if r.max is None else r.max,
                    r.saved,
                    r.note,
                ]
            )


# ----------------------------------------------------------------------------- the class summary


def _short(text: str, n: int = 70) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _bar_chart(
    counts: Sequence[tuple[str, int, bool]], title: str, caption: str, source: str, fig_id: str
) -> str:
    """Horizontal bars of how many students chose each option; right answers marked in words."""
    import altair as alt
    import pandas as pd

    from course.charts import figure, styled
    from course.core.palette import OKABE_ITO

    frame = pd.DataFrame(
        [
            {
                "option": (f"✓ {label}" if right else label),
                "students": n,
                "answer": "right answer" if right else "other option",
                "description": f"{label}: {n} student(s){' (right answer)' if right else ''}",
            }
            for label, n, right in counts
        ]
    )
    chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=alt.Y("option:N", sort=None, title=None, axis=alt.Axis(labelLimit=420)),
            x=alt.X(
                "students:Q",
                title="Students (count)",
                axis=alt.Axis(values=list(range(max(n for _, n, _ in counts) + 1)), format="d"),
            ),
            color=alt.Color(
                "answer:N",
                title="Option",
                scale=alt.Scale(
                    domain=["right answer", "other option"], range=[OKABE_ITO["blue"], OKABE_ITO["grey"]]
                ),
            ),
            description="description:N",
        )
        .properties(width=360)
    )
    text = chart.mark_text(align="left", dx=3).encode(text="students:Q", color=alt.value("#000000"))
    return figure.to_svg(styled(alt.layer(chart, text)), title, caption, source, id_prefix=fig_id)


def _heat_chart(frame, x: str, y: str, title: str, caption: str, source: str, fig_id: str) -> str:
    """Counts as shaded cells with the number written in each (never shade alone)."""
    import altair as alt

    from course.charts import figure, styled
    from course.core.palette import OKABE_ITO

    base = alt.Chart(frame).encode(
        x=alt.X(f"{x}:N", title=x.capitalize(), sort=None), y=alt.Y(f"{y}:N", title=y.capitalize(), sort=None)
    )
    cells = base.mark_rect().encode(
        color=alt.Color(
            "students:Q", title="Students", scale=alt.Scale(range=["#FFFFFF", OKABE_ITO["sky_blue"]])
        ),
        description="description:N",
    )
    text = base.mark_text().encode(text="students:Q")
    return figure.to_svg(styled(alt.layer(cells, text)), title, caption, source, id_prefix=fig_id)


def _question_counts(question, answers: list[Any]) -> list[tuple[str, int, bool]]:
    from course.quiz import mark

    if question.kind in ("choice", "multi", "evidence"):
        picks = Counter()
        for a in answers:
            chosen = [a] if question.kind == "choice" else (a or [])
            if mark(question, a).correct is None:
                continue
            picks.update(chosen)
        return [(_short(o.text), picks.get(i, 0), o.correct) for i, o in enumerate(question.options)]
    verdicts = Counter()
    for a in answers:
        m = mark(question, a)
        if m.correct is None:
            continue
        verdicts["all right" if m.correct else ("partly right" if m.score > 0 else "none right")] += 1
    return [
        (label, verdicts.get(label, 0), label == "all right")
        for label in ("all right", "partly right", "none right")
    ]


def summary_html(
    exports: Sequence[Export], rows: Sequence[Row], problems: Sequence[str], banks: dict[str, Any]
) -> str:
    """The class summary page: self-contained HTML with inline SVG charts, drawn from
    course/content/pages/class-summary.html.j2 (students' words escaped by the template)."""
    import pandas as pd

    from course.core.pages import render

    by_item: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for export in exports:
        for a in export.answers:
            if a.kind == "quiz":
                by_item[(a.lesson, a.item.removeprefix("quiz/"))].append(_quiz_value(a.value))
    n_fig = 0
    lessons = []
    for lesson, bank in sorted(banks.items()):
        charts = []
        for q in bank.questions:
            answers = by_item.get((lesson, q.id), [])
            if not q.marked or not answers:
                continue
            n_fig += 1
            counts = _question_counts(q, answers)
            caption = (
                f"How many of {len(answers)} student(s) chose each option"
                if q.kind in ("choice", "multi", "evidence")
                else f"How many of {len(answers)} student(s) got all, part or none of it right"
            )
            svg = _bar_chart(
                counts,
                _short(q.prompt, 90),
                caption + ".",
                f"Source of the item: [{q.source_id}]; answers from the class exports.",
                f"q{n_fig}",
            )
            charts.append({"svg": svg, "id": q.id, "kind": q.kind, "prompt": q.prompt})
        if charts:
            lessons.append({"name": lesson, "charts": charts})
    ratings = [
        (a.item.removeprefix("rating/"), str(_quiz_value(a.value)))
        for e in exports
        for a in e.answers
        if a.lesson == "04_analogy_lab" and a.item.startswith("rating/") and a.value not in (None, "")
    ]
    ratings_svg = None
    if ratings:
        frame = pd.DataFrame(
            [
                {
                    "dimension": d,
                    "rating": r,
                    "students": n,
                    "description": f"{d}: {n} student(s) rated '{r}'",
                }
                for (d, r), n in sorted(Counter(ratings).items())
            ]
        )
        n_fig += 1
        ratings_svg = _heat_chart(
            frame,
            "rating",
            "dimension",
            "Analogy-lab ratings by dimension",
            "How many students gave each rating on each dimension of the analogy.",
            "Source: the class exports (lesson 04).",
            f"q{n_fig}",
        )
    choices = [
        (a.item.removeprefix("policy/"), str(_quiz_value(a.value)))
        for e in exports
        for a in e.answers
        if a.lesson == "07_policy_lab" and a.item.startswith("policy/") and a.value is not None
    ]
    policy_svg, packages = None, []
    if choices:
        frame = pd.DataFrame(
            [
                {
                    "recommendation": r,
                    "level": f"level {lv}",
                    "students": n,
                    "description": f"{r}: {n} student(s) chose level {lv}",
                }
                for (r, lv), n in sorted(Counter(choices).items())
            ]
        )
        n_fig += 1
        policy_svg = _heat_chart(
            frame,
            "level",
            "recommendation",
            "Policy packages: level chosen per recommendation",
            "How many students chose each level (0 = status quo) for each of the four recommendations.",
            "Source: the class exports (lesson 07).",
            f"q{n_fig}",
        )
        whole = Counter(
            tuple(
                sorted(
                    (a.item.removeprefix("policy/"), str(_quiz_value(a.value)))
                    for a in e.answers
                    if a.lesson == "07_policy_lab" and a.item.startswith("policy/")
                )
            )
            for e in exports
        )
        packages = [(", ".join(f"{k} {v}" for k, v in p), n) for p, n in whole.most_common()]
    by_prompt: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for r in rows:
        if r.kind in ("reflection", *WRITTEN) and r.answer.strip():
            by_prompt[(r.lesson, r.prompt or r.item)].append(r)
    writing = []
    for (lesson, prompt), items in sorted(by_prompt.items()):
        top = items[0].max
        scored = [r.score for r in items if r.score is not None]
        points = ""
        if top:
            points = (
                f"Rubric points: {len(scored)} of {len(items)} answer(s) marked"
                + (f", mean {sum(scored) / len(scored):.1f} of {top:g}" if scored else "")
                + " (grade the reasoning, not the side)."
            )
        answers = [
            {
                "answer": r.answer,
                "student": r.student,
                "score": f" · {r.score:g} of {r.max:g} points" if r.score is not None and r.max else "",
            }
            for r in items
        ]
        writing.append({"lesson": lesson, "prompt": prompt, "points": points, "answers": answers})
    return render(
        "class-summary.html.j2",
        n_files=len(exports),
        problems=list(problems),
        lessons=lessons,
        ratings_svg=ratings_svg,
        policy_svg=policy_svg,
        packages=packages,
        writing=writing,
    )


# ----------------------------------------------------------------------------- the command


def run(folder: Path, out: Path | None = None, marks_file: Path | None = None) -> tuple[Path, list[str]]:
    """Read FOLDER (and the instructor's rubric points, if given), write the files into OUT;
    return OUT and the problem lines."""
    folder = Path(folder).resolve()
    if not folder.is_dir():
        raise SystemExit(f"{folder} is not a folder.")
    out = Path(out).resolve() if out else folder.parent / f"{folder.name}-gradebook"
    if out == folder or folder in out.parents:
        raise SystemExit(
            "The output folder must be outside the folder of exports (nothing there is modified)."
        )
    out.mkdir(parents=True, exist_ok=True)
    exports, problems = read_folder(folder)
    banks = _banks()
    marks, mark_problems = read_marks(marks_file, banks)
    problems = [*problems, *mark_problems]
    rows = long_rows(exports, banks, marks)
    write_csvs(out, scores(exports, rows, banks), rows, banks)
    write_marking_sheet(out, rows, banks, marks)
    (out / "class-summary.html").write_text(summary_html(exports, rows, problems, banks), encoding="utf-8")
    return out, problems


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m course.tools.gradebook",
        description="Re-mark a folder of course-work exports and summarise the class.",
    )
    parser.add_argument("folder", type=Path, help="folder holding the students' *.json exports")
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="where to write gradebook.csv, answers.csv and class-summary.html "
        "(default: a sibling folder named FOLDER-gradebook)",
    )
    parser.add_argument(
        "--marks",
        type=Path,
        default=None,
        help="rubric-marks.csv with the points you gave (student, lesson, item, criterion, points)",
    )
    args = parser.parse_args(list(argv) if argv is not None else None)
    out, problems = run(args.folder, args.out, args.marks)
    for line in problems:
        print(line, file=sys.stderr)
    print(
        f"wrote {out / 'gradebook.csv'}, {out / 'answers.csv'}, {out / 'rubric-marks.csv'} "
        f"and {out / 'class-summary.html'}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
