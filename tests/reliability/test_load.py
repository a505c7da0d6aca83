"""Load: a burst of edits, a branch switch, and a crowd of requests while indexing runs.

Each case checks that the end state is right (what a fresh look at the final text or tree
gives) and that memory stays bounded, never how long it took.
"""

from __future__ import annotations

import asyncio
import os
import threading
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from lsprotocol import types

from steering_index.index.watch import IndexWatcher
from tests.index.conftest import fresh_snapshot, open_indexer, snapshot
from tests.reliability.conftest import DataLoss
from tests.reliability.editor import ANSWER_WITHIN_S, Editor, close_editor, launch_editor
from tests.reliability.workspaces import age, module_path, module_text, write_warehouse

RELIABILITY_GROUP = "load"
MB = 1024 * 1024


def rss_bytes(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS")


async def pull(editor: Editor, uri: str) -> list[str]:
    params = types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri))
    report = await asyncio.wait_for(
        editor.client.text_document_diagnostic_async(params), ANSWER_WITHIN_S
    )
    assert isinstance(report, types.RelatedFullDocumentDiagnosticReport)
    return [d.message for d in report.items]


def indexing_done(editor: Editor) -> bool:
    return any(
        isinstance(v, types.WorkDoneProgressEnd)
        for token, values in editor.client.progress_reports.items()
        if str(token).startswith("steering-index")
        for v in values
    )


def drifted(text: str, name: str) -> str:
    """`text` with one more function, named against the project's snake_case convention."""
    return (
        text
        + f'\n\ndef {name}(count: int) -> int:\n    """Twice the count."""\n    return 2 * count\n'
    )


async def test_a_burst_of_1000_changes_converges_to_the_last_text(
    tmp_path: Path, data_loss: DataLoss
) -> None:
    root = tmp_path / "warehouse"
    write_warehouse(root, 200)
    editor = await launch_editor(root, tmp_path / "cache", {"fileWatching": "off"})
    try:
        await editor.wait_for(lambda: indexing_done(editor), "the first index build")
        rel = module_path(7)
        uri = editor.open(rel)
        base = editor.text(uri)
        await pull(editor, uri)  # the buffer is known before the burst starts
        before = rss_bytes(editor.pid)
        for i in range(1000):
            editor.change(uri, drifted(base, f"doubleCount{i}"))
        final = "doubleCountFinal"
        editor.change(uri, drifted(base, final))

        async def converged() -> list[str]:
            messages = await pull(editor, uri)
            return messages if any(final in m for m in messages) else []

        messages = await _until(converged, "diagnostics for the last text")
        stale = [m for m in messages if "doubleCount" in m and final not in m]
        data_loss.record(len(stale))
        assert stale == []
        hover = await editor.hover(uri, base.count("\n") + 2, 6)
        assert hover is not None and final in str(hover.contents)
        grown = rss_bytes(editor.pid) - before
        assert grown < 150 * MB, f"the server grew by {grown // MB} MB"
    finally:
        await close_editor(editor)


async def _until(probe: Callable[[], Awaitable[list[str]]], what: str) -> list[str]:
    deadline = time.monotonic() + ANSWER_WITHIN_S
    while time.monotonic() < deadline:
        found = await probe()
        if found:
            return found
        await asyncio.sleep(0.1)
    raise AssertionError(f"never happened: {what}")


async def test_100_concurrent_hovers_and_code_actions_while_indexing_all_answered(
    tmp_path: Path,
) -> None:
    root = tmp_path / "warehouse"
    write_warehouse(root, 2500)
    editor = await launch_editor(root, tmp_path / "cache", {"fileWatching": "off"})
    try:
        uris = [editor.open(module_path(n)) for n in range(5)]
        assert not indexing_done(editor)
        requests: list[Awaitable[Any]] = []
        for n in range(50):
            uri = uris[n % len(uris)]
            requests.append(editor.hover(uri, 17, 6))
            requests.append(editor.code_actions(uri, 17, 19))
        answers = await asyncio.gather(*requests, return_exceptions=True)
        during = not indexing_done(editor)
        errors = [a for a in answers if isinstance(a, BaseException)]
        assert errors == []
        hovers: list[Any] = answers[0::2]
        assert all(h is not None and "Python style" in str(h.contents) for h in hovers)
        actions: list[Any] = answers[1::2]
        assert all(any("context" in a.title for a in found) for found in actions)
        assert during, "indexing had finished before the answers came: nothing was tested"
    finally:
        await close_editor(editor)


class CountingWatcher(IndexWatcher):
    """Counts every file-system event that reaches the watcher."""

    events = 0

    def _record(self, paths: list[str], is_directory: bool) -> None:
        self.events += 1
        super()._record(paths, is_directory)


@pytest.mark.slow
def test_a_branch_switch_of_10000_events_converges_to_a_fresh_build(
    tmp_path: Path, data_loss: DataLoss
) -> None:
    """(The collapse of a huge batch into one rescan is covered in tests/index/test_watch.py.)"""
    root = tmp_path / "warehouse"
    old = write_warehouse(root, 1200)
    db = tmp_path / "cache" / "index.sqlite3"
    indexer = open_indexer(root, db)
    indexer.build()
    lock = threading.Lock()

    def on_batch(paths: set[str]) -> None:
        with lock:
            indexer.apply_changes(paths)

    baseline = peak = rss_bytes(os.getpid())
    watcher = CountingWatcher(root, on_batch, debounce_s=0.3)
    watcher.start()
    try:
        _switch_branch(root, old)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not (watcher.idle and _quiet(watcher)):
            peak = max(peak, rss_bytes(os.getpid()))
    finally:
        watcher.stop()
    with lock:
        state = snapshot(indexer.store)
    indexer.store.close()
    fresh = fresh_snapshot(root, tmp_path / "fresh.sqlite3")
    differing = {p for p in set(state) | set(fresh) if state.get(p) != fresh.get(p)}
    data_loss.record(len(differing))
    assert watcher.events >= 10_000
    assert differing == set()
    grown = peak - baseline
    assert grown < 200 * MB, f"this process grew by {grown // MB} MB"


def _switch_branch(root: Path, old: list[str]) -> None:
    """What `git switch` does to a work tree: rewrite, delete, and add files in one go."""
    for n, rel in enumerate(old):
        if n % 3 == 0:
            (root / rel).unlink()
        else:
            (root / rel).write_text(module_text(n, revision=2), encoding="utf-8")
    for n in range(1200, 4000):
        (root / module_path(n)).write_text(module_text(n), encoding="utf-8")
    age(root, seconds=60)


def _quiet(watcher: CountingWatcher) -> bool:
    seen = watcher.events
    time.sleep(0.5)
    return watcher.events == seen and watcher.idle
