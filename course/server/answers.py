"""Model answers never reach a student's page, whatever template renders it.

Voila lets a request choose the template (`?template=lab`, `reveal`, a path), and
JupyterLab's preview renders with any template too; so the answers are not removed by
the course template but before any template sees the notebook: :class:`RemoveAnswers` is
an nbconvert preprocessor that Voila's exporter runs on its copy of the notebook. It acts
on the course's notebooks only (metadata `voila.template == "course"`) and leaves every
other notebook exactly as it is. Only the `instructor` template keeps the answers, and a
request reaches that template only with the instructor key when the server has one
(course/server/instructor_key.py).

What is removed: every model-answer `<details>` block of a Markdown cell
(course.server.instructor.strip_answers) and every cell tagged ``instructor``.
"""

from __future__ import annotations

from nbconvert.preprocessors import Preprocessor

from course.server.instructor import strip_answers

COURSE_TEMPLATE = "course"
INSTRUCTOR_TEMPLATE = "instructor"
# How Voila's exporter names this preprocessor in its configuration.
DOTTED_NAME = "course.server.answers.RemoveAnswers"


def is_course_notebook(nb) -> bool:
    """Whether a notebook is one of the course's: its metadata chooses the course template."""
    return (nb.get("metadata", {}).get("voila") or {}).get("template") == COURSE_TEMPLATE


def student_copy(nb):
    """The notebook without model answers and instructor cells (changes `nb` in place)."""
    kept = []
    for cell in nb.cells:
        if INSTRUCTOR_TEMPLATE in cell.get("metadata", {}).get("tags", []):
            continue
        if cell.cell_type == "markdown":
            cell.source = strip_answers(cell.source)
        kept.append(cell)
    nb.cells = kept
    return nb


class RemoveAnswers(Preprocessor):
    """Voila's exporter runs this on its copy of every notebook it renders: a course
    notebook rendered with any template but the instructor view loses its answers."""

    def preprocess(self, nb, resources):
        # The course template shows cells only when this mark says the notebook came
        # through here (a server without the course's settings gets a notice instead).
        resources["course_answers_checked"] = True
        template = getattr(self.parent, "template_name", None)
        if is_course_notebook(nb) and template != INSTRUCTOR_TEMPLATE:
            self.log.debug("course: answers removed from a page rendered with %r", template)
            student_copy(nb)
        return nb, resources
