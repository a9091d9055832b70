"""Instructor mode: the same lesson, with or without its answers.

Why on the server rather than hiding answers in the browser: whatever the page contains, a
student can read (view source, the widget state, a screen reader). So the student page is
rendered without the answers: Voila's course template (share/jupyter/voila/templates/
course) passes every Markdown cell through :func:`strip_answers` and leaves out cells tagged
``instructor``. The ``instructor`` template (``?template=instructor``, or the older
``?mode=instructor``, which redirects) renders everything, with a banner.

Why a template and not a Voila prelaunch hook (the first design): Voila refuses a prelaunch
hook together with preheated kernels, and preheated kernels are what make a lesson page
arrive already rendered. The template filter works for preheated and ordinary kernels alike.

Note this is a view switch, not access control: the notebooks (and so the answers) are in
the public repository, and anyone can add ``?template=instructor`` to the URL.

What is removed for students:

* every Markdown ``<details>…</details>`` block whose ``<summary>`` starts with "Model
  answer", "Answers" or "Instructor" (case-insensitive); other ``<details>`` blocks, such as
  "Sources of the data", stay, and an answer block nested inside one is still removed;
* every cell tagged ``instructor`` (``cell.metadata.tags``).
"""

from __future__ import annotations

import re

ANSWER_SUMMARIES = ("model answer", "answers", "instructor")

_TAG = re.compile(r"<(/?)details\b[^>]*>", re.IGNORECASE)
_SUMMARY = re.compile(r"\s*<summary\b[^>]*>(.*?)</summary\s*>", re.IGNORECASE | re.DOTALL)
_MARKUP = re.compile(r"<[^>]+>|[*_`]")


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
