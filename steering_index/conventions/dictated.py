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
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache, partial

from steering_index.conventions.language_data import (
    CSHARP_NAMING_RULES,
    DEPRECATION_MARKS,
    FOREIGN_MARKS,
    JSON_READERS,
    SERIALIZED_MARKS,
    TEST_MARKS,
    language_facts,
)
from steering_index.conventions.layout import (
    file_name,
    folders,
    importable_module,
    is_js,
    local_import_style,
    python_package,
)
from steering_index.conventions.naming import (
    CAMEL,
    LOWER,
    PASCAL,
    SNAKE,
    UPPER_SNAKE,
    UPPER_WORD,
    naming_style,
)
from steering_index.model import (
    FileExtract,
    Import,
    Reference,
    Symbol,
    qualified,
    references_where,
)

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
# Component libraries, and the frameworks built on React whose modules a site's components
# import (a Docusaurus site's `website/src/components/*.js`: `@docusaurus/Link`, `@theme/`).
_COMPONENT_LIBRARIES = (
    "react",
    "preact",
    "solid-js",
    "@builder.io/qwik",
    "inferno",
    "@docusaurus/",
    "@theme/",
    "next/",
    "gatsby",
)
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
FACT_REFERENCES = (
    _OVERRIDE_MARKS
    | _RUST_NAMING_LINTS
    | FOREIGN_MARKS
    | DEPRECATION_MARKS
    | TEST_MARKS
    | SERIALIZED_MARKS
    | JSON_READERS
    | {"super"}
)


@dataclass(frozen=True, slots=True)
class FileFacts:
    """What one file says about the names it defines, by qualified name (`Class.method`).

    `function_like`: classes used like functions; `overrides`: methods (and nested classes)
    that copy a base's name; `foreign`: names that mirror a C or Win32 API; `public`: the
    module's public API (`_public`); `module_api`: the public names of a package's public
    module, documented API where the package publishes a reference of all its modules;
    `owned`: classes named `Owner_Part` after another class of the file they serve;
    `dynamic`: the names the file looks up by a string it
    builds; `brands`: classes named as a string their own body binds (`class xAI { name =
    "xAI" }`); `quoted`: values named after the qualified name the string they hold gives
    (`val Flow = ClassId.fromString("kotlinx/coroutines/flow/Flow")`);
    `companions`: TypeScript types named after a value (`type tag = typeof tag`);
    `mirrors`: definitions whose docstring names the API they are named after;
    `patched`: nested functions bound to an attribute of their own name;
    `wrappers`: functions named after the one they wrap (`__GetExtendedTcpTable`);
    `handlers`: event handlers named `Source_Event` and subscribed to that event;
    `fallbacks`: macros defined only where that name is not (`#if !defined(Protocol)`),
    and functions defined only where a macro is not and called where it may be
    (`#ifndef HAVE_NPCAP_PACKET_API`), stand-ins under a platform's or library's name;
    `api_macros`: macros with parameters named as the file's functions of their prefix are
    (`cJSON_SetIntValue(object, number)` beside `cJSON_Parse`);
    `companion_macros`: macros without parameters named as a function or macro of the file
    and a short suffix (`ngx_open_file_n` beside `ngx_open_file`);
    `local_macros`: macros defined inside a function's body (htop's `tryRead`), helpers as
    local as its variables;
    `lettered`: definitions named by one letter and a shared rest, where the letter's case
    tells two of them apart (`C_formatter` beside `c_formatter`, for `%C` and `%c`);
    `deprecated`: definitions marked deprecated, by their doc comment or an attribute;
    `accessors`: methods named after the data member of their class they read or write
    (`x()` and `set_x()` for `x_`), and C++ getters in snake_case of a member marked `x_`;
    `compose_constants`: a Compose file's `val`s in PascalCase at the top or in an object,
    named as Compose's API guidelines name constants;
    `fixtures`: a test framework's fixtures without an underscore, which name test suites
    (`LanguageFacts.fixture_bases`);
    `family_prefixes`: lower-case prefixes (`dsp_`) two or more camelCase names of the
    file carry (`dsp_alterZOrder`), so that `dsp_exit` is one of that family;
    `components`: whether capitalised functions here are UI components;
    `command`: whether the file is run as a command, its first line a shebang
    (`#!/usr/bin/env dotnet run`), or is the program a build names after it, defining
    `main` (polybar's `polybar-msg.cpp`, a Cargo `src/bin/my-tool.rs`), so that its name is
    a command's, typed as such;
    `accepted_lines`: 0-based lines where a lint attribute accepts the name below it, and
    `accepts_all`, whether one accepts every name of the file (`@file:Suppress(...)`);
    `bound`: definitions a modifier declares defined outside the language and only bound
    here (Kotlin's `external`), with their members (`LanguageFacts.binding_modifiers`);
    `foreign_lines`: those where an interop attribute (C#'s `[StructLayout]`) marks a
    definition that mirrors a C API; `test_lines`: those where a test attribute (`#[Test]`,
    `[Fact]`) marks a test; `serialized`: instance fields of a type whose attribute
    (`[Serializable]`) makes them its serialized form, by name.
    """

    function_like: frozenset[str] = frozenset()
    overrides: frozenset[str] = frozenset()
    foreign: frozenset[str] = frozenset()
    bound: frozenset[str] = frozenset()
    public: frozenset[str] = frozenset()
    module_api: frozenset[str] = frozenset()
    owned: frozenset[str] = frozenset()
    dynamic: tuple[re.Pattern[str], ...] = ()
    brands: frozenset[str] = frozenset()
    quoted: frozenset[str] = frozenset()
    companions: frozenset[str] = frozenset()
    mirrors: frozenset[str] = frozenset()
    patched: frozenset[str] = frozenset()
    wrappers: frozenset[str] = frozenset()
    handlers: frozenset[str] = frozenset()
    fallbacks: frozenset[str] = frozenset()
    api_macros: frozenset[str] = frozenset()
    # Macros without parameters named as a function or macro of the file and a short
    # suffix, in its style (nginx's `ngx_open_file_n` beside `ngx_open_file`).
    companion_macros: frozenset[str] = frozenset()
    local_macros: frozenset[str] = frozenset()
    # Macros one of whose definitions (one branch of an `#if`) aliases a name in its style.
    alias_macros: frozenset[str] = frozenset()
    lettered: frozenset[str] = frozenset()
    deprecated: frozenset[str] = frozenset()
    accessors: frozenset[str] = frozenset()
    compose_constants: frozenset[str] = frozenset()
    fixtures: frozenset[str] = frozenset()
    # Every name the file defines, for a protocol a class implements as a whole.
    defined: frozenset[str] = frozenset()
    family_prefixes: frozenset[str] = frozenset()
    components: bool = False
    command: bool = False
    accepted_lines: frozenset[int] = field(default_factory=frozenset)
    accepts_all: bool = False
    foreign_lines: frozenset[int] = field(default_factory=frozenset)
    test_lines: frozenset[int] = field(default_factory=frozenset)
    serialized: frozenset[str] = frozenset()
    deserialized: frozenset[str] = frozenset()


NO_FACTS = FileFacts()


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


# A class's docstring that says what interface of another package it implements:
# "Implements twisted.internet.interfaces.IResolver partially".
_IMPLEMENTS = re.compile(r"\b(?i:implement(?:s|ing)?)\b[^.\n]{0,40}?\b(?:[a-z_]\w*\.)+[A-Z]\w*")


def _used_by_its_class(
    symbol: Symbol,
    lineage: Iterable[Symbol],
    read: Callable[[], bytes | None] | None,
    unknown: bool = True,
    as_attribute: bool = False,
) -> bool:
    """Whether the method's own class, or a class of the file it derives from (`lineage`),
    names it anywhere but in its definition (`self._cb` passed as a callback counts): a
    helper of the class's own. `as_attribute`: only as one of the class's attributes
    (`self.name`, `cls.name`, or bound in a class body, `name = ...`). `unknown` when the
    file's text (`read()`) is not at hand."""
    text = read() if read is not None else None
    if text is None:
        return unknown
    word = re.escape(symbol.name.encode())
    if as_attribute:
        name = re.compile(rb"\b(?:self|cls)\.%s\b|^[ \t]+%s\s*[:=][^=]" % (word, word), re.M)
    else:
        name = re.compile(rb"\b%s\b" % word)
    own = symbol.name_span.start_byte
    for cls in lineage:
        body = text[cls.span.start_byte : cls.span.end_byte]
        if any(cls.span.start_byte + m.start() != own for m in name.finditer(body)):
            return True
    return False


def _lineage(scope: str, classes: dict[str, Symbol], bases: dict[str, list[str]]) -> list[Symbol]:
    """The class `scope` and the classes of the same file it derives from, by name."""
    by_name = {c.name: q for q, c in classes.items()}
    found: list[Symbol] = []
    todo = [scope]
    while todo:
        current = todo.pop()
        if current in classes and classes[current] not in found:
            found.append(classes[current])
            todo.extend(by_name[b] for b in bases.get(current, ()) if b in by_name)
    return found


