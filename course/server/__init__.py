"""The course on a Jupyter or Voila server: what runs in the server process, never in a
kernel.

A Jupyter Server extension (enabled by the installed
`etc/jupyter/jupyter_server_config.d/course.json`) for JupyterLab's Voila preview, Binder
and JupyterHub, and the settings the `course serve` / `course classroom` commands give a
standalone Voila. Both act on the course's own notebooks only (those whose metadata names
the course's Voila template); any other notebook is served as if the course were not
installed.
"""

from __future__ import annotations


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    """Jupyter Server's entry point: where the extension's load function lives."""
    return [{"module": "course.server.extension"}]
