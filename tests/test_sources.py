"""The bibliography is one an instructor could assign (rules in course/tools/source_quality.py).

Each rule is checked on the real data, and shown able to fail: a broken copy of data/
(the `data_copy` fixture), or a small notebook or YAML file, must be reported with the
source named and, where it matters, the file and row.
"""

from __future__ import annotations

import csv
import json

import pytest

from course.material import data
from course.tools import source_quality as sq
from tests.conftest import REPO

KINDS = ["primary", "scholarly", "analysis", "news", "reference"]


def _edit_source(folder, source_id, **changes):
    """Change cells of one row of a copy's sources.csv; returns that row's number (header = 1)."""
    path = folder / "sources.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8", newline="")))
    index = next(i for i, r in enumerate(rows) if r["source_id"] == source_id)
    rows[index].update(changes)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    data._load_cached.cache_clear()  # the copy changed under course.material.data's cache
    return index + 2


def _first_source_id():
    return data.load("sources")["source_id"].iloc[0]


def _problems(violations):
    return "\n".join(str(v) for v in violations)


# (a) hosts -------------------------------------------------------------------------------


def test_no_source_url_is_on_a_disallowed_host():
    assert sq.check_hosts() == [], _problems(sq.check_hosts())


def test_host_rules_match_the_host_and_its_subdomains_only():
    rules = ["wikipedia.org", "*ipfs*"]
    assert sq.matching_rule("https://en.m.wikipedia.org/wiki/Entente", rules) == "wikipedia.org"
    assert sq.matching_rule("https://wikipedia.org./wiki/Entente", rules) == "wikipedia.org"
    assert sq.matching_rule("HTTPS://EN.WIKIPEDIA.ORG:443/wiki/X", rules) == "wikipedia.org"
    assert sq.matching_rule("https://gateway.ipfs.io/ipfs/QmX/wiki/X", rules) == "*ipfs*"
    assert sq.matching_rule("https://notwikipedia.org/wiki/X", rules) is None
    assert sq.matching_rule("https://www.mofa.go.jp/wikipedia.org", rules) is None
    assert sq.matching_rule("", rules) is None


def test_every_disallowed_host_says_why():
    lines = (REPO / "data" / sq.HOSTS_FILE).read_text(encoding="utf-8").splitlines()
    rules = [line for line in lines if line.strip() and not line.lstrip().startswith("#")]
    assert len(rules) == len(sq.disallowed_hosts()) >= 20
    unexplained = [line for line in rules if "#" not in line or not line.split("#", 1)[1].strip()]
    assert unexplained == []


def test_a_source_on_a_disallowed_host_is_reported(data_copy):
    source_id = _first_source_id()
    row = _edit_source(data_copy, source_id, url="https://en.wikipedia.org/wiki/Triple_Entente", via="")
    found = sq.check_hosts()
    assert [(v.source_id, v.where) for v in found if v.source_id == source_id] == [
        (source_id, f"data/sources.csv, row {row}")
    ]
    assert "wikipedia.org" in str(found[0])


def test_a_new_host_rule_takes_effect(data_copy):
    source_id = _first_source_id()
    url = data.load("sources").set_index("source_id").loc[source_id, "url"]
    with (data_copy / sq.HOSTS_FILE).open("a", encoding="utf-8") as fh:
        fh.write(f"{sq.host_of(url)}  # test: a host added to the list\n")
    assert source_id in {v.source_id for v in sq.check_hosts()}


def test_a_mirror_may_be_named_in_via_beside_the_original(data_copy):
    source_id = _first_source_id()
    _edit_source(
        data_copy,
        source_id,
        url="https://www.mofa.go.jp/region/n-america/us/q&a/ref/1.html",
        via="https://en.wikisource.org/wiki/Treaty_of_Mutual_Cooperation",
    )
    assert source_id not in {v.source_id for v in sq.check_hosts() + sq.check_via()}


