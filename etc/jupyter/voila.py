# The lessons' Voila settings, for standalone `voila` (make start, make classroom, or plain
# `voila notebooks/` anywhere). Installed with the package into {prefix}/etc/jupyter, where
# Voila reads its configuration, so no environment variable is needed.
import os
import re
import sys
from pathlib import Path

c = get_config()  # noqa: F821 (provided by traitlets when it loads this file)

# Student view by default: the course template leaves model answers and cells tagged
# "instructor" out of the page; `?template=instructor` is the instructor view. The
# template needs the `strip_answers` Jinja filter registered here.
c.VoilaConfiguration.template = "course"
c.VoilaConfiguration.show_tracebacks = False
c.VoilaExporter.filters = {"strip_answers": "course.instructor.strip_answers"}

# The instructor view needs the instructor's key when one is set ($COURSE_INSTRUCTOR_KEY,
# or c.InstructorKeyIdentityProvider.instructor_key_file); with none, as before.
# See course/instructor_key.py and docs/deployment.md.
c.Voila.identity_provider_class = "course.instructor_key.InstructorKeyIdentityProvider"

# Preheated kernels: Voila runs each lesson in a waiting kernel before anyone asks for it,
# so the page arrives already rendered. One per lesson (about 190 MiB each) after a used
# one is refilled; COURSE_PREHEAT=0 turns it off.
c.VoilaConfiguration.preheat_kernel = os.environ.get("COURSE_PREHEAT", "1") != "0"
c.VoilaConfiguration.default_pool_size = 1

# A class (`make classroom LESSON=01_blocs STUDENTS=33 REFILL=600`): one preheated kernel
# per student (plus a few spares) for the lesson of the day, none for the other lessons
# (they start on request). Voila refills the pool REFILL seconds after each kernel is taken.
# Measured with scripts/load_test.py on 2 cores (30 students): with the refill inside the
# measured 3 minutes, moving a control took p95 1.8 s (max 7 s) instead of 77 ms (max
# 0.5 s); so the default waits 10 minutes, past the class's arrival. The cost: a student
# beyond STUDENTS within those minutes waits for a refilled kernel.
_lesson = os.environ.get("COURSE_CLASSROOM_LESSON")
if _lesson:
    _students = os.environ.get("COURSE_CLASSROOM_STUDENTS", "30")
    _refill = os.environ.get("COURSE_CLASSROOM_REFILL", "600")
    # The folder Voila serves (its argument), wherever the notebooks were put.
    _folders = [Path(a) for a in sys.argv[1:] if not a.startswith("-") and Path(a).is_dir()]
    _folders += [Path.cwd(), Path.cwd() / "notebooks"]
    if (
        not re.fullmatch(r"\d\d_[a-z_]+", _lesson)
        or not any((f / f"{_lesson}.ipynb").is_file() for f in _folders)
        or not _students.isdigit()
        or not _refill.isdigit()
    ):
        raise SystemExit(
            f"make classroom: LESSON must name a lesson, like 01_blocs, and STUDENTS "
            f"and REFILL be whole numbers (got LESSON={_lesson!r}, "
            f"STUDENTS={_students!r}, REFILL={_refill!r})"
        )
    c.VoilaKernelManager.kernel_pools_config = {
        "default": {"pool_size": 0},
        f"{_lesson}.ipynb": {"pool_size": int(_students)},
    }
    c.VoilaKernelManager.fill_delay = int(_refill)

# A closed tab shuts its kernel down at once (Voila's page asks; the course's identity
# provider gives lesson pages the `_xsrf` cookie that request needs). Kernels whose tab
# went without asking (a crashed browser, a lost network) are shut down after 20 idle
# minutes; waiting preheated kernels are kept.
c.MappingKernelManager.cull_idle_timeout = 1200
c.MappingKernelManager.cull_interval = 60

# The charts' offline Vega bundle, served by the course template: built once, into the
# user's Jupyter data folder, if the environment has none (course/vega_bundle.py).
from course.vega_bundle import ensure_served_bundle  # noqa: E402

ensure_served_bundle()
