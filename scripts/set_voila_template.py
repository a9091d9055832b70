"""Mark the course's lessons as the course's: `metadata.voila.template = "course"`.

Why: Voila picks a notebook's template from its metadata (`metadata.voila.template`, as
Voila template packages document), so the lessons get the course's page and every other
notebook in the environment keeps Voila's default; nothing installed changes Voila's
defaults. The course's server extension also reads this mark to know which notebooks are
the course's (their model answers are left out of every student page).

Idempotent: a notebook already marked is left byte-for-byte as it is. Loads, changes and
writes each notebook in one run (nbformat), never re-executes it.

Usage: python scripts/set_voila_template.py [--check] NOTEBOOK...
  --check  change nothing; exit 1 and name the notebooks not marked.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

TEMPLATE = "course"


def is_marked(nb: nbformat.NotebookNode) -> bool:
    return nb.metadata.get("voila", {}).get("template") == TEMPLATE


def mark(path: Path) -> bool:
    """Set the template in one notebook; returns whether the file changed."""
    nb = nbformat.read(path, as_version=nbformat.NO_CONVERT)
    if is_marked(nb):
        return False
    nb.metadata.setdefault("voila", {})["template"] = TEMPLATE
    nbformat.write(nb, path)
    return True


def main(argv: list[str]) -> int:
    check = "--check" in argv
    paths = [Path(a) for a in argv if a != "--check"]
    if not paths:
        print(__doc__.strip().splitlines()[-3], file=sys.stderr)
        return 2
    if check:
        unmarked = [p for p in paths if not is_marked(nbformat.read(p, as_version=nbformat.NO_CONVERT))]
        for p in unmarked:
            print(f"{p}: metadata.voila.template is not {TEMPLATE!r}", file=sys.stderr)
        return 1 if unmarked else 0
    for p in paths:
        print(f"{p}: {'marked' if mark(p) else 'already marked'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
