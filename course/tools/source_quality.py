"""Checkable rules for a bibliography an instructor can assign.

The schema (data/datapackage.json) already checks each cell of data/sources.csv; these
rules look across cells and files, which a schema cannot:

1. `host`: no source's `url` is on a host in data/disallowed_hosts.txt (mirrors,
   aggregators, content farms, children's and hobby sites). A copy there may be named
   in `via`, beside the original publication in `url`.
2. `title`: no reconstructed title (square brackets, "inferred", "not captured", "slug"):
   titles are as published.
3. `via`: a `via` (the copy actually read) always comes with an original `url` on a
   different host.
4. `reference`: no fact rests on an encyclopedia alone. Every source cited by a data row,
   a course/content/*.yaml file, a notebook's Markdown or a course/*.md page must be of a
   kind other than `reference`, except under a Markdown heading that starts with
   "Further reading", the one place an encyclopedia may be cited.

`python -m course.tools.source_quality` prints every violation (file, row, source) and exits 1
if there is any, so a person can run the same check as the test.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd
import yaml

from course.core.paths import CONTENT_DIR, NOTEBOOKS_DIR, PACKAGE_DIR, data_dir
from course.lesson import CITATION
from course.material import data

HOSTS_FILE = "disallowed_hosts.txt"
# A title in square brackets is a description someone wrote, not the published title; a
# bracketed section label before the headline ("[APEC 2025] Japan's ...") is the publisher's.
RECONSTRUCTED = re.compile(
    r"^\s*\[[^\]]*\]\s*$|^\s*\[[^\]]*\]?$|\binferred\b|\bnot captured\b|\bslug\b", re.IGNORECASE
)
FURTHER_READING = re.compile(r"^\s*#+\s*further reading", re.IGNORECASE)
HEADING = re.compile(r"^\s*#+\s")


@dataclass(frozen=True)
class Violation:
    """One broken rule: which rule, which source, where it was found, and why."""

    rule: str
    source_id: str
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: [{self.source_id}] {self.message}"


@dataclass(frozen=True)
class Citation:
    """A source key used somewhere; `further_reading` when listed under that heading."""

    source_id: str
    where: str
    further_reading: bool = False


def disallowed_hosts(folder: Path | None = None) -> list[str]:
    """The host rules of data/disallowed_hosts.txt (comments and blank lines dropped)."""
    path = (folder or data_dir()) / HOSTS_FILE
    rules = []
    for line in path.read_text(encoding="utf-8").splitlines():
        rule = line.split("#", 1)[0].strip().lower()
        if rule:
            rules.append(rule)
    return rules


def host_of(url: str) -> str:
    """The host of a URL, lower case, without port or the trailing dot some copies carry."""
    return (urlsplit(url.strip()).hostname or "").rstrip(".").lower()


def matching_rule(url: str, rules: Iterable[str]) -> str | None:
    """The first rule the URL's host breaks: the host itself or a parent domain, or a
    `*text*` rule whose text the host contains. None when the host is allowed."""
    host = host_of(url)
    if not host:
        return None
    for rule in rules:
        if rule.startswith("*") and rule.endswith("*"):
            if rule.strip("*") in host:
                return rule
        elif host == rule or host.endswith("." + rule):
            return rule
    return None


def _sources(sources: pd.DataFrame | None) -> pd.DataFrame:
    return data.load("sources") if sources is None else sources


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _rows(sources: pd.DataFrame) -> Iterable[tuple[str, pd.Series]]:
    """(where, row) for each source; row numbers count the header as row 1, like DataError."""
    for position, (_, row) in enumerate(sources.iterrows()):
        yield f"data/sources.csv, row {position + 2}", row


def check_hosts(sources: pd.DataFrame | None = None, rules: list[str] | None = None) -> list[Violation]:
    """Rule 1: no `url` on a disallowed host (a `via` there is fine, see check_via)."""
    rules = disallowed_hosts() if rules is None else rules
    found = []
    for where, row in _rows(_sources(sources)):
        rule = matching_rule(_text(row["url"]), rules)
        if rule:
            found.append(
                Violation(
                    "host",
                    row["source_id"],
                    where,
                    f"url {row['url']} is on a disallowed host ({rule}); cite the "
                    "original publication and put this copy in `via`",
                )
            )
    return found


def check_titles(sources: pd.DataFrame | None = None) -> list[Violation]:
    """Rule 2: titles as published, nothing reconstructed."""
    found = []
    for where, row in _rows(_sources(sources)):
        title = _text(row["title"])
        match = RECONSTRUCTED.search(title)
        if match:
            found.append(
                Violation(
                    "title",
                    row["source_id"],
                    where,
                    f"title {title!r} looks reconstructed ({match.group(0)!r}); give the title as published",
                )
            )
    return found


def check_via(sources: pd.DataFrame | None = None) -> list[Violation]:
    """Rule 3: a copy read (`via`) is paired with the original (`url`) on another host."""
    found = []
    for where, row in _rows(_sources(sources)):
        via, url = _text(row["via"]), _text(row["url"])
        if not via:
            continue
        if not url:
            problem = "has a `via` but no original `url`"
        elif host_of(via) == host_of(url):
            problem = f"`via` and `url` are on the same host ({host_of(url)}): `url` must be the original"
        else:
            continue
        found.append(Violation("via", row["source_id"], where, problem))
    return found


def _markdown_citations(text: str, where: str) -> list[Citation]:
    """Citations in Markdown, each marked if it sits under a 'Further reading' heading."""
    found, further = [], False
    for line in text.splitlines():
        if HEADING.match(line):
            further = bool(FURTHER_READING.match(line))
        found += [Citation(key, where, further) for key in CITATION.findall(line)]
    return found


def _yaml_source_ids(node: object) -> list[str]:
    """Every value of a `source_id` (or `*_source_id`) key, at any depth."""
    if isinstance(node, dict):
        keys = [
            v
            for k, v in node.items()
            if isinstance(k, str) and (k == "source_id" or k.endswith("_source_id")) and isinstance(v, str)
        ]
        return keys + [k for v in node.values() for k in _yaml_source_ids(v)]
    if isinstance(node, list):
        return [k for v in node for k in _yaml_source_ids(v)]
    return []


def citations(
    data_folder: Path | None = None,
    content_dir: Path = CONTENT_DIR,
    notebooks_dir: Path = NOTEBOOKS_DIR,
    docs_dir: Path = PACKAGE_DIR,
) -> list[Citation]:
    """Every place the course relies on a source: data rows, content YAML (source_id fields
    and [key] citations in its text), notebook Markdown cells and course/*.md pages."""
    folder = data_folder or data_dir()
    found: list[Citation] = []
    for path in sorted(folder.glob("*.csv")):
        if path.name == "sources.csv":
            continue
        with path.open(encoding="utf-8", newline="") as fh:
            for number, row in enumerate(csv.DictReader(fh), start=2):
                for column, value in row.items():
                    if column and (column == "source_id" or column.endswith("_source_id")) and value:
                        found.append(
                            Citation(value.strip(), f"data/{path.name}, row {number}, column {column}")
                        )
    for path in sorted(content_dir.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        where = f"course/content/{path.name}"
        found += [Citation(key, where) for key in _yaml_source_ids(yaml.safe_load(text))]
        found += [Citation(key, where) for key in CITATION.findall(text)]
    for path in sorted(notebooks_dir.glob("[0-9][0-9]_*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        for number, cell in enumerate(cells, start=1):
            if cell["cell_type"] == "markdown":
                found += _markdown_citations("".join(cell["source"]), f"notebooks/{path.name}, cell {number}")
    for path in sorted(docs_dir.glob("*.md")):
        if path.name != "bibliography.md":
            found += _markdown_citations(path.read_text(encoding="utf-8"), f"course/{path.name}")
    return found


def check_reference_only(
    sources: pd.DataFrame | None = None, cited: list[Citation] | None = None
) -> list[Violation]:
    """Rule 4: an encyclopedia (`reference`) is never what a fact rests on; it may only be
    listed under a 'Further reading' heading."""
    kinds = dict(zip(_sources(sources)["source_id"], _sources(sources)["kind"], strict=False))
    found = []
    for citation in citations() if cited is None else cited:
        if kinds.get(citation.source_id) == "reference" and not citation.further_reading:
            found.append(
                Violation(
                    "reference",
                    citation.source_id,
                    citation.where,
                    "is an encyclopedia (kind `reference`) used as evidence; cite a "
                    "primary, scholarly, analysis or news source (an encyclopedia "
                    "may only appear under a 'Further reading' heading)",
                )
            )
    return found


def check_all() -> list[Violation]:
    """Every rule, on the real data and course files."""
    return check_hosts() + check_titles() + check_via() + check_reference_only()


def main() -> int:
    problems = check_all()
    for problem in problems:
        print(f"{problem.rule:9} {problem}")
    print(f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
