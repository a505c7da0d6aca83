"""What one file says about each convention: one `Observation` per named thing, import or test file.

Inference counts observations across the workspace; checks compare one file's
observations with the conventions that govern it. Both read them from here so that they
can never disagree about what a name, an import or a test file is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from steering_index.conventions.layout import (
    file_name,
    file_naming_subject,
    is_js,
    is_test_file,
    local_import_style,
    naming_stem,
    python_package,
    test_file_pattern,
    test_layout,
    within_own_package,
)
from steering_index.conventions.libraries import LibraryTable, library_uses
from steering_index.conventions.naming import (
    CAMEL,
    DUNDER,
    MIXED,
    MIXED_CAPS,
    PASCAL,
    SNAKE,
    VOTING_STYLES,
    naming_style,
    snake_case_with_names,
)
from steering_index.model import FileExtract, Span, Symbol

# Names a framework or the standard library dictates: unittest's hooks and result protocol,
# logging's handler and formatter hooks, xml.sax's content handler. An override must keep
# the name, so these never vote and are never flagged.
_PYTHON_MANDATED = frozenset(
    (
        "setUp",
        "tearDown",
        "setUpClass",
        "tearDownClass",
        "setUpModule",
        "tearDownModule",
        "asyncSetUp",
        "asyncTearDown",
        "runTest",
        "shortDescription",
        "countTestCases",
        "defaultTestResult",
        "subTest",
        "addCleanup",
        "doCleanups",
        "maxDiff",
        "longMessage",
        "startTest",
        "stopTest",
        "startTestRun",
        "stopTestRun",
        "addError",
        "addFailure",
        "addSuccess",
        "addSkip",
        "addExpectedFailure",
        "addUnexpectedSuccess",
        "addSubTest",
        "addDuration",
        "wasSuccessful",
        "addTest",
        "addTests",
        "printErrors",
        "printErrorList",
        "loadTestsFromTestCase",
        "loadTestsFromModule",
        "loadTestsFromName",
        "loadTestsFromNames",
        "getTestCaseNames",
        "handleError",
        "createLock",
        "setFormatter",
        "setLevel",
        "isEnabledFor",
        "getEffectiveLevel",
        "getChild",
        "addHandler",
        "removeHandler",
        "hasHandlers",
        "addFilter",
        "removeFilter",
        "findCaller",
        "makeRecord",
        "callHandlers",
        "formatTime",
        "formatException",
        "formatStack",
        "formatMessage",
        "usesTime",
        "startElement",
        "endElement",
        "startElementNS",
        "endElementNS",
        "startDocument",
        "endDocument",
        "setDocumentLocator",
        "ignorableWhitespace",
        "processingInstruction",
        "skippedEntity",
        "startPrefixMapping",
        "endPrefixMapping",
        "generic_visit",
    )
)
# unittest's vocabulary, which helpers extend in its own camelCase: `assertRedirectsTo`,
# `skipUnlessDBFeature`.
_UNITTEST_WORDS = re.compile(r"_*(assert|skipIf|skipUnless|expectedFailure)[A-Z0-9]")
# The value of `Name = value` is data, not a class, when it starts as a literal does.
_LITERAL_START = re.compile(r"""[\[{("'0-9.+-]|[rRbBuUfF]{1,2}["']|(True|False|None)\b""")
# `Name: Annotation = value`, as a module-level assignment's signature reads.
_ASSIGNMENT = re.compile(r"\s*[\w.]+\s*(?::(?P<annotation>[^=]*))?(=(?P<value>.*))?")
# Type aliases and type variables, named by typing's rules (`T_co`, `AnyStr`), not a style's.
_TYPE_ANNOTATION = re.compile(r"\s*(\w+\.)*TypeAlias\s*$")
_TYPE_FACTORY = re.compile(r"\s*(\w+\.)*(TypeVar|ParamSpec|TypeVarTuple|NewType)\(")
# A singleton standing in for a value (`NotSet = object()`, `Missing = _MissingType()`,
# `NotSet = ...`), or a stub's `Partial: _PartialFactory`, the instance a class's name is
# given to. Named like the class it stands for, not like data.
_SENTINEL_VALUE = re.compile(r"object\(\)|(\w+\.)*_*[A-Z]\w*\(|\.\.\.\s*(#.*)?$")
_CLASS_NAME = re.compile(r"\s*(\w+\.)*_*[A-Z]\w*[a-z]\w*\s*")
# Methods that make a class stand in for a function: a descriptor (Django's
# `cached_property`), a callable object (a decorator written as a class), a context manager
# (`with override_settings(...)`). Such a class is named like the function it replaces.
_FUNCTION_LIKE_METHODS = frozenset(("__get__", "__call__", "__enter__", "__aenter__"))
_BRACKETED = re.compile(r"\[[^\[\]]*\]")
_GO_TEST_PREFIXES = ("Test", "Benchmark", "Example", "Fuzz")
# What code generators write at the top of what they write (Go's `Code generated ... DO NOT
# EDIT.`, `@generated`, ANTLR's `Generated from X.g4`): such a file follows its generator's
# conventions, not the project's, and nobody edits it by hand.
_GENERATED = re.compile(
    r"@generated\b|\bdo not edit\b|\bcode generated\b|\bauto-?generated\b"
    r"|\bgenerated (by|from|with|using)\b",
    re.IGNORECASE,
)
_GENERATED_HEADER_LINES = 10
_NAMING_CATEGORY = "naming"


@dataclass(frozen=True, slots=True)
class ConventionKey:
    """What a convention is about; `id` is the convention id without a subtree suffix."""

    id: str
    category: str  # naming | library | import-style | test-layout
    language: str
    subject: str


@dataclass(frozen=True, slots=True)
class Observation:
    """One vote: at `path`, the thing `text` (a name, a module, a file) follows `choice`."""

    key: ConventionKey
    choice: str
    path: str
    text: str
    span: Span | None = None
    symbol: Symbol | None = None


def naming_key(language: str, kind: str) -> ConventionKey:
    return ConventionKey(f"naming.{language}.{kind}", _NAMING_CATEGORY, language, kind)


def _file_naming_key(language: str, subject: str) -> ConventionKey:
    suffix = "naming" if subject == "file" else "component-naming"
    return ConventionKey(f"files.{language}.{suffix}", _NAMING_CATEGORY, language, subject)


def voting_style(name: str, language: str) -> str:
    """The style a name votes for; Go's camelCase and PascalCase are one family (by export)."""
    style = naming_style(name)
    if language == "go" and style in (CAMEL, PASCAL):
        return MIXED_CAPS
    return style


def mandated_name(
    symbol: Symbol,
    path: str,
    language: str,
    in_test: bool,
    function_like: frozenset[str] = frozenset(),
) -> bool:
    """True for names a framework dictates, which a naming convention must leave alone.

    `function_like` names the file's classes used like functions (`function_like_classes`).
    """
    return why_mandated(symbol, path, language, in_test, function_like) is not None


def why_mandated(
    symbol: Symbol,
    path: str,
    language: str,
    in_test: bool,
    function_like: frozenset[str] = frozenset(),
) -> str | None:
    """Why a naming convention must leave this name alone, in words that follow "`name` is"
    (`mandated_name`'s reason, for hover); None for a name the code chose."""
    name = symbol.name
    if language == "python":
        return _python_mandate(symbol, in_test, function_like)
    if language == "go":
        if in_test and name.startswith(_GO_TEST_PREFIXES):
            return "a test, benchmark, example or fuzz function, named as `go test` wants"
        return None
    if in_test and (is_js(language) or language == "java"):
        # Test names in these ecosystems are often sentences (`should_reject_empty_cart`).
        if symbol.kind in ("function", "method"):
            return "a test's name, which may read as a sentence"
        return None
    jsx = is_js(language) and path.endswith((".jsx", ".tsx"))
    if jsx and symbol.kind == "function" and naming_style(name) == PASCAL:
        return "a React component, which JSX needs capitalised"
    return None


def _python_mandate(symbol: Symbol, in_test: bool, function_like: frozenset[str]) -> str | None:
    name = symbol.name
    if name in _PYTHON_MANDATED:
        return "a hook the standard library names (unittest, logging, xml.sax, ast)"
    if _UNITTEST_WORDS.match(name):
        return "in unittest's vocabulary (`assert…`, `skipIf…`), which helpers extend"
    if symbol.kind in ("variable", "constant") and _names_a_type(symbol):
        return "a type alias or a type variable, named by typing's rules"
    style = naming_style(name)
    if style == PASCAL and symbol.kind in ("function", "method"):
        # A callable that stands in for a class: `Maybe(T)`, `Normal(x, 0, 1)`, a fake's
        # `ClientSession(...)`, a property that returns one (`RelatedObjectDoesNotExist`).
        return "a callable that stands in for a class"
    if style == PASCAL and symbol.kind == "variable":
        return _bound_to_a_class(symbol)
    if style == SNAKE and symbol.kind == "class" and _qualified(symbol) in function_like:
        return "a class used like a function (a descriptor, a callable or a context manager)"
    if style != MIXED:
        return None
    if in_test and name.startswith("test"):
        return "a test's name, which says what it tests"  # `test_FreeGroup__init__`
    # `visit_FunctionDef`, `handle_DATA`; a class named so is drift (`Foo_bar`).
    if symbol.kind != "class" and snake_case_with_names(name):
        return "snake_case around the name of a class, a constant or an acronym"
    return None


def _assignment(symbol: Symbol) -> tuple[str, str]:
    """The annotation and the value of a module-level `Name: Annotation = value`, as far as
    its signature (the first line) shows them; "" for what is not there."""
    match = _ASSIGNMENT.fullmatch(symbol.signature or "")
    if match is None:
        return "", ""
    return match.group("annotation") or "", (match.group("value") or "").strip()


def _names_a_type(symbol: Symbol) -> bool:
    """`Handler: TypeAlias = ...`, `T_co = TypeVar("T_co", covariant=True)`."""
    annotation, value = _assignment(symbol)
    return bool(_TYPE_ANNOTATION.match(annotation) or _TYPE_FACTORY.match(value))


def _bound_to_a_class(symbol: Symbol) -> str | None:
    """Why a module-level PascalCase name is a class's, not a variable spelt wrongly: it holds
    a singleton (`NotSet = object()`, `Missing = _MissingType()`, `NotSet = ...`, a stub's
    `Partial: _PartialFactory`), or a class or a type alias, which PEP 8 names in CapWords
    (`UserModel = get_user_model()`, `Point = namedtuple(...)`, `Text = SafeString`): bound
    to anything but a literal. None for data (`MaxRetries = 3`)."""
    annotation, value = _assignment(symbol)
    if _SENTINEL_VALUE.match(value) or (not value and _CLASS_NAME.fullmatch(annotation)):
        return "a singleton named like a class (a sentinel such as `NotSet = object()`)"
    if value == "(":  # `Handler = (` then `A | B` below: mostly a union, rarely a tuple
        return "bound to a class or a type"
    # A signature ends in "…" where the value opens a bracket it closes lines below.
    if value and value != "…" and _LITERAL_START.match(value) is None:
        return "bound to a class or a type"
    return None


def _qualified(symbol: Symbol) -> str:
    return f"{symbol.scope}.{symbol.name}" if symbol.scope else symbol.name


def _base_names(signature: str) -> list[str]:
    """The last dotted part of each base in `class Name(Base, mod.Other[T], metaclass=M)`."""
    header = signature
    while (unbracketed := _BRACKETED.sub("", header)) != header:
        header = unbracketed
    match = re.search(r"\(([^()]*)\)", header)
    if match is None:
        return []
    parts = match.group(1).split(",")
    return [part.strip().rpartition(".")[2] for part in parts if "=" not in part]


def function_like_classes(symbols: Iterable[Symbol]) -> frozenset[str]:
    """Qualified names of one file's classes used like functions: those defining one of
    `_FUNCTION_LIKE_METHODS`, and those deriving from such a class of the same file (Django's
    `override_settings(TestContextDecorator)`)."""
    bases: dict[str, list[str]] = {}
    found: set[str] = set()
    for symbol in symbols:
        if symbol.kind == "class":
            bases[_qualified(symbol)] = _base_names(symbol.signature or "")
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


def _naming(extract: FileExtract, in_test: bool) -> Iterator[Observation]:
    language = extract.language
    function_like = function_like_classes(extract.symbols) if language == "python" else frozenset()
    for symbol in extract.symbols:
        style = voting_style(symbol.name, language)
        if style == DUNDER or style not in (*VOTING_STYLES, MIXED_CAPS):
            continue
        if mandated_name(symbol, extract.path, language, in_test, function_like):
            continue
        key = naming_key(language, symbol.kind)
        yield Observation(key, style, extract.path, symbol.name, symbol.name_span, symbol)
    stem = naming_stem(extract.path, language)
    if stem is not None:
        style = voting_style(stem, language)
        if style in VOTING_STYLES:
            key = _file_naming_key(language, file_naming_subject(extract.path, language))
            yield Observation(key, style, extract.path, stem)


def _tests(extract: FileExtract) -> Iterator[Observation]:
    language = extract.language
    if not (language == "python" or is_js(language)):
        return  # Go, Rust and Java fix where tests live and how they are named
    pattern = test_file_pattern(extract.path, language)
    if pattern is None:
        return
    name = file_name(extract.path)
    layout_key = ConventionKey(f"tests.{language}.layout", "test-layout", language, "test-file")
    yield Observation(layout_key, test_layout(extract.path), extract.path, name)
    naming = ConventionKey(f"tests.{language}.file-naming", "test-layout", language, "test-file")
    yield Observation(naming, pattern, extract.path, name)


def _libraries(extract: FileExtract, table: LibraryTable) -> Iterator[Observation]:
    language = extract.language
    seen_jobs: set[str] = set()
    for use in library_uses(extract, table):
        seen_jobs.add(use.job)
        key = ConventionKey(f"library.{language}.{use.job}", "library", language, use.job)
        yield Observation(key, use.choice, extract.path, use.what, use.span)
    if language == "python" and "test-framework" not in seen_jobs and _pytest_module(extract):
        # pytest needs no import: plain module-level `test_*` functions are its signature.
        for symbol in extract.symbols:
            if symbol.scope == "" and symbol.kind == "function" and symbol.name.startswith("test_"):
                job = "test-framework"
                key = ConventionKey(f"library.{language}.{job}", "library", language, job)
                yield Observation(key, "pytest", extract.path, symbol.name, symbol.name_span)
                break


def _pytest_module(extract: FileExtract) -> bool:
    """A file pytest would collect by its default name patterns, and that holds no unittest
    `TestCase` class (a module-level `test_*` function there is a helper, not a pytest test)."""
    if test_file_pattern(extract.path, extract.language) is None:
        return False
    return not any(
        s.kind == "class" and "TestCase" in (s.signature or "").partition("(")[2]
        for s in extract.symbols
    )


def is_generated(extract: FileExtract) -> bool:
    """Whether a comment in the file's first lines says a tool generated it."""
    for comment in extract.comments:
        if comment.span.start_line >= _GENERATED_HEADER_LINES:
            return False
        if _GENERATED.search(comment.text):
            return True
    return False


def _imports(extract: FileExtract) -> Iterator[Observation]:
    """Relative or absolute, for each import that could be written either way: one of the
    file's own top-level package (`tests/` importing the library, or a top-level script
    importing a package, has only the absolute form, so it says nothing about style), and
    not a re-export in a package's __init__.py.

    Python imports vote on one of two conventions, by where the module lies: in the file's
    own package (or below it), or elsewhere in the project. Many projects import siblings
    relatively and other packages absolutely, or mix styles only among siblings."""
    language = extract.language
    path = extract.path
    key = _import_key(language, "import")
    own = frozenset(python_package(path)[:1])
    # A package's __init__.py re-exporting its modules (`from .config import AppConfig`) is
    # the idiom even where modules import absolutely: it neither votes nor is flagged.
    init = language == "python" and file_name(path) == "__init__.py"
    for imp in extract.imports:
        style = local_import_style(imp, language, own)
        if style is None or (init and style == "relative"):
            continue
        module = imp.module or "."
        if language == "python":
            near = within_own_package(module, path)
            key = _import_key(language, "package-import" if near else "outside-import")
        yield Observation(key, style, path, module, imp.span)


def _import_key(language: str, subject: str) -> ConventionKey:
    # The id of imports in the file's own package stays the plain `imports.<lang>.style`:
    # for a flat package it is the only one, and so it was before the split.
    suffix = ".outside" if subject == "outside-import" else ""
    return ConventionKey(f"imports.{language}.style{suffix}", "import-style", language, subject)


def observe(extract: FileExtract, table: LibraryTable) -> Iterator[Observation]:
    """Every observation in one file, in a fixed order (none in a generated file)."""
    if is_generated(extract):
        return
    in_test = is_test_file(extract.path, extract.language)
    yield from _naming(extract, in_test)
    yield from _tests(extract)
    yield from _libraries(extract, table)
    yield from _imports(extract)