# (b) titles ------------------------------------------------------------------------------


def test_no_title_is_reconstructed():
    assert sq.check_titles() == [], _problems(sq.check_titles())


def test_a_publishers_bracketed_label_is_not_a_reconstruction(data_copy):
    source_id = _first_source_id()
    _edit_source(data_copy, source_id, title="[APEC 2025] Japan's Takaichi set to arrive in S. Korea")
    assert [v for v in sq.check_titles() if v.source_id == source_id] == []


@pytest.mark.parametrize(
    "title",
    [
        "[headline not captured; report of the summit]",
        "Summit report (title inferred from the URL)",
        "Headline not captured",
        "URL slug: biden-says-camp-david",
        "[readout of the 25 October meeting",
    ],
)
def test_a_reconstructed_title_is_reported(data_copy, title):
    source_id = _first_source_id()
    row = _edit_source(data_copy, source_id, title=title)
    found = [v for v in sq.check_titles() if v.source_id == source_id]
    assert [v.where for v in found] == [f"data/sources.csv, row {row}"]


# (c) via ---------------------------------------------------------------------------------


def test_every_via_is_paired_with_an_original():
    assert sq.check_via() == [], _problems(sq.check_via())


@pytest.mark.parametrize(
    "url, via",
    [
        ("", "https://en.wikisource.org/wiki/Some_treaty"),
        ("https://en.wikisource.org/wiki/Page:1.djvu/20", "https://en.wikisource.org/wiki/Page:1.djvu/21"),
    ],
)
def test_a_via_without_a_different_original_is_reported(data_copy, url, via):
    source_id = _first_source_id()
    row = _edit_source(data_copy, source_id, url=url, via=via)
    found = [v for v in sq.check_via() if v.source_id == source_id]
    assert [v.where for v in found] == [f"data/sources.csv, row {row}"]


# (d) no fact on an encyclopedia alone ----------------------------------------------------


def test_no_fact_rests_on_an_encyclopedia_alone():
    assert sq.check_reference_only() == [], _problems(sq.check_reference_only())


def test_a_data_row_citing_an_encyclopedia_is_reported(data_copy):
    with (data_copy / "sco_membership.csv").open(encoding="utf-8", newline="") as fh:
        cited = next(csv.DictReader(fh))["source_id"]
    _edit_source(data_copy, cited, kind="reference")
    places = [v.where for v in sq.check_reference_only() if v.source_id == cited]
    assert "data/sco_membership.csv, row 2, column source_id" in places


