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
import urllib.parse
import urllib.request
import warnings
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.browser.chromium import new_context
from tests.browser.conftest import ARTIFACTS, PageLog, _free_port
from tests.browser.jupyterlab import DESCRIBE, IDLE_STALL_MS, RUN_STATE, SETTLED, STALL_MS, STARTED, log_tail
from tests.browser.lessons import CHART, aria_labels, min_charts, wait_for_change, wait_until
from tests.browser.phone import PHONE, layout_faults
from tests.conftest import NOTEBOOKS, one_crowd_at_a_time
from tests.servers import wait_for_http

pytestmark = pytest.mark.browser

# Settings a fresh user would not change, but a test must: every cell kept in the page
# (JupyterLab 4 otherwise drops cells scrolled out of view). (Tried on 2026-12-08 and taken
# out: JupyterLab's "autoStartDefaultKernel", to keep its kernel picker away. In one of
# three full runs JupyterLab then started the first notebook's kernel, shut it down 0.3 s
# later and never started another, leaving the notebook "Connecting".)
SETTINGS = {"@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"}}
CONTROLS = "[role=slider], select, .widget-toggle-button:not(.mod-active), input[type=checkbox]"


@pytest.fixture(scope="module")
def the_machine(tmp_path_factory):
    """This layer never shares the machine with the hub's class (tests.conftest)."""
    with one_crowd_at_a_time(tmp_path_factory):
        yield


@pytest.fixture(scope="module")
def lab_url(the_machine, tmp_path_factory):
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
    log = open(_lab_log(f"http://127.0.0.1:{port}/"), "w")
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
    wait_for_http(proc, base + "lab", log.name, timeout_s=120)
    yield base
    proc.terminate()
    proc.wait(timeout=30)


def _menu(page, menu: str, command: str) -> None:
    page.locator(".lm-MenuBar-itemLabel", has_text=menu).first.click()
    page.locator(f"li[data-command='{command}']").first.click()


def _lab_log(base: str) -> Path:
    return ARTIFACTS / f"jupyterlab-{urllib.parse.urlsplit(base).port}.log"


KERNEL_DIALOG = ".jp-Dialog"
HAS_KERNEL = """() => !!document.querySelector(
    '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook-ExecutionIndicator[data-status="idle"],'
    + '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook-ExecutionIndicator[data-status="busy"]')"""


def _answer_kernel_dialogs(page) -> None:
    """JupyterLab sometimes asks which kernel to start, at any moment (a loaded machine:
    seen over a notebook whose kernel was already up and idle, and minutes after its run).
    Answer it whenever it stands in the way of a click, as a student would: with a kernel
    connected, dismiss it (Escape keeps that kernel; "Select" would replace it and lose the
    run); with none, take the kernel it proposes. Each answer is reported as a warning."""
    dialogs = page.locator(KERNEL_DIALOG, has_text="Select kernel for")

    def answer(_dialog) -> None:
        # Seen in the suite: the dialog still up after one answer, for a minute. Whether a
        # second dialog stood behind the first or one reappeared, each is answered in turn
        # (the one in front first), a few times at most.
        for _ in range(5):
            shown = dialogs.filter(visible=True)
            if not shown.count():
                return
            front = shown.last
            if page.evaluate(HAS_KERNEL):
                warnings.warn(
                    "JupyterLab asked for a kernel while one was connected: dismissed", stacklevel=1
                )
                # on the dialog's own list: with the focus outside the dialog (seen in the
                # suite), an Escape pressed on the page does not reach it
                front.locator("select").first.press("Escape")
            else:
                warnings.warn("JupyterLab asked for a kernel: took the one it proposed", stacklevel=1)
                front.locator(".jp-Dialog-button.jp-mod-accept").click()
            page.wait_for_timeout(500)

    page.add_locator_handler(dialogs, answer)


def _start_run_all(page) -> None:
    """Run All; a click that came too early runs nothing (every prompt stays "[ ]:"), so
    it is repeated, at most twice more."""
    for attempt in range(3):
        _menu(page, "Run", "runmenu:run-all")
        try:
            page.wait_for_function(STARTED, timeout=30_000, polling=250)
            return
        except PlaywrightTimeoutError:
            if attempt == 2:
                raise AssertionError(f"Run All never started: {page.evaluate(DESCRIBE)}") from None


