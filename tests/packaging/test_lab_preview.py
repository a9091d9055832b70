"""JupyterLab's "Render with Voilà" button on a lesson, from the installed wheel, run by a
new user with no environment variable: the student view, every chart drawn, math typeset,
and no request to any other host (MathJax included)."""

from __future__ import annotations

import re
import subprocess

import pytest

from tests.browser.chromium import new_context
from tests.browser.conftest import ARTIFACTS, PageLog, _free_port
from tests.packaging.fixtures import user_env, wait_for_http

pytestmark = [pytest.mark.browser, pytest.mark.slow]
ANSWER = re.compile(r"<summary>\s*(Model answer|Answers?|Instructor)", re.I)
LESSON = "06_dual_contingency"  # charts, model answers and display math
TOKEN = "course-lab-preview-test"


@pytest.fixture(scope="module")
def lab_url(course_env, lessons_copy, workdir):
    ARTIFACTS.mkdir(exist_ok=True)
    port = _free_port()
    log = ARTIFACTS / f"wheel-jupyterlab-{port}.log"
    env = user_env(workdir / "home-lab")
    env["PATH"] = f"{course_env}:{env['PATH']}"
    proc = subprocess.Popen(
        [
            str(course_env / "jupyter"),
            "lab",
            f"--port={port}",
            "--no-browser",
            f"--IdentityProvider.token={TOKEN}",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.root_dir={lessons_copy.parent}",
            "--allow-root",
        ],
        cwd=lessons_copy.parent,
        env=env,
        stdout=open(log, "w"),
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}/"
    wait_for_http(proc, f"{base}api/status?token={TOKEN}", log)
    yield base
    proc.terminate()
    proc.wait(timeout=30)


def test_render_with_voila_shows_the_student_view_offline(browser, lab_url):
    context = new_context(browser, viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.log = PageLog(page, lab_url)
    try:
        page.goto(f"{lab_url}lab/tree/notebooks/{LESSON}.ipynb?token={TOKEN}", timeout=180_000)
        page.locator(
            ".jp-NotebookPanel-toolbar .voilaRender button, .jp-NotebookPanel-toolbar button[title*='Voil']"
        ).first.click(timeout=180_000)
        render_anyway = page.get_by_role("button", name="Render anyway")
        try:  # JupyterLab asks about notebooks it has not seen run; the lessons are the course's
            render_anyway.click(timeout=10_000)
        except Exception:  # noqa: BLE001 - no dialog: the notebook is trusted
            pass
        frame_el = page.locator("iframe[src*='voila/render']").first
        frame_el.wait_for(timeout=180_000)
        assert f"voila/render/notebooks/{LESSON}.ipynb" in frame_el.get_attribute("src")
        frame = frame_el.element_handle().content_frame()
        frame.locator("#rendered_cells").wait_for(state="visible", timeout=240_000)
        frame.wait_for_function(
            """() => {
                const embeds = [...document.querySelectorAll('.vega-embed')];
                return embeds.length > 0 && embeds.every(e => e.querySelector('svg [aria-label]'));
            }""",
            timeout=240_000,
            polling=500,
        )
        assert page.log.foreign() == [], "requests left the machine"
        # the lesson's formula, typeset by the MathJax in Voila's own scripts
        frame.wait_for_function(
            "() => document.querySelector('mjx-container') !== null", timeout=60_000, polling=500
        )
        html = frame.content()
        assert not ANSWER.search(html), "a model answer in the preview"
        assert "Instructor view" not in html
        assert frame.locator("text=Traceback").count() == 0
        assert page.log.foreign() == [], "requests left the machine"
    except Exception:
        page.screenshot(path=str(ARTIFACTS / "wheel-lab-preview.png"), full_page=True)
        raise
    finally:
        context.close()
