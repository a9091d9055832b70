"""Instructor mode: the same lesson, with or without its answers.

Why a Voila prelaunch hook rather than hiding answers in the browser: whatever the page
contains, a student can read (view source, the widget state, a screen reader). So the
student page is rendered from a notebook that no longer *has* the answers: the hook
removes them on the server before Voila executes and renders it. The instructor page
(``?mode=instructor``) keeps them and gets a banner saying so.

Note this is a view switch, not access control: the notebooks (and so the answers) are in
the public repository, and anyone can add ``?mode=instructor`` to the URL.

What is removed for students:

* every Markdown ``<details>…</details>`` block whose ``<summary>`` starts with "Model
  answer", "Answers" or "Instructor" (case-insensitive); other ``<details>`` blocks, such as
  "Sources of the data", stay, and an answer block nested inside one is still removed;
* every cell tagged ``instructor`` (``cell.metadata.tags``).
"""

from __future__ import annotations

import copy
import os
import re
from typing import Any
from urllib.parse import parse_qs

from course.journal import in_voila

ANSWER_SUMMARIES = ("model answer", "answers", "instructor")
INSTRUCTOR_TAG = "instructor"
BANNER = "Instructor view: model answers, discussion prompts and timing notes are shown."
BANNER_MARKDOWN = ("> **Instructor view:** model answers, discussion prompts and timing notes "
                   "are shown.")
BANNER_ID = "instructor-banner"

_TAG = re.compile(r"<(/?)details\b[^>]*>", re.IGNORECASE)
_SUMMARY = re.compile(r"\s*<summary\b[^>]*>(.*?)</summary\s*>", re.IGNORECASE | re.DOTALL)
_MARKUP = re.compile(r"<[^>]+>|[*_`]")


# ----------------------------------------------------------------------------- who is asking

_QUERY_CACHE: str | None = None


def query_string() -> str:
    """The page's query string in a Voila kernel ('' if none or not in Voila).

    A normal Voila kernel gets it in env QUERY_STRING. A pre-heated kernel starts before any
    request, so voila.utils.get_query_string() waits for the request and then reads it; it
    can only be waited for once per kernel, hence the cache.
    """
    global _QUERY_CACHE
    if _QUERY_CACHE is not None:
        return _QUERY_CACHE
    query = os.environ.get("QUERY_STRING")
    if os.environ.get("VOILA_PREHEAT") == "True":
        try:
            from voila.utils import get_query_string

            query = get_query_string()
        except Exception:  # no Voila, no server to ask: behave as a student page
            query = os.environ.get("QUERY_STRING")
        _QUERY_CACHE = query or ""
    return query or ""


def wants_instructor(query: str | None) -> bool:
    """True when a query string asks for mode=instructor."""
    return "instructor" in parse_qs(query or "").get("mode", [])


def is_instructor() -> bool:
    """Instructor mode: ?mode=instructor in Voila; env COURSE_INSTRUCTOR=1 in JupyterLab."""
    if in_voila():
        return wants_instructor(query_string())
    return os.environ.get("COURSE_INSTRUCTOR") == "1"


# ----------------------------------------------------------------------------- stripping (pure)

def _is_answer_summary(summary: str) -> bool:
    text = _MARKUP.sub("", summary).strip().lower()
    return text.startswith(ANSWER_SUMMARIES)


def strip_answers(markdown: str) -> str:
    """Markdown without its answer <details> blocks (nested and repeated ones included).

    An answer block that is never closed is removed to the end of the cell: better to lose
    prose than to show an answer.
    """
    stack: list[tuple[int, bool]] = []  # (start, is an answer block) of open <details>
    spans: list[tuple[int, int]] = []
    for tag in _TAG.finditer(markdown):
        if not tag.group(1):
            summary = _SUMMARY.match(markdown, tag.end())
            stack.append((tag.start(), bool(summary and _is_answer_summary(summary.group(1)))))
        elif stack:
            start, answer = stack.pop()
            if answer:
                spans.append((start, tag.end()))
    spans += [(start, len(markdown)) for start, answer in stack if answer]
    if not spans:
        return markdown
    out, last = [], 0
    for start, end in sorted(spans):
        if start >= last:  # an answer inside an answer is already gone
            out.append(markdown[last:start])
            last = end
        else:
            last = max(last, end)
    out.append(markdown[last:])
    return re.sub(r"\n{3,}", "\n\n", "".join(out)).strip("\n") + ("\n" if markdown.endswith("\n") else "")


def _source(cell: Any) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def _tags(cell: Any) -> list[str]:
    return list((cell.get("metadata") or {}).get("tags") or [])


def strip_for_students(notebook: Any) -> Any:
    """A copy of the notebook with answer blocks and instructor-tagged cells removed."""
    result = copy.deepcopy(notebook)
    cells = []
    for cell in result["cells"]:
        if INSTRUCTOR_TAG in _tags(cell):
            continue
        if cell.get("cell_type") == "markdown":
            before = _source(cell)
            after = strip_answers(before)
            if after != before:
                if not after.strip():
                    continue  # the cell held nothing but answers
                cell["source"] = after
        cells.append(cell)
    result["cells"] = cells
    return result


def with_banner(notebook: Any) -> Any:
    """A copy of the notebook with the instructor banner as its first cell."""
    import nbformat

    result = copy.deepcopy(notebook)
    if not any(c.get("id") == BANNER_ID for c in result["cells"]):
        banner = nbformat.v4.new_markdown_cell(BANNER_MARKDOWN)
        banner["id"] = BANNER_ID  # fixed, not random: rendering stays deterministic
        banner["metadata"] = {"tags": ["instructor-banner"]}
        result["cells"].insert(0, banner)
    return result


# ----------------------------------------------------------------------------- the Voila hook

def request_wants_instructor(req_handler: Any) -> bool:
    """mode=instructor in the request's query string (None or a broken handler: a student)."""
    try:
        return wants_instructor(req_handler.request.query)
    except AttributeError:
        return False


def prelaunch_hook(req_handler: Any, notebook: Any, cwd: str) -> Any:
    """VoilaConfiguration.prelaunch_hook: strip answers unless the URL has ?mode=instructor.

    Voila 0.5.13 calls hook(request_handler, notebook=..., cwd=...) before it executes and
    renders the notebook, and uses the notebook the hook returns.
    """
    if request_wants_instructor(req_handler):
        return with_banner(notebook)
    return strip_for_students(notebook)
