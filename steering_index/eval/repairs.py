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

from steering_index import extract
from steering_index.conventions import check_file
from steering_index.conventions_naming import CAMEL, SNAKE, naming_style, to_style
from steering_index.eval.tasks import EvalTask, SourceFile, make_task
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


def planted_repairs(
    files: Sequence[SourceFile], conventions: Sequence[Convention]
) -> list[EvalTask]:
    """One task per top-level function whose renaming against the convention is reported."""
    convention = _function_convention(conventions, "python")
    if convention is None:
        return []
    found = []
    for source in files:
        if check_file(_extract(source, source.text), conventions):
            continue  # a file that already drifts: the planted finding would not stand alone
        try:
            tree = ast.parse(source.text)
        except (SyntaxError, ValueError):
            continue
        for node in tree.body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                task = _plant(source, node, convention, conventions)
                if task is not None:
                    found.append(task)
    return found


def _extract(source: SourceFile, text: str) -> FileExtract:
    return extract.extract(source.path, text.encode("utf-8"), source.language)


def _plant(
    source: SourceFile,
    node: ast.FunctionDef | ast.AsyncFunctionDef,
    convention: Convention,
    conventions: Sequence[Convention],
) -> EvalTask | None:
    name = node.name
    if naming_style(name) != convention.value or name.startswith("_"):
        return None
    drifted = to_style(name, _OPPOSITE[convention.value])
    if drifted == name:
        return None
    lines = source.text.splitlines(keepends=True)
    original = lines[node.lineno - 1]
    planted_line, count = re.subn(rf"\bdef {re.escape(name)}\b", f"def {drifted}", original)
    if count != 1:
        return None
    planted = "".join([*lines[: node.lineno - 1], planted_line, *lines[node.lineno :]])
    findings = [
        f for f in check_file(_extract(source, planted), conventions) if f"`{drifted}`" in f.message
    ]
    if len(findings) != 1:
        return None
    return make_task(
        "repair",
        source.path,
        source.language,
        f"repair {source.path}:{name} ({findings[0].code})",
        f"Fix this convention finding: {findings[0].message}",
        planted,
        LineRange(node.lineno, node.lineno),
        original,
    )
