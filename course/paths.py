"""Where the module's files live, so no notebook ever spells out a path."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent
CONTENT_DIR = PACKAGE_DIR / "content"
NOTEBOOKS_DIR = REPO_DIR / "notebooks"


def data_dir() -> Path:
    """The folder holding datapackage.json; COURSE_DATA_DIR overrides it (tests use this)."""
    return Path(os.environ.get("COURSE_DATA_DIR", REPO_DIR / "data"))
