"""Re-extracting only what an edit touched, in an open Python buffer.

A keystroke in a large module changes one statement; the rest of the file's extract is the
previous one, moved by the edit. After an incremental reparse, the window is the run of
statements around the edit and every range the parser saw change, taken in the innermost
class body holding them all (a method of a 5,000-line class, not the class). The query runs
over the window only; symbols, imports, comments and references outside it are the previous
ones with their spans moved; the classes around the window are extracted again (their spans
grow, their docstring may be what changed). `os.path`-style module attributes are found
again over the whole file, since the first use of each is what counts.

The result must equal a full extraction of the same text: `tests/extract` checks it on
random edits. Whatever this cannot do safely returns None, and the caller extracts the
whole file: another language, a reparse with errors, an edit near `__all__` (it decides
whether every module-level name is exported; elsewhere, the new module-level names are
judged against it as the full extraction would).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable

from tree_sitter import Node, QueryCursor, Tree

from steering_index.index.extract import (
    CommentRow,
    PackedExtract,
    ReferenceRow,
    Source,
    SymbolRow,
    add_module_attributes,
    comment_rows_of,
    extract_imports,
    pack_references,
    point_of,
    python_strings,
    reference_rows,
    sorted_nodes,
    symbol_rows,
)
from steering_index.index.languages import get_query
from steering_index.model import Import, make_span

_CLASS = "class_definition"
_Point = Callable[[int, int], tuple[int, int]]


def reextract(
    path: str,
    data: bytes,
    tree: Tree,
    old_data: bytes,
    old_tree: Tree,
    old: PackedExtract,
    edit: tuple[int, int, int],
) -> PackedExtract | None:
    """`extract_packed(path, data, "python", tree)` from `old`, the extract of `old_data`,
    re-extracting the window of `edit` (start, old end, new end) only; None when the whole
    file must be extracted. `old_tree` is the previous tree, edited and reparsed into
    `tree`."""
    if old.language != "python" or tree.root_node.has_error:
        return None
    start, old_end, new_end = edit
    lo, hi = start, new_end
    for changed in old_tree.changed_ranges(tree):
        lo, hi = min(lo, changed.start_byte), max(hi, changed.end_byte)
    root = tree.root_node
    found = _window(root, lo, hi)
    if found is None:
        return None
    first, last, enclosing = found
    # Only blank space lies between the edit and the statements around it, if anything.
    win_lo, win_hi = min(first.start_byte, lo), max(last.end_byte, hi)
    delta = new_end - old_end
    old_hi = win_hi - delta
    if b"__all__" in data[win_lo:win_hi] or b"__all__" in old_data[win_lo:old_hi]:
        return None  # an edit of `__all__` may change whether any module-level name is public
    if win_lo <= _first_statement_end(root):
        return None  # an edit at the top may make or unmake the module docstring after it
    point = _mover(*point_of(old_data, old_hi), *point_of(data, win_hi))

    cursor = QueryCursor(get_query("python"))
    cursor.set_byte_range(win_lo, win_hi)
    captures = {
        name: [n for n in nodes if n.start_byte >= win_lo and n.end_byte <= win_hi]
        for name, nodes in cursor.captures(root).items()
    }
    # The classes around the window are extracted again, first: their rows change, and they
    # are the scopes of what the window defines.
    captures["definition.class"] = enclosing + captures.get("definition.class", [])
    comments = sorted_nodes(captures.get("comment", []))
    source = Source(data, "python", comments=comments)
    fresh = symbol_rows(captures, source)
    listed = _dunder_all(old, root, source, win_lo, delta)
    if listed is not None:  # as the full extraction does: `__all__` says what is public
        fresh = [(*s[:3], s[0] in listed, *s[4:]) if not s[2] else s for s in fresh]
    skip = {row[12] for row in fresh}

    def before(start_byte: int) -> bool:
        return start_byte < win_lo

    def after(start_byte: int) -> bool:
        return start_byte >= old_hi

    # The classes around the window end after it: they are among `fresh`.
    symbols = [row for row in old.symbols if before(row[6]) and row[7] <= win_lo]
    symbols += fresh
    symbols += [_moved_symbol(row, delta, point) for row in old.symbols if after(row[6])]
    symbols.sort(key=lambda row: (row[6], -row[7]))

    imports = [i for i in old.imports if before(i.span.start_byte)]
    imports += extract_imports(captures, source)
    imports += [_moved_import(i, delta, point) for i in old.imports if after(i.span.start_byte)]

    comment_rows = [c for c in old.comments if before(c[1])]
    comment_rows += comment_rows_of(comments, data)
    comment_rows += [_moved_comment(c, delta, point) for c in old.comments if after(c[1])]

    references = _references(old, win_lo, old_hi, delta, point)
    references += reference_rows(captures, skip, data)
    references.sort()
    add_module_attributes(references, root, data, imports)
    return PackedExtract(
        path=path,
        language="python",
        symbols=tuple(symbols),
        imports=tuple(imports),
        comments=tuple(comment_rows),
        references=pack_references(references, data),
        error_count=0,
    )


def _first_statement_end(root: Node) -> int:
    """Where the module's first statement (not a comment) ends: a string there is the module
    docstring, which extraction keeps with the comments."""
    for child in root.named_children:
        if child.type != "comment":
            return child.end_byte
    return root.end_byte


def _dunder_all(
    old: PackedExtract, root: Node, source: Source, win_lo: int, delta: int
) -> set[str] | None:
    """The names in the module's `__all__` (its last module-level assignment, outside the
    window and so as it was), or None when it has none that is a literal list."""
    assigned = [row for row in old.symbols if row[0] == "__all__" and not row[2]]
    if not assigned:
        return None
    start, end = assigned[-1][6:8]
    if start >= win_lo:
        start, end = start + delta, end + delta
    node = root.named_descendant_for_byte_range(start, end)
    if node is None or node.type != "assignment":
        return None
    return python_strings(node.child_by_field_name("right"), source)


def _window(root: Node, lo: int, hi: int) -> tuple[Node, Node, list[Node]] | None:
    """The first and last statement of the window around bytes `lo`..`hi`, in the innermost
    class body holding all of it, and the classes descended through (outermost first)."""
    container = root
    enclosing: list[Node] = []
    while True:
        children = container.named_children
        if not children:
            return None
        starts = [child.start_byte for child in children]
        ends = [child.end_byte for child in children]
        # A statement that ends exactly where the edit starts may be the one edited: typing
        # inside `import Any` at its last letter leaves `import An` ending at the edit.
        i = min(max(0, bisect_right(starts, lo) - 1), bisect_left(ends, lo), len(children) - 1)
        j = max(i, min(len(children) - 1, bisect_left(ends, hi)))
        first, last = children[i], children[j]
        if i == j:
            definition = first
            if definition.type == "decorated_definition":
                definition = definition.child_by_field_name("definition") or definition
            body = definition.child_by_field_name("body") if definition.type == _CLASS else None
            if body is not None and body.start_byte <= lo and hi <= body.end_byte:
                enclosing.append(definition)
                container = body
                continue
        return first, last, enclosing


def _mover(old_line: int, old_col: int, new_line: int, new_col: int) -> _Point:
    """Where a point after the window's old end lies after the edit."""
    lines = new_line - old_line

    def point(line: int, col: int) -> tuple[int, int]:
        if line == old_line:
            return new_line, col - old_col + new_col
        return line + lines, col

    return point


