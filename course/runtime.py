"""Where this kernel runs: a Voila page or JupyterLab. Several behaviours depend on it
(saving work on the server or offering a download; how charts load Vega), so it is
decided in one place."""

from __future__ import annotations

import os


def in_voila() -> bool:
    """True in a Voila kernel: Voila sets SERVER_SOFTWARE=voila/x.y for a kernel started on
    request, and VOILA_PREHEAT=True for a preheated one (which starts before any request,
    so it has no SERVER_SOFTWARE)."""
    return (os.environ.get("SERVER_SOFTWARE", "").startswith("voila")
            or os.environ.get("VOILA_PREHEAT") == "True")


def wait_for_request(timeout_s: float = 5.0) -> None:
    """Block until Voila hands this preheated kernel to a request; put the request's
    details (QUERY_STRING, SERVER_SOFTWARE, ...) in os.environ.

    Voila's own `voila.utils.wait_for_request` does the same, but importing it pulls in
    Jupyter Server and nbconvert: +22 MiB in every lesson kernel (measured). This speaks the
    same small protocol: Voila's environment variables name its websocket
    `.../voila/query/<kernel id>`, which sends one JSON object when the page is requested.
    """
    import json

    from websockets.sync.client import connect  # a Voila dependency, ~1 MiB

    base = os.environ.get("VOILA_WS_BASE_URL", os.environ.get("VOILA_SERVER_URL", "/"))
    url = (f"{os.environ.get('VOILA_WS_PROTOCOL', 'ws')}://"
           f"{os.environ.get('VOILA_APP_IP', '127.0.0.1')}:{os.environ.get('VOILA_APP_PORT', '8866')}"
           f"{base}voila/query/{os.environ['VOILA_KERNEL_ID']}")
    with connect(url, open_timeout=timeout_s) as socket:
        info = json.loads(socket.recv())
    os.environ.update({str(k): str(v) for k, v in info.items()})


def can_return_from_idle() -> bool:
    """Whether a thread of this process may leave SCHED_IDLE again. Linux allows it only
    within RLIMIT_NICE (0 by default for ordinary users) or with CAP_SYS_NICE, so a Voila
    run by an ordinary user must not demote its kernels: they would stay at idle priority.
    Asked of a throwaway thread, which is the only reliable way to know."""
    if not hasattr(os, "SCHED_IDLE"):
        return False
    import threading

    answer: list[bool] = []

    def probe() -> None:
        try:
            os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
            os.sched_setscheduler(0, os.SCHED_OTHER, os.sched_param(0))
            answer.append(True)
        except OSError:
            answer.append(False)

    thread = threading.Thread(target=probe, name="course-priority-probe")
    thread.start()
    thread.join()
    return answer == [True]


def yield_cpu_until_requested() -> bool:
    """In a preheated Voila kernel, render the lesson at idle priority until a student's
    request arrives; then run at normal priority. Returns whether it did so.

    Why: Voila refills its pool of preheated kernels while a class is using the server.
    Under Linux's SCHED_IDLE policy a refill only gets the CPU that no student's kernel
    wants. Done only where the thread may switch back (see can_return_from_idle). Only the thread
    running the notebook is demoted; the kernel's messaging threads, and the thread
    waiting for the request, keep normal priority.
    """
    if os.environ.get("VOILA_PREHEAT") != "True" or not can_return_from_idle():
        return False
    import threading

    main = threading.get_native_id()

    def restore_when_requested() -> None:
        try:
            os.sched_setscheduler(0, os.SCHED_OTHER, os.sched_param(0))  # this thread first
            wait_for_request()
        except Exception:  # noqa: BLE001 - no Voila to ask: stop being polite, go on
            pass
        finally:
            try:
                os.sched_setscheduler(main, os.SCHED_OTHER, os.sched_param(0))
            except OSError:
                pass

    try:
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
    except OSError:
        return False
    # Started after demoting, so that restoring can never come first.
    threading.Thread(target=restore_when_requested, name="course-wait-for-request",
                     daemon=True).start()
    return True
