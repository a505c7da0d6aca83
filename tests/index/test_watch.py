"""The watcher on real file-system events: debounced batches, filtering, overflow, convergence."""

from __future__ import annotations

import contextlib
import queue
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from steering_index.index.watch import RESCAN_ALL, IndexWatcher
from tests.index.conftest import fresh_snapshot, open_indexer, snapshot
from tests.workspaces import write_tree

WAIT_S = 10.0  # generous: the machine may be busy; never a timing assertion


@pytest.fixture
def batches() -> queue.Queue[set[str]]:
    return queue.Queue()


@pytest.fixture
def watching(workspace: Path, batches: queue.Queue[set[str]]) -> Iterator[IndexWatcher]:
    watcher = IndexWatcher(workspace, batches.put, debounce_s=0.4)
    watcher.start()
    yield watcher
    watcher.stop()


def collect(batches: queue.Queue[set[str]], until: set[str]) -> list[set[str]]:
    """Batches received until every path in `until` has been seen (or the wait ran out)."""
    got: list[set[str]] = []
    deadline = time.monotonic() + WAIT_S
    while not until <= set().union(*got) and time.monotonic() < deadline:
        try:
            got.append(batches.get(timeout=0.2))
        except queue.Empty:
            continue
    return got


def test_created_changed_and_deleted_files_arrive_as_relative_paths(
    workspace: Path, watching: IndexWatcher, batches: queue.Queue[set[str]]
) -> None:
    (workspace / "src/inventory/orders.py").write_text("def place_order(): ...\n")
    (workspace / "web/app.js").write_text("export const x = 1;\n")
    (workspace / "tests/test_models.py").unlink()
    expected = {"src/inventory/orders.py", "web/app.js", "tests/test_models.py"}
    got = collect(batches, expected)
    assert set().union(*got) == expected


def test_a_burst_of_writes_is_one_batch(
    workspace: Path, watching: IndexWatcher, batches: queue.Queue[set[str]]
) -> None:
    burst = {f"src/inventory/gen/model_{i:03}.py": f"X{i} = {i}\n" for i in range(300)}
    write_tree(workspace, burst)
    got = collect(batches, set(burst))
    assert set().union(*got) == set(burst)
    assert len(got) == 1


def test_reads_excluded_folders_and_other_files_make_no_batch(
    workspace: Path, watching: IndexWatcher, batches: queue.Queue[set[str]]
) -> None:
    for path in workspace.rglob("*.py"):
        path.read_bytes()
    write_tree(
        workspace,
        {
            "web/node_modules/left-pad/index.js": "module.exports = 2;\n",
            ".git/index": "binary-ish",
            "notes.txt": "remember the milk\n",
            "src/inventory/marker.py": "MARK = 1\n",  # tells us the others were seen first
        },
    )
    got = collect(batches, {"src/inventory/marker.py"})
    assert set().union(*got) == {"src/inventory/marker.py"}


def test_a_file_without_a_suffix_arrives_for_the_indexer_to_read_its_shebang(
    workspace: Path, watching: IndexWatcher, batches: queue.Queue[set[str]]
) -> None:
    write_tree(workspace, {"notes.txt": "milk\n", "libexec/tool-run": "#!/bin/sh\nrun() { :; }\n"})
    got = collect(batches, {"libexec/tool-run"})
    assert set().union(*got) == {"libexec/tool-run"}


def test_a_slow_consumer_never_loses_changes(workspace: Path) -> None:
    seen: list[set[str]] = []
    first_started = threading.Event()
    release = threading.Event()

    def slow(batch: set[str]) -> None:
        seen.append(batch)
        first_started.set()
        release.wait(WAIT_S)

    watcher = IndexWatcher(workspace, slow, debounce_s=0.2)
    watcher.start()
    try:
        (workspace / "src/inventory/a.py").write_text("A = 1\n")
        assert first_started.wait(WAIT_S)
        (workspace / "src/inventory/b.py").write_text("B = 1\n")  # while the first is busy
        time.sleep(0.5)
        assert not watcher.idle
        release.set()
        deadline = time.monotonic() + WAIT_S
        while not (len(seen) == 2 and watcher.idle) and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        watcher.stop()
    assert seen == [{"src/inventory/a.py"}, {"src/inventory/b.py"}]
    assert watcher.idle


def test_a_branch_switch_over_the_limit_becomes_one_rescan_that_converges(
    workspace: Path, db_path: Path
) -> None:
    indexer = open_indexer(workspace, db_path)
    indexer.build()
    results: queue.Queue[set[str]] = queue.Queue()

    def index_batch(batch: set[str]) -> None:
        indexer.apply_changes(batch)
        results.put(batch)

    watcher = IndexWatcher(workspace, index_batch, debounce_s=0.5, max_pending=200)
    watcher.start()
    try:
        # What `git checkout other-branch` does: rewrite, add and delete many files at once.
        switched = {
            f"src/inventory/feature_{i:04}.py": f"def feature_{i}(): ...\n" for i in range(600)
        }
        write_tree(workspace, switched)
        (workspace / "src/inventory/api.py").unlink()
        (workspace / "web/app.js").write_text("export function renderStockBadge() {}\n")
        got = results.get(timeout=WAIT_S * 3)
        # On a very busy machine the writes may straggle into a further batch; let them land.
        with contextlib.suppress(queue.Empty):
            while True:
                results.get(timeout=1.5)
    finally:
        watcher.stop()
    assert got == {RESCAN_ALL}
    assert snapshot(indexer.store) == fresh_snapshot(workspace, db_path.with_name("fresh.db"))


def test_the_index_files_themselves_are_ignored(workspace: Path) -> None:
    seen: queue.Queue[set[str]] = queue.Queue()
    db = workspace / ".cache-index" / "index.py"  # a path that would otherwise qualify
    watcher = IndexWatcher(workspace, seen.put, debounce_s=0.2, ignore=[db])
    watcher.start()
    try:
        write_tree(workspace, {".cache-index/index.py": "x", ".cache-index/index.py-wal": "y"})
        (workspace / "src/inventory/marker.py").write_text("MARK = 1\n")
        got = collect(seen, {"src/inventory/marker.py"})
    finally:
        watcher.stop()
    assert set().union(*got) == {"src/inventory/marker.py"}


def test_the_workspace_library_table_is_watched(
    workspace: Path, watching: IndexWatcher, batches: queue.Queue[set[str]]
) -> None:
    # Not code, but the conventions depend on it: a change must reach the server.
    write_tree(workspace, {".steering/libraries.toml": "[python.http-client]\nacme = ['acme']\n"})
    write_tree(workspace, {".steering/other.toml": "x = 1\n", "src/inventory/marker.py": "M = 1\n"})
    got = collect(batches, {".steering/libraries.toml", "src/inventory/marker.py"})
    assert set().union(*got) == {".steering/libraries.toml", "src/inventory/marker.py"}
