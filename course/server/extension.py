"""The course's Jupyter Server extension: JupyterLab's "Render with Voila" preview,
Binder's and JupyterHub's `/voila/render/...` pages.

Enabled by the file the wheel installs, `{prefix}/etc/jupyter/jupyter_server_config.d/
course.json` (`jupyter server extension list` shows it). It changes nothing for other
notebooks: it adds one nbconvert preprocessor to Voila's exporter in this server, which
removes model answers from the course's notebooks only (course/server/answers.py) and
returns every other notebook untouched; and it makes sure the charts' offline Vega bundle
is served, building it in the background (never while configuration loads, never
blocking the server) when the environment has no current one.

No instructor key here: whoever runs this server (a student's own JupyterLab or hub
server) already has the notebooks, answers included; `?template=instructor` shows them.
The key and the `_xsrf` fix belong to the standalone Voila that `course serve` starts
(course/server/standalone.py).
"""

from __future__ import annotations

import asyncio
import logging
import sys

from traitlets.config import LazyConfigValue

from course.core.vega_bundle import served_bundle_is_current
from course.server.answers import DOTTED_NAME

log = logging.getLogger("course")


def add_answer_filter(config) -> None:
    """Add the answer-removing preprocessor to Voila's exporter in this configuration,
    after any the administrator configured (kept)."""
    exporter = config.VoilaExporter
    current = exporter.get("preprocessors")
    if isinstance(current, LazyConfigValue):  # `c.VoilaExporter.preprocessors.append(...)`
        current.append(DOTTED_NAME)
        return
    current = list(current or [])
    if DOTTED_NAME not in current:
        exporter.preprocessors = [*current, DOTTED_NAME]


async def build_bundle_in_background(logger) -> None:
    """Build the offline Vega bundle into the user's Jupyter data folder, in a subprocess
    (about 5 s; the server keeps serving; charts carry Vega inline until it exists)."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "course.charts.offline",
        "--user",
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    out, _ = await proc.communicate()
    if proc.returncode != 0:
        logger.warning(
            "course: could not write the offline Vega bundle (%s); each chart will carry its own copy",
            out.decode(errors="replace").strip()[-300:],
        )
    else:
        logger.info("course: %s", out.decode(errors="replace").strip())


def _load_jupyter_server_extension(serverapp) -> None:
    """Jupyter Server calls this while it sets up (before its loop runs): configuration only."""
    add_answer_filter(serverapp.config)
    serverapp.log.info("course: model answers left out of the course's notebooks in Voila pages")


async def _start_jupyter_server_extension(serverapp) -> None:
    """Jupyter Server calls this once its loop runs: the bundle build starts as a task,
    so the server answers requests meanwhile."""
    if not served_bundle_is_current():
        task = asyncio.create_task(build_bundle_in_background(serverapp.log))
        serverapp.web_app.settings["course_bundle_task"] = task  # referenced until done
