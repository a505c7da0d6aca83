"""Fixture workspaces for convention tests, extracted with the real extractor."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from steering_index.index.extract import extract
from steering_index.index.languages import language_for_path
from steering_index.model import FileExtract

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "conventions"


def extract_tree(root: Path) -> list[FileExtract]:
    """Every source file under `root`, extracted, in path order."""
    found = []
    for path in sorted(root.rglob("*")):
        language = language_for_path(path.name)
        if language is None or not path.is_file():
            continue
        rel = path.relative_to(root).as_posix()
        found.append(extract(rel, path.read_bytes(), language))
    return found


@pytest.fixture(scope="session")
def pyshop() -> list[FileExtract]:
    return extract_tree(FIXTURES / "pyshop")


@pytest.fixture(scope="session")
def tsshop() -> list[FileExtract]:
    return extract_tree(FIXTURES / "tsshop")


@pytest.fixture(scope="session")
def goshop() -> list[FileExtract]:
    return extract_tree(FIXTURES / "goshop")


@pytest.fixture
def workspace(tmp_path: Path):
    """Copy a fixture workspace into a fresh folder (with .git, so it is a root)."""

    def copy(name: str) -> Path:
        root = tmp_path / name
        shutil.copytree(FIXTURES / name, root)
        (root / ".git").mkdir()
        return root

    return copy
