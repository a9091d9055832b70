"""The module's one palette: every country, bloc and category keeps one colour in every chart.

Colours are the Okabe–Ito set (Okabe & Ito, "Color Universal Design", 2008), chosen because
readers with the common forms of colour-vision deficiency can tell them apart. Eight colours
cannot give forty entities unique hues, so each *family* below (the entities that can meet
in one chart) uses each colour at most once; tests check that.
Colour never carries meaning alone: charts pair it with a shape, dash, label or text.
"""

from __future__ import annotations

OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "grey": "#999999",
}
NEUTRAL = "#E8E8E8"  # land with no status: light enough to read as "nothing here"
_c = OKABE_ITO

FAMILIES: dict[str, dict[str, str]] = {
    # Present-day states, keyed by ISO 3166-1 alpha-3.
    "country": {
        "USA": _c["blue"],
        "JPN": _c["reddish_purple"],
        "KOR": _c["bluish_green"],
        "CHN": _c["vermillion"],
        "RUS": _c["orange"],
        "PRK": _c["black"],
        "IND": _c["sky_blue"],
        "IRN": _c["yellow"],
        "PAK": _c["grey"],
    },
    # The powers of 1892-1918.
    "power": {
        "GBR": _c["blue"],
        "FRA": _c["sky_blue"],
        "RUS": _c["orange"],
        "DEU": _c["black"],
        "JPN": _c["reddish_purple"],
        "AUT": _c["grey"],
    },
    # Blocs compared in the capability and analogy lessons.
    "bloc": {"trilateral": _c["blue"], "china_russia": _c["vermillion"], "entente": _c["sky_blue"]},
    # SCO status, darkest for the strongest tie.
    "sco_status": {
        "shanghai_five": _c["blue"],
        "member": _c["vermillion"],
        "observer": _c["sky_blue"],
        "dialogue_partner": _c["yellow"],
        "partner": _c["reddish_purple"],
    },
    # Whole coalitions on one clock (lesson 04): the two the analogy compares, and the other
    # cases it is tested against. Each also has its own dash pattern and end label.
    "coalition": {
        "entente": _c["orange"],
        "trilateral": _c["blue"],
        "nato": _c["bluish_green"],
        "ccs": _c["reddish_purple"],
        "seato": _c["black"],
    },
    # Coalition pairs on the institutionalisation ladder.
    "pair": {
        "UK-FR": _c["blue"],
        "UK-RU": _c["orange"],
        "FR-RU": _c["bluish_green"],
        "US-JP": _c["reddish_purple"],
        "US-KR": _c["sky_blue"],
        "JP-KR": _c["vermillion"],
        "ALL": _c["black"],
    },
    # A student's verdict on one dimension of an analogy (lesson 04).
    "verdict": {"fails": _c["vermillion"], "mixed": _c["grey"], "holds": _c["blue"]},
    "domain": {"military": _c["blue"], "diplomatic": _c["orange"], "economic_technology": _c["bluish_green"]},
    # The two theatres of a dual contingency, and the two directions of a sensitivity test (lesson 06).
    "theatre": {"taiwan": _c["sky_blue"], "korea": _c["bluish_green"]},
    "variation": {"low": _c["orange"], "high": _c["blue"]},
    # The criteria a policy package is scored on (lesson 07); the three capitals keep their
    # country colours.
    "policy_criterion": {
        "deterrence": _c["sky_blue"],
        "cost": _c["orange"],
        "accept_washington": _c["blue"],
        "accept_tokyo": _c["reddish_purple"],
        "accept_seoul": _c["bluish_green"],
        "escalation": _c["vermillion"],
    },
    "delivery": {
        "delivered": _c["bluish_green"],
        "partial": _c["yellow"],
        "not_delivered": _c["vermillion"],
        "unclear": _c["grey"],
    },
}

# Human labels for category codes shown in legends and tooltips.
LABELS: dict[str, str] = {
    "shanghai_five": "Shanghai Five",
    "member": "Member",
    "observer": "Observer",
    "dialogue_partner": "Dialogue partner",
    "partner": "Partner (2025 status)",
    "military": "Military",
    "diplomatic": "Diplomatic",
    "economic_technology": "Economic & technology",
    "delivered": "Delivered",
    "partial": "Partly delivered",
    "not_delivered": "Not delivered",
    "unclear": "Unclear",
}


def colour(family: str, key: str) -> str:
    """The colour of one entity; KeyError names the family so a typo is easy to find."""
    try:
        return FAMILIES[family][key]
    except KeyError:
        raise KeyError(f"no colour for {key!r} in palette family {family!r}") from None


def scale(family: str, keys: list[str] | None = None, labelled: bool = False) -> dict[str, list[str]]:
    """A colour scale pinned to the palette, so a category keeps its colour even when a
    filter removes the others: the `{"domain", "range"}` dict Altair takes for `scale=`
    (the palette, at the bottom of the layers, imports no chart library)."""
    keys = list(FAMILIES[family]) if keys is None else keys
    domain = [LABELS.get(k, k) for k in keys] if labelled else keys
    return {"domain": domain, "range": [colour(family, k) for k in keys]}
