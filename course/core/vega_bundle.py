"""The offline Vega bundle that the course's Voila template serves, and where it lives.

Every chart needs Vega (~900 KB of JavaScript, built by vl-convert). In JupyterLab each
chart carries it inline. In Voila the course template serves it once per page, as
`voila/templates/course/static/jupyterchart.js`, and each chart imports that file
(course/charts/display.py). The file depends on the installed altair and vl-convert, so
it is generated, never part of the source tree or the wheel:

* at image or environment build time, into the environment
  (`course bundle`: `make install`, binder/postBuild, a JupyterHub image);
* otherwise when `course serve` starts (before serving), or in the background once a
  Jupyter server with the course's extension runs (course/server/extension.py), into
  the user's Jupyter data folder (~/.local/share/jupyter), which Voila also searches for
  template files. Never while configuration loads.

Its first line names the versions it was built from, so a kernel and a server can tell a
current bundle from a stale one without building anything. This module imports neither
altair nor vl-convert, nor anything of the course (the server imports it); building is
course/charts/offline.py, run in a subprocess.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import tempfile
from importlib.metadata import version
from pathlib import Path

# Relative to a Jupyter data folder; the URL is the same below the server's base URL.
SERVED = Path("voila", "templates", "course", "static", "jupyterchart.js")
STAMP_PREFIX = "// course: offline Vega bundle for "


def stamp() -> str:
    """The first line of a bundle built for the installed libraries."""
    return f"{STAMP_PREFIX}altair {version('altair')}, vl-convert-python {version('vl-convert-python')}"


def served_bundle() -> Path | None:
    """The file Voila serves at that URL: the first one in Jupyter's data path, as Voila's
    template static-file handler looks them up (None if there is none)."""
    from jupyter_core.paths import jupyter_path

    for root in jupyter_path():
        candidate = Path(root) / SERVED
        if candidate.is_file():
            return candidate
    return None


def served_bundle_is_current() -> bool:
    """Whether the served bundle was built for the libraries installed here."""
    path = served_bundle()
    if path is None:
        return False
    try:
        with path.open(encoding="utf-8") as handle:
            return handle.readline().rstrip("\n") == stamp()
    except OSError:
        return False


def write_atomically(path: Path, text: str) -> None:
    """Write a whole file or nothing: a reader never sees half a bundle."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(
        "w", dir=path.parent, delete=False, encoding="utf-8", suffix=".tmp"
    ) as tmp:
        tmp.write(text)
    os.chmod(tmp.name, 0o644)  # the Voila server may run as another user
    os.replace(tmp.name, path)


def ensure_served_bundle(log=None) -> Path | None:
    """Called by `course serve` before it starts Voila: make
    sure a current bundle is served, building it into the user's Jupyter data folder the
    first time (about 5 s, in a subprocess so the server never imports altair). Returns
    the served file, or None if it could not be written (charts then carry Vega inline:
    slower pages, still offline)."""
    if served_bundle_is_current():
        return served_bundle()
    done = subprocess.run(
        [sys.executable, "-m", "course.charts.offline", "--user"], capture_output=True, text=True, timeout=300
    )
    if done.returncode != 0 or not served_bundle_is_current():
        (log or logging.getLogger("course")).warning(
            "course: could not write the offline Vega bundle (%s); each chart will carry its own copy",
            (done.stderr or done.stdout).strip()[-300:],
        )
        return None
    return served_bundle()
