"""An index killed with SIGKILL in the middle of a build is consistent and resumes."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from steering_index.store import IndexStore
from tests.index.conftest import age_files, fresh_snapshot, open_indexer, snapshot
from tests.workspaces import write_tree

ROOT = Path(__file__).resolve().parents[2]

# Runs a real build in its own process and kills it, with no chance to clean up, once
# about half the files have been extracted (several batches are committed by then).
BUILD_THEN_DIE = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from steering_index.index.indexer import Indexer, IndexSettings
    from steering_index.store import IndexStore

    root, db = Path(sys.argv[1]), Path(sys.argv[2])
    settings = IndexSettings(workers=1, commit_every=10)
    indexer = Indexer(root, IndexStore.open(db), settings)

    def die_halfway(done, total):
        if done >= total // 2:
            os.kill(os.getpid(), signal.SIGKILL)

    indexer.build(progress=die_halfway)
    """
)


def test_a_build_killed_halfway_recovers_on_the_next_start(tmp_path: Path) -> None:
    root = tmp_path / "billing"
    write_tree(
        root,
        {
            f"billing/invoices/invoice_{i:03}.py": (
                f'"""Invoice rules for region {i}."""\n\n\n'
                f"def total_for_region_{i}(lines):\n    return sum(lines) * {i}\n"
            )
            for i in range(120)
        },
    )
    age_files(root)
    db = tmp_path / "cache" / "index.sqlite3"
    run = subprocess.run(
        [sys.executable, "-c", BUILD_THEN_DIE, str(root), str(db)],
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == -signal.SIGKILL, run.stderr

    with IndexStore.open(db) as survivor:
        assert survivor.rebuilt_reason is None
        committed = len(survivor.files())
    assert 0 < committed < 120  # really killed in the middle

    indexer = open_indexer(root, db)
    summary = indexer.build()
    assert summary.added == 120 - committed  # resumes; committed files are not redone
    assert summary.unchanged == committed
    assert snapshot(indexer.store) == fresh_snapshot(root, tmp_path / "fresh.sqlite3")
