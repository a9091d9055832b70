"""The bibliography covers every source key used anywhere, and is up to date."""

from course.material import data
from course.tools import bibliography


def test_every_used_source_is_in_the_bibliography():
    known = set(data.load("sources")["source_id"])
    used = bibliography.uses()
    missing = {key: sorted(places) for key, places in used.items() if key not in known}
    assert missing == {}


def test_committed_bibliography_is_current():
    expected = bibliography.render_markdown()
    assert bibliography.OUTPUT.read_text(encoding="utf-8") == expected, (
        "course/bibliography.md is stale: run `python -m course.tools.bibliography`"
    )
    for key in bibliography.uses():
        assert f"**{key}**" in expected
