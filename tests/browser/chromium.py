"""The one Chromium every browser check drives (the tests, scripts/benchmark.py and
scripts/load_test.py), started with one set of flags, so a timing and a test see the same
browser."""

from __future__ import annotations

import os

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Without the background-networking flags Chromium phones home at start-up.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-default-apps",
]

# Playwright's default is 30 s per click, fill or wait. A whole-suite run keeps the two cores
# busy (JupyterLab's layer, the hub) and a click on a long lesson page has been seen to need
# more; a check that fails should fail on what the page shows, not on a busy moment.
ACTION_TIMEOUT_MS = 60_000


def new_context(browser, **options):
    """A context of `browser` with the tests' action timeout (see ACTION_TIMEOUT_MS)."""
    context = browser.new_context(**options)
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    return context
