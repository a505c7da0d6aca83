"""All three kinds of task mined from one workspace, `limit` of each, chosen with `seed`."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from steering_index.eval.commits import recent_changes
from steering_index.eval.repairs import Drift, drifts_in, function_style, repair_task
from steering_index.eval.tasks import (
    KINDS,
    EvalTask,
    HeldOut,
    held_out_in,
    held_out_task,
    parsed,
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
    files = source_files(store, root) if {"definition", "repair"} & set(kinds) else []
    tests = tests_by_name(store)

    def tests_for(_path: str, text: str) -> list[str]:
        names = _DEFINED.findall(text)
        return sorted({test for name in names for test in tests.get(name, [])})

    definitions: list[HeldOut] = []
    drifts: list[Drift] = []
    style = function_style(conventions)
    for source in files:  # each file parsed once for both kinds, its tree dropped after
        tree = parsed(source)
        if tree is None:
            continue
        if "definition" in kinds:
            definitions += held_out_in(source, tree, tests)
        if "repair" in kinds and style is not None:
            drifts += drifts_in(source, tree, style)
    found = pick(definitions, limit, seed, held_out_task)
    if "commit" in kinds:
        indexed = {row.path for row in store.files() if not row.problem}
        found += pick(recent_changes(root, indexed.__contains__, tests_for), limit, seed, _same)
    found += pick(drifts, limit, seed, lambda drift: repair_task(drift, conventions))
    return found


def _same(task: EvalTask) -> EvalTask:
    return task
