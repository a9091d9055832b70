"""The parts of a lesson page that are not explorers: its sources list and the numbered
citation markers that link to it.

Lesson prose cites a source by its key in square brackets, e.g. [cfr_sco_charter]; the
sources section of each lesson is built from those keys and from the tables its
explorers draw on, so a citation can never be missing from the list. Before a lesson is
published, `mark_notebook` (scripts/cite_markers.py) turns each [key] into a short numbered
marker, a superscript link to the key's entry in that list with the entry as its title;
the key stays in the link (`href="#source-<key>"`), so CITATION finds a citation in either
form and the marking can be run again (it renumbers and refreshes the titles).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from course.core.evidence import as_of_sentence
from course.core.html import esc, html_table
from course.core.paths import NOTEBOOKS_DIR
from course.core.runtime import prepare_voila_kernel
from course.material import data
from course.material.citations import citation

KEY = r"[a-z][a-z0-9]*_[a-z0-9_]+"
ANCHOR = "source-"  # a sources-list entry's id is ANCHOR + key
# A citation: a raw [key] (not a Markdown link's text), or the key inside a numbered marker's
# link. findall gives the keys, in order.
CITATION = re.compile(rf'(?<=\[){KEY}(?=\](?!\())|(?<=href="#{ANCHOR}){KEY}(?=")')
# A numbered marker as `marker` writes it (any number, any title), or a raw [key].
MARKER = re.compile(
    rf'<sup class="course-cite"><a href="#{ANCHOR}(?P<marked>{KEY})"[^>]*>\[\d+\]</a></sup>'
    rf"|\[(?P<raw>{KEY})\](?!\()"
)


# Shown with the sources list (once a page): a marker that has keyboard focus shows its
# entry in a box under its paragraph (as wide as the text, so never clipped), as hovering
# shows its title; where the list's HTML is sanitized (an
# untrusted notebook in JupyterLab) the markers keep their hover title.
MARKER_CSS = (
    "sup.course-cite{line-height:0}.jp-RenderedMarkdown :is(p,li,td,dd){position:relative}"
    "sup.course-cite a:focus-visible::after{content:attr(title);position:absolute;left:0;right:0;"
    "top:100%;z-index:20;padding:.4em .7em;background:#fff;color:#111;border:2px solid #333;"
    "border-radius:4px;font-size:.9rem;font-weight:normal;line-height:1.4;white-space:normal;"
    "box-shadow:0 2px 8px rgba(0,0,0,.3)}"
)


def cited_in(markdown: str) -> list[str]:
    """Source keys cited in a piece of Markdown (raw or marked), in order of first appearance."""
    return list(dict.fromkeys(CITATION.findall(markdown)))


def markdown_citations(cells: Iterable[Mapping]) -> list[str]:
    """Source keys cited in the Markdown cells of a notebook's cell list."""
    text = "\n".join(
        "".join(c["source"]) if isinstance(c["source"], list) else c["source"]
        for c in cells
        if c["cell_type"] == "markdown"
    )
    return cited_in(text)


def notebook_citations(stem: str) -> list[str]:
    """Source keys cited in the Markdown cells of notebooks/<stem>.ipynb."""
    return markdown_citations(
        json.loads((NOTEBOOKS_DIR / f"{stem}.ipynb").read_text(encoding="utf-8"))["cells"]
    )


def _attribute(text: str) -> str:
    """Text safe inside a double-quoted HTML attribute of Markdown: no maths ($, backslash)
    and no link brackets for the front end's Markdown and maths passes to act on."""
    out = html.escape(text, quote=True)
    for char, entity in (("$", "&#36;"), ("\\", "&#92;"), ("[", "&#91;"), ("]", "&#93;"), ("`", "&#96;")):
        out = out.replace(char, entity)
    return out


def marker(number: int, key: str, label: str) -> str:
    """The numbered marker of a citation: a superscript link to the sources-list entry, the
    entry as its title (shown on hover; read as the link's description) and, where the front
    end keeps it (Voila; JupyterLab's sanitizer drops it), as its accessible name."""
    title = _attribute(f"Source {number}: {label}")
    return (
        f'<sup class="course-cite"><a href="#{ANCHOR}{key}" title="{title}" '
        f'aria-label="{title}">[{number}]</a></sup>'
    )


def mark_citations(markdown: str, numbers: Mapping[str, int], labels: Mapping[str, str]) -> str:
    """`markdown` with every citation of a numbered key as its marker (raw [key] or an older
    marker alike, so marking twice changes nothing); keys without a number stay as they are."""

    def replace(match: re.Match) -> str:
        key = match.group("marked") or match.group("raw")
        return marker(numbers[key], key, labels[key]) if key in numbers else match.group(0)

    return MARKER.sub(replace, markdown)


