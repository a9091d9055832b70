"""Voila keeps a student's work in the browser, and the work moves between Voila and
JupyterLab as my-course-work.json.

One Voila server of its own (lesson 01 preheated, the others started on request), restarted
on the same port mid-test: the browser's storage belongs to the server's origin."""

from __future__ import annotations

import contextlib
import json
import subprocess
import time

import pytest

from course import journal
from course.work import work_export
from course.work.journal_store import Journal
from tests.browser.chromium import new_context
from tests.browser.conftest import ARTIFACTS, PageLog, _free_port, start_voila
from tests.browser.lessons import open_lesson

pytestmark = pytest.mark.browser
PREFIX = "course-work/v1/"


class Server:
    """A Voila on a fixed port that can be stopped and started again."""

    def __init__(self):
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}/"
        self.proc: subprocess.Popen | None = None
        self.runs = 0

    def start(self) -> None:
        self.runs += 1
        # one preheated kernel for lesson 01, refilled at once (the classroom default waits
        # 10 minutes); the other lessons start a kernel on request
        self.proc, _ = start_voila(
            course=("classroom", "01_blocs", "--students", "1", "--refill", "0"),
            port=self.port,
            log=f"voila-work-{self.runs}",
            timeout_s=90,
        )

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(timeout=30)
            self.proc = None


@pytest.fixture(scope="module")
def server():
    ARTIFACTS.mkdir(exist_ok=True)
    srv = Server()
    srv.start()
    yield srv
    srv.stop()


def _screenshots(context, name: str) -> None:
    for n, page in enumerate(context.pages):
        with contextlib.suppress(Exception):  # the test's own failure is what matters
            page.screenshot(path=str(ARTIFACTS / f"{name}-{n}.png"), full_page=True, timeout=10_000)


def _open(context, server, stem):
    page = context.new_page()
    page.log = PageLog(page, server.base)
    open_lesson(page, server.base, stem)
    return page


def _stored(page) -> dict:
    return page.evaluate(f"""() => Object.fromEntries(Object.keys(localStorage)
        .filter(k => k.startsWith({json.dumps(PREFIX)}))
        .map(k => [k.slice({len(PREFIX)}), JSON.parse(localStorage.getItem(k))]))""")


def _wait_stored(page, ok, timeout_s: float = 30.0) -> dict:
    """Poll the browser's storage until `ok(entries)` holds (a text box saves on a pause)."""
    deadline = time.monotonic() + timeout_s
    entries = _stored(page)
    while not ok(entries) and time.monotonic() < deadline:
        time.sleep(0.2)
        entries = _stored(page)
    assert ok(entries), f"not stored: {sorted(entries)}"
    return entries


def _value(entries: dict, key: str):
    return entries.get(key, {}).get("value")


def _active_toggles(page) -> list[str]:
    return page.locator(".widget-toggle-button.mod-active").all_inner_texts()


def _wait_for(page, script: str, arg=None, timeout_ms: int = 30_000) -> None:
    page.wait_for_function(script, arg=arg, timeout=timeout_ms, polling=200)


def _no_uncaught(page) -> None:
    assert [e for e in page.log.errors if e.startswith("uncaught") or "anywidget" in e] == []
    assert page.log.foreign() == []


