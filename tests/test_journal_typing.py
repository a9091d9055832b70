"""Saves that fit typing: a text box writes once per pause, not once per keystroke, and the
download links are rebuilt once per save."""

from __future__ import annotations

import re
import time

import ipywidgets as widgets

from course import journal
from course.work import journal_store


def _type(control, text: str, gap_s: float = 0.03) -> None:
    """What the browser sends while a student types: the whole value after each keystroke."""
    for n in range(1, len(text) + 1):
        control.value = text[:n]
        time.sleep(gap_s)


def _wait(predicate, timeout_s: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout_s
    while not predicate() and time.monotonic() < deadline:
        time.sleep(0.05)
    return predicate()


def test_one_write_per_pause_not_per_keystroke(monkeypatch):
    writes: list[dict] = []
    real = journal_store.atomic_write
    monkeypatch.setattr(
        journal_store,
        "atomic_write",
        lambda path, entries, keep_backup=True: (
            writes.append(dict(entries)),
            real(path, entries, keep_backup),
        ),
    )
    box = journal.reflection("01_blocs", "why", "Why?")
    links = journal.export_button()
    rebuilt: list[str] = []
    links.links.observe(lambda change: rebuilt.append(change["new"]), names="value")

    _type(box.control, "No mutual-defence article")  # 25 keystrokes within a pause
    assert writes == [] and box.status.value == "", "saved before the student paused"
    assert _wait(lambda: len(writes) == 1 and len(rebuilt) == 1 and "Saved" in box.status.value)
    # and nothing more comes: no save is left waiting (a new one needs a new keystroke)
    assert not box.binding.debounce.pending and len(writes) == 1
    assert writes[0]["01_blocs/why"]["value"] == "No mutual-defence article"
    assert re.search(r"Saved \d\d:\d\d", box.status.value)
    assert len(rebuilt) == 1

    _type(box.control, "No mutual-defence article.")  # a second burst, a second pause
    assert _wait(lambda: len(writes) == 2 and len(rebuilt) == 2)
    assert not box.binding.debounce.pending and len(writes) == 2 and len(rebuilt) == 2
    assert journal.current().get("01_blocs", "why") == "No mutual-defence article."


def test_choices_save_at_once_and_flush_saves_what_waits(monkeypatch):
    pick = journal.choice("01_blocs", "verdict", "A bloc?", ["Yes", "No"])
    pick.value = "No"
    assert journal.current().get("01_blocs", "verdict") == "No"  # no pause for a click
    box = journal.reflection("01_blocs", "why", "Why?")
    box.value = "typed"
    assert journal.current().get("01_blocs", "why") is None
    box.flush()
    assert journal.current().get("01_blocs", "why") == "typed"
    assert not box.binding.debounce.pending


def test_bound_text_in_an_explorer_waits_for_a_pause_too():
    reason = widgets.Textarea()
    binding = journal.bind(reason, "04_analogy_lab", "reason/x", "Your reason: x")
    _type(reason, "abc", gap_s=0.01)
    assert journal.current().get("04_analogy_lab", "reason/x") is None
    assert _wait(lambda: journal.current().get("04_analogy_lab", "reason/x") == "abc")
    assert not binding.debounce.pending
