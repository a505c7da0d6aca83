"""Line breaks as LSP and the parsers count them: `\\n`, `\\r\\n` and `\\r`, nothing else.

`str.splitlines` also breaks at form feed, vertical tab, U+001C..U+001E, U+0085, U+2028 and
U+2029. A form feed on a line of its own (old Python and C sources have them) or a U+2028 in
a string then shifts every later line by one against what the editor shows and what
tree-sitter counts. Code that numbers the lines of source text splits it here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
_LONE_CR = re.compile(rb"\r(?!\n)")


def split_lines(text: str, keepends: bool = False) -> list[str]:
    """`text.splitlines(keepends)`, breaking only at `\\n`, `\\r\\n` and `\\r`."""
    lines = _LINE.findall(text)
    if keepends:
        return lines
    return [without_break(line) for line in lines]


def without_break(line: str) -> str:
    """A line without its line break (only `\\n`, `\\r\\n` or `\\r` is one)."""
    if line.endswith("\r\n"):
        return line[:-2]
    if line.endswith(("\n", "\r")):
        return line[:-1]
    return line


def parser_bytes(data: bytes, language: str | None = None) -> bytes:
    """`data` as tree-sitter should read it: a lone `\\r` (old Mac line ends) becomes `\\n`.

    tree-sitter starts a new row only at `\\n`, where LSP (and Python, and JavaScript) also
    break at a lone `\\r`. The swap keeps every byte offset, so spans stay valid for the
    original text, and rows then match the editor's lines.

    Bytes that are not UTF-8 become `?`, one for one: the queries' predicates (`#match?`)
    read a capture's text as UTF-8 and raise on anything else.

    In C and C++, an export macro between `class` and the class's name (`class SPDLOG_API
    logger`, `class Foundation_API Timer : public Runnable`) becomes spaces: the grammar
    cannot know the macro expands to an attribute, and without it the whole class is lost.
    """
    if language in ("c", "cpp") and _EXPORT_MACRO.search(data) is not None:
        data = _EXPORT_MACRO.sub(lambda m: m.group(1) + b" " * len(m.group(2)), data)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("utf-8", "surrogateescape")
        data = _UNDECODED.sub("?", text).encode("utf-8")
    if b"\r" not in data or _LONE_CR.search(data) is None:
        return data
    return _LONE_CR.sub(b"\n", data)


_UNDECODED = re.compile("[\udc80-\udcff]")  # what surrogateescape makes of a stray byte
# `class` or `struct` (1), a macro (2: a name ending `_API`, `_EXPORT`, ... or in capitals with
# an underscore), then the class's own name and what follows a class's name (a base list,
# its body, template arguments); `final` is not a name.
_EXPORT_MACRO = re.compile(
    rb"(\b(?:class|struct|union)\s+)"
    rb"([A-Za-z][A-Za-z0-9]*_(?:API|EXPORT|EXPORTS|DLL|DECL|PUBLIC|VISIBLE|IMPORT)\b"
    rb"|[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b)"
    rb"(?=\s+(?!final\b)[A-Za-z_]\w*\s*(?:final\b|:(?!:)|\{|<|$))",
    re.MULTILINE,
)


@dataclass(frozen=True, slots=True)
class LineEdit:
    """One replacement of whole lines: bytes `start`..`end` of the old text become `text`."""

    start_byte: int
    end_byte: int
    text: str


def line_diff(old: str, new: str) -> LineEdit:
    """The smallest run of whole lines whose replacement turns `old` into `new`.

    The lines both texts share at the start and at the end are kept; what lies between
    is one edit. An editor applies it without moving the cursor or folds elsewhere, where
    replacing the whole document would.
    """
    old_lines = split_lines(old, keepends=True)
    new_lines = split_lines(new, keepends=True)
    shortest = min(len(old_lines), len(new_lines))
    head = 0
    while head < shortest and old_lines[head] == new_lines[head]:
        head += 1
    tail = 0
    while tail < shortest - head and old_lines[-1 - tail] == new_lines[-1 - tail]:
        tail += 1
    start = sum(len(line.encode("utf-8")) for line in old_lines[:head])
    end = sum(len(line.encode("utf-8")) for line in old_lines[: len(old_lines) - tail])
    return LineEdit(start, end, "".join(new_lines[head : len(new_lines) - tail]))


def apply_line_edit(text: str, edit: LineEdit) -> str:
    """`text` with `edit` made: what an editor holds after applying it."""
    data = text.encode("utf-8")
    return (data[: edit.start_byte] + edit.text.encode("utf-8") + data[edit.end_byte :]).decode(
        "utf-8"
    )
