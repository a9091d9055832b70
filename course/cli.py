"""The `course` command: everything a teacher does with the course, from an installed
wheel, with no checkout and no Makefile.

    course serve [FOLDER]                                   the lessons, for self-study or a seminar
    course classroom LESSON --students N --refill S [FOLDER] a class arriving at one lesson
    course gradebook FOLDER [--out OUT]                     re-mark students' exported work
    course bundle [--user]                                  build the charts' offline Vega bundle

`serve` and `classroom` start a standalone Voila with the course's settings
(course/server/standalone.py); those settings exist only in the server these commands
start. Any `--Class.trait=value` option after `--` goes to Voila unchanged.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

log = logging.getLogger("course")


def _folder(text: str) -> Path:
    folder = Path(text)
    if not folder.is_dir():
        raise argparse.ArgumentTypeError(f"{text} is not a folder")
    return folder


def _count(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"a whole number is needed (got {text!r})")
    return int(text)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="course",
        description="Serve, teach and mark the course's lessons (security blocs in Eurasia, "
        "the Camp David trilateral and the Triple Entente).",
    )
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def server_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--port", type=int, default=8866, help="port to serve on (default 8866)")
        p.add_argument("--no-browser", action="store_true", help="do not open a browser")
        p.add_argument(
            "--instructor-key-file",
            default="",
            help="a file holding the instructor key; the instructor view then needs it "
            "($COURSE_INSTRUCTOR_KEY also sets it)",
        )

    serve = sub.add_parser(
        "serve",
        help="serve the lessons in Voila (self-study, a seminar)",
        description="Serve every lesson of FOLDER in Voila with the course's settings: the "
        "student view, one preheated kernel per lesson and a seminar's worth (--group, "
        "default 5) for the newest lesson (or --lesson), refilled after --refill seconds. "
        "Each preheated kernel holds about 190 MiB.",
    )
    serve.add_argument("folder", nargs="?", type=_folder, default=Path("."), help="folder of lessons")
    serve.add_argument("--lesson", help="the lesson the group works on (default: the newest)")
    serve.add_argument("--group", type=_count, default=None, help="preheated kernels for that lesson (5)")
    serve.add_argument(
        "--refill", type=_count, default=None, help="seconds before a taken kernel is replaced (60)"
    )
    serve.add_argument("--no-preheat", action="store_true", help="start each page's kernel on request")
    server_options(serve)

    classroom = sub.add_parser(
        "classroom",
        help="serve one lesson to a class arriving together",
        description="One preheated kernel per student for LESSON, none for the other "
        "lessons; a taken kernel is replaced after --refill seconds (default 600: refilling "
        "while a class works slows its pages).",
    )
    classroom.add_argument("lesson", help="the lesson of the day, like 01_blocs")
    classroom.add_argument("folder", nargs="?", type=_folder, default=Path("."), help="folder of lessons")
    classroom.add_argument("--students", type=_count, default=30, help="students in the class (30)")
    classroom.add_argument("--refill", type=_count, default=None, help="seconds before refilling (600)")
    server_options(classroom)

    gradebook = sub.add_parser(
        "gradebook",
        help="re-mark a folder of students' exported work",
        description="Re-mark a folder of course-work exports (*.json) and summarise the class.",
    )
    gradebook.add_argument("folder", type=Path, help="folder holding the students' *.json exports")
    gradebook.add_argument(
        "--out",
        type=Path,
        default=None,
        help="where to write the gradebook (default: FOLDER-gradebook beside it)",
    )

    bundle = sub.add_parser(
        "bundle",
        help="build the charts' offline Vega bundle (an image or environment build step)",
        description="Build the Vega bundle the course's Voila pages serve, into the "
        "environment (default) or, with --user, the user's Jupyter data folder.",
    )
    bundle.add_argument("--user", action="store_true", help="into ~/.local/share/jupyter")
    return top


def pools_for(args: argparse.Namespace):
    """The preheated kernels a serving command asks for (None: no preheating)."""
    from course.server.standalone import (
        CLASS_REFILL,
        SEMINAR,
        SEMINAR_REFILL,
        Pools,
        check_lesson,
        newest_lesson,
    )

    if args.command == "classroom":
        lesson = check_lesson(args.folder, args.lesson)
        refill = CLASS_REFILL if args.refill is None else args.refill
        return Pools(lesson=lesson, size=args.students, others=0, refill_s=refill)
    if args.no_preheat:
        return None
    lesson = check_lesson(args.folder, args.lesson) if args.lesson else newest_lesson(args.folder)
    size = SEMINAR if args.group is None else args.group
    refill = SEMINAR_REFILL if args.refill is None else args.refill
    return Pools(lesson=lesson, size=size, others=1, refill_s=refill)


def voila_argv(args: argparse.Namespace) -> list[str]:
    argv = [str(args.folder), f"--port={args.port}", *args.voila_args]
    if args.no_browser:
        argv.append("--no-browser")
    return argv


def serve(args: argparse.Namespace) -> int:
    from voila.app import Voila

    from course.core.vega_bundle import ensure_served_bundle
    from course.server.standalone import voila_config

    try:
        pools = pools_for(args)
    except ValueError as problem:
        print(f"course {args.command}: {problem}", file=sys.stderr)
        return 2
    ensure_served_bundle(log)  # explicit, before serving; a no-op when the bundle is current
    config = voila_config(pools, instructor_key_file=args.instructor_key_file)
    Voila.launch_instance(argv=voila_argv(args), config=config)
    return 0


def gradebook(args: argparse.Namespace) -> int:
    from course.tools.gradebook import run

    out, problems = run(args.folder, args.out)
    for line in problems:
        print(line, file=sys.stderr)
    print(f"wrote {out / 'gradebook.csv'}, {out / 'answers.csv'} and {out / 'class-summary.html'}")
    return 0


def bundle(args: argparse.Namespace) -> int:
    from course.charts.offline import main as build

    return build(["--user" if args.user else "--sys-prefix"])


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    argv = list(sys.argv[1:] if argv is None else argv)
    # Everything after `--` goes to Voila as it is (e.g. `-- --Voila.ip=0.0.0.0`).
    ours, voila_args = (
        (argv[: argv.index("--")], argv[argv.index("--") + 1 :]) if "--" in argv else (argv, [])
    )
    args = parser().parse_args(ours)
    args.voila_args = voila_args
    return {"serve": serve, "classroom": serve, "gradebook": gradebook, "bundle": bundle}[args.command](args)


if __name__ == "__main__":
    raise SystemExit(main())
