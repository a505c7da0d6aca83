"""Every source folder ships in the wheel: a folder missing from pyproject breaks real installs
(an editable install, as in development, would hide it)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

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


def _demo_commands(venv: Path) -> str:
    done = subprocess.run(
        ["make", "-n", "demo", f"VENV={venv}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_demo_reinstalls_only_when_pyproject_changed(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "python").symlink_to(sys.executable)
    stamp = venv / ".installed"
    stamp.touch()
    changed = (ROOT / "pyproject.toml").stat().st_mtime
    os.utime(stamp, (changed + 60, changed + 60))
    commands = _demo_commands(venv)
    assert "pip install" not in commands and "steering demo" in commands
    os.utime(stamp, (changed - 60, changed - 60))
    assert "pip install --quiet -e ." in _demo_commands(venv)
