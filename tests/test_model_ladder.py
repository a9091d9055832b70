"""The ladder rules: highest rung so far, level 0 ends a tie, coalition rows bind every pair."""

import pandas as pd
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from course.charts import ladder as ladder_charts
from course.core import palette
from course.material import data
from course.model import ladder
from tests.conftest import walk_spec


def _events(rows):
    return pd.DataFrame(rows, columns=["date", "pair", "kind", "title", "level", "source_id"]).astype(
        {"level": "Int64"}
    )


TOY = _events(
    [
        ("1900", "A-B", "agreement", "settle", 1, "s1"),
        ("1901-06", "DE", "crisis", "Big crisis: detail", None, "s2"),
        ("1902-01-01", "A-B", "agreement", "talks", 3, "s3"),
        ("1903-01-01", "A-B", "agreement", "lesser step", 2, "s4"),
        ("1904-01-01", "ALL", "war", "all at war", 5, "s5"),
        ("1905-01-01", "ALL", "war", "one leaves", 0, "s6"),
        ("1905-01-01", "B-C", "war", "B-C lapses", 0, "s7"),
    ]
)


def test_scale_has_eight_named_rungs_and_command_only_at_the_top():
    scale = ladder.ladder()
    assert ladder.TOP == 7 and list(scale["level"]) == list(range(8))
    assert ladder.level_name(3) == "staff talks"
    assert ladder.level_name(6) == "standing combined body"
    assert ladder.level_name(ladder.TOP) == "joint command"
    # the combined body coordinates and leaves command with each government; only the top directs
    assert "keeps command of its own forces" in ladder.ladder()["definition"][6]
    assert "directs" in ladder.ladder()["definition"][ladder.TOP]
    assert scale["definition"].str.len().min() > 20 and scale["example"].str.len().min() > 10
    assert len(ladder.short_names()) == 8


@pytest.mark.parametrize(
    "break_it, message",
    [
        (
            lambda r: r[3].pop("definition"),
            r"ladder.yaml: item 3 \(staff talks\), field definition is missing",
        ),
        (
            lambda r: r[2].update(level="two"),
            r"ladder.yaml: item 2 \(consultation\), field level: 'two' is not of type",
        ),
        (lambda r: r.pop(), r"ladder.yaml: the whole file: the list of 7 item\(s\) is too short"),
        (lambda r: r.reverse(), r"ladder.yaml: levels must run 0..7 in order"),
    ],
)
def test_broken_ladder_file_names_file_item_and_field(tmp_path, break_it, message):
    raw = yaml.safe_load(ladder.LADDER_FILE.read_text(encoding="utf-8"))
    break_it(raw)
    path = tmp_path / "ladder.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        ladder.read_rungs(path)


def test_highest_rung_so_far_and_a_lower_step_does_not_pull_down():
    steps = ladder.steps(TOY, ["A-B"])
    assert ladder.level_on(steps, 1902.5) == 3
    assert ladder.level_on(steps, 1903.5) == 3  # the level-2 row is a step at a lower rung
    assert ladder.level_on(steps, 1899.0) == 0


def test_coalition_rows_bind_each_pair_and_level_zero_ends_a_tie():
    steps = ladder.steps(TOY, ["A-B", "B-C", "ALL"])
    by = {k: steps[steps["series"] == k] for k in ("A-B", "B-C", "ALL")}
    assert ladder.level_on(by["B-C"], 1904.5) == 5  # lifted by the ALL row
    assert ladder.level_on(by["A-B"], 1905.5) == 3  # ALL ended; A-B keeps its own level
    assert ladder.level_on(by["B-C"], 1905.5) == 0  # its own level-0 row ends it
    assert ladder.level_on(by["ALL"], 1905.5) == 0


@settings(max_examples=60, deadline=None)
@given(own=st.integers(min_value=0, max_value=7), common=st.integers(min_value=1, max_value=7))
def test_a_coalition_level_zero_row_ends_only_the_three_way_tie(own, common):
    """After an ALL row at level 0 a pair stands at its own rows' level, whatever the coalition had reached."""
    rows = [
        ("1904-01-01", "ALL", "war", "all at war", common, "s1"),
        ("1905-01-01", "ALL", "war", "one leaves", 0, "s2"),
    ]
    if own:
        rows.insert(0, ("1900-01-01", "A-B", "agreement", "own step", own, "s0"))
    steps = ladder.steps(_events(rows), ["A-B", "ALL"])
    pair, three = steps[steps["series"] == "A-B"], steps[steps["series"] == "ALL"]
    assert ladder.level_on(pair, 1904.5) == max(own, common)
    assert ladder.level_on(pair, 1905.5) == own
    assert ladder.level_on(three, 1905.5) == 0


def test_brest_litovsk_ends_all_three_but_not_uk_france():
    steps = ladder.steps(data.load("entente_events"), ladder.ENTENTE_PAIRS + ["ALL"])
    after = ladder.decimal_year(pd.Timestamp("1918-03-04"))
    levels = {k: ladder.level_on(steps[steps["series"] == k], after) for k in ladder.ENTENTE_PAIRS + ["ALL"]}
    assert levels == {"UK-FR": 6, "UK-RU": 0, "FR-RU": 0, "ALL": 0}


def test_same_day_rows_move_once_and_credit_the_pairs_own_row():
    steps = ladder.steps(TOY, ["B-C"])
    day = steps[steps["date"] == "1905-01-01"]
    assert list(day["level"]) == [0, 0]
    assert day.iloc[0]["title"] == "B-C lapses" and day.iloc[0]["change"] == -5


