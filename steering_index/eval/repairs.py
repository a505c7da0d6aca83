"""Convention repairs: a drift planted in a clean file, the task being the finding's own text.

A function whose name follows the workspace's strong naming convention is renamed against
it on its `def` line (`parse_settings` -> `parseSettings`); the engine's own convention
check must then report it, and that finding's message is the task. The target is the
`def` line and the expected answer is the line as it was.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Sequence
from dataclasses import dataclass

from steering_index.conventions.infer import check_file
from steering_index.conventions.naming import CAMEL, SNAKE, naming_style, to_style
from steering_index.eval.tasks import EvalTask, SourceFile, make_task, parsed, pick
from steering_index.index import extract
from steering_index.model import Convention, FileExtract, LineRange

_OPPOSITE = {SNAKE: CAMEL, CAMEL: SNAKE}


def _function_convention(conventions: Sequence[Convention], language: str) -> Convention | None:
    for convention in conventions:
        if (
            convention.strong
            and convention.category == "naming"
            and convention.language == language
            and convention.subject == "function"
            and convention.value in _OPPOSITE
        ):
            return convention
    return None


@dataclass(frozen=True, slots=True)
class Drift:
    """A rename that can be planted; it is checked (and made a task) only when picked."""

    source: SourceFile
    line: int
    name: str
    drifted: str
    planted_line: str


def function_style(conventions: Sequence[Convention]) -> str | None:
    """The strong naming style of Python functions that a drift can be planted against."""
    convention = _function_convention(conventions, "python")
    return None if convention is None else convention.value


def drift_candidates(files: Sequence[SourceFile], conventions: Sequence[Convention]) -> list[Drift]:
    """Top-level functions that follow the naming convention, in file order (whether their
    file is otherwise clean is checked when one is picked)."""
    style = function_style(conventions)
    found = []
    for source in files:
        tree = parsed(source) if style is not None else None
        if style is not None and tree is not None:
            found += drifts_in(source, tree, style)
    return found


def drifts_in(source: SourceFile, tree: ast.Module, style: str) -> list[Drift]:
    """The top-level functions of one file that a drift against `style` can be planted in."""
    lines = source.text.splitlines(keepends=True)
    return [
        drift
        for node in tree.body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and (drift := _drift(source, lines, node, style)) is not None
    ]


def _drift(
    source: SourceFile, lines: list[str], node: ast.FunctionDef | ast.AsyncFunctionDef, style: str
) -> Drift | None:
    name = node.name
    if naming_style(name) != style or name.startswith("_"):
        return None
    drifted = to_style(name, _OPPOSITE[style])
    if drifted == name:
        return None
    original = lines[node.lineno - 1]
    planted, count = re.subn(rf"\bdef {re.escape(name)}\b", f"def {drifted}", original)
    return Drift(source, node.lineno, name, drifted, planted) if count == 1 else None


def planted_repairs(
    files: Sequence[SourceFile],
    conventions: Sequence[Convention],
    limit: int | None = None,
    seed: int = 0,
) -> list[EvalTask]:
    """Repair tasks whose planted drift the engine reports: `limit` picked with `seed`."""
    return pick(drift_candidates(files, conventions), limit, seed,
                lambda drift: repair_task(drift, conventions))  # fmt: skip


def _extract(source: SourceFile, text: str) -> FileExtract:
    return extract.extract(source.path, text.encode("utf-8"), source.language)


def repair_task(drift: Drift, conventions: Sequence[Convention]) -> EvalTask | None:
    """The task for `drift`, if the convention check reports it (and nothing else new)."""
    source = drift.source
    if check_file(_extract(source, source.text), conventions):
        return None  # a file that already drifts would not show the planted finding alone
    lines = source.text.splitlines(keepends=True)
    planted = "".join([*lines[: drift.line - 1], drift.planted_line, *lines[drift.line :]])
    findings = [
        f for f in check_file(_extract(source, planted), conventions)
        if f"`{drift.drifted}`" in f.message
    ]  # fmt: skip
    if len(findings) != 1:
        return None
    return make_task(
        "repair",
        source.path,
        source.language,
        f"repair {source.path}:{drift.name} ({findings[0].code})",
        f"Fix this convention finding: {findings[0].message}",
        planted,
        LineRange(drift.line, drift.line),
        lines[drift.line - 1],
    )