def _wait_for_run(page, stem: str) -> str:
    """Wait until every code cell has run and every chart is drawn and stable ("done"), a
    chart says it could not load ("chart failed": the test says why), or nothing has
    changed for STALL_MS, or for IDLE_STALL_MS with the kernel idle and a cell never
    queued ("stalled")."""
    state = page.wait_for_function(
        RUN_STATE,
        arg={"min": min_charts(stem), "stallMs": STALL_MS, "idleStallMs": IDLE_STALL_MS},
        timeout=300_000,
        polling=250,
    )
    return state.json_value()


def _run_all(page, base: str, stem: str):
    # ?reset: a workspace of its own, so no other lesson's tab is restored beside it
    page.goto(f"{base}lab/tree/{stem}.ipynb?reset", timeout=120_000)
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=120_000)
    # The kernel must be up before Run All, or the run waits behind the kernel picker.
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=120_000)
    page.wait_for_function(
        SETTLED, arg={"path": f"{stem}.ipynb", "quietMs": 2000}, timeout=120_000, polling=250
    )
    _start_run_all(page)
    if _wait_for_run(page, stem) == "stalled":
        # Seen once in CI, with the hub's class loading the machine: Run All stopped part
        # way. A student presses Run All again; so does the test, once, and reports the
        # notebook's state among the run's warnings.
        state = page.evaluate(DESCRIBE)
        warnings.warn(f"{stem}: Run All stalled in JupyterLab ({state}); pressed it again", stacklevel=1)
        _menu(page, "Run", "runmenu:run-all")
        if _wait_for_run(page, stem) == "stalled":
            raise AssertionError(
                f"{stem}: Run All stalled twice in JupyterLab: {page.evaluate(DESCRIBE)}\n"
                f"{_lab_log(base).name}:\n{log_tail(_lab_log(base))}"
            )


@pytest.fixture(scope="module")
def lab_pages(browser, lab_url):
    """One page per lesson for the module: each lesson runs once."""
    pages: dict[str, object] = {}

    def get(stem: str):
        if stem not in pages:
            context = new_context(browser, viewport={"width": 1400, "height": 1000})
            pg = context.new_page()
            pg.log = PageLog(pg, lab_url)
            _answer_kernel_dialogs(pg)
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
    assert _wait_for_run(page, "03_triple_entente") == "done", page.evaluate(DESCRIBE)
    assert page.locator(".course-explorer textarea").first.input_value() == answer


CHARTS_FIT = """() => [...document.querySelectorAll('.jp-Notebook .vega-embed')].every(e => {
  const svg = e.querySelector('svg');
  return svg && svg.getBoundingClientRect().width <= e.parentElement.getBoundingClientRect().width + 1;
})"""


@pytest.mark.parametrize("stem", [nb.stem for nb in NOTEBOOKS])
def test_lesson_fits_a_phone_in_jupyterlab(lab_pages, stem):
    """The same run, narrowed to a phone's 390 px (JupyterLab then shows one document at a
    time): the lesson's outputs fit, charts redraw to their box, every control is on screen
    and not covered. The checks are the Voila phone layer's (tests/browser/phone.py)."""
    page = lab_pages(stem)
    wide = page.viewport_size
    try:
        # as a student on a phone would: the file browser closed, the notebook given the width
        if page.locator("#jp-left-stack:not(.lm-mod-hidden)").count():
            page.locator(".jp-Notebook").first.click(position={"x": 5, "y": 5})
            page.keyboard.press("Control+b")
            page.locator("#jp-left-stack.lm-mod-hidden").wait_for(state="attached", timeout=10_000)
        page.set_viewport_size(PHONE["viewport"])
        # charts sized by their container redraw after the resize: wait until every one fits
        wait_until(lambda: page.evaluate(CHARTS_FIT), bool, 30)
        # JupyterLab lays its panels out again a moment after the resize (seen: the old
        # 1,400 px layout measured once): a fault must still be there after 15 s to count
        faults = wait_until(lambda: layout_faults(page), lambda found: found == [], 15)
        page.screenshot(path=str(ARTIFACTS / f"lab-phone-{stem}.png"))  # viewed in review
        assert faults == []
    except Exception:
        page.screenshot(path=str(ARTIFACTS / f"lab-phone-{stem}-failed.png"))
        raise
    finally:
        page.set_viewport_size(wide)
