"""Where the module's files live, so no notebook ever spells out a path.

The tables, the YAML content and the map shapes are package data, found through
`importlib.resources`, so the package works from a built wheel (a JupyterHub image, a
Binder build, `pip install .`) with the notebooks in any folder, and not only from this
checkout. In the repository the tables stay in `data/` at the top, where curators edit
them; the wheel maps that folder into the package as `course/tables`
(pyproject.toml: `package-dir`). An editable install (`make install`) has no such copy,
so there, and only there, the checkout's `data/` is used.
"""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parents[1]
# The source checkout (used only when the package runs from one: an editable install).
REPO_DIR = PACKAGE_DIR.parent


def _package_folder(name: str) -> Path | None:
    """A folder of package data as a real path, or None if this install has none."""
    folder = files("course").joinpath(name)
    return Path(str(folder)) if folder.is_dir() else None


CONTENT_DIR = _package_folder("content") or PACKAGE_DIR / "content"


def data_dir() -> Path:
    """The folder holding datapackage.json: COURSE_DATA_DIR if set (tests use this), else
    the package's tables (a wheel), else the checkout's data/ (an editable install)."""
    override = os.environ.get("COURSE_DATA_DIR")
    if override:
        return Path(override)
    return _package_folder("tables") or REPO_DIR / "data"


def _lesson_folder(folder: Path) -> bool:
    return any(folder.glob("[0-9][0-9]_*.ipynb"))


def notebooks_dir() -> Path:
    """The folder of the lessons being taught. A kernel runs in its notebook's folder
    (JupyterLab, Voila, a JupyterHub home filled by nbgitpuller), so the working folder
    comes first when it holds lessons; then the checkout's notebooks/ (tests, scripts run
    from the repository root); COURSE_NOTEBOOKS_DIR overrides both."""
    override = os.environ.get("COURSE_NOTEBOOKS_DIR")
    if override:
        return Path(override)
    here = Path.cwd()
    if _lesson_folder(here):
        return here
    checkout = REPO_DIR / "notebooks"
    return checkout if _lesson_folder(checkout) else here


NOTEBOOKS_DIR = notebooks_dir()
