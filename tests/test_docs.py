"""The README and the Makefile agree with what is in the repository."""

from __future__ import annotations

import re
import subprocess

import pytest

from tests.conftest import NOTEBOOKS, REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.stem)
def test_readme_lists_every_lesson(nb):
    assert f"(notebooks/{nb.name})" in README, f"{nb.name} is missing from the README's lesson table"


def test_every_make_command_in_the_readme_exists():
    commands = set(re.findall(r"\bmake ([a-z][a-z-]*)", README))
    assert {"start", "test", "classroom", "benchmark", "load-test"} <= commands
    targets = set(re.findall(r"^([a-z][a-z-]*):", (REPO / "Makefile").read_text(), re.M))
    assert commands <= targets, f"README names make targets the Makefile lacks: {commands - targets}"


def test_classroom_settings_refuse_an_unknown_lesson(capsys):
    """A typo in LESSON stops the command with a sentence, not a silent pool for no notebook."""
    from course.cli import main, parser, pools_for

    out = subprocess.run(
        ["make", "-n", "classroom", "LESSON=1_blocs"], cwd=REPO, capture_output=True, text=True
    )
    assert "course classroom 1_blocs notebooks" in out.stdout
    assert main(["classroom", "1_blocs", str(REPO / "notebooks")]) == 2
    assert "a lesson is named like 01_blocs" in capsys.readouterr().err
    args = parser().parse_args(["classroom", "01_blocs", str(REPO / "notebooks"), "--students", "5"])
    pools = pools_for(args)
    assert (pools.lesson, pools.size, pools.others, pools.refill_s) == ("01_blocs", 5, 0, 600)
    with pytest.raises(SystemExit):
        parser().parse_args(["classroom", "01_blocs", "--refill", "soon"])


def test_make_start_serves_a_seminar_at_once():
    """`make start` is `course serve notebooks`: one preheated kernel per lesson and five
    for the newest lesson, refilled after a minute (issue 23, point 9)."""
    from course.cli import parser, pools_for
    from course.server.standalone import voila_config

    out = subprocess.run(["make", "-n", "start"], cwd=REPO, capture_output=True, text=True)
    assert "course serve notebooks" in out.stdout
    pools = pools_for(parser().parse_args(["serve", str(REPO / "notebooks")]))
    newest = sorted(p.stem for p in (REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))[-1]
    assert (pools.lesson, pools.size, pools.others) == (newest, 5, 1)
    config = voila_config(pools)
    assert config.VoilaKernelManager.kernel_pools_config == {
        "default": {"pool_size": 1},
        f"{newest}.ipynb": {"pool_size": 5},
    }
    assert config.VoilaConfiguration.preheat_kernel is True
