"""The index on disk: a versioned SQLite schema (WAL, FTS5) for files, symbols and rules.

One file per workspace, in the user's cache directory unless configured otherwise, readable by
its user only. The index is a cache: a file with another schema version, or one SQLite cannot
read, is rebuilt (`rebuilt_reason` says why), never trusted. The model calls are not part of
it: they are the user's record and live in the ledger beside it (`ledger.py`), which a
rebuild leaves alone; the calls an older index recorded move there before it is rebuilt.

`IndexStore` is the one object callers hold: the table groups (`files.py`, `symbols.py`,
`rules.py`) share its connections, and the ledger's operations are passed through.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import sqlite3
from pathlib import Path

import platformdirs

from steering_index.model import ModelCall
from steering_index.store.database import (
    StoreError,
    create_private,
    db_files,
    is_corruption,
    keep_aside,
    make_private,
)
from steering_index.store.files import FileTables
from steering_index.store.ledger import Ledger, ledger_path
from steering_index.store.rules import RuleSearch
from steering_index.store.symbols import SymbolSearch

log = logging.getLogger(__name__)

# 8: the model calls moved out to the ledger. 9: member calls kept apart in the extracts.
# 10: a file's references stored with each name once, compressed; its comments compressed.
# 11: a file's symbols and imports compressed with its extract; slim lookups across files, and
# a full-text index that keeps no copy of what it indexes; symbol ids given out a file at a time.
# 12: the ints of an extract (spans, references) stored as columns of 4-byte ints with their
# bytes regrouped before compression (`encoding._ints_out`): about half the size.
SCHEMA_VERSION = 12
CACHE_DIR_ENV = "STEERING_CACHE_DIR"

_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE files(
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    language TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    checked_ns INTEGER NOT NULL,
    hash TEXT NOT NULL,
    origin TEXT NOT NULL,
    problem TEXT,
    problem_message TEXT,
    error_count INTEGER NOT NULL,
    symbol_count INTEGER NOT NULL,
    first_symbol INTEGER NOT NULL,
    symbol_slots INTEGER NOT NULL
);
CREATE INDEX files_symbols ON files(first_symbol);
CREATE TABLE extracts(
    file_id INTEGER PRIMARY KEY,
    symbols BLOB NOT NULL,
    imports BLOB NOT NULL,
    ref_names TEXT NOT NULL,
    ref_spans BLOB NOT NULL,
    comments BLOB NOT NULL
);
CREATE TABLE definitions(
    name TEXT NOT NULL, id INTEGER NOT NULL, PRIMARY KEY(name, id)
) WITHOUT ROWID;
CREATE TABLE definitions_load(id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE imported(
    module TEXT NOT NULL, file_id INTEGER NOT NULL, PRIMARY KEY(module, file_id)
) WITHOUT ROWID;
CREATE TABLE imported_load(
    file_id INTEGER NOT NULL, module TEXT NOT NULL, PRIMARY KEY(file_id, module)
) WITHOUT ROWID;
CREATE VIRTUAL TABLE symbols_fts USING fts5(
    words, docstring, content='', tokenize='porter unicode61'
);
CREATE TABLE rules(
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    source TEXT NOT NULL
);
CREATE VIRTUAL TABLE rules_fts USING fts5(
    title, text, content='rules', content_rowid='rowid', tokenize='porter unicode61'
);
"""


def default_db_path(root: Path) -> Path:
    """Where the index of `root` lives: the user's cache dir, one file per resolved root."""
    base = os.environ.get(CACHE_DIR_ENV) or platformdirs.user_cache_dir("steering")
    resolved = root.resolve()
    key = hashlib.sha256(str(resolved).encode("utf-8", "surrogateescape")).hexdigest()[:16]
    label = re.sub(r"[^A-Za-z0-9_.-]", "_", resolved.name)[:40] or "root"
    return Path(base) / "index" / f"{label}-{key}.sqlite3"


def _unusable_reason(db_path: Path) -> tuple[str | None, int | None]:
    """Why an existing index file must not be trusted (None when it looks sound), and its
    schema version when it could be read.

    Cheap on purpose (a full `quick_check` reads the whole file, too slow for every start):
    the header, the schema version and the files table. Damage deeper in the file surfaces
    as a corruption error when it is read; `is_corruption` recognises it so the caller can
    discard the index and build it again.
    """
    con = sqlite3.connect(db_path, timeout=30)
    version = None
    try:
        version = int(con.execute("PRAGMA user_version").fetchone()[0])
        if version != SCHEMA_VERSION:
            reason = f"the index has schema version {version}, this version needs {SCHEMA_VERSION}"
            return reason, version
        con.execute("SELECT count(*), max(checked_ns) FROM files").fetchone()
        con.execute("SELECT count(*) FROM meta").fetchone()
    except sqlite3.DatabaseError as exc:
        if is_corruption(exc):
            return f"the index is corrupt ({exc})", version
        raise
    finally:
        con.close()
    return None, version


