"""The rules loaded near some folders (no walk of the workspace) are the whole load's there.

The language server starts from `load_rules(root, near=...)` so that an open file's rules
are known before the workspace is walked; for every file of every fixture workspace, the
rules that apply to it, and those it is a candidate for, must be the same as after the
whole load.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from steering_index.rules import load_rules
from steering_index.rules.workspace import SteeringFiles, walk_files
from tests.rules.conftest import EXAMPLE_SHOP, FIXTURES, applied, candidates

WORKSPACES = [*sorted(p for p in FIXTURES.iterdir() if p.is_dir()), EXAMPLE_SHOP]


@pytest.mark.parametrize("root", WORKSPACES, ids=lambda p: p.name)
def test_each_files_rules_near_its_folder_are_the_whole_loads(root: Path) -> None:
    whole = load_rules(root)
    assert whole.complete
    files = walk_files(root)
    compared = 0
    for path in files:
        folder = path.rpartition("/")[0]
        near = load_rules(root, near=[folder])
        assert not near.complete
        assert applied(near, path) == applied(whole, path), path
        assert candidates(near, path) == candidates(whole, path), path
        compared += 1
    assert compared == len(files) > 0


def test_near_lists_only_the_folders_above_and_the_formats_folders(tmp_path: Path) -> None:
    for rel in (
        "AGENTS.md",
        "src/app/AGENTS.md",
        "src/app/main.py",
        "src/other/AGENTS.md",
        "src/app/.cursor/rules/app.mdc",
        ".github/instructions/py.instructions.md",
        "docs/guide.md",
        "node_modules/pkg/AGENTS.md",
    ):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("# x\n\n- y\n", encoding="utf-8")

    ws = SteeringFiles.near(tmp_path, ["src/app"])

    assert ws.files == (
        ".github/instructions/py.instructions.md",
        "AGENTS.md",
        "src/app/.cursor/rules/app.mdc",
        "src/app/AGENTS.md",
        "src/app/main.py",
    )
    # A path it did not list (an aider `read:` entry, say) is asked of the disk, as the
    # whole walk would list it: skipped folders stay skipped.
    assert ws.exists("docs/guide.md") and not ws.exists("docs/missing.md")
    assert not ws.exists("node_modules/pkg/AGENTS.md") and not ws.exists("src")
