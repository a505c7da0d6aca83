"""The index on disk: a versioned SQLite schema (WAL, FTS5) for files, symbols, rules, calls.

One file per workspace, in the user's cache directory unless configured otherwise, readable by
its user only. The index is a cache: a file with another schema version, or one SQLite cannot
read, is deleted and rebuilt (`rebuilt_reason` says why), never trusted.

Writes happen in batched transactions behind one lock; every thread reads through its own
connection, and WAL lets those reads proceed while a long build writes. Symbols and imports
are rows (they are queried); references and comments of a file are one JSON column (they are
only ever read back whole). Rows are encoded by `encode_file`, which is pure so that index
workers can run it in their own processes.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import threading
from array import array
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import platformdirs

from steering_index.model import (
    Comment,
    FileExtract,
    FlatReferences,
    Import,
    LineRange,
    ModelCall,
    Reference,
    Rule,
    Span,
    Symbol,
    make_span,
    make_symbol,
    references_from_flat,
    span_values,
)

if TYPE_CHECKING:
    from steering_index.index.extract import PackedExtract

SCHEMA_VERSION = 7
_CORRUPTION_CODES = {sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB}
CACHE_DIR_ENV = "STEERING_CACHE_DIR"

Row = tuple[object, ...]

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
    ref_names TEXT NOT NULL,
    ref_spans BLOB NOT NULL,
    comments TEXT NOT NULL
);
CREATE TABLE symbols(
    id INTEGER PRIMARY KEY,
    file_id INTEGER NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    scope TEXT NOT NULL,
    exported INTEGER NOT NULL,
    docstring TEXT,
    signature TEXT,
    words TEXT NOT NULL,
    start_byte INTEGER, end_byte INTEGER, start_line INTEGER,
    start_col INTEGER, end_line INTEGER, end_col INTEGER,
    name_start_byte INTEGER, name_end_byte INTEGER, name_start_line INTEGER,
    name_start_col INTEGER, name_end_line INTEGER, name_end_col INTEGER
);
CREATE INDEX symbols_file ON symbols(file_id);
CREATE TABLE imports(
    file_id INTEGER NOT NULL,
    module TEXT NOT NULL,
    names TEXT NOT NULL,
    alias TEXT,
    relative INTEGER NOT NULL,
    start_byte INTEGER, end_byte INTEGER, start_line INTEGER,
    start_col INTEGER, end_line INTEGER, end_col INTEGER
);
CREATE INDEX imports_file ON imports(file_id);
CREATE VIRTUAL TABLE symbols_fts USING fts5(
    words, docstring, content='symbols', content_rowid='id', tokenize='porter unicode61'
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
CREATE TABLE model_calls(
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    tier TEXT NOT NULL,
    model TEXT NOT NULL,
    input_tokens INTEGER NOT NULL,
    output_tokens INTEGER NOT NULL,
    cache_creation_tokens INTEGER NOT NULL,
    cache_read_tokens INTEGER NOT NULL,
    cost_usd REAL NOT NULL,
    rule_ids TEXT NOT NULL,
    outcome TEXT NOT NULL,
    duration_ms INTEGER NOT NULL,
    path TEXT,
    first_line INTEGER,
    last_line INTEGER,
    action TEXT,
    rules_followed TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX model_calls_started ON model_calls(started_at);
"""

# Lookups by name and module, on values in no particular order: kept up to date row by row,
# they cost a cold build a sixth of its writing; built once at its end, much less.
_LOOKUP_INDEXES = {
    "symbols_name": "CREATE INDEX IF NOT EXISTS symbols_name ON symbols(name)",
    "imports_module": "CREATE INDEX IF NOT EXISTS imports_module ON imports(module)",
}
_FILE_TABLES = ("files", "symbols", "imports")
_SPAN_COLUMNS = ("start_byte", "end_byte", "start_line", "start_col", "end_line", "end_col")
_SYMBOL_COLUMNS = ", ".join(
    f"symbols.{column}"
    for column in (
        *("name", "kind", "scope", "exported", "docstring", "signature"),
        *_SPAN_COLUMNS,
        *(f"name_{c}" for c in _SPAN_COLUMNS),
    )
)
_IMPORT_COLUMNS = (
    "module, names, alias, relative, start_byte, end_byte, start_line, start_col, end_line, end_col"
)