def test_answers_of_every_kind_survive_reload_and_server_restart(browser, server):
    context = new_context(browser, viewport={"width": 1280, "height": 900})
    try:
        # the start page: the student's name and a reflection
        start = _open(context, server, "00_start_here")
        where = start.locator(".course-work-where").all_inner_texts()
        assert len(where) == 1 and "kept in this browser" in where[0] and "Download my work" in where[0]
        # typed key by key: one save (one store in the browser) for the pause, not one per key
        stores = start.evaluate("() => window.__courseStores || 0")
        start.locator(".course-student-name input").type("Ada Lovelace", delay=40)
        _wait_stored(start, lambda e: _value(e, "00_start_here/student_name") == "Ada Lovelace")
        start.locator(".course-autosaved textarea").first.fill("A modern entente? Not yet.")
        _wait_stored(
            start,
            lambda e: (
                _value(e, "00_start_here/first_view") == "A modern entente? Not yet."
                and _value(e, "00_start_here/student_name") == "Ada Lovelace"
            ),
        )
        # No wait: a late extra save of the name would have reached the browser before the
        # reflection's, which was typed later and waited its own full pause in the same kernel.
        assert start.evaluate("() => window.__courseStores") - stores == 2
        assert any(
            s.startswith("Saved ") and "in this browser" in s
            for s in start.locator(".course-save-status").all_inner_texts()
        )
        # lesson 01 (a preheated kernel): a reflection and a quiz answer
        blocs = _open(context, server, "01_blocs")
        blocs.locator(".course-reflection-bloc textarea").fill("No mutual-defence article.")
        blocs.locator(".course-quiz input[type=radio]").nth(1).check()
        stored = _wait_stored(
            blocs,
            lambda e: (
                _value(e, "01_blocs/bloc") == "No mutual-defence article."
                and any(k.startswith("01_blocs/quiz/") for k in e)
            ),
        )
        quiz_key = next(k for k in stored if k.startswith("01_blocs/quiz/"))
        # the second option shown (options are shuffled per student, so not option 1)
        quiz_answer = _value(stored, quiz_key)["answer"]
        # lesson 04: a rating and its reason; lesson 07: a policy choice
        analogy = _open(context, server, "04_analogy_lab")
        analogy.locator(".course-explorer .widget-toggle-button", has_text="Mostly holds").first.click()
        # the reason under the rating (the page's "Try this" answer boxes are text boxes too)
        analogy.locator(".course-rating-reason textarea").first.fill("Fleets, not treaties.")
        _wait_stored(
            analogy,
            lambda e: (
                any(
                    k.startswith("04_analogy_lab/rating/") and v["value"] == "Mostly holds"
                    for k, v in e.items()
                )
                and any(
                    k.startswith("04_analogy_lab/reason/") and v["value"] == "Fleets, not treaties."
                    for k, v in e.items()
                )
            ),
        )
        policy = _open(context, server, "07_policy_lab")
        for page in (blocs, analogy, policy):  # one line says where the work is kept
            assert len(page.locator(".course-work-where").all_inner_texts()) == 1
        before = _active_toggles(policy)
        choice = policy.locator(".widget-toggle-buttons .widget-toggle-button:not(.mod-active)").first
        chosen = choice.inner_text()
        choice.click()
        _wait_stored(policy, lambda e: any(k.startswith("07_policy_lab/policy/") for k in e))
        chosen_toggles = _active_toggles(policy)
        assert chosen in chosen_toggles and chosen_toggles != before
        for page in (start, blocs, analogy, policy):
            _no_uncaught(page)

        # a reload (lesson 01's new kernel starts on request: the preheated one was used)
        blocs.reload(timeout=120_000)
        blocs.log = PageLog(blocs, server.base)
        open_lesson(blocs, server.base, "01_blocs")
        _check_01(blocs, quiz_key, quiz_answer)

        # the server restarts (every kernel is new); a closed tab, a new one
        for page in (start, blocs, analogy, policy):
            page.close()
        server.stop()
        server.start()
        start = _open(context, server, "00_start_here")
        _wait_for(
            start, "() => document.querySelector('.course-student-name input').value === 'Ada Lovelace'"
        )
        assert start.locator(".course-autosaved textarea").first.input_value() == "A modern entente? Not yet."
        assert "Restored your answer saved at" in " ".join(
            start.locator(".course-save-status").all_inner_texts()
        )
        _check_01(_open(context, server, "01_blocs"), quiz_key, quiz_answer)
        analogy = _open(context, server, "04_analogy_lab")
        _wait_for(
            analogy,
            "() => [...document.querySelectorAll('.course-rating-reason textarea')]"
            ".some(t => t.value === 'Fleets, not treaties.')",
        )
        assert "Mostly holds" in _active_toggles(analogy)
        policy = _open(context, server, "07_policy_lab")
        _wait_for(
            policy,
            "t => [...document.querySelectorAll('.widget-toggle-button.mod-active')]"
            ".some(b => b.innerText === t)",
            arg=chosen,
        )
        assert _active_toggles(policy) == chosen_toggles

        # clearing an answer: it stays cleared after a reload
        start.locator(".course-autosaved textarea").first.fill("")
        cleared = _wait_stored(start, lambda e: e.get("00_start_here/first_view", {}).get("cleared") is True)
        assert _value(cleared, "00_start_here/first_view") == ""
        start.reload(timeout=120_000)
        start.log = PageLog(start, server.base)
        open_lesson(start, server.base, "00_start_here")
        _wait_for(
            start, "() => document.querySelector('.course-student-name input').value === 'Ada Lovelace'"
        )
        _wait_for(start, "() => window.__courseRestores >= 1")  # the restore is over: all it set is set
        assert start.locator(".course-autosaved textarea").first.input_value() == ""
        _no_uncaught(start)
    except Exception:
        _screenshots(context, "work-kept")
        raise
    finally:
        context.close()


def _check_01(page, quiz_key: str, quiz_answer: int) -> None:
    _wait_for(
        page,
        "() => [...document.querySelectorAll('.course-autosaved textarea')]"
        ".some(t => t.value === 'No mutual-defence article.')",
    )
    _wait_for(page, "() => document.querySelectorAll('.course-quiz input[type=radio]')[1].checked")
    assert _value(_stored(page), quiz_key)["answer"] == quiz_answer


BAD_FILES = {
    "notes.txt": (b"just my notes", "it is damaged or cut short"),
    "cut.json": (None, "it is damaged or cut short"),
    "journal.json": (b'{"version": 1, "entries": {}, "checksum": ""}', "it is not a course work file"),
    "future.json": (None, "it comes from a newer version of the course"),
}


