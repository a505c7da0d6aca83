"""The symbol lookups: definitions by name, full-text search, imports between files."""

from __future__ import annotations

from steering_index.model import Import, Symbol
from steering_index.store.database import Database
from steering_index.store.encoding import (
    fts_query,
    split_symbol_id,
    unpack_imports,
    unpack_symbols,
)

# A file's extract part by its path.
_PART_OF = (
    "SELECT {part} FROM files JOIN extracts ON extracts.file_id = files.id WHERE files.path=?"
)


class SymbolSearch(Database):
    """Queries over the definitions, imports and full-text lookups (a part of `IndexStore`)."""

    def _part(self, path: str, part: str) -> bytes:
        row = self.connection().execute(_PART_OF.format(part=part), (path,)).fetchone()
        return b"" if row is None else bytes(row[0])

    def symbols_in(self, path: str) -> list[Symbol]:
        return unpack_symbols(self._part(path, "symbols"))

    def imports_in(self, path: str) -> list[Import]:
        return unpack_imports(self._part(path, "imports"))

    def symbols_of_kind(self, path: str, kind: str) -> list[Symbol]:
        """The file's definitions of one kind (retrieval's examples want no others)."""
        return [s for s in self.symbols_in(path) if s.kind == kind]

    def imported_modules(self, path: str) -> set[str]:
        """The modules the file imports."""
        return {i.module for i in self.imports_in(path)}

    def _symbols_by_id(self, rowids: list[int]) -> list[tuple[str, Symbol] | None]:
        """(path, symbol) for each `symbol_id`, in the order given (None for one no longer
        there); each file read once."""
        con = self.connection()
        files: dict[int, tuple[str, list[Symbol]]] = {}
        found: list[tuple[str, Symbol] | None] = []
        for rowid in rowids:
            file_id, ordinal = split_symbol_id(rowid)
            if file_id not in files:
                row = con.execute(
                    "SELECT path, symbols FROM files JOIN extracts ON extracts.file_id = files.id"
                    " WHERE files.id=?",
                    (file_id,),
                ).fetchone()
                files[file_id] = ("", []) if row is None else (row[0], unpack_symbols(row[1]))
            path, symbols = files[file_id]
            found.append((str(path), symbols[ordinal]) if ordinal < len(symbols) else None)
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
