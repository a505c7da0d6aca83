"""Tree-sitter extraction: (path, bytes, language) -> definitions, imports, references, comments.

Pure and safe on any bytes: tree-sitter recovers from any input, and everything below walks
the tree without recursion, so random bytes, invalid UTF-8 or 5,000 nested brackets come back
as a `FileExtract` (with `error_count` > 0), never an exception. One query per language runs
in a single pass; `queries/README.md` lists its captures. Spans are UTF-8 bytes with 0-based
(line, byte column) points.

Entry points: `extract` parses and extracts; `extract_tree` extracts from a tree parsed
already, such as one that `buffers.BufferTrees` reparsed incrementally for an open editor buffer
(which also re-extracts only around the edit in Python: `window`);
`extract_packed` hands the references over flat (`PackedReferences`), the form the index
stores, because on a large build building an object per reference costs more than finding
it. Hot loops read each node attribute once (every one is a call into C).

What counts as what, per language:

- kinds: function, method (a function whose innermost enclosing definition is a class,
  interface, struct, enum, trait, record or Rust impl), constructor (Java constructors and
  JS/TS `constructor`, kept apart so naming checks can skip them), class, interface, struct,
  enum, trait, record, type (aliases, Go plain types), module (Rust `mod`, TS `namespace`),
  macro (Rust `macro_rules!`), constant and variable. Variables are module-level only.
  Constants: Python module-level UPPER_CASE names, Go and Rust `const` (and Rust immutable
  `static`), Java `static final` fields and interface fields, top-level JS/TS `const` whose
  value is not a function (a `const` bound to an arrow or function expression is a function,
  one bound to `require(...)` is only an import).
- scope: the dotted qualified name of the enclosing definitions ("" at module level); a Go
  method's scope is its receiver type, a Rust impl function's scope is the impl's type.
- exported: anything inside a function is local, never exported. Otherwise Python: the
  name does not start with `_` (dunders are public), and for module-level names, it is in
  `__all__` when the module has one; JS/TS: `export` (or named in a local `export { ... }`),
  class members unless `private`, `protected` or `#name`, interface members always; Go: a
  capitalised name; Rust: exactly `pub` (`pub(crate)` is not public API), trait items
  follow their trait and items of a trait impl are public; Java: `public`, interface
  members unless `private`.
- docstring: Python's first string statement of a class or function body; elsewhere the
  contiguous comments directly above the definition (Rust attributes may sit in between),
  with the comment markers removed. Those comments stay in `comments` too, so markers such
  as a trailing `AI!` are seen wherever they are written.
- signature: the definition's header up to its body (or its first line when it has no
  body), on one line, without Python decorators or Java annotations, cut at 200 characters.
- imports: one `Import` per module for the plainly imported names, plus one per aliased
  name. A default import is the name "default" with the local alias, a namespace or glob
  import is "*". Python relative modules keep their dots ("..pkg"); JS/TS and Go modules
  starting with "." are relative; Rust paths starting with crate/self/super are relative.
- references: calls (the last identifier of `a.b.c()`, `new X()`, Rust macros, capitalised
  JSX components) and type-position names (annotations, base classes, decorators, raised
  and caught exceptions), excluding the definitions' own names. Not a full cross-reference.
  Python also keeps the first use of each `module.attribute` of a plainly imported module,
  named by its text (`os.path` after `import os`), so that a module reached through its
  parent counts as used.

The other languages (C#, Ruby, PHP, C, C++, Kotlin, Swift, Bash) follow the same shape:
- kinds also include property (C#, PHP, Kotlin and Swift members) and field (C#, C and
  C++ data members); C# `const` fields, PHP `const`, Ruby constants, Kotlin `const val`,
  Swift top-level `let`, C `const` file-level variables, C++ `constexpr` and `static const`
  members (a plain `const` member is a field) and Bash `readonly` are constants;
  C macros are macros; C++ destructors count as constructors. A C/C++ prototype yields to
  the definition of the same name in the file; a C++ `Class::method` definition is scoped
  to its class; a Swift `extension` scopes its members like a Rust impl. A C/C++ class
  whose head holds preprocessor lines between its name and its body (`class Foo`, `#if X`,
  `: public Bar`, `#endif`, `{`) is read as if they were not there, with the first branch
  of an `#if` kept, the next after an `#if 0` (`directive_heads`): the grammars cannot
  parse a directive there. So is a macro standing where only an attribute can
  (`GLIB_AVAILABLE_IN_ALL` above a function, `void f() ASIO_NOEXCEPT;`, `G_BEGIN_DECLS`:
  `attribute_macros`). A C# conditional the grammar leaves inside an error (one between a
  method's head and its body) is read as its first branch, the next after an `#if false`
  (`without_broken_conditionals`). So is a comment inside a macro's body, which ends the
  body for the grammars (`macro_bodies`). A repair is kept only when the file's parse errors
  then cover less of it (no more, for the comments).
- exported: C#: `public` or `protected` (interface members always); Swift: `public` or
  `open`; Kotlin and PHP: unless `private` (Kotlin's `internal` too); C and C++: unless
  `static`, and C++ members by their access label (public in a struct by default); Ruby:
  unless after a bare `private`/`protected` in the class, or `private def`; Bash: unless
  the name starts with `_`.
- imports: an import that brings every name of a file or namespace has the name "*":
  C# `using` (with its alias, only the alias); Ruby `require`/`load` (`require_relative` is
  relative); PHP `use A\\B\\C` (module `A\\B`, name `C`) and `require`/`include` of a file
  (relative); C/C++ `#include` (`"x.h"` relative, `<x.h>` not) and C++ `using a::b`;
  Kotlin like Java, with aliases; Swift `import M` and `import struct M.X`; Bash `source`
  and `.`.
"""

from __future__ import annotations

import re
from array import array
from bisect import insort
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Protocol

from tree_sitter import Node, QueryCursor, Tree

from steering_index.index.attribute_macros import without_attribute_macros
from steering_index.index.declarators import declared, file_level, has_specifier
from steering_index.index.directive_heads import (
    without_broken_conditionals,
    without_head_directives,
)
from steering_index.index.languages import cached_parser, get_query
from steering_index.index.lines import parser_bytes
from steering_index.index.macro_bodies import without_macro_comments
from steering_index.model import (
    CALL,
    MEMBER_CALL,
    REFERENCE,
    Comment,
    FileExtract,
    FlatReferences,
    Import,
    Reference,
    Span,
    Symbol,
    make_reference,
    make_span,
    make_symbol,
    reference_kind,
    references_from_flat,
    span_values,
)

_CLASS_LIKE = frozenset({"class", "interface", "struct", "enum", "trait", "impl", "record"})
_FUNCTION_LIKE = frozenset({"function", "method", "constructor"})
_SCOPES = _CLASS_LIKE | _FUNCTION_LIKE | {"module"}
_JS_LIKE = frozenset({"javascript", "typescript", "tsx"})
# Methods a language calls when it builds an object: constructors, kept apart from methods.
_CONSTRUCTOR_NAMES = {
    "javascript": "constructor",
    "typescript": "constructor",
    "tsx": "constructor",
    "php": "__construct",
}

# Nodes that wrap a definition and belong to its span: decorators, `export`, `declare`.
_WRAPPERS = frozenset(
    {"decorated_definition", "export_statement", "ambient_declaration", "template_declaration"}
)
# Declarations that may hold several definitions; they wrap only a lone one.
_SINGLE_WRAPPERS = frozenset(
    {
        "lexical_declaration",
        "variable_declaration",
        "const_declaration",
        "var_declaration",
        "type_declaration",
        "declaration_command",
    }
)
_JS_FUNCTION_VALUES = frozenset(
    {"arrow_function", "function_expression", "function", "generator_function"}
)
# UPPER_CASE, digits anywhere after leading underscores (`_1X1_PNG`, `_2D_SHAPES`).
# UPPER_CASE, or led by an UPPER_CASE word whose later parts keep another spelling
# (`METHOD_TLSv11`): a constant.
_UPPER_CASE = re.compile(r"_*[0-9]*[A-Z][A-Z0-9_]*|_*[A-Z][A-Z0-9]+(_[A-Z0-9][A-Za-z0-9]*)+")
_JS_HIDDEN = re.compile(rb"\b(?:private|protected)\b")
_JAVA_ANNOTATIONS = re.compile(r"^(?:@[\w.]+(?:\([^()]*\))?\s*)+")
# What a signature leaves out before its header: annotations (`@Test`, `@MainActor`) and
# attributes (C#'s `[Fact]`, PHP's `#[Route("/x")]`).
_LEADING_ATTRIBUTES = {
    "java": _JAVA_ANNOTATIONS,
    "kotlin": _JAVA_ANNOTATIONS,
    "swift": _JAVA_ANNOTATIONS,
    "csharp": re.compile(r"^(?:\[[^\[\]]*(?:\[[^\[\]]*\][^\[\]]*)*\]\s*)+"),
    "php": re.compile(r"^(?:#\[[^\[\]]*\]\s*)+"),
}
# Lookarounds keep the brackets out of the match, so a plain "" replaces it (no template).
_SPACE_AFTER_OPEN = re.compile(r"(?<=[(\[{<]) ")
_SPACE_BEFORE_CLOSE = re.compile(r",? (?=[)\]}>])")
_SPACE_INSIDE = re.compile(r"[(\[{<] | [)\]}>]")  # where either of the two above may match
_SIGNATURE_LIMIT = 200
_LINE_INDENT = re.compile(r"\n([ \t]*)(?=\S)")


def _span(node: Node) -> Span:
    start_row, start_col = node.start_point
    end_row, end_col = node.end_point
    return make_span(node.start_byte, node.end_byte, start_row, start_col, end_row, end_col)


@dataclass(slots=True)
class _Scope:
    """A definition that encloses later ones, while walking definitions in source order."""

    end_byte: int
    qualified: str
    kind: str
    exported: bool