def _overrides(
    extract: FileExtract,
    classes: dict[str, Symbol],
    refs: Sequence[Reference],
    read: Callable[[], bytes | None] | None = None,
) -> set[str]:
    """Methods whose names a base the project does not own dictates: in a class with a base
    imported from outside the project or a declared interface (`@implementer(IProducer)`,
    or a docstring "Implements twisted.internet.interfaces.IResolver"), or calling `super()`
    (Python), or marked (`@Override`, TypeScript's `override`). Only a name in another
    style than the language's own is taken for a copy of the base's: `lineReceived` in a
    Twisted protocol, not a helper `parse_line` beside it. A private `_parseLine` is the
    class's own helper when the file's text (`read()`) shows its class using it
    (`self._parseLine(...)`, a callback); one its class never mentions is called by the base
    it overrides (`Agent._getEndpoint`). Where the language's libraries all name methods
    in its style (`idiomatic_libraries`: PHP, Swift, Kotlin, Java, C#, Ruby), a method in
    another style copies no base's name, and only a marked override is one. Where the
    language forbids a private method to
    override (Java, C#, PHP, Swift, TypeScript), one declared private is judged, whatever
    its class derives from."""
    language = extract.language
    marks = [r for r in refs if r.name in _OVERRIDE_MARKS]
    supers = sorted(r.span.start_byte for r in refs if r.name == "super")
    bound = _bindings(extract.imports, extract.path, language)
    external_classes: set[str] = set()
    bases = {n: base_expressions(c.signature or "", language) for n, c in classes.items()}
    for name, cls in classes.items():
        heads = [b.split(".")[0] for b in bases[name]]
        declared = _marks_before(marks, cls, _OVERRIDE_MARKS) or bool(
            _IMPLEMENTS.search(cls.docstring or "")
        )
        if any(bound.get(h, False) for h in heads) or declared:
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
    facts = language_facts(language)
    idiom = facts.idiomatic("method") or CAMEL
    last_names = {n: [b.rpartition(".")[2] for b in written] for n, written in bases.items()}
    found: set[str] = set()
    for symbol in extract.symbols:
        style = naming_style(symbol.name)
        if symbol.kind != "method" or style == idiom or style in _NEUTRAL:
            continue
        calls_super = bisect_left(supers, symbol.span.end_byte) > bisect_left(
            supers, symbol.span.start_byte
        )
        marked = _marked_override(symbol, marks)
        private = symbol.name.startswith("_")
        own = not facts.private_overrides and _declared_private(symbol)
        inherited = (
            not facts.idiomatic_libraries
            and symbol.scope in external_classes
            and (
                not private
                or not _used_by_its_class(symbol, _lineage(symbol.scope, classes, last_names), read)
            )
        )
        if marked or (not own and (calls_super or inherited)):
            found.add(qualified(symbol))
    return found | _attribute_overrides(classes, last_names, read)


def _module_files(module: str, relative: bool, path: str) -> list[str]:
    """Where a Python import of `module` from the file at `path` may live in the workspace:
    beside the file for a relative import (`.base`), else below any folder above it (a
    `src/` layout, a package of a monorepo)."""
    dots = len(module) - len(module.lstrip(".")) if relative else 0
    rest = module.lstrip(".").replace(".", "/")
    above = folders(path)
    if relative:
        roots = [above[: len(above) - dots + 1]] if dots <= len(above) + 1 else []
    else:
        roots = [above[:n] for n in range(len(above), -1, -1)]
    found: list[str] = []
    for parts in roots:
        base = "/".join([*parts, rest] if rest else parts)
        found += [f"{base}.py", f"{base}/__init__.py"] if rest else [f"{base}/__init__.py"]
    return found


def _project_overrides(
    extract: FileExtract, classes: dict[str, Symbol], read: Callable[[str], bytes | None] | None
) -> set[str]:
    """Python methods that redefine a method of a base class the file imports from another
    module of the workspace (`from tests.test_handlers import TestHttps11`, a module `read`
    finds): the name is the base's, judged where the base defines it, as its text shows."""
    if extract.language != "python" or read is None:
        return set()
    origin: dict[str, tuple[str, bool]] = {}
    for imp in extract.imports:
        if imp.python_binding is None:
            for name in imp.names:
                origin[imp.alias or name] = (imp.module, imp.relative)
    if not origin:
        return set()
    modules: dict[str, tuple[str, bool]] = {}
    for name, cls in classes.items():
        for base in base_expressions(cls.signature or "", "python"):
            last = base.rpartition(".")[2]
            if last in origin:
                modules[name] = origin[last]
    found: set[str] = set()
    defined: dict[tuple[str, bool], set[bytes]] = {}  # the names each base module defines
    for symbol in extract.symbols:
        where = modules.get(symbol.scope) if symbol.kind == "method" else None
        if where is None or symbol.name.startswith("__"):
            continue
        if where not in defined:
            candidates = (read(p) for p in _module_files(*where, extract.path))
            text = next((t for t in candidates if t is not None), b"")
            defined[where] = set(_DEFINED.findall(text))
        if symbol.name.encode() in defined[where]:
            found.add(qualified(symbol))
    return found


_DEFINED = re.compile(rb"\bdef\s+([^\s(]+)\s*\(")  # any identifier, non-ASCII too


def _attribute_overrides(
    classes: dict[str, Symbol],
    bases: dict[str, list[str]],
    read: Callable[[], bytes | None] | None,
) -> set[str]:
    """Classes nested in a class that its class, or a base class of the same file, uses as
    an attribute (`proxyClass = Proxy` in the base test and `class proxyClass(Proxy):` in
    a subclass, or `self.proxyClass(...)` beside it): named like the attribute they are.
    Seen in the file's text (`read()`) only."""
    found: set[str] = set()
    for name, cls in classes.items():
        if cls.scope not in classes or naming_style(cls.name) == PASCAL:
            continue
        lineage = _lineage(cls.scope, classes, bases)
        if _used_by_its_class(cls, lineage, read, unknown=False, as_attribute=True):
            found.add(name)
    return found


def _declared_private(symbol: Symbol) -> bool:
    """Whether the words before a method's name declare it private (`private static
    function x`, Swift's `fileprivate func x`)."""
    head = (symbol.signature or "").partition(symbol.name)[0]
    return re.search(r"(?:^|\s)(?:file)?private\s", head) is not None


def _marked_override(symbol: Symbol, marks: Sequence[Reference]) -> bool:
    """Whether `symbol` says it overrides: an annotation among `marks` (`@Override`) or the
    `override` modifier (Kotlin, Swift, C#, TypeScript)."""
    return _marks_before(marks, symbol, _OVERRIDE_MARKS) or bool(
        re.match(r"(?:\w+\s+)*override\s", symbol.signature or "")
    )


def marked_overrides(extract: FileExtract) -> set[str]:
    """The qualified names of the methods `extract` marks as overrides: whatever their
    style, their names are their base's (renaming one breaks the override)."""
    marks = references_where(extract.references, _OVERRIDE_MARKS.__contains__)
    return {
        qualified(s) for s in extract.symbols if s.kind == "method" and _marked_override(s, marks)
    }


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


# What a binding's definition holds or calls, in its one-line signature or its body: a C
# constant in capitals, an alias's target type, a call to a C function.
_HOLDS = re.compile(r"=\s*(.*)$", re.DOTALL)
_ALIASED = re.compile(
    r"^(?:[\w@]+\s+)*(?:typealias|typedef|using)\s+\w+\s*=\s*(?:[\w.]*\.)?(\w+)\s*$"
)
_C_CALL = re.compile(rb"(?<![\w.])([A-Za-z]\w*_%s)\s*\(")


def _c_bound(extract: FileExtract, read: Callable[[], bytes | None] | None) -> set[str]:
    """Snake_case names a binding takes from the C it binds, in a language whose own names
    are not snake_case: a constant or property that holds or gives the C constant of its
    name in capitals (swift-nio's `so_sndbuf = Self(rawValue: SO_SNDBUF)`, later a computed
    `var so_sndbuf: Option { Self(rawValue: SO_SNDBUF) }`), an alias named after
    the C type it aliases with a tag (`typealias kevent_timespec = Darwin.timespec`), and a
    wrapper whose body calls the C function its name ends (`statfs_ftype` calling the shim
    `CNIOLinux_statfs_ftype`, which the file does not define). Seen in the file's text
    (`read()`), read only for a definition so named."""
    facts = language_facts(extract.language)
    idiom = facts.idiomatic("method") or facts.idiomatic("function")
    if idiom is None or idiom == SNAKE:
        return set()  # where snake_case is the language's own, or no style is, it is judged
    found: set[str] = set()
    to_read: list[Symbol] = []  # the definitions whose bodies tell
    own = {s.name for s in extract.symbols}
    for symbol in extract.symbols:
        if "_" not in symbol.name.strip("_") or naming_style(symbol.name) != SNAKE:
            continue
        signature = symbol.signature or ""
        if (aliased := _ALIASED.match(signature)) is not None:
            if symbol.name.endswith("_" + aliased.group(1)):
                found.add(qualified(symbol))
        elif (held := _HOLDS.search(signature)) is not None and re.search(
            rf"(?<![\w.]){re.escape(symbol.name.upper())}\b", held.group(1)
        ):
            found.add(qualified(symbol))
        else:  # a wrapper's body, or a computed property's (`{ Self(rawValue: SO_SNDBUF) }`)
            to_read.append(symbol)

    def holds_its_c_namesake(symbol: Symbol, text: bytes) -> bool:
        body = text[symbol.span.start_byte : symbol.span.end_byte]
        name = re.escape(symbol.name.encode())
        if re.search(rb"(?<![\w.])%s\b" % name.upper(), body):
            return True
        return any(
            m.group(1).decode() not in own for m in re.finditer(_C_CALL.pattern % name, body)
        )

    return found | _shown_in_text(to_read, read, holds_its_c_namesake)


