"""Every source folder ships in the wheel: a folder missing from pyproject breaks real installs
(an editable install, as in development, would hide it)."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_package_folder_is_listed_in_pyproject() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    data = config["tool"]["setuptools"]["package-data"]
    folders = {
        path.parent.relative_to(ROOT).as_posix().replace("/", ".")
        for top in ("server", "steering_index")
        for path in (ROOT / top).rglob("*")
        if path.is_file()
        and path.suffix in (".py", ".scm", ".toml")
        and "__pycache__" not in path.parts
    }
    assert folders - listed == set(), "add these packages to [tool.setuptools] packages"
    for package, patterns in data.items():
        folder = ROOT / package.replace(".", "/")
        assert any(next(folder.glob(p), None) for p in patterns), f"{package}: {patterns}"
