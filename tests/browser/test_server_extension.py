"""Voila as a Jupyter Server extension, the way Binder's Voila link and JupyterLab serve it
(`/voila/render/notebooks/...`): the same student view, and the instructor view on request.
The course's Jupyter Server extension (enabled by etc/jupyter/jupyter_server_config.d/
course.json) removes the answers before any template sees the notebook, so asking for
another template does not show them either."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from tests.browser.conftest import ARTIFACTS, _free_port, voila_env
from tests.browser.test_security import _get
from tests.conftest import REPO
from tests.servers import wait_for_http

pytestmark = pytest.mark.browser
ANSWER = re.compile(r"<summary>\s*(Model answer|Answers?|Instructor)", re.I)


@pytest.fixture(scope="module")
def server_url():
    ARTIFACTS.mkdir(exist_ok=True)
    port = _free_port()
    log = open(ARTIFACTS / f"jupyter-server-{port}.log", "w")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyter_server",
            f"--port={port}",
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            "--IdentityProvider.token=",
            "--ServerApp.password=",
            f"--ServerApp.root_dir={REPO}",
            "--allow-root",
        ],
        env=voila_env(),
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=REPO,
    )
    base = f"http://127.0.0.1:{port}/"
    wait_for_http(proc, base + "api/status", log.name, timeout_s=120)
    yield base
    proc.terminate()
    proc.wait(timeout=30)


def test_student_view_through_the_server_extension(server_url):
    status, page = _get(f"{server_url}voila/render/notebooks/02_camp_david.ipynb")
    assert status == 200, page[:300]
    assert 'id="rendered_cells"' in page and "What did Camp David build" in page
    assert not ANSWER.search(page)


def test_instructor_view_through_the_server_extension(server_url):
    status, page = _get(f"{server_url}voila/render/notebooks/02_camp_david.ipynb?template=instructor")
    assert status == 200, page[:300]
    assert ANSWER.search(page) and "Instructor view" in page


@pytest.mark.parametrize("template", ["lab", "reveal", "lab/../instructor"])
def test_no_other_template_shows_the_answers(server_url, template):
    """Voila lets a URL choose the template (allow_template_override = YES): whatever it
    names, the course's notebook reaches it without its answers."""
    status, page = _get(f"{server_url}voila/render/notebooks/02_camp_david.ipynb?template={template}")
    assert not ANSWER.search(page), f"?template={template} showed a model answer (HTTP {status})"
    if status == 200 and template in ("lab", "reveal"):
        assert "What did Camp David build" in page  # the lesson itself is there
