"""Building the charts' offline Vega bundle (imports altair and vl-convert).

Two uses: a kernel's charts carry the bundle inline when no server serves it
(course/charts/display.py), and the course's servers serve it once per page from a Jupyter
data folder (course/core/vega_bundle.py says where; `course bundle` or
`python -m course.charts.offline --sys-prefix | --user` writes it there).
"""

from __future__ import annotations

import os
import sys
from importlib.metadata import version
from pathlib import Path

import altair as alt

from course.core.vega_bundle import SERVED, stamp, write_atomically


def _cache_file() -> Path:
    root = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "course"
    return root / f"jupyterchart-altair{version('altair')}-vlc{version('vl-convert-python')}.js"


def build_bundle() -> str:
    """Altair's JupyterChart module with Vega bundled in, built with public APIs only
    (altair's `load_js_src`, vl-convert's `javascript_bundle`), as
    `JupyterChart.enable_offline()` builds it, but without changing Altair's class."""
    import vl_convert as vlc
    from altair.jupyter.jupyter_chart import load_js_src

    lines = load_js_src().split("\n")
    # The module's own imports (from a CDN) go: vl-convert bundles what they named.
    while lines and (not lines[0].strip() or lines[0].startswith(("import", "//"))):
        lines.pop(0)
    vl_version = "_".join(alt.SCHEMA_VERSION.split(".")[:2])  # 'v6.4.1' -> 'v6_4'
    return vlc.javascript_bundle("\n".join(lines), vl_version=vl_version)


def offline_bundle() -> str:
    """The self-contained Vega + JupyterChart ES module, built once per library version."""
    cache = _cache_file()
    try:
        return cache.read_text(encoding="utf-8")
    except OSError:
        pass
    bundle = build_bundle()
    try:  # atomic: a kernel reading the cache never sees half a file
        write_atomically(cache, bundle)
    except OSError:
        pass  # a read-only home only costs the next kernel the 3 s again
    return bundle


def write_served_bundle(data_dir: Path) -> Path:
    """Build the bundle and write it below one Jupyter data folder."""
    target = data_dir / SERVED
    write_atomically(target, stamp() + "\n" + offline_bundle())
    return target


def main(argv: list[str]) -> int:
    from jupyter_core.paths import jupyter_data_dir

    if argv == ["--sys-prefix"]:
        folder = Path(sys.prefix) / "share" / "jupyter"
    elif argv == ["--user"]:
        folder = Path(jupyter_data_dir())
    else:
        print("usage: python -m course.charts.offline --sys-prefix | --user", file=sys.stderr)
        return 2
    print(f"wrote {write_served_bundle(folder)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