def _fields_of_marked(
    extract: FileExtract, refs: Sequence[Reference], marks: frozenset[str]
) -> set[str]:
    """The instance fields of the file's types that an attribute of `marks` stands on: a
    type serialized by its fields' names (`[Serializable] public class TestClass { private
    string _Name; }`: a formatter writes each by its name, which a rename would cut off from
    what was stored), or laid out as a C struct (pythonnet's `[StructLayout] struct
    PyMethodDef { public IntPtr ml_name; }`, CPython's names)."""
    lines = frozenset(r.span.start_line for r in refs if r.name in marks)
    if not lines:
        return set()
    types = {
        qualified(s)
        for s in extract.symbols
        if s.kind in ("class", "struct", "record") and _marked(s, lines)
    }
    return {
        qualified(s)
        for s in extract.symbols
        if s.kind == "field" and s.scope in types and "static" not in modifiers(s)
    }


# A type argument of a call (`<B2Authorization>(`, `<List<Device>>(`), as far as its `>(`.
_TYPE_ARGUMENT = rb"\s*<(?P<types>[\w.<>\[\], ?]*?)>\s*\("
_TYPE_WORD = re.compile(r"[A-Za-z_]\w*")
_TYPES = frozenset({"class", "struct", "record"})


def _deserialized(
    extract: FileExtract, refs: Sequence[Reference], read: Callable[[], bytes | None] | None
) -> set[str]:
    """The instance members of the types the file reads from JSON by their members' names
    (`LanguageFacts.json_readers`, a type argument naming the type:
    `JsonConvert.DeserializeObject<B2Authorization>(body)`, or a generic method of the file
    that calls one: MediaFire's `DeserializeResponse<GetSessionTokenResponse>`), of their
    bases the file defines, and of the file's types those members hold
    (`B2Authorization.allowed`, a `B2Allowed`). Seen in the file's text, read only for a
    file that calls a JSON reader."""
    readers = language_facts(extract.language).json_readers
    called = {r.name for r in refs} & {reader.rpartition(".")[2] for reader in readers}
    types = {s.name: qualified(s) for s in extract.symbols if s.kind in _TYPES}
    text = read() if called and types and read is not None else None
    if text is None:
        return set()
    direct = "|".join(re.escape(r) for r in readers if r.rpartition(".")[2] in called)
    calls = re.compile(rb"(?<![\w])(?:" + direct.encode() + rb")" + _TYPE_ARGUMENT)
    # The file's generic methods that call a reader, with a type argument or not (MediaFire's
    # `DeserializeObject(s, refObj.GetType())`): called with a type argument in turn.
    calling = re.compile(rb"(?<![\w])(?:" + direct.encode() + rb")\s*[<(]")
    wrappers = [
        s.name
        for s in extract.symbols
        if s.kind == "method"
        and "<" in (s.signature or "")
        and calling.search(text, s.span.start_byte, s.span.end_byte)
    ]
    if wrappers:
        names = "|".join(map(re.escape, wrappers))
        calls = re.compile(
            rb"(?<![\w])(?:" + direct.encode() + rb"|" + names.encode() + rb")" + _TYPE_ARGUMENT
        )
    read_types = {
        types[word]
        for match in calls.finditer(text)
        for word in _TYPE_WORD.findall(match["types"].decode("utf-8", "replace"))
        if word in types
    }
    heads = {qualified(s): s.signature or "" for s in extract.symbols if s.kind in _TYPES}
    members: dict[str, list[Symbol]] = defaultdict(list)
    for s in extract.symbols:
        if s.kind in ("property", "field") and "static" not in modifiers(s):
            members[s.scope].append(s)
    reached: set[str] = set()
    while read_types:
        kind = read_types.pop()
        reached.add(kind)
        # Its bases (`class GetSessionTokenResponse : MFResponse`) and its members' types.
        held = _TYPE_WORD.findall(heads[kind].partition(":")[2])
        for member in members.get(kind, ()):
            held += _TYPE_WORD.findall((member.signature or "").split("{")[0])
        read_types |= {types[w] for w in held if w in types} - reached
    return {qualified(m) for kind in reached for m in members.get(kind, ())}


def _bound_outside(language: str, symbols: Sequence[Symbol]) -> set[str]:
    """The definitions a modifier of `LanguageFacts.binding_modifiers` declares defined
    outside the language (Kotlin's `open external class Database`, `external fun
    initSqlJs`), and every member under them: the binding spells each name as the other
    side defines it (sql.js's `create_function`, its module's `Database` constructor)."""
    words = language_facts(language).binding_modifiers
    if not words:
        return set()
    roots = {qualified(s) for s in symbols if words & modifiers(s)}
    return {
        qualified(s)
        for s in symbols
        if qualified(s) in roots or any(s.scope == r or s.scope.startswith(r + ".") for r in roots)
    }


def modifiers(symbol: Symbol) -> set[str]:
    """The words its signature writes before a member's name (`internal`, `static`, its type)."""
    return set((symbol.signature or "").partition(symbol.name)[0].split())


def _dll_imported(symbols: Sequence[Symbol]) -> set[str]:
    """C and C++ functions declared `__declspec(dllimport)`: a DLL defines them, and the
    declaration must spell them as it does (`IsDebuggerPresent`, `OutputDebugStringA`)."""
    return {
        qualified(s)
        for s in symbols
        if s.kind == "function" and "__declspec(dllimport)" in (s.signature or "")
    }


def _windows_declared(symbols: Sequence[Symbol]) -> set[str]:
    """Structs named in capitals as Windows names its types (`typedef struct _X {...} X,
    *PX;`, `} SYSTEM_PERFORMANCE_INFORMATION;`), or whose comment names them so ("Emulation
    of Windows IO_STATUS_BLOCK structure" above `struct io_status_block`), and the members
    inside them: a copy of a Windows definition, spelt as Microsoft spells it. A C
    project's own structs are named in lower case (`struct kinfo`, `GObject`)."""
    declared = [
        s
        for s in symbols
        if s.kind in ("struct", "type")
        and (
            naming_style(s.name.lstrip("_")) in (UPPER_SNAKE, UPPER_WORD)
            or re.search(rf"\b{re.escape(s.name.upper())}\b", s.docstring or "")
        )
    ]
    if not declared:
        return set()
    found = {qualified(s) for s in declared}
    for symbol in symbols:
        start = symbol.name_span.start_byte
        if symbol.kind == "field" and any(
            d.span.start_byte <= start < d.span.end_byte for d in declared
        ):
            found.add(qualified(symbol))
    return found


def _public(extract: FileExtract) -> set[str]:
    """A module's public API, which users import by those names, so renaming them breaks
    users. Python: the names it lists in `__all__` (extraction marks them exported), and
    the top-level classes and functions a package's `__init__.py` defines without a leading
    underscore (`pyparsing.version_info`), the package's face. Where a word makes a
    definition visible outside its library (Swift's `public`, C#'s `public`), the
    definitions it exports, inside types it exports too (a `public` member of an
    `internal` class is not the library's API)."""
    facts = language_facts(extract.language)
    if facts.exports_library_api:
        return _library_api(extract.symbols)
    if facts.internal_namespace is not None:
        return _header_api(extract, facts.internal_namespace)
    if extract.language != "python":
        return set()
    found: set[str] = set()
    top = [s for s in extract.symbols if not s.scope]
    if any(s.name == "__all__" for s in top):
        found.update(s.name for s in top if s.exported)
    if file_name(extract.path) == "__init__.py" and importable_module(extract.path):
        found.update(_public_definitions(top))
    return found


def _public_definitions(top: Iterable[Symbol]) -> set[str]:
    return {s.name for s in top if s.kind in ("class", "function") and not s.name.startswith("_")}


def _module_api(extract: FileExtract) -> set[str]:
    """The top-level classes and functions without a leading underscore of a public module:
    importable by those names whatever `__all__` says (it only governs `import *`). They
    are documented API where the package publishes a reference of every module
    (`PackageFacts.api_reference`) and the module is in a regular package."""
    if extract.language != "python" or not importable_module(extract.path):
        return set()
    return _public_definitions(s for s in extract.symbols if not s.scope)


def _owned(classes: dict[str, Symbol]) -> set[str]:
    """Classes named after another class of the same file and their part in it, joined by
    an underscore: `_SRVConnector_ClientFactoryWrapper` beside `SRVConnector`, the helper
    written in its owner's namespace as Python writes a mangled private name
    (`_SRVConnector__factory`). Both halves are PascalCase, and the owner is defined here."""
    names = {cls.name.lstrip("_") for cls in classes.values()}
    found: set[str] = set()
    for name, cls in classes.items():
        owner, underscore, part = cls.name.lstrip("_").partition("_")
        if not underscore or owner not in names:
            continue
        if naming_style(owner) in (PASCAL, UPPER_WORD) and naming_style(part) == PASCAL:
            found.add(name)
    return found


_HEADER_SUFFIXES = (".h", ".hh", ".hpp", ".hxx", ".h++", ".ipp", ".tpp")


def _header_api(extract: FileExtract, internal: re.Pattern[str]) -> set[str]:
    """A C++ header that keeps some definitions in an internal namespace (`detail`)
    declares the others, those it exports, its library's public API (CLI11's
    `CLI::TriggerOn` beside `CLI::detail::checkParentSegments`)."""
    if not extract.path.endswith(_HEADER_SUFFIXES):
        return set()
    inside = {
        qualified(s)
        for s in extract.symbols
        if s.scope and any(internal.match(part) for part in s.scope.split("."))
    }
    if not inside:
        return set()
    return {name for name in _library_api(extract.symbols) if name not in inside}


