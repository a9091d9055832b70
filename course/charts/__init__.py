"""Pure chart builders: DataFrame (+ options) -> altair chart. No widgets, no I/O.

Importing this package registers the module's theme once, so every chart shares fonts,
sizes and the palette's neutral colours.
"""

from course.charts.base import accessible, register_theme

register_theme()

__all__ = ["accessible"]