@dataclass(slots=True)
class Source:
    """The bytes being extracted and what the passes learn about them along the way."""

    data: bytes
    language: str
    comments: list[Node] = field(default_factory=list)
    export_names: set[str] = field(default_factory=set)
    dunder_all: set[str] | None = None
    # C++: the class a qualified definition (`Limiter::acquire`) belongs to, by the start of
    # its name; C and C++: the names of prototypes, which yield to the definition.
    qualifiers: dict[int, str] = field(default_factory=dict)
    prototypes: set[int] = field(default_factory=set)
    # C and C++: the lines a repair emptied (`GLIB_AVAILABLE_IN_ALL` above a function); a
    # doc comment reaches over them.
    emptied_lines: frozenset[int] = frozenset()
    _comment_ends: dict[int, Node] | None = None

    def text(self, node: Node | None) -> str:
        if node is None:
            return ""
        return self.data[node.start_byte : node.end_byte].decode("utf-8", "replace")

    def own_line(self, node: Node) -> bool:
        """True when only whitespace precedes `node` on its first line."""
        line_start = node.start_byte - node.start_point[1]
        return not self.data[line_start : node.start_byte].strip()

    def comment_ending_on(self, line: int) -> Node | None:
        if self._comment_ends is None:
            self._comment_ends = {_last_line(c): c for c in self.comments if self.own_line(c)}
        return self._comment_ends.get(line)


def _last_line(node: Node) -> int:
    """The last line a node covers; Rust line comments end after their newline."""
    row, column = node.end_point
    return row - 1 if column == 0 and node.end_byte > node.start_byte else row


# --- public API --------------------------------------------------------------------------


def extract(path: str, data: bytes, language: str) -> FileExtract:
    """Symbols, imports, references and comments of one file. Never raises on content."""
    data = parser_bytes(data, language)
    return extract_tree(path, data, language, cached_parser(language).parse(data))


def extract_tree(path: str, data: bytes, language: str, tree: Tree) -> FileExtract:
    """`extract` from a tree already parsed from `data` (e.g. reparsed incrementally)."""
    data = parser_bytes(data, language)  # as the tree read it (names are read from `data`)
    found = _extract(data, language, tree)
    return FileExtract(
        path=path,
        language=language,
        symbols=tuple(map(_symbol_object, found.symbols)),
        imports=tuple(found.imports),
        comments=tuple(map(_comment_object, found.comments)),
        references=_unpacked(found.references, data),
        error_count=found.error_count,
    )


# One definition as the index stores it: name, kind, scope, exported, docstring, signature,
# then the six values of its span (start_byte, end_byte, start_line, start_col, end_line,
# end_col) and the six of its name's span.
SymbolRow = tuple[
    str, str, str, bool, str | None, str | None, int, int, int, int, int, int,
    int, int, int, int, int, int,
]  # fmt: skip
# One comment: its text, then the six values of its span.
CommentRow = tuple[str, int, int, int, int, int, int]


@dataclass(frozen=True, slots=True)
class PackedReferences:
    """A file's references in flat form: what the index stores, without an object apiece.

    `names` holds one name per line; `values` seven ints per reference: its kind (0 a name,
    1 a call, 2 a member's call), then the span's start_byte, end_byte, start_line,
    start_col, end_line and end_col.
    """

    names: str
    values: array[int]

    def unpack(self) -> tuple[Reference, ...]:
        """The same references as `Reference` objects, in source order."""
        return references_from_flat(self.names, self.values.tolist())

    def deferred(self) -> FlatReferences:
        """The same references, built as objects only when read."""
        return FlatReferences(self.names, self.values)


@dataclass(frozen=True, slots=True)
class PackedExtract:
    """A `FileExtract` in the flat form the index stores: rows instead of an object for
    each symbol, comment and reference (a large build makes about a million of them, and
    building them cost more than finding them). `unpack` gives the `FileExtract`."""

    path: str
    language: str
    symbols: tuple[SymbolRow, ...]
    imports: tuple[Import, ...]
    comments: tuple[CommentRow, ...]
    references: PackedReferences
    error_count: int

    def unpack(self) -> FileExtract:
        return FileExtract(
            path=self.path,
            language=self.language,
            symbols=tuple(map(_symbol_object, self.symbols)),
            imports=self.imports,
            comments=tuple(map(_comment_object, self.comments)),
            references=self.references.deferred(),
            error_count=self.error_count,
        )


def extract_packed(
    path: str, data: bytes, language: str, tree: Tree | None = None
) -> PackedExtract:
    """`extract` in the packed form the index stores."""
    data = parser_bytes(data, language)
    if tree is None:
        tree = cached_parser(language).parse(data)
    found = _extract(data, language, tree)
    return PackedExtract(
        path=path,
        language=language,
        symbols=tuple(found.symbols),
        imports=tuple(found.imports),
        comments=tuple(found.comments),
        references=pack_references(found.references, data),
        error_count=found.error_count,
    )


def pack(extract: FileExtract) -> PackedExtract:
    """The packed form of an extract already made of objects (the inverse of `unpack`)."""
    flat: list[int] = []
    for ref in extract.references:
        flat.append(reference_kind(ref))
        flat.extend(span_values(ref.span))
    return PackedExtract(
        path=extract.path,
        language=extract.language,
        symbols=tuple(map(_symbol_row, extract.symbols)),
        imports=extract.imports,
        comments=tuple((c.text, *span_values(c.span)) for c in extract.comments),
        references=PackedReferences(
            "\n".join(ref.name for ref in extract.references), array("i", flat)
        ),
        error_count=extract.error_count,
    )


def _symbol_row(s: Symbol) -> SymbolRow:
    return (
        *(s.name, s.kind, s.scope, s.exported, s.docstring, s.signature),
        *span_values(s.span),
        *span_values(s.name_span),
    )


def _symbol_object(row: SymbolRow) -> Symbol:
    return make_symbol(row[0], row[1], make_span(*row[6:12]), make_span(*row[12:18]), *row[2:6])


def _comment_object(row: CommentRow) -> Comment:
    return Comment(row[0], make_span(*row[1:7]))


@dataclass(slots=True)
class _Found:
    """What `_extract` finds, in rows, for the public functions to shape."""

    symbols: list[SymbolRow]
    imports: list[Import]
    comments: list[CommentRow]
    references: list[ReferenceRow]
    error_count: int


def _extract(data: bytes, language: str, tree: Tree) -> _Found:
    root = tree.root_node
    emptied: frozenset[int] = frozenset()
    if language in _REPAIRS and root.has_error:
        repaired, root, error_count = _repaired(data, language, root)
        if repaired is not data:
            emptied = _emptied_lines(data, repaired)
            data = repaired
    else:
        error_count = len(_problem_nodes(root))
    captures = QueryCursor(get_query(language)).captures(root)
    comments = sorted_nodes(captures.get("comment", []))
    # A directive kept with the comments (C#'s `#pragma`) documents no definition, nor does
    # a script's shebang (`#!/usr/bin/env bash` above its first function).
    shebang = data.startswith(b"#!")
    documenting = [
        c for c in comments if c.type not in _DIRECTIVES and not (shebang and c.start_byte == 0)
    ]
    source = Source(data, language, comments=documenting, emptied_lines=emptied)
    source.export_names = {source.text(n) for n in captures.get("export.name", ())}
    symbols = symbol_rows(captures, source)
    # Definitions' own names and the `require` of `require("x")` are not references.
    skip = {row[12] for row in symbols}
    skip.update(node.start_byte for node in captures.get("_require", ()))
    imports = extract_imports(captures, source)
    references = reference_rows(captures, skip, data)
    if language == "python":
        add_module_attributes(references, root, data, imports)
    return _Found(
        symbols=symbols,
        imports=imports,
        comments=comment_rows_of(comments, data),
        references=references,
        error_count=error_count,
    )


# The repairs tried, in turn, on a file of each language that does not parse as written.
_REPAIRS = {
    "c": (without_head_directives, without_attribute_macros, without_macro_comments),
    "cpp": (without_head_directives, without_attribute_macros, without_macro_comments),
    "csharp": (without_broken_conditionals,),
}


# Repairs that only blank what no reading takes for code (a comment), kept unless they make
# the errors worse: pybind11's `pytypes.h` is one error from its first line to its last
# either way, but without its macros' comments it no longer defines `Name`.
_HARMLESS = frozenset({without_macro_comments})


def _repaired(data: bytes, language: str, root: Node) -> tuple[bytes, Node, int]:
    """The bytes, tree and error count to extract a broken C, C++ or C# file from. The
    grammars cannot read what a preprocessor would have removed: a conditional between a
    class's name and its body (`directive_heads`), a macro standing for an attribute
    (`attribute_macros`), a C# conditional between a method's head and its body. Each
    repair blanks such lines or names in a copy and reparses it; the copy is kept when its
    errors cover less of the file (or no more, for a repair in `_HARMLESS`: a comment in a
    macro's body, `macro_bodies`). Offsets, lines and columns
    are the original's; files that parse cleanly never get here."""
    problems = _problem_nodes(root)
    worst = _damage(problems)
    for repair in _REPAIRS[language]:
        blanked = repair(data, root)
        if blanked is None:
            continue
        reparsed = cached_parser(language).parse(blanked).root_node
        reparsed_problems = _problem_nodes(reparsed)
        damage = _damage(reparsed_problems)
        if damage < worst or (repair in _HARMLESS and damage == worst):
            data, root, problems, worst = blanked, reparsed, reparsed_problems, damage
    return data, root, len(problems)


def _emptied_lines(original: bytes, repaired: bytes) -> frozenset[int]:
    pairs = zip(original.split(b"\n"), repaired.split(b"\n"), strict=True)
    return frozenset(n for n, (old, new) in enumerate(pairs) if old != new and not new.strip())


def _damage(problems: list[Node]) -> int:
    """How much of a file its parse errors spoil: the bytes under ERROR nodes (nested ones
    counted once) plus one per problem node. A count alone would prefer one ERROR that
    swallows the whole file to ten small ones."""
    covered, reached = 0, -1
    for start, end in sorted((node.start_byte, node.end_byte) for node in problems):
        if end > reached:
            covered += end - max(start, reached)
            reached = end
    return covered + len(problems)


# Preprocessor directives a query captures with the comments (see csharp.scm).
_DIRECTIVES = frozenset({"preproc_pragma"})


def comment_rows_of(comments: list[Node], data: bytes) -> list[CommentRow]:
    rows: list[CommentRow] = []
    for node in comments:
        start, end = node.start_byte, node.end_byte
        (start_line, start_col), (end_line, end_col) = node.start_point, node.end_point
        raw = data[start:end]
        kept = raw.rstrip(b"\r\n")
        if len(kept) < len(raw):  # a directive ends after its newline: end it on its line
            end = start + len(kept)
            end_line, end_col = point_of(data, end)
        rows.append(
            (kept.decode("utf-8", "replace"), start, end, start_line, start_col, end_line, end_col)
        )
    return rows


