"""Merges the import statements a model's answer asks for into a file's import block.

Deterministic and idempotent: an import the file already has is dropped, a name taken
from a module the file already imports from joins that statement (unless the file writes
one name per statement; for JS/TS, a one-line `import { ... } from "m"`), and a new
statement goes where the file's own order puts it (Python: `__future__`, standard library,
the rest, relative imports; sorted within a group when the group is sorted). A file with
no imports gets them after its shebang, encoding line, leading comments and module
docstring. Python, JavaScript/TypeScript, Go, Rust and Java are supported; any other
language is refused with a sentence saying so.
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass

from steering_index.index.lines import split_lines

SUPPORTED = ("python", "javascript", "typescript", "tsx", "go", "rust", "java")
_WRAP_AT = 100  # a merged `from` import longer than this is wrapped in parentheses


class ImportProblem(Exception):
    """An import that cannot be merged; the message is for the user and the model."""


def merge_imports(text: str, language: str | None, statements: Sequence[str]) -> str:
    """`text` with `statements` merged into its imports; raises `ImportProblem`."""
    wanted = [s.strip() for s in statements if s.strip()]
    if not wanted:
        return text
    if "\r\n" in text and text.count("\r\n") == text.count("\n"):
        # Work in "\n" and give the file its own line endings back.
        merged = merge_imports(text.replace("\r\n", "\n"), language, wanted)
        return merged.replace("\n", "\r\n")
    if language == "python":
        for statement in wanted:
            for unit in _python_units(statement):
                text = _add_python(text, unit)
        return text
    if language in ("javascript", "typescript", "tsx", "jsx"):
        rest = []
        for statement in (_check(s, _JS, "an ES import") for s in wanted):
            joined = _merge_js(text, statement)
            if joined is None:
                rest.append(statement)
            else:
                text = joined
        return _add_lines(text, rest, _JS_LINE)
    if language == "go":
        return _add_go(text, [_go_path(s) for s in wanted])
    if language == "rust":
        return _add_lines(text, [_check(s, _RUST, "a `use` declaration") for s in wanted], _RUST)
    if language == "java":
        return _add_lines(text, [_check(s, _JAVA, "a Java import") for s in wanted], _JAVA)
    raise ImportProblem(
        f"imports cannot be added to {language or 'this kind of'} files; "
        "leave `imports` empty and write the code without new imports"
    )


# --- Python -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Unit:
    """One binding: `import module [as alias]` or `from module import name [as alias]`."""

    module: str  # with leading dots for a relative import
    name: str | None
    alias: str | None

    def render(self) -> str:
        alias = f" as {self.alias}" if self.alias else ""
        if self.name is None:
            return f"import {self.module}{alias}"
        return f"from {self.module} import {self.name}{alias}"

    @property
    def group(self) -> int:
        top = self.module.lstrip(".").partition(".")[0]
        if self.module == "__future__":
            return 0
        if self.module.startswith("."):
            return 3
        return 1 if top in sys.stdlib_module_names else 2

    @property
    def key(self) -> tuple[int, int, str]:
        return (self.group, int(self.name is not None), self.module.lower())


def _python_units(statement: str) -> list[_Unit]:
    try:
        tree = ast.parse(statement)
    except SyntaxError:
        raise ImportProblem(f"{statement!r} is not a Python import statement") from None
    units: list[_Unit] = []
    for node in tree.body:
        if isinstance(node, ast.Import):
            units += [_Unit(a.name, None, a.asname) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and all(a.name != "*" for a in node.names):
            module = "." * node.level + (node.module or "")
            units += [_Unit(module, a.name, a.asname) for a in node.names]
        else:
            raise ImportProblem(
                f"{statement!r} is not an import statement (a star import is not allowed)"
            )
    return units


def _units_of(node: ast.Import | ast.ImportFrom) -> list[_Unit]:
    if isinstance(node, ast.Import):
        return [_Unit(a.name, None, a.asname) for a in node.names]
    module = "." * node.level + (node.module or "")
    return [_Unit(module, a.name, a.asname) for a in node.names]


def _add_python(text: str, unit: _Unit) -> str:
    try:
        tree = ast.parse(text)
    except SyntaxError:
        raise ImportProblem("imports cannot be placed: the file does not parse as Python") from None
    nodes = [n for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)]
    if any(unit in _units_of(n) for n in nodes):
        return text
    lines = split_lines(text, keepends=True)
    if unit.name is not None:
        merged = _merge_from(lines, nodes, unit)
        if merged is not None:
            return merged
    if not nodes:
        return _insert_first(lines, tree, unit.render())
    return _insert_sorted(lines, nodes, unit)


def _from_modules(nodes: list[ast.Import | ast.ImportFrom]) -> list[str]:
    return ["." * n.level + (n.module or "") for n in nodes if isinstance(n, ast.ImportFrom)]


def _merge_from(
    lines: list[str], nodes: list[ast.Import | ast.ImportFrom], unit: _Unit
) -> str | None:
    """Add the name to an existing `from module import ...`, when the file's style allows."""
    modules = _from_modules(nodes)
    if modules.count(unit.module) != 1:
        # None to merge into, or the file writes one name per statement.
        return None
    node = next(
        n
        for n in nodes
        if isinstance(n, ast.ImportFrom) and "." * n.level + (n.module or "") == unit.module
    )
    if any(a.name == "*" for a in node.names):
        return None
    assert node.end_lineno is not None and node.end_col_offset is not None
    first, last = node.lineno - 1, node.end_lineno - 1
    names = [f"{a.name} as {a.asname}" if a.asname else a.name for a in node.names]
    new = f"{unit.name} as {unit.alias}" if unit.alias else str(unit.name)
    order = next((key for key in (_by_type, _by_name) if names == sorted(names, key=key)), None)
    names = sorted([*names, new], key=order) if order else [*names, new]
    indent = lines[first][: len(lines[first]) - len(lines[first].lstrip())]
    tail = _after_code(lines[last], node.end_col_offset)
    head = f"{indent}from {unit.module} import "
    flat = head + ", ".join(names)
    if first == last and len(flat) <= _WRAP_AT:
        rendered = flat + tail
    else:
        body = "".join(f"{indent}    {name},\n" for name in names)
        rendered = f"{head}(\n{body}{indent}){tail}"
    return "".join(lines[:first]) + rendered + "".join(lines[last + 1 :])


