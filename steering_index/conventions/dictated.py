"""Names a file does not choose, read from the file itself: overrides of an interface the
project does not own, mirrors of a C or Win32 API, React components, declared public API,
and names a linter was told to accept.

`file_facts` reads one extract once; the naming observations and the checks then ask it about
each definition. Every rule here is general (no project is named): what decides is the
code's own evidence, such as a base class imported from another distribution, a `super()`
call of the method's own name, or an `__all__` list.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from steering_index.conventions.language_data import FOREIGN_MARKS, language_facts
from steering_index.conventions.layout import is_js, local_import_style, python_package
from steering_index.conventions.naming import (
    CAMEL,
    LOWER,
    PASCAL,
    UPPER_WORD,
    naming_style,
)
from steering_index.model import FileExtract, Import, Reference, Symbol, references_where

# Methods that make a class stand in for a function: a descriptor (Django's
# `cached_property`), a callable object (a decorator written as a class), a context manager
# (`with override_settings(...)`). Such a class is named like the function it replaces.
_FUNCTION_LIKE_METHODS = frozenset(("__get__", "__call__", "__enter__", "__aenter__"))
_BRACKETED = re.compile(r"\[[^\[\]]*\]|<[^<>]*>")
_JS_HERITAGE = re.compile(r"\b(?:extends|implements)\s+(.*)$")
# ctypes' foreign types: a subclass copies a C struct's or union's name and fields.
_CTYPES_BASES = frozenset(
    (
        "Structure",
        "Union",
        "BigEndianStructure",
        "LittleEndianStructure",
        "BigEndianUnion",
        "LittleEndianUnion",
    )
)
_FOREIGN_MODULES = ("ctypes", "cffi")
# Libraries whose capitalised functions are components rendered by JSX or `h(...)`.
_COMPONENT_LIBRARIES = ("react", "preact", "solid-js", "@builder.io/qwik", "inferno")
# A TypeScript signature that returns an element or declares a component type.
_ELEMENT_TYPES = re.compile(r"\b(JSX\.Element|ReactElement|ReactNode|React\.FC|FC<|VNode)\b")
_NEUTRAL = frozenset((LOWER, UPPER_WORD))
# Rust's lints a `#[allow(...)]` names to accept a name (read as references by extraction).
_RUST_NAMING_LINTS = frozenset(("non_snake_case", "non_camel_case_types", "non_upper_case_globals"))
# What Java's `@SuppressWarnings` names to accept a name: checkstyle's `MemberName`,
# `MethodName`, `checkstyle:abbreviationaswordinname`, PMD's naming rules, Sonar's S100.
_JAVA_NAMING_WARNING = re.compile(r"^\"(?i:.*(name|naming).*|squid:S10[01]|java:S10[01])\"$")
# Decorators and annotations that declare an interface or an override: zope.interface's
# `@implementer(I...)` and `@provider(I...)`, Java's `@Override`.
_OVERRIDE_MARKS = frozenset(("implementer", "provider", "Override", "override"))
# The references these facts read (and quoted ones, `is_quoted`); an index read for the
# conventions keeps them.
FACT_REFERENCES = _OVERRIDE_MARKS | _RUST_NAMING_LINTS | FOREIGN_MARKS | {"super"}


@dataclass(frozen=True, slots=True)
class FileFacts:
    """What one file says about the names it defines, by qualified name (`Class.method`).

    `function_like`: classes used like functions; `overrides`: methods that copy a base's
    name; `foreign`: names that mirror a C or Win32 API; `public`: names listed in
    `__all__`; `dynamic`: the names the file looks up by a string it builds; `brands`:
    classes named as a string their own body binds (`class xAI { name = "xAI" }`);
    `components`: whether capitalised functions here are UI components;
    `accepted_lines`: 0-based lines where a lint attribute accepts the name below it;
    `foreign_lines`: those where an interop attribute (C#'s `[StructLayout]`) marks a
    definition that mirrors a C API.
    """

    function_like: frozenset[str] = frozenset()
    overrides: frozenset[str] = frozenset()
    foreign: frozenset[str] = frozenset()
    public: frozenset[str] = frozenset()
    dynamic: tuple[re.Pattern[str], ...] = ()
    brands: frozenset[str] = frozenset()
    components: bool = False
    accepted_lines: frozenset[int] = field(default_factory=frozenset)
    foreign_lines: frozenset[int] = field(default_factory=frozenset)


NO_FACTS = FileFacts()


def qualified(symbol: Symbol) -> str:
    return f"{symbol.scope}.{symbol.name}" if symbol.scope else symbol.name


def base_expressions(signature: str, language: str) -> list[str]:
    """The bases a class header names, as written (`basic.LineReceiver`), without generics."""
    header = signature
    while (unbracketed := _BRACKETED.sub("", header)) != header:
        header = unbracketed
    if language == "python":
        match = re.search(r"\(([^()]*)\)", header)
        if match is None:
            return []
        parts = match.group(1).split(",")
        return [p.strip() for p in parts if p.strip() and "=" not in p]
    match = _JS_HERITAGE.search(header)
    if match is None:
        return []
    words = re.split(r"[\s,{]+|\b(?:extends|implements)\b", match.group(1))
    return [w for w in words if w]


def function_like_classes(symbols: Iterable[Symbol]) -> frozenset[str]:
    """Qualified names of one file's classes used like functions: those defining one of
    `_FUNCTION_LIKE_METHODS`, and those deriving from such a class of the same file (Django's
    `override_settings(TestContextDecorator)`)."""
    bases: dict[str, list[str]] = {}
    found: set[str] = set()
    for symbol in symbols:
        if symbol.kind == "class":
            bases[qualified(symbol)] = [
                b.rpartition(".")[2] for b in base_expressions(symbol.signature or "", "python")
            ]
        elif symbol.kind == "method" and symbol.name in _FUNCTION_LIKE_METHODS:
            found.add(symbol.scope)
    found &= bases.keys()
    names = {q.rpartition(".")[2] for q in found}
    grown = True
    while grown:
        derived = {q for q, b in bases.items() if q not in found and names.intersection(b)}
        found |= derived
        names |= {q.rpartition(".")[2] for q in derived}
        grown = bool(derived)
    return frozenset(found)


def _bindings(imports: Iterable[Import], path: str, language: str) -> dict[str, bool]:
    """Each name an import binds, and whether it comes from outside the project: not
    relative, and not the file's own top-level package (for Python)."""
    own = frozenset(python_package(path)[:1])
    bound: dict[str, bool] = {}
    for imp in imports:
        external = local_import_style(imp, language, own) is None
        if language == "python" and (binding := imp.python_binding) is not None:
            bound[binding[0]] = external
            continue
        for name in (*imp.names, imp.alias):
            if name:
                bound[name] = external
    return bound


def _module_bound(imports: Iterable[Import], modules: Sequence[str]) -> set[str]:
    """Names bound by imports of `modules` or their submodules (`ctypes`, `Structure`)."""
    names: set[str] = set()
    for imp in imports:
        if imp.module.split(".")[0] in modules:
            names.update(n for n in (*imp.names, imp.alias) if n)
            if imp.python_binding is not None:
                names.add(imp.python_binding[0])
    return names


def _marks_before(references: Sequence[Reference], symbol: Symbol, names: frozenset[str]) -> bool:
    """A decorator or annotation in `names` on the definition (inside its span, before its
    name), or on the lines just above it."""
    first = symbol.name_span.start_line
    return any(
        ref.name in names and symbol.span.start_line - 1 <= ref.span.start_line <= first
        for ref in references
    )


def _overrides(
    extract: FileExtract, classes: dict[str, Symbol], refs: Sequence[Reference]
) -> set[str]:
    """Methods whose names a base the project does not own dictates: in a class with a base
    imported from outside the project or a declared interface (`@implementer(IProducer)`),
    or calling `super()` (Python), or marked (`@Override`, TypeScript's `override`). Only a
    name in another style than the language's own is taken for a copy of the base's:
    `lineReceived` in a Twisted protocol, not a helper `parse_line` beside it, nor a private
    `_parseLine`."""
    language = extract.language
    marks = [r for r in refs if r.name in _OVERRIDE_MARKS]
    supers = sorted(r.span.start_byte for r in refs if r.name == "super")
    bound = _bindings(extract.imports, extract.path, language)
    external_classes: set[str] = set()
    bases = {n: base_expressions(c.signature or "", language) for n, c in classes.items()}
    for name, cls in classes.items():
        heads = [b.split(".")[0] for b in bases[name]]
        if any(bound.get(h, False) for h in heads) or _marks_before(marks, cls, _OVERRIDE_MARKS):
            external_classes.add(name)
    # A class deriving from one of those in the same file inherits its base's names too.
    grown = True
    while grown:
        known = {n.rpartition(".")[2] for n in external_classes}
        derived = {
            n
            for n, written in bases.items()
            if n not in external_classes
            and known.intersection(b.rpartition(".")[2] for b in written)
        }
        external_classes |= derived
        grown = bool(derived)
    # The language's own style for a method: an override in another style copies its base.
    idiom = language_facts(language).idiomatic("method") or CAMEL
    found: set[str] = set()
    for symbol in extract.symbols:
        style = naming_style(symbol.name)
        if symbol.kind != "method" or style == idiom or style in _NEUTRAL:
            continue
        calls_super = bisect_left(supers, symbol.span.end_byte) > bisect_left(
            supers, symbol.span.start_byte
        )
        marked = _marks_before(marks, symbol, _OVERRIDE_MARKS) or _ts_override(symbol)
        # A private helper (`_makeContext`) is the class's own, whatever its base.
        inherited = symbol.scope in external_classes and not symbol.name.startswith("_")
        if calls_super or marked or inherited:
            found.add(qualified(symbol))
    return found


def _ts_override(symbol: Symbol) -> bool:
    return bool(re.match(r"(?:\w+\s+)*override\s", symbol.signature or ""))


def _foreign(extract: FileExtract, classes: dict[str, Symbol]) -> set[str]:
    """In a file that declares ctypes structures or unions, the module-level names beside
    them copy the C or Win32 API they bind (`CONSOLE_SCREEN_BUFFER_INFO`, `Py_buffer`,
    `GetConsoleMode`)."""
    if extract.language != "python":
        return set()
    from_ctypes = _module_bound(extract.imports, _FOREIGN_MODULES)
    if not from_ctypes:
        return set()
    structures = {
        name
        for name, cls in classes.items()
        for b in base_expressions(cls.signature or "", "python")
        if b.split(".")[-1] in _CTYPES_BASES and b.split(".")[0] in from_ctypes
    }
    if not structures:
        return set()
    return structures | {qualified(s) for s in extract.symbols if not s.scope}


def _public(extract: FileExtract) -> set[str]:
    """Names a Python module lists in `__all__` (extraction marks them exported)."""
    if extract.language != "python":
        return set()
    if not any(s.name == "__all__" and not s.scope for s in extract.symbols):
        return set()
    return {s.name for s in extract.symbols if not s.scope and s.exported}


def _renders_components(extract: FileExtract) -> bool:
    """A `.jsx`/`.tsx` file, or a script that imports a component library (JSX in `.js`)."""
    if not is_js(extract.language):
        return False
    if extract.path.endswith((".jsx", ".tsx")):
        return True
    return any(imp.module.startswith(_COMPONENT_LIBRARIES) for imp in extract.imports)


def is_component(symbol: Symbol, facts: FileFacts) -> bool:
    """A capitalised function that renders: in a file of a component library, or typed as
    returning an element."""
    if symbol.kind not in ("function", "constant", "variable") or symbol.scope:
        return False
    if naming_style(symbol.name) != PASCAL:
        return False
    return facts.components or bool(_ELEMENT_TYPES.search(symbol.signature or ""))


def _accepted_lines(extract: FileExtract, refs: Sequence[Reference]) -> set[int]:
    """Lines where Rust's `#[allow(non_snake_case)]` or Java's
    `@SuppressWarnings("MemberName")` (read as references to the lint) accepts the
    definition below it."""
    lines: set[int] = set()
    for ref in refs:
        if ref.name in _RUST_NAMING_LINTS or (
            extract.language == "java" and _JAVA_NAMING_WARNING.search(ref.name)
        ):
            lines.add(ref.span.start_line)
    return lines


def is_quoted(name: str) -> bool:
    """A reference named by a string literal (`"do_"`, `f"handle_{x}"`), as extraction keeps
    those of `getattr`, `globals()[...]`, class bodies and `@SuppressWarnings`. No
    identifier holds a quote, and a literal's opens within its first three characters."""
    head = name[:3]
    return '"' in head or "'" in head


def _read(name: str) -> bool:
    """The references `file_facts` reads."""
    return name in FACT_REFERENCES or is_quoted(name)


def _literal(name: str) -> str:
    return name.lstrip("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")[1:-1]


_PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[sdr]|\{[^{}]*\}")


def _lookups(references: Sequence[Reference]) -> tuple[re.Pattern[str], ...]:
    """Patterns of the names a file looks up by strings: `"do_" + verb` -> `do_\\w*`,
    `"_%s_Function" % name` -> `_\\w+_Function\\w*`."""
    patterns: set[str] = set()
    for ref in references:
        if not is_quoted(ref.name):
            continue
        parts = _PLACEHOLDER.split(_literal(ref.name))
        if sum(map(len, parts)) < 3 or not all(re.fullmatch(r"\w*", p) for p in parts):
            continue  # too short to say much, or not the makings of a name
        patterns.add(r"\w+".join(parts) + r"\w*")
    return tuple(re.compile(p) for p in sorted(patterns))


def _brands(classes: dict[str, Symbol], refs: Sequence[Reference]) -> set[str]:
    quoted = [r for r in refs if is_quoted(r.name)]
    found: set[str] = set()
    for name, cls in classes.items():
        start, end = cls.span.start_byte, cls.span.end_byte
        if any(start <= r.span.start_byte < end and _literal(r.name) == cls.name for r in quoted):
            found.add(name)
    return found


def file_facts(extract: FileExtract) -> FileFacts:
    """What `extract` says about the names it defines (see `FileFacts`)."""
    classes = {qualified(s): s for s in extract.symbols if s.kind == "class"}
    refs = references_where(extract.references, _read)
    language = extract.language
    return FileFacts(
        function_like=function_like_classes(extract.symbols)
        if language == "python"
        else frozenset(),
        overrides=frozenset(_overrides(extract, classes, refs)),
        foreign=frozenset(_foreign(extract, classes)),
        public=frozenset(_public(extract)),
        dynamic=_lookups(refs),
        brands=frozenset(_brands(classes, refs)),
        components=_renders_components(extract),
        accepted_lines=frozenset(_accepted_lines(extract, refs)),
        foreign_lines=frozenset(
            r.span.start_line for r in refs if r.name in language_facts(language).foreign_marks
        ),
    )


def facts_of_symbols(path: str, language: str, symbols: Sequence[Symbol]) -> FileFacts:
    """The facts that a file's path and definitions alone show (for a caller without the
    extract)."""
    return FileFacts(
        function_like=function_like_classes(symbols) if language == "python" else frozenset(),
        components=is_js(language) and path.endswith((".jsx", ".tsx")),
    )


def linter_accepts(symbol: Symbol, facts: FileFacts) -> bool:
    """Whether a lint attribute accepts the definition: Java's annotations belong to it (its
    first lines, before the name), Rust's attributes stand on the lines just above it."""
    return _marked(symbol, facts.accepted_lines)


def _marked(symbol: Symbol, lines: frozenset[int]) -> bool:
    first, name_line = symbol.span.start_line, symbol.name_span.start_line
    return any(
        first <= line <= name_line if first < name_line else first - 2 <= line < first
        for line in lines
    )


def dictated_reason(symbol: Symbol, facts: FileFacts) -> str | None:
    """Why the file's own evidence makes this name not the project's choice, or None."""
    name = qualified(symbol)
    if name in facts.overrides:
        return "an override of a method its base class or interface names"
    if name in facts.foreign:
        return "a name copied from the C or Win32 API this module binds with ctypes"
    if _marked(symbol, facts.foreign_lines):
        return "a name copied from the C API this interop declaration mirrors"
    if name in facts.brands:
        return "a brand's own spelling, which the class's body gives as a string"
    if symbol.kind != "class" and any(p.fullmatch(symbol.name) for p in facts.dynamic):
        return "looked up by a name the code builds from a string (`getattr`, `globals()`)"
    if is_component(symbol, facts):
        return "a React component, which JSX needs capitalised"
    if linter_accepts(symbol, facts):
        return "accepted by the linter setting on its definition"
    return None
