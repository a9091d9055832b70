"""The scripts behind `make load-test` start the server the way a user would: their
`course` command lines must parse (a folder placed after an option once made the load test
fail before it started). The benchmark's profile summary puts each sample's time on the
part of the page whose code ran, and loses none."""

from __future__ import annotations

import sys
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from course.cli import parser

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
import load_test  # noqa: E402  (scripts/ is not a package)
import trace_summary  # noqa: E402


@given(pool=st.integers(min_value=0, max_value=60), refill=st.integers(min_value=0, max_value=900))
def test_load_test_server_command_parses(pool, refill):
    argv = load_test.server_argv(8898, "07_policy_lab", pool, refill)
    args = parser().parse_args(argv[: argv.index("--")])
    assert args.folder == load_test.REPO / "notebooks"
    assert args.port == 8898
    if pool:
        assert (args.command, args.lesson, args.students, args.refill) == (
            "classroom",
            "07_policy_lab",
            pool,
            refill,
        )
    else:
        assert (args.command, args.no_preheat) == ("serve", True)


# One profile node per part of the page, as Chromium names their scripts (Voila 0.5.13).
FRAMES = {
    "Vega": ("http://h/voila/templates/course/static/jupyterchart.js?v=1", "evaluate"),
    "Voila": ("http://h/voila/static/3311.voila.js", "_fit"),
    "ipywidgets": ("http://h/voila/labextensions/@jupyter-widgets/jupyterlab-manager/static/121.js", "f"),
    "anywidget": ("http://h/voila/labextensions/anywidget/static/528.d9f5934c.js", "AnyModel"),
    "course": ("blob:http://h/5e1a72c1", "render"),
    "other scripts": ("http://h/voila/render/02_camp_david.ipynb", "update_loading_text"),
    "DOM calls": ("", "appendChild"),
    "engine": ("", "(program)"),
    "GC": ("", "(garbage collector)"),
    "idle": ("", "(idle)"),
}


@given(
    st.lists(
        st.tuples(st.sampled_from(sorted(FRAMES)), st.integers(min_value=1, max_value=5000)), max_size=60
    )
)
def test_cpu_profile_time_goes_to_the_part_whose_code_ran(samples):
    owners = sorted(FRAMES)
    nodes = [
        {"id": i + 1, "callFrame": {"url": FRAMES[o][0], "functionName": FRAMES[o][1]}}
        for i, o in enumerate(owners)
    ]
    profile = {
        "nodes": nodes,
        "samples": [owners.index(o) + 1 for o, _ in samples],
        "timeDeltas": [us for _, us in samples],
    }
    spent = trace_summary.summarise_cpu(profile)
    assert list(spent) == list(trace_summary.OWNERS)
    for owner in owners:
        expected = sum(us for o, us in samples if o == owner) / 1000
        assert abs(spent[owner] - expected) < 1e-9, owner
