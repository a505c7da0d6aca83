"""C and C++ macros that stand for attributes: a copy of the source without them.

Headers mark their declarations with macros the grammar cannot expand:

    GLIB_AVAILABLE_IN_ALL
    GType g_type_register_dynamic (GType parent_type, ...);

    BENCHMARK_ALWAYS_INLINE StateIterator begin();
    void f() ASIO_NOEXCEPT;
    G_BEGIN_DECLS

To tree-sitter the capitalised name is a type or a stray identifier, and the declaration
around it, often the class or namespace around that, turns into ERROR nodes. A macro
written where only an attribute can stand (before a declaration's type, after a parameter
list, alone on a line) expands to something the index has no use for.
`without_attribute_macros` gives the same bytes with such uses as spaces. Line breaks stay,
so every byte offset, line and column of the copy is the original's. The caller reparses
the copy and keeps it only when its errors cover less of the file.

A macro name here is in capitals with at least one underscore (`SODIUM_EXPORT`,
`G_GNUC_MALLOC`), the style C and C++ projects give their macros; `FILE` or `NULL` is not one.
"""

from __future__ import annotations

import bisect
import re

from tree_sitter import Node

from steering_index.index.directive_heads import blanked

# A name in capitals with an underscore, the style of C and C++ macros; `_TOKEN` finds the
# candidates and `_NAME` tells a macro's name (`A__B` and `A_` are not).
_TOKEN = re.compile(rb"\b_*[A-Z][A-Z0-9]*_[A-Z0-9_]*\b")
_NAME = re.compile(rb"_*[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+")
# What may follow a macro, by where it stands:
# - before a declaration: maybe specifiers, a type (`std::size_t`, `Map<K, V>`), then what
#   starts a declarator (a name, `*`, `&`, `~`); `TYPE_MACRO name;` is not one, there the
#   macro may be the type;
_BEFORE_DECLARATION = re.compile(
    rb"[ \t]*\r?\n?[ \t]*"
    rb"(?:(?:const|unsigned|signed|struct|class|enum|union|static|inline|virtual|extern"
    rb"|explicit|constexpr|friend)\s+)*"
    rb"[A-Za-z_][\w:<>,]*[\s*&]+[\w*&~]"
)
# - between a declaration's type and its name: `void BENCHMARK_ALWAYS_INLINE SetLabel(`;
_BEFORE_NAME = re.compile(rb"[ \t]+[A-Za-z_]\w*[ \t]*\(")
# - after a parameter list: `) ASIO_NOEXCEPT {`, `) G_GNUC_MALLOC;`, `) FOO_A FOO_B;`;
_AFTER_PARAMETERS = re.compile(
    rb"\s*(?:[{;=]|const\b|override\b|final\b|noexcept\b|->|_*[A-Z][A-Z0-9]*_)"
)
# ... after a parameter list's `)`, maybe with qualifiers and other such macros between:
_AFTER_CLOSE = re.compile(
    rb"(?:\s*(?:const|volatile|noexcept|override|final|&&?"
    rb"|_*[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+(?:\s*\([^()]*\))?))*\s*"
)
# - alone on its line, maybe with one line of arguments and no `;` (a statement macro call
#   ends with one): `G_BEGIN_DECLS`, `BENCHMARK_DEPRECATED_MSG("use range(0)")`; or an
#   access label (`JSON_PRIVATE_UNLESS_TESTED:`, blanked with its colon);
_ARGUMENTS = re.compile(rb"[ \t]*\((?:[^()\n]|\([^()\n]*\))*\)")
_LINE_END = re.compile(rb"[ \t]*\r?(?:\n|\Z)")
_LABEL_END = re.compile(rb"[ \t]*:(?!:)")
# A variable's declaration (type, name, maybe array bounds, `;`) after a macro: the macro
# may stand for `extern` (`GLIB_VAR`) or be the type (`TYPE_MACRO count;`). Left as it is.
_VARIABLE = re.compile(
    rb"\s*(?:(?:const|static|volatile|unsigned|signed|struct|enum|union)\s+)*"
    rb"[A-Za-z_][\w:<>,]*[\s*&]+[A-Za-z_]\w*\s*(?:\[[^\]\n]*\]\s*)*;"
)
# - after an access keyword, before the colon: `public Q_SLOTS:`.
_ACCESS = re.compile(rb"(?:public|private|protected)[ \t]+\Z")
_DIRECTIVE = re.compile(rb"(?m)^[ \t]*#(?:[^\n]*\\\r?\n)*[^\n]*")
# A macro right after one of these is a member or a scope's name, not an attribute.
_NOT_BEFORE_DECLARATION = (b"#", b".", b">", b":", b"~")
# How far back, over line breaks, a parameter list's `)` may be found.
_REACH = 200