_FILE_VALUES = (
    "language, size, mtime_ns, checked_ns, hash, origin, problem, problem_message,"
    " error_count, symbol_count, ref_names, ref_spans, comments"
)
_INSERT_FILE = f"INSERT INTO files({_FILE_VALUES}, path, id) VALUES ({','.join('?' * 15)})"
_UPDATE_FILE = (
    "UPDATE files SET language=?, size=?, mtime_ns=?, checked_ns=?, hash=?, origin=?,"
    " problem=?, problem_message=?, error_count=?, symbol_count=?, ref_names=?,"
    " ref_spans=?, comments=? WHERE id=?"
)
_INSERT_SYMBOL = (
    "INSERT INTO symbols(id, file_id, words, name, kind, scope, exported, docstring, signature,"
    " start_byte, end_byte, start_line, start_col, end_line, end_col,"
    " name_start_byte, name_end_byte, name_start_line, name_start_col, name_end_line,"
    " name_end_col) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
)
# A symbol row as read back: id, words, then name, kind, scope, exported, docstring and
# signature (its identity, up to this index), then the twelve span values.
_IDENTITY_END = 8
_UPDATE_SYMBOL_SPANS = (
    "UPDATE symbols SET start_byte=?, end_byte=?, start_line=?, start_col=?, end_line=?,"
    " end_col=?, name_start_byte=?, name_end_byte=?, name_start_line=?, name_start_col=?,"
    " name_end_line=?, name_end_col=? WHERE id=?"
)
_INSERT_IMPORT = f"INSERT INTO imports(file_id, {_IMPORT_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?)"
# SQLite before 3.32 allows 999 parameters in one statement.
_PARAMETERS_PER_QUERY = 900


class StoreError(Exception):
    """The index cannot be used (e.g. its folder is not writable); the message says why."""


@dataclass(frozen=True, slots=True)
class FileRow:
    """What the index holds about one file."""

    path: str
    language: str
    size: int  # -1 while an editor buffer, not the disk, is the truth
    mtime_ns: int
    hash: str
    origin: str  # "disk" | "buffer"
    symbol_count: int
    error_count: int
    problem: str | None = None  # ReadProblem kind when the file could not be indexed
    problem_message: str | None = None
    checked_ns: int = 0  # when size and mtime were last confirmed against the content


@dataclass(frozen=True, slots=True)
class EncodedFile:
    """One file ready to be written: its state plus its extract as table rows."""

    path: str
    language: str
    size: int
    mtime_ns: int
    checked_ns: int
    hash: str
    origin: str
    symbols: tuple[Row, ...] = ()  # `SymbolRow`s
    words: tuple[str, ...] = ()  # each symbol's name split into words, for full-text search
    imports: tuple[Row, ...] = ()
    ref_names: str = ""  # one name per line
    ref_spans: bytes = b""  # array("i"): is_call + six span values per reference
    comments_json: str = "[]"
    error_count: int = 0
    problem: str | None = None
    problem_message: str | None = None


def content_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def default_db_path(root: Path) -> Path:
    """Where the index of `root` lives: the user's cache dir, one file per resolved root."""
    base = os.environ.get(CACHE_DIR_ENV) or platformdirs.user_cache_dir("steering")
    resolved = root.resolve()
    key = hashlib.sha256(str(resolved).encode("utf-8", "surrogateescape")).hexdigest()[:16]
    label = re.sub(r"[^A-Za-z0-9_.-]", "_", resolved.name)[:40] or "root"
    return Path(base) / "index" / f"{label}-{key}.sqlite3"


# --- encoding -----------------------------------------------------------------------------

_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")


@lru_cache(maxsize=65536)  # names repeat a lot across a codebase
def identifier_words(name: str) -> str:
    """`parseHTTPResponse` -> `parsehttpresponse parse http response`, for full-text search."""
    whole = name.lower()
    # `_WORD` matches no separator (`_`, `.`, `$`, ...), so one pass over the whole name
    # finds the words of each part between separators.
    parts = _WORD.findall(name)
    if not parts or (len(parts) == 1 and parts[0].lower() == whole):
        return whole
    return f"{whole} {' '.join(parts).lower()}"


def encode_file(
    extract: PackedExtract,
    size: int,
    mtime_ns: int,
    checked_ns: int,
    digest: str,
    origin: str,
) -> EncodedFile:
    """Turn an extract into rows; pure, so it can run in an index worker process.

    The extract comes packed (`extract_packed`, or `pack` for one made of objects): its
    symbols are rows already, and its references the flat layout stored here.
    """
    return EncodedFile(
        path=extract.path,
        language=extract.language,
        size=size,
        mtime_ns=mtime_ns,
        checked_ns=checked_ns,
        hash=digest,
        origin=origin,
        symbols=extract.symbols,
        words=tuple([identifier_words(row[0]) for row in extract.symbols]),
        imports=tuple([_import_row(i) for i in extract.imports]),
        ref_names=extract.references.names,
        ref_spans=extract.references.values.tobytes(),
        comments_json=json.dumps(extract.comments, separators=(",", ":"), ensure_ascii=False),
        error_count=extract.error_count,
    )


