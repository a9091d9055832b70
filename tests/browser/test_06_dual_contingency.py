"""Lesson 06 in Voila: moving a slider redraws the balance chart; the tornado marks flips."""

from __future__ import annotations

import time

import pytest
import yaml

from course.core.paths import CONTENT_DIR
from tests.browser.lessons import aria_labels


def _korea_balance(moved: float = 0.0) -> float:
    """Korea's balance on the lesson's default assumptions, with the US share sent to Taiwan
    moved by `moved`: counted here from the assumptions file with the lesson's stated rule
    (defenders × (1 + effect × mean coordination) over attackers × (1 + effect × theirs))."""
    raw = yaml.safe_load((CONTENT_DIR / "dual_contingency_assumptions.yaml").read_text(encoding="utf-8"))
    d = {a["key"]: a["default"] for a in raw["assumptions"]}
    ours = (d["joint_planning"] + d["combined_exercises"] + d["command_mechanism"]) / 3
    defenders = ((1 - d["us_share_taiwan"] - moved) * d["us_forces"] + d["south_korea"]) * (
        1 + d["coordination_effect"] * ours
    )
    return defenders / (d["attacker_korea"] * (1 + d["coordination_effect"] * d["adversary_coordination"]))


THRESHOLD = next(
    a["default"]
    for a in yaml.safe_load((CONTENT_DIR / "dual_contingency_assumptions.yaml").read_text(encoding="utf-8"))[
        "assumptions"
    ]
    if a["key"] == "threshold"
)
STEPS = 20  # arrow-key presses on the share slider, 0.01 each
START, MOVED = _korea_balance(), _korea_balance(STEPS * 0.01)
TARGET = f"Korean Peninsula: balance {MOVED:.2f}"


def _wait_for_korea_flip(page, timeout_s: float = 30.0) -> list[str]:
    """Each key press commits a value, so the chart passes through intermediate states;
    poll until it shows the moved share's Korea balance."""
    deadline = time.monotonic() + timeout_s
    labels = aria_labels(page, 0)
    while time.monotonic() < deadline and not any(label.startswith(TARGET) for label in labels):
        time.sleep(0.1)
        labels = aria_labels(page, 0)
    return labels


def _scenario(page):
    """The scenario explorer: the first explorer with a chart ("Try this" answer boxes,
    one of them before it, are explorers too)."""
    return page.locator(".course-explorer").filter(has=page.locator(".vega-embed")).first


pytestmark = pytest.mark.browser


def test_06_share_slider_flips_korea(lesson_page):
    page = lesson_page("06_dual_contingency")
    before = aria_labels(page, 0)
    assert any(
        label.startswith(f"Korean Peninsula: balance {START:.2f}") and label.endswith(", deterred")
        for label in before
    )
    assert MOVED < THRESHOLD <= START  # the move flips Korea, on the file's own numbers
    assert f"Deterrence threshold: {THRESHOLD:.2f}" in before
    tornado = aria_labels(page, 1)
    assert any("verdict flips to not deterred" in label for label in tornado)
    # The share slider is the second slider of the first explorer; keyboard steps are 0.01.
    handle = _scenario(page).locator("[role=slider]").nth(1)
    handle.focus()
    start = time.monotonic()
    for _ in range(STEPS):
        page.keyboard.press("ArrowRight")
    after = _wait_for_korea_flip(page)
    elapsed = time.monotonic() - start
    assert after != before
    assert any(label.startswith(TARGET) and "not deterred" in label for label in after), after
    verdicts = _scenario(page).locator(".course-verdict").all_inner_texts()
    assert any("deterrence fails" in v and "Korean Peninsula" in v for v in verdicts)
    print(f"slider to redrawn chart: {elapsed:.2f} s")
    page.screenshot(path="test-artifacts/06_dual_contingency_share.png")
    assert page.log.foreign() == [] and page.log.errors == []
