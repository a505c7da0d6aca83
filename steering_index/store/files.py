"""The files table group: each indexed file with its extract, and the lookups across files.

A file's extract (symbols, imports, references, comments) is one row of `extracts`, each part
compressed (`encoding.py`); what is looked up across files has its own small table: the names
of definitions (`definitions`), the modules imported (`imported`) and the words of names and
docstrings (`symbols_fts`, which keeps no copy of them). A symbol is known there by an id: each
file is given a run of ids, a few more than it has symbols (`symbol_slots`), from
`first_symbol` on, so that neighbouring symbols have neighbouring ids (the full-text index
stores each id as the difference from the one before).

Writes come in batches (`put_files`), a few statements a batch rather than a few a file. An
updated file's lookups change only where its symbols did: a line typed above them rewrites
the file's extract and nothing else.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from steering_index.model import Comment, FileExtract
from steering_index.store.database import Database
from steering_index.store.encoding import (
    EncodedFile,
    Row,
    identifier_words,
    references_from_columns,
    span_from_values,
    symbol_slots,
    symbol_texts,
    unpack_comments,
    unpack_imports,
    unpack_symbols,
)

_FILE_VALUES = (
    "language, size, mtime_ns, checked_ns, hash, origin, problem, problem_message,"
    " error_count, symbol_count, first_symbol, symbol_slots"
)
_INSERT_FILE = f"INSERT INTO files({_FILE_VALUES}, path, id) VALUES ({','.join('?' * 14)})"
_UPDATE_FILE = (
    "UPDATE files SET language=?, size=?, mtime_ns=?, checked_ns=?, hash=?, origin=?,"
    " problem=?, problem_message=?, error_count=?, symbol_count=?, first_symbol=?,"
    " symbol_slots=? WHERE id=?"
)
_PUT_EXTRACT = (
    "INSERT OR REPLACE INTO extracts(file_id, symbols, imports, ref_names, ref_spans, comments)"
    " VALUES (?,?,?,?,?,?)"
)
# The lookups a bulk load fills: written in id order to a staging table meanwhile, and sorted
# into the lookup once at its end (rows in name order, not scattered over the whole table).
STAGED = {"definitions": "definitions_load", "imported": "imported_load"}
# SQLite before 3.32 allows 999 parameters in one statement.
_PARAMETERS_PER_QUERY = 900


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


def _next_id(con: sqlite3.Connection, table: str) -> int:
    return int(con.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}").fetchone()[0])


def _next_symbol(con: sqlite3.Connection) -> int:
    """The first symbol id after every file's run (ids of a file removed last are reused:
    its lookup rows went with it). A file with no definitions has an empty run where the
    next would start, so several runs may start at the last id: the longest ends last."""
    row = con.execute(
        "SELECT max(first_symbol + symbol_slots) FROM files"
        " WHERE first_symbol = (SELECT max(first_symbol) FROM files)"
    ).fetchone()
    return 1 if row is None or row[0] is None else int(row[0])


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
        len(f.names),
    )


@dataclass(slots=True)
class _LookupChanges:
    """The rows of the lookups across files that a batch of writes adds and removes."""

    fts_deleted: list[Row] = field(default_factory=list)
    fts_added: list[Row] = field(default_factory=list)
    names_deleted: list[Row] = field(default_factory=list)
    names_added: list[Row] = field(default_factory=list)
    modules_deleted: list[Row] = field(default_factory=list)
    modules_added: list[Row] = field(default_factory=list)

    def replace(
        self,
        file_id: int,
        old: tuple[list[tuple[str, str | None]], list[str]],
        new: EncodedFile | None,
        old_first: int,
        new_first: int,
    ) -> None:
        """A file's lookups go from `old` (its symbols' names and docstrings, its modules;
        ids from `old_first` on) to those of `new` (None: the file is gone; ids from
        `new_first` on). In the same run of ids only the symbols that differ change."""
        before, old_modules = old
        after = list(zip(new.names, new.docstrings, strict=True)) if new is not None else []
        if old_first != new_first:
            self._symbols(old_first, before, [], None)
            before = []
        self._symbols(new_first, before, after, new)
        new_modules = list(new.modules) if new is not None else []
        self.modules_deleted += [(m, file_id) for m in old_modules if m not in new_modules]
        self.modules_added += [(m, file_id) for m in new_modules if m not in old_modules]

    def _symbols(
        self,
        first: int,
        before: list[tuple[str, str | None]],
        after: list[tuple[str, str | None]],
        new: EncodedFile | None,
    ) -> None:
        for ordinal in range(max(len(before), len(after))):
            was = before[ordinal] if ordinal < len(before) else None
            now = after[ordinal] if ordinal < len(after) else None
            if was == now:
                continue
            rowid = first + ordinal
            # What is deleted from the full-text index must be what was added: the words
            # come from the name the same way (a change to `identifier_words` needs a new
            # schema version).
            if was is not None:
                self.fts_deleted.append((rowid, identifier_words(was[0]), was[1]))
            if now is not None and new is not None:
                self.fts_added.append((rowid, new.words[ordinal], now[1]))
            if was is not None and (now is None or was[0] != now[0]):
                self.names_deleted.append((was[0], rowid))
            if now is not None and (was is None or was[0] != now[0]):
                self.names_added.append((now[0], rowid))

    def write(self, con: sqlite3.Connection, staged: bool) -> None:
        con.executemany(
            "INSERT INTO symbols_fts(symbols_fts, rowid, words, docstring)"
            " VALUES ('delete', ?, ?, ?)",
            self.fts_deleted,
        )
        con.executemany(
            "INSERT INTO symbols_fts(rowid, words, docstring) VALUES (?, ?, ?)", self.fts_added
        )
        con.executemany("DELETE FROM definitions WHERE name=? AND id=?", self.names_deleted)
        con.executemany(
            "DELETE FROM definitions_load WHERE id=?", [(i,) for _, i in self.names_deleted]
        )
        con.executemany("DELETE FROM imported WHERE module=? AND file_id=?", self.modules_deleted)
        con.executemany(
            "DELETE FROM imported_load WHERE file_id=? AND module=?",
            [(f, m) for m, f in self.modules_deleted],
        )
        if staged:
            con.executemany(
                "INSERT OR REPLACE INTO definitions_load(id, name) VALUES (?, ?)",
                [(i, n) for n, i in self.names_added],
            )
            con.executemany(
                "INSERT OR IGNORE INTO imported_load(file_id, module) VALUES (?, ?)",
                [(f, m) for m, f in self.modules_added],
            )
        else:
            con.executemany(
                "INSERT OR IGNORE INTO definitions(name, id) VALUES (?, ?)", self.names_added
            )
            con.executemany(
                "INSERT OR IGNORE INTO imported(module, file_id) VALUES (?, ?)",
                self.modules_added,
            )


_NOTHING: tuple[list[tuple[str, str | None]], list[str]] = ([], [])


class FileTables(Database):
    """Reading and writing the files, extracts and lookup tables (a part of `IndexStore`)."""

    _bulk_loading = False

    def clear_files(self) -> None:
        """Forget every indexed file (the rules stay; model calls are in the ledger)."""
        with self.write() as con:
            con.execute("INSERT INTO symbols_fts(symbols_fts) VALUES ('delete-all')")
            for table in ("files", "extracts", *STAGED, *STAGED.values()):
                con.execute(f"DELETE FROM {table}")

    @contextmanager
    def bulk_load(self) -> Iterator[None]:
        """For filling an empty index: the lookups by name and module are written to staging
        tables meanwhile and sorted in once at the end (until then, lookups scan the staging
        tables too). A build killed inside has them sorted in when the index is next opened."""
        self._bulk_loading = True
        try:
            yield
        finally:
            self._bulk_loading = False
            with self.write() as con:
                self.flush_staged(con)
            self.release_free_pages()

    @staticmethod
    def flush_staged(con: sqlite3.Connection) -> None:
        """Sort what a bulk load staged into the lookups."""
        con.execute(
            "INSERT OR IGNORE INTO definitions(name, id)"
            " SELECT name, id FROM definitions_load ORDER BY name, id"
        )
        con.execute(
            "INSERT OR IGNORE INTO imported(module, file_id)"
            " SELECT module, file_id FROM imported_load ORDER BY module, file_id"
        )
        for staging in STAGED.values():
            con.execute(f"DELETE FROM {staging}")

    def release_free_pages(self) -> None:
        """Hand the pages the index no longer uses back to the file system (after a bulk
        load, its staging and the full-text index's merges leave about a tenth free)."""
        with self._write_lock:
            con = self.connection()
            if not con.in_transaction:
                # `executescript` steps the pragma to its end; `execute` frees one page.
                con.executescript("PRAGMA incremental_vacuum;")

    # --- writing files ----------------------------------------------------------------------

    def put_files(self, files: Sequence[EncodedFile]) -> None:
        """Insert or replace files with everything extracted from them, in one transaction.

        A few statements per call, not per file: on a cold build of small files the
        per-statement cost outweighed the rows'. New rows get their ids here (the write lock
        and the transaction make that safe), so that the lookups can name their file.
        """
        if not files:
            return  # no empty transaction: a single-file update makes several calls
        latest = {f.path: f for f in files}  # a path given twice: the last one wins
        with self.write() as con:
            known = self._file_blocks(con, list(latest))
            next_file = _next_id(con, "files")
            next_symbol = _next_symbol(con)
            new_files: list[Row] = []
            changed_files: list[Row] = []
            extracts: list[Row] = []
            problems: list[tuple[int]] = []
            lookups = _LookupChanges()
            for f in latest.values():
                file_id, old_first, slots = known.get(f.path, (0, next_symbol, 0))
                first = old_first
                if len(f.names) > slots:  # a new run of ids, at the end
                    first, slots = next_symbol, symbol_slots(len(f.names))
                    next_symbol += slots
                values = (*_file_values(f), first, slots)
                if not file_id:
                    file_id, next_file = next_file, next_file + 1
                    new_files.append((*values, f.path, file_id))
                    old = _NOTHING
                else:
                    changed_files.append((*values, file_id))
                    old = self._stored_lookups(con, file_id)
                lookups.replace(file_id, old, f, old_first, first)
                if f.problem is None:
                    extracts.append(
                        (file_id, f.symbols, f.imports, f.ref_names, f.ref_spans, f.comments)
                    )
                else:
                    problems.append((file_id,))
            con.executemany(_INSERT_FILE, new_files)
            con.executemany(_UPDATE_FILE, changed_files)
            con.executemany(_PUT_EXTRACT, extracts)
            con.executemany("DELETE FROM extracts WHERE file_id=?", problems)
            lookups.write(con, staged=self._bulk_loading)

    @staticmethod
    def _stored_lookups(
        con: sqlite3.Connection, file_id: int
    ) -> tuple[list[tuple[str, str | None]], list[str]]:
        """What the lookups hold of an indexed file: its symbols' names and docstrings, and
        the modules it imports (read back from its extract)."""
        row = con.execute(
            "SELECT symbols, imports FROM extracts WHERE file_id=?", (file_id,)
        ).fetchone()
        if row is None:
            return _NOTHING
        modules = list(dict.fromkeys(i.module for i in unpack_imports(bytes(row[1]))))
        return symbol_texts(bytes(row[0])), modules

    @staticmethod
    def _file_blocks(con: sqlite3.Connection, paths: list[str]) -> dict[str, tuple[int, int, int]]:
        """(id, first symbol id, symbol ids given) of those of `paths` that are indexed."""
        found: dict[str, tuple[int, int, int]] = {}
        for i in range(0, len(paths), _PARAMETERS_PER_QUERY):
            part = paths[i : i + _PARAMETERS_PER_QUERY]
            rows = con.execute(
                "SELECT path, id, first_symbol, symbol_slots FROM files"
                f" WHERE path IN ({','.join('?' * len(part))})",
                part,
            )
            found.update((path, (file_id, first, slots)) for path, file_id, first, slots in rows)
        return found

    def touch_files(self, states: Sequence[tuple[str, int, int, int]]) -> None:
        """Record (path, size, mtime_ns, checked_ns) for files whose content did not change."""
        if not states:
            return
        with self.write() as con:
            con.executemany(
                "UPDATE files SET size=?, mtime_ns=?, checked_ns=?, origin='disk' WHERE path=?",
                [(size, mtime, checked, path) for path, size, mtime, checked in states],
            )

    def remove_files(self, paths: Sequence[str]) -> int:
        """Forget `paths`; returns how many were indexed."""
        if not paths:
            return 0
        with self.write() as con:
            known = self._file_blocks(con, list(dict.fromkeys(paths)))
            lookups = _LookupChanges()
            for file_id, first, _ in known.values():
                lookups.replace(file_id, self._stored_lookups(con, file_id), None, first, first)
            lookups.write(con, staged=self._bulk_loading)
            ids = [(file_id,) for file_id, _, _ in known.values()]
            con.executemany("DELETE FROM extracts WHERE file_id=?", ids)
            con.executemany("DELETE FROM files WHERE id=?", ids)
        return len(known)

    def rename_file(self, old: str, new: str) -> bool:
        """Move a file's entry to a new path without re-extracting; False when `old` is unknown."""
        with self.write() as con:
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
        return list(self.iter_file_rows(under))

    def iter_file_rows(self, under: str = "") -> Iterator[FileRow]:
        """`file_rows` read as they are taken, by path (the order of `scan_workspace`): a scan
        compares them with the disk one at a time rather than holding every file's row."""
        sql = self._FILE_ROW
        params: tuple[str, ...] = ()
        if under:
            sql += " WHERE path >= ? AND path < ?"
            params = (under + "/", under + "0")  # "0" sorts right after "/"
        for row in self.connection().execute(sql + " ORDER BY path", params):
            yield FileRow(*row)

    def has_files(self) -> bool:
        """Whether the index knows any file (an empty one is filled by a bulk load)."""
        return self.connection().execute("SELECT 1 FROM files LIMIT 1").fetchone() is not None

    def files(self) -> list[FileRow]:
        """The indexed files (those that could be read and parsed), by path."""
        return [row for row in self.file_rows() if row.problem is None]

    def skipped_files(self) -> list[FileRow]:
        """Files that were found but could not be indexed, with the reason in `problem`."""
        return [row for row in self.file_rows() if row.problem is not None]

    def file(self, path: str) -> FileRow | None:
        row = self.connection().execute(self._FILE_ROW + " WHERE path=?", (path,)).fetchone()
        return None if row is None else FileRow(*row)

    def file_language(self, path: str) -> str | None:
        """The language `path` was indexed in (a script's, by its shebang); None if it was not."""
        row = self.connection().execute("SELECT language FROM files WHERE path=?", (path,))
        found = row.fetchone()
        return None if found is None else str(found[0])

    def extract_for(
        self, path: str, keep_reference: Callable[[str], bool] | None = None
    ) -> FileExtract | None:
        """Everything extracted from `path`, rebuilt from the index; None when not indexed.
        With `keep_reference`, only the references whose name it keeps."""
        row = (
            self.connection()
            .execute(
                "SELECT language, error_count, symbols, imports, ref_names, ref_spans, comments"
                " FROM files JOIN extracts ON extracts.file_id = files.id"
                " WHERE path=? AND problem IS NULL",
                (path,),
            )
            .fetchone()
        )
        if row is None:
            return None
        language, error_count, symbols, imports, ref_names, ref_spans, comments = row
        return FileExtract(
            path=path,
            language=str(language),
            symbols=tuple(unpack_symbols(bytes(symbols))),
            imports=tuple(unpack_imports(bytes(imports))),
            references=references_from_columns(str(ref_names), bytes(ref_spans), keep_reference),
            comments=tuple(
                Comment(c[0], span_from_values(c[1:7])) for c in unpack_comments(bytes(comments))
            ),
            error_count=int(error_count),
        )

    def content_fingerprint(self) -> str:
        """A digest of what the index holds: each file's path, language, content hash and
        problem. Two equal digests mean equal extracts (what is derived from them can be
        reused); one stat-only change (a touched mtime) leaves it alone."""
        digest = hashlib.blake2b(digest_size=16)
        rows = self.connection().execute(
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
        for path in self.indexed_paths():
            extract = self.extract_for(path, keep_reference)
            if extract is not None:
                yield extract

    def indexed_paths(self) -> Iterator[str]:
        """The indexed files' paths in order, read from the index as they are taken (at
        100,000 files a list of every file's row is tens of megabytes)."""
        rows = self.connection().execute(
            "SELECT path FROM files WHERE problem IS NULL ORDER BY path"
        )
        for (path,) in rows:
            yield str(path)

    def counts(self) -> tuple[int, int]:
        """(indexed files, symbols)."""
        files, symbols = (
            self.connection()
            .execute(
                "SELECT count(*), coalesce(sum(symbol_count), 0) FROM files WHERE problem IS NULL"
            )
            .fetchone()
        )
        return int(files), int(symbols)

    def files_referencing(self, name: str) -> list[str]:
        """Paths whose extracted references include `name` (a scan: meant for rare checks)."""
        rows = self.connection().execute(
            "SELECT path, ref_names FROM files JOIN extracts ON extracts.file_id = files.id"
            " WHERE instr(ref_names, ?) > 0",
            (name,),
        )
        return [str(path) for path, names in rows if name in str(names).split("\n")]
