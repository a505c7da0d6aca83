"""The symbol lookups: definitions by name, full-text search, imports between files."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from steering_index.model import Import, Symbol
from steering_index.store.database import Database
from steering_index.store.encoding import (
    PackedSymbols,
    fts_query,
    unpack_imports,
)

# Decoded symbols and imports of the files read last, by (part, file id, content hash,
# language): a context asks for the same few files again and again, and a file's extract is
# decoded whole. The hash and language keep an entry from outliving what it was decoded from.
_CACHED_FILES = 512


class SymbolSearch(Database):
    """Queries over the definitions, imports and full-text lookups (a part of `IndexStore`)."""

    def __init__(self, db_path: Path) -> None:
        super().__init__(db_path)
        self._decoded: OrderedDict[tuple[str, int, str, str], Sequence[Any]] = OrderedDict()
        self._decoded_lock = threading.Lock()

    def _decode(self, part: str, file_id: int, digest: str, language: str) -> Sequence[Any]:
        """A file's symbols or imports ("symbols" or "imports"), decoded once."""
        key = (part, file_id, digest, language)
        with self._decoded_lock:
            if (found := self._decoded.get(key)) is not None:
                self._decoded.move_to_end(key)
                return found
        row = (
            self.connection()
            .execute(f"SELECT {part} FROM extracts WHERE file_id=?", (file_id,))
            .fetchone()
        )
        blob = b"" if row is None else bytes(row[0])
        decoded = PackedSymbols(blob) if part == "symbols" else tuple(unpack_imports(blob))
        with self._decoded_lock:
            self._decoded[key] = decoded
            if len(self._decoded) > _CACHED_FILES:
                self._decoded.popitem(last=False)
        return decoded

    def _part(self, path: str, part: str) -> Sequence[Any]:
        row = (
            self.connection()
            .execute("SELECT id, hash, language FROM files WHERE path=?", (path,))
            .fetchone()
        )
        return () if row is None else self._decode(part, int(row[0]), str(row[1]), str(row[2]))

    def symbols_in(self, path: str) -> list[Symbol]:
        return list(self._part(path, "symbols"))

    def imports_in(self, path: str) -> list[Import]:
        return list(self._part(path, "imports"))

    def symbols_of_kind(self, path: str, kind: str) -> list[Symbol]:
        """The file's definitions of one kind (retrieval's examples want no others)."""
        return [s for s in self._part(path, "symbols") if s.kind == kind]

    def imported_modules(self, path: str) -> set[str]:
        """The modules the file imports."""
        return {i.module for i in self._part(path, "imports")}

    def _symbols_by_id(self, rowids: list[int]) -> list[tuple[str, Symbol] | None]:
        """(path, symbol) for each symbol id, in the order given (None for one no longer
        there)."""
        con = self.connection()
        held: tuple[int, int, str, Sequence[Any]] = (0, 0, "", ())  # the file read last
        found: list[tuple[str, Symbol] | None] = []
        for rowid in rowids:  # by id, as definitions come: each file looked up once
            if not held[0] <= rowid < held[1]:
                row = con.execute(
                    "SELECT first_symbol, first_symbol + symbol_slots, path, id, hash, language"
                    " FROM files WHERE first_symbol <= ? AND first_symbol + symbol_slots > ?"
                    " ORDER BY first_symbol DESC LIMIT 1",
                    (rowid, rowid),
                ).fetchone()
                if row is None:
                    found.append(None)
                    continue
                symbols = self._decode("symbols", int(row[3]), str(row[4]), str(row[5]))
                held = (int(row[0]), int(row[1]), str(row[2]), symbols)
            first, _, path, symbols = held
            ordinal = rowid - first
            found.append((path, symbols[ordinal]) if ordinal < len(symbols) else None)
        return found

    def find_definitions(self, name: str) -> list[tuple[str, Symbol]]:
        """Symbols named exactly `name`, with their file paths (by path, then source order)."""
        rows = self.connection().execute(
            "SELECT id FROM definitions WHERE name=?"
            " UNION SELECT id FROM definitions_load WHERE name=?",
            (name, name),
        )
        found = [hit for hit in self._symbols_by_id([int(i) for (i,) in rows]) if hit is not None]
        found.sort(key=lambda hit: hit[0])  # stable: source order within a file
        return found

    def search_symbols(self, query: str, limit: int = 20) -> list[tuple[str, Symbol, float]]:
        """Symbols whose name or docstring matches `query` (BM25; higher score is better)."""
        match = fts_query(query)
        if not match:
            return []
        rows = (
            self.connection()
            .execute(
                "SELECT rowid, -bm25(symbols_fts, 4.0, 1.0) FROM symbols_fts"
                " WHERE symbols_fts MATCH ? ORDER BY bm25(symbols_fts, 4.0, 1.0) LIMIT ?",
                (match, limit),
            )
            .fetchall()
        )
        found = self._symbols_by_id([int(rowid) for rowid, _ in rows])
        return [
            (hit[0], hit[1], float(score))
            for hit, (_, score) in zip(found, rows, strict=True)
            if hit is not None
        ]

    def files_importing(self, module: str) -> list[str]:
        """Files that import `module` or one of its submodules."""
        within = "module = ? OR (module >= ? AND module < ?)"
        bounds = (module, module + ".", module + "/")  # "/" sorts right after "."
        rows = self.connection().execute(
            f"SELECT path FROM files WHERE id IN (SELECT file_id FROM imported WHERE {within}"
            f" UNION ALL SELECT file_id FROM imported_load WHERE {within}) ORDER BY path",
            bounds + bounds,
        )
        return [str(r[0]) for r in rows]