def _import_row(i: Import) -> Row:
    return (i.module, _json_names(i.names), i.alias, int(i.relative), *span_values(i.span))


_PLAIN_NAME = re.compile(r"[\w$*.:-]*", re.ASCII)


def _json_names(names: tuple[str, ...]) -> str:
    """`json.dumps(names)`, with a quicker path for the usual identifiers."""
    if all(_PLAIN_NAME.fullmatch(name) for name in names):
        return "[" + ", ".join(f'"{name}"' for name in names) + "]"
    return json.dumps(names)


def _span(values: Sequence[Any]) -> Span:
    """A span from six stored ints (SQLite and JSON give them back as ints)."""
    return make_span(*values)


def _symbol(row: Sequence[Any]) -> Symbol:
    """A symbol from a row of `_SYMBOL_COLUMNS` (the layout of extraction's `SymbolRow`)."""
    return make_symbol(
        row[0], row[1], make_span(*row[6:12]), make_span(*row[12:18]), row[2], bool(row[3]),
        row[4], row[5],
    )  # fmt: skip


def _references(
    names: str, spans: bytes, keep: Callable[[str], bool] | None = None
) -> Sequence[Reference]:
    values = array("i")
    values.frombytes(spans)
    if keep is None:
        return FlatReferences(names, values)  # built when read: most reads need a few
    return references_from_flat(names, values.tolist(), keep)


def _import(row: sqlite3.Row | Row) -> Import:
    return Import(
        module=str(row[0]),
        names=tuple(json.loads(str(row[1]))),
        alias=row[2],  # type: ignore[arg-type]
        relative=bool(row[3]),
        span=_span(row[4:10]),
    )


def fts_query(text: str) -> str:
    """User text as an FTS5 query that cannot be a syntax error: quoted words joined by OR."""
    words: list[str] = []
    for token in re.findall(r"\w+", text):
        for word in identifier_words(token).split():
            if word not in words:
                words.append(word)
    return " OR ".join(f'"{w}"' for w in words)


# --- opening ------------------------------------------------------------------------------


def is_corruption(exc: BaseException) -> bool:
    """Whether `exc` says the index file is damaged (as opposed to busy, full or unwritable)."""
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    return isinstance(exc, sqlite3.DatabaseError) and code in _CORRUPTION_CODES


def _unusable_reason(db_path: Path) -> str | None:
    """Why an existing index file must not be trusted, or None when it looks sound.

    Cheap on purpose (a full `quick_check` reads the whole file, too slow for every start):
    the header, the schema version and the files table. Damage deeper in the file surfaces
    as a corruption error when it is read; `is_corruption` recognises it so the caller can
    discard the index and build it again.
    """
    con = sqlite3.connect(db_path, timeout=30)
    try:
        version = con.execute("PRAGMA user_version").fetchone()[0]
        if version != SCHEMA_VERSION:
            return f"the index has schema version {version}, this version needs {SCHEMA_VERSION}"
        con.execute("SELECT count(*), max(checked_ns) FROM files").fetchone()
        con.execute("SELECT count(*) FROM meta").fetchone()
    except sqlite3.DatabaseError as exc:
        if is_corruption(exc):
            return f"the index is corrupt ({exc})"
        raise
    finally:
        con.close()
    return None


def _next_id(con: sqlite3.Connection, table: str) -> int:
    return int(con.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}").fetchone()[0])


def _file_values(f: EncodedFile) -> Row:
    """The columns of `_FILE_VALUES` for one file."""
    return (
        f.language,
        f.size,
        f.mtime_ns,
        f.checked_ns,
        f.hash,
        f.origin,
        f.problem,
        f.problem_message,
        f.error_count,
        len(f.symbols),
        f.ref_names,
        f.ref_spans,
        f.comments_json,
    )


def _db_files(db_path: Path) -> list[Path]:
    return [db_path, *(db_path.with_name(db_path.name + s) for s in ("-wal", "-shm", "-journal"))]


def _private(db_path: Path) -> None:
    for path in _db_files(db_path):
        with suppress(FileNotFoundError):
            os.chmod(path, 0o600)


