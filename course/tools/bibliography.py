"""The course bibliography for people, generated from data/sources.csv.

`python -m course.tools.bibliography` rewrites course/bibliography.md; a test fails if the file
is stale or if any source key used anywhere (data rows, lesson prose, quiz banks) is
missing from it.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from course import lesson
from course.core.paths import CONTENT_DIR, NOTEBOOKS_DIR, PACKAGE_DIR
from course.material import data
from course.quiz.bank import cited_sources
from course.tools import source_quality

OUTPUT = PACKAGE_DIR / "bibliography.md"


def uses() -> dict[str, set[str]]:
    """For every cited source key, where it is used ('data/x.csv', 'lesson 01', 'quiz 01',
    'course/glossary.md')."""
    where: dict[str, set[str]] = {}
    for name in data.table_names():
        if name == "sources":
            continue
        for key in lesson.table_citations([name]):
            where.setdefault(key, set()).add(f"data/{name}.csv")
    for mention in source_quality.mentions():  # a key named in a row's note ("as <key> reports")
        if mention.where.startswith("data/"):
            where.setdefault(mention.source_id, set()).add(mention.where.split(",")[0])
    for path in sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb")):
        for key in lesson.notebook_citations(path.stem):
            where.setdefault(key, set()).add(f"lesson {path.stem[:2]}")
    for doc in sorted(PACKAGE_DIR.glob("*.md")):
        if doc != OUTPUT:
            for key in lesson.cited_in(doc.read_text(encoding="utf-8")):
                where.setdefault(key, set()).add(f"course/{doc.name}")
    for bank in sorted(CONTENT_DIR.glob("quiz_*.yaml")):
        for key in cited_sources(yaml.safe_load(bank.read_text(encoding="utf-8"))):
            where.setdefault(key, set()).add(f"quiz {bank.stem[5:7]}")
    for other in sorted(CONTENT_DIR.glob("*.yaml")):
        if not other.name.startswith("quiz_"):
            for key in source_quality.yaml_source_ids(yaml.safe_load(other.read_text(encoding="utf-8"))):
                where.setdefault(key, set()).add(f"course/content/{other.name}")
    return where


KIND_LABELS = {
    "primary": "primary source",
    "scholarly": "scholarship",
    "analysis": "research institute",
    "news": "news report",
    "reference": "encyclopedia",
}


def entry(row, used: str) -> str:
    """One bibliography line: who, title, date, where to read it (and the copy actually
    read, if not the original), what kind of source it is, and where the course uses it."""
    who = ", ".join(p for p in (row.author, row.publisher) if isinstance(p, str) and p)
    date = row.date if isinstance(row.date, str) else "undated"
    url = f"<{row.url}>" if isinstance(row.url, str) else "no public URL"
    via = f"; read via <{row.via}>" if isinstance(row.via, str) and row.via else ""
    return (
        f"- **{row.source_id}** · {who}. *{row.title}*. {date}. {url} "
        f"(accessed {row.accessed}{via}). Kind: {KIND_LABELS.get(row.kind, row.kind)}. "
        f"Used in: {used}."
    )


def render_markdown() -> str:
    """Every source, alphabetically by key, with its kind and where the course uses it;
    encyclopedias apart, under "Further reading", since no fact may rest on them."""
    where = uses()
    sources = data.load("sources").sort_values("source_id")
    lines = [
        "# Bibliography",
        "",
        "Generated from `data/sources.csv` by `python -m course.tools.bibliography`; do not edit by hand.",
        (
            "Each entry: key · author/publisher · title · date · URL · accessed (and the copy "
            "read, when it is not the original) · kind · where the course uses it."
        ),
        (
            "Kinds: primary source (official text, treaty, government statement, parliamentary "
            "record) · scholarship (peer-reviewed article, university-press or academic book, "
            "published documents collection) · research institute · news report · encyclopedia."
        ),
        "",
        "## Sources",
        "",
    ]
    for row in sources[sources["kind"] != "reference"].itertuples():
        lines.append(entry(row, "; ".join(sorted(where.get(row.source_id, set()))) or "not cited yet"))
    further = sources[sources["kind"] == "reference"]
    if len(further):
        lines += [
            "",
            "## Further reading (encyclopedias)",
            "",
            "Background only: no fact in the course rests on these alone.",
            "",
        ]
        for row in further.itertuples():
            lines.append(entry(row, "; ".join(sorted(where.get(row.source_id, set()))) or "not cited yet"))
    return "\n".join(lines) + "\n"


def write(path: Path = OUTPUT) -> Path:
    path.write_text(render_markdown(), encoding="utf-8")
    return path


if __name__ == "__main__":
    print(f"wrote {write()}")