def _moved_symbol(row: SymbolRow, delta: int, point: _Point) -> SymbolRow:
    sb, eb, sl, sc, el, ec, nsb, neb, nsl, nsc, nel, nec = row[6:18]
    return (
        *row[:6],
        *(sb + delta, eb + delta, *point(sl, sc), *point(el, ec)),
        *(nsb + delta, neb + delta, *point(nsl, nsc), *point(nel, nec)),
    )


def _moved_import(imp: Import, delta: int, point: _Point) -> Import:
    s = imp.span
    span = make_span(
        s.start_byte + delta,
        s.end_byte + delta,
        *point(s.start_line, s.start_col),
        *point(s.end_line, s.end_col),
    )
    return Import(imp.module, imp.names, imp.alias, imp.relative, span)


def _moved_comment(row: CommentRow, delta: int, point: _Point) -> CommentRow:
    text, sb, eb, sl, sc, el, ec = row
    return (text, sb + delta, eb + delta, *point(sl, sc), *point(el, ec))


def _references(
    old: PackedExtract, win_lo: int, old_hi: int, delta: int, point: _Point
) -> list[ReferenceRow]:
    """The old references outside the window, moved; module attributes (`os.path`) left out,
    to be found again over the whole file."""
    names = old.references.names.split("\n") if old.references.values else []
    values = old.references.values.tolist()
    rows: list[ReferenceRow] = []
    for k, name in enumerate(names):
        is_call, start, end, line, col = values[7 * k : 7 * k + 5]
        if "." in name:
            continue
        if start < win_lo:
            rows.append((start, end, line, col, is_call))
        elif start >= old_hi:
            rows.append((start + delta, end + delta, *point(line, col), is_call))
    return rows