def test_standing_names_the_step_that_set_the_level():
    steps = ladder.steps(TOY, ["A-B"])
    row = ladder.standing(steps, ["A-B"], 1903.5).iloc[0]
    assert (row["level"], row["since"], row["step"], row["latest"]) == (
        3,
        "1902-01-01",
        "talks",
        "lesser step",
    )


def test_crisis_before_each_step_up():
    steps = ladder.steps(TOY, ["A-B"])
    links = ladder.preceding_crisis(steps, ladder.crises(TOY), within=2.0)
    talks = links[links["title"] == "talks"].iloc[0]
    assert talks["crisis"] == "Big crisis" and talks["gap"] == pytest.approx(0.6, abs=0.05)
    assert links[links["title"] == "settle"].iloc[0]["crisis"] == ""


def test_short_label():
    assert ladder.short_label("First Moroccan crisis: Kaiser lands") == "First Moroccan crisis"
    assert ladder.short_label("Agadir / Second Moroccan crisis: gunboat") == "Second Moroccan crisis"
    assert ladder.short_label("Algeciras Conference opens (closes 1906)") == "Algeciras Conference opens"


def test_line_starts_and_ends_at_the_window():
    steps = ladder.steps(TOY, ["A-B"])
    drawn = ladder.line(steps, ["A-B"], 1899.0, 1906.0)
    assert drawn["t"].iloc[0] == 1899.0 and drawn["t"].iloc[-1] == 1906.0
    assert drawn["level"].iloc[-1] == 3


def test_envelope_aligned_and_years_to_reach():
    steps = ladder.steps(TOY, ["A-B", "B-C"])
    weakest = ladder.envelope(steps, ["A-B", "B-C"], "min")
    assert ladder.level_on(weakest, 1904.5) == 5 and ladder.level_on(weakest, 1905.5) == 0
    strongest = ladder.envelope(steps, ["A-B", "B-C"], "max")
    assert ladder.level_on(strongest, 1905.5) == 3
    aligned = ladder.aligned(strongest, 1902.0, 1906.0)
    assert aligned["x"].iloc[0] == 0 and aligned["level"].iloc[0] == 3
    assert ladder.years_to_reach(aligned, 5) == pytest.approx(2.0, abs=0.01)
    assert ladder.years_to_reach(aligned, 6) is None


def test_real_entente_history():
    steps = ladder.steps(data.load("entente_events"), ladder.ENTENTE_PAIRS + ["ALL"])

    def at(key, t):
        return ladder.level_on(steps[steps["series"] == key], t)

    assert (at("UK-FR", 1913.0), at("UK-RU", 1913.0), at("FR-RU", 1913.0)) == (4, 1, 5)
    assert (at("UK-FR", 1915.0), at("UK-RU", 1915.0), at("FR-RU", 1915.0)) == (5, 5, 5)
    assert (at("UK-FR", 1918.9), at("UK-RU", 1918.9), at("FR-RU", 1918.9)) == (7, 0, 0)
    # the Supreme War Council is a standing combined body; Foch's strategic direction (Beauvais,
    # 3 April 1918) is the first joint command; Doullens (26 March) only coordinated
    assert at("UK-FR", ladder.decimal_year(pd.Timestamp("1917-11-08"))) == 6
    assert at("UK-FR", ladder.decimal_year(pd.Timestamp("1918-03-27"))) == 6
    assert at("UK-FR", ladder.decimal_year(pd.Timestamp("1918-04-03"))) == 7


def test_decimal_year():
    assert ladder.decimal_year(pd.Timestamp("1914-01-01")) == 1914.0
    assert 1914.58 < ladder.decimal_year(pd.Timestamp("1914-08-04")) < 1914.6


def test_ladder_chart_is_accessible_and_not_colour_alone():
    steps = ladder.steps(TOY, ["A-B", "B-C"])
    lines = ladder.line(steps, ["A-B", "B-C"], 1899, 1906).rename(columns={"series": "key", "t": "x"})
    crises = ladder.crises(TOY)
    chart = ladder_charts.ladder_chart(
        lines,
        look=ladder_charts.LineLook(
            ["A-B", "B-C"],
            {"A-B": "A–B", "B-C": "B–C"},
            {"A-B": palette.colour("pair", "UK-FR"), "B-C": palette.colour("pair", "UK-RU")},
        ),
        axes=ladder_charts.LadderAxes("Year", ladder.short_names(), x_domain=[1899, 1906]),
        title="Toy",
        description="A toy ladder.",
        crises=crises.assign(x=crises["t"])[["x", "label", "date", "title", "source_id"]],
    ).to_dict()
    assert chart["description"] == "A toy ladder." and chart["title"]["text"] == "Toy"
    encodings = [d["encoding"] for d in walk_spec(chart) if isinstance(d, dict) and "encoding" in d]
    assert any("strokeDash" in e and "color" in e for e in encodings)
    assert all("description" in e for e in encodings)
    titles = {e["x"].get("title") for e in encodings if "title" in e.get("x", {})}
    assert "Year" in titles
    assert any(e.get("y", {}).get("title") == f"Level of commitment (0–{ladder.TOP})" for e in encodings)
    assert not [d for d in walk_spec(chart) if isinstance(d, dict) and "url" in d]


def test_entente_crisis_list_holds_the_crises_historians_link_to_the_steps():
    """Lesson 03's test of 'crises drove each step' is only fair if the crises are there."""
    titles = " | ".join(ladder.crises(data.load("entente_events"))["title"])
    for crisis in (
        "war scare of 1887",
        "Reinsurance Treaty",
        "Liman von Sanders",
        "Caporetto",
        "spring offensive",
        "Fashoda",
        "Russo-Japanese War",
        "Dogger Bank",
        "Tangier",
        "Algeciras",
        "Bosnian",
        "Agadir",
        "Balkan Wars",
        "July Crisis",
    ):
        assert crisis in titles, crisis