def test_work_moves_from_voila_to_jupyterlab_and_back(browser, server, tmp_path):
    lab = Journal(tmp_path / "lab" / "journal.json", memory=False)
    lab.save("00_start_here", "first_view", "an older view, typed in JupyterLab")
    lab.save("03_triple_entente", "lesson", "only in JupyterLab")
    time.sleep(0.01)
    context = new_context(browser, viewport={"width": 1280, "height": 900}, accept_downloads=True)
    try:
        page = _open(context, server, "00_start_here")
        page.locator(".course-student-name input").fill("Grace Hopper")
        page.locator(".course-autosaved textarea").first.fill("Typed later, in Voila.")
        _wait_stored(
            page,
            lambda e: (
                _value(e, "00_start_here/first_view") == "Typed later, in Voila."
                and _value(e, "00_start_here/student_name") == "Grace Hopper"
            ),
        )
        # Voila -> JupyterLab: the JSON download, loaded by the control's own function
        with page.expect_download() as info:
            page.locator('a[download="my-course-work.json"]').first.click()
        raw = info.value.path().read_bytes()
        export = work_export.read_export(raw, "my-course-work.json")
        assert export.surface == "voila" and export.student == "Grace Hopper"
        before = (tmp_path / "lab" / "journal.json").read_bytes()
        sentence = journal.load_file(raw, "my-course-work.json", lab)
        assert sentence.startswith("Loaded 2 answers from “my-course-work.json”; skipped 0"), sentence
        assert lab.get("00_start_here", "first_view") == "Typed later, in Voila."  # newer wins
        assert lab.get("03_triple_entente", "lesson") == "only in JupyterLab"  # nothing lost
        assert [p.read_bytes() for p in (tmp_path / "lab").glob("journal.json.before-load-*")] == [before]

        # JupyterLab -> Voila: the lab's file uploaded through the page's "Load my work"
        lab.save("01_blocs", "bloc", "Written in JupyterLab afterwards.")
        lab_file = tmp_path / "my-course-work.json"
        lab_file.write_text(work_export.dumps(journal.export_json(lab)), encoding="utf-8")

        def upload(path) -> None:  # as a student does: the button, then the file chooser
            with page.expect_file_chooser() as chooser:
                page.locator(".course-load-work button").first.click()
            chooser.value.set_files(str(path))

        upload(lab_file)
        status = page.locator(".course-load-work .widget-html").last
        _wait_for(
            page, "() => document.querySelector('.course-load-work').innerText.includes('Loaded 2 answers')"
        )
        assert "skipped 2" in status.inner_text()  # the two answers that came from this page
        stored = _wait_stored(
            page, lambda e: _value(e, "01_blocs/bloc") == "Written in JupyterLab afterwards."
        )
        assert _value(stored, "03_triple_entente/lesson") == "only in JupyterLab"
        assert _value(stored, "00_start_here/first_view") == "Typed later, in Voila."

        # bad files: one sentence each, the stored work unchanged
        good = json.loads(lab_file.read_text(encoding="utf-8"))
        BAD_FILES["cut.json"] = (lab_file.read_bytes()[:-30], BAD_FILES["cut.json"][1])
        BAD_FILES["future.json"] = (
            json.dumps({**good, "schema_version": 2}).encode(),
            BAD_FILES["future.json"][1],
        )
        for name, (content, why) in BAD_FILES.items():
            snapshot = _stored(page)
            stores = page.evaluate("() => window.__courseStores || 0")
            (tmp_path / name).write_bytes(content)
            upload(tmp_path / name)
            _wait_for(
                page,
                "n => document.querySelector('.course-load-work').innerText"
                ".includes('“' + n + '” was not loaded')",
                arg=name,
            )
            text = page.locator(".course-load-work").inner_text()
            assert why in text and "nothing was changed" in text
            # a store would have reached the page before the refusal did (one ordered channel)
            assert page.evaluate("() => window.__courseStores || 0") == stores
            assert _stored(page) == snapshot
            # and the same file is refused by the JupyterLab journal, which stays as it was
            on_disk = (tmp_path / "lab" / "journal.json").read_bytes()
            refusal = journal.load_file(content, name, lab)
            assert refusal.startswith(f"“{name}” was not loaded: ") and why in refusal
            assert (tmp_path / "lab" / "journal.json").read_bytes() == on_disk
        # the loaded answer shows up in its lesson
        blocs = _open(context, server, "01_blocs")
        _wait_for(
            blocs,
            "() => [...document.querySelectorAll('.course-autosaved textarea')]"
            ".some(t => t.value === 'Written in JupyterLab afterwards.')",
        )
        _no_uncaught(page)
        _no_uncaught(blocs)
    except Exception:
        _screenshots(context, "work-moves")
        raise
    finally:
        context.close()
