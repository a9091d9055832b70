"""Binder: repo2docker reads binder/ and would build what we pin."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

import pytest

from course.core import links
from tests.conftest import REPO

R2D = Path(sys.executable).with_name("jupyter-repo2docker")


def test_repo2docker_picks_up_binder_folder():
    result = subprocess.run(
        [str(R2D), "--no-build", "--debug", "--no-run", str(REPO)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-2000:]
    assert "binder/requirements.txt" in log
    assert "binder/postBuild" in log
    assert "python3.11" in log or "python=3.11" in log or "PYTHON_VERSION=3.11" in log


def test_binder_requirements_are_pinned():
    lines = [
        line
        for line in (REPO / "binder/requirements.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert lines and all("==" in line for line in lines)


def test_binder_installs_the_package_as_a_user_would_and_sets_no_jupyter_paths():
    """postBuild installs the package non-editably (the templates and configuration come
    with it, as data files); start sets no JUPYTER_PATH / JUPYTER_CONFIG_PATH."""
    post = (REPO / "binder/postBuild").read_text()
    commands = [line for line in post.splitlines() if line.strip() and not line.startswith("#")]
    assert any(re.search(r"pip install (--no-deps )?\.$", line) for line in commands), commands
    assert not any(" -e " in line or "--editable" in line for line in commands)
    assert "course bundle" in commands
    for name in ("binder/start", "binder/postBuild", "Makefile", ".ci/run"):
        text = (REPO / name).read_text()
        assert not re.search(r"^\s*(export\s+)?JUPYTER_(CONFIG_)?PATH\b", text, re.M), name


# ----------------------------------------------------------------------------- links

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_the_readme_badges_are_the_generated_ones():
    for badge in links.binder_badges():
        assert badge in README, f"README lacks {badge} (run python -m course.core.links --readme)"


@pytest.mark.parametrize(
    "repository, branch",
    [("ORG/REPO", "main"), ("jupyter-edu/blocs.course", "autumn-2026"), ("a/b", "release/1.0")],
)
def test_binder_links_are_well_formed(repository, branch):
    for badge in links.binder_badges(repository, branch):
        image, target = re.fullmatch(r"\[!\[Binder: \w+\]\(([^)]+)\)\]\(([^)]+)\)", badge).groups()
        assert image == "https://mybinder.org/badge_logo.svg"
        url = urlparse(target)
        assert (url.scheme, url.netloc) == ("https", "mybinder.org")
        owner, name, ref = url.path.removeprefix("/v2/gh/").split("/", 2)
        assert f"{owner}/{name}" == repository and unquote(ref) == branch
        urlpath = parse_qs(url.query)["urlpath"][0]
        assert urlpath in ("lab/tree/notebooks/00_start_here.ipynb", "voila/tree/notebooks")
        if urlpath.startswith("lab/tree/"):
            assert (REPO / urlpath.removeprefix("lab/tree/")).exists()


def test_nbgitpuller_links_are_well_formed():
    link = links.nbgitpuller_link(
        "https://hub.example.edu/", urlpath="lab/tree/course/notebooks/01_blocs.ipynb"
    )
    url = urlparse(link)
    assert (url.scheme, url.netloc, url.path) == ("https", "hub.example.edu", "/hub/user-redirect/git-pull")
    query = {k: v[0] for k, v in parse_qs(url.query).items()}
    assert query == {
        "repo": f"https://github.com/{links.REPOSITORY}",
        "branch": links.BRANCH,
        "urlpath": "lab/tree/course/notebooks/01_blocs.ipynb",
        "targetpath": "course",
    }


@pytest.mark.parametrize(
    "repository, branch",
    [("ORG", "main"), ("ORG/REPO/extra", "main"), ("ORG/REPO", "a b"), ("ORG/REPO", ""), ("ORG/REPO", "-x")],
)
def test_bad_settings_are_refused_with_a_sentence(repository, branch):
    with pytest.raises(ValueError, match=r"repository must be|not a git branch"):
        links.binder_url("lab", repository, branch)


def test_a_hub_address_without_a_scheme_is_refused():
    with pytest.raises(ValueError, match="must start with http"):
        links.nbgitpuller_link("hub.example.edu")


def _names(lines) -> set[str]:
    return {re.split(r"[<>=!~;\[ ]", line.strip(), maxsplit=1)[0].lower().replace("_", "-") for line in lines}


def test_package_metadata_matches_the_pins_and_the_licence():
    """What a packager reads: every dependency pinned for Binder, the test extra the same
    tools as tests/requirements.txt, the licence file the one pyproject.toml names."""
    import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    pinned = [line for line in (REPO / "binder/requirements.txt").read_text().splitlines() if "==" in line]
    assert _names(project["dependencies"]) <= _names(pinned), _names(project["dependencies"]) - _names(pinned)
    tools = [line for line in (REPO / "tests/requirements.txt").read_text().splitlines() if "==" in line]
    assert _names(project["optional-dependencies"]["test"]) == _names(tools)
    assert project["license"] == "MIT" and project["license-files"] == ["LICENSE"]
    assert (REPO / "LICENSE").read_text().startswith("MIT License")
    altair = next(d for d in project["dependencies"] if d.startswith("altair"))
    assert ">=5.5" in altair  # alt.theme