def _course_files(tmp_path, notebook_markdown="", yaml_text=""):
    """A notebooks folder with one lesson, a content folder, and no data rows or pages."""
    notebooks, content, docs, rows = (tmp_path / name for name in ("nb", "content", "docs", "rows"))
    for folder in (notebooks, content, docs, rows):
        folder.mkdir()
    cell = {"cell_type": "markdown", "id": "a1", "metadata": {}, "source": notebook_markdown}
    notebook = {"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (notebooks / "09_test.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    (content / "quiz_09_test.yaml").write_text(yaml_text, encoding="utf-8")
    return {"notebooks_dir": notebooks, "content_dir": content, "docs_dir": docs, "data_folder": rows}


def test_an_encyclopedia_may_be_cited_only_under_further_reading(tmp_path, data_copy):
    source_id = _first_source_id()
    _edit_source(data_copy, source_id, kind="reference")
    markdown = (
        f"The Entente was signed in 1904 [{source_id}].\n\n"
        f"## Further reading\n\n- Background [{source_id}]\n\n"
        f"## Next section\n\nAnother claim [{source_id}].\n"
    )
    cited = sq.citations(**_course_files(tmp_path, notebook_markdown=markdown))
    assert [c.further_reading for c in cited if c.source_id == source_id] == [False, True, False]
    found = [v for v in sq.check_reference_only(cited=cited) if v.source_id == source_id]
    assert [v.where for v in found] == ["notebooks/09_test.ipynb, cell 1"] * 2


def test_a_quiz_resting_on_an_encyclopedia_is_reported(tmp_path, data_copy):
    source_id = _first_source_id()
    _edit_source(data_copy, source_id, kind="reference")
    yaml_text = f"questions:\n  - id: q1\n    source_id: {source_id}\n"
    cited = sq.citations(**_course_files(tmp_path, yaml_text=yaml_text))
    found = [v for v in sq.check_reference_only(cited=cited) if v.source_id == source_id]
    assert [v.where for v in found] == ["course/content/quiz_09_test.yaml"]


def test_citations_cover_data_content_notebooks_and_pages():
    places = {c.where.split("/")[0] for c in sq.citations()}
    assert {"data", "course", "notebooks"} <= places
    assert any(c.where.startswith("course/content/") for c in sq.citations())


# (e) kind --------------------------------------------------------------------------------


def test_kind_is_one_of_the_five():
    field = next(f for f in data.schema("sources")["fields"] if f["name"] == "kind")
    assert field["constraints"]["enum"] == KINDS
    assert set(data.load("sources")["kind"]) <= set(KINDS)


def test_an_unknown_kind_is_rejected_with_file_row_and_column(data_copy):
    row = _edit_source(data_copy, _first_source_id(), kind="blog")
    with pytest.raises(data.DataError) as err:
        data.load("sources")
    assert (err.value.row, err.value.column) == (row, "kind")
    assert "blog" in str(err.value)


# (f) item pages, not search, home or index pages ------------------------------------------


def test_no_source_url_is_a_search_home_or_index_page():
    assert sq.check_index_urls() == [], _problems(sq.check_index_urls())


@pytest.mark.parametrize(
    "url, problem",
    [
        ("https://en.yna.co.kr/", "a home page"),
        ("https://www.theblock.co", "a home page"),
        ("https://search.worldcat.org/search?q=bn%3A9780228005766", "a search page"),
        ("https://en.yna.co.kr/search/index?query=hotline", "a search page"),
        ("https://s-space.snu.ac.kr/discover?query=TCOG", "a search page"),
        ("https://example.org/find?q=entente", "a search page"),
        ("https://thestrategicdialogues.com/tag/india-china-relations/", "a tag or category listing"),
        ("https://www.defense.gov/News/Releases/", "a list of releases or articles"),
    ],
)
def test_search_home_and_index_urls_are_recognised(url, problem):
    assert sq.index_problem(url) == problem


@pytest.mark.parametrize(
    "url",
    [
        "https://hdl.handle.net/10371/129197",
        "https://japantoday.com/category/politics/japan-defense-minister-reiterates-concern",
        "https://www.mofa.go.jp/policy/un/disarmament/n_korea/missile/index.html",
        "https://www.mnd.go.kr/user/boardList.action?command=view&boardSeq=I_1&search=null",
        "http://www.eai.or.kr/new/en/news/notice_view.asp?intSeq=22163&keyword=",
        "https://commons.wikimedia.org/w/index.php?title=File:X.djvu&page=105",
    ],
)
def test_item_pages_are_not_refused(url):
    assert sq.index_problem(url) is None


def test_a_search_url_is_reported(data_copy):
    source_id = _first_source_id()
    row = _edit_source(data_copy, source_id, url="https://archive.org/search?query=fay", via="")
    found = [v for v in sq.check_index_urls() if v.source_id == source_id]
    assert [v.where for v in found] == [f"data/sources.csv, row {row}"]
    assert "search page" in found[0].message


# (g) no `via` on a forum, proxy, exchange or content farm ---------------------------------


def test_no_via_is_on_a_forum_proxy_exchange_or_content_farm():
    assert sq.check_via_hosts() == [], _problems(sq.check_via_hosts())


def test_marked_hosts_are_refused_in_via_and_still_as_url():
    via_rules = sq.disallowed_via_hosts()
    assert "democraticunderground.org" in via_rules and "bitget.live" in via_rules
    assert set(via_rules) <= set(sq.disallowed_hosts())
    assert "wikisource.org" not in via_rules  # a transcription may still be the copy read


def test_a_via_on_a_forum_is_reported(data_copy):
    source_id = _first_source_id()
    row = _edit_source(
        data_copy,
        source_id,
        url="https://www.reuters.com/world/us-skorea-japan-security-advisors-seoul-trilateral-meeting-2023-12-09/",
        via="https://infowars.democraticunderground.org:443/10143166526",
    )
    found = [v for v in sq.check_via_hosts() if v.source_id == source_id]
    assert [(v.where, v.rule) for v in found] == [(f"data/sources.csv, row {row}", "via-host")]


def test_a_new_via_rule_takes_effect(data_copy):
    source_id = _first_source_id()
    _edit_source(data_copy, source_id, via="https://copies.example.net/page")
    assert source_id not in {v.source_id for v in sq.check_via_hosts()}
    with (data_copy / sq.HOSTS_FILE).open("a", encoding="utf-8") as fh:
        fh.write("!example.net  # test: a content farm\n")
    assert source_id in {v.source_id for v in sq.check_via_hosts()}


# (h) every key the course names resolves ---------------------------------------------------


def test_every_source_key_named_anywhere_resolves():
    assert sq.check_resolves() == [], _problems(sq.check_resolves())


def test_mentions_cover_notes_and_code():
    places = {c.where.split(",")[0] for c in sq.mentions()}
    assert any(p.startswith("data/") for p in places)
    assert any(p.startswith("course/") and p.endswith(".py") for p in places)


def _rewrite_note(folder, table, row_index, text):
    path = folder / f"{table}.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8", newline="")))
    rows[row_index]["note"] = text
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    data._load_cached.cache_clear()