def point_of(data: bytes, offset: int) -> tuple[int, int]:
    """(line, byte column) of a byte offset."""
    return data.count(b"\n", 0, offset), offset - (data.rfind(b"\n", 0, offset) + 1)


# The keywords that introduce a definition's name, by language: those whose name follows
# them (`function _is_error`, `#define Kmax`, `fun parse`), and those that also name a type
# where they only use one, whose definition then opens a body or a base after the name
# (C's `struct args {`, not `struct args *args`). What a parse that could not read the text
# can still tell is a definition's name. C# and Java methods have no keyword.
_NAMED_BY: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "python": (("def", "class"), ()),
    "javascript": (("function", "class", "const", "let", "var"), ()),
    "typescript": (("function", "class", "interface", "enum", "type", "const", "let", "var"), ()),
    "tsx": (("function", "class", "interface", "enum", "type", "const", "let", "var"), ()),
    "go": (("func", "type", "const", "var"), ()),
    "rust": (("fn", "struct", "enum", "trait", "mod", "const", "static", "type"), ()),
    "java": (("class", "interface", "enum", "record"), ()),
    "csharp": (("class", "interface", "enum", "record", "struct", "namespace"), ()),
    "ruby": (("def", "class", "module"), ()),
    "php": (("function", "class", "interface", "trait", "enum", "const"), ()),
    "c": (("#define",), ("struct", "union", "enum")),
    "cpp": (("#define", "namespace"), ("struct", "union", "enum", "class")),
    "kotlin": (("fun", "class", "interface", "object", "val", "var", "typealias"), ()),
    "swift": (("func", "class", "struct", "enum", "protocol", "let", "var", "typealias"), ()),
    "bash": (("function",), ()),
}
_NAME = rb"([A-Za-z_$][\w$]*)"  # each alternative's one group


@cache
def _named_by(language: str) -> re.Pattern[bytes] | None:
    """The pattern of the names `_NAMED_BY` gives for `language`, or None for none."""
    named, bodied = _NAMED_BY.get(language, ((), ()))
    words = [re.escape(w[1:]) for w in named if w.startswith("#")]
    plain = [re.escape(w) for w in named if not w.startswith("#")]
    options = []
    if words:
        options.append(rb"#[ \t]*(?:" + "|".join(words).encode() + rb")[ \t]+" + _NAME)
    if plain:
        options.append(rb"\b(?:" + "|".join(plain).encode() + rb")[ \t]+&?" + _NAME)
    if bodied:
        options.append(rb"\b(?:" + "|".join(bodied).encode() + rb")[ \t]+" + _NAME + rb"\s*[{:]")
    return re.compile(b"|".join(options)) if options else None


def unread_names(data: bytes, language: str, found: frozenset[str] = frozenset()) -> frozenset[str]:
    """The names of definitions the parse of `data` may have missed: in the parts of the
    file under its ERROR nodes (after the repairs extraction makes), the words a definition
    keyword introduces (`_NAMED_BY`), less `found` (the names the extract did find).
    typecho's copy of Services_JSON, written with `$s{0}`, which PHP 8's grammar cannot
    read, is one ERROR from its first line to its last: its methods are no definitions
    until a change makes it parse. Empty for a file that parses cleanly."""
    pattern = _named_by(language)
    data = parser_bytes(data, language)
    root = cached_parser(language).parse(data).root_node
    if pattern is None or not root.has_error:
        return frozenset()
    if language in _REPAIRS:
        data, root, _count = _repaired(data, language, root)
    names: set[str] = set()
    reached = -1
    for start, end in sorted(
        (n.start_byte, n.end_byte) for n in _problem_nodes(root) if n.is_error
    ):
        if end <= reached:
            continue  # within an ERROR read already
        for match in pattern.finditer(data, max(start, reached), end):
            name = next(group for group in match.groups() if group is not None)
            names.add(name.decode("utf-8", "replace"))
        reached = end
    return frozenset(names - found)


def parse_problems(data: bytes, language: str) -> list[Span]:
    """Spans of the ERROR and MISSING nodes in `data` (empty when it parses cleanly)."""
    root = cached_parser(language).parse(parser_bytes(data, language)).root_node
    return [_span(node) for node in _problem_nodes(root)]


def raw_parse_and_query(data: bytes, language: str) -> int:
    """Benchmark baseline: parse and run the language's query, nothing else; capture count."""
    root = cached_parser(language).parse(data).root_node
    captures = QueryCursor(get_query(language)).captures(root)
    return sum(len(nodes) for nodes in captures.values())


def enclosing_symbol(extract: FileExtract, byte_offset: int) -> Symbol | None:
    """The innermost definition whose span contains `byte_offset`, or None."""
    best: Symbol | None = None
    for symbol in extract.symbols:
        span = symbol.span
        if span.start_byte <= byte_offset < span.end_byte and (
            best is None
            or (span.start_byte >= best.span.start_byte and span.end_byte <= best.span.end_byte)
        ):
            best = symbol
    return best


def identifier_at(data: bytes, language: str, byte_offset: int) -> tuple[str, Span, str] | None:
    """The identifier at `byte_offset` (or just before it, where an editor cursor sits after
    a word): its text, span, and the kind of definition it names, else "reference"."""
    data = parser_bytes(data, language)
    tree = cached_parser(language).parse(data)
    root = tree.root_node
    node = None
    for offset in (byte_offset, byte_offset - 1):
        if 0 <= offset < len(data):
            candidate = root.descendant_for_byte_range(offset, offset)
            if candidate is not None and _is_identifier(candidate):
                node = candidate
                break
    if node is None:
        return None
    name = data[node.start_byte : node.end_byte].decode("utf-8", "replace")
    kind = "reference"
    found = _extract(data, language, tree)
    for symbol in found.symbols:
        if symbol[12] == node.start_byte:
            kind = symbol[1]
            break
    return name, _span(node), kind


def _is_identifier(node: Node) -> bool:
    return (
        node.child_count == 0
        and node.type.endswith("identifier")
        and node.end_byte > node.start_byte
    )


# --- definitions -------------------------------------------------------------------------


def sorted_nodes(nodes: list[Node]) -> list[Node]:
    return sorted(nodes, key=lambda n: n.start_byte)


# A captured definition: its outer node's start and end bytes, the outer node, whether that
# is a decorated definition, the captured node and the capture's tag. Bytes are read once:
# every node attribute is a call into C.
_Definition = tuple[int, int, Node, bool, Node, str]


def _definitions(captures: dict[str, list[Node]]) -> list[_Definition]:
    found: list[_Definition] = []
    for capture, nodes in captures.items():
        if capture.startswith("definition.") or capture == "scope.impl":
            tag = capture.partition(".")[2]
            for node in nodes:
                outer, decorated = _outer(node)
                found.append((outer.start_byte, outer.end_byte, outer, decorated, node, tag))
    found.sort(key=lambda item: (item[0], -item[1]))
    return found


def symbol_rows(captures: dict[str, list[Node]], source: Source) -> list[SymbolRow]:
    symbols: list[SymbolRow] = []
    stack: list[_Scope] = []
    for definition in _definitions(captures):
        start, end, _, _, node, tag = definition
        while stack and stack[-1].end_byte <= start:
            stack.pop()
        parent = stack[-1] if stack else None
        scope = _scope_name(node, tag, parent, source)
        if tag == "impl":
            # Items of a trait impl are as public as the trait: mark such impls exported.
            trait_impl = node.child_by_field_name("trait") is not None
            qualified = _join(scope, _impl_type(node, source))
            stack.append(_Scope(end, qualified, "impl", trait_impl))
            continue
        classified = _classify(node, tag, parent, source)
        if classified is None:
            continue
        kind, name_nodes = classified
        if kind == "impl":  # a Swift `extension`: it scopes its members and declares nothing
            stack.extend(_Scope(end, _join(scope, source.text(n)), kind, True) for n in name_nodes)
            continue
        for parsed_name in name_nodes:
            name_node = (
                _name_before_directive(parsed_name, source) if node.has_error else parsed_name
            )
            qualifier = source.qualifiers.get(name_node.start_byte)
            own_scope = _join(scope, qualifier) if qualifier else scope
            symbol = _symbol(definition, kind, name_node, own_scope, parent, source)
            if symbol is None:
                continue
            symbols.append(symbol)
            if kind in _SCOPES:
                qualified = _join(own_scope, symbol[0])
                stack.append(_Scope(end, qualified, kind, symbol[3]))
    if source.dunder_all is not None:
        listed = source.dunder_all
        symbols = [(*s[:3], s[0] in listed, *s[4:]) if not s[2] else s for s in symbols]
    if source.prototypes:
        symbols = _without_prototypes(symbols, source.prototypes)
    return symbols


def _without_prototypes(symbols: list[SymbolRow], prototypes: set[int]) -> list[SymbolRow]:
    """C and C++: a function declared and then defined in one file is one definition, the
    body's; it keeps the declaration's visibility (a method's access lies in its class)."""
    declared = {(s[2], s[0]): s[3] for s in symbols if s[12] in prototypes}
    defined = {(s[2], s[0]) for s in symbols if s[12] not in prototypes}
    kept: list[SymbolRow] = []
    for s in symbols:
        key = (s[2], s[0])
        if s[12] in prototypes:
            if key not in defined:
                kept.append(s)
        elif key in declared and s[1] in ("method", "constructor"):
            kept.append((*s[:3], declared[key], *s[4:]))
        else:
            kept.append(s)
    return kept


def _join(scope: str, name: str) -> str:
    return f"{scope}.{name}" if scope else name


def _outer(node: Node) -> tuple[Node, bool]:
    """The node whose span is the definition's (with its decorators, `export`, `const`), and
    whether that is a Python decorated definition."""
    outer = node
    outer_type = ""
    for _ in range(2):
        parent = outer.parent
        if parent is None:
            break
        parent_type = parent.type
        if parent_type in _WRAPPERS or (
            parent_type in _SINGLE_WRAPPERS and parent.named_child_count == 1
        ):
            outer = parent
            outer_type = parent_type
        else:
            break
    return outer, outer_type == "decorated_definition"


def _scope_name(node: Node, tag: str, parent: _Scope | None, source: Source) -> str:
    if tag == "method" and source.language == "go":
        receiver = node.child_by_field_name("receiver")
        declaration = receiver.named_child(0) if receiver is not None else None
        type_node = declaration.child_by_field_name("type") if declaration is not None else None
        if type_node is not None:
            return source.text(type_node).lstrip("*").split("[", 1)[0].strip()
    return parent.qualified if parent is not None else ""