def mark_notebook(cells: list[dict]) -> int:
    """Mark the citations of a notebook's Markdown cells in place (not the instructor's
    cells), numbered in the order of the lesson's sources list; how many cells changed."""
    sources = SourceList(markdown_citations(cells), ())
    numbers = {key: n for n, key in enumerate(sources.prose, start=1)}
    labels = {key: sources.label(key) for key in sources.prose}
    changed = 0
    for cell in cells:
        # Instructor cells are generated from content files (course.quiz.rubric_pages) and never
        # shown to students: they keep their [key] citations, so they stay in sync.
        if cell["cell_type"] != "markdown" or "instructor" in cell.get("metadata", {}).get("tags", []):
            continue
        text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        new = mark_citations(text, numbers, labels)
        if new != text:
            cell["source"], changed = new, changed + 1
    return changed


def table_citations(tables: Iterable[str]) -> list[str]:
    """Every source key cited by the rows of the given tables."""
    keys: list[str] = []
    for name in tables:
        frame = data.load(name)
        for column in [c for c in frame.columns if c.endswith("source_id")]:
            keys += [k for k in frame[column].dropna() if k]
    return list(dict.fromkeys(keys))


class SourceList:
    """A lesson's bibliography, shown as an HTML list (and as plain text). The sources cited
    in the text are numbered in order of first citation, as the prose's markers are."""

    def __init__(self, prose: Sequence[str], tables: Sequence[str]):
        bib = data.load("sources").set_index("source_id")
        self.prose = [k for k in prose if k in bib.index]
        self.missing = [k for k in prose if k not in bib.index]
        self.data = [k for k in table_citations(tables) if k not in self.prose]
        self.bib, self.tables = bib, list(tables)

    def label(self, key: str) -> str:
        """Who, what and when: 'Author, Publisher. “Title”. Date.' (no key, no URL)."""
        row = self.bib.loc[key]
        parts = [p for p in (row["author"], row["publisher"]) if isinstance(p, str) and p]
        date = row["date"] if isinstance(row["date"], str) else "undated"
        return f"{', '.join(parts)}. “{row['title']}”. {date}."

    def _entry(self, key: str) -> str:
        row = self.bib.loc[key]
        return f"[{key}] {self.label(key)} {row['url'] if isinstance(row['url'], str) else 'no public URL'}"

    def __repr__(self) -> str:
        lines = ["Sources cited in this lesson:"] + [
            f"{n}. {self._entry(k)}" for n, k in enumerate(self.prose, 1)
        ]
        if self.tables:
            lines += [f"Sources of the data tables ({', '.join(self.tables)}):"]
            lines += [self._entry(k) for k in self.data]
        if self.missing:
            lines += ["Not in the bibliography: " + ", ".join(self.missing)]
        return "\n".join(lines)

    def _li(self, key: str, anchor: bool = False) -> str:
        row = self.bib.loc[key]
        url = row["url"] if isinstance(row["url"], str) else ""
        link = f' <a href="{esc(url)}" rel="noreferrer" target="_blank">{esc(url)}</a>' if url else ""
        ident = f' id="{ANCHOR}{esc(key)}"' if anchor else ""
        return f"<li{ident}>{esc(self.label(key))}{link}</li>"

    def _repr_html_(self) -> str:
        html_ = f"<style>{MARKER_CSS}</style><h3>Cited in the text</h3><ol class='course-sources'>"
        html_ += "".join(self._li(k, anchor=True) for k in self.prose) + "</ol>"
        if self.tables:
            html_ += (
                f"<details><summary>Sources of the data behind the explorers "
                f"({len(self.data)})</summary><ul class='course-sources'>"
                + "".join(self._li(k) for k in self.data)
                + "</ul></details>"
            )
        if self.missing:
            html_ += f"<p class='course-notice'>Not in the bibliography: {esc(', '.join(self.missing))}</p>"
        return html_


def sources(stem: str, tables: Sequence[str] = ()) -> SourceList:
    """The sources section of lesson `stem`: its citations and its tables' sources."""
    return SourceList(notebook_citations(stem), tables)


def table(name: str, columns: Sequence[str], caption: str) -> StaticTable:
    """A data table shown as text (nbval compares it), with its source on each row."""
    return StaticTable(data.load(name)[list(columns)], caption)