def _by_type(name: str) -> tuple[int, str]:
    """isort's and ruff's default order: CONSTANTS, then Classes, then the rest."""
    base = name.partition(" as ")[0]
    kind = 0 if base.isupper() and len(base) > 1 else 1 if base[:1].isupper() else 2
    return kind, base.lower()


def _by_name(name: str) -> str:
    return name.lower()


def _after_code(line: str, end_col: int) -> str:
    """What follows a statement on its last line (a comment, the newline)."""
    data = line.encode("utf-8")
    rest = data[end_col:].decode("utf-8")
    return rest if rest.endswith("\n") else rest + "\n"


def _insert_sorted(lines: list[str], nodes: list[ast.Import | ast.ImportFrom], unit: _Unit) -> str:
    """A new statement among the file's imports: its group, sorted when the group is."""
    keyed = [(min(u.key for u in _units_of(n)), n) for n in nodes]
    same = [(k, n) for k, n in keyed if k[0] == unit.group]
    rendered = unit.render() + "\n"
    if same:
        ordered = [k for k, _ in same] == sorted(k for k, _ in same)
        after = same[-1][1]
        if ordered:
            later = [n for k, n in same if k > unit.key]
            if later:
                return _put(lines, later[0].lineno - 1, rendered)
        return _put(lines, _end(after), rendered)
    later_groups = [n for k, n in keyed if k[0] > unit.group]
    if later_groups:
        return _put(lines, later_groups[0].lineno - 1, rendered + "\n")
    return _put(lines, _end(keyed[-1][1]), "\n" + rendered)


def _end(node: ast.stmt) -> int:
    assert node.end_lineno is not None
    return node.end_lineno


def _put(lines: list[str], index: int, block: str) -> str:
    if index > 0 and not lines[index - 1].endswith("\n"):
        lines = [*lines[: index - 1], lines[index - 1] + "\n", *lines[index:]]
    return "".join(lines[:index]) + block + "".join(lines[index:])


def _insert_first(lines: list[str], tree: ast.Module, statement: str) -> str:
    """The first import of a file: after shebang, encoding, leading comments, docstring."""
    index = 0
    while index < len(lines) and lines[index].lstrip().startswith("#"):
        index += 1
    body = tree.body
    if (
        body
        and isinstance(body[0], ast.Expr)
        and isinstance(body[0].value, ast.Constant)
        and isinstance(body[0].value.value, str)
    ):
        index = _end(body[0])
    prefix = lines[:index]
    if prefix and not prefix[-1].endswith("\n"):
        prefix[-1] += "\n"
    rest = lines[index:]
    while rest and not rest[0].strip():
        rest = rest[1:]
    block = ("\n" if prefix else "") + statement + "\n" + ("\n" if rest else "")
    return "".join(prefix) + block + "".join(rest)


# --- line-based languages -----------------------------------------------------------------

_JS = re.compile(r"^import\s+(?:[\w*{},\s$]+\s+from\s+)?['\"][^'\"]+['\"];?$", re.S)
_JS_LINE = re.compile(r"^import\b.*?['\"][^'\"]+['\"];?\s*$")
_RUST = re.compile(r"^(?:pub(?:\([\w:]+\))?\s+)?use\s+[\w:{}*,\s]+;$")
_JAVA = re.compile(r"^import\s+(?:static\s+)?[\w.]+(?:\.\*)?;$")
_GO_SPEC = re.compile(r'^(?:import\s+)?(?:(?P<alias>[\w.]+)\s+)?"(?P<path>[^"]+)"$')
_LEADING = re.compile(r"^\s*(?://|/\*|\*|#!|#!\[|'use |\"use |package\s)")


