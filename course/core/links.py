"""Links to the course: Binder badges and nbgitpuller links, from one setting.

The course's repository path (`ORG/REPO` on GitHub) and branch are set here, once; the
README's Binder badges and the nbgitpuller links an instructor hands out on a JupyterHub
are generated from them (`python -m course.core.links`), and tests/test_binder.py checks that
the README carries exactly what this module generates. To publish a fork: change
REPOSITORY, run `python -m course.core.links --readme` and paste its lines into the README.
"""

from __future__ import annotations

import re
import sys
from urllib.parse import quote, urlencode

REPOSITORY = "ORG/REPO"  # GitHub owner/name of the course repository
BRANCH = "main"
START = "notebooks/00_start_here.ipynb"
BINDER = "https://mybinder.org"
BADGE = "https://mybinder.org/badge_logo.svg"

_REPO = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}")


def _check(repository: str, branch: str) -> None:
    if not _REPO.fullmatch(repository):
        raise ValueError(f"repository must be GitHub's OWNER/NAME, got {repository!r}")
    if not branch or any(c in branch for c in " ~^:?*[\\") or branch.startswith("-"):
        raise ValueError(f"not a git branch name: {branch!r}")


def binder_url(urlpath: str, repository: str = REPOSITORY, branch: str = BRANCH) -> str:
    """A mybinder.org launch link that opens `urlpath` (e.g. `lab/tree/...`, `voila/tree/...`)."""
    _check(repository, branch)
    return f"{BINDER}/v2/gh/{repository}/{quote(branch, safe='')}?{urlencode({'urlpath': urlpath})}"


def binder_badges(repository: str = REPOSITORY, branch: str = BRANCH) -> list[str]:
    """The README's two badges (Markdown): JupyterLab at the start page; Voila's landing page."""
    lab = binder_url(f"lab/tree/{START}", repository, branch)
    voila = binder_url("voila/tree/notebooks", repository, branch)
    return [f"[![Binder: JupyterLab]({BADGE})]({lab})", f"[![Binder: Voila]({BADGE})]({voila})"]


def nbgitpuller_link(
    hub: str,
    urlpath: str = f"lab/tree/course/{START}",
    repository_url: str | None = None,
    branch: str = BRANCH,
    target: str = "course",
) -> str:
    """A link that, on a JupyterHub with nbgitpuller, logs the student in, starts their
    server, pulls the course into ~/`target` (never overwriting their changes) and opens
    `urlpath`. `repository_url` defaults to the course's GitHub repository."""
    repo = repository_url or f"https://github.com/{REPOSITORY}"
    _check(REPOSITORY, branch)
    if not hub.startswith(("http://", "https://")):
        raise ValueError(f"the hub's address must start with http:// or https://, got {hub!r}")
    query = urlencode({"repo": repo, "branch": branch, "urlpath": urlpath, "targetpath": target})
    return f"{hub.rstrip('/')}/hub/user-redirect/git-pull?{query}"


def main(argv: list[str]) -> int:
    if argv == ["--readme"]:
        print("\n".join(binder_badges()))
        return 0
    if len(argv) == 1:
        print(nbgitpuller_link(argv[0]))
        return 0
    print("usage: python -m course.core.links --readme | HUB_URL", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
