"""Standalone HTML pages the course writes for people (a student's work, the class summary),
drawn from Jinja2 templates in course/content/pages with autoescaping on: every value a
student or a file supplies is escaped by the template engine, not by hand at each place.
Markup the course itself built (an inline SVG chart) goes in unescaped only where a
template says so (`|safe`)."""

from __future__ import annotations

from functools import cache
from typing import Any

import jinja2

__all__ = ["render"]


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("course", "content/pages"),
        autoescape=True,  # every template here is HTML
        undefined=jinja2.StrictUndefined,  # a misspelt name fails, never renders as blank
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(template: str, **context: Any) -> str:
    """The page `template` (a file in course/content/pages) filled with `context`."""
    return _environment().get_template(template).render(**context)