def test_a_key_named_inside_a_note_must_resolve(data_copy):
    _rewrite_note(
        data_copy, "dprk_alignment", 0, "Also reported by absoluteastronomy_doullens; one_off wording."
    )
    found = [v for v in sq.check_resolves() if v.where.startswith("data/dprk_alignment.csv")]
    assert [(v.source_id, v.where) for v in found] == [
        ("absoluteastronomy_doullens", "data/dprk_alignment.csv, row 2, column note")
    ]


def test_keys_in_notebook_code_and_package_python_must_resolve(tmp_path, data_copy):
    folders = _course_files(tmp_path, notebook_markdown="See [no_such_key_2024].")
    (folders["data_folder"] / "sources.csv").write_text("source_id\nsipri_x\ncrs_y\n", encoding="utf-8")
    notebook = folders["notebooks_dir"] / "09_test.ipynb"
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    code = 'cite("sipri_milex_2099")\nx = "plain_words"  # [made_up_source]\n'
    nb["cells"].append(
        {
            "cell_type": "code",
            "id": "c1",
            "metadata": {},
            "source": code,
            "outputs": [],
            "execution_count": None,
        }
    )
    notebook.write_text(json.dumps(nb), encoding="utf-8")
    (folders["docs_dir"] / "mod.py").write_text('KEY = "crs_1999_made_up"\n', encoding="utf-8")
    mentioned = sq.mentions(
        data_folder=folders["data_folder"],
        notebooks_dir=folders["notebooks_dir"],
        package_dir=folders["docs_dir"],
    )
    cited = sq.citations(**folders)
    bad = {(v.source_id, v.where) for v in sq.check_resolves(cited=cited, mentioned=mentioned)}
    assert bad == {
        ("no_such_key_2024", "notebooks/09_test.ipynb, cell 1"),
        ("sipri_milex_2099", "notebooks/09_test.ipynb, cell 2"),
        ("made_up_source", "notebooks/09_test.ipynb, cell 2"),
        ("crs_1999_made_up", "course/mod.py"),
    }
