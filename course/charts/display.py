"""How a chart reaches the screen: offline, in JupyterLab and in Voila alike.

Altair's default renderer loads Vega from a CDN and goes blank without internet;
`JupyterChart.enable_offline()` embeds the Vega bundle (~900 KB, from vl-convert) in each
chart widget instead. Two costs follow, and this module removes both:

* building the bundle takes ~3 s per kernel: it is kept in a per-user cache file keyed by
  the library versions;
* every chart ships its own copy: inside Voila, where the course template serves the
  bundle as a static file from the same server (see course/core/vega_bundle.py for where that
  file comes from), each chart instead carries a two-line module that imports that one
  file, so the browser downloads and parses it once.
"""

from __future__ import annotations

import functools

import altair as alt

from course.charts.offline import offline_bundle
from course.charts.widget import Chart  # loads the bundle when drawing, not at creation
from course.core.runtime import in_voila
from course.core.vega_bundle import served_bundle_is_current

# No actions menu: it adds an unnamed <summary> (an axe violation) and export links.
EMBED_OPTIONS = {"actions": False, "renderer": "svg"}
# Resolved in the browser against the page's Voila base URL, so it works behind a proxy prefix.
VOILA_SHIM = """const base = (document.body && document.body.dataset.baseUrl) || "/voila/";
const mod = await import(new URL(base + "templates/course/static/jupyterchart.js", window.location.href).href);
export default mod.default;
"""


@functools.lru_cache(maxsize=1)
def chart_module() -> str:
    """The module the course's chart widgets load to draw, with no network (once per
    kernel): in Voila, with a bundle served for these library versions, the shared import;
    otherwise the offline bundle inline. Altair's own JupyterChart is left as it is, so a
    student's own chart in the same kernel behaves as Altair documents."""
    shared = in_voila() and served_bundle_is_current()
    return VOILA_SHIM if shared else offline_bundle()


def interactive(chart: alt.TopLevelMixin) -> alt.JupyterChart:
    """A live chart widget whose Vega params (e.g. `year`) Python can set for fast redraws."""
    return Chart(chart, bundle=chart_module(), embed_options=EMBED_OPTIONS)
