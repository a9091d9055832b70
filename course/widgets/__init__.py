"""One explorer per lesson: controls wired to course.model and course.charts, nothing more."""
