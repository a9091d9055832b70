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


def test_classroom_settings_refuse_an_unknown_lesson(monkeypatch):
    """A typo in LESSON stops Voila with a sentence, not a silent pool for no notebook."""
    out = subprocess.run(
        ["make", "-n", "classroom", "LESSON=1_blocs"], cwd=REPO, capture_output=True, text=True
    )
    assert "COURSE_CLASSROOM_LESSON=1_blocs" in out.stdout
    monkeypatch.setenv("COURSE_CLASSROOM_STUDENTS", "30")
    monkeypatch.setenv("COURSE_CLASSROOM_LESSON", "1_blocs")
    with pytest.raises(SystemExit, match="LESSON must name a lesson"):
        _load_voila_config()
    monkeypatch.setenv("COURSE_CLASSROOM_LESSON", "01_blocs")
    monkeypatch.setenv("COURSE_CLASSROOM_STUDENTS", "5")
    config = _load_voila_config()
    assert config.VoilaKernelManager.kernel_pools_config["01_blocs.ipynb"] == {"pool_size": 5}
    assert config.VoilaKernelManager.kernel_pools_config["default"] == {"pool_size": 0}
    assert config.VoilaKernelManager.fill_delay == 600
    monkeypatch.setenv("COURSE_CLASSROOM_REFILL", "soon")
    with pytest.raises(SystemExit, match="REFILL be whole numbers"):
        _load_voila_config()


def _load_voila_config():
    from traitlets.config.loader import PyFileConfigLoader

    return PyFileConfigLoader("voila.py", path=str(REPO / "etc" / "jupyter")).load_config()
