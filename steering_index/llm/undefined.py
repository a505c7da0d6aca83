"""Names a Python file uses but never defines, imports or gets from builtins.

Deliberately coarse, so that it does not cry wolf: a name bound anywhere in the file (any
scope: assignment, parameter, import, `def`, `class`, loop or `with` target, `except ...
as`, walrus, `match` capture, `global`) counts as defined everywhere, and a file with a
star import defines everything. Callers compare the file before and after an edit, so a
name that was already undefined does not count against the edit.
"""

from __future__ import annotations

import ast
import builtins

_MODULE_NAMES = frozenset(
    {"__file__", "__builtins__", "__path__", "__annotations__", "__class__", "__qualname__"}
)
_KNOWN = frozenset(dir(builtins)) | _MODULE_NAMES
_TYPE_PARAMS = frozenset({"TypeVar", "ParamSpec", "TypeVarTuple"})


def undefined_names(text: str) -> set[str] | None:
    """The undefined names of `text`, or None when it does not parse (or has `import *`)."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return None
    bound: set[str] = set()
    used: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (used if isinstance(node.ctx, ast.Load) else bound).add(node.id)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            for alias in node.names:
                if alias.name == "*":
                    return None
                bound.add(alias.asname or alias.name.partition(".")[0])
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            bound.add(node.name)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            bound.add(node.name)
        elif isinstance(node, ast.Global | ast.Nonlocal):
            bound.update(node.names)
        elif isinstance(node, ast.MatchAs | ast.MatchStar) and node.name:
            bound.add(node.name)
        elif isinstance(node, ast.MatchMapping) and node.rest:
            bound.add(node.rest)
        elif type(node).__name__ in _TYPE_PARAMS:  # PEP 695 (Python 3.12+) type parameters
            bound.add(getattr(node, "name", ""))
    return used - bound - _KNOWN


def new_undefined_names(old_text: str, new_text: str) -> list[str]:
    """Names undefined in `new_text` that were not undefined in `old_text`, sorted."""
    after = undefined_names(new_text)
    if after is None:
        return []
    before = undefined_names(old_text) or set()
    return sorted(after - before)


def lines_using(text: str, names: set[str]) -> list[int]:
    """The 1-based lines of `text` that read any of `names`, sorted (none if it does not parse)."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return []
    found = {
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id in names
    }
    return sorted(found)
