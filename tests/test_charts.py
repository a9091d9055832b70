"""Chart builders: accessible, palette-bound, and drawable with no network."""

import pytest

from course.charts import maps
from course.core import palette
from course.material import data
from course.material.geo import world_topology
from course.model import sco
from course.widgets import blocs
from tests.conftest import walk_spec


@pytest.fixture(scope="module")
def sco_map():
    long = sco.status_by_year(data.load("sco_membership"), data.as_of_year())
    return maps.sco_status_map(long, world_topology(), 2024).to_dict()


def test_map_has_title_description_and_no_url_data(sco_map):
    assert sco_map["title"]["text"] == {"expr": "'SCO status in ' + year"}
    assert "Map of Eurasia" in sco_map["description"]
    assert not [d for d in walk_spec(sco_map) if isinstance(d, dict) and "url" in d]


def test_map_colours_come_from_the_palette(sco_map):
    ranges = [
        d["scale"]["range"]
        for d in walk_spec(sco_map)
        if isinstance(d, dict)
        and d.get("field") == "status_label"
        and "scale" in d
        and isinstance(d["scale"]["range"][0], str)
    ]
    assert ranges and set(ranges[0]) <= set(palette.FAMILIES["sco_status"].values())


def test_map_status_carried_by_more_than_colour(sco_map):
    encodings = [d["encoding"] for d in walk_spec(sco_map) if isinstance(d, dict) and "encoding" in d]
    assert any("strokeDash" in e and "tooltip" in e for e in encodings)


def test_map_shapes_cover_the_members():
    ids = {g["id"] for g in world_topology()["objects"]["countries"]["geometries"] if "id" in g}
    members = data.load("sco_membership").query("status == 'member'")
    assert set(members["iso_numeric"]) <= ids


def test_timeline_axes_are_labelled():
    spec = blocs.alignment_explorer().chart.spec
    enc = [d["encoding"] for d in walk_spec(spec) if isinstance(d, dict) and "encoding" in d][0]
    assert enc["x"]["title"] == "Date"
    assert enc["y"]["title"]
    assert spec["description"]
    assert not [d for d in walk_spec(spec) if isinstance(d, dict) and "url" in d]


@pytest.mark.parametrize(
    "env, shared",
    [
        ({"SERVER_SOFTWARE": "voila/0.5.13"}, True),  # a kernel Voila started on request
        ({"VOILA_PREHEAT": "True"}, True),  # a preheated kernel: no SERVER_SOFTWARE
        ({}, False),  # JupyterLab: the bundle travels inline
    ],
)
def test_charts_load_vega_once_per_page_in_every_voila_kernel(monkeypatch, env, shared):
    import altair as alt

    from course.charts import display

    if not display.served_bundle_is_current():
        pytest.fail("the shared Vega bundle is missing: run `course bundle`")
    for name in ("SERVER_SOFTWARE", "VOILA_PREHEAT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    before = alt.JupyterChart._esm
    display.chart_module.cache_clear()
    try:
        widget = display.interactive(alt.Chart().mark_point())
        assert (widget._bundle == display.VOILA_SHIM) is shared
        assert len(widget._bundle) < 1000 if shared else len(widget._bundle) > 500_000
        assert alt.JupyterChart._esm is before  # Altair's own class is left as it is
    finally:
        display.chart_module.cache_clear()
