"""Crash consistency: `kill -9` during a model action and during a cold build, then a restart.

A killed server must not leave a half-applied edit (the client's buffer and the disk are as
they were) and the next server must work at once; a killed `steering index` must leave an
index SQLite calls sound, which the next run completes to exactly what a fresh build holds,
keeping every batch it had committed.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from steering_index.store import IndexStore
from tests.fakeapi import FakeMessagesAPI
from tests.index.conftest import fresh_snapshot, snapshot
from tests.reliability.conftest import DataLoss
from tests.reliability.editor import (
    API_KEY,
    Editor,
    api_options,
    close_editor,
    launch_editor,
    tree_digest,
)
from tests.reliability.workspaces import write_warehouse

RELIABILITY_GROUP = "crash consistency"
REPO = Path(__file__).resolve().parents[2]
ENTRIES = "src/ledger/entries.py"
GOOD = (
    "def post_entry(lines: list[EntryLine]) -> Decimal:\n"
    '    """Check that an entry balances and return its total."""\n'
    "    check_balanced(lines)\n"
    "    return entry_total(lines)\n"
)


def streaming(editor: Editor) -> bool:
    """True once the server reported part of a model answer as received."""
    reports = [v for values in editor.client.progress_reports.values() for v in values]
    return any("received" in (getattr(v, "message", None) or "") for v in reports)


def integrity(db: Path) -> str:
    with contextlib.closing(sqlite3.connect(db)) as con:
        return str(con.execute("PRAGMA integrity_check").fetchone()[0])


def _reply(first: int, last: int, **extra: object) -> dict[str, object]:
    data = {"first_line": first, "last_line": last, "new_text": GOOD, "rule_ids": []}
    return {"input": data, **extra}


async def test_kill_9_during_a_streamed_model_action_applies_nothing(
    ledger: Path, tmp_path: Path, fake_api: FakeMessagesAPI, data_loss: DataLoss
) -> None:
    cache = tmp_path / "cache"
    options = api_options(fake_api.url, requestTimeoutSeconds=30.0)
    editor = await launch_editor(ledger, cache, options, ANTHROPIC_API_KEY=API_KEY)
    try:
        uri = editor.open(ENTRIES)
        before_buffer, before_disk = editor.text(uri), tree_digest(ledger)
        first = next(
            i for i, row in enumerate(before_buffer.splitlines()) if row.startswith("def post_")
        )
        # About 200 events a quarter second apart: the answer is still streaming when we kill.
        fake_api.script([_reply(first + 1, first + 3, chunk_size=1, chunk_delay_s=0.25)])
        action = asyncio.ensure_future(editor.run_action(uri, first, first + 2, "type hints"))
        await editor.wait_for(lambda: streaming(editor), "progress of the streamed answer")
        assert not action.done()
        editor.kill()
        await editor.wait_for(lambda: editor.exited, "the exit")
        action.cancel()  # the server is gone: no answer can come any more
        assert fake_api.wait_for_disconnect(), "the stream was not cut by the kill"
        lost = int(editor.text(uri) != before_buffer) + int(tree_digest(ledger) != before_disk)
        data_loss.record(lost + len(editor.applied))
        assert editor.applied == []
        assert lost == 0
    finally:
        await close_editor(editor)

    # The next server on the same workspace and index works at once.
    again = await launch_editor(ledger, cache, options, ANTHROPIC_API_KEY=API_KEY)
    try:
        uri = again.open(ENTRIES)
        hover = await again.hover(uri, first)
        assert hover is not None and "Python style" in str(hover.contents)
        context = await again.command("steering.showContext", {"uri": uri})
        assert "def post_entry" in context["markdown"]
    finally:
        await close_editor(again)
    for db in (cache / "index").glob("*.sqlite3"):
        assert integrity(db) == "ok"


def _committed(db: Path) -> int:
    try:
        with contextlib.closing(sqlite3.connect(db, timeout=1)) as con:
            return int(con.execute("SELECT count(*) FROM files").fetchone()[0])
    except sqlite3.Error:
        return 0


@pytest.mark.slow
def test_kill_9_during_a_cold_index_build_keeps_the_index_consistent(
    tmp_path: Path, data_loss: DataLoss
) -> None:
    root = tmp_path / "warehouse"
    total = len(write_warehouse(root, 1200)) + 4  # and one __init__.py per region
    db = tmp_path / "cache" / "index.sqlite3"
    command = [sys.executable, "-m", "steering_index.cli.main", "index", "--root", str(root)]
    command += ["--db", str(db), "--workers", "1", "--quiet"]
    build = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while _committed(db) == 0 and build.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        build.send_signal(signal.SIGKILL)
        build.wait(timeout=30)
    finally:
        if build.poll() is None:
            build.kill()
    committed_at_kill = _committed(db)
    assert build.returncode == -signal.SIGKILL
    assert 0 < committed_at_kill < total, "not killed in the middle of the build"

    assert integrity(db) == "ok"
    with IndexStore.open(db) as survivor:
        kept = len(survivor.files())
    data_loss.record(max(0, committed_at_kill - kept))
    assert kept >= committed_at_kill  # every committed batch survived the kill

    again = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert integrity(db) == "ok"
    with IndexStore.open(db) as store:
        resumed = snapshot(store)
    assert len(resumed) == total
    assert resumed == fresh_snapshot(root, tmp_path / "fresh.sqlite3")
