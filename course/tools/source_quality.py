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
5. `index`: a `url` is an item (an article, a release, a record), never a home page, a
   search or catalogue search, or a tag or index page: the reader must land on the source.
6. `via-host`: the copy read (`via`) is not on a forum, web proxy, crypto exchange or
   content farm (hosts marked `!` in data/disallowed_hosts.txt): such a copy cannot vouch
   for the text; the claim needs another original.
7. `resolves`: every source key the course mentions resolves to a row of sources.csv:
   key columns and keys named inside any text cell of data/ (notes included), notebook
   Markdown and code, course/content/*.yaml, course/*.md and the package's Python.

`python -m course.tools.source_quality` prints every violation (file, row, source) and exits 1
if there is any, so a person can run the same check as the test.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
import tokenize
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

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


def _host_lines(folder: Path | None = None) -> list[str]:
    path = (folder or data_dir()) / HOSTS_FILE
    lines = [line.split("#", 1)[0].strip().lower() for line in path.read_text(encoding="utf-8").splitlines()]
    return [line for line in lines if line]


def disallowed_hosts(folder: Path | None = None) -> list[str]:
    """The host rules of data/disallowed_hosts.txt (comments and blank lines dropped; the
    `!` that marks a host refused in `via` too is removed)."""
    return [line.lstrip("!").strip() for line in _host_lines(folder)]


def disallowed_via_hosts(folder: Path | None = None) -> list[str]:
    """The rules marked `!`: forums, proxies, exchanges and content farms, refused even as
    the copy read (`via`), because a copy there cannot vouch for the original's text."""
    return [line[1:].strip() for line in _host_lines(folder) if line.startswith("!")]


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


# Query keys that make a URL a search (a value of "null" or nothing is not a search).
SEARCH_KEYS = {"q", "query", "keyword", "keywords", "search", "searchterm", "s", "term"}
# Path segments of a search page, and of a tag, category or topic listing.
SEARCH_SEGMENTS = {"search", "discover", "find"}
LISTING_SEGMENTS = {"tag", "tags", "category", "categories", "topic", "topics"}
# A folder URL ending in one of these is a list of items, not an item.
LISTING_FOLDERS = {"news", "releases", "press-releases", "articles", "publications", "documents"}


def index_problem(url: str) -> str | None:
    """Why a URL is a home, search or index page rather than an item, or None.

    Rules, each about the URL alone: an empty path (a home page); a `search`, `discover`
    or `find` path segment, or a query such as `?q=` with a value (a search or catalogue
    search); a `tag`/`category`/`topic` segment among the last two (a listing: `/tag/x/`, while
    `/category/politics/<headline>` is an article); a folder ending in `/news/`,
    `/releases/`... (a list of releases). An `index.html` is not refused by itself: many
    items (a ministry's statement, an article) live at one."""
    parts = urlsplit(url.strip())
    if not parts.scheme or not parts.hostname:
        return None
    segments = [s for s in parts.path.split("/") if s]
    query = {k.lower(): v for k, v in parse_qsl(parts.query, keep_blank_values=True)}
    if not segments and not [k for k, v in query.items() if v]:
        return "a home page"
    if {s.lower() for s in segments} & SEARCH_SEGMENTS:
        return "a search page"
    if any(v and v.lower() != "null" for k, v in query.items() if k in SEARCH_KEYS):
        return "a search page"
    if any(s.lower() in LISTING_SEGMENTS for s in segments[-2:]):
        return "a tag or category listing"
    if parts.path.endswith("/") and segments and segments[-1].lower() in LISTING_FOLDERS:
        return "a list of releases or articles"
    return None


def check_index_urls(sources: pd.DataFrame | None = None) -> list[Violation]:
    """Rule 5: every `url` is an item page, not a home, search or index page."""
    found = []
    for where, row in _rows(_sources(sources)):
        problem = index_problem(_text(row["url"]))
        if problem:
            found.append(
                Violation(
                    "index",
                    row["source_id"],
                    where,
                    f"url {row['url']} is {problem}; give the item itself (article, release, "
                    "DOI, archive item or catalogue record)",
                )
            )
    return found


def check_via_hosts(sources: pd.DataFrame | None = None, rules: list[str] | None = None) -> list[Violation]:
    """Rule 6: no `via` on a forum, proxy, exchange or content farm."""
    rules = disallowed_via_hosts() if rules is None else rules
    found = []
    for where, row in _rows(_sources(sources)):
        rule = matching_rule(_text(row["via"]), rules)
        if rule:
            found.append(
                Violation(
                    "via-host",
                    row["source_id"],
                    where,
                    f"via {row['via']} is on {rule} (a forum, proxy, exchange or content farm): "
                    "such a copy cannot vouch for the text; support the claim from another original",
                )
            )
    return found


def _markdown_citations(text: str, where: str) -> list[Citation]:
    """Citations in Markdown, each marked if it sits under a 'Further reading' heading."""
    found, further = [], False
    for line in text.splitlines():
        if HEADING.match(line):
            further = bool(FURTHER_READING.match(line))
        found += [Citation(key, where, further) for key in CITATION.findall(line)]
    return found


def yaml_source_ids(node: object) -> list[str]:
    """Every value of a `source_id`, `*_source_id` or `source` key, at any depth (quiz banks
    name `source_id`; the policy lab's scores name `source`)."""
    if isinstance(node, dict):
        keys = [
            v
            for k, v in node.items()
            if isinstance(k, str)
            and (k in ("source", "source_id") or k.endswith("_source_id"))
            and isinstance(v, str)
        ]
        return keys + [k for v in node.values() for k in yaml_source_ids(v)]
    if isinstance(node, list):
        return [k for v in node for k in yaml_source_ids(v)]
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
        found += [Citation(key, where) for key in yaml_source_ids(yaml.safe_load(text))]
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


# A snake_case word: how every source key is spelled.
SNAKE = re.compile(r"(?<![A-Za-z0-9_./:-])([a-z][a-z0-9]*(?:_[a-z0-9]+)+)(?![A-Za-z0-9_(-])")
# A key in code: a snake_case string with a year segment (`sipri_milex_2025`).
YEAR_SEGMENT = re.compile(r"_(1[5-9]\d\d|20\d\d)(_|$)")


def _vocabulary(folder: Path) -> set[str]:
    """Words of the data that are not source keys: table names, column names, and values
    of coded (one-word) cells, so a note may say `treaty_in_force` or `one_off`."""
    words: set[str] = set()
    for path in folder.glob("*.csv"):
        words.add(path.stem)
        if path.name == "sources.csv":
            continue
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            words.update(c for c in reader.fieldnames or [] if c)
            for row in reader:
                words.update(
                    v.strip() for v in row.values() if isinstance(v, str) and SNAKE.fullmatch(v.strip())
                )
    package = folder / "datapackage.json"
    if package.exists():
        words.update(re.findall(r'"([a-z][a-z0-9]*(?:_[a-z0-9]+)+)"', package.read_text(encoding="utf-8")))
    return words


def _code_keys(source: str, prefixes: set[str]) -> list[str]:
    """Source keys named in Python code: [key] citations inside strings and comments, and
    words spelled like a key, with a year and a publisher prefix the bibliography uses
    (`"sipri_milex_2025"`; not a series id such as `"entente_1904_falls"`)."""
    found = []
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        tokens = []
    for token in tokens:
        if token.type not in (tokenize.STRING, tokenize.COMMENT) and token.type != getattr(
            tokenize, "FSTRING_MIDDLE", -1
        ):
            continue
        text = token.string
        found += CITATION.findall(text)
        found += [w for w in SNAKE.findall(text) if YEAR_SEGMENT.search(w) and w.split("_", 1)[0] in prefixes]
    if not tokens:  # not Python (a cell magic): fall back to the text itself
        found += CITATION.findall(source)
    return found


def mentions(
    data_folder: Path | None = None,
    content_dir: Path = CONTENT_DIR,
    notebooks_dir: Path = NOTEBOOKS_DIR,
    package_dir: Path = PACKAGE_DIR,
) -> list[Citation]:
    """Source keys named in running text and code, beyond the key columns and [key]
    citations that `citations` reads: keys inside any text cell of data/ (a note saying
    "as <key> reports"), in notebook code cells, and in the package's Python files."""
    folder = data_folder or data_dir()
    vocabulary = _vocabulary(folder)
    with (folder / "sources.csv").open(encoding="utf-8", newline="") as fh:
        prefixes = {row["source_id"].split("_", 1)[0] for row in csv.DictReader(fh)}
    found: list[Citation] = []
    for path in sorted(folder.glob("*.csv")):
        if path.name == "sources.csv":
            continue
        with path.open(encoding="utf-8", newline="") as fh:
            for number, row in enumerate(csv.DictReader(fh), start=2):
                for column, value in row.items():
                    if not column or column == "source_id" or column.endswith("_source_id") or not value:
                        continue
                    if SNAKE.fullmatch(value.strip()):
                        continue  # a coded value, not running text
                    for word in SNAKE.findall(value):
                        if word not in vocabulary:
                            found.append(Citation(word, f"data/{path.name}, row {number}, column {column}"))
    for path in sorted(notebooks_dir.glob("[0-9][0-9]_*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        for number, cell in enumerate(cells, start=1):
            if cell["cell_type"] == "code":
                where = f"notebooks/{path.name}, cell {number}"
                found += [Citation(k, where) for k in _code_keys("".join(cell["source"]), prefixes)]
    for path in sorted(package_dir.rglob("*.py")):
        if path.name == "source_quality.py":
            continue
        where = f"course/{path.relative_to(package_dir)}"
        found += [Citation(k, where) for k in _code_keys(path.read_text(encoding="utf-8"), prefixes)]
    return found


def check_resolves(
    sources: pd.DataFrame | None = None,
    cited: list[Citation] | None = None,
    mentioned: list[Citation] | None = None,
) -> list[Violation]:
    """Rule 7: every key the course cites or names resolves to a row of sources.csv."""
    known = set(_sources(sources)["source_id"])
    places = (citations() if cited is None else cited) + (mentions() if mentioned is None else mentioned)
    return [
        Violation("resolves", c.source_id, c.where, "is not a source_id in data/sources.csv")
        for c in places
        if c.source_id not in known
    ]


def check_all() -> list[Violation]:
    """Every rule, on the real data and course files."""
    return (
        check_hosts()
        + check_titles()
        + check_via()
        + check_reference_only()
        + check_index_urls()
        + check_via_hosts()
        + check_resolves()
    )


def main() -> int:
    problems = check_all()
    for problem in problems:
        print(f"{problem.rule:9} {problem}")
    print(f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
