"""Shared fixtures: a copy of the data folder to break, and paths."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from filelock import FileLock
from hypothesis import settings

# Properties are checked, never timed: a busy CI machine must not fail a property because one
# example took longer than Hypothesis's default 200 ms deadline.
settings.register_profile("course", deadline=None, print_blob=True)
settings.load_profile("course")


# The packaging and JupyterHub layers share one wheel, one environment, one server.
pytest_plugins = ["tests.packaging.fixtures"]

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def pytest_sessionstart(session):
    """Servers started by the tests use the Voila templates and configuration installed in
    this environment. From a checkout (an editable install) those are links into share/
    and etc/ (scripts/link_jupyter_files.py): refuse to test stale or missing ones."""
    import course

    if not Path(course.__file__).resolve().is_relative_to(REPO):
        return  # an installed wheel: its own data files are the ones under test
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "link_jupyter_files", REPO / "scripts" / "link_jupyter_files.py"
    )
    links = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(links)
    missing = links.problems(links.data_files())
    if missing:
        raise pytest.UsageError(
            "the course's Jupyter files are not linked into this environment "
            "(run `make install`):\n  " + "\n  ".join(missing)
        )


# The files handed out first (`make test` runs `--dist loadfile --no-loadscope-reorder`, so
# this order is the order xdist hands files to its two workers). JupyterLab's layer and the
# hub's class fill the machine with browsers and kernels; they never run at once (see
# `one_crowd_at_a_time`), so one goes first on one worker while the other worker builds the
# wheel the hub and packaging layers need, then runs the hub once the lock is free. (Handing
# the hub out after the packaging layers saved its ~200 s wait for the lock, but put the
# wheel's pages beside JupyterLab's layer, and a JupyterLab run then failed on a dialog.
# Tried again on 2026-12-08 with the dialog answered: the wait went, hub setup 346 -> 112
# s, but JupyterLab stuck on its kernel picker or a lost kernel in three of five runs.)
LONGEST_FIRST = ("tests/browser/test_jupyterlab.py", "tests/hub/", "tests/packaging/")


def pytest_collection_modifyitems(config, items):
    """The longest files first, in LONGEST_FIRST's order, so neither worker is left with
    one of them at the end; the rest keep their order."""

    def rank(item) -> int:
        path = Path(str(item.fspath)).resolve().relative_to(REPO).as_posix()
        return next(
            (i for i, prefix in enumerate(LONGEST_FIRST) if path.startswith(prefix)), len(LONGEST_FIRST)
        )

    items.sort(key=rank)  # stable: the order within each part is kept


def exclusive(lock_file: Path) -> FileLock:
    """An exclusive lock on `lock_file` (a second holder, in this or another pytest-xdist
    worker, waits for the first)."""
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    return FileLock(lock_file)


def one_crowd_at_a_time(tmp_path_factory):
    """JupyterLab's layer (nine notebooks' kernels in one Chromium) and the hub's class (five
    students' servers, kernels and browser contexts at once) each load a 2-core machine
    fully; run together they slowed each other past their timeouts in CI. This lock, in the
    folder every xdist worker of the run shares, makes the second wait for the first."""
    return exclusive(tmp_path_factory.getbasetemp().parent / "one-crowd-at-a-time.lock")


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A writable copy of data/ that course.material.data reads instead of the real one."""
    from course.material import data

    folder = tmp_path / "data"
    shutil.copytree(REPO / "data", folder, ignore=shutil.ignore_patterns("staging"))
    monkeypatch.setenv("COURSE_DATA_DIR", str(folder))
    data._load_cached.cache_clear()
    yield folder
    data._load_cached.cache_clear()


@pytest.fixture(autouse=True)
def own_journal(tmp_path, monkeypatch):
    """Each test saves student work to its own file, so no test (and no nbval kernel,
    which uses the session's journal) sees another's answers."""
    from course import journal

    monkeypatch.setenv("COURSE_JOURNAL", str(tmp_path / "journal" / "journal.json"))
    journal._JOURNALS.clear()
    yield
    journal._JOURNALS.clear()


def walk_spec(spec):
    """Every dict, list and value in a Vega-Lite spec, depth first (to search a chart's JSON)."""
    yield spec
    if isinstance(spec, dict):
        for value in spec.values():
            yield from walk_spec(value)
    elif isinstance(spec, list):
        for value in spec:
            yield from walk_spec(value)


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium through Playwright, one for the whole run and every layer (browser,
    packaging, hub): Playwright's sync API cannot start a second one in the same process."""
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: install Debian's package (apt-get install -y chromium)"
        )
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each test's call report on the item, so fixtures can screenshot failures."""
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.rep_call = report