_JS_NAMED = re.compile(
    r"^(?P<head>\s*import\s*\{)(?P<names>[^}]*)\}(?P<mid>\s*from\s*)(?P<q>['\"])(?P<module>[^'\"]+)(?P=q)(?P<tail>;?\s*)$"
)


def _merge_js(text: str, statement: str) -> str | None:
    """`import { x } from "m"` joined to the file's one-line named import from "m", if any."""
    wanted = _JS_NAMED.match(statement)
    if wanted is None:
        return None
    lines = split_lines(text, keepends=True)
    for index, line in enumerate(lines):
        found = _JS_NAMED.match(line.rstrip("\r\n"))
        if found is None or found.group("module") != wanted.group("module"):
            continue
        names = [n.strip() for n in found.group("names").split(",") if n.strip()]
        new = [n.strip() for n in wanted.group("names").split(",") if n.strip()]
        fresh = [n for n in new if n not in names]
        if not fresh:
            return text
        ordered = names == sorted(names, key=str.lower)
        joined = sorted([*names, *fresh], key=str.lower) if ordered else [*names, *fresh]
        inner = found.group("names")
        pad = " " if inner.startswith(" ") else ""
        ending = line[len(line.rstrip("\r\n")) :]
        lines[index] = (
            f"{found.group('head')}{pad}{', '.join(joined)}{pad}}}{found.group('mid')}"
            f"{found.group('q')}{found.group('module')}{found.group('q')}{found.group('tail')}"
            f"{ending}"
        )
        return "".join(lines)
    return None


def _check(statement: str, pattern: re.Pattern[str], what: str) -> str:
    flat = " ".join(statement.split())
    if not pattern.match(flat):
        raise ImportProblem(f"{statement!r} is not {what}")
    return flat


def _add_lines(text: str, statements: list[str], line_pattern: re.Pattern[str]) -> str:
    """After the last top-level import line, or after the file's leading header."""
    lines = split_lines(text, keepends=True)
    present = {" ".join(line.split()) for line in lines}
    fresh = list(dict.fromkeys(s for s in statements if s not in present))
    if not fresh:
        return text
    found = [i for i, line in enumerate(lines) if line_pattern.match(line.strip())]
    if found:
        return _put(lines, found[-1] + 1, "".join(f"{s}\n" for s in fresh))
    index = 0
    while index < len(lines) and (not lines[index].strip() or _LEADING.match(lines[index])):
        index += 1
    block = "".join(f"{s}\n" for s in fresh)
    if index > 0 and lines[index - 1].strip():
        block = "\n" + block
    return _put(lines, index, block + ("\n" if index < len(lines) else ""))


def _go_path(statement: str) -> tuple[str | None, str]:
    match = _GO_SPEC.match(" ".join(statement.split()))
    if match is None:
        raise ImportProblem(f'{statement!r} is not a Go import (write `import "path"`)')
    return match.group("alias"), match.group("path")


def _add_go(text: str, specs: list[tuple[str | None, str]]) -> str:
    for alias, path in specs:
        text = _add_go_one(text, alias, path)
    return text


def _add_go_one(text: str, alias: str | None, path: str) -> str:
    lines = split_lines(text, keepends=True)
    spec = (f"{alias} " if alias else "") + f'"{path}"'
    if any(re.search(rf"(^|\s){re.escape(spec)}\s*$", line.strip()) for line in lines):
        return text
    opener = next((i for i, line in enumerate(lines) if line.strip() == "import ("), None)
    if opener is not None:
        closer = next(i for i in range(opener, len(lines)) if lines[i].strip() == ")")
        group = [i for i in range(opener + 1, closer) if lines[i].strip()]
        first_group = []
        for i in range(opener + 1, closer):
            if not lines[i].strip():
                break
            first_group.append(i)
        at = next(
            (i for i in first_group if _go_key(lines[i]) > path),
            (first_group[-1] + 1) if first_group else (group[0] if group else closer),
        )
        return _put(lines, at, f"\t{spec}\n")
    singles = [i for i, line in enumerate(lines) if line.startswith("import ")]
    if singles:
        return _put(lines, singles[-1] + 1, f"import {spec}\n")
    package = next((i for i, line in enumerate(lines) if line.startswith("package ")), -1)
    return _put(lines, package + 1, f"\nimport {spec}\n")


def _go_key(line: str) -> str:
    match = re.search(r'"([^"]+)"', line)
    return match.group(1) if match else line.strip()
