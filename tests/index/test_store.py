"""The index file: round trips, full-text search, model calls, corruption, permissions."""

from __future__ import annotations

import sqlite3
import stat
import threading
from dataclasses import replace
from pathlib import Path

import pytest

from steering_index.index.extract import extract, extract_packed
from steering_index.model import LineRange, ModelCall, Rule, RuleFormat, RuleScope, ScopeKind
from steering_index.store import (
    SCHEMA_VERSION,
    EncodedFile,
    IndexStore,
    StoreError,
    content_hash,
    default_db_path,
    encode_file,
)
from tests.index.conftest import API, MODELS


def put(store: IndexStore, path: str, text: str, language: str = "python") -> None:
    data = text.encode()
    found = extract_packed(path, data, language)
    store.put_files([encode_file(found, len(data), 1, 1, content_hash(data), "disk")])


@pytest.fixture
def store(db_path: Path) -> IndexStore:
    opened = IndexStore.open(db_path)
    put(opened, "src/inventory/models.py", MODELS)
    put(opened, "src/inventory/api.py", API)
    return opened


def rule(rule_id: str, title: str, text: str) -> Rule:
    return Rule(
        id=rule_id,
        name="AGENTS",
        title=title,
        text=text,
        source="AGENTS.md",
        lines=LineRange(1, 3),
        format=RuleFormat.AGENTS,
        scope=RuleScope(ScopeKind.ALWAYS),
    )


def test_an_extract_reads_back_exactly_as_it_was_extracted(store: IndexStore) -> None:
    expected = extract("src/inventory/api.py", API.encode(), "python")
    assert expected.symbols and expected.imports and expected.references
    assert store.extract_for("src/inventory/api.py") == expected
    assert store.extract_for("src/missing.py") is None


def test_replacing_a_file_drops_its_old_symbols_everywhere(store: IndexStore) -> None:
    put(store, "src/inventory/api.py", "def ship_order(order):\n    return order\n")
    assert [s.name for s in store.symbols_in("src/inventory/api.py")] == ["ship_order"]
    assert store.find_definitions("parse_stock_request") == []
    assert [s.name for _, s, _ in store.search_symbols("parse request")] == []
    assert [s.name for _, s, _ in store.search_symbols("ship")] == ["ship_order"]
    assert store.imports_in("src/inventory/api.py") == []


def test_one_write_of_new_replaced_and_repeated_files(store: IndexStore) -> None:
    def encoded(path: str, text: str) -> EncodedFile:
        data = text.encode()
        return encode_file(extract_packed(path, data, "python"), len(data), 1, 1, "h", "disk")

    store.put_files(
        [
            encoded("src/a.py", "def first_draft():\n    pass\n"),
            encoded("src/inventory/api.py", "import os\ndef ship_order(order):\n    pass\n"),
            encoded("src/b.py", '"""Doc."""\ndef billing_total():\n    """Sum of invoices."""\n'),
            encoded("src/a.py", "def final_version():\n    pass\n"),
        ]
    )
    names = {path: [s.name for s in store.symbols_in(path)] for path in ("src/a.py", "src/b.py")}
    assert names == {"src/a.py": ["final_version"], "src/b.py": ["billing_total"]}
    assert [s.name for s in store.symbols_in("src/inventory/api.py")] == ["ship_order"]
    assert store.files_importing("os") == ["src/inventory/api.py"]
    assert store.files_importing("json") == []
    for query, expected in [
        ("draft", []),
        ("final", ["final_version"]),
        ("invoices", ["billing_total"]),
        ("ship", ["ship_order"]),
    ]:
        assert [s.name for _, s, _ in store.search_symbols(query)] == expected
    assert store.remove_files(["src/a.py", "src/a.py", "src/none.py"]) == 1
    assert store.search_symbols("final") == []


def test_definitions_and_importers_are_found_by_name(store: IndexStore) -> None:
    [(path, symbol)] = store.find_definitions("Warehouse")
    assert (path, symbol.kind) == ("src/inventory/models.py", "class")
    assert store.files_importing("inventory") == ["src/inventory/api.py"]
    assert store.files_importing("inventory.models") == ["src/inventory/api.py"]
    assert store.files_importing("json") == ["src/inventory/api.py"]
    assert store.files_importing("inventory.mod") == []


def test_symbol_search_matches_words_inside_names_and_docstrings(store: IndexStore) -> None:
    by_name = [s.name for _, s, _ in store.search_symbols("stock item")]
    assert by_name[0] == "StockItem"
    by_doc = [s.name for _, s, _ in store.search_symbols("delivered units")]
    assert by_doc == ["receive"]
    scores = [score for _, _, score in store.search_symbols("stock", limit=10)]
    assert scores == sorted(scores, reverse=True) and scores[0] > 0