def _impl_type(node: Node, source: Source) -> str:
    text = source.text(node.child_by_field_name("type"))
    return text.split("<", 1)[0].rsplit("::", 1)[-1].strip()


def _classify(
    node: Node, tag: str, parent: _Scope | None, source: Source
) -> tuple[str, list[Node]] | None:
    """The kind of a captured definition and its name node(s), or None to skip it."""
    handler = _CLASSIFIERS.get(tag)
    if handler is not None:
        return handler(node, parent, source)
    name = name_of(node)
    if name is None and tag == "constructor":  # Swift's `init`, Kotlin's `constructor`
        name = next((c for c in node.children if c.type in ("init", "constructor")), None)
    if tag == "type" and name is None:  # Python `type X = ...`: the name sits in `left`
        left = node.child_by_field_name("left")
        name = left.named_child(0) if left is not None and left.named_child_count else None
    if tag == "method" and source.text(name) == _CONSTRUCTOR_NAMES.get(source.language):
        tag = "constructor"
    if tag == "macro" and name is not None and name.start_point[0] != node.start_point[0]:
        # A `#define` whose body the grammar could not read: error recovery took a word of
        # a later line (a declaration's type) for the macro's name.
        return None
    return (tag, [name]) if name is not None else None


def _classify_function(
    node: Node, parent: _Scope | None, source: Source
) -> tuple[str, list[Node]] | None:
    name = node.child_by_field_name("name")
    if name is None:
        return None
    in_type = parent is not None and parent.kind in _CLASS_LIKE
    return ("method" if in_type else "function"), [name]


def _classify_assignment(
    node: Node, parent: _Scope | None, source: Source
) -> tuple[str, list[Node]] | None:
    name = node.child_by_field_name("left")
    if name is None:
        return None
    text = source.text(name)
    if text == "__all__":
        source.dunder_all = python_strings(node.child_by_field_name("right"), source)
    return ("constant" if _UPPER_CASE.fullmatch(text) else "variable"), [name]


def python_strings(node: Node | None, source: Source) -> set[str] | None:
    """The string items of a literal list or tuple (`__all__`), or None for anything else."""
    if node is None or node.type not in ("list", "tuple"):
        return None
    return {
        _python_string_value(item, source) for item in node.named_children if item.type == "string"
    }


def _classify_declarator(
    node: Node, parent: _Scope | None, source: Source
) -> tuple[str, list[Node]] | None:
    name = node.child_by_field_name("name")
    value = node.child_by_field_name("value")
    if name is None:
        return None
    if value is not None and value.type in _JS_FUNCTION_VALUES:
        return "function", [name]
    if value is not None and value.type == "call_expression" and _is_require(value, source):
        return None
    declaration = node.parent
    keyword = declaration.child(0) if declaration is not None else None
    is_const = keyword is not None and keyword.type == "const"
    return ("constant" if is_const else "variable"), [name]


def _is_require(call: Node, source: Source) -> bool:
    return source.text(call.child_by_field_name("function")) == "require"


def _classify_typespec(
    node: Node, parent: _Scope | None, source: Source
) -> tuple[str, list[Node]] | None:
    name = node.child_by_field_name("name")
    declared = node.child_by_field_name("type")
    if name is None:
        return None
    kinds = {"struct_type": "struct", "interface_type": "interface"}
    return kinds.get(declared.type if declared is not None else "", "type"), [name]


def _classify_many(
    node: Node, parent: _Scope | None, source: Source
) -> tuple[str, list[Node]] | None:
    """Go `const a, b = ...` / `var x, y int` and Java constant declarations: several names."""
    if source.language == "java":
        declarators = node.children_by_field_name("declarator")
        names = [d.child_by_field_name("name") for d in declarators]
        return "constant", [n for n in names if n is not None]
    kind = "constant" if node.type == "const_spec" else "variable"
    return kind, node.children_by_field_name("name")


def _classify_java_field(
    node: Node, parent: _Scope | None, source: Source
) -> tuple[str, list[Node]] | None:
    modifiers = _java_modifiers(node)
    if not (
        {"static", "final"} <= modifiers or (parent is not None and parent.kind == "interface")
    ):
        return None
    return _classify_many(node, parent, source)


def _classify_static(
    node: Node, parent: _Scope | None, source: Source
) -> tuple[str, list[Node]] | None:
    name = node.child_by_field_name("name")
    if name is None:
        return None
    mutable = any(child.type == "mutable_specifier" for child in node.children)
    return ("variable" if mutable else "constant"), [name]


_CLASSIFIERS = {
    "function": _classify_function,
    "assignment": _classify_assignment,
    "declarator": _classify_declarator,
    "typespec": _classify_typespec,
    "field": _classify_java_field,
    "static": _classify_static,
}


def _classify_constant(
    node: Node, parent: _Scope | None, source: Source
) -> tuple[str, list[Node]] | None:
    if node.type in ("const_spec", "constant_declaration"):
        return _classify_many(node, parent, source)
    # Ruby's `LIMIT = 3` names its constant on the left.
    name = node.child_by_field_name("left") if node.type == "assignment" else name_of(node)
    return ("constant", [name]) if name is not None else None


_CLASSIFIERS["constant"] = _classify_constant
_CLASSIFIERS["variable"] = _classify_many


# --- the languages whose definitions name themselves in other ways ------------------------

# Nodes that stand for a name and hold it further down: PHP's `$name`, Swift's `let name`,
# Kotlin's `val name: T`, Ruby's `Shop::Mailer` (the last part names it).
_NAME_HOLDERS = {
    "variable_name": "name",
    "pattern": "bound_identifier",
    "scope_resolution": "name",
    "property_element": "name",
    "const_element": "",
    "template_type": "name",  # a C++ specialization, `struct hash<Key>`
    "qualified_identifier": "name",  # a C++ class defined outside its own, `Table::Rep`
}
_NAME_TYPES = frozenset(
    {
        "identifier",
        "name",
        "simple_identifier",
        "type_identifier",
        "constant",
        "word",
        "variable_name",
        "variable_declaration",
        "property_element",
        "const_element",
    }
)


def name_of(node: Node) -> Node | None:
    """The node naming a definition: its `name` field (else its first child of a name's
    type), followed down through the nodes that only hold a name."""
    name = node.child_by_field_name("name")
    if name is None:
        name = next((c for c in node.named_children if c.type in _NAME_TYPES), None)
    for _ in range(4):
        if name is None:
            return None
        if name.type == "variable_declaration":  # Kotlin `val name: Type`
            name = next((c for c in name.named_children if c.type == "identifier"), None)
            continue
        field_name = _NAME_HOLDERS.get(name.type)
        if field_name is None or not name.named_child_count:  # Bash's `variable_name` is a leaf
            return name
        inner = name.child_by_field_name(field_name) if field_name else None
        name = inner if inner is not None else name.named_child(0)
    return name


def _classify_declared(
    node: Node, parent: _Scope | None, source: Source
) -> tuple[str, list[Node]] | None:
    """C and C++: a function definition, or a file-level declaration (prototypes and
    variables; a constructor declared in a class body)."""
    is_definition = node.type == "function_definition"
    container = node.parent
    if not is_definition and not file_level(node):
        return None
    in_class_body = container is not None and container.type == "field_declaration_list"
    if not is_definition and not in_class_body and node.child_by_field_name("type") is None:
        return None  # `G_DECLARE_INTERFACE (GListModel, ...);`: a macro called at file level
    in_type = parent is not None and parent.kind in _CLASS_LIKE
    found: list[tuple[str, Node]] = []
    for declarator in node.children_by_field_name("declarator"):
        what = declared(declarator)
        if what is not None and _macro_artefact(node, what.name, source, is_definition):
            continue
        if what is None:
            continue
        if not what.function or what.pointer_to_function:
            plain = not is_definition and _plain_variable(node)
            if plain and not _in_macro_body(node, source):
                constant = _declares_constant(node, in_class_body)
                found.append(("constant" if constant else "variable", what.name))
            continue
        if not is_definition:
            source.prototypes.add(what.name.start_byte)
        if what.qualifier:
            source.qualifiers[what.name.start_byte] = what.qualifier
        owner = what.qualifier.rpartition(".")[2] if what.qualifier else ""
        if not owner and in_type and parent is not None:
            owner = parent.qualified.rpartition(".")[2]
        found.append((_member_function_kind(what.name, owner, source), what.name))
    if not found:
        return None
    # `int a, b;` declares two of one kind; a mixed one (`int x, f(void);`) is rare.
    return found[0][0], [n for _, n in found]


# C and C++ prototypes and fields are signatures whole, often over several lines (an export
# macro on the line above, parameters one a line).
_WHOLE_DECLARATIONS = frozenset({"declaration", "field_declaration"})


def _macro_artefact(node: Node, name: Node, source: Source, is_definition: bool) -> bool:
    """A file-level "declaration" in capitals that is macros read as C: `G_BEGIN_DECLS
    GLIB_VAR;`, `} DEPRECATED_FOR(GMutex);` after a struct, `} DEPRECATED;`. Only a
    function with a body is taken for a function named in capitals; a variable in capitals
    needs a storage class or a value."""
    if not _UPPER_CASE.fullmatch(source.text(name)):
        return False
    if not is_definition:
        return (
            not any(c.type in ("storage_class_specifier", "init_declarator") for c in node.children)
            or node.has_error
        )
    type_node = node.child_by_field_name("type")
    if type_node is None or node.has_error:
        return True
    # `EXPORT_MACRO DECLARE_TYPE(...)` followed by a struct reads as an old-style definition.
    return _UPPER_CASE.fullmatch(source.text(type_node)) is not None


# The types a C variable is declared with, past which a declaration is not a macro's output.
_PLAIN_TYPES = frozenset(
    {
        "primitive_type",
        "sized_type_specifier",
        "struct_specifier",
        "union_specifier",
        "enum_specifier",
        "type_identifier",
        "qualified_identifier",
        "template_type",
    }
)


def _in_macro_body(node: Node, source: Source) -> bool:
    """A declaration on a line that a backslash continues: the body of a macro that the
    grammar read as code."""
    line_end = source.data.find(b"\n", node.end_byte)
    rest = source.data[node.end_byte : line_end if line_end != -1 else len(source.data)]
    return rest.strip() == b"\\"


