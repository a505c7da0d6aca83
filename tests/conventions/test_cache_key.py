"""The conventions remembered in the index are keyed by the code that inferred them: every module
of the conventions package and the library table."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
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


_FACTS_DIGEST = """
import sys
from pathlib import Path
from steering_index.conventions.project import project_facts
root = Path(sys.argv[1])
files = [(p.relative_to(root).as_posix(), "python") for p in sorted(root.rglob("*.py"))]
print(project_facts(root, files).digest)
"""


def test_what_the_project_declares_has_the_same_digest_in_every_process(tmp_path: Path) -> None:
    """The remembered conventions are keyed on it: a digest that followed string hashing
    (sets in their repr order) made every new `steering` process infer them afresh."""
    root = tmp_path / "ws"
    (root / "packages" / "a").mkdir(parents=True)
    (root / "packages" / "a" / "pyproject.toml").write_text(
        "[project]\nname = 'a'\n[tool.pytest.ini_options]\n"
    )
    for folder in ("alpha", "beta", "gamma", "delta", "packages/a/src"):
        (root / folder).mkdir(parents=True, exist_ok=True)
        (root / folder / "code.py").write_text("x = 1\n")
    digests = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", _FACTS_DIGEST, str(root)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        digests.add(done.stdout.strip())
    assert len(digests) == 1
