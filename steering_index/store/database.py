"""One SQLite file shared across threads: a connection per thread, queued write transactions.

The index and the model-call ledger are each one of these. Writes happen in transactions
behind one lock; every thread reads through its own connection, and WAL lets those reads
proceed while a long write runs. What cannot be used is never deleted here: a damaged file
the caller does not want to rebuild is set aside (`keep_aside`) under a name that says when.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import Self

_CORRUPTION_CODES = {sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB}
_SIDE_FILES = ("-wal", "-shm", "-journal")


class StoreError(Exception):
    """The index cannot be used (e.g. its folder is not writable); the message says why."""


def is_corruption(exc: BaseException) -> bool:
    """Whether `exc` says a database file is damaged (as opposed to busy, full or unwritable)."""
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    return isinstance(exc, sqlite3.DatabaseError) and code in _CORRUPTION_CODES


def db_files(db_path: Path) -> list[Path]:
    """The database file and the files SQLite keeps beside it (write-ahead log, journal)."""
    return [db_path, *(db_path.with_name(db_path.name + s) for s in _SIDE_FILES)]


def make_private(db_path: Path) -> None:
    """Readable and writable by its user only (the index holds code, the ledger tasks)."""
    for path in db_files(db_path):
        with suppress(FileNotFoundError):
            os.chmod(path, 0o600)


def create_private(db_path: Path) -> None:
    """Create the folder and an empty file for `db_path`, both private to the user."""
    db_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not db_path.exists():
        os.close(os.open(db_path, os.O_CREAT | os.O_WRONLY, 0o600))


def keep_aside(db_path: Path, now: datetime | None = None) -> Path:
    """Rename `db_path` (and its side files) to `<name>.bad-<UTC time>`; returns the new path."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    aside = db_path.with_name(f"{db_path.name}.bad-{stamp}")
    for path in db_files(db_path):
        with suppress(FileNotFoundError):
            path.rename(aside.with_name(aside.name + path.name[len(db_path.name) :]))
    return aside


class Database:
    """A SQLite file with a connection per thread; safe to share across threads."""

    # Each connection's page cache. A reader that takes each row once, in order (a worker
    # of convention inference), keeps a small one: the pages are not read again.
    cache_kb = 16000

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._write_lock = threading.RLock()
        self._checkpointer: ThreadPoolExecutor | None = None

    def connection(self) -> sqlite3.Connection:
        """This thread's connection (made on first use)."""
        con: sqlite3.Connection | None = getattr(self._local, "con", None)
        if con is None:
            con = sqlite3.connect(
                self.db_path, isolation_level=None, check_same_thread=False, timeout=30
            )
            con.execute("PRAGMA synchronous=NORMAL")
            con.execute(f"PRAGMA cache_size=-{int(self.cache_kb)}")
            # A checkpoint inside a commit would stall an editor's update now and then;
            # checkpoints run after background work instead (see `checkpoint`).
            con.execute("PRAGMA wal_autocheckpoint=0")
            self._local.con = con
            with self._lock:
                self._connections.append(con)
        return con

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; taken immediately so two writers queue instead of failing."""
        with self._write_lock:
            con = self.connection()
            if con.in_transaction:  # nested use inside a larger write
                yield con
                return
            con.execute("BEGIN IMMEDIATE")
            try:
                yield con
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")

    @contextmanager
    def writer_turn(self) -> Iterator[sqlite3.Connection]:
        """This thread's connection, outside any transaction, while this object's other
        writers wait: for work that takes SQLite's locks itself (the backup API)."""
        with self._write_lock:
            con = self.connection()
            if con.in_transaction:
                raise StoreError("cannot replace the index inside one of its own transactions")
            yield con

    def checkpoint(self, min_wal_bytes: int = 0) -> None:
        """Copy the write-ahead log into the database file, as far as readers allow.

        With `min_wal_bytes`, only once the log has grown that large: a checkpoint syncs
        the file, which is worth doing in bulk rather than after every small update.
        """
        wal = self.db_path.with_name(self.db_path.name + "-wal")
        with suppress(OSError):
            if wal.stat().st_size < min_wal_bytes:
                return
        with suppress(sqlite3.OperationalError):  # busy: the next checkpoint catches up
            self.connection().execute("PRAGMA wal_checkpoint(PASSIVE)")

    def checkpoint_in_background(self, min_wal_bytes: int = 0) -> None:
        """`checkpoint` on the store's own thread, for callers on a latency-sensitive path."""
        with self._lock:
            if self._checkpointer is None:
                self._checkpointer = ThreadPoolExecutor(1, thread_name_prefix="index-wal")
            self._checkpointer.submit(self.checkpoint, min_wal_bytes)

    def close(self) -> None:
        with self._lock:
            checkpointer, self._checkpointer = self._checkpointer, None
        if checkpointer is not None:
            checkpointer.shutdown(wait=True)
        with self._lock:
            for con in self._connections:
                with suppress(sqlite3.Error):
                    con.close()
            self._connections.clear()
        self._local = threading.local()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