def _plain_variable(node: Node) -> bool:
    """A file-level C/C++ declaration that reads as a variable, not as macros the grammar
    took for one (`G_DEFINE_AUTOPTR_CLEANUP_FUNC (GTypeModule, g_object_unref)`): no error,
    a type, and a storage class, a qualifier, an initializer or a built-in or struct type."""
    if node.has_error:
        return False
    type_node = node.child_by_field_name("type")
    if type_node is None or type_node.type not in _PLAIN_TYPES:
        return False
    if _marked_forward_declaration(node, type_node):
        return False
    if type_node.type != "type_identifier":
        return True
    marked = any(
        c.type in ("storage_class_specifier", "type_qualifier", "init_declarator")
        for c in node.children
    )
    return marked


_RECORD_KEYS = frozenset({"struct_specifier", "class_specifier", "union_specifier"})


def _marked_forward_declaration(node: Node, type_node: Node) -> bool:
    """`struct GLOG_NO_EXPORT LogMessageData;`: a forward declaration whose export macro the
    grammar read as the struct's name and the struct's name as a variable's. A record
    without a body named in capitals, then one plain name and nothing else."""
    if type_node.type not in _RECORD_KEYS or type_node.child_by_field_name("body") is not None:
        return False
    name = type_node.child_by_field_name("name")
    declarators = node.children_by_field_name("declarator")
    return (
        name is not None
        and _UPPER_CASE.fullmatch((name.text or b"").decode("utf-8", "replace")) is not None
        and len(declarators) == 1
        and declarators[0].type == "identifier"
        and not any(c.type in ("storage_class_specifier", "type_qualifier") for c in node.children)
    )


def _declares_constant(node: Node, member: bool) -> bool:
    """C/C++: whether a declaration binds a constant: `constexpr`, or `const` (`static
    const char *NAME = "..."`, read as its writer means it; not a pointer set later). A
    `const` member that is not `static` is a field: each object holds its own value
    (`const uint8_t itsConvertEndianness;`)."""
    if has_specifier(node, ("type_qualifier",), ("constexpr",)):
        return True
    if member and not has_specifier(node, ("storage_class_specifier",), ("static",)):
        return False
    return has_specifier(node, ("type_qualifier",), ("const",)) and not _pointer_set_later(node)


_NO_VALUE = frozenset({b"NULL", b"0", b"nullptr"})


def _pointer_set_later(node: Node) -> bool:
    """Whether every name a `const` declaration binds is a pointer to const data that is
    itself no constant, set later: no value, or a null one (libevent's `const char
    *cur_test_name = NULL;`, set by each test). A file-scope `static` one the file never
    sets is a sentinel (json-c's `static const void *kObjectEndIterValue = NULL;`).
    `const char *const NAME` and `const char *NAME = "..."`, read as their writers mean
    them, stay constants."""
    declarators = node.children_by_field_name("declarator")
    # A file's own static is set by that file or by none; a local or a global of external
    # linkage may be a variable that is null until some code, here or elsewhere, sets it.
    sentinel_if_unset = _file_scope(node) and has_specifier(
        node, ("storage_class_specifier",), ("static",)
    )
    for declarator in declarators:
        value = None
        if declarator.type == "init_declarator":
            value = declarator.child_by_field_name("value")
            declarator = declarator.child_by_field_name("declarator") or declarator
        if declarator.type != "pointer_declarator":
            return False
        if any(child.type == "type_qualifier" for child in declarator.children):
            return False  # `* const`: the pointer is a constant
        if value is not None and value.type != "null" and value.text not in _NO_VALUE:
            return False
        if sentinel_if_unset:
            name = _declared_name(declarator)
            if name is None or not _assigned_outside(node, name):
                return False
    return bool(declarators)


def _file_scope(node: Node) -> bool:
    """Whether a declaration is at a file's (or a namespace's) top level, not in a body."""
    parent = node.parent
    while parent is not None:
        if parent.type in ("compound_statement", "field_declaration_list"):
            return False
        parent = parent.parent
    return True


def _declared_name(declarator: Node) -> bytes | None:
    """The identifier a (pointer) declarator binds."""
    while declarator.type != "identifier":
        inner = declarator.child_by_field_name("declarator")
        if inner is None:
            return None
        declarator = inner
    return declarator.text


def _assigned_outside(node: Node, name: bytes) -> bool:
    """Whether the file holding `node` assigns to `name` (`name = ...`, not `==`) outside
    `node`."""
    root = node
    while root.parent is not None:
        root = root.parent
    text = root.text or b""
    pattern = re.compile(rb"(?<![\w.>])" + re.escape(name) + rb"\s*=(?!=)")
    return any(not node.start_byte <= m.start() < node.end_byte for m in pattern.finditer(text))


def _after_broken_header(node: Node) -> bool:
    """A "field" the grammar read in the body of an inline method whose header a macro
    broke (`void AddLog(const char* fmt, ...) IM_FMTARGS(2) {`: an error ending in the
    body's `{`, after which the body's statements read as members): a local variable."""
    container = node.parent
    if container is None or not container.has_error:
        return False
    sibling = node.prev_sibling
    while sibling is not None:
        if sibling.type == "ERROR" and sibling.child_count and sibling.children[-1].type == "{":
            return True
        sibling = sibling.prev_sibling
    return False


def _member_function_kind(name: Node, owner: str, source: Source) -> str:
    if not owner:
        return "function"
    text = source.text(name)
    if name.type == "destructor_name" or text == owner:
        return "constructor"
    return "method"


def _classify_member(
    node: Node, parent: _Scope | None, source: Source
) -> tuple[str, list[Node]] | None:
    """A member of a type, or a file-level binding, by language: C and C++ fields and
    methods, C# fields, Kotlin and Swift properties, Bash variables."""
    language = source.language
    if language in ("c", "cpp"):
        if node.has_error:  # a field an unknown macro broke (`GLIB_AVAILABLE_IN_2_70 ...`)
            return None
        if _after_broken_header(node):
            return None
        in_type = parent is not None and parent.kind in _CLASS_LIKE
        names: list[Node] = []
        kind = "constant" if _declares_constant(node, in_type) else "field"
        for declarator in node.children_by_field_name("declarator"):
            what = declared(declarator)
            if what is None:
                continue
            if what.function and not what.pointer_to_function and in_type and parent:
                source.prototypes.add(what.name.start_byte)
                kind = _member_function_kind(what.name, parent.qualified.rpartition(".")[2], source)
            elif kind == "field" and _UPPER_CASE.fullmatch(source.text(what.name)):
                continue  # `(void) G_GNUC_CONST;` read as a field: a macro, not a member
            names.append(what.name)
        return (kind, names) if names else None
    if language == "csharp":
        if node.has_error:  # syntax the grammar does not know: C# 14's `extension<T>(T x)`
            return None
        declarations = node.named_children
        declaration = next((c for c in declarations if c.type == "variable_declaration"), None)
        if declaration is None:
            return None
        names = [n for d in declaration.named_children if d.type == "variable_declarator"
                 if (n := d.child_by_field_name("name")) is not None]  # fmt: skip
        constant = has_specifier(node, ("modifier",), ("const",))
        return ("constant" if constant else "field"), names
    name = name_of(node)
    if name is None:
        return None
    if language == "bash":
        container = node.parent
        readonly = (
            container is not None
            and container.type == "declaration_command"
            and (source.text(container).startswith(("readonly ", "declare -r", "typeset -r")))
        )
        return ("constant" if readonly else "variable"), [name]
    at_top = parent is None
    header = source.data[node.start_byte : name.start_byte]
    if language == "kotlin":
        if re.search(rb"\bconst\b", header):
            return "constant", [name]
        return ("variable" if at_top else "property"), [name]
    # Swift: `let` at the top is a constant; in a type, `let` and `var` are properties.
    if at_top:
        return ("constant" if re.search(rb"\blet\b", header) else "variable"), [name]
    return "property", [name]


def _classify_typedef(
    node: Node, parent: _Scope | None, source: Source
) -> tuple[str, list[Node]] | None:
    names = [
        what.name
        for declarator in node.children_by_field_name("declarator")
        # `typedef BOOL (PASCAL *LPFN_CONNECTEX)(SOCKET s, ...)`: an unknown macro broke the
        # parse, and the name read from the broken declarator is a parameter's
        if not declarator.has_error
        and (what := declared(declarator)) is not None
        # `} GLIB_DEPRECATED_TYPE_IN_2_32_FOR(GRWLock);`: a macro after the type, not a name
        and not (what.function and _UPPER_CASE.fullmatch(source.text(what.name)))
    ]
    if node.type == "alias_declaration":  # C++ `using Name = T;`
        names = [n for n in (node.child_by_field_name("name"),) if n is not None]
    if parent is not None and parent.kind in _FUNCTION_LIKE:
        return None  # a type local to a function, as its variables are
    return ("type", names) if names else None


# Kotlin's and Swift's one declaration node for several kinds of type, by keyword.
_TYPE_KEYWORDS = {
    "interface": "interface",
    "enum": "enum",
    "struct": "struct",
    "class": "class",
    "actor": "class",
    "extension": "impl",
}


def _classify_classlike(
    node: Node, parent: _Scope | None, source: Source
) -> tuple[str, list[Node]] | None:
    name = node.child_by_field_name("name")
    if name is None:
        return None
    kind = "class"
    keyword = node.child_by_field_name("declaration_kind")  # Swift
    if keyword is not None:
        kind = _TYPE_KEYWORDS.get(source.text(keyword), "class")
    else:  # Kotlin: `interface X`, `enum class X`, `fun interface X`
        header = source.data[node.start_byte : name.start_byte]
        if re.search(rb"\binterface\b", header):
            kind = "interface"
        elif re.search(rb"\benum\b", header):
            kind = "enum"
    if kind == "impl" and name.type == "user_type":
        name = name.named_child(0) or name
    return kind, [name]


_CLASSIFIERS["declared"] = _classify_declared
_CLASSIFIERS["member"] = _classify_member
_CLASSIFIERS["typedef"] = _classify_typedef
_CLASSIFIERS["classlike"] = _classify_classlike


@dataclass(frozen=True, slots=True)
class _NameSpan:
    """Where a name is, for a name the parser did not give a node of its own."""

    start_byte: int
    end_byte: int
    start_point: tuple[int, int]
    end_point: tuple[int, int]


class _Located(Protocol):
    @property
    def start_byte(self) -> int: ...
    @property
    def end_byte(self) -> int: ...
    @property
    def start_point(self) -> tuple[int, int]: ...
    @property
    def end_point(self) -> tuple[int, int]: ...


