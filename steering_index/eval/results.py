"""Run results, stored in the workspace's index database as they arrive, so a rerun resumes.

Results live in their own table (`eval_results`), created on first use beside the index's
tables; the index is a cache, so rebuilding it forgets them, like the recorded calls. A
result is keyed by task id, tier, model, context and whether strategies were on: a rerun
skips every key that has a result, and retries the ones that ended in a call error.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

_SCHEMA = """
CREATE TABLE IF NOT EXISTS eval_results(
    key TEXT PRIMARY KEY,
    task_id TEXT NOT NULL,
    tier TEXT NOT NULL,
    model TEXT NOT NULL,
    context TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    result TEXT NOT NULL
)
"""


@dataclass(frozen=True, slots=True)
class RunConfig:
    """One column of the matrix: a tier (and its model) with a kind of context."""

    tier: str
    model: str
    context: str
    strategies: bool = False

    @property
    def label(self) -> str:
        return f"{self.tier} + {self.context}" + (" + strategies" if self.strategies else "")

    def key(self, task_id: str) -> str:
        return f"{task_id}|{self.tier}|{self.model}|{self.context}|{int(self.strategies)}"


@dataclass(frozen=True, slots=True)
class RunResult:
    """What one task came to under one configuration. status: scored | error | no-context."""

    task_id: str
    tier: str
    model: str
    context: str
    strategies: bool
    status: str
    finished_at: str
    passed: bool = False
    conforms: bool = False
    applied: bool = False
    parses: bool = False
    new_undefined: tuple[str, ...] = ()
    new_findings: tuple[str, ...] = ()
    tests: str = "not-run"
    similarity: float = 0.0
    input_tokens: int = 0
    output_tokens: int = 0
    cache_creation_tokens: int = 0
    cache_read_tokens: int = 0
    cost_usd: float = 0.0
    estimated_cost_usd: float = 0.0
    duration_ms: int = 0
    message: str = ""

    @property
    def config(self) -> RunConfig:
        return RunConfig(self.tier, self.model, self.context, self.strategies)

    @property
    def done(self) -> bool:
        return self.status != "error"


def result_from_json(data: dict[str, Any]) -> RunResult:
    known = {f.name for f in fields(RunResult)}
    values = {k: v for k, v in data.items() if k in known}
    for name in ("new_undefined", "new_findings"):
        values[name] = tuple(values.get(name, ()))
    return RunResult(**values)


class ResultStore:
    """The `eval_results` table of one index file. Used from one thread (the run's loop)."""

    def __init__(self, db_path: Path) -> None:
        self._con = sqlite3.connect(db_path, timeout=30, isolation_level=None)
        self._con.execute(_SCHEMA)

    def results(self) -> dict[str, RunResult]:
        """Every stored result, by key."""
        rows = self._con.execute("SELECT key, result FROM eval_results")
        return {str(key): result_from_json(json.loads(text)) for key, text in rows}

    def put(self, result: RunResult) -> None:
        data = asdict(result)
        self._con.execute(
            "INSERT OR REPLACE INTO eval_results(key, task_id, tier, model, context,"
            " finished_at, result) VALUES (?,?,?,?,?,?,?)",
            (
                result.config.key(result.task_id),
                result.task_id,
                result.tier,
                result.model,
                result.context,
                result.finished_at,
                json.dumps(data),
            ),
        )

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> ResultStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