def _save_calls(ledger: Ledger, db_path: Path, version: int | None) -> str | None:
    """Move the model calls an index about to be discarded recorded (schema 7 and older kept
    them inside) to the ledger. When they cannot be read, the file is kept aside instead of
    deleted; returns what to tell the user then."""
    if version == SCHEMA_VERSION:
        return None  # this schema keeps no calls
    try:
        moved = ledger.import_calls(db_path)
    except sqlite3.DatabaseError as exc:
        aside = keep_aside(db_path)
        notice = (
            f"the model calls recorded in the old index could not be read ({exc}); "
            f"it was kept as {aside}"
        )
        log.warning("%s", notice)
        return notice
    if moved:
        log.info("moved %d recorded model calls from %s to %s", moved, db_path, ledger.db_path)
    return None


class IndexStore(FileTables, SymbolSearch, RuleSearch):
    """One workspace's index and ledger. Open with `IndexStore.open(path)`; safe to share
    across threads."""

    def __init__(self, db_path: Path, rebuilt_reason: str | None, ledger: Ledger) -> None:
        super().__init__(db_path)
        self.rebuilt_reason = rebuilt_reason
        self.ledger = ledger

    @classmethod
    def open(cls, db_path: Path, discard: str | None = None) -> IndexStore:
        """Open (or create) the index at `db_path`; an old or corrupt file is rebuilt.

        With `discard` (the reason), the existing file is thrown away unconditionally: for
        a caller that met corruption while using it. The ledger beside it is kept either
        way (see `ledger_notice` for what happened to one that could not be read).
        """
        try:
            db_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as exc:
            raise StoreError(f"cannot use the index at {db_path}: {exc}") from exc
        try:
            ledger = Ledger.open(ledger_path(db_path))
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"cannot use the model-call ledger beside {db_path}: {exc}") from exc
        try:
            reason, version = discard, None
            if db_path.exists():
                found, version = _unusable_reason(db_path)
                reason = reason or found
            if reason is not None and db_path.exists():
                kept = _save_calls(ledger, db_path, version)
                reason = f"{reason}; {kept}" if kept else reason
                for path in db_files(db_path):
                    path.unlink(missing_ok=True)
            create_private(db_path)
            store = cls(db_path, reason, ledger)
            store._create_schema()
        except (OSError, sqlite3.Error) as exc:
            ledger.close()
            raise StoreError(f"cannot use the index at {db_path}: {exc}") from exc
        make_private(db_path)
        return store

    def _create_schema(self) -> None:
        con = self.connection()
        # Before the first table (it cannot change after): pages a bulk load's staging frees
        # are handed back to the file system rather than kept empty inside it.
        con.execute("PRAGMA auto_vacuum=INCREMENTAL")
        con.execute("PRAGMA journal_mode=WAL")
        with self.write() as w:
            if w.execute("PRAGMA user_version").fetchone()[0] == 0:
                for statement in _SCHEMA.split(";\n"):
                    if statement.strip():
                        w.execute(statement)
                w.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            self.flush_staged(w)  # what a build stopped inside `bulk_load` staged

    def close(self) -> None:
        super().close()
        self.ledger.close()

    # --- meta -----------------------------------------------------------------------------

    def meta(self, key: str) -> str | None:
        row = self.connection().execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        with self.write() as con:
            con.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))

    # --- model calls: the ledger's ---------------------------------------------------------

    @property
    def ledger_notice(self) -> str | None:
        """What happened to a ledger that could not be read, for the user; None if nothing."""
        return self.ledger.notice

    # Recording and reading are passed through (every front end does them); setting an
    # outcome or reading one call by id is `store.ledger`'s.

    def record_model_call(self, call: ModelCall, wait_s: float | None = None) -> int:
        """Record `call`; returns its id, by which its outcome is set later. `wait_s`: how
        long another program's write lock is waited for (default: the busy timeout)."""
        return self.ledger.record(call, wait_s)

    def model_calls(self, since: str | None = None, path: str | None = None) -> list[ModelCall]:
        """Recorded calls in the order they started, optionally from `since` (ISO 8601) on
        and about one file."""
        return self.ledger.calls(since, path)
