"""The scale benchmark's workspace builder, on a tiny local package (no download)."""

from __future__ import annotations

import subprocess
from pathlib import Path
from types import ModuleType

import pytest

from tests.bench.conftest import load_bench


@pytest.fixture(scope="module")
def scale_bench() -> ModuleType:
    return load_bench("scale_bench")


def _package(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def test_the_workspace_holds_n_indexed_files_in_distinct_copies_under_one_git_repo(
    tmp_path: Path, scale_bench: ModuleType
) -> None:
    py = _package(
        tmp_path / "py",
        {
            "pkg/__init__.py": "",
            "pkg/core.py": "def add(a, b):\n    return a + b\n",
            "pkg/util.py": "X = 1\n",
            "README.txt": "not indexed",
        },
    )
    js = _package(tmp_path / "js", {"index.js": "export const a = 1;\n", "b.ts": "let b = 2;\n"})
    root = tmp_path / "space"

    space = scale_bench.build_workspace(root, [("py", py, 2), ("js", js, 1)], 11)

    copied = [
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and ".git" not in p.parts and p.suffix in {".py", ".js", ".ts"}
    ]
    assert space.files == len(copied) == 11
    # Shared by weight: 8 Python files (two whole copies of three, then two), 3 JS/TS.
    assert space.per_source == {"py": 8, "js": 3}
    assert space.languages == {"python": 8, "typescript": 2, "javascript": 1}
    assert space.folders == ["py-0", "py-1", "py-2", "js-0", "js-1"]
    assert {c.split("/", 1)[0] for c in copied} == set(space.folders)
    assert not list(root.rglob("README.txt"))
    assert space.source_bytes == sum((root / c).stat().st_size for c in copied)
    # Steering files: a root AGENTS.md, a nested one in the first copy, a Cursor rule.
    assert (root / "AGENTS.md").is_file() and (root / "py-0" / "AGENTS.md").is_file()
    assert (root / ".cursor" / "rules" / "tests.mdc").is_file()
    # One repository, everything committed, no repository nested in a copy.
    assert [p.parent for p in root.rglob(".git")] == [root]
    status = subprocess.run(
        ["git", "status", "--porcelain"], cwd=root, capture_output=True, text=True, check=True
    )
    assert status.stdout == ""
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=root, capture_output=True, text=True, check=True
    ).stdout.split()
    assert set(copied) <= set(tracked)


def test_a_partial_copy_is_spread_over_the_package(tmp_path: Path, scale_bench: ModuleType) -> None:
    files = {f"{folder}/m{n}.py": "x = 1\n" for folder in "abcd" for n in range(3)}
    space = scale_bench.build_workspace(
        tmp_path / "space", [("p", _package(tmp_path / "p", files), 1)], 4
    )
    copied = sorted(p.parent.name for p in (tmp_path / "space" / "p-0").rglob("*.py"))
    assert copied == ["a", "b", "c", "d"] and space.folders == ["p-0"]


def test_a_source_with_no_indexed_file_is_left_out_and_none_at_all_is_said(
    tmp_path: Path, scale_bench: ModuleType
) -> None:
    docs = _package(tmp_path / "docs", {"README.md": "# docs\n"})
    with pytest.raises(SystemExit, match="no source holds a file"):
        scale_bench.build_workspace(tmp_path / "space", [("docs", docs, 1)], 5)


def test_only_files_the_index_reads_are_copied(tmp_path: Path, scale_bench: ModuleType) -> None:
    tree = _package(
        tmp_path / "npm",
        {"src/a.js": "a()\n", "dist/a.js": "a()\n", "a.min.js": "a()\n", "node_modules/x.js": ""},
    )
    space = scale_bench.build_workspace(tmp_path / "space", [("npm", tree, 1)], 3)
    copied = sorted(
        p.relative_to(tmp_path / "space").as_posix() for p in (tmp_path / "space").rglob("*.js")
    )
    assert copied == ["npm-0/src/a.js", "npm-1/src/a.js", "npm-2/src/a.js"]
    assert space.files == 3
