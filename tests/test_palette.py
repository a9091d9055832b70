"""The palette: colour-blind-safe colours, never reused within a family."""

import pytest

from course.core import palette


@pytest.mark.parametrize("family", list(palette.FAMILIES))
def test_family_colours_are_distinct_okabe_ito(family):
    colours = list(palette.FAMILIES[family].values())
    assert len(colours) == len(set(colours))
    assert set(colours) <= set(palette.OKABE_ITO.values())


def test_unknown_key_names_the_family():
    with pytest.raises(KeyError, match="sco_status"):
        palette.colour("sco_status", "ally")


def test_scale_keeps_colours_when_filtered():
    scale = palette.scale("delivery", ["partial"])
    assert scale["range"] == [palette.FAMILIES["delivery"]["partial"]]
