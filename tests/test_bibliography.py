"""The bibliography covers every source key used anywhere, and is up to date."""

from course.material import data
from course.tools import bibliography, source_quality


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


def test_sources_used_only_in_content_files_count_as_used():
    # The policy lab's scores cite sources in `source:` fields of policy_options.yaml; a
    # source used only there must not be listed as "not cited yet".
    nested = {"a": [{"source": "k1"}, {"b": {"source_id": "k2", "why": "x"}}], "source": 3}
    assert set(source_quality.yaml_source_ids(nested)) == {"k1", "k2"}
    assert (
        "course/content/policy_options.yaml"
        in bibliography.uses()["foreignaffairs_1922_bliss_unified_command"]
    )
