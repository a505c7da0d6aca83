"""The files table group: each indexed file with its symbols, imports, references, comments.

Writes come in batches (`put_files`), a few statements a batch rather than a few a file;
an updated file keeps the symbol rows that did not change. Reads rebuild a `FileExtract`.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from steering_index.model import Comment, FileExtract
from steering_index.store.database import Database
from steering_index.store.encoding import (
    IMPORT_COLUMNS,
    SYMBOL_COLUMNS,
    EncodedFile,
    Row,
    import_from_row,
    references_from_columns,
    span_from_values,
    symbol_from_row,
    unpack_comments,
)

_FILE_TABLES = ("files", "symbols", "imports")

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
_INSERT_IMPORT = f"INSERT INTO imports(file_id, {IMPORT_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?)"
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
        f.comments,
    )


class FileTables(Database):
    """Reading and writing the files, symbols and imports tables (a part of `IndexStore`)."""

    def clear_files(self) -> None:
        """Forget every indexed file (the rules stay; model calls are in the ledger)."""
        with self.write() as con:
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
        with self.write() as con:
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
            f"SELECT id, words, {SYMBOL_COLUMNS} FROM symbols WHERE file_id=? ORDER BY id",
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
        FileTables._drop_symbols(con, file_id, from_id=rest_old[0][0])
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
        FileTables._drop_symbols(con, file_id)
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
            known = self._file_ids(con, list(dict.fromkeys(paths)))
            for file_id in known.values():
                self._drop_contents(con, file_id)
                con.execute("DELETE FROM files WHERE id=?", (file_id,))
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

    def extract_for(
        self, path: str, keep_reference: Callable[[str], bool] | None = None
    ) -> FileExtract | None:
        """Everything extracted from `path`, rebuilt from the index; None when not indexed.
        With `keep_reference`, only the references whose name it keeps."""
        con = self.connection()
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
            f"SELECT {SYMBOL_COLUMNS} FROM symbols WHERE file_id=? ORDER BY id", (file_id,)
        ).fetchall()
        imports = con.execute(
            f"SELECT {IMPORT_COLUMNS} FROM imports WHERE file_id=? ORDER BY rowid", (file_id,)
        ).fetchall()
        return FileExtract(
            path=path,
            language=str(language),
            symbols=tuple(symbol_from_row(s) for s in symbols),
            imports=tuple(import_from_row(i) for i in imports),
            references=references_from_columns(str(ref_names), bytes(ref_spans), keep_reference),  # type: ignore[call-overload]
            comments=tuple(
                Comment(c[0], span_from_values(c[1:7]))
                for c in json.loads(unpack_comments(bytes(comments)))  # type: ignore[call-overload]
            ),
            error_count=int(error_count),  # type: ignore[call-overload]
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
        con = self.connection()
        files = con.execute("SELECT count(*) FROM files WHERE problem IS NULL").fetchone()[0]
        symbols = con.execute("SELECT count(*) FROM symbols").fetchone()[0]
        return int(files), int(symbols)

    def files_referencing(self, name: str) -> list[str]:
        """Paths whose extracted references include `name` (a scan: meant for rare checks)."""
        rows = self.connection().execute(
            "SELECT path, ref_names FROM files WHERE instr(ref_names, ?) > 0", (name,)
        )
        return [str(path) for path, names in rows if name in str(names).split("\n")]