@pytest.mark.parametrize(
    "query", ['"', "stock AND (", "NEAR(a b", "*", "level:", "-", "", "  ", "sku^2 OR"]
)
def test_search_text_can_never_be_an_fts_syntax_error(store: IndexStore, query: str) -> None:
    store.replace_rules([rule("agents/x", "Errors", "Raise domain errors")])
    assert isinstance(store.search_symbols(query), list)
    assert isinstance(store.search_rules(query), list)


def test_rule_sections_are_searchable_and_replaced_as_a_set(store: IndexStore) -> None:
    store.replace_rules(
        [
            rule("agents/logging", "Logging", "Use the module logger, never print()."),
            rule("agents/money", "Money", "Prices are Decimal, never float."),
        ]
    )
    assert [rid for rid, _ in store.search_rules("how should prices be stored")] == ["agents/money"]
    store.replace_rules([rule("agents/tests", "Tests", "Tests live in tests/.")])
    assert store.search_rules("prices") == []
    assert [rid for rid, _ in store.search_rules("tests")] == ["agents/tests"]


def test_model_calls_are_recorded_and_filtered_by_start_time(store: IndexStore) -> None:
    first = ModelCall(
        started_at="2026-11-01T09:00:00Z",
        tier="small",
        model="claude-haiku",
        input_tokens=1200,
        output_tokens=300,
        cache_creation_tokens=1000,
        cache_read_tokens=0,
        cost_usd=0.0021,
        rule_ids=("agents/money",),
        outcome="applied",
        duration_ms=900,
        path="src/inventory/models.py",
        lines=LineRange(10, 14),
        action="fix",
    )
    second = ModelCall(
        "2026-11-02T10:00:00Z", "frontier", "claude-opus", 5, 6, 0, 4, 0.5, (), "rejected", 2
    )
    first_id = store.record_model_call(first)
    second_id = store.record_model_call(second)
    assert first_id != second_id
    recorded = [replace(first, id=first_id), replace(second, id=second_id)]
    assert store.model_calls() == recorded
    assert store.model_calls(since="2026-11-02") == recorded[1:]
    assert store.ledger.call(second_id) == recorded[1]


def test_garbage_in_the_index_file_means_a_rebuild(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b"this is not a database, it was overwritten by accident" * 100)
    store = IndexStore.open(db_path)
    assert store.rebuilt_reason is not None and "corrupt" in store.rebuilt_reason
    put(store, "a.py", "def a(): ...\n")
    assert store.counts() == (1, 1)


