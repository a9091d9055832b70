"""Waiting for a server the tests (and the benchmark) start: one loop for Voila, Jupyter
Server, JupyterLab and the hub, so each says the same thing when one does not come up."""

from __future__ import annotations

import subprocess
import time
import urllib.request
from pathlib import Path


def wait_for_http(proc: subprocess.Popen, url: str, log: Path | str, timeout_s: float = 180) -> None:
    """Return once `url` answers; stop the server and raise, naming its log, if it exits or
    stays silent for `timeout_s` seconds."""
    deadline = time.monotonic() + timeout_s
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited early (code {proc.returncode}); see {log}")
        try:
            urllib.request.urlopen(url, timeout=5)
            return
        except OSError as err:
            if time.monotonic() > deadline:
                proc.terminate()
                raise RuntimeError(f"no answer from {url} within {timeout_s:.0f} s; see {log}") from err
            time.sleep(0.3)
