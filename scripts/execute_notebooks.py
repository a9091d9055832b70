"""Re-run lessons and store their outputs (nbval compares against what is stored).

Widget state is *not* stored: it would add ~1 MB of Vega JavaScript per chart to each
file, and nbval skips widget views anyway. Nor are the widget views themselves: without
their state, JupyterLab would show "model not found" for each; what remains is the
explorer's own text (what it shows) and its HTML line "Run all cells to start this explorer". Usage: python scripts/execute_notebooks.py [NN ...]
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def execute(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    NotebookClient(
        nb,
        timeout=300,
        kernel_name="python3",
        store_widget_state=False,
        record_timing=False,  # no per-cell timestamps: a re-run changes only what the lessons show
        resources={"metadata": {"path": str(path.parent)}},
    ).execute()
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)  # timings stored by an earlier run
        for output in cell.get("outputs", []):
            output.get("data", {}).pop(WIDGET_VIEW, None)
    nbformat.write(nb, path)
    print(f"{path.name}: {path.stat().st_size / 1024:.0f} KB")


if __name__ == "__main__":
    # Stored outputs must not depend on whoever runs this script's own saved answers.
    os.environ["COURSE_JOURNAL"] = str(Path(tempfile.mkdtemp()) / "journal.json")
    wanted = sys.argv[1:]
    for nb_path in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")):
        if not wanted or nb_path.name[:2] in wanted:
            execute(nb_path)
