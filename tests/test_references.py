"""Files the package's own metadata names exist: no description points at a removed file."""

from __future__ import annotations

import re

from tests.conftest import REPO


def test_every_file_named_in_the_datapackage_exists():
    text = (REPO / "data" / "datapackage.json").read_text(encoding="utf-8")
    named = set(re.findall(r"[\w./-]+\.(?:csv|json|yaml|md)\b", text))
    assert named, "the datapackage names no file"
    folders = (REPO / "data", REPO, REPO / "course" / "content")
    missing = sorted(n for n in named if not any((folder / n).exists() for folder in folders))
    assert not missing, f"datapackage.json names files that do not exist: {missing}"
