"""Layers only look down: the model layer draws nothing and shows no widget.

Each module is imported in a fresh interpreter (an import made earlier by another test
would hide a violation), and the modules it pulled in are listed.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import course.model

MODEL_MODULES = sorted(
    f"course.model.{p.stem}" for p in Path(course.model.__file__).parent.glob("*.py") if p.stem != "__init__"
)
SHARED_BELOW_WIDGETS = ["course.core.html", "course.material.content_schema", "course.core.filters"]


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
    assert not any(m.startswith(("course.widgets", "course.charts", "course.core.palette")) for m in loaded)


def test_the_lesson_page_does_not_import_the_widgets():
    loaded = _imported_by("course.lesson")
    assert not any(m.startswith("course.widgets") for m in loaded)


# ----------------------------------------------------------------------------- public APIs only

LIBRARIES = r"(?:altair|ipywidgets|anywidget|voila|jupyter_server|nbconvert|traitlets)"
PRIVATE_USE = {
    "a private module": re.compile(rf"^\s*(?:from|import)\s+{LIBRARIES}(?:\.\w+)*\._\w+", re.M),
    "a private name": re.compile(rf"^\s*from\s+{LIBRARIES}[\w.]*\s+import\s+\(?[^\n]*\b_[a-z]\w*", re.M),
    "a library class changed": re.compile(
        r"\b(?:alt|altair|ipywidgets|widgets|anywidget)\.[A-Z]\w*\.\w+\s*=(?!=)|setattr\(\s*(?:alt|altair|ipywidgets|widgets)\.",
    ),
    "a library's private attribute read": re.compile(r"\b(?:alt|altair|ipywidgets|widgets)\.[A-Z]\w*\._\w+"),
}


def private_uses(text: str) -> list[str]:
    return [f"{what}: {m.group(0).strip()}" for what, rx in PRIVATE_USE.items() for m in rx.finditer(text)]


def test_the_check_finds_private_uses():
    assert private_uses("from ipywidgets.widgets.widget import _instances\n")
    assert private_uses("alt.JupyterChart._esm = 'x'\n")
    assert private_uses("from altair.utils._importers import import_vl_convert\n")
    assert not private_uses(
        "from altair.jupyter.jupyter_chart import load_js_src\nclass C(alt.JupyterChart):\n    _esm = ''\n"
    )


@pytest.mark.parametrize("path", sorted(Path(course.model.__file__).parents[1].rglob("*.py")), ids=str)
def test_no_module_uses_a_librarys_private_internals(path):
    """Only libraries' public APIs at run time: no private name of altair, ipywidgets,
    voila or jupyter_server imported, none of their classes changed."""
    assert private_uses(path.read_text(encoding="utf-8")) == []


# ----------------------------------------------------------------------------- no import circles


def import_cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every circle of imports among modules (depth-first; each circle once)."""
    found, state, stack = [], {}, []

    def visit(node: str) -> None:
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == "open":
                found.append(stack[stack.index(nxt) :])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = "done"

    for node in sorted(edges):
        if node not in state:
            visit(node)
    return found


def test_the_circle_finder_finds_a_circle():
    assert import_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c"]]
    assert import_cycles({"a": {"b"}, "b": set()}) == []


def test_no_module_imports_itself_round_a_circle():
    """Imports inside functions included (grimp reads every import statement)."""
    import grimp

    graph = grimp.build_graph("course")
    edges = {m: set(graph.find_modules_directly_imported_by(m)) for m in graph.modules}
    assert import_cycles(edges) == []
