"""What every chart in the module has: a title, a text description, labelled axes, one theme."""

from __future__ import annotations

import altair as alt

THEME = "course"
FONT = "Helvetica, Arial, sans-serif"  # system fonts: nothing is fetched


def register_theme() -> None:
    """Register and enable the module theme (idempotent)."""

    @alt.theme.register(THEME, enable=True)
    def _theme() -> alt.theme.ThemeConfig:
        return {
            "config": {
                "font": FONT,
                "title": {
                    "fontSize": 16,
                    "anchor": "start",
                    "subtitleFontSize": 12,
                    "subtitleColor": "#444444",
                },
                "axis": {
                    "labelFontSize": 12,
                    "titleFontSize": 13,
                    "labelColor": "#222222",
                    "titleColor": "#222222",
                },
                "legend": {"labelFontSize": 12, "titleFontSize": 13, "symbolStrokeColor": "#222222"},
                "view": {"stroke": None},
                "background": "white",
            }
        }


def accessible(
    chart: alt.TopLevelMixin, title: str | dict, description: str, subtitle: str | list[str] | None = None
) -> alt.TopLevelMixin:
    """Give a chart its title and its screen-reader description in one place.

    Vega-Lite writes `description` as the SVG's aria-label, so a reader who cannot see
    the chart hears what it shows.
    """
    heading = alt.Title(title, subtitle=subtitle) if subtitle else alt.Title(title)
    return chart.properties(title=heading, description=description)
