"""Preheated kernels render at idle priority until a student's request arrives."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.skipif(not hasattr(os, "SCHED_IDLE"), reason="Linux scheduling policy")

SCRIPT = textwrap.dedent("""
    import os, threading, time
    import voila.utils

    requested = threading.Event()
    def fake_wait(url=None):
        if {fail!r}:
            raise OSError("no Voila to ask")
        requested.wait()
    voila.utils.wait_for_request = fake_wait

    import course  # a preheated kernel's first lesson cell imports the package
    time.sleep(0.2)
    before = os.sched_getscheduler(0)
    requested.set()
    time.sleep(0.3)
    print(before == os.SCHED_IDLE, os.sched_getscheduler(0) == os.SCHED_OTHER)
""")


def _run(fail: bool, preheat: str) -> str:
    env = dict(os.environ, VOILA_PREHEAT=preheat)
    out = subprocess.run([sys.executable, "-c", SCRIPT.format(fail=fail)], cwd=REPO, env=env,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return out.stdout.split()


def test_preheated_kernel_waits_at_idle_priority_then_runs_normally():
    assert _run(fail=False, preheat="True") == ["True", "True"]


def test_without_voila_to_ask_the_kernel_goes_back_to_normal_at_once():
    assert _run(fail=True, preheat="True") == ["False", "True"]


def test_jupyterlab_kernels_are_left_alone():
    assert _run(fail=False, preheat="False") == ["False", "True"]