def _library_api(symbols: Sequence[Symbol]) -> set[str]:
    """Exported definitions whose enclosing types of the same file are all exported (a type
    the file only extends, a Swift `extension`, counts as exported)."""
    hidden = {qualified(s) for s in symbols if not s.exported}
    found: set[str] = set()
    for symbol in symbols:
        if not symbol.exported:
            continue
        parts = symbol.scope.split(".") if symbol.scope else []
        outer = {".".join(parts[: n + 1]) for n in range(len(parts))}
        if not outer & hidden:
            found.add(qualified(symbol))
    return found


# A doc comment that says its definition is deprecated: JSDoc's and PHPDoc's `@deprecated`,
# Go's `Deprecated:` paragraph, Sphinx's `.. deprecated::`, or a first word "Deprecated".
_DEPRECATED_DOC = re.compile(
    r"^\W{0,3}(?:@deprecated\b|\.\.\s+deprecated::|deprecated\b)", re.I | re.M
)


def _deprecated(extract: FileExtract, refs: Sequence[Reference]) -> set[str]:
    """Definitions marked deprecated: by their doc comment, or by one of the language's
    deprecation attributes on them (`@Deprecated`, `[Obsolete]`, `@available(*,
    deprecated)`). They keep an old name on purpose, for the code that still uses it."""
    marks = language_facts(extract.language).deprecation_marks
    marking = [r for r in refs if r.name in marks]
    return {
        qualified(s)
        for s in extract.symbols
        if (s.docstring and _DEPRECATED_DOC.search(s.docstring))
        or (marking and _marks_before(marking, s, marks))
    }


def _renders_components(extract: FileExtract) -> bool:
    """A `.jsx`/`.tsx` file, or a script that imports a component library (JSX in `.js`)."""
    if not is_js(extract.language):
        return False
    if extract.path.endswith((".jsx", ".tsx")):
        return True
    return any(imp.module.startswith(_COMPONENT_LIBRARIES) for imp in extract.imports)


# Jetpack Compose and Compose Multiplatform: their API guidelines name deeply immutable
# constants like object declarations, in PascalCase, in place of Kotlin's CAPITALS
# (`val OutlinedButtonBorderWidth = 1.dp` in a `NiaButtonDefaults` object).
_COMPOSE_MODULES = ("androidx.compose.", "org.jetbrains.compose.")
_KOTLIN_OBJECT = re.compile(r"^(?:[\w@]+\s+)*(?:companion\s+)?object\b")
_KOTLIN_VAL = re.compile(r"^(?:[\w@]+\s+)*val\b")


# A C++ class header's bases: what follows the `:` after its name (`struct A final : B`).
_CPP_BASES = re.compile(r"\b(?:struct|class)\s+\w+\s*(?:final\s*)?:(?!:)(.*)$", re.DOTALL)
_ACCESS_WORDS = re.compile(r"\b(?:public|protected|private|virtual)\b")
_SUITE_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9]*$")


def _cpp_bases(signature: str) -> list[str]:
    """The bases a C++ class header names, without template arguments (`::testing::Test`)."""
    match = _CPP_BASES.search(signature)
    if match is None:
        return []
    text = match.group(1).split("{", 1)[0]
    while (unbracketed := _BRACKETED.sub("", text)) != text:
        text = unbracketed
    return [b for b in (_ACCESS_WORDS.sub("", part).strip() for part in text.split(",")) if b]


def _fixtures(extract: FileExtract) -> set[str]:
    """The file's test fixtures (`LanguageFacts.fixture_bases`): classes deriving from the
    framework's fixture classes, or from a fixture of the file, whose names have no
    underscore, as suite names must not."""
    framework = language_facts(extract.language).fixture_bases
    if framework is None:
        return set()
    classes = [s for s in extract.symbols if s.kind in ("class", "struct") and s.signature]
    bases = {qualified(s): _cpp_bases(s.signature or "") for s in classes}
    found = {name for name, names in bases.items() if any(framework.match(b) for b in names)}
    while True:
        own = {name.rpartition(".")[2] for name in found}
        more = {n for n, names in bases.items() if n not in found and set(names) & own}
        if not more:
            break
        found |= more
    return {name for name in found if _SUITE_NAME.match(name.rpartition(".")[2])}


def _compose_constants(extract: FileExtract) -> set[str]:
    """The PascalCase `val`s at the top of a Kotlin file that uses Compose, or in one of its
    objects: constants as Compose's guidelines name them. Not a `var`, nor a class's own."""
    if extract.language != "kotlin" or not any(
        imp.module.startswith(_COMPOSE_MODULES) for imp in extract.imports
    ):
        return set()
    objects = {
        qualified(s)
        for s in extract.symbols
        if s.kind == "class" and _KOTLIN_OBJECT.match(s.signature or "")
    }
    return {
        qualified(s)
        for s in extract.symbols
        if s.kind in ("property", "variable", "constant")
        and (not s.scope or s.scope in objects)
        and naming_style(s.name) == PASCAL
        and _KOTLIN_VAL.match(s.signature or "")
    }


# A family of names behind one lower-case prefix, each a camelCase name: Hyprland's 68 Lua
# dispatchers `dsp_alterZOrder`, `dsp_focusMonitor`, among which `dsp_exit` is `dsp_` and
# the one word `exit`, not snake_case.
_PREFIXED_CAMEL = re.compile(r"([a-z][a-z0-9]*_)[a-z][a-z0-9]*[A-Z][A-Za-z0-9]*")
_PREFIXED_WORD = re.compile(r"([a-z][a-z0-9]*_)[a-z][a-z0-9]*")


def _family_prefixes(symbols: Sequence[Symbol]) -> set[str]:
    """The prefixes two or more camelCase names behind a prefix share in one file."""
    seen: dict[str, int] = defaultdict(int)
    for symbol in symbols:
        match = _PREFIXED_CAMEL.fullmatch(symbol.name)
        if match is not None:
            seen[match.group(1)] += 1
    return {prefix for prefix, count in seen.items() if count >= 2}


def in_prefixed_family(symbol: Symbol, facts: FileFacts) -> bool:
    """A name of one word behind a prefix that a family of camelCase names of its file
    carries (`dsp_exit` beside `dsp_alterZOrder`): one of that family, not snake_case."""
    match = _PREFIXED_WORD.fullmatch(symbol.name)
    return match is not None and match.group(1) in facts.family_prefixes


def is_component(symbol: Symbol, facts: FileFacts) -> bool:
    """A capitalised function that renders: in a file of a component library, or typed as
    returning an element."""
    if symbol.kind not in ("function", "constant", "variable") or symbol.scope:
        return False
    if naming_style(symbol.name) != PASCAL:
        return False
    return facts.components or bool(_ELEMENT_TYPES.search(symbol.signature or ""))


# What Kotlin's `@Suppress` names to accept a name: IntelliJ's naming inspections
# (`FunctionName`, `PropertyName`, `LocalVariableName`), detekt's naming rules
# (`Detekt.ClassNaming`, `MatchingDeclarationName`), ktlint's
# (`ktlint:standard:function-naming`). Not the compiler's `NAME_SHADOWING`, nor
# IntelliJ's `RemoveRedundantQualifierName`, which are about other things.
_KOTLIN_NAMING_WARNING = re.compile(
    r'^"(?:(?:Function|Class|Property|LocalVariable|ObjectProperty|PrivateProperty|EnumEntry'
    r"|ConstProperty|TestFunction|Package|MatchingDeclaration)Name"
    r'|(?:[Dd]etekt[.:])?\w*Naming|ktlint:(?:standard:)?[\w-]*naming)"$'
)
# What C#'s `[SuppressMessage(category, checkId)]` names to accept a name: the analyzers'
# naming rules, as a `#pragma warning disable` names them (`conventions/checks.py`).
_CSHARP_NAMING_WARNING = re.compile(rf'^"(?:{CSHARP_NAMING_RULES})\b')
_NAMED_SUPPRESSIONS = {
    "java": _JAVA_NAMING_WARNING,
    "kotlin": _KOTLIN_NAMING_WARNING,
    "csharp": _CSHARP_NAMING_WARNING,
}


def _accepted_lines(extract: FileExtract, refs: Sequence[Reference]) -> set[int]:
    """Lines where Rust's `#[allow(non_snake_case)]`, Java's
    `@SuppressWarnings("MemberName")`, Kotlin's `@Suppress("FunctionName")` or C#'s
    `[SuppressMessage("Style", "IDE1006:Naming Styles")]` (read as references to the lint)
    accepts the definition below it."""
    lines: set[int] = set()
    named = _NAMED_SUPPRESSIONS.get(extract.language)
    for ref in refs:
        if ref.name in _RUST_NAMING_LINTS or (named is not None and named.search(ref.name)):
            lines.add(ref.span.start_line)
    return lines


def _accepts_all(extract: FileExtract, lines: set[int]) -> bool:
    """Whether a suppression stands before the file's first import and definition: Kotlin's
    `@file:Suppress("FunctionName")`, which accepts every name of the file."""
    if extract.language != "kotlin" or not lines:
        return False
    starts = [s.span.start_line for s in extract.symbols]
    starts += [i.span.start_line for i in extract.imports]
    return min(lines) < min(starts, default=0)


def is_quoted(name: str) -> bool:
    """A reference named by a string literal (`"do_"`, `f"handle_{x}"`), as extraction keeps
    those of `getattr`, `globals()[...]`, class bodies and `@SuppressWarnings`. No
    identifier holds a quote, and a literal's opens within its first three characters."""
    head = name[:3]
    return '"' in head or "'" in head