def without_attribute_macros(data: bytes, root: Node) -> bytes | None:
    """`data` with the macros that stand where only an attribute can as spaces, or None when
    it has none. `root` is the tree of `data`: it tells code from comments, strings and
    values."""
    directives = [m.span() for m in _DIRECTIVE.finditer(data)]
    starts = [start for start, _ in directives]
    blank: list[tuple[int, int]] = []
    for token in _TOKEN.finditer(data):
        start, name_end = token.span()
        if _NAME.fullmatch(data, start, name_end) is None:
            continue
        end = _attribute_end(data, start, name_end)
        if end is None:
            continue
        at = bisect.bisect_right(starts, start) - 1
        if at >= 0 and directives[at][1] > start:
            continue  # a directive's own text (`#define G_BEGIN_DECLS ...`)
        if _in_code(root, start, end):
            blank.append((start, end))
    return blanked(data, blank)


def _attribute_end(data: bytes, start: int, end: int) -> int | None:
    """Where the attribute that the macro name at `start:end` begins ends, or None when the
    name does not stand where only an attribute can."""
    line_start = data.rfind(b"\n", 0, start) + 1
    before = data[line_start:start]
    arguments = _ARGUMENTS.match(data, end)
    with_arguments = arguments.end() if arguments is not None else end
    if _VARIABLE.match(data, with_arguments) is not None:
        return None  # `GLIB_VAR int g_debug;`: a macro there may stand for `extern`
    first = not before.strip()
    if first and _LINE_END.match(data, with_arguments) is not None:
        return with_arguments
    label = _LABEL_END.match(data, end)
    if label is not None:
        if first and _LINE_END.match(data, label.end()) is not None:
            return label.end()
        return end if _ACCESS.search(before) is not None else None
    after_parameters = _AFTER_PARAMETERS.match(data, with_arguments) is not None
    if after_parameters and _after_parameter_list(data, start):
        return with_arguments
    if before[-1:] not in _NOT_BEFORE_DECLARATION and _BEFORE_DECLARATION.match(
        data, with_arguments
    ):
        return with_arguments
    typed = before[-2:-1].isalnum() or (before[-2:-1] != b"" and before[-2:-1] in b"_*&>")
    if before[-1:] in (b" ", b"\t") and typed and _BEFORE_NAME.match(data, end) is not None:
        return end
    return None


def _after_parameter_list(data: bytes, start: int) -> bool:
    """Whether a `)` and then only qualifiers and such macros come before `start`."""
    close = data.rfind(b")", max(0, start - _REACH), start)
    return close != -1 and _AFTER_CLOSE.fullmatch(data, close + 1, start) is not None


# Where a capitalised name is a value, not an attribute (the last enumerator of a list
# stands alone on its line).
_VALUE_PLACES = frozenset({"enumerator", "argument_list", "initializer_list"})


def _in_code(root: Node, start: int, end: int) -> bool:
    """Whether `start:end` lies in code, not in a comment, a string or a value."""
    node = root.descendant_for_byte_range(start, end)
    while node is not None:
        kind = node.type
        if "comment" in kind or "string" in kind or kind == "char_literal":
            return False
        if kind in _VALUE_PLACES:
            return False
        node = node.parent
    return True