def test_a_truncated_index_is_rebuilt_not_trusted(store: IndexStore, db_path: Path) -> None:
    store.close()
    data = db_path.read_bytes()
    db_path.write_bytes(data[: len(data) // 3])
    for suffix in ("-wal", "-shm"):
        db_path.with_name(db_path.name + suffix).unlink(missing_ok=True)
    reopened = IndexStore.open(db_path)
    assert reopened.rebuilt_reason is not None
    assert reopened.files() == []


def test_an_index_from_an_older_schema_is_rebuilt(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    con = sqlite3.connect(db_path)
    con.execute("CREATE TABLE files(path TEXT)")
    con.execute("INSERT INTO files VALUES ('old.py')")
    con.execute(f"PRAGMA user_version={SCHEMA_VERSION - 1}")
    con.commit()
    con.close()
    store = IndexStore.open(db_path)
    assert f"schema version {SCHEMA_VERSION - 1}" in (store.rebuilt_reason or "")
    assert store.files() == []
    assert IndexStore.open(db_path).rebuilt_reason is None


def test_the_index_is_readable_by_its_owner_only(store: IndexStore, db_path: Path) -> None:
    store.files()  # a reader keeps the -wal and -shm files around
    made = [p for p in db_path.parent.iterdir() if p.name.startswith(db_path.name)]
    assert {p.name for p in made} >= {db_path.name, db_path.name + "-wal", db_path.name + "-shm"}
    for path in made:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name


def test_an_unusable_location_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    with pytest.raises(StoreError, match="cannot use the index"):
        IndexStore.open(blocker / "index.sqlite3")


def test_reads_are_not_blocked_by_a_long_write(store: IndexStore, db_path: Path) -> None:
    writer = sqlite3.connect(db_path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE files SET symbol_count = 0")
    seen: list[int] = []
    reader = threading.Thread(target=lambda: seen.append(store.counts()[1]))
    reader.start()
    reader.join(timeout=10)
    writer.execute("ROLLBACK")
    writer.close()
    assert seen and seen[0] > 0  # the reader saw the last committed state


def test_the_default_location_is_per_workspace_and_outside_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STEERING_CACHE_DIR", str(tmp_path / "cache"))
    one, two = tmp_path / "shop", tmp_path / "other" / "shop"
    one.mkdir()
    two.mkdir(parents=True)
    assert default_db_path(one) != default_db_path(two)
    assert default_db_path(one) == default_db_path(one / ".." / "shop")
    assert default_db_path(one).is_relative_to(tmp_path / "cache")
    assert default_db_path(one).name.startswith("shop-")


def test_a_call_outcome_is_updated_once_known(store: IndexStore) -> None:
    call = ModelCall(
        "2026-11-03T08:00:00Z", "small", "claude-haiku", 10, 20, 0, 0, 0.01, (), "proposed", 5
    )
    call_id = store.record_model_call(call)
    assert store.ledger.set_outcome(call_id, "applied", LineRange(4, 9), applied_text="x = 1\n")
    [recorded] = store.model_calls()
    assert (recorded.outcome, recorded.lines) == ("applied", LineRange(4, 9))
    assert recorded.applied_text == "x = 1\n"
    assert not store.ledger.set_outcome(call_id + 1, "applied", None)  # no such call


def test_two_calls_in_one_second_have_their_outcomes_apart(store: IndexStore) -> None:
    """The same start second, model and tier: only the call marked applied is."""
    call = ModelCall(
        "2026-11-03T08:00:00+00:00", "small", "claude-haiku", 10, 20, 0, 0, 0.01, (), "proposed", 5
    )
    first = store.record_model_call(call)
    second = store.record_model_call(replace(call, outcome="rejected"))
    store.ledger.set_outcome(second, "applied", LineRange(4, 9), ("agents/money",))
    outcomes = {c.id: (c.outcome, c.lines, c.rules_followed) for c in store.model_calls()}
    assert outcomes == {
        first: ("proposed", None, ()),
        second: ("applied", LineRange(4, 9), ("agents/money",)),
    }


def test_files_referencing_a_name_match_whole_names_only(store: IndexStore) -> None:
    assert store.files_referencing("parse_stock_request") == ["src/inventory/api.py"]
    assert store.files_referencing("parse_stock") == []


def _rows(db_path: Path, table: str) -> int:
    con = sqlite3.connect(db_path)
    try:
        return int(con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        con.close()


def test_a_bulk_load_stages_its_lookups_and_one_stopped_midway_has_them_sorted_in(
    db_path: Path, tmp_path: Path
) -> None:
    store = IndexStore.open(db_path)
    killed = tmp_path / "killed.sqlite3"
    with pytest.raises(KeyboardInterrupt), store.bulk_load():
        put(store, "src/inventory/models.py", MODELS)
        put(store, "src/inventory/api.py", API)
        for n in range(60):  # enough staged to fill pages of their own
            put(store, f"src/gen/m{n}.py", "".join(f"def f{n}_{i}(): ...\n" for i in range(20)))
        assert _rows(db_path, "definitions") == _rows(db_path, "imported") == 0
        assert _rows(db_path, "definitions_load") > 0 and _rows(db_path, "imported_load") > 0
        # Lookups meanwhile see what is staged.
        assert [p for p, _ in store.find_definitions("Warehouse")] == ["src/inventory/models.py"]
        assert store.files_importing("inventory") == ["src/inventory/api.py"]
        # The file as a process killed at this moment would leave it.
        reader = sqlite3.connect(db_path)
        with sqlite3.connect(killed) as copy:
            reader.backup(copy)
        reader.close()
        raise KeyboardInterrupt
    assert _rows(db_path, "definitions_load") == _rows(db_path, "imported_load") == 0
    assert [p for p, _ in store.find_definitions("Warehouse")] == ["src/inventory/models.py"]
    # What the staging used is handed back, not kept empty inside the file.
    assert store.connection().execute("PRAGMA freelist_count").fetchone()[0] == 0
    store.close()
    assert _rows(killed, "definitions_load") > 0
    with IndexStore.open(killed) as reopened:
        assert _rows(killed, "definitions_load") == _rows(killed, "imported_load") == 0
        assert [p for p, _ in reopened.find_definitions("Warehouse")] == ["src/inventory/models.py"]
        assert reopened.files_importing("inventory") == ["src/inventory/api.py"]
