# The lessons' Voila settings (standalone `voila`: `make start`, `make classroom`).
import os
import re

# Student view by default: the course template leaves model answers and cells tagged
# "instructor" out of the page; `?template=instructor` is the instructor view. The
# template needs the `strip_answers` Jinja filter registered here.
c.VoilaExporter.filters = {"strip_answers": "course.instructor.strip_answers"}

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
    _notebook = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                             "notebooks", f"{_lesson}.ipynb")
    if not re.fullmatch(r"\d\d_[a-z_]+", _lesson) or not os.path.exists(_notebook) \
            or not _students.isdigit() or not _refill.isdigit():
        raise SystemExit(f"make classroom: LESSON must name a lesson, like 01_blocs, and STUDENTS "
                         f"and REFILL be whole numbers (got LESSON={_lesson!r}, "
                         f"STUDENTS={_students!r}, REFILL={_refill!r})")
    c.VoilaKernelManager.kernel_pools_config = {
        "default": {"pool_size": 0},
        f"{_lesson}.ipynb": {"pool_size": int(_students)},
    }
    c.VoilaKernelManager.fill_delay = int(_refill)

# Kernels left by closed tabs are shut down after 20 idle minutes (preheated ones are kept).
c.MappingKernelManager.cull_idle_timeout = 1200
c.MappingKernelManager.cull_interval = 60
