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
    import course.runtime  # in Voila this demotes at once; here no Voila answers, so it
    time.sleep(0.5)        # gives up and restores: let that settle before the real test

    requested = threading.Event()
    def fake_wait(timeout_s=5.0):
        if {fail!r}:
            raise OSError("no Voila to ask")
        requested.wait()
    course.runtime.wait_for_request = fake_wait
    course.runtime.yield_cpu_until_requested()  # what importing `course` does in Voila
    time.sleep(0.2)
    before = os.sched_getscheduler(0)
    requested.set()
    time.sleep(0.3)
    print(before == os.SCHED_IDLE, os.sched_getscheduler(0) == os.SCHED_OTHER,
          course.runtime.can_return_from_idle())
""")


def _run(fail: bool, preheat: str, without_cap_sys_nice: bool = False) -> list[str]:
    """[demoted before the request, normal after it, allowed to leave SCHED_IDLE]"""
    env = dict(os.environ, VOILA_PREHEAT=preheat)
    # util-linux's setpriv drops the capability an ordinary user lacks (RLIMIT_NICE stays 0).
    prefix = ["setpriv", "--inh-caps=-sys_nice", "--bounding-set=-sys_nice"] if without_cap_sys_nice else []
    out = subprocess.run([*prefix, sys.executable, "-c", SCRIPT.format(fail=fail)], cwd=REPO,
                         env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return out.stdout.split()


def test_preheated_kernel_waits_at_idle_priority_then_runs_normally():
    demoted, normal_after, allowed = _run(fail=False, preheat="True")
    assert (demoted, normal_after) == (allowed, "True")  # demoted exactly when it can return


def test_without_voila_to_ask_the_kernel_goes_back_to_normal_at_once():
    assert _run(fail=True, preheat="True")[:2] == ["False", "True"]


def test_an_ordinary_user_is_never_left_at_idle_priority():
    """Without CAP_SYS_NICE and with RLIMIT_NICE 0 (an ordinary user's defaults), Linux
    refuses to leave SCHED_IDLE: the kernel must then not demote itself at all."""
    import resource

    if resource.getrlimit(resource.RLIMIT_NICE)[0] != 0:
        pytest.fail("this check assumes RLIMIT_NICE 0, the default for ordinary users")
    assert _run(fail=False, preheat="True", without_cap_sys_nice=True) == ["False", "True", "False"]


def test_the_request_reaches_the_kernel_environment():
    """Against a stand-in for Voila's /voila/query/<kernel id> websocket."""
    script = textwrap.dedent("""
        import asyncio, json, os, threading
        import websockets

        async def serve(ready):
            async def handler(socket):
                assert socket.request.path == "/voila/query/k-1"
                await socket.send(json.dumps({"QUERY_STRING": "template=instructor",
                                              "SERVER_SOFTWARE": "voila/0.5.13"}))
            async with websockets.serve(handler, "127.0.0.1", 0) as server:
                ready.append(server.sockets[0].getsockname()[1])
                await asyncio.sleep(5)

        ready = []
        threading.Thread(target=lambda: asyncio.run(serve(ready)), daemon=True).start()
        while not ready:
            pass
        os.environ.update(VOILA_APP_PORT=str(ready[0]), VOILA_KERNEL_ID="k-1", VOILA_SERVER_URL="/")
        from course.runtime import in_voila, wait_for_request
        wait_for_request()
        print(os.environ["QUERY_STRING"], in_voila())
    """)
    out = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True,
                         text=True, timeout=60, env={k: v for k, v in os.environ.items()
                                                     if k not in ("SERVER_SOFTWARE", "VOILA_PREHEAT")})
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["template=instructor", "True"]


def test_jupyterlab_kernels_are_left_alone():
    assert _run(fail=False, preheat="False")[:2] == ["False", "True"]
