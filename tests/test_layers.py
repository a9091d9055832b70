"""Layers only look down: the model layer draws nothing and shows no widget.

Each module is imported in a fresh interpreter (an import made earlier by another test
would hide a violation), and the modules it pulled in are listed.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import course.model

MODEL_MODULES = sorted(
    f"course.model.{p.stem}" for p in Path(course.model.__file__).parent.glob("*.py") if p.stem != "__init__"
)
SHARED_BELOW_WIDGETS = ["course.html", "course.content_schema", "course.filters"]


def _imported_by(module: str) -> set[str]:
    code = f"import json, sys, {module}; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(json.loads(out.stdout))


def test_the_model_layer_is_listed():
    assert "course.model.camp_david" in MODEL_MODULES and len(MODEL_MODULES) >= 8


@pytest.mark.parametrize("module", MODEL_MODULES + SHARED_BELOW_WIDGETS)
def test_model_and_shared_modules_import_neither_altair_nor_ipywidgets(module):
    loaded = _imported_by(module)
    assert module in loaded
    assert not {m.split(".")[0] for m in loaded} & {"altair", "ipywidgets", "anywidget"}
    assert not any(m.startswith(("course.widgets", "course.charts", "course.palette")) for m in loaded)


def test_the_lesson_page_does_not_import_the_widgets():
    loaded = _imported_by("course.lesson")
    assert not any(m.startswith("course.widgets") for m in loaded)
