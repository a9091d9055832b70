"""Load the module's curated tables, validated against data/datapackage.json.

Validation uses the Frictionless Data Package standard (the `frictionless` library), so
the schema lives next to the data as a document a historian can read, not in code.
A bad file fails loudly with one message naming the file, the line and the column.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pandas as pd

from course.core import evidence
from course.core.paths import data_dir

# Frictionless field type -> pandas dtype. Codes such as ISO numerics ("004") stay strings.
_DTYPES = {
    "string": "string",
    "integer": "Int64",
    "number": "float64",
    "boolean": "boolean",
    "date": "string",
    "year": "Int64",
}


class DataError(ValueError):
    """A data file does not match its schema. `file`, `row` and `column` say where."""

    def __init__(self, file: str, row: int | None, column: str | None, message: str):
        self.file, self.row, self.column = file, row, column
        where = file
        if row is not None:
            where += f", row {row}"
        if column:
            where += f", column '{column}'"
        super().__init__(f"{where}: {message}")


def _descriptor(folder: Path) -> dict:
    path = folder / "datapackage.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as err:
        raise DataError(str(path), None, None, f"cannot read the data package ({err})") from err


def _resource(name: str, folder: Path) -> dict:
    for resource in _descriptor(folder)["resources"]:
        if resource["name"] == name:
            return resource
    raise KeyError(f"no table called {name!r} in {folder / 'datapackage.json'}")


def table_names() -> list[str]:
    """Names of every table the data package describes."""
    return [r["name"] for r in _descriptor(data_dir())["resources"]]


def schema(name: str) -> dict:
    """The Table Schema of one table (fields, types, constraints)."""
    return _resource(name, data_dir())["schema"]


def validate(name: str, folder: Path | None = None) -> None:
    """Check one table against its schema; raise DataError at the first problem."""
    from frictionless import Resource  # imported here: only validation needs it

    folder = folder or data_dir()
    descriptor = _resource(name, folder)
    file = f"{folder.name}/{descriptor['path']}"
    if not (folder / descriptor["path"]).exists():
        raise DataError(file, None, None, "file not found")
    report = Resource(descriptor, basepath=str(folder)).validate()
    if not report.valid:
        err = (report.tasks[0].errors if report.tasks else report.errors)[0]
        cell = getattr(err, "cell", None)
        detail = err.note if cell is None else f"value {cell!r}: {err.note}"
        raise DataError(
            file, getattr(err, "row_number", None), getattr(err, "field_name", None), f"{detail} ({err.type})"
        )
    if name != SOURCES:
        _check_citations(name, folder, file)


SOURCES = "sources"


def _check_citations(name: str, folder: Path, file: str) -> None:
    """Every source_id (and *_source_id) cell must name a row of the bibliography."""
    known = set(_load_cached(SOURCES, folder)["source_id"])
    table = pd.read_csv(folder / _resource(name, folder)["path"], dtype=str, keep_default_na=False)
    for column in [c for c in table.columns if c == "source_id" or c.endswith("_source_id")]:
        for index, cited in table[column].items():
            if cited and cited not in known:
                # +2: the header is line 1 and pandas counts from 0, as frictionless counts lines
                raise DataError(
                    file, index + 2, column, f"source {cited!r} is not in {folder.name}/sources.csv"
                )


@functools.cache
def _load_cached(name: str, folder: Path) -> pd.DataFrame:
    validate(name, folder)
    descriptor = _resource(name, folder)
    dtypes = {
        f["name"]: _DTYPES.get(f.get("type", "string"), "string") for f in descriptor["schema"]["fields"]
    }
    return pd.read_csv(folder / descriptor["path"], dtype=dtypes, keep_default_na=False, na_values=[""])


def load(name: str) -> pd.DataFrame:
    """One validated table as a DataFrame (a copy: callers may change it freely)."""
    return _load_cached(name, data_dir()).copy()


def as_of_year() -> int:
    """The year the evidence runs to (`course.core.evidence.EVIDENCE_AS_OF`): explorers end there,
    so no slider offers a year the data say nothing about. (The data package's `created`
    is when its files were last written, not how far its evidence reaches.)"""
    return evidence.as_of_date().year
