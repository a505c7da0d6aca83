"""What one file says about each convention: one `Observation` per named thing, import or test file.

Inference counts observations across the workspace; checks compare one file's
observations with the conventions that govern it. Both read them from here so that they
can never disagree about what a name, an import or a test file is.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from steering_index.conventions_layout import (
    file_name,
    file_naming_subject,
    is_js,
    is_test_file,
    local_import_style,
    naming_stem,
    python_package,
    test_file_pattern,
    test_layout,
)
from steering_index.conventions_libraries import LibraryTable, library_uses
from steering_index.conventions_naming import (
    CAMEL,
    DUNDER,
    MIXED,
    MIXED_CAPS,
    PASCAL,
    VOTING_STYLES,
    naming_style,
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
        "handleError",
        "createLock",
        "setFormatter",
        "setLevel",
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
_PYTHON_MANDATED_PREFIXES = ("visit_", "depart_", "leave_", "do_")
_GO_TEST_PREFIXES = ("Test", "Benchmark", "Example", "Fuzz")
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


def mandated_name(symbol: Symbol, path: str, language: str, in_test: bool) -> bool:
    """True for names a framework dictates, which a naming convention must leave alone."""
    name = symbol.name
    if language == "python":
        if name in _PYTHON_MANDATED:
            return True
        if name.startswith(_PYTHON_MANDATED_PREFIXES) and naming_style(name) == MIXED:
            return True  # `visit_FunctionDef`, `do_GET`: the suffix is a node or verb name
        return in_test and symbol.kind == "method" and name.startswith("assert")
    if language == "go":
        return in_test and name.startswith(_GO_TEST_PREFIXES)
    if in_test and (is_js(language) or language == "java"):
        # Test names in these ecosystems are often sentences (`should_reject_empty_cart`).
        return symbol.kind in ("function", "method")
    if is_js(language) and path.endswith((".jsx", ".tsx")) and symbol.kind == "function":
        return naming_style(name) == PASCAL  # a React component
    return False


def _naming(extract: FileExtract, in_test: bool) -> Iterator[Observation]:
    language = extract.language
    for symbol in extract.symbols:
        style = voting_style(symbol.name, language)
        if style == DUNDER or style not in (*VOTING_STYLES, MIXED_CAPS):
            continue
        if mandated_name(symbol, extract.path, language, in_test):
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


def _libraries(extract: FileExtract, table: LibraryTable, in_test: bool) -> Iterator[Observation]:
    language = extract.language
    seen_jobs: set[str] = set()
    for use in library_uses(extract, table):
        seen_jobs.add(use.job)
        key = ConventionKey(f"library.{language}.{use.job}", "library", language, use.job)
        yield Observation(key, use.choice, extract.path, use.what, use.span)
    if language == "python" and in_test and "test-framework" not in seen_jobs:
        # pytest needs no import: plain module-level `test_*` functions are its signature.
        for symbol in extract.symbols:
            if symbol.scope == "" and symbol.name.startswith("test_"):
                job = "test-framework"
                key = ConventionKey(f"library.{language}.{job}", "library", language, job)
                yield Observation(key, "pytest", extract.path, symbol.name, symbol.name_span)
                break


def local_roots(extracts: list[FileExtract]) -> frozenset[str]:
    """Top-level Python packages and modules of the workspace (`src/` layout seen through)."""
    roots: set[str] = set()
    for extract in extracts:
        if extract.language != "python":
            continue
        package = python_package(extract.path)
        roots.add(package[0] if package else file_name(extract.path).split(".")[0])
    return frozenset(roots)


def _imports(extract: FileExtract, roots: frozenset[str]) -> Iterator[Observation]:
    language = extract.language
    key = ConventionKey(f"imports.{language}.style", "import-style", language, "import")
    for imp in extract.imports:
        style = local_import_style(imp, language, roots)
        if style is not None:
            yield Observation(key, style, extract.path, imp.module or ".", imp.span)


def observe(
    extract: FileExtract, table: LibraryTable, roots: frozenset[str]
) -> Iterator[Observation]:
    """Every observation in one file, in a fixed order."""
    in_test = is_test_file(extract.path, extract.language)
    yield from _naming(extract, in_test)
    yield from _tests(extract)
    yield from _libraries(extract, table, in_test)
    yield from _imports(extract, roots)
