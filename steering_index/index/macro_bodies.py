"""Comments inside a C or C++ macro's body, where a grammar cannot read one: a copy without.

tree-sitter-c and tree-sitter-cpp read a `#define`'s body as one token that stops at `/*`.
A comment between its lines

    #define PYBIND11_OBJECT(Name, Parent, CheckFun)      \\
        /* NOLINTNEXTLINE(google-explicit-constructor) */ \\
        Name(const object &o) : Parent(o) {}

ends the macro there, and the grammar reads the rest of its body as code of the file:
pybind11's `Name`, a parameter of the macro, became a function of `pytypes.h`.
`without_macro_comments` gives the same bytes with each comment on one line of a macro's
body as spaces, so that the body is one token again. Line breaks stay, so every byte
offset, line and column of the copy is the original's.
"""

from __future__ import annotations

import re

from tree_sitter import Node

from steering_index.index.directive_heads import blanked

_DEFINE = re.compile(rb"^[ \t]*#[ \t]*define\b", re.MULTILINE)
# A comment that opens and closes on one line: one spanning lines has no `\` to continue
# the macro on the lines it covers, and is left as it is.
_COMMENT = re.compile(rb"/\*[^\n]*?\*/")


def without_macro_comments(data: bytes, root: Node) -> bytes | None:
    """`data` with the one-line comments of its macros' bodies as spaces, or None when it
    has none. `root` (the tree of `data`) is not needed: the grammar's reading of a body is
    what is wrong."""
    del root
    spans: list[tuple[int, int]] = []
    for define in _DEFINE.finditer(data):
        end = _logical_line_end(data, define.end())
        spans.extend(c.span() for c in _COMMENT.finditer(data, define.end(), end))
    return blanked(data, spans)


def _logical_line_end(data: bytes, start: int) -> int:
    """Where the line holding `start` ends, lines ending in `\\` continued."""
    while True:
        end = data.find(b"\n", start)
        if end == -1:
            return len(data)
        if data[max(start, end - 2) : end].rstrip(b"\r").endswith(b"\\"):
            start = end + 1
            continue
        return end
