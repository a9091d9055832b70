"""Importing `course` changes nothing in the process; Voila-only behaviour is explicit."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.conftest import NOTEBOOKS, REPO

# In a fresh interpreter: what the process looks like before and after importing the
# package and the modules a lesson imports, as a Voila kernel would (Voila's variables set).
PROBE = textwrap.dedent("""
    import json, os, sys, threading

    def state():
        policy = os.sched_getscheduler(0) if hasattr(os, "sched_getscheduler") else None
        return {"policy": policy, "threads": threading.active_count(),
                "modules": {name: id(module) for name, module in sys.modules.items()}}

    before = state()
    import course
    after_package = state()
    for name in MODULES:
        __import__(name)
    after = state()
    print(json.dumps({"before": before, "after_package": after_package, "after": after,
                      "absent": sorted(n for n, m in sys.modules.items() if m is None),
                      "nice": os.nice(0)}))
""")


def _probe(modules: list[str], **env: str) -> dict:
    clean = {k: v for k, v in os.environ.items() if k not in ("SERVER_SOFTWARE", "VOILA_PREHEAT")}
    out = subprocess.run(
        [sys.executable, "-c", PROBE.replace("MODULES", repr(modules))],
        cwd=REPO,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_importing_course_changes_nothing_in_the_process():
    """Same scheduling policy and threads; sys.modules gains only `course` itself, and no
    module already loaded is replaced or hidden (as the former rfc3987 trick did)."""
    seen = _probe([], VOILA_PREHEAT="True")
    before, after = seen["before"], seen["after_package"]
    assert after["policy"] == before["policy"] and after["threads"] == before["threads"]
    assert set(after["modules"]) - set(before["modules"]) == {"course"}
    assert all(after["modules"][name] == ident for name, ident in before["modules"].items())
    assert seen["absent"] == [] and seen["nice"] == 0


def test_a_lesson_import_in_a_voila_kernel_hides_nothing_and_keeps_priority():
    """Everything a lesson imports (altair, widgets, charts), in a preheated Voila kernel's
    environment: every new module is a real module, scheduling and threads unchanged."""
    seen = _probe(
        ["course.lesson", "course.quiz", "course.journal", "course.widgets.blocs", "course.charts.display"],
        VOILA_PREHEAT="True",
    )
    before, after = seen["before"], seen["after"]
    assert after["policy"] == before["policy"] and after["threads"] == before["threads"]
    assert seen["absent"] == []
    assert "altair" in after["modules"] and "jsonschema" in after["modules"]


PREPARE = textwrap.dedent("""
    import sys
    from course.core.runtime import prepare_voila_kernel
    did = prepare_voila_kernel()
    import altair  # still imports and works without the iri format check
    altair.Chart().mark_point().to_dict()
    print(did, sys.modules.get("rfc3987_syntax", "missing") is None)
""")


def _run(script: str, **env: str) -> list[str]:
    """What `script` prints in a new Python, outside any Voila or with the given markers."""
    clean = {k: v for k, v in os.environ.items() if k not in ("SERVER_SOFTWARE", "VOILA_PREHEAT")}
    out = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    return out.stdout.split()


def _prepare(**env: str) -> list[str]:
    return _run(PREPARE, **env)


def test_a_voila_kernel_is_prepared_only_when_asked():
    assert _prepare(SERVER_SOFTWARE="voila/0.5.13") == ["True", "True"]
    assert _prepare(VOILA_PREHEAT="True") == ["True", "True"]


def test_a_jupyterlab_kernel_is_left_as_it_is():
    assert _prepare() == ["False", "False"]


def _first_code_cell(notebook: Path) -> str:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return next("".join(c["source"]) for c in cells if c["cell_type"] == "code")


def test_the_lesson_first_cell_prepares_a_voila_kernel():
    """Every lesson's own first cell, run as it is (one of each shape: the start page's,
    the lessons', the review's): there, and only in Voila, it prepares the kernel."""
    shapes: dict[str, str] = {}
    for nb in NOTEBOOKS:
        shapes.setdefault(_first_code_cell(nb).replace(nb.stem, "STEM"), _first_code_cell(nb))
    assert 1 < len(shapes) <= 3, shapes  # the start page's, the lessons', the review's
    probe = "\nimport sys\nprint(sys.modules.get('rfc3987_syntax', 'missing') is None)"
    for cell in shapes.values():
        for env, expected in (({"VOILA_PREHEAT": "True"}, "True"), ({}, "False")):
            assert _run(cell + probe, **env)[-1:] == [expected], cell


NEIGHBOUR = textwrap.dedent("""
    import json, pkgutil, altair as alt
    def own():  # a student's own chart, drawn the way Altair documents
        return alt.Chart(alt.Data(values=[{"a": 1}])).mark_point().encode(x="a:Q").to_dict()
    before = {"theme": alt.theme.active, "names": sorted(alt.theme.names()), "own": own()}
    import course
    for info in pkgutil.walk_packages(course.__path__, "course."):
        if not info.name.startswith("course.server"):
            __import__(info.name)
    from course.charts.display import interactive
    course_chart = interactive(alt.Chart(alt.Data(values=[{"a": 1}])).mark_point())
    after = {"theme": alt.theme.active, "names": sorted(alt.theme.names()), "own": own()}
    print(json.dumps({"before": before, "after": after,
                      "course_font": course_chart.chart.to_dict()["config"].get("font")}))
""")


def test_every_course_module_leaves_a_students_own_chart_as_altair_draws_it():
    """The course's look belongs to the course's charts: importing every module of the
    package (as a lesson and its tools do) enables no Altair theme and registers none, and a
    chart the student makes in the same kernel has exactly the spec it has without the
    course, while a course chart carries the course's font."""
    out = subprocess.run(
        [sys.executable, "-c", NEIGHBOUR], cwd=REPO, capture_output=True, text=True, timeout=180
    )
    assert out.returncode == 0, out.stderr
    seen = json.loads(out.stdout)
    assert seen["after"] == seen["before"]
    assert seen["course_font"] and "Helvetica" in seen["course_font"]
