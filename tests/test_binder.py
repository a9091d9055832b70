"""Binder: repo2docker reads binder/ and would build what we pin."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

R2D = Path(sys.executable).with_name("jupyter-repo2docker")


def test_repo2docker_picks_up_binder_folder():
    result = subprocess.run([str(R2D), "--no-build", "--debug", "--no-run", str(REPO)],
                            capture_output=True, text=True, timeout=300)
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-2000:]
    assert "binder/requirements.txt" in log
    assert "binder/postBuild" in log
    assert "python3.11" in log or "python=3.11" in log or "PYTHON_VERSION=3.11" in log


def test_binder_requirements_are_pinned():
    lines = [l for l in (REPO / "binder/requirements.txt").read_text().splitlines()
             if l.strip() and not l.startswith("#")]
    assert lines and all("==" in l for l in lines)


def test_start_points_jupyter_at_the_course_template():
    start = (REPO / "binder/start").read_text()
    assert "share/jupyter" in start and "etc/jupyter" in start
    assert (REPO / "share/jupyter/voila/templates/course/index.html.j2").exists()
