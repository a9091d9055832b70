"""A filter stated once gives the same rows in Vega (the chart) and in pandas (the table)."""

from __future__ import annotations

import altair as alt
import pandas as pd
import vl_convert as vlc
from hypothesis import given, settings
from hypothesis import strategies as st

from course.core import filters
from tests.conftest import walk_spec

LETTERS = ["a", "b", "c", "ALL"]
FILTER = filters.all_of(
    filters.OneOf("letter", "letters"),
    filters.Between("n", "lo", "hi"),
    filters.EqualsUnless("other", "pick", "ALL"),
)


def _in_vega(frame: pd.DataFrame, values: dict) -> list[str]:
    chart = (
        alt.Chart(frame)
        .transform_filter(FILTER.vega())
        .mark_point()
        .encode(x="n:Q", description="id:N")
        .add_params(*[alt.param(name=k, value=v) for k, v in values.items()])
    )
    scene = vlc.vegalite_to_scenegraph(chart.to_dict())
    return sorted(
        item["description"]
        for group in walk_spec(scene)
        if isinstance(group, dict) and group.get("marktype") == "symbol"
        for item in group["items"]
        if "description" in item
    )


@settings(max_examples=20, deadline=None)
@given(
    rows=st.lists(
        st.tuples(st.sampled_from(LETTERS[:3]), st.integers(0, 9), st.sampled_from(LETTERS[:3])),
        min_size=1,
        max_size=12,
    ),
    letters=st.lists(st.sampled_from(LETTERS[:3]), unique=True),
    bounds=st.tuples(st.integers(0, 9), st.integers(0, 9)),
    pick=st.sampled_from(LETTERS),
)
def test_vega_and_pandas_keep_the_same_rows(rows, letters, bounds, pick):
    frame = pd.DataFrame(rows, columns=["letter", "n", "other"]).assign(
        id=lambda f: [f"r{i}" for i in f.index]
    )
    values = {"letters": letters, "lo": min(bounds), "hi": max(bounds), "pick": pick}
    kept = frame[FILTER.mask(frame, values)]
    assert _in_vega(frame, values) == sorted(kept["id"])


def test_the_expression_reads_as_written():
    assert FILTER.vega() == (
        "indexof(letters, datum.letter) >= 0 && datum.n >= lo && datum.n <= hi"
        " && (pick == 'ALL' || datum.other == pick)"
    )
