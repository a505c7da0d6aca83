"""The symbol lookups: definitions by name, full-text search, imports between files."""

from __future__ import annotations

from steering_index.model import Import, Symbol
from steering_index.store.database import Database
from steering_index.store.encoding import (
    IMPORT_COLUMNS,
    SYMBOL_COLUMNS,
    fts_query,
    import_from_row,
    symbol_from_row,
)


class SymbolSearch(Database):
    """Queries over the symbols and imports tables (a part of `IndexStore`)."""

    def symbols_in(self, path: str) -> list[Symbol]:
        rows = self.connection().execute(
            f"SELECT {SYMBOL_COLUMNS} FROM symbols JOIN files ON files.id = symbols.file_id"
            " WHERE files.path=? ORDER BY symbols.id",
            (path,),
        )
        return [symbol_from_row(r) for r in rows]

    def imports_in(self, path: str) -> list[Import]:
        rows = self.connection().execute(
            f"SELECT {IMPORT_COLUMNS} FROM imports JOIN files ON files.id = imports.file_id"
            " WHERE files.path=? ORDER BY imports.rowid",
            (path,),
        )
        return [import_from_row(r) for r in rows]

    def symbols_of_kind(self, path: str, kind: str) -> list[Symbol]:
        """The file's definitions of one kind (retrieval's examples want no others)."""
        rows = self.connection().execute(
            f"SELECT {SYMBOL_COLUMNS} FROM symbols JOIN files ON files.id = symbols.file_id"
            " WHERE files.path=? AND symbols.kind=? ORDER BY symbols.id",
            (path, kind),
        )
        return [symbol_from_row(r) for r in rows]

    def imported_modules(self, path: str) -> set[str]:
        """The modules the file imports, without building an `Import` for each."""
        rows = self.connection().execute(
            "SELECT DISTINCT module FROM imports JOIN files ON files.id = imports.file_id"
            " WHERE files.path=?",
            (path,),
        )
        return {row[0] for row in rows}

    def find_definitions(self, name: str) -> list[tuple[str, Symbol]]:
        """Symbols named exactly `name`, with their file paths."""
        rows = self.connection().execute(
            f"SELECT files.path, {SYMBOL_COLUMNS} FROM symbols"
            " JOIN files ON files.id = symbols.file_id WHERE symbols.name=?"
            " ORDER BY files.path, symbols.id",
            (name,),
        )
        return [(str(r[0]), symbol_from_row(r[1:])) for r in rows]

    def search_symbols(self, query: str, limit: int = 20) -> list[tuple[str, Symbol, float]]:
        """Symbols whose name or docstring matches `query` (BM25; higher score is better)."""
        match = fts_query(query)
        if not match:
            return []
        rows = self.connection().execute(
            f"SELECT files.path, -bm25(symbols_fts, 4.0, 1.0), {SYMBOL_COLUMNS}"
            " FROM symbols_fts JOIN symbols ON symbols.id = symbols_fts.rowid"
            " JOIN files ON files.id = symbols.file_id"
            " WHERE symbols_fts MATCH ? ORDER BY bm25(symbols_fts, 4.0, 1.0) LIMIT ?",
            (match, limit),
        )
        return [(str(r[0]), symbol_from_row(r[2:]), float(r[1])) for r in rows]

    def files_importing(self, module: str) -> list[str]:
        """Files that import `module` or one of its submodules."""
        rows = self.connection().execute(
            "SELECT DISTINCT files.path FROM imports JOIN files ON files.id = imports.file_id"
            " WHERE imports.module = ? OR (imports.module >= ? AND imports.module < ?)"
            " ORDER BY files.path",
            (module, module + ".", module + "/"),  # "/" sorts right after "."
        )
        return [str(r[0]) for r in rows]
