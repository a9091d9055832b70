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


def yield_cpu_until_requested() -> bool:
    """In a preheated Voila kernel, render the lesson at idle priority until a student's
    request arrives; then run at normal priority. Returns whether it did so.

    Why: Voila refills its pool of preheated kernels while a class is using the server.
    Measured with scripts/load_test.py (30 students, 2 cores), the refills made the
    students' slider moves wait up to 19 s. Under Linux's SCHED_IDLE policy a refill only
    gets the CPU that nobody else wants, and an unprivileged thread may switch back
    (Linux >= 2.6.39). Only the thread running the notebook is demoted; the kernel's
    messaging threads, and the thread waiting for the request, keep normal priority.
    """
    if os.environ.get("VOILA_PREHEAT") != "True" or not hasattr(os, "SCHED_IDLE"):
        return False
    import threading

    try:
        from voila.utils import wait_for_request
    except ImportError:
        return False
    main = threading.get_native_id()

    def restore_when_requested() -> None:
        try:
            os.sched_setscheduler(0, os.SCHED_OTHER, os.sched_param(0))  # this thread first
            wait_for_request()  # also puts the request's details in os.environ
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
