"""Read a content YAML file and check it against the JSON Schema beside it.

Each file in course/content/ that code reads (``x.yaml``) has its rules in ``x.schema.json``,
as data/datapackage.json holds the CSVs' rules: required fields, types, ranges, allowed
values. Code keeps only the rules a schema cannot state (e.g. a step that must exist in a
data table). A broken file gives one sentence naming the file, the item and the field.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    import jsonschema

# Fields that name a list item better than its position, in order of preference.
ITEM_NAMES = ("key", "label", "name")


class ContentError(ValueError):
    """A content file is not what its schema says; the message names file, item and field."""


def schema_for(path: Path) -> dict:
    """The schema of the content file `path` (`x.yaml` -> `x.schema.json` beside it)."""
    return json.loads(path.with_name(f"{path.stem}.schema.json").read_text(encoding="utf-8"))


def read(path: Path, schema: dict, error: type[ValueError] = ContentError) -> Any:
    """The parsed YAML at `path`, checked against `schema`; `error` if it is broken.

    The schema is passed in (not looked up beside `path`) so a copy of a file elsewhere,
    e.g. a test's broken copy, is held to the module's own rules.
    """
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        raise error(f"{path.name}: not valid YAML ({err})") from err
    check(raw, path.name, schema, error)
    return raw


def check(raw: Any, file: str, schema: dict, error: type[ValueError] = ContentError) -> None:
    """Raise `error` with one sentence for the most relevant schema violation, if any."""
    why = problem(raw, schema)
    if why is not None:
        raise error(f"{file}: {why}")


def problem(raw: Any, schema: dict, count_from: int = 0) -> str | None:
    """The most relevant violation as words ('answer 2, field kind: ...'), or None if `raw` fits.

    Files a reader counts in (a student's work file) pass ``count_from=1``; content files keep
    counting from 0, so 'level 1' stays the ladder's level 1.
    """
    # Imported when a file is checked, not when the course is: a lesson's first cell must
    # prepare a Voila kernel before jsonschema loads (course.core.runtime.prepare_voila_kernel).
    import jsonschema

    found = jsonschema.exceptions.best_match(jsonschema.Draft202012Validator(schema).iter_errors(raw))
    return None if found is None else describe(found, raw, count_from)


def describe(problem: jsonschema.ValidationError, raw: Any, count_from: int = 0) -> str:
    """'recommendation 'exercises', level 2 (Multi-domain), field scores.cost.score: 4 is
    greater than the maximum of 3' (where, then what)."""
    path = list(problem.absolute_path)
    text = problem.message
    if len(repr(problem.instance)) > 60:  # never quote a whole list or entry back
        text = text.replace(repr(problem.instance), _short(problem.instance))
    if problem.validator == "required":
        missing = [name for name in problem.validator_value if name not in problem.instance]
        path, text = path + missing[:1], "is missing"
    items, fields = _where(raw, path, count_from)
    where = ", ".join(items)
    field = ".".join(fields)
    parts = [p for p in (where, f"field {field}" if field else "") if p]
    return f"{', '.join(parts) or 'the whole file'}{' ' if text == 'is missing' else ': '}{text}"


def _short(value: Any) -> str:
    if isinstance(value, list):
        return f"the list of {len(value)} item(s)"
    return "the entry" if isinstance(value, dict) else "the text"


def _where(raw: Any, path: Sequence[str | int], count_from: int) -> tuple[list[str], list[str]]:
    """Split a path into named list items and the field below the last of them."""
    items: list[str] = []
    fields: list[str] = []
    node, parent_key = raw, "item"
    for step in path:
        if isinstance(step, int) and isinstance(node, list):
            node = node[step] if step < len(node) else None
            items.append(_item_name(parent_key, step + count_from, node))
            fields = []
        else:
            fields.append(str(step))
            parent_key = str(step)
            node = node.get(step) if isinstance(node, dict) else None
    return items, fields


def _item_name(list_name: str, index: int, item: Any) -> str:
    noun = list_name.removesuffix("s")
    if isinstance(item, dict):
        names = [item[f] for f in ITEM_NAMES if isinstance(item.get(f), str) and item[f]]
        if names and "key" in item and item["key"] == names[0]:
            return f"{noun} {names[0]!r}"
        if names:
            return f"{noun} {index} ({names[0]})"
    return f"{noun} {index}"
