"""The settings of the standalone Voila that `course serve` and `course classroom` start.

They come with these commands only: nothing installed changes Voila's defaults for any
other notebook or server in the environment. The configuration is built here as a
traitlets `Config` and given to Voila when the command starts it; Voila's own
configuration files and command-line options still apply on top.

What the course's server does, and why:

* student view: the course template (also the landing page), model answers removed by the
  preprocessor in course/server/answers.py, tracebacks hidden;
* the instructor key and the lesson pages' `_xsrf` cookie, through the identity provider
  in course/server/instructor_key.py;
* preheated kernels: each lesson pre-run in a waiting kernel, so its page arrives rendered.
  `course serve` keeps one per lesson plus a seminar's worth (5) for the newest lesson;
  `course classroom` keeps one per student for the lesson of the day and none for the rest;
* culling: a kernel whose tab went without saying so is shut down after 20 idle minutes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from traitlets.config import Config

from course.server.answers import DOTTED_NAME as ANSWER_PREPROCESSOR

IDENTITY_PROVIDER = "course.server.instructor_key.InstructorKeyIdentityProvider"
LESSON_NAME = re.compile(r"\d\d_[a-z0-9_]+")
# A seminar: enough preheated kernels for a small group arriving together. Measured on
# a 2-core, 24 GiB machine (2026-12-07, `course serve` on the nine lessons): 13 kernels
# (5 for the newest lesson, 1 for each other) held 2222 MiB together, at most 184 MiB
# each, plus 124 MiB for the server.
SEMINAR = 5
# Seconds before a taken kernel is replaced. Refilling while students work slows their
# pages (scripts/load_test.py: p95 1.8 s instead of 77 ms for 30 students), so a class
# waits past its arrival (600 s); a seminar of 5 is refilled sooner.
SEMINAR_REFILL = 60
CLASS_REFILL = 600
CULL_IDLE_S = 1200


@dataclass(frozen=True)
class Pools:
    """Preheated kernels: `lesson` gets `size`, every other lesson `others`."""

    lesson: str | None
    size: int
    others: int
    refill_s: int


def lessons_in(folder: Path) -> list[str]:
    """The lessons of a folder (NN_name.ipynb), in order."""
    return sorted(p.stem for p in folder.glob("[0-9][0-9]_*.ipynb") if LESSON_NAME.fullmatch(p.stem))


def newest_lesson(folder: Path) -> str | None:
    """The highest-numbered lesson: the one a seminar is most likely working on."""
    found = lessons_in(folder)
    return found[-1] if found else None


def check_lesson(folder: Path, lesson: str) -> str:
    """The lesson's name, or a ValueError saying what is wrong (for the command's message)."""
    if not LESSON_NAME.fullmatch(lesson):
        raise ValueError(f"a lesson is named like 01_blocs (got {lesson!r})")
    if not (folder / f"{lesson}.ipynb").is_file():
        raise ValueError(f"no lesson {lesson}.ipynb in {folder} (lessons: {', '.join(lessons_in(folder))})")
    return lesson


def voila_config(pools: Pools | None, *, instructor_key_file: str = "") -> Config:
    """The Voila configuration of the course's standalone server (`pools=None`: no
    preheated kernels, every page starts its kernel on request)."""
    c = Config()
    c.VoilaConfiguration.template = "course"  # the landing page; lessons choose it by metadata
    c.VoilaConfiguration.show_tracebacks = False
    c.VoilaExporter.preprocessors = [ANSWER_PREPROCESSOR]
    c.Voila.identity_provider_class = IDENTITY_PROVIDER
    if instructor_key_file:
        c.InstructorKeyIdentityProvider.instructor_key_file = instructor_key_file
    c.VoilaConfiguration.preheat_kernel = pools is not None
    if pools is not None:
        c.VoilaConfiguration.default_pool_size = pools.others
        pool_config = {"default": {"pool_size": pools.others}}
        if pools.lesson:
            pool_config[f"{pools.lesson}.ipynb"] = {"pool_size": pools.size}
        c.VoilaKernelManager.kernel_pools_config = pool_config
        c.VoilaKernelManager.fill_delay = pools.refill_s
    c.MappingKernelManager.cull_idle_timeout = CULL_IDLE_S
    c.MappingKernelManager.cull_interval = 60
    return c
