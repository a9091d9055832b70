"""Lesson 03 explorer, driven by setting controls as a student would."""

from course.widgets import entente


def test_slider_moves_the_rule_and_the_table():
    explorer = entente.ladder_explorer(year=1912)
    levels = dict(zip(explorer.standing()["series"], explorer.standing()["level"], strict=False))
    assert levels == {"UK-FR": 4, "UK-RU": 1, "FR-RU": 5, "ALL": 1}
    assert "Grey-Cambon letters" in explorer.happened.value
    explorer.slider.value = 1918
    assert explorer.chart.params.year == 1918
    levels = dict(zip(explorer.standing()["series"], explorer.standing()["level"], strict=False))
    assert levels == {"UK-FR": 7, "UK-RU": 0, "FR-RU": 0, "ALL": 0}
    assert "joint command" in explorer.table.value
    explorer.slider.value = 1917
    assert "standing combined body" in explorer.table.value and "Supreme War Council" in explorer.table.value


def test_text_form_and_clamping():
    explorer = entente.ladder_explorer(year=1905)
    assert explorer.describe().startswith("At the end of 1905: UK–France at level 1")
    assert repr(explorer) == explorer.describe()
    assert entente.ladder_explorer(year=1700).year == entente.FIRST_YEAR == 1887


def test_a_quiet_year_gives_a_sentence():
    explorer = entente.ladder_explorer(year=1899)
    assert "Nothing in the events table happened in 1899" in explorer.happened.value


def test_crisis_links_toggle():
    explorer = entente.ladder_explorer()
    assert explorer.link_table.value == ""
    explorer.show_links.value = True
    assert "Second Moroccan crisis" in explorer.link_table.value
    ups = int((explorer.steps["change"] > 0).sum())
    assert f"of {ups} steps up came within two years of a crisis" in explorer.describe()


def test_crisis_window_is_the_students_choice():
    explorer = entente.ladder_explorer()
    explorer.show_links.value = True
    matched = []
    for years, words in entente.WINDOWS.items():
        explorer.window.value = years
        links = explorer.crisis_links()
        assert (links["gap"].dropna() <= years).all()
        assert f"came within {words} of a crisis" in explorer.describe()
        assert f"Crisis in the {words} before" in explorer.link_table.value
        matched.append(int((links["crisis"] != "").sum()))
    assert matched == sorted(matched)  # a wider window can only find more matches
    assert matched[0] < matched[-1]


def test_scale_table():
    scale = entente.ladder_scale()
    assert "staff talks" in repr(scale) and "<caption>" in scale._repr_html_()


def test_rapallo_is_the_worked_example_of_a_date_match():
    """The link table names only the latest crisis: Rapallo gets the same-day coup, while
    Caporetto, the crisis the sources tie to it, shows in 1917's events (issue 19)."""
    explorer = entente.ladder_explorer(year=1917)
    assert "Caporetto" in explorer.happened.value and "Supreme War Council" in explorer.happened.value
    explorer.show_links.value = True
    explorer.window.value = 1.0
    links = explorer.crisis_links().set_index("title")
    council = links.loc["Supreme War Council created at Rapallo (with Italy)"]
    assert (council["crisis"], council["crisis_date"], council["level"]) == (
        "Bolshevik seizure of power",
        "1917-11-07",
        6,
    )
    beauvais = links.loc["Beauvais: Foch given strategic direction of military operations"]
    assert beauvais["crisis"] == "German spring offensive" and beauvais["level"] == 7
    assert (
        "Doullens: Foch charged with co-ordinating the Allied armies on the Western Front" not in links.index
    )
