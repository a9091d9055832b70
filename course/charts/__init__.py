"""Pure chart builders: DataFrame (+ options) -> altair chart. No widgets, no I/O.

Importing this package changes nothing in Altair: the course's look travels with each
course chart (course.charts.base.styled), so other charts in the same kernel are untouched.
"""

from course.charts.base import accessible, styled

__all__ = ["accessible", "styled"]
