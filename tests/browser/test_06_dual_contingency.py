"""Lesson 06 in Voila: moving a slider redraws the balance chart; the tornado marks flips."""

from __future__ import annotations

import time

import pytest

from tests.browser.lessons import aria_labels

TARGET = "Korean Peninsula: balance 0.96"


def _wait_for_korea_flip(page, timeout_s: float = 30.0) -> list[str]:
    """Each key press commits a value, so the chart passes through intermediate states;
    poll until it shows the share of 0.80 (Korea balance 0.96)."""
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
        label.startswith("Korean Peninsula: balance 1.20") and label.endswith(", deterred")
        for label in before
    )
    assert "Deterrence threshold: 1.00" in before
    tornado = aria_labels(page, 1)
    assert any("verdict flips to not deterred" in label for label in tornado)
    # The share slider is the second slider of the first explorer; keyboard steps are 0.01.
    handle = _scenario(page).locator("[role=slider]").nth(1)
    handle.focus()
    start = time.monotonic()
    for _ in range(20):
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
