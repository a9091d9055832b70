"""Turn the [key] citations in lessons' Markdown into numbered markers that link to the
lesson's sources list (course.lesson.mark_notebook), in place.

    .venv/bin/python scripts/cite_markers.py notebooks/0*.ipynb

Idempotent: running it again renumbers the markers in the order of the sources list and
refreshes their titles from data/sources.csv; the key stays in each marker's link, so the
bibliography and the tests still find every citation. Each notebook is read, changed and
written in one step (nbformat), with nothing else in it touched. Keys that are not in the
bibliography are left as [key], so the sources test still names them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat

from course.lesson import mark_notebook


def mark(path: Path) -> int:
    """Mark one notebook in place; how many Markdown cells changed."""
    nb = nbformat.read(path, as_version=4)
    changed = mark_notebook(nb.cells)
    if changed:
        nbformat.write(nb, path)
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    args = parser.parse_args(argv)
    for path in args.notebooks:
        print(f"{path}: {mark(path)} Markdown cell(s) changed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