# `class JsonReader` then `#if HAVE_X` before its base list: the C# and C++ grammars give up
# on the name, keep it in an ERROR node with the directive, and take the directive's symbol
# for the name.
_NAME_THEN_DIRECTIVE = re.compile(rb"([A-Za-z_][A-Za-z0-9_]*)\s*#")


def _name_before_directive(name_node: Node, source: Source) -> _Located:
    """The declaration's real name where a preprocessor directive between it and the rest of
    the header misled the parser; else `name_node` itself."""
    before = name_node.prev_sibling
    if before is None or not before.is_error:
        return name_node
    found = _NAME_THEN_DIRECTIVE.match(source.data, before.start_byte, before.end_byte)
    if found is None:
        return name_node
    row, column = before.start_point
    width = found.end(1) - found.start(1)
    return _NameSpan(before.start_byte, before.start_byte + width, (row, column),
                     (row, column + width))  # fmt: skip


def _symbol(
    definition: _Definition,
    kind: str,
    name_node: _Located,
    scope: str,
    parent: _Scope | None,
    source: Source,
) -> SymbolRow | None:
    name_start = name_node.start_byte
    name_end = name_node.end_byte
    if name_end == name_start:  # a MISSING identifier in broken code
        return None
    name_bytes = source.data[name_start:name_end]
    name = name_bytes.decode("utf-8", "replace")
    name_line, name_col = name_node.start_point
    if b"\n" in name_bytes:  # a JS computed name `[\n  key\n]`; names are one line otherwise
        name_end_line, name_end_col = name_node.end_point
    else:
        name_end_line, name_end_col = name_line, name_col + name_end - name_start
    start, end, outer, decorated, node, _ = definition
    start_line, start_col = outer.start_point
    end_line, end_col = outer.end_point
    body = _body(node)
    if source.language == "python":
        docstring = _python_docstring(body, source)
    else:
        docstring = _doc_comment(start, start_line, outer, source)
    # A decorated definition's signature starts at `def`/`class`, after the decorators.
    header_start = node.start_byte if decorated else start
    return (
        name,
        kind,
        scope,
        _exported(node, name_node, name, parent, source),
        docstring,
        _signature(header_start, end, body, source, node.type in _WHOLE_DECLARATIONS, node),
        *(start, end, start_line, start_col, end_line, end_col),
        *(name_start, name_end, name_line, name_col, name_end_line, name_end_col),
    )


# --- exported ----------------------------------------------------------------------------


def _exported(
    node: Node, name_node: _Located, name: str, parent: _Scope | None, source: Source
) -> bool:
    if parent is not None and parent.kind in _FUNCTION_LIKE:
        return False
    language = source.language
    if language == "python":
        return not name.startswith("_") or (name.startswith("__") and name.endswith("__"))
    if language == "go":
        return name[:1].isupper()
    if language in _JS_LIKE:
        if parent is None or parent.kind == "module":
            return _under_export(node) or name in source.export_names
        if parent.kind == "interface":
            return True
        prefix = source.data[node.start_byte : name_node.start_byte]
        return not name.startswith("#") and not _JS_HIDDEN.search(prefix)
    if language == "rust":
        if parent is not None and parent.kind == "trait":
            return parent.exported
        if parent is not None and parent.kind == "impl" and parent.exported:
            return True
        first = node.child(0)
        return (
            first is not None
            and first.type == "visibility_modifier"
            and source.text(first) == "pub"
        )
    if language == "java":
        modifiers = _java_modifiers(node)
        if parent is not None and parent.kind == "interface":
            return "private" not in modifiers
        return "public" in modifiers
    rule = _VISIBILITY.get(language)
    if rule is None:
        return not name.startswith("_")  # Bash: `_helper` is the usual private mark
    words = _modifier_words(node, name_node, source)
    if parent is not None and parent.kind == "interface":
        return "private" not in words
    if words & rule.hidden:
        return False
    if rule.shown:  # C#'s and Swift's default is internal: only these words publish
        return bool(words & rule.shown)
    if language == "ruby":
        return _ruby_public(node, source)
    if language == "cpp" and parent is not None and parent.kind in ("class", "struct"):
        return _cpp_access(node, parent.kind, source)
    return True


@dataclass(frozen=True, slots=True)
class _Visibility:
    """The words before a definition that hide it, and those that alone publish it (when
    the language's default is not public)."""

    hidden: frozenset[str]
    shown: frozenset[str] = frozenset()


_VISIBILITY = {
    "csharp": _Visibility(frozenset({"private", "internal"}), frozenset({"public", "protected"})),
    "swift": _Visibility(frozenset({"private", "fileprivate"}), frozenset({"public", "open"})),
    "kotlin": _Visibility(frozenset({"private", "internal"})),
    "php": _Visibility(frozenset({"private"})),
    "c": _Visibility(frozenset({"static"})),
    "cpp": _Visibility(frozenset({"static"})),
    "ruby": _Visibility(frozenset()),
}
_WORD = re.compile(rb"[a-z]+")
# Swift's `public private(set) var x`: public, with a private setter.
_SETTER_ONLY = re.compile(rb"\b\w+\(set\)")
# A string in an attribute before the name: StyleCop's `[SuppressMessage("...", "SA1401:Fields
# should be private")]` on a public field says nothing of the field's own access.
_STRING = re.compile(rb'"(?:[^"\\\n]|\\.)*"')


def _modifier_words(node: Node, name_node: _Located, source: Source) -> set[str]:
    """The lowercase words between a definition's start and its name (`public static`)."""
    start = node.start_byte
    end = name_node.start_byte
    if end - start > 400:  # a long C return type or many attributes: the first words say it
        end = start + 400
    header = _SETTER_ONLY.sub(b"", _STRING.sub(b"", source.data[start:end]))
    return {w.decode() for w in _WORD.findall(header)}


def _ruby_public(node: Node, source: Source) -> bool:
    """Ruby: a `def` after a bare `private` (or `protected`) in its class is hidden, and so
    is `private def x`."""
    container = node.parent
    if container is not None and container.type == "argument_list":
        call = container.parent
        method = call.child_by_field_name("method") if call is not None else None
        return source.text(method) not in ("private", "protected", "private_class_method")
    sibling = node.prev_named_sibling
    while sibling is not None:
        if sibling.type == "identifier":
            word = source.text(sibling)
            if word in ("private", "protected"):
                return False
            if word == "public":
                return True
        sibling = sibling.prev_named_sibling
    return True


def _cpp_access(node: Node, kind: str, source: Source) -> bool:
    """C++: a member is public under `public:`, or before any label in a struct."""
    sibling = node.prev_named_sibling
    while sibling is not None:
        if sibling.type == "access_specifier":
            return source.text(sibling).startswith("public")
        sibling = sibling.prev_named_sibling
    return kind == "struct"


def _under_export(node: Node) -> bool:
    parent = node.parent
    for _ in range(3):
        if parent is None:
            return False
        if parent.type == "export_statement":
            return True
        parent = parent.parent
    return False


def _java_modifiers(node: Node) -> set[str]:
    first = node.child(0)
    if first is None or first.type != "modifiers":
        return set()
    return {child.type for child in first.children}


# --- docstrings and signatures -----------------------------------------------------------


# How a string statement can start: a quote, or a string prefix (r, b, u, f, t).
_STRING_STARTS = b"\"'rRbBuUfFtT"


def _python_docstring(body: Node | None, source: Source) -> str | None:
    if body is None:
        return None
    start = body.start_byte
    if source.data[start : start + 1] not in _STRING_STARTS:  # most bodies: no tree walk
        return None
    if body.named_child_count == 0:
        return None
    first = body.named_child(0)
    if first is None or first.type != "expression_statement" or first.named_child_count != 1:
        return None
    string = first.named_child(0)
    if string is None or string.type != "string":
        return None
    return _dedent(_python_string_value(string, source)) or None


def _dedent(text: str) -> str:
    """A docstring without its common indentation (what inspect.cleandoc does, in C speed:
    sympy's long doctest docstrings made the pure-Python loop a visible cost)."""
    indents = _LINE_INDENT.findall(text)
    if indents:
        margin = min(map(len, indents))
        if margin:
            text = re.sub(rf"\n[ \t]{{0,{margin}}}", "\n", text)
    return text.strip()


def _python_string_value(string: Node, source: Source) -> str:
    """The text between a string's quotes (prefix and quotes dropped, escapes left as written)."""
    opening = string.child(0)
    closing = string.child(string.child_count - 1)
    if opening is None or closing is None or string.child_count < 2:
        return ""
    return source.data[opening.end_byte : closing.start_byte].decode("utf-8", "replace")


def _doc_comment(start: int, first_line: int, outer: Node, source: Source) -> str | None:
    """The comments right above a definition whose outer node starts at (`start`, line)."""
    if not source.comments:
        return None
    if source.language == "rust":
        # `/// Doc` then `#[derive(...)]` then the item: the doc sits above the attributes.
        previous = outer.prev_named_sibling
        while previous is not None and previous.type == "attribute_item":
            first_line = previous.start_point[0]
            previous = previous.prev_named_sibling
    while first_line - 1 in source.emptied_lines:
        first_line -= 1
    block: list[str] = []
    comment = source.comment_ending_on(first_line - 1)
    while comment is not None and comment.end_byte <= start:
        text = source.text(comment)
        # Rust's inner docs are the module's; C++'s `//!` and `/*!` (Doxygen's) are outer.
        if source.language == "rust" and text.startswith(("//!", "/*!")):
            break
        block.append(_strip_comment_markers(text))
        comment = source.comment_ending_on(comment.start_point[0] - 1)
    if not block:
        return None
    return "\n".join(reversed(block)).strip() or None


def _strip_comment_markers(text: str) -> str:
    if text.startswith("#"):  # Ruby, PHP, Bash
        return "\n".join(re.sub(r"^#+ ?", "", line) for line in text.splitlines()).rstrip()
    if text.startswith("/*"):
        body = text[2:-2] if text.endswith("*/") and len(text) >= 4 else text[2:]
        lines = [re.sub(r"^\s*\*? ?", "", line) for line in body.lstrip("*!").splitlines()]
        return "\n".join(lines).strip()
    return re.sub(r"^//[/!]? ?", "", text).rstrip()


def _body(node: Node) -> Node | None:
    body = node.child_by_field_name("body")
    if body is None:
        value = node.child_by_field_name("value")
        if value is not None and value.type in _JS_FUNCTION_VALUES:
            body = value.child_by_field_name("body")
        elif node.type in _UNFIELDED_BODIES:
            body = next((c for c in node.named_children if c.type in _BODY_TYPES), None)
    return body