class StaticTable:
    """A read-only table for lesson pages: HTML with a caption, and plain text."""

    def __init__(self, frame: pd.DataFrame, caption: str):
        self.frame, self.caption = frame, caption

    def __repr__(self) -> str:
        return f"{self.caption}\n" + self.frame.to_string(index=False)

    def _repr_html_(self) -> str:
        return html_table(
            list(self.frame.columns), self.frame.itertuples(index=False), self.caption, cite=citation
        )


class LessonInfo:
    """A lesson's place in the course, read from its own first cell (one source of truth)."""

    def __init__(self, stem: str, title: str, question: str):
        self.stem, self.title, self.question = stem, title, question
        self.number = stem[:2]

    def __repr__(self) -> str:
        return f"{self.number} · {self.title} — {self.question}"


_HEADING = re.compile(r"^#\s+(?:Lesson\s+\d+\s*·\s*)?(.+)$", re.MULTILINE)
_QUESTION = re.compile(r"\*\*The question:\*\*\s*(.+)")


def catalogue() -> list[LessonInfo]:
    """Every lesson in notebooks/, in order, with the title and question its first cell gives."""
    lessons = []
    for path in sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb")):
        first = json.loads(path.read_text(encoding="utf-8"))["cells"][0]
        text = "".join(first["source"])
        title = _HEADING.search(text)
        question = _QUESTION.search(text)
        lessons.append(
            LessonInfo(
                path.stem,
                title.group(1).strip() if title else path.stem,
                question.group(1).strip() if question else "",
            )
        )
    return lessons


class Navigation:
    """Previous / next links for a lesson page (relative links work in JupyterLab and Voila),
    with the date the module's evidence runs to between them, so every page states it."""

    def __init__(self, stem: str, end: bool = False):
        self.end = end
        lessons = catalogue()
        stems = [lesson.stem for lesson in lessons]
        i = stems.index(stem)
        self.previous = lessons[i - 1] if i > 0 else None
        self.next = lessons[i + 1] if i + 1 < len(lessons) else None

    def __repr__(self) -> str:
        parts = [
            f"Previous: {self.previous.number} · {self.previous.title}" if self.previous else "",
            f"Next: {self.next.number} · {self.next.title}" if self.next else "",
        ]
        links = " | ".join(p for p in parts if p) or "This is the only lesson."
        return f"{links}\n{as_of_sentence()}"

    def _repr_html_(self) -> str:
        # A list, so the links read as two wherever the page's stylesheet is missing; the
        # evidence date sits between them. The two navigation landmarks of a page have
        # different names (axe: landmark-unique).
        def item(info, rel, text):
            return (
                f'<li class="course-nav-{rel}"><a rel="{rel}" href="{esc(info.stem)}.ipynb">{text}</a></li>'
            )

        items = []
        if self.previous:
            items.append(
                item(
                    self.previous,
                    "prev",
                    f"← Previous: {esc(self.previous.number)} · {esc(self.previous.title)}",
                )
            )
        items.append(f'<li class="course-as-of">{esc(as_of_sentence())}</li>')
        if self.next:
            items.append(item(self.next, "next", f"Next: {esc(self.next.number)} · {esc(self.next.title)} →"))
        label = "Lessons, end of page" if self.end else "Lessons"
        return f'<nav class="course-nav" aria-label="{label}"><ul>{"".join(items)}</ul></nav>'


def nav(stem: str, end: bool = False) -> Navigation:
    """Links to the previous and next lessons; `end=True` for the copy at the foot of the page.
    (A lesson's first cell: in a Voila kernel it also prepares the kernel, see
    course.core.runtime.prepare_voila_kernel.)"""
    prepare_voila_kernel()
    return Navigation(stem, end)


class CourseMap:
    """Every lesson with its question, linked for JupyterLab and for Voila."""

    def __init__(self):
        self.lessons = [lesson for lesson in catalogue() if lesson.number != "00"]

    def __repr__(self) -> str:
        return "\n".join(repr(lesson) for lesson in self.lessons)

    def _repr_html_(self) -> str:
        rows = "".join(
            f'<li><a href="{esc(info.stem)}.ipynb"><strong>{esc(info.number)} · {esc(info.title)}</strong></a>'
            f"<br>{esc(info.question)}</li>"
            for info in self.lessons
        )
        return f'<ol class="course-map" aria-label="Lessons in order">{rows}</ol>'


def course_map() -> CourseMap:
    """The course map shown on the start page (its first cell: in a Voila kernel it also
    prepares the kernel, as `nav` does for a lesson)."""
    prepare_voila_kernel()
    return CourseMap()
