"""`steering index`: build or update a workspace's index with a progress bar and a summary.

Also `open_workspace_index`, which the other commands (conventions, check, context, ask,
usage) use to get an index that is up to date with the disk before they read it.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from steering_index.index.indexer import Indexer, IndexSettings, IndexSummary, Progress
from steering_index.index.workspace_root import command_root
from steering_index.store import IndexStore, StoreError, default_db_path, is_corruption
from steering_index.store.shared import export_index, import_index

_BAR_WIDTH = 30


class ProgressReporter:
    """A redrawn bar on a terminal; on a pipe or in CI, a line at each quarter instead."""

    def __init__(self, stream: TextIO, label: str = "indexing") -> None:
        self.stream = stream
        self.label = label
        self.tty = stream.isatty()
        self._drawn_at = 0.0
        self._quarter = 0
        self._active = False

    def __call__(self, done: int, total: int) -> None:
        if total <= 0:
            return
        if self.tty:
            now = time.monotonic()
            if done < total and now - self._drawn_at < 0.1:
                return
            self._drawn_at = now
            filled = _BAR_WIDTH * done // total
            bar = "#" * filled + "-" * (_BAR_WIDTH - filled)
            self.stream.write(f"\r{self.label} [{bar}] {done:,}/{total:,} files")
            self._active = True
        elif (quarter := 4 * done // total) > self._quarter:
            self._quarter = quarter
            self.stream.write(f"{self.label}: {done:,}/{total:,} files\n")
        self.stream.flush()

    def finish(self) -> None:
        if self._active:
            self.stream.write("\n")
            self.stream.flush()


def describe(summary: IndexSummary, store: IndexStore) -> list[str]:
    """The end-of-run summary, as lines a person reads."""
    files, symbols = store.counts()
    verb = "Cancelled after" if summary.cancelled else "Indexed in"
    lines = [
        f"{verb} {summary.seconds:.1f} s: {summary.scanned:,} source files found; "
        f"{summary.added:,} added, {summary.updated:,} updated, "
        f"{summary.removed:,} removed, {summary.unchanged:,} unchanged",
        f"  index holds {files:,} files and {symbols:,} symbols",
    ]
    if summary.skipped:
        reasons = ", ".join(f"{count:,} {reason}" for reason, count in summary.skipped)
        lines.append(f"  skipped: {reasons}")
    lines.extend(f"    {path}: {message}" for path, message in summary.problems[:5])
    lines.append(f"  index file: {store.db_path}")
    return lines


def build_index(
    root: Path,
    db_path: Path,
    settings: IndexSettings | None = None,
    progress: Progress | None = None,
    rebuild: bool = False,
    seed: Path | None = None,
    notify: Callable[[str], None] | None = None,
) -> tuple[IndexStore, Indexer, IndexSummary]:
    """Open the index and bring it up to date; an index found damaged on the way is rebuilt.
    With `seed`, a shared index (`steering index --export`) replaces it first; `notify`
    hears what the user should know about it.

    Raises StoreError (with a message for the user) when the index cannot be used at all, or
    when `seed` cannot be used (the index is then left as it was).
    """
    store = IndexStore.open(db_path)
    try:
        if seed is not None:
            shared = import_index(seed, store, root)
            note = shared.version_note()
            if note is not None and notify is not None:
                notify(note)
        if rebuild:
            store.clear_files()
        indexer = Indexer(root, store, settings)
        if indexer.reread_note is not None and notify is not None:
            notify(indexer.reread_note)
        return store, indexer, indexer.build(progress=progress)
    except StoreError:
        store.close()
        raise
    except sqlite3.DatabaseError as exc:
        store.close()
        if not is_corruption(exc):
            raise StoreError(f"cannot use the index at {db_path}: {exc}") from exc
        store = IndexStore.open(db_path, discard=f"the index is corrupt ({exc})")
        indexer = Indexer(root, store, settings)
        return store, indexer, indexer.build(progress=progress)


def open_workspace_index(
    root: Path, db: str | None, settings: IndexSettings | None = None
) -> tuple[IndexStore, Indexer]:
    """Open the index of `root` (at `db`, or the default place) and bring it up to date quietly.

    Raises StoreError with a message fit for the user when the index cannot be opened.
    """
    store, indexer, _ = build_index(root, Path(db) if db else default_db_path(root), settings)
    return store, indexer


@contextmanager
def workspace_index(
    root: Path, db: str | None, refuse: type[Exception] = StoreError
) -> Iterator[IndexStore]:
    """The workspace's index, brought up to date first and closed after. When it cannot be
    opened, `refuse` (the calling command's input error) is raised with a message saying why.
    """
    try:
        store, _indexer = open_workspace_index(root, db)
    except (StoreError, OSError, ValueError) as exc:
        raise refuse(f"cannot open the index: {exc}") from exc
    try:
        yield store
    finally:
        store.close()


def run_index(args: argparse.Namespace) -> int:
    """`steering index [--root DIR] [--db FILE] [--workers N] [--rebuild] [--quiet]
    [--export FILE | --from FILE]`."""
    root = command_root("index", args.root)
    if root is None:
        return 2
    if args.workers is not None and args.workers < 1:
        print("steering index: --workers must be at least 1", file=sys.stderr)
        return 2
    if args.seed is not None and args.rebuild:
        print("steering index: --from and --rebuild cannot be used together", file=sys.stderr)
        return 2
    db_path = Path(args.db) if args.db else default_db_path(root)
    seed = Path(args.seed) if args.seed is not None else None
    reporter = None if args.quiet else ProgressReporter(sys.stderr)
    try:
        store, _, summary = build_index(
            root,
            db_path,
            IndexSettings(workers=args.workers),
            reporter,
            args.rebuild,
            seed,
            lambda note: print(f"note: {note}", file=sys.stderr),
        )
    except StoreError as exc:
        print(f"steering index: {exc}", file=sys.stderr)
        return 2
    finally:
        if reporter is not None:
            reporter.finish()
    with store:
        if store.rebuilt_reason:
            print(f"note: {store.rebuilt_reason}; built it anew", file=sys.stderr)
        if store.ledger_notice:
            print(f"note: {store.ledger_notice}", file=sys.stderr)
        if seed is not None:
            print(f"started from the shared index {seed}", file=sys.stderr)
        print("\n".join(describe(summary, store)))
        if args.export is not None:
            try:
                shared = export_index(store, Path(args.export))
            except StoreError as exc:
                print(f"steering index: {exc}", file=sys.stderr)
                return 2
            size = shared.path.stat().st_size
            print(
                f"  shared index written to {shared.path}: {shared.files:,} files, "
                f"{shared.symbols:,} symbols, {size / 1e6:.1f} MB"
            )
    return 0
