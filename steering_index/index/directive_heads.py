"""C and C++ class heads cut by preprocessor lines: a copy of the source the grammar can read.

tree-sitter-cpp and tree-sitter-c take a preprocessor conditional only where a declaration,
a statement or a member may stand. One between a class's name and its body

    class Foo
    #if HAVE_X
        : public Bar
    #endif
    {

breaks the class: it loses its body and its members become labelled statements and loose
declarations. `without_head_directives` gives the same bytes with the directive lines of
such heads as spaces and, of a conditional with alternatives (`#elif`, `#else`), the lines
of every branch but the one read as spaces too: the first, or the next after an `#if 0`.
Line breaks stay, so every byte offset, line
and column of the copy is the original's.
"""

from __future__ import annotations

import re

from tree_sitter import Node

# A class-like keyword, then no `;`, brace or `#` before a line that starts with `#`.
_HEAD = re.compile(rb"\b(class|struct|union|enum)\b[^;{}#]*\n[ \t]*#")
_DIRECTIVE = re.compile(rb"[ \t]*#[ \t]*([a-z]*)")
_OPENS = frozenset({b"if", b"ifdef", b"ifndef"})
_ALTERNATIVES = frozenset({b"elif", b"elifdef", b"elifndef", b"else"})
_NOT_A_BREAK = re.compile(rb"[^\r\n]")
# `#if 0`: a branch no build reads; the next one is read instead.
_NEVER = re.compile(rb"[ \t]+0[ \t]*(?:/[/*].*)?\r?$")
# A head (keyword to `{`) longer than this many lines is not one.
_HEAD_LINES = 40

Range = tuple[int, int]


def without_head_directives(data: bytes, root: Node) -> bytes | None:
    """`data` with the directive lines in its class heads (and the lines of their
    conditionals' other branches) blanked, or None when no class head holds one. `root`
    is the tree of `data`: it tells a keyword in code from one in a comment or a string."""
    blank: list[Range] = []
    position = 0
    while (head := _HEAD.search(data, position)) is not None:
        keyword_start, keyword_end = head.span(1)
        position = keyword_end
        keyword = root.descendant_for_byte_range(keyword_start, keyword_end)
        if keyword is None or keyword.type != head.group(1).decode():
            continue
        found = _head_ranges(data, keyword_end)
        if found is not None:
            ranges, position = found
            blank.extend(ranges)
    if not blank:
        return None
    copy = bytearray(data)
    for start, end in blank:
        copy[start:end] = _NOT_A_BREAK.sub(b" ", data[start:end])
    return bytes(copy)


def _head_ranges(data: bytes, start: int) -> tuple[list[Range], int] | None:
    """The ranges to blank in the head whose keyword ends at `start`, and where the head's
    last conditional ends; None when no `{` follows (a forward declaration, a variable of a
    struct type) or when a conditional does not close."""
    ranges: list[Range] = []
    # Per open conditional: whether the branch being read is the one kept, and whether one
    # was (the first, or under `#if 0` the next).
    live: list[bool] = []
    taken: list[bool] = []
    in_comment = False
    opened = False  # the body's `{` was met
    line_start, lines = start, 0
    while line_start < len(data):
        line_end = _line_end(data, line_start)
        directive = None
        if line_start > start and not in_comment:
            directive = _DIRECTIVE.match(data, line_start, line_end)
        if directive is not None:
            line_end = _directive_end(data, line_start, line_end)
            name = directive.group(1)
            if name in _OPENS:
                never = _NEVER.match(data, directive.end(), line_end) is not None
                live.append(not never)
                taken.append(not never)
            elif name in _ALTERNATIVES or name == b"endif":
                if not live:
                    return None  # the class's keyword sits inside a conditional
                if name == b"endif":
                    live.pop()
                    taken.pop()
                else:
                    live[-1] = not taken[-1]
                    taken[-1] = True
            ranges.append((line_start, line_end))
        else:
            kept = all(live)
            looking = kept and not opened
            in_comment, stop = _scan(data, line_start, line_end, in_comment, looking)
            if not kept:
                ranges.append((line_start, line_end))
            elif stop is not None:
                if data[stop] != ord("{"):
                    return None
                opened = True
        if opened and not live:
            return (ranges, line_end) if ranges else None
        lines += 1
        if not opened and lines > _HEAD_LINES:
            return None
        line_start = line_end + 1
    return None


def _line_end(data: bytes, start: int) -> int:
    end = data.find(b"\n", start)
    return len(data) if end == -1 else end


def _directive_end(data: bytes, start: int, end: int) -> int:
    """Where a directive ends: lines ending in a backslash continue it."""
    while data[start:end].rstrip(b"\r").endswith(b"\\") and end < len(data):
        end = _line_end(data, end + 1)
    return end


def _scan(
    data: bytes, start: int, end: int, in_comment: bool, stop: bool
) -> tuple[bool, int | None]:
    """Whether a block comment is open at `end`, and with `stop` the offset of the first `{`,
    `}` or `;` in code between `start` and `end` (skipping comments, strings and
    characters), where the scan stops."""
    at = start
    while at < end:
        if in_comment:
            close = data.find(b"*/", at, end)
            if close == -1:
                return True, None
            in_comment, at = False, close + 2
            continue
        char = data[at]
        if stop and char in b"{};":
            return False, at
        pair = data[at : at + 2]
        if pair == b"//":
            return False, None
        if pair == b"/*":
            in_comment, at = True, at + 2
            continue
        if char in b"\"'":
            close = data.find(bytes([char]), at + 1, end)
            at = end if close == -1 else close + 1
            continue
        at += 1
    return in_comment, None
