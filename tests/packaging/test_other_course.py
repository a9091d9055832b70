"""An environment shared by several courses (one JupyterHub image): installing this course
changes nothing for another course's notebook. Served through Jupyter Server's Voila
(JupyterLab's preview, a hub) with the course's extension enabled, as installed, and with
it disabled, as if the course were not there, the other notebook's page is the same; plain
`voila` on it loads nothing of the course. A real render in both cases."""

from __future__ import annotations

import json
import re
import subprocess

import pytest

from tests.browser.conftest import ARTIFACTS, _free_port
from tests.browser.test_security import _get
from tests.packaging.fixtures import run, user_env, wait_for_http

pytestmark = [pytest.mark.browser, pytest.mark.slow]

OTHER = {
    "cells": [
        {
            "cell_type": "markdown",
            "id": "their-question",  # fixed ids: a notebook without them gets random ones
            "metadata": {"tags": ["instructor"]},
            "source": "# Another course\n\n<details><summary>Model answer</summary>THEIR-ANSWER</details>",
        },
        {
            "cell_type": "code",
            "id": "their-code",
            "execution_count": None,
            "metadata": {},
            "outputs": [],
            "source": "print(6 * 7)",
        },
    ],
    "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
    "nbformat": 4,
    "nbformat_minor": 5,
}
# What differs between two renders of one page anyway: ids, tokens, ports, timings.
VOLATILE = re.compile(
    r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|_xsrf[^\"&]*|127\.0\.0\.1:\d+|localhost:\d+"
    r"|\"(?:token|xsrfToken|kernelId|baseUrl)\": ?\"[^\"]*\"|\d+\.\d+ ?ms"
)


def _render(course_env, folder, home, *, course_enabled: bool) -> str:
    env = user_env(home)
    env["PATH"] = f"{course_env}:{env['PATH']}"
    if not course_enabled:  # as an administrator would, per user
        run(
            [str(course_env / "jupyter"), "server", "extension", "disable", "--user", "course.server"],
            env=env,
        )
    port = _free_port()
    log = ARTIFACTS / f"other-course-{'with' if course_enabled else 'without'}-{port}.log"
    proc = subprocess.Popen(
        [
            str(course_env / "jupyter"),
            "server",
            f"--port={port}",
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            "--IdentityProvider.token=",
            "--ServerApp.password=",
            f"--ServerApp.root_dir={folder}",
            "--allow-root",
        ],
        cwd=folder,
        env=env,
        stdout=open(log, "w"),
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_for_http(proc, f"{base}api/status", log)
        status, page = _get(f"{base}voila/render/other.ipynb")
        assert status == 200, page[:300]
        return page
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_another_courses_notebook_is_served_as_without_the_course(course_env, workdir):
    ARTIFACTS.mkdir(exist_ok=True)
    folder = workdir / "other-course"
    folder.mkdir(exist_ok=True)
    (folder / "other.ipynb").write_text(json.dumps(OTHER), encoding="utf-8")
    with_course = _render(course_env, folder, workdir / "home-other-with", course_enabled=True)
    without = _render(course_env, folder, workdir / "home-other-without", course_enabled=False)
    assert "42" in with_course and "THEIR-ANSWER" in with_course  # theirs: nothing removed
    assert "templates/course" not in with_course and "instructor-banner" not in with_course
    assert VOLATILE.sub("", with_course) == VOLATILE.sub("", without)


def test_plain_voila_loads_nothing_of_the_course(course_env, workdir):
    """Standalone `voila` reads no course file: its configuration, as it prints it, names
    nothing of the course, and the other notebook gets Voila's own template."""
    env = user_env(workdir / "home-other-plain")
    env["PATH"] = f"{course_env}:{env['PATH']}"
    folder = workdir / "other-course"
    folder.mkdir(exist_ok=True)
    (folder / "other.ipynb").write_text(json.dumps(OTHER), encoding="utf-8")
    port = _free_port()
    log = ARTIFACTS / f"other-course-voila-{port}.log"
    proc = subprocess.Popen(
        [str(course_env / "voila"), "other.ipynb", f"--port={port}", "--no-browser", "--debug"],
        cwd=folder,
        env=env,
        stdout=open(log, "w"),
        stderr=subprocess.STDOUT,
    )
    base = f"http://localhost:{port}/"
    try:
        wait_for_http(proc, base, log)
        status, page = _get(base)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    assert status == 200 and "42" in page and "THEIR-ANSWER" in page
    assert "templates/course" not in page and "course-not-served" not in page
    logged = log.read_text()
    assert "course.server" not in logged and "templates/course" not in logged
