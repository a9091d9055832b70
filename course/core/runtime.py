"""Where this kernel runs: a Voila page or JupyterLab. Several behaviours depend on it
(saving work on the server or offering a download; how charts load Vega), so it is
decided in one place. Nothing here runs on import: Voila-only behaviour is switched on
explicitly, by :func:`prepare_voila_kernel`, from a lesson's first cell."""

from __future__ import annotations

import os
import sys


def in_voila() -> bool:
    """True in a Voila kernel: Voila sets SERVER_SOFTWARE=voila/x.y for a kernel started on
    request, and VOILA_PREHEAT=True for a preheated one (which starts before any request,
    so it has no SERVER_SOFTWARE)."""
    return (
        os.environ.get("SERVER_SOFTWARE", "").startswith("voila") or os.environ.get("VOILA_PREHEAT") == "True"
    )


def prepare_voila_kernel() -> bool:
    """In a Voila kernel, before altair is imported: spare it an unused 1 s. Returns
    whether it did anything.

    Why: importing altair imports jsonschema, which imports `rfc3987_syntax` (installed
    with Jupyter Server's jsonschema extras) and builds a Lark grammar at import time, only
    to check the "iri" string format, which no Vega-Lite or data schema here uses.
    Measured on this 2-core machine (2026-12-02, 3 runs each): `import altair` 1.21-1.44 s
    with it, 0.34-0.35 s with it marked absent. A lesson page waits for that import, so it
    is done in Voila kernels, where a visitor waits for the page; a JupyterLab kernel (where
    a student may use jsonschema for anything) is left as it is. Called by the lesson's
    first cell (`lesson.nav`, `lesson.course_map`), never on import.
    """
    if not in_voila() or "jsonschema" in sys.modules:
        return False
    sys.modules.setdefault("rfc3987_syntax", None)
    return True
