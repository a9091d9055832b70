"""Loaded for every pytest run in this repository, including `pytest notebooks/` alone
(tests/conftest.py is loaded only for tests under tests/)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

# Notebooks run by nbval (and explorers in unit tests) must not read or write the
# tester's own saved work: give the whole run a throwaway journal.
os.environ["COURSE_JOURNAL"] = str(Path(tempfile.mkdtemp(prefix="course-test-")) / "journal.json")