class IndexStore:
    """One workspace's index. Open with `IndexStore.open(path)`; safe to share across threads."""

    def __init__(self, db_path: Path, rebuilt_reason: str | None) -> None:
        self.db_path = db_path
        self.rebuilt_reason = rebuilt_reason
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._write_lock = threading.RLock()
        self._checkpointer: ThreadPoolExecutor | None = None

    @classmethod
    def open(cls, db_path: Path, discard: str | None = None) -> IndexStore:
        """Open (or create) the index at `db_path`; an old or corrupt file is rebuilt.

        With `discard` (the reason), the existing file is thrown away unconditionally: for
        a caller that met corruption while using it.
        """
        try:
            db_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            reason = discard
            if reason is None and db_path.exists():
                reason = _unusable_reason(db_path)
            if reason is not None:
                for path in _db_files(db_path):
                    path.unlink(missing_ok=True)
            if not db_path.exists():
                os.close(os.open(db_path, os.O_CREAT | os.O_WRONLY, 0o600))
            store = cls(db_path, reason)
            store._create_schema()
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"cannot use the index at {db_path}: {exc}") from exc
        _private(db_path)
        return store

    def _connection(self) -> sqlite3.Connection:
        con: sqlite3.Connection | None = getattr(self._local, "con", None)
        if con is None:
            con = sqlite3.connect(
                self.db_path, isolation_level=None, check_same_thread=False, timeout=30
            )
            con.execute("PRAGMA synchronous=NORMAL")
            con.execute("PRAGMA cache_size=-16000")
            # A checkpoint inside a commit would stall an editor's update now and then;
            # checkpoints run after background work instead (see `checkpoint`).
            con.execute("PRAGMA wal_autocheckpoint=0")
            self._local.con = con
            with self._lock:
                self._connections.append(con)
        return con

    def _create_schema(self) -> None:
        con = self._connection()
        con.execute("PRAGMA journal_mode=WAL")
        with self._write() as w:
            if w.execute("PRAGMA user_version").fetchone()[0] == 0:
                for statement in _SCHEMA.split(";\n"):
                    if statement.strip():
                        w.execute(statement)
                w.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            # Also after a build that was stopped inside `bulk_load`.
            for statement in _LOOKUP_INDEXES.values():
                w.execute(statement)

    @contextmanager
    def bulk_load(self) -> Iterator[None]:
        """For filling an empty index: the lookup indexes by name and module are dropped
        meanwhile and built once at the end (until then, such lookups scan their table).
        A build killed inside gets them back when the index is next opened."""
        with self._write() as con:
            for name in _LOOKUP_INDEXES:
                con.execute(f"DROP INDEX IF EXISTS {name}")
        try:
            yield
        finally:
            with self._write() as con:
                for statement in _LOOKUP_INDEXES.values():
                    con.execute(statement)

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; taken immediately so two writers queue instead of failing."""
        with self._write_lock:
            con = self._connection()
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

    def checkpoint(self, min_wal_bytes: int = 0) -> None:
        """Copy the write-ahead log into the index file, as far as readers allow.

        With `min_wal_bytes`, only once the log has grown that large: a checkpoint syncs
        the file, which is worth doing in bulk rather than after every small update.
        """
        wal = self.db_path.with_name(self.db_path.name + "-wal")
        with suppress(OSError):
            if wal.stat().st_size < min_wal_bytes:
                return
        with suppress(sqlite3.OperationalError):  # busy: the next checkpoint catches up
            self._connection().execute("PRAGMA wal_checkpoint(PASSIVE)")

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

    def __enter__(self) -> IndexStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- meta -----------------------------------------------------------------------------

    def meta(self, key: str) -> str | None:
        row = self._connection().execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        with self._write() as con:
            con.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))

    def clear_files(self) -> None:
        """Forget every indexed file (rules and recorded model calls stay)."""
        with self._write() as con:
            con.execute("INSERT INTO symbols_fts(symbols_fts) VALUES ('delete-all')")
            for table in _FILE_TABLES:
                con.execute(f"DELETE FROM {table}")

    # --- writing files ----------------------------------------------------------------------

    def put_files(self, files: Sequence[EncodedFile]) -> None:
        """Insert or replace files with everything extracted from them, in one transaction.

        A few statements per call, not per file: on a cold build of small files the
        per-statement cost outweighed the rows'. New rows get their ids here (the write lock
        and the transaction make that safe), so that symbols can name their file, and the
        full-text rows of the whole batch come from one `INSERT ... SELECT`.
        """
        if not files:
            return  # no empty transaction: a single-file update makes several calls
        latest = {f.path: f for f in files}  # a path given twice: the last one wins
        with self._write() as con:
            known = self._file_ids(con, list(latest))
            # A file indexed before keeps the rows that did not change (see `_keep_symbols`).
            kept = {path: self._keep_symbols(con, known.get(path), f) for path, f in latest.items()}
            for known_id in known.values():
                con.execute("DELETE FROM imports WHERE file_id=?", (known_id,))
            next_file = _next_id(con, "files")
            first_symbol = next_symbol = _next_id(con, "symbols")
            new_files: list[Row] = []
            changed_files: list[Row] = []
            symbols: list[Row] = []
            imports: list[Row] = []
            for f in latest.values():
                values = _file_values(f)
                file_id = known.get(f.path, 0)
                if not file_id:
                    file_id, next_file = next_file, next_file + 1
                    new_files.append((*values, f.path, file_id))
                else:
                    changed_files.append((*values, file_id))
                skip = kept.get(f.path, 0)
                for row, words in zip(f.symbols[skip:], f.words[skip:], strict=True):
                    symbols.append((next_symbol, file_id, words, *row))
                    next_symbol += 1
                imports.extend([(file_id, *row) for row in f.imports])
            con.executemany(_INSERT_FILE, new_files)
            con.executemany(_UPDATE_FILE, changed_files)
            con.executemany(_INSERT_SYMBOL, symbols)
            con.execute(
                "INSERT INTO symbols_fts(rowid, words, docstring)"
                " SELECT id, words, docstring FROM symbols WHERE id >= ?",
                (first_symbol,),
            )
            con.executemany(_INSERT_IMPORT, imports)

    @staticmethod
    def _keep_symbols(con: sqlite3.Connection, file_id: int | None, f: EncodedFile) -> int:
        """Bring an indexed file's symbols up to `f`, rewriting as little as possible; returns
        how many of `f.symbols` are in place (the rest are to be inserted after them).

        Symbols are read back in id order, which is source order, so only a suffix may be
        rewritten: the longest unchanged prefix stays as it is. When the rest differ only in
        their spans (a line typed above them), their spans are updated in place and the
        full-text index, which holds only names and docstrings, is left alone. Otherwise the
        rest are deleted, with their full-text rows, to be inserted again with new ids.
        """
        if file_id is None:
            return 0
        old = con.execute(
            f"SELECT id, words, {_SYMBOL_COLUMNS} FROM symbols WHERE file_id=? ORDER BY id",
            (file_id,),
        ).fetchall()
        new = [(words, *row) for row, words in zip(f.symbols, f.words, strict=True)]
        prefix = 0
        for before, after in zip(old, new, strict=False):  # exported: stored 0/1, 1 == True
            if before[1:] != after:
                break
            prefix += 1
        rest_old, rest_new = old[prefix:], new[prefix:]
        if not rest_old:
            return prefix
        if len(rest_old) == len(rest_new) and all(
            before[1:_IDENTITY_END] == after[: _IDENTITY_END - 1]
            for before, after in zip(rest_old, rest_new, strict=True)
        ):
            con.executemany(
                _UPDATE_SYMBOL_SPANS,
                [
                    (*after[_IDENTITY_END - 1 :], before[0])
                    for before, after in zip(rest_old, rest_new, strict=True)
                ],
            )
            return len(new)
        IndexStore._drop_symbols(con, file_id, from_id=rest_old[0][0])
        return prefix

    @staticmethod
    def _file_ids(con: sqlite3.Connection, paths: list[str]) -> dict[str, int]:
        """The ids of those of `paths` that are indexed."""
        found: dict[str, int] = {}
        for i in range(0, len(paths), _PARAMETERS_PER_QUERY):
            part = paths[i : i + _PARAMETERS_PER_QUERY]
            rows = con.execute(
                f"SELECT path, id FROM files WHERE path IN ({','.join('?' * len(part))})", part
            )
            found.update(rows)
        return found

    @staticmethod
    def _drop_contents(con: sqlite3.Connection, file_id: int) -> None:
        """Delete a file's symbols (and their full-text rows) and imports."""
        IndexStore._drop_symbols(con, file_id)
        con.execute("DELETE FROM imports WHERE file_id=?", (file_id,))

    @staticmethod
    def _drop_symbols(con: sqlite3.Connection, file_id: int, from_id: int = 0) -> None:
        """Delete a file's symbols from id `from_id` on, with their full-text rows."""
        con.execute(
            "INSERT INTO symbols_fts(symbols_fts, rowid, words, docstring)"
            " SELECT 'delete', id, words, docstring FROM symbols WHERE file_id=? AND id>=?",
            (file_id, from_id),
        )
        con.execute("DELETE FROM symbols WHERE file_id=? AND id>=?", (file_id, from_id))

    def touch_files(self, states: Sequence[tuple[str, int, int, int]]) -> None:
        """Record (path, size, mtime_ns, checked_ns) for files whose content did not change."""
        if not states:
            return
        with self._write() as con:
            con.executemany(
                "UPDATE files SET size=?, mtime_ns=?, checked_ns=?, origin='disk' WHERE path=?",
                [(size, mtime, checked, path) for path, size, mtime, checked in states],
            )

    def remove_files(self, paths: Sequence[str]) -> int:
        """Forget `paths`; returns how many were indexed."""
        if not paths:
            return 0
        with self._write() as con:
            known = self._file_ids(con, list(dict.fromkeys(paths)))
            for file_id in known.values():
                self._drop_contents(con, file_id)
                con.execute("DELETE FROM files WHERE id=?", (file_id,))
        return len(known)

    def rename_file(self, old: str, new: str) -> bool:
        """Move a file's entry to a new path without re-extracting; False when `old` is unknown."""
        with self._write() as con:
            if con.execute("SELECT 1 FROM files WHERE path=?", (old,)).fetchone() is None:
                return False
            if old != new:
                self.remove_files([new])
                con.execute("UPDATE files SET path=? WHERE path=?", (new, old))
        return True

    # --- reading files ----------------------------------------------------------------------

    _FILE_ROW = (
        "SELECT path, language, size, mtime_ns, hash, origin, symbol_count, error_count,"
        " problem, problem_message, checked_ns FROM files"
    )

    def file_rows(self, under: str = "") -> list[FileRow]:
        """Every file the index knows, skipped ones included, optionally under a folder."""
        sql = self._FILE_ROW
        params: tuple[str, ...] = ()
        if under:
            sql += " WHERE path >= ? AND path < ?"
            params = (under + "/", under + "0")  # "0" sorts right after "/"
        rows = self._connection().execute(sql + " ORDER BY path", params).fetchall()
        return [FileRow(*row) for row in rows]

    def files(self) -> list[FileRow]:
        """The indexed files (those that could be read and parsed), by path."""
        return [row for row in self.file_rows() if row.problem is None]

    def skipped_files(self) -> list[FileRow]:
        """Files that were found but could not be indexed, with the reason in `problem`."""
        return [row for row in self.file_rows() if row.problem is not None]

    def file(self, path: str) -> FileRow | None:
        row = self._connection().execute(self._FILE_ROW + " WHERE path=?", (path,)).fetchone()
        return None if row is None else FileRow(*row)

    def extract_for(
        self, path: str, keep_reference: Callable[[str], bool] | None = None
    ) -> FileExtract | None:
        """Everything extracted from `path`, rebuilt from the index; None when not indexed.
        With `keep_reference`, only the references whose name it keeps."""
        con = self._connection()
        row = con.execute(
            "SELECT id, language, error_count, ref_names, ref_spans, comments FROM files"
            " WHERE path=? AND problem IS NULL",
            (path,),
        ).fetchone()
        if row is None:
            return None
        return self._extract(con, path, row, keep_reference)

    def _extract(
        self,
        con: sqlite3.Connection,
        path: str,
        row: Row,
        keep_reference: Callable[[str], bool] | None = None,
    ) -> FileExtract:
        file_id, language, error_count, ref_names, ref_spans, comments = row
        symbols = con.execute(
            f"SELECT {_SYMBOL_COLUMNS} FROM symbols WHERE file_id=? ORDER BY id", (file_id,)
        ).fetchall()
        imports = con.execute(
            f"SELECT {_IMPORT_COLUMNS} FROM imports WHERE file_id=? ORDER BY rowid", (file_id,)
        ).fetchall()
        return FileExtract(
            path=path,
            language=str(language),
            symbols=tuple(_symbol(s) for s in symbols),
            imports=tuple(_import(i) for i in imports),
            references=_references(str(ref_names), bytes(ref_spans), keep_reference),  # type: ignore[call-overload]
            comments=tuple(Comment(c[0], _span(c[1:7])) for c in json.loads(str(comments))),
            error_count=int(error_count),  # type: ignore[call-overload]
        )

    def content_fingerprint(self) -> str:
        """A digest of what the index holds: each file's path, language, content hash and
        problem. Two equal digests mean equal extracts (what is derived from them can be
        reused); one stat-only change (a touched mtime) leaves it alone."""
        digest = hashlib.blake2b(digest_size=16)
        rows = self._connection().execute(
            "SELECT path, language, hash, coalesce(problem, '') FROM files ORDER BY path"
        )
        for row in rows:
            digest.update("\0".join(map(str, row)).encode("utf-8", "surrogateescape") + b"\n")
        return digest.hexdigest()

    def iter_extracts(
        self, keep_reference: Callable[[str], bool] | None = None
    ) -> Iterator[FileExtract]:
        """Every indexed file's extract, by path, read lazily. With `keep_reference`, only
        the references whose name it keeps are built (a workspace holds hundreds of
        thousands; the conventions read a few: `conventions.reference_filter`)."""
        for listed in self.files():
            extract = self.extract_for(listed.path, keep_reference)
            if extract is not None:
                yield extract

    def symbols_in(self, path: str) -> list[Symbol]:
        rows = self._connection().execute(
            f"SELECT {_SYMBOL_COLUMNS} FROM symbols JOIN files ON files.id = symbols.file_id"
            " WHERE files.path=? ORDER BY symbols.id",
            (path,),
        )
        return [_symbol(r) for r in rows]

    def imports_in(self, path: str) -> list[Import]:
        rows = self._connection().execute(
            f"SELECT {_IMPORT_COLUMNS} FROM imports JOIN files ON files.id = imports.file_id"
            " WHERE files.path=? ORDER BY imports.rowid",
            (path,),
        )
        return [_import(r) for r in rows]

    def symbols_of_kind(self, path: str, kind: str) -> list[Symbol]:
        """The file's definitions of one kind (retrieval's examples want no others)."""
        rows = self._connection().execute(
            f"SELECT {_SYMBOL_COLUMNS} FROM symbols JOIN files ON files.id = symbols.file_id"
            " WHERE files.path=? AND symbols.kind=? ORDER BY symbols.id",
            (path, kind),
        )
        return [_symbol(r) for r in rows]

    def imported_modules(self, path: str) -> set[str]:
        """The modules the file imports, without building an `Import` for each."""
        rows = self._connection().execute(
            "SELECT DISTINCT module FROM imports JOIN files ON files.id = imports.file_id"
            " WHERE files.path=?",
            (path,),
        )
        return {row[0] for row in rows}

    def find_definitions(self, name: str) -> list[tuple[str, Symbol]]:
        """Symbols named exactly `name`, with their file paths."""
        rows = self._connection().execute(
            f"SELECT files.path, {_SYMBOL_COLUMNS} FROM symbols"
            " JOIN files ON files.id = symbols.file_id WHERE symbols.name=?"
            " ORDER BY files.path, symbols.id",
            (name,),
        )
        return [(str(r[0]), _symbol(r[1:])) for r in rows]

    def search_symbols(self, query: str, limit: int = 20) -> list[tuple[str, Symbol, float]]:
        """Symbols whose name or docstring matches `query` (BM25; higher score is better)."""
        match = fts_query(query)
        if not match:
            return []
        rows = self._connection().execute(
            f"SELECT files.path, -bm25(symbols_fts, 4.0, 1.0), {_SYMBOL_COLUMNS}"
            " FROM symbols_fts JOIN symbols ON symbols.id = symbols_fts.rowid"
            " JOIN files ON files.id = symbols.file_id"
            " WHERE symbols_fts MATCH ? ORDER BY bm25(symbols_fts, 4.0, 1.0) LIMIT ?",
            (match, limit),
        )
        return [(str(r[0]), _symbol(r[2:]), float(r[1])) for r in rows]

    def files_importing(self, module: str) -> list[str]:
        """Files that import `module` or one of its submodules."""
        rows = self._connection().execute(
            "SELECT DISTINCT files.path FROM imports JOIN files ON files.id = imports.file_id"
            " WHERE imports.module = ? OR (imports.module >= ? AND imports.module < ?)"
            " ORDER BY files.path",
            (module, module + ".", module + "/"),  # "/" sorts right after "."
        )
        return [str(r[0]) for r in rows]

    def counts(self) -> tuple[int, int]:
        """(indexed files, symbols)."""
        con = self._connection()
        files = con.execute("SELECT count(*) FROM files WHERE problem IS NULL").fetchone()[0]
        symbols = con.execute("SELECT count(*) FROM symbols").fetchone()[0]
        return int(files), int(symbols)

    # --- rules ------------------------------------------------------------------------------

    def replace_rules(self, rules: Sequence[Rule]) -> None:
        """Make `rules` the searchable rule sections (the previous set is dropped)."""
        with self._write() as con:
            con.execute("INSERT INTO rules_fts(rules_fts) VALUES ('delete-all')")
            con.execute("DELETE FROM rules")
            con.executemany(
                "INSERT OR REPLACE INTO rules(id, title, text, source) VALUES (?,?,?,?)",
                [(r.id, r.title, r.text, r.source) for r in rules],
            )
            con.execute(
                "INSERT INTO rules_fts(rowid, title, text) SELECT rowid, title, text FROM rules"
            )

    def search_rules(self, query: str, limit: int = 20) -> list[tuple[str, float]]:
        """Rule ids whose title or text matches `query` (BM25; higher score is better)."""
        match = fts_query(query)
        if not match:
            return []
        rows = self._connection().execute(
            "SELECT rules.id, -bm25(rules_fts, 2.0, 1.0) FROM rules_fts"
            " JOIN rules ON rules.rowid = rules_fts.rowid WHERE rules_fts MATCH ?"
            " ORDER BY bm25(rules_fts, 2.0, 1.0) LIMIT ?",
            (match, limit),
        )
        return [(str(r[0]), float(r[1])) for r in rows]

    # --- model calls ------------------------------------------------------------------------

    def record_model_call(self, call: ModelCall) -> None:
        with self._write() as con:
            con.execute(
                "INSERT INTO model_calls(started_at, tier, model, input_tokens, output_tokens,"
                " cache_creation_tokens, cache_read_tokens, cost_usd, rule_ids, outcome,"
                " duration_ms, path, first_line, last_line, action)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    call.started_at,
                    call.tier,
                    call.model,
                    call.input_tokens,
                    call.output_tokens,
                    call.cache_creation_tokens,
                    call.cache_read_tokens,
                    call.cost_usd,
                    json.dumps(call.rule_ids),
                    call.outcome,
                    call.duration_ms,
                    call.path,
                    call.lines.first if call.lines else None,
                    call.lines.last if call.lines else None,
                    call.action,
                ),
            )

    def set_call_outcome(
        self,
        call: ModelCall,
        outcome: str,
        lines: LineRange | None,
        followed: Sequence[str] = (),
    ) -> None:
        """Update a recorded call once its fate is known (e.g. its edit was applied there),
        with the rules the model says its edit follows."""
        with self._write() as con:
            con.execute(
                "UPDATE model_calls SET outcome = ?, first_line = ?, last_line = ?,"
                " rules_followed = ? WHERE started_at = ? AND model = ? AND tier = ?",
                (
                    outcome,
                    lines.first if lines else None,
                    lines.last if lines else None,
                    json.dumps(list(followed)),
                    call.started_at,
                    call.model,
                    call.tier,
                ),
            )

    def files_referencing(self, name: str) -> list[str]:
        """Paths whose extracted references include `name` (a scan: meant for rare checks)."""
        rows = self._connection().execute(
            "SELECT path, ref_names FROM files WHERE instr(ref_names, ?) > 0", (name,)
        )
        return [str(path) for path, names in rows if name in str(names).split("\n")]

    def model_calls(self, since: str | None = None, path: str | None = None) -> list[ModelCall]:
        """Recorded calls in the order they started, optionally from `since` (ISO 8601) on
        and about one file."""
        rows = self._connection().execute(
            "SELECT started_at, tier, model, input_tokens, output_tokens, cache_creation_tokens,"
            " cache_read_tokens, cost_usd, rule_ids, outcome, duration_ms, path, first_line,"
            " last_line, action, rules_followed FROM model_calls"
            " WHERE started_at >= ? AND (? IS NULL OR path = ?) ORDER BY started_at, id",
            (since or "", path, path),
        )
        return [
            ModelCall(
                started_at=r[0],
                tier=r[1],
                model=r[2],
                input_tokens=r[3],
                output_tokens=r[4],
                cache_creation_tokens=r[5],
                cache_read_tokens=r[6],
                cost_usd=r[7],
                rule_ids=tuple(json.loads(r[8])),
                outcome=r[9],
                duration_ms=r[10],
                path=r[11],
                lines=LineRange(r[12], r[13]) if r[12] is not None else None,
                action=r[14],
                rules_followed=tuple(json.loads(r[15])),
            )
            for r in rows
        ]
