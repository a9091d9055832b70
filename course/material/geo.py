"""Map shapes shipped with the module (Natural Earth 1:110m via npm's world-atlas 2.0.2).

Shipping the TopoJSON means a map draws in a classroom with no internet.
"""

from __future__ import annotations

import functools
import json

from course.core.paths import CONTENT_DIR

WORLD_110M = CONTENT_DIR / "maps" / "countries-110m.json"


@functools.lru_cache(maxsize=1)
def world_topology() -> dict:
    """The world's countries as TopoJSON; feature ids are ISO 3166-1 numeric codes."""
    return json.loads(WORLD_110M.read_text(encoding="utf-8"))
