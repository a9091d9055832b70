"""Saved student work: round trip, atomic writes, recovery, two kernels, escaping, Voila.

The SIGKILL test of the real save is in test_journal_crash.py; typing in test_journal_typing.py."""

from __future__ import annotations

import base64
import json
import multiprocessing
import re
from pathlib import Path

import pytest

from course import journal
from course.journal import Journal
from course.work import journal_store


@pytest.fixture
def jpath(tmp_path, monkeypatch) -> Path:
    """A private work file; not in Voila."""
    path = tmp_path / "course" / "journal.json"
    monkeypatch.setenv("COURSE_JOURNAL", str(path))
    monkeypatch.delenv("SERVER_SOFTWARE", raising=False)
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    journal._JOURNALS.clear()
    yield path
    journal._JOURNALS.clear()


def test_path_respects_env_and_xdg(tmp_path, monkeypatch):
    monkeypatch.delenv("COURSE_JOURNAL", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert journal.journal_path() == tmp_path / "xdg" / "course" / "journal.json"
    monkeypatch.delenv("XDG_DATA_HOME")
    assert journal.journal_path() == Path.home() / ".local" / "share" / "course" / "journal.json"
    monkeypatch.setenv("COURSE_JOURNAL", str(tmp_path / "mine.json"))
    assert journal.journal_path() == tmp_path / "mine.json"


def test_round_trip_and_file_format(jpath):
    j = Journal(jpath, memory=False)
    assert j.get("01_blocs", "why") is None
    result = j.save("01_blocs", "why", "Because of Article 2.", prompt="Why?")
    assert result.ok and re.fullmatch(r"Saved \d\d:\d\d", result.message)
    j.save("02_camp_david", "choice", "b")
    fresh = Journal(jpath, memory=False)
    assert fresh.get("01_blocs", "why") == "Because of Article 2."
    assert fresh.entry("01_blocs", "why")["prompt"] == "Why?"
    doc = json.loads(jpath.read_text())
    assert doc["version"] == 1
    assert set(doc["entries"]) == {"01_blocs/why", "02_camp_david/choice"}
    assert doc["checksum"] == journal.checksum(doc["entries"])
    assert "T" in doc["entries"]["01_blocs/why"]["saved"]
    # the previous good version is kept
    assert json.loads((jpath.parent / "journal.json.bak").read_text())["entries"].keys() == {"01_blocs/why"}
    assert not list(jpath.parent.glob("*.tmp"))


def test_failed_replace_leaves_last_good_file(jpath, monkeypatch):
    j = Journal(jpath, memory=False)
    j.save("01_blocs", "a", "first")
    good = jpath.read_bytes()

    def crash(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(journal_store.os, "replace", crash)
    result = j.save("01_blocs", "a", "second")
    assert not result.ok
    assert result.message.startswith("Not saved:") and "no space left" in result.message
    monkeypatch.undo()
    assert jpath.read_bytes() == good
    assert not list(jpath.parent.glob("*.tmp")), "temporary files are cleaned up"
    assert Journal(jpath, memory=False).get("01_blocs", "a") == "first"


def test_corrupted_file_restores_backup_with_one_sentence(jpath):
    j = Journal(jpath, memory=False)
    j.save("01_blocs", "a", "first")
    j.save("01_blocs", "b", "second")  # .bak now holds only "a"
    jpath.write_text(jpath.read_text()[:40])  # half-written
    reader = Journal(jpath, memory=False)
    assert reader.get("01_blocs", "a") == "first"
    assert reader.get("01_blocs", "b") is None
    sentence = reader.notice
    assert re.fullmatch(
        r"Your saved work file was damaged; restored the version saved at "
        r"\d\d:\d\d on \d+ \w+ — answers typed since then may be missing\.",
        sentence,
    )
    damaged = list(jpath.parent.glob("journal.json.damaged-*"))
    assert len(damaged) == 1 and damaged[0].read_text().startswith('{\n "checksum"')
    assert journal.decode(jpath.read_bytes()) == reader.entries()  # the restored file is whole


@pytest.mark.parametrize("breakage", ["not json", "checksum", "structure"])
def test_every_kind_of_damage_is_detected(jpath, breakage):
    j = Journal(jpath, memory=False)
    j.save("01_blocs", "a", "first")
    j.save("01_blocs", "a", "second")
    doc = json.loads(jpath.read_text())
    if breakage == "not json":
        jpath.write_bytes(b"\x00\xff{")
    elif breakage == "checksum":
        doc["entries"]["01_blocs/a"]["value"] = "tampered"
        jpath.write_text(json.dumps(doc))
    else:
        doc["entries"] = ["oops"]
        jpath.write_text(json.dumps(doc))
    reader = Journal(jpath, memory=False)
    assert reader.get("01_blocs", "a") == "first"
    assert reader.notice.startswith("Your saved work file was damaged; restored")


def test_no_good_version_starts_empty_and_keeps_damaged_file(jpath):
    jpath.parent.mkdir(parents=True)
    jpath.write_text("{broken")
    (jpath.parent / "journal.json.bak").write_text("also broken")
    reader = Journal(jpath, memory=False)
    assert reader.entries() == {}
    assert reader.notice.startswith("Your saved work file was damaged and no earlier good copy exists")
    assert reader.notice.count(".") >= 1 and "\n" not in reader.notice
    kept = list(jpath.parent.glob("journal.json.damaged-*"))
    assert [k.read_text() for k in kept] == ["{broken"]
    # the next save works and starts a new good file
    assert reader.save("01_blocs", "a", "fresh").ok
    assert Journal(jpath, memory=False).get("01_blocs", "a") == "fresh"


def test_widget_shows_the_recovery_sentence_not_a_traceback(jpath):
    Journal(jpath, memory=False).save("01_blocs", "why", "kept")
    Journal(jpath, memory=False).save("01_blocs", "why", "lost")
    jpath.write_text("garbage")
    box = journal.reflection("01_blocs", "why", "Why?")
    assert box.value == "kept"
    assert "Your saved work file was damaged; restored the version saved at" in box.status.value


def _save_many(path: str, lesson: str, count: int) -> None:
    j = Journal(Path(path), memory=False)
    for i in range(count):
        assert j.save(lesson, f"k{i}", f"{lesson}-{i}").ok


def test_two_processes_saving_concurrently_lose_nothing(jpath):
    ctx = multiprocessing.get_context("fork")
    procs = [
        ctx.Process(target=_save_many, args=(str(jpath), lesson, 25))
        for lesson in ("01_blocs", "02_camp_david")
    ]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    entries = Journal(jpath, memory=False).entries()
    assert len(entries) == 50
    assert entries["02_camp_david/k24"]["value"] == "02_camp_david-24"


def test_lock_wait_is_bounded(jpath):
    j = Journal(jpath, memory=False)
    with journal.locked(jpath):
        ctx = multiprocessing.get_context("fork")
        queue = ctx.Queue()

        def attempt():
            journal_store.LOCK_TIMEOUT = 0.2
            queue.put(Journal(jpath, memory=False).save("01_blocs", "a", "x").message)

        child = ctx.Process(target=attempt)
        child.start()
        message = queue.get(timeout=10)
        child.join(10)
    assert message.startswith("Not saved: another open lesson kept the work file busy")
    assert j.get("01_blocs", "a") is None


def test_reflection_restores_and_autosaves(jpath):
    box = journal.reflection("01_blocs", "why", "Why is the SCO not an alliance?")
    assert box.value == ""
    box.value = "No mutual-defence article."
    box.flush()
    assert re.search(r"Saved \d\d:\d\d", box.status.value)
    again = journal.reflection("01_blocs", "why", "Why is the SCO not an alliance?")
    assert again.value == "No mutual-defence article."
    assert "Restored your answer saved at" in again.status.value
    assert repr(again) == "Your answer (01_blocs/why): Why is the SCO not an alliance?"
    assert again.control.label == "Your answer"


def test_choice_restores_and_autosaves(jpath):
    pick = journal.choice("01_blocs", "verdict", "Is the SCO a bloc?", ["Yes", "No", "Partly"])
    assert pick.value is None
    pick.value = "Partly"
    assert (
        journal.choice(
            "01_blocs", "verdict", "Is the SCO a bloc?", ["Yes", "No", "Partly"], toggle=True
        ).value
        == "Partly"
    )
    assert "Options: Yes; No; Partly." in repr(pick)


def test_status_says_not_saved_when_the_folder_is_unwritable(jpath, monkeypatch):
    box = journal.reflection("01_blocs", "why", "Why?")
    monkeypatch.setattr(
        journal_store,
        "atomic_write",
        lambda *a, **k: (_ for _ in ()).throw(PermissionError(13, "Permission denied")),
    )
    box.value = "text"
    box.flush()
    assert "Not saved: the work file could not be written (permission denied)" in box.status.value


def test_exports_group_by_lesson_and_escape_student_text(jpath):
    j = journal.current()
    j.save("02_camp_david", "why", "Consult, not defend.", prompt="What did Camp David build?")
    j.save("01_blocs", "why", "<script>alert('x')</script> & more", prompt="Why <b>not</b>?")
    md = journal.export_markdown()
    assert md.index("01") < md.index("Consult, not defend.")
    assert "<script>" not in md and "&lt;script&gt;alert('x')&lt;/script&gt; &amp; more" in md
    page = journal.export_html()
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "Why &lt;b&gt;not&lt;/b&gt;?" in page
    assert page.index("Lesson 01") < page.index("Consult, not defend.")


def test_export_button_links_refresh_on_change(jpath):
    button = journal.export_button()
    assert repr(button) == (
        "Download links for your saved work (Markdown, as a web page and as JSON to load elsewhere)."
    )
    before = button.links.value
    journal.current().save("01_blocs", "why", "Ünïcode <i>answer</i>")
    after = button.links.value
    assert after != before
    assert 'download="my-course-work.md"' in after and 'download="my-course-work.html"' in after
    assert 'download="my-course-work.json"' in after
    payload = re.search(r'href="data:text/markdown;base64,([^"]+)"', after).group(1)
    assert "Ünïcode &lt;i&gt;answer&lt;/i&gt;" in base64.b64decode(payload).decode("utf-8")


def test_voila_mode_writes_nothing_and_offers_a_download(tmp_path, monkeypatch):
    path = tmp_path / "server" / "journal.json"
    monkeypatch.setenv("COURSE_JOURNAL", str(path))
    monkeypatch.setenv("SERVER_SOFTWARE", "voila/0.5.13")
    journal._JOURNALS.clear()
    assert journal.in_voila()
    box = journal.reflection("01_blocs", "why", "Why?")
    downloads = [c for c in box.children if isinstance(c, journal.Downloads)]
    assert len(downloads) == 1
    links = downloads[0]
    box.value = "my <answer>"
    box.flush()
    assert "Kept in this page" in box.status.value
    assert not path.parent.exists(), "nothing is written on the server"
    assert journal.current().get("01_blocs", "why") == "my <answer>"
    html_link = links.links.value
    assert html_link.startswith(
        '<p class="course-download"><a download="my-course-work.md" href="data:text/markdown;base64,'
    )
    assert ">Download my work</a>" in html_link
    payload = re.search(r"base64,([^\"]+)", html_link).group(1)
    assert "my &lt;answer&gt;" in base64.b64decode(payload).decode()
    journal._JOURNALS.clear()


def test_preheated_voila_kernel_counts_as_voila(monkeypatch):
    monkeypatch.delenv("SERVER_SOFTWARE", raising=False)
    monkeypatch.setenv("VOILA_PREHEAT", "True")
    assert journal.in_voila()
    monkeypatch.setenv("VOILA_PREHEAT", "False")
    assert not journal.in_voila()


def test_storage_layer_imports_nothing_from_widgets_or_lessons():
    import subprocess
    import sys

    code = (
        "import sys, course.work.journal_store, course.work.work_export; "
        "print(sorted(m for m in sys.modules if m.startswith(('course.widgets', 'course.lesson', "
        "'ipywidgets', 'anywidget', 'course.quiz'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_cleared_answer_is_a_marker_with_its_time(jpath):
    j = Journal(jpath, memory=False)
    j.save("01_blocs", "why", "first thoughts")
    j.save("01_blocs", "why", "")
    entry = j.entry("01_blocs", "why")
    assert entry["value"] == "" and entry["cleared"] is True and entry["saved"]
    assert "first thoughts" not in journal.export_markdown(j)


def test_merge_keeps_a_backup_and_newer_wins(jpath):
    j = Journal(jpath, memory=False)
    j.save("01_blocs", "a", "mine, later")
    j.save("01_blocs", "b", "mine")
    before = jpath.read_bytes()
    old = "2020-01-01T10:00:00.000+00:00"
    new = "2999-01-01T10:00:00.000+00:00"
    report = j.merge(
        {
            "01_blocs/a": {"value": "theirs, older", "saved": old},
            "01_blocs/b": {"value": "theirs, newer", "saved": new},
            "02_camp_david/c": {"value": "new item", "saved": old},
        }
    )
    assert report.loaded == ("01_blocs/b", "02_camp_david/c") and report.skipped == ("01_blocs/a",)
    assert j.get("01_blocs", "a") == "mine, later" and j.get("01_blocs", "b") == "theirs, newer"
    assert j.get("02_camp_david", "c") == "new item"
    kept = list(jpath.parent.glob("journal.json.before-load-*"))
    assert [k.read_bytes() for k in kept] == [before]


def test_memory_merge_updates_bound_controls(tmp_path):
    import ipywidgets as widgets

    j = Journal(tmp_path / "none.json", memory=True)
    box = journal.reflection("01_blocs", "why", "Why?", journal=j)
    slider = widgets.IntSlider(value=0, min=0, max=5)
    journal.bind(slider, "04_analogy_lab", "rating/x", "Your rating: x", journal=j)
    j.merge(
        {
            "01_blocs/why": {"value": "from the browser", "saved": "2999-01-01T00:00:00+00:00"},
            "04_analogy_lab/rating/x": {"value": 4, "saved": "2999-01-01T00:00:00+00:00"},
        }
    )
    assert box.value == "from the browser" and slider.value == 4
    assert "Restored your answer saved at" in box.status.value
    assert j.backups == [{}]  # the state before the load
    assert not (tmp_path / "none.json").exists()


def test_a_closed_control_stops_listening_to_the_saved_work(jpath):
    """Re-running a cell in JupyterLab closes the old widgets: their subscriptions must end,
    or every old copy keeps re-encoding the export on each save."""
    j = journal.current()
    journal.reflection("01_blocs", "first", "?").close()  # starts the journal's one merge follower
    idle = j.listener_count()
    button = journal.export_button()
    box = journal.reflection("01_blocs", "why", "Why?")
    assert j.listener_count() > idle
    button.close()
    box.close()
    assert j.listener_count() == idle
    frozen = button.links.value
    j.save("01_blocs", "why", "after closing")
    assert button.links.value == frozen
