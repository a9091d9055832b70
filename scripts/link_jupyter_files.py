"""Link the course's Voila templates and Jupyter configuration into this environment, for
an editable install (`make install`).

Why: a wheel (`pip install .`) installs them as data files into {prefix}/share/jupyter
and {prefix}/etc/jupyter, where Jupyter and Voila look. An editable install
(`pip install -e .`) leaves data files out, so in a checkout this script puts a symbolic
link to each file there instead, as `jupyter labextension develop` does for JupyterLab
extensions: an edited template is live at once, with no environment variable. The list of
files is the one in pyproject.toml ([tool.setuptools.data-files]), so the two installs
cannot drift apart. Run again after adding a file (make does, when share/ or etc/ change).

Usage: python scripts/link_jupyter_files.py [--check]
  --check  change nothing; exit 1 and say what is missing or stale.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def data_files() -> dict[Path, Path]:
    """{installed path: source file} for every data file pyproject.toml declares."""
    import tomllib

    table = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    wanted: dict[Path, Path] = {}
    for target, patterns in table["tool"]["setuptools"]["data-files"].items():
        for pattern in patterns:
            for source in sorted(REPO.glob(pattern)):
                if source.is_file():
                    wanted[Path(sys.prefix) / target / source.name] = source
    return wanted


def problems(wanted: dict[Path, Path]) -> list[str]:
    """What is not linked as it should be."""
    out = []
    for installed, source in wanted.items():
        if not installed.is_symlink() or installed.resolve() != source.resolve():
            out.append(f"{installed} is not a link to {source.relative_to(REPO)}")
    return out


def link(wanted: dict[Path, Path]) -> None:
    for installed, source in wanted.items():
        installed.parent.mkdir(parents=True, exist_ok=True)
        if installed.is_symlink() or installed.exists():
            installed.unlink()
        installed.symlink_to(source)
    # Links left from files since removed from the checkout.
    for folder in {p.parent for p in wanted}:
        for entry in folder.iterdir():
            if entry.is_symlink() and not entry.exists() and str(entry.readlink()).startswith(str(REPO)):
                entry.unlink()


def main(argv: list[str]) -> int:
    wanted = data_files()
    if argv == ["--check"]:
        found = problems(wanted)
        print("\n".join(found) or "every template and configuration file is linked")
        return 1 if found else 0
    link(wanted)
    print(f"linked {len(wanted)} files into {sys.prefix}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
