"""Lesson 07's package builder and memo, driven as a student would."""

import base64
import html
import re

import pytest

from course import journal
from course.material import data
from course.model import policy as model
from course.widgets import policy
from tests import facts


def _memo_text(memo) -> str:
    href = re.search(r'href="data:text/markdown;base64,([^"]+)"', memo.link.value).group(1)
    return base64.b64decode(href).decode("utf-8")


def test_levels_and_weights_drive_scores_chart_and_text():
    builder = policy.package_builder()
    assert builder.package() == {"planning": 0, "exercises": 0, "command": 0, "economics": 0}
    assert f"Overall: {facts.status_quo_overall()}." in builder.overall_line.value
    builder.level["command"].value = 3
    assert builder.chart.params.level_command == 3
    totals = model.totals(builder.scores())
    assert totals["deterrence"] == 5 and totals["accept_washington"] == 10
    assert "command mechanism 3 (Rotational combined command)" in builder.describe()
    assert "Rotational combined command" in builder.meaning["command"].value
    assert "Supreme War Council created at Rapallo" in builder.entente_table.value
    assert _cites(builder.entente_table.value, "nhhc_1917_rapallo_decisions")
    # Economics has a wartime precedent only: the table shows it and says where it differs.
    assert "Commission Internationale de Ravitaillement" in builder.entente_table.value
    assert _cites(builder.entente_table.value, "hansard_1915_02_24_cir")
    assert "only in wartime" in builder.entente_table.value
    assert "No comparable step in the data" not in builder.entente_table.value
    assert "Japanese command of forces in Korea" in builder.reasons.value
    # every shown score carries its source
    assert _cites(builder.reasons.value, "eai_2023_korea_japan_poll")
    assert _cites(builder.reasons.value, "diplomat_2024_alliance_command_revamp")
    for slider in builder.weight.values():
        slider.value = 0
    assert "no overall score" in builder.overall_line.value
    assert "Every weight is zero" in builder.describe()
    builder.weight["deterrence"].value = 2
    assert model.overall(builder.scores()) == pytest.approx(5)


def test_describe_is_deterministic():
    assert policy.package_builder().describe() == policy.package_builder().describe()


def test_choices_and_weights_are_saved_and_restored():
    builder = policy.package_builder()
    builder.level["planning"].value = 2
    builder.weight["escalation"].value = 2.5
    assert journal.current().get("07_policy_lab", "policy/planning") == 2
    again = policy.package_builder()
    assert again.package()["planning"] == 2 and again.weights()["escalation"] == 2.5


def test_memo_follows_the_package_and_escapes_student_text():
    builder = policy.package_builder()
    memo = policy.policy_memo(builder)
    assert 'download="policy-memo.md"' in memo.link.value
    text = _memo_text(memo)
    assert "| Joint planning | 0 · Status quo |" in text
    assert "Not written yet" in text and "not written yet" in memo.describe()
    builder.level["exercises"].value = 3
    builder.weight["cost"].value = 3
    text = _memo_text(memo)
    assert "| Combined exercises | 3 · Integrated missile defence |" in text
    assert "| Cost | against | 3 | 3 |" in text
    # the memo's sources list carries the full bibliographic entry of each step it cites
    sources = data.load("sources").set_index("source_id")
    staff_talks = (
        data.load("entente_events").query("title.str.startswith('Anglo-French military (staff)')").iloc[0]
    )
    assert "[commentary_modern_entente]" in text
    assert f"“{sources.loc[staff_talks.source_id, 'title']}”" in text
    area = journal.reflection("07_policy_lab", "recommendation", "Your recommendation")
    area.value = "Go to level 2.\n<script>alert(1)</script> | & more"
    area.flush()  # text saves when the student pauses; a test does not wait for that
    text = _memo_text(memo)
    assert "<script>" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "> Go to level 2." in text
    assert "<script>" not in memo.preview.value and "&lt;script&gt;" in memo.preview.value
    assert "recommendation written" in memo.describe()


def _cites(html_text: str, key: str) -> bool:
    """The table names the source: as its key, or as a short citation whose hover text is
    the source's title."""
    title = data.load("sources").set_index("source_id").loc[key, "title"]
    return key in html_text or title in html.unescape(html_text)


def test_presets_set_the_weights_and_say_so():
    builder = policy.package_builder()
    assert "Equal weights" in builder.preset_line.value
    builder.presets["commentary"].click()
    assert builder.weights() == model.PRESETS["commentary"]
    assert "The commentary" in builder.preset_line.value
    assert "(the commentary's priorities)" in builder.describe()
    builder.presets["sceptic"].click()
    assert builder.weights()["escalation"] == 3 and "sceptic" in builder.preset_line.value
    builder.weight["cost"].value = 0.5
    assert builder.preset() is None and "your own" in builder.preset_line.value
    # the preset table names a different leading package for the two presets
    table = html.unescape(builder.preset_table.value)
    assert "Dual-contingency group" in table and "A sceptic" in table
