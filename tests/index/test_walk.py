"""Which files the index holds: .gitignore, excludes, vendored trees, symlinks, size."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from steering_index.index.walk import IgnoreRules, scan_workspace, workspace_files
from tests.index.conftest import INDEXED
from tests.workspaces import write_tree


def test_only_the_teams_own_source_files_are_indexed(workspace: Path) -> None:
    assert sorted(workspace_files(workspace)) == INDEXED


def test_a_negated_pattern_in_a_nested_gitignore_brings_a_file_back(workspace: Path) -> None:
    write_tree(
        workspace,
        {
            "src/.gitignore": "*.py\n!keep_me.py\n",
            "src/keep_me.py": "VALUE = 1\n",
            "src/tooling.py": "VALUE = 2\n",
        },
    )
    found = set(workspace_files(workspace))
    assert "src/keep_me.py" in found
    assert "src/tooling.py" not in found
    # The nested file's patterns apply below src/ only.
    assert "tests/test_models.py" in found


def test_git_info_exclude_is_honoured(workspace: Path) -> None:
    write_tree(workspace, {".git/info/exclude": "scratch.py\n", "scratch.py": "x = 1\n"})
    assert "scratch.py" not in set(workspace_files(workspace))


def test_configured_excludes_use_gitignore_patterns(workspace: Path) -> None:
    found = set(workspace_files(workspace, excludes=["tests/", "web/*.js", "!web/app.js"]))
    assert found == {
        "src/inventory/__init__.py",
        "src/inventory/api.py",
        "src/inventory/models.py",
        "web/app.js",
    }


def test_a_virtualenv_with_an_unusual_name_is_skipped(workspace: Path) -> None:
    write_tree(
        workspace,
        {"py311/pyvenv.cfg": "home = /usr/bin\n", "py311/lib/requests/api.py": "def get(): ...\n"},
    )
    assert not any(p.startswith("py311/") for p in workspace_files(workspace))


def test_minified_bundles_are_skipped(workspace: Path) -> None:
    write_tree(workspace, {"web/vendor.min.js": "var a=1;"})
    assert "web/vendor.min.js" not in set(workspace_files(workspace))


def test_symlink_loops_and_links_outside_the_workspace_are_harmless(
    workspace: Path, tmp_path: Path
) -> None:
    (workspace / "src" / "loop").symlink_to(workspace / "src", target_is_directory=True)
    outside = tmp_path / "elsewhere.py"
    outside.write_text("SECRET = 'x'\n")
    (workspace / "src" / "leak.py").symlink_to(outside)
    (workspace / "src" / "alias.py").symlink_to(workspace / "src" / "inventory" / "api.py")
    (workspace / "src" / "dangling.py").symlink_to(workspace / "nowhere.py")

    found = set(workspace_files(workspace))
    assert not any(p.startswith("src/loop/") for p in found)
    assert "src/leak.py" not in found
    assert "src/dangling.py" not in found
    # The alias of an indexed file is left to that file, which is indexed once.
    assert "src/alias.py" not in found
    assert "src/inventory/api.py" in found


def test_a_link_to_a_file_indexed_nowhere_else_counts(workspace: Path) -> None:
    write_tree(
        workspace,
        {
            "templates/job.py.txt": "def run_job():\n    pass\n",
            "generated/.gitignore": "*\n",
            "generated/model.py": "class Model:\n    pass\n",
        },
    )
    (workspace / "src" / "job.py").symlink_to(workspace / "templates" / "job.py.txt")
    (workspace / "src" / "model.py").symlink_to(workspace / "generated" / "model.py")
    found = set(workspace_files(workspace))
    assert {"src/job.py", "src/model.py"} <= found
    assert "generated/model.py" not in found


def test_files_over_the_size_limit_are_left_out(workspace: Path) -> None:
    write_tree(workspace, {"src/big_table.py": "X = 1\n" * 50_000})
    assert "src/big_table.py" not in set(workspace_files(workspace, max_bytes=100_000))
    assert "src/big_table.py" in set(workspace_files(workspace, max_bytes=1_000_000))


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any folder")
def test_an_unreadable_folder_is_reported_and_the_walk_goes_on(workspace: Path) -> None:
    locked = workspace / "locked"
    locked.mkdir()
    (locked / "hidden.py").write_text("x = 1\n")
    os.chmod(locked, 0)
    problems: list[tuple[str, str]] = []
    try:
        found = {
            e.path for e in scan_workspace(workspace, on_problem=lambda *p: problems.append(p))
        }
    finally:
        os.chmod(locked, 0o755)
    assert "src/inventory/api.py" in found
    assert [path for path, _ in problems] == ["locked"]


def test_single_paths_are_judged_like_the_walk_judges_them(workspace: Path) -> None:
    rules = IgnoreRules(workspace)
    assert rules.excluded("web/node_modules/left-pad/index.js")
    assert rules.excluded("reports/weekly.py")
    assert rules.excluded("web/fixtures/sample.js")
    assert rules.excluded("src/inventory/schema.generated.py")
    assert not rules.excluded("src/inventory/models.py")
    assert not rules.excluded("nested/local_settings.py")  # "/local_settings.py" is anchored