# Kotlin's definitions hold their bodies without a `body` field.
_UNFIELDED_BODIES = frozenset(
    {"function_declaration", "class_declaration", "object_declaration", "secondary_constructor"}
)
_BODY_TYPES = frozenset({"function_body", "class_body", "enum_class_body", "block"})


def _signature(
    start: int,
    outer_end: int,
    body: Node | None,
    source: Source,
    whole: bool = False,
    node: Node | None = None,
) -> str | None:
    """The header from `start` up to the body (or the end of its first line, or with `whole`
    to its end), on one line; a comment of the definition `node` after the header ends it
    (`class Connection # pooled` and the comment lines above a Ruby body's first line)."""
    body_start = body.start_byte if body is not None else -1
    if body_start > start:
        end = body_start
    elif whole:
        end = outer_end
    else:
        end = _first_line_end(start, outer_end, source)
    if node is not None:
        end = next(
            (
                c.start_byte
                for c in node.children
                if start < c.start_byte < end and c.type.endswith("comment")
            ),
            end,
        )
    text = source.data[start:end].decode("utf-8", "replace")
    # Up to the body, the slice ends with the line break and indent before it: not part of
    # the header (Python's `def f(x):` spans one line; `def f(\n    x,\n):` three).
    multiline = "\n" in text.rstrip()
    text = " ".join(text.split())
    if multiline and _SPACE_INSIDE.search(text):  # `def f(\n    a,\n)` reads better as `def f(a)`
        text = _SPACE_AFTER_OPEN.sub("", text)
        text = _SPACE_BEFORE_CLOSE.sub("", text)
    attributes = _LEADING_ATTRIBUTES.get(source.language)
    if attributes is not None:
        text = attributes.sub("", text)
    text = text.strip().rstrip(" {:;").rstrip()
    if text.endswith("=") and end < outer_end:  # `type Props = {` continues below
        text += " …"
    if len(text) > _SIGNATURE_LIMIT:
        text = text[: _SIGNATURE_LIMIT - 1].rstrip() + "…"
    return text or None


def _first_line_end(start: int, outer_end: int, source: Source) -> int:
    """Where a definition's first line from `start` ends, past lines that hold only its
    annotations or attributes (`@ExperimentalCoilApi` above `val LocalX = ...`)."""
    attributes = _LEADING_ATTRIBUTES.get(source.language)
    line_start = start
    while True:
        newline = source.data.find(b"\n", line_start, outer_end)
        if newline == -1:
            return outer_end
        if attributes is None:
            return newline
        text = " ".join(source.data[start:newline].decode("utf-8", "replace").split())
        if attributes.sub("", text).strip():
            return newline
        line_start = newline + 1


# --- imports -----------------------------------------------------------------------------


def extract_imports(captures: dict[str, list[Node]], source: Source) -> list[Import]:
    nodes = sorted_nodes(captures.get("import", []) + captures.get("import.require", []))
    parse = _IMPORT_PARSERS[source.language]
    imports: list[Import] = []
    for node in nodes:
        imports.extend(parse(node, source))
    return imports


def _grouped(
    module: str,
    names: list[str],
    aliased: list[tuple[str, str]],
    relative: bool,
    span: Span,
    alias: str | None = None,
) -> list[Import]:
    """One Import for the plainly imported names (or the bare module) and one per alias."""
    imports = []
    if names or not aliased:
        imports.append(Import(module, tuple(names), alias, relative, span))
    imports.extend(Import(module, (name,), local, relative, span) for name, local in aliased)
    return imports


def _python_imports(node: Node, source: Source) -> list[Import]:
    span = _span(node)
    if node.type == "import_statement":
        imports = []
        for item in node.children_by_field_name("name"):
            if item.type == "aliased_import":
                module = source.text(item.child_by_field_name("name"))
                alias = source.text(item.child_by_field_name("alias")) or None
                imports.append(Import(module, (), alias, False, span))
            else:
                imports.append(Import(source.text(item), (), None, False, span))
        return imports
    module_node = node.child_by_field_name("module_name")
    module = "".join(source.text(module_node).split()) if module_node else "__future__"
    names: list[str] = []
    aliased: list[tuple[str, str]] = []
    for item in node.children_by_field_name("name"):
        if item.type == "aliased_import":
            original = source.text(item.child_by_field_name("name"))
            aliased.append((original, source.text(item.child_by_field_name("alias"))))
        else:
            names.append(source.text(item))
    # Looking at the bytes first spares a walk over the children of almost every import.
    star = b"*" in source.data[span.start_byte : span.end_byte]
    if star and any(child.type == "wildcard_import" for child in node.named_children):
        names.append("*")
    return _grouped(module, names, aliased, module.startswith("."), span)


def _js_string(node: Node | None, source: Source) -> str:
    return source.text(node)[1:-1] if node is not None else ""


def _js_imports(node: Node, source: Source) -> list[Import]:
    span = _span(node)
    if node.type == "call_expression":
        return _js_require(node, source, span)
    module = _js_string(node.child_by_field_name("source"), source)
    relative = module.startswith(".")
    names: list[str] = []
    aliased: list[tuple[str, str]] = []
    for part in node.named_children:
        if part.type == "import_clause":
            _js_import_clause(part, source, names, aliased)
        elif part.type == "export_clause":
            _js_specifiers(part, source, names, aliased)
        elif part.type == "namespace_export":
            aliased.append(("*", source.text(part.named_child(0))))
    if node.type == "export_statement" and not names and not aliased:
        names.append("*")  # `export * from "./x"`
    return _grouped(module, names, aliased, relative, span)


def _js_import_clause(
    clause: Node, source: Source, names: list[str], aliased: list[tuple[str, str]]
) -> None:
    for part in clause.named_children:
        if part.type == "identifier":
            aliased.append(("default", source.text(part)))
        elif part.type == "namespace_import":
            aliased.append(("*", source.text(part.named_child(0))))
        elif part.type == "named_imports":
            _js_specifiers(part, source, names, aliased)


def _js_specifiers(
    node: Node, source: Source, names: list[str], aliased: list[tuple[str, str]]
) -> None:
    for spec in node.named_children:
        if spec.type not in ("import_specifier", "export_specifier"):
            continue
        name = source.text(spec.child_by_field_name("name"))
        alias = spec.child_by_field_name("alias")
        if alias is not None:
            aliased.append((name, source.text(alias)))
        elif name:
            names.append(name)


def _js_require(call: Node, source: Source, span: Span) -> list[Import]:
    arguments = call.child_by_field_name("arguments")
    module = _js_string(arguments.named_child(0) if arguments is not None else None, source)
    relative = module.startswith(".")
    declarator = call.parent
    if declarator is None or declarator.type != "variable_declarator":
        return [Import(module, (), None, relative, span)]
    target = declarator.child_by_field_name("name")
    if target is not None and target.type == "identifier":
        return [Import(module, (), source.text(target), relative, span)]
    names: list[str] = []
    aliased: list[tuple[str, str]] = []
    for part in target.named_children if target is not None else ():
        if part.type == "shorthand_property_identifier_pattern":
            names.append(source.text(part))
        elif part.type == "pair_pattern":
            key = source.text(part.child_by_field_name("key"))
            aliased.append((key, source.text(part.child_by_field_name("value"))))
    return _grouped(module, names, aliased, relative, span)


def _go_imports(node: Node, source: Source) -> list[Import]:
    path = source.text(node.child_by_field_name("path"))[1:-1]
    name = node.child_by_field_name("name")
    alias = source.text(name) if name is not None else None
    return [Import(path, (), alias, path.startswith("."), _span(node))]


_RUST_RELATIVE = frozenset({"crate", "self", "super"})


def _rust_imports(node: Node, source: Source) -> list[Import]:
    span = _span(node)
    if node.type == "extern_crate_declaration":
        crate = source.text(node.child_by_field_name("name"))
        local = source.text(node.child_by_field_name("alias")) or None
        return [Import(crate, (), local, False, span)]
    argument = node.child_by_field_name("argument")
    if argument is None:
        return []
    grouped: dict[str, list[str]] = {}
    aliased: list[tuple[str, str, str]] = []
    for module, name, local in _rust_use_items(argument, source):
        if local is not None:
            aliased.append((module, name, local))
        else:
            names = grouped.setdefault(module, [])
            if name:
                names.append(name)
    imports = [
        Import(module, tuple(names), None, _rust_relative(module), span)
        for module, names in grouped.items()
    ]
    for module, name, local in aliased:
        names_tuple = (name,) if name else ()
        imports.append(Import(module, names_tuple, local, _rust_relative(module), span))
    return imports


def _rust_relative(module: str) -> bool:
    return module.split("::", 1)[0] in _RUST_RELATIVE


def _rust_split(path: str) -> tuple[str, str]:
    """`a::b::C` -> (`a::b`, `C`); a single segment is a module imported whole."""
    module, _, name = path.rpartition("::")
    return (module, name) if module else (name, "")


def _rust_use_items(argument: Node, source: Source) -> list[tuple[str, str, str | None]]:
    """Flatten a `use` tree into (module, name, alias), walking nested lists without recursion."""
    items: list[tuple[str, str, str | None]] = []
    pending: list[tuple[str, Node]] = [("", argument)]
    while pending:
        prefix, node = pending.pop()
        if node.type == "scoped_use_list":
            path = source.text(node.child_by_field_name("path"))
            inner = _rust_join(prefix, path)
            use_list = node.child_by_field_name("list")
            children = use_list.named_children if use_list is not None else []
            pending.extend((inner, child) for child in reversed(children))
        elif node.type == "use_as_clause":
            path = _rust_join(prefix, source.text(node.child_by_field_name("path")))
            module, name = _rust_split(path)
            items.append((module, name, source.text(node.child_by_field_name("alias")) or None))
        elif node.type == "use_wildcard":
            path = source.text(node.named_child(0)) if node.named_child_count else ""
            items.append((_rust_join(prefix, path), "*", None))
        elif node.type in ("identifier", "scoped_identifier", "self", "crate", "super"):
            text = source.text(node)
            if prefix:
                module, name = _rust_split(_rust_join(prefix, text))
            else:
                module, name = _rust_split(text)
            items.append((module, name, None))
    return items


def _rust_join(prefix: str, path: str) -> str:
    path = "".join(path.split())
    return f"{prefix}::{path}" if prefix and path else prefix or path


