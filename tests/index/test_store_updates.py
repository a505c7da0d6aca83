"""Replacing an indexed file rewrites only what changed: its extract is one row, and the
lookups across files (definitions by name, full-text search) change only for the symbols
whose name or docstring did; the full-text index stays exact.

What is rewritten is counted with SQLite's own change counter, so these tests show the work
saved without timing anything; each also checks the result against a fresh index.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from steering_index.index.extract import extract, extract_packed
from steering_index.store import IndexStore, content_hash, encode_file
from tests.index.conftest import check_full_text

PATH = "app/models.py"
METHODS = "".join(
    f"    def method_{i}(self, value):\n        '''Handle case {i}.'''\n        return value\n\n"
    for i in range(40)
)
BASE = f"class Ledger:\n    '''Posts entries.'''\n\n{METHODS}"


def encoded(text: str):
    data = text.encode()
    found = extract_packed(PATH, data, "python")
    return encode_file(found, len(data), 1, 1, content_hash(data), "buffer")


def rows_changed(store: IndexStore, text: str) -> int:
    """Rows that writing `text` over the indexed file inserted, updated or deleted, counting
    the full-text index's own rows."""
    con: sqlite3.Connection = store.connection()
    before = con.total_changes
    store.put_files([encoded(text)])
    return con.total_changes - before


def fresh(tmp_path: Path, text: str, name: str) -> IndexStore:
    """An index holding `text` at PATH, and after it another file, so that rows written again
    would get new ids rather than the ones they had."""
    store = IndexStore.open(tmp_path / f"{name}.db")
    store.put_files([encoded(text)])
    other = b"def audit(ledger):\n    return ledger\n"
    found = extract_packed("app/audit.py", other, "python")
    store.put_files([encode_file(found, len(other), 1, 1, content_hash(other), "disk")])
    return store


def ids(store: IndexStore) -> list[tuple[int, str]]:
    """The definitions of PATH's symbols: (row id, name), by id (the symbol's place)."""
    con: sqlite3.Connection = store.connection()
    [(first, slots)] = con.execute(
        "SELECT first_symbol, symbol_slots FROM files WHERE path=?", (PATH,)
    ).fetchall()
    return con.execute(
        "SELECT id, name FROM definitions WHERE id >= ? AND id < ? ORDER BY id",
        (first, first + slots),
    ).fetchall()


def check(store: IndexStore, tmp_path: Path, text: str, name: str) -> None:
    expected = extract(PATH, text.encode(), "python")
    assert store.extract_for(PATH) == expected
    check_full_text(store)
    other = fresh(tmp_path, text, name)
    query = "handle case"
    assert [(s.name, s.span) for _, s, _ in store.search_symbols(query, limit=100)] == [
        (s.name, s.span) for _, s, _ in other.search_symbols(query, limit=100)
    ]
    other.close()


def test_appending_a_definition_writes_that_one_symbol(tmp_path: Path) -> None:
    store = fresh(tmp_path, BASE, "store")
    before = ids(store)
    text = BASE + "def close_books(ledger):\n    return ledger\n"
    # The file's row, its extract, the new definition and a few rows of its full-text entry;
    # rewriting all 41 symbols with their full-text rows makes hundreds.
    assert rows_changed(store, text) <= 20
    after = ids(store)
    assert after[:-1] == before and after[-1][1] == "close_books"
    check(store, tmp_path, text, "appended")


def test_a_line_typed_above_moves_spans_without_touching_the_lookups(tmp_path: Path) -> None:
    store = fresh(tmp_path, BASE, "store")
    before = ids(store)
    text = "# ledger\n" + BASE
    # Exactly the file's row and its extract: no definition and no full-text row is written.
    assert rows_changed(store, text) == 2
    assert ids(store) == before
    check(store, tmp_path, text, "moved")


def test_a_rename_in_the_middle_rewrites_that_symbol_only(tmp_path: Path) -> None:
    store = fresh(tmp_path, BASE, "store")
    before = ids(store)
    text = BASE.replace("method_30(", "closer_30(")
    assert rows_changed(store, text) <= 20
    after = ids(store)
    # The class is the first symbol, so method_30 is the 32nd; the others keep their rows.
    assert after == [*before[:31], (before[31][0], "closer_30"), *before[32:]]
    check(store, tmp_path, text, "renamed")
    names = [s.name for _, s, _ in store.search_symbols("closer", limit=5)]
    assert names == ["closer_30"]
    assert store.find_definitions("method_30") == []


def test_symbols_removed_at_the_end_and_then_all(tmp_path: Path) -> None:
    store = fresh(tmp_path, BASE, "store")
    before = ids(store)
    text = BASE.split("    def method_20")[0]
    store.put_files([encoded(text)])
    # The class ends earlier but keeps its name and docstring: its rows stay; the 20 methods
    # removed go, with their full-text rows.
    assert ids(store) == before[:21]
    check(store, tmp_path, text, "cut")
    store.put_files([encoded("")])
    assert ids(store) == []
    check(store, tmp_path, "", "empty")


def test_a_file_that_outgrows_its_ids_moves_to_new_ones_and_stays_exact(tmp_path: Path) -> None:
    store = fresh(tmp_path, BASE, "store")
    before = ids(store)
    added = "".join(f"def audit_{n}(ledger):\n    return ledger\n\n" for n in range(20))
    text = BASE + added
    store.put_files([encoded(text)])
    after = ids(store)
    # 41 symbols were given 53 ids; 61 need a new run, after every other file's.
    assert len(after) == 61 and min(i for i, _ in after) > max(i for i, _ in before)
    assert [name for _, name in after] == [name for _, name in before] + [
        f"audit_{n}" for n in range(20)
    ]
    check(store, tmp_path, text, "grown")
    assert [p for p, _ in store.find_definitions("audit_7")] == [PATH]
