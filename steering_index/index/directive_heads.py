"""Preprocessor conditionals where a grammar cannot read one: a copy of the source it can.

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

`without_broken_conditionals` does the same for any conditional the grammar left inside an
error, wherever it stands: C#'s default interface method, whose body is there only

    void Write(string message)
    #if FEATURE_DEFAULT_INTERFACE
        { Sink(message); }
    #else
        ;
    #endif

(tree-sitter-c-sharp read `FEATURE_DEFAULT_INTERFACE` as a property), or a C function whose
head ends in one. Line breaks stay, so every byte offset, line and column of the copy is
the original's.
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
# `#if 0` (C#'s `#if false`): a branch no build reads; the next one is read instead.
_NEVER = re.compile(rb"[ \t]+(?:0|false)[ \t]*(?:/[/*].*)?\r?$")
# A conditional's directive at the start of a line, and its name.
_CONDITIONAL = re.compile(
    rb"^[ \t]*#[ \t]*(if|ifdef|ifndef|elif|elifdef|elifndef|else|endif)\b", re.MULTILINE
)
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
    return blanked(data, blank)


def blanked(data: bytes, ranges: list[Range]) -> bytes | None:
    """`data` with `ranges` as spaces, line breaks kept; None when there are none. The
    repairs of `attribute_macros` and `macro_bodies` blank with it too."""
    if not ranges:
        return None
    copy = bytearray(data)
    for start, end in ranges:
        copy[start:end] = _NOT_A_BREAK.sub(b" ", data[start:end])
    return bytes(copy)


def without_broken_conditionals(data: bytes, root: Node) -> bytes | None:
    """`data` with every conditional that `root`, its tree, leaves inside an ERROR node (or
    that holds one) read as its kept branch: its directive lines and the lines of its other
    branches blanked. The kept branch is the first, or the next after an `#if 0`. None when
    no conditional is broken, or when one does not close."""
    blank: list[Range] = []
    # Per open conditional: its directive lines, where its kept branch starts and ends (or
    # None), whether a branch was taken, and whether any of its directives is in an error.
    open_groups: list[_Conditional] = []
    for match in _CONDITIONAL.finditer(data):
        hash_at = data.index(b"#", match.start(), match.start(1))
        token = root.descendant_for_byte_range(hash_at, hash_at + 1)
        if token is None or not token.type.startswith(("#", "preproc")):
            continue  # in a comment or a string
        name = match.group(1)
        start = match.start()
        end = _directive_end(data, start, _line_end(data, start))
        if name in _OPENS:
            never = _NEVER.match(data, match.end(), end) is not None
            open_groups.append(_Conditional(start, not never, None if never else end))
        elif not open_groups:
            return None  # an `#else` or `#endif` without its `#if`
        group = open_groups[-1]
        group.broken = group.broken or _in_error(token)
        if name in _ALTERNATIVES or name == b"endif":
            group.close_branch(start)
            if name in _ALTERNATIVES and not group.taken:
                group.taken, group.kept_from = True, end
        if name == b"endif":
            open_groups.pop()
            if group.broken:
                blank.extend(group.dropped(end))
    return None if open_groups else blanked(data, blank)


def _in_error(token: Node) -> bool:
    """Whether a directive's token lies inside an ERROR node, or its conditional holds one
    (the grammar closed the method before the `#if` and could not place its body)."""
    if token.parent is not None and any(c.type == "ERROR" for c in token.parent.children):
        return True
    at: Node | None = token.parent
    while at is not None:
        if at.type == "ERROR":
            return True
        at = at.parent
    return False


class _Conditional:
    """One `#if` ... `#endif` as `without_broken_conditionals` reads it."""

    def __init__(self, start: int, taken: bool, kept_from: int | None) -> None:
        self.start = start  # where its `#if` line starts
        self.taken = taken
        self.kept_from = kept_from  # where the branch being read starts, if it is the kept one
        self.kept: Range | None = None
        self.broken = False

    def close_branch(self, at: int) -> None:
        if self.kept_from is not None and self.kept is None:
            self.kept = (self.kept_from, at)
        self.kept_from = None

    def dropped(self, end: int) -> list[Range]:
        """Every line outside the kept branch, up to `end`: the directive lines among them."""
        if self.kept is None:
            return [(self.start, end)]
        return [(self.start, self.kept[0]), (self.kept[1], end)]


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
