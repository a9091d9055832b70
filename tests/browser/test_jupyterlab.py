"""Every lesson in JupyterLab, the students' main surface, driven in Chromium as a student
would: open it, Run All, and check it is drawn, offline, error-free and accessible; move a
control and see a chart change; save a reflection and find it after "Restart Kernel and Run
All". One JupyterLab server (on loopback, on a copy of the notebooks) serves the whole layer.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.browser.conftest import ARTIFACTS, PageLog, _free_port
from tests.browser.lessons import CHART, aria_labels, min_charts, wait_for_change
from tests.conftest import NOTEBOOKS

pytestmark = pytest.mark.browser

# Settings a fresh user would not change, but a test must: every cell kept in the page
# (JupyterLab 4 otherwise drops cells scrolled out of view), no kernel-busy favicon games.
SETTINGS = {"@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"}}
CONTROLS = "[role=slider], select, .widget-toggle-button:not(.mod-active), input[type=checkbox]"


@pytest.fixture(scope="module")
def lab_url(tmp_path_factory):
    """JupyterLab on loopback, serving a throwaway copy of the notebooks (Run All would
    otherwise rewrite the stored outputs nbval compares)."""
    ARTIFACTS.mkdir(exist_ok=True)
    root = tmp_path_factory.mktemp("lab")
    notebooks = root / "notebooks"
    shutil.copytree(NOTEBOOKS[0].parent, notebooks, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    settings = root / "settings"
    for name, value in SETTINGS.items():
        plugin, file = name.rsplit("/", 1)
        (settings / plugin).mkdir(parents=True, exist_ok=True)
        (settings / plugin / file).write_text(json.dumps(value))
    env = dict(
        os.environ,
        COURSE_JOURNAL=str(root / "journal" / "journal.json"),
        JUPYTER_CONFIG_DIR=str(root / "config"),
        JUPYTER_RUNTIME_DIR=str(root / "runtime"),
    )
    port = _free_port()
    log = open(ARTIFACTS / f"jupyterlab-{port}.log", "w")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            f"--port={port}",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.root_dir={notebooks}",
            "--IdentityProvider.token=",
            "--ServerApp.password=",
            f"--LabApp.user_settings_dir={settings}",
            f"--LabApp.workspaces_dir={root / 'workspaces'}",
            "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--LabApp.extension_manager=readonly",
            "--allow-root",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=notebooks,
    )
    base = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 90
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"JupyterLab exited early; see {log.name}")
        try:
            urllib.request.urlopen(base + "lab", timeout=2)
            break
        except OSError as err:
            if time.monotonic() > deadline:
                proc.terminate()
                raise RuntimeError(f"JupyterLab did not answer within 90 s; see {log.name}") from err
            time.sleep(0.5)
    yield base
    proc.terminate()
    proc.wait(timeout=30)


def _menu(page, menu: str, command: str) -> None:
    page.locator(".lm-MenuBar-itemLabel", has_text=menu).first.click()
    page.locator(f"li[data-command='{command}']").first.click()


def _wait_for_run(page, stem: str, timeout_ms: int = 180_000) -> None:
    """Every code cell has run (a number in its prompt) and every chart is drawn and stable."""
    page.wait_for_function(
        """min => {
            const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
            if (!panel) return false;
            const prompts = [...panel.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
                .map(p => p.textContent.trim());
            const done = prompts.length > 0 && prompts.every(t => /^\\[\\d+\\]:$/.test(t));
            if (panel.querySelector('.course-chart-failed')) return true;  // the test says why
            const embeds = [...panel.querySelectorAll('.vega-embed')];
            const drawn = embeds.length >= min && embeds.every(e => e.querySelector('svg [aria-label]'));
            const now = Date.now();
            if (!done || !drawn || window.__charts !== embeds.length) {
                window.__charts = embeds.length; window.__since = now; return false;
            }
            return now - window.__since > 1000;
        }""",
        arg=min_charts(stem),
        timeout=timeout_ms,
        polling=250,
    )


def _run_all(page, base: str, stem: str):
    # ?reset: a workspace of its own, so no other lesson's tab is restored beside it
    page.goto(f"{base}lab/tree/{stem}.ipynb?reset", timeout=120_000)
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=120_000)
    # The kernel must be up before Run All, or the run waits behind the kernel picker.
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=120_000)
    # Run All once the notebook has its kernel; a click that came too early runs nothing
    # (every prompt stays "[ ]:"), so it is repeated, at most twice more.
    started = (
        "() => [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) "
        ".jp-CodeCell .jp-InputPrompt')].some(p => /\\[(\\*|\\d+)\\]/.test(p.textContent))"
    )
    for attempt in range(3):
        _menu(page, "Run", "runmenu:run-all")
        try:
            page.wait_for_function(started, timeout=30_000, polling=250)
            break
        except Exception:
            if attempt == 2:
                raise
    _wait_for_run(page, stem)


@pytest.fixture(scope="module")
def lab_pages(browser, lab_url):
    """One page per lesson for the module: each lesson runs once."""
    pages: dict[str, object] = {}

    def get(stem: str):
        if stem not in pages:
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            pg = context.new_page()
            pg.log = PageLog(pg, lab_url)
            try:
                _run_all(pg, lab_url, stem)
            except Exception:
                pg.screenshot(path=str(ARTIFACTS / f"lab-{stem}-run.png"))
                raise
            pages[stem] = pg
        return pages[stem]

    yield get
    for pg in pages.values():
        pg.context.close()


def _outputs_axe(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page, context={"include": [[".jp-OutputArea"]]}).response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes'][:3]]}"
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("stem", [nb.stem for nb in NOTEBOOKS])
def test_lesson_runs_in_jupyterlab(lab_pages, stem, request):
    page = lab_pages(stem)
    try:
        notebook = page.locator(".jp-Notebook")
        assert page.log.foreign() == [], "requests left the machine"
        assert notebook.locator(CHART).count() >= min_charts(stem), "no chart drawn"
        assert notebook.locator("[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
        assert notebook.locator("text=Traceback").count() == 0
        assert notebook.locator("text=Error displaying widget").count() == 0
        assert page.log.errors == [], "JavaScript errors"
        assert _outputs_axe(page) == []
    except Exception:
        page.screenshot(path=str(ARTIFACTS / f"lab-{stem}.png"), full_page=True)
        raise


def _move(control) -> None:
    """Change a control the way a keyboard user would."""
    role = control.get_attribute("role")
    if role == "slider":
        control.focus()
        control.press("ArrowLeft")
    elif control.evaluate("e => e.tagName") == "SELECT":
        values = control.evaluate("e => [...e.options].map(o => o.value)")
        current = control.input_value()
        control.select_option(next(v for v in values if v != current))
    else:
        control.click()


@pytest.mark.parametrize("stem", [nb.stem for nb in NOTEBOOKS if min_charts(nb.stem)])
def test_a_control_changes_a_chart_in_jupyterlab(lab_pages, stem):
    page = lab_pages(stem)
    explorers = page.locator(".course-explorer").filter(has=page.locator(CHART))
    explorer = explorers.filter(has=page.locator(CONTROLS)).first
    chart_index = page.locator(".vega-embed").evaluate_all(
        "(els, ex) => els.indexOf(ex.querySelector('.vega-embed'))", explorer.element_handle()
    )
    before = aria_labels(page, chart_index)
    _move(explorer.locator(CONTROLS).first)
    assert wait_for_change(lambda: aria_labels(page, chart_index), before, 30) != before
    assert page.log.errors == []


def test_reflection_survives_restart_and_run_all(lab_pages):
    page = lab_pages("03_triple_entente")
    box = page.locator(".course-explorer textarea").first
    answer = f"Crises mattered, but so did prior settlements ({time.time():.0f})"
    box.fill(answer)
    box.press("Tab")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.course-explorer')].some(e => /Saved \\d\\d:\\d\\d/.test(e.textContent))",
        timeout=30_000,
    )
    _menu(page, "Run", "runmenu:restart-and-run-all")
    page.locator(".jp-Dialog-button.jp-mod-accept").click()
    page.wait_for_function(
        "() => [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) "
        ".jp-CodeCell .jp-InputPrompt')].some(p => p.textContent.includes('*'))",
        timeout=60_000,
    )
    _wait_for_run(page, "03_triple_entente")
    assert page.locator(".course-explorer textarea").first.input_value() == answer
