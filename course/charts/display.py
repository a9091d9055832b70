"""How a chart reaches the screen: offline, in JupyterLab and in Voila alike.

Altair's default renderer loads Vega from a CDN and goes blank without internet;
`JupyterChart.enable_offline()` embeds the Vega bundle from vl-convert instead, so every
chart draws on a machine with no network. Building that bundle takes ~3 s, so the result
is kept in a per-user cache file keyed by the library versions, and reused by every kernel.
"""

from __future__ import annotations

import functools
import os
import tempfile
from importlib.metadata import version
from pathlib import Path

import altair as alt

# No actions menu: it adds an unnamed <summary> (an axe violation) and export links.
EMBED_OPTIONS = {"actions": False, "renderer": "svg"}


def _cache_file() -> Path:
    root = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "course"
    return root / f"jupyterchart-altair{version('altair')}-vlc{version('vl-convert-python')}.js"


@functools.lru_cache(maxsize=1)
def enable_offline() -> None:
    """Make every JupyterChart carry its own Vega bundle (once per kernel)."""
    cache = _cache_file()
    try:
        alt.JupyterChart._esm = cache.read_text(encoding="utf-8")
        alt.JupyterChart._is_offline = True
        return
    except OSError:
        pass
    alt.JupyterChart.enable_offline()
    try:  # atomic: a kernel reading the cache never sees half a file
        cache.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=cache.parent, delete=False,
                                         encoding="utf-8", suffix=".tmp") as tmp:
            tmp.write(alt.JupyterChart._esm)
        os.replace(tmp.name, cache)
    except OSError:
        pass  # a read-only home only costs the next kernel the 3 s again


def interactive(chart: alt.TopLevelMixin) -> alt.JupyterChart:
    """A live chart widget whose Vega params (e.g. `year`) Python can set for fast redraws."""
    enable_offline()
    return alt.JupyterChart(chart, embed_options=EMBED_OPTIONS)