def is_fact_reference(name: str) -> bool:
    """The references `file_facts` reads."""
    return name in FACT_REFERENCES or is_quoted(name)


def _literal(name: str) -> str:
    """The text between a literal's quotes, without its prefix (`f"x"`, `:"x"`)."""
    match = _QUOTED.match(name)
    return match.group(1) if match is not None else name


_QUOTED = re.compile(r"[^\"']{0,2}[\"'](.*)[\"']$", re.DOTALL)
# Where a string takes a value in: `%s`, `%(name)s`, `{}` and `{name}` (Python), `#{name}`
# (Ruby), `${name}`, `{$name}` and `$name` (PHP), `\(name)` (Swift).
_PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[sdr]|[#$]?\{[^{}]*\}|\$\w+|\\\([^()]*\)")


def _lookup_pattern(literal: str) -> str | None:
    """The pattern of the names a lookup by `literal` reaches: `"do_" + verb` -> `do_\\w*`,
    `"_%s_Function" % name` -> `_\\w+_Function\\w*`; None when the literal is too short to
    say much, or not the makings of a name."""
    parts = _PLACEHOLDER.split(literal)
    if sum(map(len, parts)) < 3 or not all(re.fullmatch(r"\w*", p) for p in parts):
        return None
    return r"\w+".join(parts) + r"\w*"


def _lookups(references: Sequence[Reference]) -> tuple[re.Pattern[str], ...]:
    """Patterns of the names a file looks up by strings (`_lookup_pattern`)."""
    literals = {_literal(r.name) for r in references if is_quoted(r.name)}
    patterns = {p for p in map(_lookup_pattern, literals) if p is not None}
    return tuple(re.compile(p) for p in sorted(patterns))


def built_lookups(extract: FileExtract) -> set[str]:
    """Patterns of the names a file looks up by a string it builds with a value put in
    (`const_get("XmlMini_#{name}")`, `globals()["_%s_Function" % name]`): such a lookup
    may reach definitions of any file (activesupport's `XmlMini_Nokogiri`, found by the
    backend's name in `xml_mini.rb`). A whole literal (`getattr(x, "name")`) or a prefix
    joined in code (`"do_" + verb`) stays a lookup of its own file's names."""
    found: set[str] = set()
    for ref in references_where(extract.references, is_quoted):
        literal = _literal(ref.name)
        if _PLACEHOLDER.search(literal) and (pattern := _lookup_pattern(literal)):
            found.add(pattern)
    return found


# A string literal in a value: what follows a definition's `=`.
_STRING_LITERAL = re.compile(r"\"([^\"\n]*)\"|'([^'\n]*)'")
# The separators of a qualified name: a path, a package, a namespace.
_QUALIFIED = re.compile(r"[/.:#$\\]")
_VALUE_KINDS = frozenset({"property", "constant", "variable", "field"})


def _quoted(symbols: Sequence[Symbol]) -> set[str]:
    """Values named after the last part of a qualified name that a string of their value
    gives: detekt's `val Flow: ClassId = ClassId.fromString("kotlinx/coroutines/flow/Flow")`,
    named as the class it identifies. A plain key (`getString("user_name")`) is no qualified
    name: a value named like it is still the project's to name."""
    found: set[str] = set()
    for symbol in symbols:
        if symbol.kind not in _VALUE_KINDS or "=" not in (symbol.signature or ""):
            continue
        value = (symbol.signature or "").split("=", 1)[1]
        for literal in _STRING_LITERAL.finditer(value):
            text = literal.group(1) if literal.group(1) is not None else literal.group(2)
            parts = _QUALIFIED.split(text)
            if len(parts) > 1 and parts[-1] == symbol.name:
                found.add(qualified(symbol))
                break
    return found


def _brands(classes: dict[str, Symbol], refs: Sequence[Reference]) -> set[str]:
    quoted = [r for r in refs if is_quoted(r.name)]
    found: set[str] = set()
    for name, cls in classes.items():
        start, end = cls.span.start_byte, cls.span.end_byte
        if any(start <= r.span.start_byte < end and _literal(r.name) == cls.name for r in quoted):
            found.add(name)
    return found


# A list in braces inside a name, as prose and shells abbreviate several names at once:
# `Decimal.is_{qnan,snan,signed}`.
_BRACES = re.compile(r"([\w.]*)\{(\w+(?:\s*,\s*\w+)+)\}(\w*)")


def _spelt_out(text: str) -> str:
    """`text` with each brace list written out: `Decimal.is_{qnan,snan}()` ->
    `Decimal.is_qnan Decimal.is_snan()`."""
    return _BRACES.sub(
        lambda m: " ".join(m[1] + item.strip() + m[3] for item in m[2].split(",")), text
    )


def _names_by_path(text: str, name: str, owner: str = "", module: bool = True) -> bool:
    """Whether `text` names `name` by a dotted path: a module's (`twisted.web.client.getPage`)
    or, with `module` False, also a class's (`Decimal.is_qnan`), but not as an attribute of
    an object (`self.getPage`) or of `owner`, the class defining it; or by a namespace's
    path (`std::is_enum`), other than `owner`'s."""
    if f"::{name}" in text:
        other = rf"(?!{re.escape(owner)}::)" if owner else ""
        if re.search(rf"\b{other}\w+::(?:\w+::)*{re.escape(name)}\b", text):
            return True
    if f".{name}" not in text:
        return False
    avoid = "|".join(re.escape(f"{word}.") for word in ("self", "cls", "this", owner) if word)
    repeat = "+" if module else "*"
    path = rf"\b(?!{avoid})\w+(\.\w+){repeat}\.{re.escape(name)}\b"
    return re.search(path, text) is not None


# A macro standing for the standard library's namespace: `#define ROBIN_HOOD_STD_COMP std`.
_STD_ALIAS = re.compile(r"#\s*define\s+(?P<name>\w+)\s+(?:::)?std\s*$")


def _backports(symbols: Sequence[Symbol]) -> set[str]:
    """The definitions at the top of a C++ namespace named by a macro the file also defines
    as `std`: a backport of the standard library, used as it where the compiler has it
    (robin-hood-hashing's C++11 `integer_sequence` in `namespace ROBIN_HOOD_STD_COMP`,
    which is `std` from C++14), so named as the standard names it."""
    aliases = {
        found["name"]
        for s in symbols
        if s.kind == "macro" and (found := _STD_ALIAS.match(s.signature or "")) is not None
    }
    if not aliases:
        return set()
    spaces = {qualified(s) for s in symbols if s.kind == "module" and s.name in aliases}
    return {qualified(s) for s in symbols if s.scope in spaces and s.kind != "module"}


def _mirrors(extract: FileExtract) -> set[str]:
    """Definitions named after the API they stand in for, as their docstring or a comment
    before them says by its dotted path: `def getPage(...)` "Adapted version of
    twisted.web.client.getPage"; `def is_qnan(...)` after "# Decimal.is_{qnan,snan}() are
    new in 2.6". A comment counts for the definitions after it in the same body (the same
    function or class), or, at a module's top level, for the one right below it. In C++,
    also a backport of the standard library's names (`_backports`)."""
    symbols = extract.symbols
    found = {qualified(s) for s in symbols if s.docstring and _names_by_path(s.docstring, s.name)}
    if extract.language == "cpp":
        found |= _backports(symbols)
    comments = [(c.span, _spelt_out(c.text)) for c in extract.comments if "." in c.text]
    if not comments:
        return found
    bodies = {qualified(s): s.span for s in symbols}
    comments.sort(key=lambda c: c[0].start_byte)
    starts = [span.start_byte for span, _ in comments]
    ending: dict[int, list[str]] = defaultdict(list)  # a comment's last line: its texts
    for span, text in comments:
        ending[span.end_line].append(text)
    for symbol in symbols:
        start = symbol.span.start_line
        body = bodies.get(symbol.scope) if symbol.scope else None
        if body is None:  # at the top level, the comment right above it
            texts = ending.get(start - 1, [])
        else:  # in its body, any comment before it (the spans sorted by where they start)
            first = bisect_left(starts, body.start_byte)
            last = bisect_left(starts, symbol.span.start_byte)
            texts = [t for span, t in comments[first:last] if span.end_line < start]
        owner = symbol.scope.rpartition(".")[2]
        if any(_names_by_path(text, symbol.name, owner, module=False) for text in texts):
            found.add(qualified(symbol))
    return found


def _shown_in_text(
    candidates: Sequence[Symbol],
    read: Callable[[], bytes | None] | None,
    shows: Callable[[Symbol, bytes], bool],
) -> set[str]:
    """The candidates whose file's text (`read()`, read only when there is a candidate)
    `shows` to be what they are taken for."""
    text = read() if candidates and read is not None else None
    if text is None:
        return set()
    return {qualified(s) for s in candidates if shows(s, text)}


def _patched_in(extract: FileExtract, read: Callable[[], bytes | None] | None) -> set[str]:
    """Functions defined inside a function and bound to an attribute of their own name
    (`pdb.Pdb.do_stop = do_stop`, `client.auth_password = auth_password`): they replace
    what an object looks up by that name, so the name is the object's. Seen in the file's
    text (`read()`), read only for a file with such a nested function."""
    nested = [s for s in extract.symbols if s.kind == "function" and s.scope]

    def bound(symbol: Symbol, text: bytes) -> bool:
        name = re.escape(symbol.name.encode())
        return re.search(rb"\.%s\s*=\s*%s\b" % (name, name), text) is not None

    return _shown_in_text(nested, read, bound)


def _wrappers(extract: FileExtract, read: Callable[[], bytes | None] | None) -> set[str]:
    """Functions named after the function they wrap: a name that is, after its leading
    underscores, a function its own body calls plainly and the file does not define
    (`__GetExtendedTcpTable` retrying Win32's `GetExtendedTcpTable`), in another style
    than the language's; in a language whose methods call functions plainly
    (`methods_call_functions_plainly`), a method under the very name (symfony/yaml's
    `Parser::preg_match` calling PHP's `preg_match`). A helper around the file's own
    function (`_getPage` calling `getPage` above it) is named as the project chose. Seen
    in the file's text (`read()`), read only for a file with such a name."""
    facts = language_facts(extract.language)
    idiom = facts.idiomatic("function") or facts.idiomatic("method")
    own = {s.name for s in extract.symbols}
    functions = {s.name for s in extract.symbols if s.kind == "function"}

    def named_as_another(symbol: Symbol) -> bool:
        if symbol.name.startswith("_"):
            return symbol.name.lstrip("_") not in own
        return (
            facts.methods_call_functions_plainly
            and symbol.kind == "method"
            and symbol.name not in functions
        )

    candidates = [
        s
        for s in extract.symbols
        if s.kind in ("function", "method")
        and naming_style(s.name) not in (*_NEUTRAL, idiom)
        and named_as_another(s)
    ]

    def calls_its_namesake(symbol: Symbol, text: bytes) -> bool:
        core = re.escape(symbol.name.lstrip("_").encode())
        # After the definition's own name, which is no call.
        start = max(symbol.name_span.end_byte, symbol.span.start_byte)
        body = text[start : symbol.span.end_byte]
        return bool(core) and re.search(rb"(?<![\w.>:$])%s\s*\(" % core, body) is not None

    return _shown_in_text(candidates, read, calls_its_namesake)


# A name a condition tests as not defined: `!defined(NAME)`, `! defined NAME`, `#ifndef NAME`.
_TESTED_MISSING = re.compile(rb"!\s*defined\s*\(?\s*(\w+)|#\s*ifndef\s+(\w+)")


def _fallback_macros(extract: FileExtract, read: Callable[[], bytes | None] | None) -> set[str]:
    """Macros in other than capitals that the file defines only where that name is not
    defined yet (`#if !defined(Protocol)` then `#define Protocol cpp_Protocol`; `#ifndef
    strlcpy`): a stand-in under a name the platform or another library gives. Seen in the
    file's text (`read()`), read only for a file with such a macro."""
    candidates = [
        s
        for s in extract.symbols
        if s.kind == "macro" and naming_style(s.name) not in (UPPER_SNAKE, UPPER_WORD)
    ]
    text = read() if candidates and read is not None else None
    if text is None:
        return set()
    # One pass over the text for every name it tests as missing: a file of thousands of
    # macros (mongoose's amalgamated `mongoose.c`) is read once, not once a macro.
    missing = {
        (m.group(1) or m.group(2)).decode("utf-8", "replace")
        for m in _TESTED_MISSING.finditer(text)
    }
    return {qualified(s) for s in candidates if s.name in missing}


# A line of the preprocessor opening, switching or closing a conditional.
_CONDITIONAL = re.compile(rb"^[ \t]*#[ \t]*(ifndef|ifdef|if|elif|else|endif)\b([^\n]*)", re.M)
# A condition on one macro alone: `M`, `defined(M)`, `!M`, `!defined M`.
_ONE_MACRO = re.compile(rb"(!?)\s*(?:defined\s*\(\s*(\w+)\s*\)|defined\s+(\w+)|(\w+))")
_CONDITION_END = re.compile(rb"/[/*].*")


def _missing_regions(text: bytes) -> list[tuple[int, int, bytes]]:
    """The byte ranges of C or C++ `text` compiled only where a macro is not defined, with
    that macro: `#ifndef M`, `#if !defined(M)` or `#if !M` up to its `#else`, `#elif` or
    `#endif`, and the `#else` of `#ifdef M` or `#if defined(M)`. A condition on more than
    one macro, or an `#elif`'s, is none."""
    regions: list[tuple[int, int, bytes]] = []
    # A conditional's macro (empty for another condition), whether the branch now read is
    # compiled where the macro is not defined, and where that branch started.
    stack: list[tuple[bytes, bool, int]] = []
    for line in _CONDITIONAL.finditer(text):
        word = line.group(1)
        if word in (b"if", b"ifdef", b"ifndef"):
            condition = _CONDITION_END.sub(b"", line.group(2)).strip()
            one = _ONE_MACRO.fullmatch(condition)
            macro = next((g for g in one.groups()[1:] if g), b"") if one else b""
            if word == b"if" and one and not (one.group(2) or one.group(3)) and macro.isdigit():
                macro = b""  # `#if 0`
            negated = word == b"ifndef" or (word == b"if" and one is not None and one.group(1))
            stack.append((macro, bool(macro) and bool(negated), line.end()))
            continue
        if not stack:
            continue
        macro, missing, start = stack[-1]
        if missing:
            regions.append((start, line.start(), macro))
        if word == b"endif":
            stack.pop()
        elif word == b"else":
            stack[-1] = (macro, bool(macro) and not missing, line.end())
        else:  # `#elif`: a condition of its own, not read
            stack[-1] = (b"", False, line.end())
    return regions


def _stand_ins(extract: FileExtract, read: Callable[[], bytes | None] | None) -> set[str]:
    """C and C++ functions the file defines only where a macro is not defined (`#ifndef
    HAVE_NPCAP_PACKET_API`, `#ifndef _WIN32`) and calls where it may be: there the name
    comes from elsewhere, a platform or a library, and this definition stands in for it
    under its name (libpcap's `PacketSetMonitorMode`, a stub of Npcap's). Seen in the
    file's text (`read()`), read only for a file with a conditional."""
    if extract.language not in ("c", "cpp"):  # the languages with a preprocessor
        return set()
    functions = [s for s in extract.symbols if s.kind == "function" and not s.scope]
    text = read() if functions and read is not None else None
    if text is None or b"#" not in text:
        return set()
    regions = _missing_regions(text)
    if not regions:
        return set()
    # Each macro's regions, sorted by where they start (they nest, never overlap otherwise).
    spans: defaultdict[bytes, list[tuple[int, int]]] = defaultdict(list)
    for start, end, macro in regions:
        spans[macro].append((start, end))
    for listed in spans.values():
        listed.sort()

    def within(at: int, macro: bytes) -> bool:
        listed = spans[macro]
        i = bisect_right(listed, (at, len(text) + 1))
        return any(start <= at < end for start, end in listed[:i])

    by_name: defaultdict[str, list[Symbol]] = defaultdict(list)
    for symbol in functions:
        by_name[symbol.name].append(symbol)
    found: set[str] = set()
    for symbol in functions:
        at = symbol.span.start_byte
        for macro in {m for m, listed in spans.items() if within(at, m)}:
            others = [s for s in by_name[symbol.name] if s is not symbol]
            if any(not within(s.span.start_byte, macro) for s in others):
                continue  # defined either way: the project's own
            if any(not within(call, macro) for call in _calls(text, symbol.name.encode())):
                found.add(qualified(symbol))
                break
    return found


_CALL_AFTER = re.compile(rb"\s*\(")


def _calls(text: bytes, name: bytes) -> Iterator[int]:
    """Where `text` calls `name` plainly (`name(`, not `x.name(` nor `other_name(`): found
    with `bytes.find`, far faster on a large file than a pattern with a look-behind."""
    at = text.find(name)
    while at >= 0:
        before = text[at - 1 : at]
        end = at + len(name)
        plain = not before or not (before.isalnum() or before in b"_.>:")
        if plain and _CALL_AFTER.match(text, end):
            yield at
        at = text.find(name, at + 1)


# A C API's prefix: `cJSON_` of `cJSON_Parse`, `luaL_` of `luaL_checkint`.
_API_PREFIX = re.compile(r"^[A-Za-z][A-Za-z0-9]*_(?=[A-Za-z0-9])")
# A macro with parameters: `#define NAME(`, no space before the parenthesis.
_WITH_PARAMETERS = re.compile(r"^#\s*define\s+\w+\(")


def has_parameters(macro: Symbol) -> bool:
    """Whether a C or C++ macro takes parameters (`#define MIN(a, b) ...`)."""
    return _WITH_PARAMETERS.match(macro.signature or "") is not None


def _api_macros(extract: FileExtract) -> set[str]:
    """Macros with parameters that stand in for functions of an API the file declares,
    named as those functions are: `#define cJSON_SetIntValue(object, number) ...` beside
    `cJSON_Parse`, a function of the same prefix (`cJSON_`) and style. Capitals are the
    name of a constant or a guard; a call is named like the calls beside it."""
    if extract.language not in ("c", "cpp"):  # the languages with macros
        return set()
    styles: defaultdict[str, set[str]] = defaultdict(set)
    for symbol in extract.symbols:
        if symbol.kind == "function" and (prefix := _API_PREFIX.match(symbol.name)):
            styles[prefix.group()].add(naming_style(symbol.name))
    found: set[str] = set()
    for symbol in extract.symbols:
        prefix = _API_PREFIX.match(symbol.name) if symbol.kind == "macro" else None
        if (
            prefix is not None
            and has_parameters(symbol)
            and naming_style(symbol.name) in styles.get(prefix.group(), ())
            and naming_style(symbol.name) not in (UPPER_SNAKE, UPPER_WORD)
        ):
            found.add(qualified(symbol))
    return found


# A name and a suffix of one or two letters after an underscore (`_n`); not digits, which
# make a sibling (micro-ecc's `uECC_x86_64` beside `uECC_x86`).
_COMPANION = re.compile(r"(?P<base>\w+?)_[a-z]{1,2}")


def _companion_macros(extract: FileExtract) -> set[str]:
    """Macros without parameters named as a function or a macro the file defines, with a
    short suffix, in its style: nginx's `#define ngx_open_file_n "open()"` beside its
    `ngx_open_file(...)`, the name of the call for its error messages, 92 such among its
    capitals. Capitals are a constant's name whatever they follow."""
    if extract.language not in ("c", "cpp"):
        return set()
    styles = {s.name: naming_style(s.name) for s in extract.symbols if s.kind in _CALLABLE}
    found: set[str] = set()
    for symbol in extract.symbols:
        if symbol.kind != "macro" or has_parameters(symbol):
            continue
        companion = _COMPANION.fullmatch(symbol.name)
        style = naming_style(symbol.name)
        if (
            companion is not None
            and styles.get(companion["base"]) == style
            and style not in (UPPER_SNAKE, UPPER_WORD)
        ):
            found.add(qualified(symbol))
    return found


_CALLABLE = frozenset({"function", "macro"})


# One letter, then the rest of the name (`C_formatter`, `YFormatter`).
_LETTERED = re.compile(r"([A-Za-z])(_[A-Za-z0-9]\w*|[A-Z0-9]\w*)")


def _lettered(symbols: Sequence[Symbol]) -> set[str]:
    """Families of definitions of one scope and kind named by a letter and a shared rest
    (`c_formatter`, `C_formatter`, `Y_formatter`), where some letter is there in both
    cases: the letter stands for something outside the code (a format flag, an option)
    whose case matters, so no member of the family can follow the project's style."""
    families: defaultdict[tuple[str, str, str], list[Symbol]] = defaultdict(list)
    for symbol in symbols:
        found = _LETTERED.fullmatch(symbol.name)
        if found is not None:
            families[(symbol.scope, symbol.kind, found.group(2))].append(symbol)
    lettered: set[str] = set()
    for members in families.values():
        letters = {m.name[0] for m in members}
        if any(letter.swapcase() in letters for letter in letters):
            lettered.update(qualified(m) for m in members)
    return lettered


_SOURCE_EVENT = re.compile(r"[A-Za-z]\w*_([A-Z]\w*)")


def _event_handlers(extract: FileExtract, read: Callable[[], bytes | None] | None) -> set[str]:
    """Methods named `Source_Event` (as Visual Studio names the handlers it writes,
    `button1_Click`) that the file subscribes to that event: `X.Resolving +=
    Assembly_Resolving`. Seen in the file's text (`read()`), read only for a file with such
    a name."""
    candidates = [
        s for s in extract.symbols if s.kind == "method" and _SOURCE_EVENT.fullmatch(s.name)
    ]

    def subscribed(symbol: Symbol, text: bytes) -> bool:
        match = _SOURCE_EVENT.fullmatch(symbol.name)
        assert match is not None
        pattern = rb"\.%s\s*\+=\s*(?:new\s+\w+\s*\(\s*)?%s\b" % (
            re.escape(match.group(1).encode()),
            re.escape(symbol.name.encode()),
        )
        return re.search(pattern, text) is not None

    return _shown_in_text(candidates, read, subscribed)


# What an accessor adds to the name of the member it reads or writes: Google's C++ style
# names `x()` and `set_x()` after `x_`, as protobuf's generated code does with `mutable_x`,
# `has_x` and `clear_x`.
_ACCESSOR_PREFIXES = ("", "set_", "mutable_", "has_", "clear_")
# How a data member marks itself a member: `x_`, `m_x`, `_x`, `mX` is left alone (its
# accessor would be `X()`, in the PascalCase a project that writes `mX` uses anyway).
_MEMBER_MARK = re.compile(r"^(?:m_|_)?(.*?)_?$")


def _accessors(symbols: Sequence[Symbol]) -> set[str]:
    """Methods named after a data member of their class, with an accessor's prefix or none
    (`x()` and `set_x()` beside `int x_;`): spelt like the variable, as Google's C++ style
    names accessors, whatever the class's other methods are called."""
    members: defaultdict[str, set[str]] = defaultdict(set)
    for symbol in symbols:
        if symbol.kind == "field" and symbol.scope:
            stem = _MEMBER_MARK.match(symbol.name)
            if stem is not None and stem.group(1):
                members[symbol.scope].add(stem.group(1))
    found: set[str] = set()
    for symbol in symbols:
        stems = members.get(symbol.scope) if symbol.kind == "method" else None
        if stems and any(
            symbol.name.startswith(prefix) and symbol.name[len(prefix) :] in stems
            for prefix in _ACCESSOR_PREFIXES
        ):
            found.add(qualified(symbol))
    return found


# A C++ getter: no parameters, and a body of one `return` (qualifiers and annotation macros
# such as `const` or `GTEST_LOCK_EXCLUDED_(mutex_)` between the two).
_GETTER_BODY = rb"\s*\(\s*(?:void\s*)?\)[^{};]*\{\s*return\b([^{};]*);\s*\}"
# How far past a definition's start its body is looked for, when the parse ended early.
_GETTER_REACH = 400
# A data member marked Google's way, with a trailing underscore: `count_`, `impl_->`.
_GOOGLE_MEMBER = re.compile(rb"(?<![\w.])[a-z][a-z0-9_]*_(?![\w(])")


def _getters(
    extract: FileExtract, read: Callable[[], bytes | None] | None, accessors: set[str]
) -> set[str]:
    """C++ getters in snake_case that return what a data member marked `x_` holds or gives
    (`int total_test_count() const { return impl_->total_test_count(); }`): Google's C++
    style lets accessors be named like variables beside PascalCase methods, and a getter
    of a member defined in another file is not found by the member's name. Seen in the
    file's text (`read()`), read only for a file with such a name."""
    if extract.language != "cpp":
        return set()
    candidates = [
        s
        for s in extract.symbols
        if s.kind in ("function", "method") and naming_style(s.name) == SNAKE
    ]
    returned: dict[str, bytes] = {}  # what each getter found returns

    def returns_a_member(symbol: Symbol, text: bytes) -> bool:
        # From the definition's start on: a macro after the parameters (`LOCK_EXCLUDED_`)
        # can end the parsed definition before its body.
        start = symbol.span.start_byte
        body = text[start : max(symbol.span.end_byte, start + _GETTER_REACH)]
        match = re.match(rb"[^{};]*?\b%s%s" % (re.escape(symbol.name.encode()), _GETTER_BODY), body)
        if match is None or _GOOGLE_MEMBER.search(match.group(1)) is None:
            return False
        returned[qualified(symbol)] = match.group(1)
        return True

    getters = _shown_in_text(candidates, read, returns_a_member)
    # Getters so named are the file's way when it has two or more of them, or names
    # accessors after their members already; a lone one is taken for one only when it hands
    # on what a member's namesake gives (`impl_->random_seed()`). rapidjson's `IsInt()`
    # renamed `is_int` beside PascalCase getters of `data_` is drift.
    if len(getters) >= 2 or accessors:
        return getters
    return {
        name
        for name in getters
        if re.search(
            rb"(?:->|\.)%s\s*\(" % re.escape(name.rpartition(".")[2].encode()), returned[name]
        )
    }


def _run_as_command(extract: FileExtract, read: Callable[[], bytes | None] | None) -> bool:
    """Whether a file named with a hyphen, as commands are, is one: it defines the
    program's `main` (`src/polybar-msg.cpp`, built as the `polybar-msg` command), or starts
    with a shebang (`tools/locale-probe.cs` under `#!/usr/bin/env dotnet run`), seen in
    the file's text (`read()`), read only for a name with a hyphen."""
    if "-" not in file_name(extract.path):
        return False
    if any(s.name == "main" and not s.scope and s.kind == "function" for s in extract.symbols):
        return True
    if read is None:
        return False
    text = read()
    return text is not None and text.startswith(b"#!")


def file_facts(
    extract: FileExtract, read: Callable[[str], bytes | None] | None = None
) -> FileFacts:
    """What `extract` says about the names it defines (see `FileFacts`); with `read`, which
    gives a file's contents by path, what its text shows too: how a class uses its private
    methods and nested classes, and which nested functions it binds to an attribute (read
    only for a file that has such a definition)."""
    text = None if read is None else cache(partial(read, extract.path))
    classes = {qualified(s): s for s in extract.symbols if s.kind == "class"}
    refs = references_where(extract.references, is_fact_reference)
    language = extract.language
    accessors = _accessors(extract.symbols)
    accepted = _accepted_lines(extract, refs)
    return FileFacts(
        function_like=function_like_classes(extract.symbols)
        if language == "python"
        else frozenset(),
        overrides=frozenset(
            _overrides(extract, classes, refs, text) | _project_overrides(extract, classes, read)
        ),
        mirrors=frozenset(_mirrors(extract)),
        patched=frozenset(_patched_in(extract, text)),
        wrappers=frozenset(_wrappers(extract, text)),
        handlers=frozenset(_event_handlers(extract, text)),
        fallbacks=frozenset(_fallback_macros(extract, text) | _stand_ins(extract, text)),
        api_macros=frozenset(_api_macros(extract)),
        companion_macros=frozenset(_companion_macros(extract)),
        local_macros=_local_macros(extract.symbols),
        alias_macros=_alias_macros(extract.symbols),
        lettered=frozenset(_lettered(extract.symbols)),
        deprecated=frozenset(_deprecated(extract, refs)),
        accessors=frozenset(accessors | _getters(extract, text, accessors)),
        foreign=frozenset(
            _foreign(extract, classes)
            | _windows_declared(extract.symbols)
            | _dll_imported(extract.symbols)
            | _fields_of_marked(extract, refs, language_facts(language).foreign_marks)
            | _c_bound(extract, text)
        ),
        bound=frozenset(_bound_outside(language, extract.symbols)),
        public=frozenset(_public(extract)),
        module_api=frozenset(_module_api(extract)),
        owned=frozenset(_owned(classes)) if language == "python" else frozenset(),
        dynamic=_lookups(refs),
        brands=frozenset(_brands(classes, refs)),
        quoted=frozenset(_quoted(extract.symbols)),
        companions=frozenset(_companions(extract)),
        compose_constants=frozenset(_compose_constants(extract)),
        fixtures=frozenset(_fixtures(extract)),
        defined=frozenset(s.name for s in extract.symbols),
        family_prefixes=frozenset(_family_prefixes(extract.symbols)),
        components=_renders_components(extract),
        command=_run_as_command(extract, text),
        accepted_lines=frozenset(accepted),
        accepts_all=_accepts_all(extract, accepted),
        foreign_lines=frozenset(
            r.span.start_line for r in refs if r.name in language_facts(language).foreign_marks
        ),
        test_lines=frozenset(
            r.span.start_line for r in refs if r.name in language_facts(language).test_marks
        ),
        serialized=frozenset(
            _fields_of_marked(extract, refs, language_facts(language).serialized_marks)
        ),
        deserialized=frozenset(_deserialized(extract, refs, text)),
    )


def facts_of_symbols(path: str, language: str, symbols: Sequence[Symbol]) -> FileFacts:
    """The facts that a file's path and definitions alone show (for a caller without the
    extract)."""
    return FileFacts(
        function_like=function_like_classes(symbols) if language == "python" else frozenset(),
        components=is_js(language) and path.endswith((".jsx", ".tsx")),
        family_prefixes=frozenset(_family_prefixes(symbols)),
        defined=frozenset(s.name for s in symbols),
        local_macros=_local_macros(symbols),
        alias_macros=_alias_macros(symbols),
        bound=frozenset(_bound_outside(language, symbols)),
    )


def _local_macros(symbols: Sequence[Symbol]) -> frozenset[str]:
    """The macros defined inside the body of a function or a method of the file: a helper
    its body defines (and often undefines again), in the style of its locals, not one of
    the file's macros."""
    functions = {qualified(s) for s in symbols if s.kind in ("function", "method")}
    return frozenset(
        qualified(s) for s in symbols if s.kind == "macro" and s.scope and s.scope in functions
    )


def linter_accepts(symbol: Symbol, facts: FileFacts) -> bool:
    """Whether a lint attribute accepts the definition: Java's annotations belong to it (its
    first lines, before the name), Rust's attributes stand on the lines just above it."""
    return facts.accepts_all or _marked(symbol, facts.accepted_lines)


def _marked(symbol: Symbol, lines: frozenset[int]) -> bool:
    first, name_line = symbol.span.start_line, symbol.name_span.start_line
    return any(
        first <= line <= name_line if first < name_line else first - 2 <= line < first
        for line in lines
    )


def _looked_up(symbol: Symbol, facts: FileFacts) -> bool:
    """A name the file's string lookups build (`globals()["_%s_Function" % name]`). A class
    in the classes' own style is left to vote: a loose pattern (`"%sHandler"`) would take
    many."""
    if symbol.kind == "class" and naming_style(symbol.name) == PASCAL:
        return False
    return any(p.fullmatch(symbol.name) for p in facts.dynamic)


_TYPEOF = re.compile(r"=\s*typeof\s+([\w$]+)")


def _companions(extract: FileExtract) -> set[str]:
    """TypeScript types named after a value of the same file, as the language lets a type
    and a value share a name: `type dataTagSymbol = typeof dataTagSymbol`, or `const
    ZodString = ...` beside `type ZodString`. The type copies the value's name."""
    if not is_js(extract.language):
        return set()
    values = {s.name for s in extract.symbols if s.kind in ("constant", "variable", "function")}
    found: set[str] = set()
    for symbol in extract.symbols:
        if symbol.kind not in ("type", "interface"):
            continue
        match = _TYPEOF.search(symbol.signature or "")
        if symbol.name in values or (match is not None and match.group(1) == symbol.name):
            found.add(qualified(symbol))
    return found


# An object-like C or C++ macro whose whole body is one identifier: `#define non_repeaters
# errstat`.
_ALIAS_MACRO = re.compile(r"^#\s*define\s+\w+\s+([A-Za-z_]\w*)\s*$")


def _alias_macros(symbols: Sequence[Symbol]) -> frozenset[str]:
    """The macros of which a definition aliases a name (`_aliases_a_name`): jemalloc's
    `#define FMTd32 PRId32`, whose other branch spells the value out (`#define FMTd32
    "d"`) under the same name."""
    return frozenset(s.name for s in symbols if _aliases_a_name(s))


def _aliases_a_name(symbol: Symbol) -> bool:
    """A macro that renames a lower-case identifier (a struct field, a function, a type:
    `#define non_repeaters errstat`), or one in its own style other than capitals (libexpat's
    `#define XmlConvert XmlUtf16Convert`, a function chosen per build), used where that
    identifier would be and named like it, not like the constants macros usually are."""
    if symbol.kind != "macro":
        return False
    match = _ALIAS_MACRO.match(symbol.signature or "")
    if match is None:
        return False
    target = match.group(1)
    if target.islower():
        return True
    style = naming_style(target)
    return style not in (UPPER_SNAKE, UPPER_WORD) and style == naming_style(symbol.name)


def dictated_reason(symbol: Symbol, facts: FileFacts) -> str | None:
    """Why the file's own evidence makes this name not the project's choice, or None."""
    name = qualified(symbol)
    if name in facts.overrides:
        return "an override of a name its base class or interface defines"
    if name in facts.foreign:
        return "a name copied from the C or Win32 API this module binds or declares"
    if name in facts.bound:
        return "bound to code defined outside the language (`external`), named as that code is"
    if symbol.kind in ("function", "method") and _marked(symbol, facts.test_lines):
        return "a test, marked as one, whose name says what it tests"
    if _marked(symbol, facts.foreign_lines):
        return "a name copied from the C API this interop declaration mirrors"
    if name in facts.serialized:
        return "a field of a type serialized by its fields' names (`[Serializable]`)"
    if name in facts.deserialized:
        return (
            "a member of a type the file reads from JSON by its members' names"
            " (`DeserializeObject<T>`), named as the JSON's keys"
        )
    if name in facts.owned:
        return "named after the class of this file it serves (`Owner_Part`)"
    if name in facts.brands:
        return "a brand's own spelling, which the class's body gives as a string"
    if name in facts.quoted:
        return "named after what the qualified name its value holds names (`.../flow/Flow`)"
    if _looked_up(symbol, facts):
        return "looked up by a name the code builds from a string (`getattr`, `globals()`)"
    if name in facts.companions:
        return "a type named after the value it types (`type tag = typeof tag`)"
    if name in facts.mirrors:
        return (
            "named after the API it stands in for, as its docstring or a comment says, or"
            " the standard library's it backports under a namespace the file aliases to `std`"
        )
    if name in facts.fallbacks:
        return (
            "defined only where that name, or what provides it, is not (`#if !defined(...)`,"
            " `#ifndef HAVE_...`): a stand-in under the name it stands in for"
        )
    if name in facts.api_macros:
        return "a macro with parameters of an API, named as the API's functions beside it"
    if name in facts.companion_macros:
        return (
            "named as a function or macro beside it and a short suffix (`ngx_open_file_n` of"
            " `ngx_open_file`), in its style"
        )
    if name in facts.local_macros:
        return "a macro defined inside a function's body, a helper as local as its variables"
    if name in facts.lettered:
        return "named by a letter whose case tells it from a sibling (`C_formatter`, `c_formatter`)"
    if name in facts.handlers:
        return "an event handler named `Source_Event` after the event it is subscribed to"
    if name in facts.wrappers:
        return "named after the function it wraps, which it calls"
    if name in facts.patched:
        return "bound to an attribute of the same name, which an object looks up"
    if name in facts.deprecated:
        return "marked deprecated: an old name kept for the code that still uses it"
    if name in facts.accessors:
        return (
            "an accessor named after the data member it reads or writes (`x()`, `set_x()`),"
            " or a getter of a member marked `x_`, as Google's C++ style names them"
        )
    if name in facts.compose_constants:
        return "a constant, which Compose's API guidelines name in PascalCase"
    if name in facts.fixtures:
        return (
            "a test fixture, which names a test suite, and googletest asks that a suite's"
            " name have no underscore"
        )
    if is_component(symbol, facts):
        return "a React component, which JSX needs capitalised"
    if symbol.kind == "macro" and symbol.name in facts.alias_macros:
        return "a macro standing in for the identifier it expands to, named like it"
    if linter_accepts(symbol, facts):
        return "accepted by the linter setting on its definition"
    return None
