"""Every source folder ships in the wheel: a folder missing from pyproject breaks real installs
(an editable install, as in development, would hide it). The lock pins every dependency,
direct or not, inside pyproject's ranges."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

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


def _locked() -> dict[str, str]:
    """constraints.txt as name -> exact version."""
    pins: dict[str, str] = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, version = line.partition("==")
            assert version, f"constraints.txt: {line!r} is not an exact pin (name==version)"
            pins[canonicalize_name(name)] = version.strip()
    return pins


def _declared() -> list[Requirement]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    project = config["project"]
    listed = project["dependencies"] + project["optional-dependencies"]["test"]
    build = config["build-system"]["requires"]
    return [Requirement(text) for text in listed + build]


def test_the_lock_pins_every_declared_dependency_inside_its_range() -> None:
    pins = _locked()
    for requirement in _declared():
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{name} is not in constraints.txt: run 'make lock'"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"constraints.txt pins {name}=={pins[name]}, outside pyproject's {requirement}"
        )


def test_the_lock_pins_what_the_declared_dependencies_need_in_turn() -> None:
    pins = _locked()
    missing: set[str] = set()
    todo = [canonicalize_name(r.name) for r in _declared()]
    seen: set[str] = set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            requires = metadata.requires(name) or []
        except metadata.PackageNotFoundError:
            continue  # a build requirement, not installed here
        for text in requires:
            requirement = Requirement(text)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                needed = canonicalize_name(requirement.name)
                todo.append(needed)
                if needed not in pins:
                    missing.add(needed)
    assert not missing, f"not pinned in constraints.txt (run 'make lock'): {sorted(missing)}"


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
    stamp = venv / ".installed-demo"
    stamp.touch()
    changed = max((ROOT / name).stat().st_mtime for name in ("pyproject.toml", "constraints.txt"))
    os.utime(stamp, (changed + 60, changed + 60))
    commands = _demo_commands(venv)
    assert "pip install" not in commands and "steering demo" in commands
    os.utime(stamp, (changed - 60, changed - 60))
    assert "--no-build-isolation -e ." in _demo_commands(venv)
