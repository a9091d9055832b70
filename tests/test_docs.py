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


def test_classroom_settings_refuse_an_unknown_lesson():
    """A typo in LESSON stops Voila with a sentence, not a silent pool for no notebook."""
    out = subprocess.run(["make", "-n", "classroom", "LESSON=1_blocs"], cwd=REPO,
                         capture_output=True, text=True)
    assert "COURSE_CLASSROOM_LESSON=1_blocs" in out.stdout
    code = (REPO / "etc/jupyter/voila.py").read_text()
    env = {"COURSE_CLASSROOM_LESSON": "1_blocs", "COURSE_CLASSROOM_STUDENTS": "30"}
    with pytest.raises(SystemExit, match="LESSON must name a lesson"):
        _run_config(code, env)
    config = _run_config(code, {"COURSE_CLASSROOM_LESSON": "01_blocs", "COURSE_CLASSROOM_STUDENTS": "5"})
    assert config.VoilaKernelManager.kernel_pools_config["01_blocs.ipynb"] == {"pool_size": 5}
    assert config.VoilaKernelManager.kernel_pools_config["default"] == {"pool_size": 0}
    assert config.VoilaKernelManager.fill_delay == 600
    with pytest.raises(SystemExit, match="REFILL be whole numbers"):
        _run_config(code, {"COURSE_CLASSROOM_LESSON": "01_blocs", "COURSE_CLASSROOM_REFILL": "soon"})


def _run_config(code: str, env: dict):
    import os

    from traitlets.config import Config

    config, saved = Config(), dict(os.environ)
    os.environ.update(env)
    try:
        exec(compile(code, str(REPO / "etc/jupyter/voila.py"), "exec"),
             {"c": config, "__file__": str(REPO / "etc/jupyter/voila.py")})
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return config
