"""All three kinds of task mined from one workspace, `limit` of each, chosen with `seed`."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from steering_index.eval.commits import recent_changes
from steering_index.eval.repairs import planted_repairs
from steering_index.eval.tasks import (
    KINDS,
    EvalTask,
    held_out_definitions,
    pick,
    source_files,
    tests_by_name,
)
from steering_index.model import Convention
from steering_index.store import IndexStore

_DEFINED = re.compile(r"\b(?:def|class|func|function|fn)\s+([A-Za-z_]\w*)")


def mine_tasks(
    root: Path,
    store: IndexStore,
    conventions: Sequence[Convention],
    kinds: Sequence[str] = KINDS,
    limit: int = 20,
    seed: int = 0,
) -> list[EvalTask]:
    """Up to `limit` tasks of each kind in `kinds`; the same inputs give the same tasks."""
    files = source_files(store, root)
    tests = tests_by_name(store)

    def tests_for(_path: str, text: str) -> list[str]:
        names = _DEFINED.findall(text)
        return sorted({test for name in names for test in tests.get(name, [])})

    found: list[EvalTask] = []
    if "definition" in kinds:
        found += held_out_definitions(files, tests, limit, seed)
    if "commit" in kinds:
        indexed = {row.path for row in store.files() if not row.problem}
        found += pick(recent_changes(root, indexed.__contains__, tests_for), limit, seed, _same)
    if "repair" in kinds:
        found += planted_repairs(files, conventions, limit, seed)
    return found


def _same(task: EvalTask) -> EvalTask:
    return task
