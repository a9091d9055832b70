"""The wheel, installed into a new environment outside the repository, serves every lesson
with `course serve` on a copied notebooks/ folder: drawn, offline, answers left out of the
student view, the instructor view working."""

from __future__ import annotations

import json
import re

import pytest

from tests.browser.chromium import new_context
from tests.browser.conftest import ARTIFACTS, PageLog
from tests.browser.lessons import CHART, min_charts, open_lesson
from tests.browser.test_security import _get
from tests.conftest import NOTEBOOKS

pytestmark = [pytest.mark.browser, pytest.mark.slow]
ANSWER = re.compile(r"<summary>\s*(Model answer|Answers?|Instructor)", re.I)
BUNDLE = "voila/templates/course/static/jupyterchart.js"


def test_the_build_makes_a_wheel_and_an_sdist_with_the_course_inside(dist):
    import tarfile
    import zipfile

    names = zipfile.ZipFile(dist["wheel"]).namelist()
    assert "course/tables/datapackage.json" in names and "course/tables/sources.csv" in names
    assert "course/content/maps/countries-110m.json" in names
    data = "course-0.1.0.data/data/"
    assert f"{data}share/jupyter/voila/templates/course/index.html.j2" in names
    installed_config = [n for n in names if n.startswith(f"{data}etc/")]
    assert installed_config == [f"{data}etc/jupyter/jupyter_server_config.d/course.json"]
    assert not [n for n in names if n.endswith("jupyterchart.js")], "a generated bundle in the wheel"
    sdist = tarfile.open(dist["sdist"]).getnames()
    assert any(n.endswith("/data/datapackage.json") for n in sdist)


def test_the_package_finds_its_files_from_anywhere(course_env, workdir):
    """Data, content and map shapes from the installed package, in a folder with nothing else."""
    from tests.packaging.fixtures import run, user_env

    elsewhere = workdir / "elsewhere"
    elsewhere.mkdir(exist_ok=True)
    out = run(
        [
            str(course_env / "python"),
            "-c",
            "from course.core import paths; from course.material import data, geo; "
            "print(paths.data_dir()); print(len(data.load('sco_membership'))); "
            "print(len(geo.world_topology()['objects'])); "
            "print(len(list(paths.CONTENT_DIR.glob('quiz_*.yaml'))))",
        ],
        cwd=elsewhere,
        env=user_env(workdir / "home-python"),
        timeout=120,
    )
    folder, rows, maps, banks = out.stdout.split()
    assert "site-packages/course/tables" in folder and int(rows) > 10
    assert int(maps) >= 1 and int(banks) >= 7


def _open(browser, base: str, stem: str, query: str = ""):
    context = new_context(browser, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.log = PageLog(page, base)
    try:
        open_lesson(page, base, stem, query=query, timeout_ms=240_000)
    except Exception:
        page.screenshot(path=str(ARTIFACTS / f"wheel-{stem}.png"), full_page=True)
        context.close()
        raise
    return page


def _has_answers(nb) -> bool:
    cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
    return any(
        ANSWER.search("".join(c["source"])) or "instructor" in c["metadata"].get("tags", []) for c in cells
    )


def _code(nb) -> list[str]:
    cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
    return [src for c in cells if c["cell_type"] == "code" and (src := "".join(c["source"]).strip())]


def test_some_lessons_have_answers_to_hide():
    assert [nb for nb in NOTEBOOKS if _has_answers(nb)], "no model answer: the checks below prove nothing"


# One student page per lesson in the browser, then one instructor page per lesson over HTTP,
# from the wheel: the browser layer on the checkout (tests/browser) does not render every
# lesson's two views again. (The instructor renders come after all the student pages: each
# starts a kernel of its own, and interleaved with the pages they starved the last lesson's
# charts on this 2-core machine.)
@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_lesson_is_drawn_offline_from_the_wheel_without_answers_or_code(browser, wheel_voila_url, nb):
    stem = nb.stem
    page = _open(browser, wheel_voila_url, stem)
    try:
        assert page.locator(CHART).count() >= min_charts(stem)
        assert page.locator("text=Traceback").count() == 0
        assert page.log.foreign() == [], "requests left the machine"
        assert page.log.errors == [], "JavaScript errors"
        student = page.content()
        assert not ANSWER.search(student), "a model answer in the student view"
        assert "Instructor view" not in student
        assert not [src for src in _code(nb) if src in student], "code in the student view"
        if min_charts(stem):  # the charts import the one bundle the course template serves
            assert [u for u in page.log.requests if u.endswith(BUNDLE)]
    finally:
        page.context.close()


@pytest.mark.parametrize("nb", [nb for nb in NOTEBOOKS if _has_answers(nb)], ids=lambda p: p.stem)
def test_the_instructor_view_of_every_lesson_shows_its_answers(wheel_voila_url, nb):
    status, teacher = _get(f"{wheel_voila_url}voila/render/{nb.name}?template=instructor")
    assert status == 200 and ANSWER.search(teacher) and "Instructor view" in teacher


def test_the_course_command_from_the_wheel(course_env, workdir):
    from tests.packaging.fixtures import run, user_env

    env = user_env(workdir / "home-command")
    out = run([str(course_env / "course"), "--help"], env=env, timeout=60).stdout
    for command in ("serve", "classroom", "gradebook", "bundle"):
        assert command in out
    out = run([str(course_env / "course"), "classroom", "--help"], env=env, timeout=60).stdout
    assert "--students" in out and "--refill" in out
    listed = run([str(course_env / "jupyter"), "server", "extension", "list"], env=env, timeout=120)
    assert re.search(r"course\.server\s+\S*enabled", listed.stdout + listed.stderr)
