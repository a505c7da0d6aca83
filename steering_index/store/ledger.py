"""The model-call ledger: every call to a model, in its own SQLite file beside the index.

The index is a cache, rebuilt whenever its schema changes or it is damaged; the ledger is
the user's record (`steering usage`, hover provenance, "Redo with the frontier model"), so
it lives apart, with its own schema version and migrations that keep every row. A ledger
SQLite cannot read is never deleted: it is set aside under a name with the time, a new one
is started, and `notice` (also logged) says where the old one went.

Each call has a row id: `record` returns it, and the outcome is set by it.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Sequence
from pathlib import Path

from steering_index.model import LineRange, ModelCall
from steering_index.store.database import (
    Database,
    create_private,
    is_corruption,
    keep_aside,
    make_private,
)

log = logging.getLogger(__name__)

# Migration i takes a ledger from version i to version i + 1; a new file runs them all.
# Append only: a released migration never changes, so every older ledger can come along.
_MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (  # 0 -> 1: the calls as the index recorded them (its schema 7)
        """CREATE TABLE model_calls(
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
        )""",
        "CREATE INDEX model_calls_started ON model_calls(started_at)",
    ),
    (  # 1 -> 2: what "Redo with the frontier model" starts from, and where a row came from
        "ALTER TABLE model_calls ADD COLUMN task TEXT",
        "ALTER TABLE model_calls ADD COLUMN applied_text TEXT",
        # The row's id in the index it was copied from (see `import_calls`), so that a copy
        # interrupted and run again adds nothing twice.
        "ALTER TABLE model_calls ADD COLUMN imported_id INTEGER",
        "CREATE UNIQUE INDEX model_calls_imported ON model_calls(imported_id)",
    ),
    (  # 2 -> 3: the strategies sent with each call (provenance, `steering strategies list`)
        "ALTER TABLE model_calls ADD COLUMN strategy_ids TEXT NOT NULL DEFAULT '[]'",
    ),
)
LEDGER_VERSION = len(_MIGRATIONS)

# The columns an index of schema 7 or older recorded, in `ModelCall`'s order.
_OLD_COLUMNS = (
    "started_at, tier, model, input_tokens, output_tokens, cache_creation_tokens,"
    " cache_read_tokens, cost_usd, rule_ids, outcome, duration_ms, path, first_line,"
    " last_line, action"
)
_COLUMNS = f"id, {_OLD_COLUMNS}, rules_followed, task, applied_text, strategy_ids"


def ledger_path(index_path: Path) -> Path:
    """Where the ledger of the index at `index_path` lives: beside it, named after it."""
    return index_path.with_name(f"{index_path.stem}-ledger{index_path.suffix or '.sqlite3'}")


def _unreadable_reason(path: Path) -> str | None:
    """Why an existing ledger cannot be used, or None. A newer version is refused too:
    this version would not know what its rows mean."""
    con = sqlite3.connect(path, timeout=30)
    try:
        version = con.execute("PRAGMA user_version").fetchone()[0]
        if version > LEDGER_VERSION:
            return f"it has version {version}, newer than this program's {LEDGER_VERSION}"
        if version > 0:
            con.execute("SELECT count(*) FROM model_calls").fetchone()
    except sqlite3.DatabaseError as exc:
        if is_corruption(exc):
            return f"SQLite cannot read it ({exc})"
        raise
    finally:
        con.close()
    return None


def _call(row: Sequence[object]) -> ModelCall:
    (call_id, started_at, tier, model, tokens_in, tokens_out, cache_write, cache_read, cost,
     rule_ids, outcome, duration_ms, path, first, last, action, followed, task,
     applied_text, strategy_ids) = row  # fmt: skip
    return ModelCall(
        started_at=str(started_at),
        tier=str(tier),
        model=str(model),
        input_tokens=int(tokens_in),  # type: ignore[call-overload]
        output_tokens=int(tokens_out),  # type: ignore[call-overload]
        cache_creation_tokens=int(cache_write),  # type: ignore[call-overload]
        cache_read_tokens=int(cache_read),  # type: ignore[call-overload]
        cost_usd=float(cost),  # type: ignore[arg-type]
        rule_ids=tuple(json.loads(str(rule_ids))),
        outcome=str(outcome),
        duration_ms=int(duration_ms),  # type: ignore[call-overload]
        path=path,  # type: ignore[arg-type]
        lines=LineRange(first, last) if first is not None else None,  # type: ignore[arg-type]
        action=action,  # type: ignore[arg-type]
        rules_followed=tuple(json.loads(str(followed))),
        id=int(call_id),  # type: ignore[call-overload]
        task=task,  # type: ignore[arg-type]
        applied_text=applied_text,  # type: ignore[arg-type]
        strategy_ids=tuple(json.loads(str(strategy_ids))),
    )


class Ledger(Database):
    """The recorded model calls of one workspace. Open with `Ledger.open(path)`."""

    def __init__(self, db_path: Path, notice: str | None) -> None:
        super().__init__(db_path)
        self.notice = notice

    @classmethod
    def open(cls, path: Path) -> Ledger:
        """Open (or create) the ledger at `path`, migrated to this version's schema.

        An unreadable ledger is renamed aside, never deleted; `notice` then says where.
        Raises `sqlite3.Error` or `OSError` when the folder or file cannot be used at all.
        """
        notice = None
        if path.exists():
            reason = _unreadable_reason(path)
            if reason is not None:
                aside = keep_aside(path)
                notice = (
                    f"the model-call ledger {path} could not be used ({reason}); it was kept "
                    f"as {aside.name} and a new ledger was started"
                )
                log.warning("%s", notice)
        create_private(path)
        ledger = cls(path, notice)
        ledger._migrate()
        make_private(path)
        return ledger

    def _migrate(self) -> None:
        self.connection().execute("PRAGMA journal_mode=WAL")
        with self.write() as con:
            version = int(con.execute("PRAGMA user_version").fetchone()[0])
            for steps in _MIGRATIONS[version:]:
                for statement in steps:
                    con.execute(statement)
            con.execute(f"PRAGMA user_version={LEDGER_VERSION}")

    def record(self, call: ModelCall, wait_s: float | None = None) -> int:
        """Add `call`; returns its row id (`ModelCall.id` when read back). With `wait_s`,
        another program's write lock is waited for that long instead of the usual busy
        timeout (sqlite3.OperationalError "database is locked" after it)."""
        if wait_s is None:
            return self._insert(call)
        con = self.connection()
        usual = int(con.execute("PRAGMA busy_timeout").fetchone()[0])
        con.execute(f"PRAGMA busy_timeout={max(0, int(wait_s * 1000))}")
        try:
            return self._insert(call)
        finally:
            con.execute(f"PRAGMA busy_timeout={usual}")

    def _insert(self, call: ModelCall) -> int:
        with self.write() as con:
            cursor = con.execute(
                f"INSERT INTO model_calls({_OLD_COLUMNS}, rules_followed, task, applied_text,"
                " strategy_ids) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    *_old_values(call),
                    json.dumps(call.rules_followed),
                    call.task,
                    call.applied_text,
                    json.dumps(call.strategy_ids),
                ),
            )
            assert cursor.lastrowid is not None
            return cursor.lastrowid

    def set_outcome(
        self,
        call_id: int,
        outcome: str,
        lines: LineRange | None,
        followed: Sequence[str] = (),
        applied_text: str | None = None,
    ) -> bool:
        """Set what came of call `call_id` (e.g. its edit was applied at `lines`), with the
        rules the model says its edit follows; False when no call has that id."""
        with self.write() as con:
            cursor = con.execute(
                "UPDATE model_calls SET outcome = ?, first_line = ?, last_line = ?,"
                " rules_followed = ?, applied_text = ? WHERE id = ?",
                (
                    outcome,
                    lines.first if lines else None,
                    lines.last if lines else None,
                    json.dumps(list(followed)),
                    applied_text,
                    call_id,
                ),
            )
            return cursor.rowcount > 0

    def call(self, call_id: int) -> ModelCall | None:
        row = (
            self.connection()
            .execute(f"SELECT {_COLUMNS} FROM model_calls WHERE id = ?", (call_id,))
            .fetchone()
        )
        return None if row is None else _call(row)

    def calls(self, since: str | None = None, path: str | None = None) -> list[ModelCall]:
        """Recorded calls in the order they started, optionally from `since` (ISO 8601) on
        and about one file."""
        rows = self.connection().execute(
            f"SELECT {_COLUMNS} FROM model_calls"
            " WHERE started_at >= ? AND (? IS NULL OR path = ?) ORDER BY started_at, id",
            (since or "", path, path),
        )
        return [_call(row) for row in rows]

    def import_calls(self, index_path: Path) -> int:
        """Copy the calls an index of schema 7 or older recorded in its own file; returns
        how many were new here. Safe to run again: a row already copied is skipped."""
        con = sqlite3.connect(f"file:{index_path}?mode=ro", uri=True, timeout=30)
        try:
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
            if "model_calls" not in tables:
                return 0
            columns = {r[1] for r in con.execute("PRAGMA table_info(model_calls)")}
            followed = "rules_followed" if "rules_followed" in columns else "'[]'"
            rows = con.execute(
                f"SELECT id, {_OLD_COLUMNS}, {followed} FROM model_calls ORDER BY id"
            ).fetchall()
        finally:
            con.close()
        with self.write() as w:
            before = w.total_changes
            w.executemany(
                f"INSERT OR IGNORE INTO model_calls(imported_id, {_OLD_COLUMNS}, rules_followed)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                rows,
            )
            return w.total_changes - before


def _old_values(call: ModelCall) -> tuple[object, ...]:
    """`call` in the columns of `_OLD_COLUMNS`."""
    return (
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
    )
