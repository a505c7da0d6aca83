"""Provenance: the ledger records which strategies each call carried, old ledgers included."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

from steering_index.store import LEDGER_VERSION, Ledger
from tests.index.test_ledger import CALL, write_old_file


def test_the_strategies_sent_are_recorded_and_read_back(tmp_path: Path) -> None:
    with Ledger.open(tmp_path / "ledger.sqlite3") as ledger:
        call_id = ledger.record(replace(CALL, strategy_ids=("strategy:http-retry",)))
        assert ledger.call(call_id).strategy_ids == ("strategy:http-retry",)  # type: ignore[union-attr]
        assert ledger.calls()[0].strategy_ids == ("strategy:http-retry",)


def test_an_older_ledger_gains_the_column_and_keeps_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "ledger.sqlite3"
    write_old_file(path, 1)
    with Ledger.open(path) as ledger:
        old = ledger.calls()
        assert [(c.id, c.strategy_ids) for c in old] == [(7, ()), (8, ())]
        new_id = ledger.record(replace(CALL, strategy_ids=("strategy:a", "strategy:b")))
        assert ledger.call(new_id) == replace(
            CALL, id=new_id, strategy_ids=("strategy:a", "strategy:b")
        )
    con = sqlite3.connect(path)
    columns = [row[1] for row in con.execute("PRAGMA table_info(model_calls)")]
    assert columns[-1] == "strategy_ids" and LEDGER_VERSION == 3
    con.close()
