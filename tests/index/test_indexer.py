"""Building and updating the index: change detection, skips, buffers, renames, cancel, resume."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from steering_index.index.extract import extract
from steering_index.index.indexer import WORKER_NICENESS, worker_pool
from tests.index.conftest import INDEXED, MODELS, age_files, fresh_snapshot, open_indexer, snapshot
from tests.workspaces import write_tree


def test_a_cold_build_indexes_the_workspace_and_says_what_it_did(
    workspace: Path, db_path: Path
) -> None:
    indexer = open_indexer(workspace, db_path)
    summary = indexer.build()
    assert (summary.scanned, summary.added, summary.updated, summary.removed) == (6, 6, 0, 0)
    assert [row.path for row in indexer.store.files()] == INDEXED
    data = (workspace / "src/inventory/models.py").read_bytes()
    expected = extract("src/inventory/models.py", data, "python")
    assert indexer.store.extract_for("src/inventory/models.py") == expected


def test_unreadable_kinds_of_file_are_skipped_with_their_reason(
    workspace: Path, db_path: Path
) -> None:
    write_tree(
        workspace,
        {
            "src/inventory/logo.py": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            "src/inventory/legacy.py": "# caf\xe9\n".encode("latin-1"),
            "src/inventory/fixtures.py": "ROWS = [\n" + "    (1, 2, 3),\n" * 20_000 + "]\n",
        },
    )
    indexer = open_indexer(workspace, db_path, max_file_bytes=100_000)
    summary = indexer.build()
    assert dict(summary.skipped) == {"binary": 1, "invalid-utf8": 1, "too-large": 1}
    problems = dict(summary.problems)
    assert "line 1" in problems["src/inventory/legacy.py"]
    assert "src/inventory/logo.py" not in {row.path for row in indexer.store.files()}
    # Skipped files are remembered: the next start neither reads nor counts them again.
    again = indexer.build()
    assert dict(again.skipped) == dict(summary.skipped)
    assert (again.added, again.updated) == (0, 0)


def test_a_start_with_nothing_changed_reads_nothing(workspace: Path, db_path: Path) -> None:
    open_indexer(workspace, db_path).build()
    # Same size, same mtime, other content: only a read could notice, and none happens.
    models = workspace / "src/inventory/models.py"
    before = models.stat()
    models.write_text(MODELS.replace("receive", "recieve"))
    os.utime(models, ns=(before.st_atime_ns, before.st_mtime_ns))

    indexer = open_indexer(workspace, db_path)
    summary = indexer.build()
    assert (summary.unchanged, summary.added, summary.updated) == (6, 0, 0)
    assert indexer.store.find_definitions("receive")


def test_a_touched_but_identical_file_is_not_extracted_again(
    workspace: Path, db_path: Path
) -> None:
    indexer = open_indexer(workspace, db_path)
    indexer.build()
    os.utime(workspace / "src/inventory/api.py")
    summary = indexer.build()
    assert (summary.updated, summary.unchanged) == (0, 6)


def test_two_quick_writes_of_the_same_size_are_both_seen(workspace: Path, db_path: Path) -> None:
    target = workspace / "src/inventory/flags.py"
    target.write_text("ENABLED = 'yes'\n")
    indexer = open_indexer(workspace, db_path)
    indexer.build()
    target.write_text("DISABLED = 'y'\n")  # same length; the mtime may not have moved
    stat = target.stat()
    os.utime(target, ns=(stat.st_atime_ns, indexer.store.file("src/inventory/flags.py").mtime_ns))
    summary = indexer.build()
    assert summary.updated == 1
    assert [s.name for s in indexer.store.symbols_in("src/inventory/flags.py")] == ["DISABLED"]


def test_edits_creations_and_deletions_reach_the_index(workspace: Path, db_path: Path) -> None:
    indexer = open_indexer(workspace, db_path)
    indexer.build()
    (workspace / "web/client.js").unlink()
    write_tree(
        workspace,
        {
            "src/inventory/api.py": "def stock_level_handler(warehouse, body):\n    return ''\n",
            "src/inventory/orders.py": "def place_order(sku):\n    return sku\n",
        },
    )
    summary = indexer.apply_changes(
        ["web/client.js", "src/inventory/api.py", str(workspace / "src/inventory/orders.py")]
    )
    assert (summary.added, summary.updated, summary.removed) == (1, 1, 1)
    assert indexer.store.find_definitions("parse_stock_request") == []
    assert indexer.store.find_definitions("place_order")
    assert indexer.store.file("web/client.js") is None
    assert snapshot(indexer.store) == fresh_snapshot(workspace, db_path.with_name("fresh.db"))


def test_a_deleted_or_moved_folder_is_handled_as_a_whole(workspace: Path, db_path: Path) -> None:
    indexer = open_indexer(workspace, db_path)
    indexer.build()
    (workspace / "web").rename(workspace / "frontend")
    summary = indexer.apply_changes(["web", "frontend"])
    assert (summary.added, summary.removed) == (2, 2)
    paths = {row.path for row in indexer.store.files()}
    assert {"frontend/app.js", "frontend/client.js"} <= paths
    assert not any(p.startswith("web/") for p in paths)


def test_a_gitignore_change_rescans_the_workspace(workspace: Path, db_path: Path) -> None:
    indexer = open_indexer(workspace, db_path)
    indexer.build()
    with (workspace / ".gitignore").open("a") as gitignore:
        gitignore.write("tests/\n")
    summary = indexer.apply_changes([".gitignore"])
    assert summary.removed == 1
    assert indexer.store.file("tests/test_models.py") is None


def test_paths_outside_or_excluded_are_ignored(workspace: Path, db_path: Path) -> None:
    indexer = open_indexer(workspace, db_path)
    indexer.build()
    summary = indexer.apply_changes(["../elsewhere.py", "/etc/passwd", "web/node_modules/x.js"])
    assert (summary.added, summary.updated, summary.removed) == (0, 0, 0)
    assert indexer.update_file("web/node_modules/left-pad/index.js", "var x;") is None
    assert indexer.update_file("README.md", "# hi") is None


def test_a_new_alias_of_an_indexed_file_is_not_indexed_twice(
    workspace: Path, db_path: Path
) -> None:
    indexer = open_indexer(workspace, db_path)
    indexer.build()
    (workspace / "src" / "alias.py").symlink_to(workspace / "src" / "inventory" / "api.py")
    (workspace / "src" / "elsewhere.py").symlink_to(workspace / "README.md")
    summary = indexer.apply_changes(["src/alias.py", "src/elsewhere.py"])
    assert (summary.added, summary.updated, summary.removed) == (1, 0, 0)
    assert indexer.store.file("src/alias.py") is None
    assert indexer.store.file("src/elsewhere.py") is not None
    assert snapshot(indexer.store) == fresh_snapshot(workspace, db_path.with_name("fresh.db"))


def test_a_rename_keeps_the_entry_without_extracting_again(workspace: Path, db_path: Path) -> None:
    indexer = open_indexer(workspace, db_path)
    indexer.build()
    (workspace / "src/inventory/api.py").rename(workspace / "src/inventory/handlers.py")
    indexer.rename_file("src/inventory/api.py", "src/inventory/handlers.py")
    assert indexer.store.file("src/inventory/api.py") is None
    [(path, _)] = indexer.store.find_definitions("parse_stock_request")
    assert path == "src/inventory/handlers.py"
    summary = indexer.build()
    assert (summary.added, summary.updated, summary.removed) == (0, 0, 0)


def test_a_rename_to_another_language_extracts_afresh(workspace: Path, db_path: Path) -> None:
    indexer = open_indexer(workspace, db_path)
    indexer.build()
    (workspace / "web/client.js").rename(workspace / "web/client.ts")
    indexer.rename_file("web/client.js", "web/client.ts")
    row = indexer.store.file("web/client.ts")
    assert row is not None and row.language == "typescript"
    assert indexer.store.file("web/client.js") is None


def test_an_open_buffer_is_the_truth_until_it_is_closed(workspace: Path, db_path: Path) -> None:
    indexer = open_indexer(workspace, db_path)
    indexer.build()
    edited = MODELS + "\n\ndef restock(warehouse):\n    return warehouse\n"
    found = indexer.update_file(str(workspace / "src/inventory/models.py"), edited)
    assert found is not None and "restock" in {s.name for s in found.symbols}
    assert indexer.store.find_definitions("restock")

    indexer.build()  # the disk still has the old text; the open buffer wins
    assert indexer.store.find_definitions("restock")

    indexer.close_buffer("src/inventory/models.py")  # closed without saving
    assert indexer.store.find_definitions("restock") == []


def test_after_a_restart_the_disk_is_compared_with_the_last_buffer(
    workspace: Path, db_path: Path
) -> None:
    indexer = open_indexer(workspace, db_path)
    indexer.build()
    saved = MODELS + "\n\ndef restock(warehouse):\n    return warehouse\n"
    indexer.update_file("src/inventory/models.py", saved)
    indexer.update_file("src/inventory/api.py", "def unsaved(): ...\n")
    (workspace / "src/inventory/models.py").write_text(saved)  # the user saved this one
    indexer.store.close()

    restarted = open_indexer(workspace, db_path)
    summary = restarted.build()
    assert (summary.updated, summary.unchanged) == (1, 5)  # the saved buffer needs no extract
    assert restarted.store.find_definitions("restock")
    assert restarted.store.find_definitions("unsaved") == []
    assert {row.origin for row in restarted.store.files()} == {"disk"}


def test_cancelling_keeps_what_was_done_and_the_next_build_finishes(
    workspace: Path, db_path: Path
) -> None:
    write_tree(
        workspace,
        {f"src/jobs/job_{i:03}.py": f"def job_{i}():\n    return {i}\n" for i in range(60)},
    )
    cancel = threading.Event()

    def stop_halfway(done: int, total: int) -> None:
        if done >= total // 2:
            cancel.set()

    indexer = open_indexer(workspace, db_path, commit_every=8)
    first = indexer.build(progress=stop_halfway, cancel=cancel)
    assert first.cancelled and 0 < first.added < 66
    second = indexer.build()
    assert second.added == 66 - first.added
    assert snapshot(indexer.store) == fresh_snapshot(workspace, db_path.with_name("fresh.db"))


def test_parallel_workers_give_the_same_index_as_one(workspace: Path, db_path: Path) -> None:
    write_tree(
        workspace,
        {
            f"src/analytics/report_{i:03}.py": f"class Report{i}:\n    '''Report {i}.'''\n"
            for i in range(80)
        },
    )
    indexer = open_indexer(workspace, db_path, workers=2)
    seen: list[tuple[int, int]] = []
    summary = indexer.build(progress=lambda done, total: seen.append((done, total)))
    assert summary.added == 86
    assert seen[-1] == (86, 86)
    assert snapshot(indexer.store) == fresh_snapshot(workspace, db_path.with_name("one.db"))


def test_an_index_of_another_folder_is_not_mixed_in(
    workspace: Path, db_path: Path, tmp_path: Path
) -> None:
    open_indexer(workspace, db_path).build()
    other = tmp_path / "other"
    write_tree(other, {"main.go": "package main\n\nfunc main() {}\n"})
    age_files(other)
    indexer = open_indexer(other, db_path)
    indexer.build()
    assert [row.path for row in indexer.store.files()] == ["main.go"]


def test_index_workers_run_at_a_lower_priority_than_the_editor() -> None:
    # A cold build keeps every core busy; the editor and the server must come first.
    with worker_pool(1) as pool:
        niceness = pool.submit(os.nice, 0).result()
    assert niceness == min(19, os.nice(0) + WORKER_NICENESS)
