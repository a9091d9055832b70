"""pyproject.toml lists the package's parts explicitly (data/ is mapped into it): nothing
may be left out, and every data-file pattern must match something."""

from __future__ import annotations

import tomllib

from tests.conftest import REPO

SETUPTOOLS = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def test_every_subpackage_of_course_is_listed():
    found = {".".join(p.parent.relative_to(REPO).parts) for p in (REPO / "course").rglob("__init__.py")}
    assert found - set(SETUPTOOLS["packages"]) == set(), "add these to [tool.setuptools] packages"


def test_the_tables_are_data_mapped_into_the_package():
    assert SETUPTOOLS["package-dir"]["course.tables"] == "data"
    assert (REPO / "data" / "datapackage.json").exists()


def test_every_data_file_pattern_matches_a_file():
    for target, patterns in SETUPTOOLS["data-files"].items():
        for pattern in patterns:
            assert [p for p in REPO.glob(pattern) if p.is_file()], f"{pattern} ({target}) matches nothing"
