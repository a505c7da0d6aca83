"""The conventions remembered in the index are keyed by the code that inferred them: every module
of the conventions package and the library table."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from steering_index.conventions import infer

PACKAGE = Path(infer.__file__).resolve().parent
LIBRARIES = PACKAGE.parent / "data" / "libraries.toml"


@pytest.fixture
def copy(tmp_path: Path) -> tuple[Path, Path]:
    package = tmp_path / "steering_index" / "conventions"
    shutil.copytree(PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    libraries = tmp_path / "steering_index" / "data" / "libraries.toml"
    libraries.parent.mkdir()
    shutil.copy(LIBRARIES, libraries)
    return package, libraries


def test_the_key_in_use_is_the_digest_of_the_conventions_package() -> None:
    assert infer._code_digest() == infer.code_digest(PACKAGE, LIBRARIES)


@pytest.mark.parametrize("module", sorted(p.name for p in PACKAGE.glob("*.py")))
def test_changing_any_conventions_module_changes_the_key(copy, module: str) -> None:
    package, libraries = copy
    before = infer.code_digest(package, libraries)
    with (package / module).open("a", encoding="utf-8") as f:
        f.write("\n# changed\n")
    assert infer.code_digest(package, libraries) != before


def test_a_new_module_or_a_new_library_table_changes_the_key(copy) -> None:
    package, libraries = copy
    before = infer.code_digest(package, libraries)
    (package / "spacing.py").write_text('"""A new convention."""\n')
    added = infer.code_digest(package, libraries)
    assert added != before
    libraries.write_text(libraries.read_text("utf-8") + "\n# changed\n", "utf-8")
    assert infer.code_digest(package, libraries) != added


def test_renaming_a_module_changes_the_key(copy) -> None:
    package, libraries = copy
    before = infer.code_digest(package, libraries)
    (package / "naming.py").rename(package / "names.py")
    assert infer.code_digest(package, libraries) != before
