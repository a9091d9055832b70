"""The scripts behind `make load-test` start the server the way a user would: their
`course` command lines must parse (a folder placed after an option once made the load test
fail before it started)."""

from __future__ import annotations

import sys
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from course.cli import parser

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
import load_test  # noqa: E402  (scripts/ is not a package)


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
