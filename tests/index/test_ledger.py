"""The model-call ledger outlives the index: rebuilds, old index formats, damaged files."""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from steering_index.model import LineRange, ModelCall
from steering_index.store import (
    LEDGER_VERSION,
    SCHEMA_VERSION,
    IndexStore,
    Ledger,
    ledger_path,
)

CALL = ModelCall(
    started_at="2026-11-05T14:02:11+00:00",
    tier="small",
    model="claude-haiku-5-5",
    input_tokens=3100,
    output_tokens=240,
    cache_creation_tokens=0,
    cache_read_tokens=2048,
    cost_usd=0.00044,
    rule_ids=("agents:money", "conventions:naming.function"),
    outcome="proposed",
    duration_ms=1800,
    path="src/billing/invoices.py",
    lines=LineRange(12, 18),
    action="edit",
    task="Round totals half up to the cent.",
)

# The model_calls table as an index of schema 7 (and the ledger's version 1) had it.
OLD_CALLS_TABLE = """CREATE TABLE model_calls(
    id INTEGER PRIMARY KEY, started_at TEXT NOT NULL, tier TEXT NOT NULL, model TEXT NOT NULL,
    input_tokens INTEGER NOT NULL, output_tokens INTEGER NOT NULL,
    cache_creation_tokens INTEGER NOT NULL, cache_read_tokens INTEGER NOT NULL,
    cost_usd REAL NOT NULL, rule_ids TEXT NOT NULL, outcome TEXT NOT NULL,
    duration_ms INTEGER NOT NULL, path TEXT, first_line INTEGER, last_line INTEGER,
    action TEXT, rules_followed TEXT NOT NULL DEFAULT '[]')"""
OLD_ROWS = [
    (7, "2026-10-30T09:15:00+00:00", "small", "claude-haiku-4-5", 900, 120, 0, 0, 0.0015,
     '["agents:money"]', "applied", 1200, "src/billing/tax.py", 3, 9, "fix", '["agents:money"]'),
    (8, "2026-10-30T09:16:40+00:00", "frontier", "claude-opus-4-5", 1400, 300, 0, 0, 0.0145,
     "[]", "rejected", 5400, "src/billing/tax.py", 3, 9, "redo", "[]"),
]  # fmt: skip


def write_old_file(path: Path, version: int, extra: str = "") -> None:
    """A database file with the old model_calls table and its rows, at `version`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(path)
    con.execute(OLD_CALLS_TABLE)
    if extra:
        con.execute(extra)
    con.executemany(f"INSERT INTO model_calls VALUES ({','.join('?' * 17)})", OLD_ROWS)
    con.execute(f"PRAGMA user_version={version}")
    con.commit()
    con.close()


def set_index_version(db_path: Path, version: int) -> None:
    con = sqlite3.connect(db_path)
    con.execute(f"PRAGMA user_version={version}")
    con.commit()
    con.close()


def test_the_ledger_is_its_own_file_beside_the_index(tmp_path: Path) -> None:
    db = tmp_path / "index" / "shop-0123.sqlite3"
    with IndexStore.open(db) as store:
        store.record_model_call(CALL)
    assert ledger_path(db) == tmp_path / "index" / "shop-0123-ledger.sqlite3"
    assert ledger_path(db).is_file()
    tables = sqlite3.connect(db).execute("SELECT name FROM sqlite_master").fetchall()
    assert ("model_calls",) not in tables


@pytest.mark.parametrize("change", ["schema bump", "corrupt index", "discarded by the caller"])
def test_rebuilding_the_index_keeps_the_recorded_calls(tmp_path: Path, change: str) -> None:
    db = tmp_path / "index.sqlite3"
    with IndexStore.open(db) as store:
        call_id = store.record_model_call(CALL)
        store.ledger.set_outcome(call_id, "applied", LineRange(12, 16), ("agents:money",), "x\n")
        recorded = store.model_calls()
    discard = None
    if change == "schema bump":
        set_index_version(db, SCHEMA_VERSION + 1)
    elif change == "corrupt index":
        db.write_bytes(b"overwritten by accident" * 200)
    else:
        discard = "the index was found damaged while reading it"
    with IndexStore.open(db, discard=discard) as store:
        assert store.rebuilt_reason is not None
        assert store.model_calls() == recorded
        assert recorded[0].outcome == "applied" and recorded[0].applied_text == "x\n"
        assert store.ledger_notice is None


def test_an_old_index_has_its_calls_moved_to_the_ledger(tmp_path: Path) -> None:
    db = tmp_path / "index.sqlite3"
    write_old_file(db, 7, "CREATE TABLE files(id INTEGER PRIMARY KEY)")
    with IndexStore.open(db) as store:
        assert store.rebuilt_reason == (
            f"the index has schema version 7, this version needs {SCHEMA_VERSION}"
        )
        calls = store.model_calls()
        store.record_model_call(CALL)
    assert [(c.started_at, c.model, c.outcome, c.lines, c.path) for c in calls] == [
        ("2026-10-30T09:15:00+00:00", "claude-haiku-4-5", "applied", LineRange(3, 9),
         "src/billing/tax.py"),
        ("2026-10-30T09:16:40+00:00", "claude-opus-4-5", "rejected", LineRange(3, 9),
         "src/billing/tax.py"),
    ]  # fmt: skip
    assert calls[0].rules_followed == ("agents:money",) and calls[0].cost_usd == 0.0015
    with IndexStore.open(db) as store:  # the old rows came over once, and the index is new
        assert store.rebuilt_reason is None
        assert len(store.model_calls()) == 3


def test_moving_old_calls_twice_adds_nothing_the_second_time(tmp_path: Path) -> None:
    """A copy interrupted before the old index was deleted is simply run again."""
    old = tmp_path / "old.sqlite3"
    write_old_file(old, 6)
    with Ledger.open(tmp_path / "ledger.sqlite3") as ledger:
        assert ledger.import_calls(old) == 2
        assert ledger.import_calls(old) == 0
        assert len(ledger.calls()) == 2


def test_a_ledger_of_an_older_version_is_migrated_with_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "ledger.sqlite3"
    write_old_file(path, 1)
    with Ledger.open(path) as ledger:
        assert [c.id for c in ledger.calls()] == [7, 8]
        assert ledger.calls()[0].task is None
        new_id = ledger.record(CALL)
        assert ledger.call(new_id) == replace(CALL, id=new_id)
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA user_version").fetchone()[0] == LEDGER_VERSION
    con.close()


@pytest.mark.parametrize(
    ("damage", "said"),
    [
        ("garbage", "SQLite cannot read it"),
        ("newer version", f"it has version {LEDGER_VERSION + 1}, newer than this program's"),
    ],
)
def test_an_unusable_ledger_is_kept_aside_and_a_new_one_started(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, damage: str, said: str
) -> None:
    db = tmp_path / "index.sqlite3"
    with IndexStore.open(db) as store:
        store.record_model_call(CALL)
    path = ledger_path(db)
    if damage == "garbage":
        path.write_bytes(b"\x00not a ledger\x00" * 300)
    else:
        set_index_version(path, LEDGER_VERSION + 1)
    before = path.read_bytes()

    with caplog.at_level(logging.WARNING), IndexStore.open(db) as store:
        assert store.model_calls() == []  # a new ledger...
        store.record_model_call(CALL)  # ...that works

    (aside,) = tmp_path.glob(f"{path.name}.bad-*")
    assert aside.read_bytes() == before  # the old one, as it was
    notice = store.ledger_notice
    assert notice is not None and said in notice and aside.name in notice
    assert any(aside.name in r.getMessage() for r in caplog.records)
