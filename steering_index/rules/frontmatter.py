"""YAML front matter of rule files: values, the line of each key, and findings instead of errors.

Rule files are written by hand and often carry front matter that is not quite YAML
(`globs: **/*.ts` is an alias error to a YAML parser, yet Cursor reads it). So the parser
is tolerant: when `yaml.safe_load` refuses the block, each `key: value` line is read as a
plain string and an error finding says so, which keeps the other keys usable. Loaders
decide what the leniently read values mean in their format (Cline, for one, ignores them).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import yaml

from steering_index.model import Finding, Severity
from steering_index.rules.findings import finding

_DELIMITER = "---"
_KEY_LINE = re.compile(r"^([A-Za-z_][\w-]*)\s*:(.*)$")
_LIST_ITEM = re.compile(r"^\s+-\s*(.*)$")
# A plain value starting with one of these is a YAML alias, anchor, tag or reserved
# character; in a rule's front matter it is a glob or text written without quotes.
_PATTERN_STARTS = frozenset("*&!%@`")

# A front-matter value: whatever yaml.safe_load produces for a scalar, list or mapping.
Value = object


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """The front matter of one file and the body that follows it.

    `present` is False when the file does not open with `---`. `valid` is False when the
    block was not YAML (values then come from the lenient line reader) or not closed.
    `body_line` is the 1-based line of the file where `body` starts.
    """

    values: Mapping[str, Value]
    key_lines: Mapping[str, int]
    body: str
    body_line: int
    present: bool
    valid: bool = True
    findings: tuple[Finding, ...] = field(default=())

    def line_of(self, key: str) -> int:
        """The line a key is written on, or the first line of the file."""
        return self.key_lines.get(key, 1)


def parse_front_matter(text: str, path: str, strict: bool = True) -> FrontMatter:
    """Split `text` into front matter and body; never raises.

    With `strict=False` (a tool whose own reader is not strict YAML, like Cursor's or
    Windsurf's), values that start with a YAML indicator such as `*` (`globs: *.py`) are
    read as plain text, and only a block that is still not YAML then is reported.
    """
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != _DELIMITER:
        return FrontMatter(MappingProxyType({}), MappingProxyType({}), text, 1, present=False)
    end = _closing_line(lines)
    if end is None:
        unclosed = finding(
            "rules/invalid-front-matter",
            "front matter opened with `---` is never closed; the whole file is read as text",
            path,
            1,
            Severity.ERROR,
        )
        return FrontMatter(
            MappingProxyType({}), MappingProxyType({}), text, 1, True, False, (unclosed,)
        )
    block = "".join(lines[1:end])
    body = "".join(lines[end + 1 :])
    key_lines = _key_lines(lines[1:end])
    values, problem = _load_yaml(block, path)
    if problem is not None and not strict:
        # Read unquoted `*`-patterns as the tool does; what is still not YAML stays an error.
        retried, still = _load_yaml(_quote_patterns(block), path)
        if still is None:
            values, problem = retried, None
    return FrontMatter(
        values=MappingProxyType(values),
        key_lines=MappingProxyType(key_lines),
        body=body,
        body_line=end + 2,
        present=True,
        valid=problem is None,
        findings=(problem,) if problem else (),
    )


def _closing_line(lines: list[str]) -> int | None:
    for index in range(1, len(lines)):
        if lines[index].rstrip() in (_DELIMITER, "..."):
            return index
    return None


def _key_lines(block_lines: list[str]) -> dict[str, int]:
    """Top-level keys and their 1-based file lines (the block starts on line 2)."""
    found: dict[str, int] = {}
    for offset, line in enumerate(block_lines):
        match = _KEY_LINE.match(line)
        if match and match.group(1) not in found:
            found[match.group(1)] = offset + 2
    return found


def _load_yaml(block: str, path: str) -> tuple[dict[str, Value], Finding | None]:
    try:
        loaded = yaml.safe_load(block) if block.strip() else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(exc, "problem", None) or "cannot be parsed"
        message = (
            f"front matter is not valid YAML ({problem}); read as plain `key: value` lines. "
            "Quote values that start with `*`, `@`, `[` or `{`"
        )
        severity = Severity.ERROR
        return _lenient_values(block), finding(
            "rules/invalid-front-matter", message, path, line, severity
        )
    if loaded is None:
        return {}, None
    if not isinstance(loaded, dict):
        message = f"front matter must be `key: value` pairs, found a {type(loaded).__name__}"
        return {}, finding("rules/invalid-front-matter", message, path, 2, Severity.ERROR)
    return {str(key): value for key, value in loaded.items()}, None


def _quote_patterns(block: str) -> str:
    """`key: *.py, **/*.py` -> `key: '*.py, **/*.py'`: a glob, not a YAML alias.

    List items (`  - *.py`) are quoted the same way.
    """
    lines = []
    for line in block.splitlines(keepends=True):
        bare = line.rstrip("\r\n")
        key = _KEY_LINE.match(bare)
        item = _LIST_ITEM.match(bare)
        if key and key.group(2).strip()[:1] in _PATTERN_STARTS:
            line = f"{key.group(1)}: {_single_quoted(key.group(2).strip())}\n"
        elif item and item.group(1).strip()[:1] in _PATTERN_STARTS:
            indent = bare[: bare.index("-")]
            line = f"{indent}- {_single_quoted(item.group(1).strip())}\n"
        lines.append(line)
    return "".join(lines)


def _single_quoted(raw: str) -> str:
    return "'" + raw.replace("'", "''") + "'"


def _lenient_values(block: str) -> dict[str, Value]:
    """Read `key: value` lines and `- item` lists as plain strings, as forgiving tools do."""
    values: dict[str, Value] = {}
    current: str | None = None
    for line in block.splitlines():
        key_match = _KEY_LINE.match(line)
        item_match = _LIST_ITEM.match(line)
        if key_match:
            current = key_match.group(1)
            raw = key_match.group(2).strip()
            values[current] = _unquote(raw) if raw else []
        elif item_match and current is not None and isinstance(values.get(current), list):
            items = values[current]
            assert isinstance(items, list)
            items.append(_unquote(item_match.group(1).strip()))
    return values


def _unquote(raw: str) -> Value:
    """One scalar as YAML would read it (`false` -> False), else the text as written."""
    try:
        value = yaml.safe_load(raw)
    except yaml.YAMLError:
        return raw
    return value if isinstance(value, (str, bool, int, float)) else raw