def _java_imports(node: Node, source: Source) -> list[Import]:
    parts = [c for c in node.named_children if c.type in ("scoped_identifier", "identifier")]
    if not parts:
        return []
    path = "".join(source.text(parts[0]).split())
    if any(child.type == "asterisk" for child in node.named_children):
        return [Import(path, ("*",), None, False, _span(node))]
    module, _, name = path.rpartition(".")
    return [Import(module, (name,) if module else (), None, False, _span(node))]


def _csharp_imports(node: Node, source: Source) -> list[Import]:
    """`using System.Text;`, `using Json = System.Text.Json;`, `using static System.Math;`."""
    alias_node = node.child_by_field_name("name")
    target = next(
        (c for c in reversed(node.named_children) if c.type in ("qualified_name", "identifier")),
        None,
    )
    if target is None or target == alias_node:
        return []
    alias = source.text(alias_node) or None
    # Without an alias, a `using` brings every type of the namespace into the file.
    names = () if alias else ("*",)
    return [Import("".join(source.text(target).split()), names, alias, False, _span(node))]


def _ruby_imports(node: Node, source: Source) -> list[Import]:
    """`require "json"`; `require_relative "x"` and a path starting with "." are relative."""
    method = source.text(node.child_by_field_name("method"))
    arguments = node.child_by_field_name("arguments")
    string = arguments.named_child(0) if arguments is not None else None
    if string is None:
        return []
    module = source.text(string)[1:-1]
    relative = method == "require_relative" or module.startswith(".")
    return [Import(module, ("*",), None, relative, _span(node))]


def _php_imports(node: Node, source: Source) -> list[Import]:
    """`use A\\B\\C;` (module A\\B, name C), `use A\\{B, C as D};`, and `require "x.php"`,
    a relative import of a file."""
    span = _span(node)
    if node.type != "namespace_use_declaration":  # `require_once __DIR__ . '/x.php'`
        strings = [c for c in _descendants(node, 3) if c.type == "string_content"]
        path = source.text(strings[-1]) if strings else source.text(node)
        return [Import(path, ("*",), None, True, span)]
    group = node.child_by_field_name("body")
    prefix = next((c for c in node.named_children if c.type == "namespace_name"), None)
    clauses = group.named_children if group is not None else node.named_children
    names: dict[str, list[str]] = {}
    aliased: list[tuple[str, str, str]] = []
    for clause in clauses:
        if clause.type != "namespace_use_clause":
            continue
        target = clause.named_child(0)
        path = "\\".join(filter(None, (source.text(prefix), source.text(target))))
        module, _, name = path.lstrip("\\").rpartition("\\")
        alias = clause.child_by_field_name("alias")
        if alias is not None:
            aliased.append((module, name, source.text(alias)))
        else:
            names.setdefault(module, []).append(name)
    imports = [Import(m, tuple(n), None, False, span) for m, n in names.items()]
    imports.extend(Import(m, (n,), a, False, span) for m, n, a in aliased)
    return imports


def _descendants(node: Node, depth: int) -> list[Node]:
    """The named nodes under `node`, down to `depth` levels, breadth first."""
    found: list[Node] = []
    level = [node]
    for _ in range(depth):
        level = [child for parent in level for child in parent.named_children]
        found.extend(level)
    return found


def _c_imports(node: Node, source: Source) -> list[Import]:
    """`#include <stdio.h>` (a library's header) and `#include "ring.h"` (the project's,
    relative); C++'s `using std::string;` names a member of a namespace."""
    if node.type == "using_declaration":
        if not node.named_child_count:
            return []
        used = source.text(node.named_child(node.named_child_count - 1))
        module, _, name = used.rpartition("::")
        return [Import(module or name, (name,) if module else (), None, False, _span(node))]
    path = node.child_by_field_name("path")
    text = source.text(path)
    if len(text) < 2:
        return []
    return [Import(text[1:-1], ("*",), None, text.startswith('"'), _span(node))]


def _kotlin_imports(node: Node, source: Source) -> list[Import]:
    """`import a.b.C`, `import a.b.*`, `import a.b.C as D`: Java's form, with aliases."""
    path_node = next((c for c in node.named_children if c.type == "qualified_identifier"), None)
    if path_node is None:
        return []
    path = "".join(source.text(path_node).split())
    span = _span(node)
    if source.text(node).rstrip().rstrip(";").endswith("*"):
        return [Import(path, ("*",), None, False, span)]
    alias_node = next((c for c in node.named_children if c.type == "identifier"), None)
    module, _, name = path.rpartition(".")
    alias = source.text(alias_node) if alias_node is not None else None
    return [Import(module, (name,) if module else (), alias, False, span)]


def _swift_imports(node: Node, source: Source) -> list[Import]:
    """`import Foundation`, `import struct Combine.Published` (a module's one declaration)."""
    path_node = next((c for c in node.named_children if c.type == "identifier"), None)
    if path_node is None:
        return []
    path = "".join(source.text(path_node).split())
    kind = node.child_by_field_name("kind") or next(
        (c for c in node.children if c.type in _SWIFT_IMPORT_KINDS), None
    )
    span = _span(node)
    if kind is not None and "." in path:
        module, _, name = path.rpartition(".")
        return [Import(module, (name,), None, False, span)]
    return [Import(path, (), None, False, span)]


_SWIFT_IMPORT_KINDS = frozenset(
    ("typealias", "struct", "class", "enum", "protocol", "let", "var", "func")
)


def _bash_imports(node: Node, source: Source) -> list[Import]:
    """`source ./lib.sh` and `. lib.sh`: the file is the module; relative unless absolute."""
    argument = node.child_by_field_name("argument")
    text = source.text(argument).strip("\"'")
    return [Import(text, ("*",), None, not text.startswith("/"), _span(node))]


_IMPORT_PARSERS = {
    "csharp": _csharp_imports,
    "ruby": _ruby_imports,
    "php": _php_imports,
    "c": _c_imports,
    "cpp": _c_imports,
    "kotlin": _kotlin_imports,
    "swift": _swift_imports,
    "bash": _bash_imports,
    "python": _python_imports,
    "javascript": _js_imports,
    "typescript": _js_imports,
    "tsx": _js_imports,
    "go": _go_imports,
    "rust": _rust_imports,
    "java": _java_imports,
}


# --- references and errors ---------------------------------------------------------------


# (start_byte, end_byte, line, column, is_call) of one reference.
ReferenceRow = tuple[int, int, int, int, int]


def reference_rows(
    captures: dict[str, list[Node]], skip: set[int], data: bytes
) -> list[ReferenceRow]:
    """The references in source order. The hottest loop of extraction (sympy: 370,000 of
    them): each node attribute is a call into C, so each is read once, and only ints kept.
    A reference is a name on one line: a Bash word the grammar starts at the blank lines
    before it (rvm's `)\n\n\\typeset`) is left out, as the index keeps one name a line."""
    seen = set(skip)
    found: list[ReferenceRow] = []
    append, see, newline = found.append, seen.add, data.find
    kinds = (("reference.call", CALL), ("reference.member", MEMBER_CALL), ("reference", REFERENCE))
    for capture, is_call in kinds:
        for node in captures.get(capture, ()):
            start = node.start_byte
            if start in seen:
                continue
            see(start)
            end = node.end_byte
            if newline(b"\n", start, end) >= 0:
                continue
            row, column = node.start_point
            append((start, end, row, column, is_call))
    found.sort()
    return found


# A file that runs `import os` and then calls `os.path.join(...)` uses the module os.path
# without importing it by name. The first use of each `name.attribute`, where `name` is bound
# by a plain `import`, is kept as a reference named by its text ("os.path"), so that the
# conventions see it. Found in the bytes, then confirmed in the tree (not in a string or a
# comment); at most this many confirmations per file, so odd files stay cheap.
_MAX_ATTRIBUTE_CHECKS = 200


@lru_cache(maxsize=256)
def _attribute_pattern(name: str) -> re.Pattern[bytes]:
    # No look-behind: a pattern that starts with the literal name is searched for quickly.
    return re.compile(re.escape(name.encode()) + rb"\.[A-Za-z_]\w*")


_NAME_BYTES = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.")


def add_module_attributes(
    rows: list[ReferenceRow], root: Node, data: bytes, imports: list[Import]
) -> None:
    bound = {binding[0] for imp in imports if (binding := imp.python_binding) is not None}
    found: set[bytes] = set()
    checks = 0
    for name in sorted(n for n in bound if n.isidentifier()):
        for match in _attribute_pattern(name).finditer(data):
            dotted = match.group(0)
            start = match.start()
            if dotted in found or (start and data[start - 1] in _NAME_BYTES):
                continue
            checks += 1
            if checks > _MAX_ATTRIBUTE_CHECKS:
                break
            end = match.end()
            # The smallest node that holds `os.path` is that attribute itself only in code
            # (in a string or a comment it is the string or the comment).
            node = root.descendant_for_byte_range(start, end)
            if node is None or node.type != "attribute" or node.start_byte != start:
                continue
            if node.end_byte != end:
                continue
            found.add(dotted)
            row, column = node.start_point
            insort(rows, (start, end, row, column, 0))


# Captured references are identifiers, which never span lines: a span's end is on its start
# line, its length in bytes after the start column.


def pack_references(rows: list[ReferenceRow], data: bytes) -> PackedReferences:
    # One decode for all names: the newline between two names ends any broken UTF-8
    # sequence, so the result is the same as decoding each name apart.
    names = b"\n".join([data[row[0] : row[1]] for row in rows]).decode("utf-8", "replace")
    flat: list[int] = []
    add = flat.extend
    for start, end, line, column, is_call in rows:
        add((is_call, start, end, line, column, line, column + end - start))
    return PackedReferences(names, array("i", flat))


def _unpacked(rows: list[ReferenceRow], data: bytes) -> tuple[Reference, ...]:
    return tuple(
        make_reference(
            data[start:end].decode("utf-8", "replace"),
            make_span(start, end, row, column, row, column + end - start),
            is_call >= CALL,
            is_call == MEMBER_CALL,
        )
        for start, end, row, column, is_call in rows
    )


def _problem_nodes(root: Node) -> list[Node]:
    """ERROR and MISSING nodes, walking iteratively and only into subtrees that hold errors."""
    if not root.has_error:
        return []
    found: list[Node] = []
    cursor = root.walk()
    while True:
        node = cursor.node
        if node is not None and (node.is_error or node.is_missing):
            found.append(node)
        if node is not None and node.has_error and cursor.goto_first_child():
            continue
        while not cursor.goto_next_sibling():
            if not cursor.goto_parent():
                return found
