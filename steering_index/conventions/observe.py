"""What one file says about each convention: one `Observation` per named thing, import or test file.

Inference counts observations across the workspace; checks compare one file's
observations with the conventions that govern it. Both read them from here so that they
can never disagree about what a name, an import or a test file is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from steering_index.conventions.dictated import (
    NO_FACTS,
    FileFacts,
    dictated_reason,
    file_facts,
    has_parameters,
    modifiers,
    qualified,
)
from steering_index.conventions.idioms import IDIOM_CATEGORY, idiom_id, idioms
from steering_index.conventions.language_data import language_facts, style_part
from steering_index.conventions.layout import (
    JS_NAMING_MARKERS,
    TEST_FOLDERS,
    absolute_module,
    file_name,
    file_naming_subject,
    folders,
    is_benchmark,
    is_js,
    is_script,
    is_test_data,
    is_test_file,
    is_vendored,
    local_import_style,
    module_folder,
    named_after_its_subject,
    naming_stem,
    python_package_and_prefix,
    relative_module,
    test_file_pattern,
    test_layout,
    within_own_package,
)
from steering_index.conventions.libraries import LibraryTable, LibraryUse, library_uses
from steering_index.conventions.linters import covering
from steering_index.conventions.naming import (
    CAMEL,
    DUNDER,
    LOWER,
    MIXED,
    MIXED_CAPS,
    PASCAL,
    SNAKE,
    UPPER_SNAKE,
    VOTING_STYLES,
    camel_case_with_constant,
    naming_style,
    snake_case_with_names,
    without_stability_prefix,
)
from steering_index.conventions.project import NO_PROJECT, ProjectFacts
from steering_index.conventions.provenance import foreign_origin
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
# File names generators give: protobuf and gRPC (`_pb2.py`, `_pb2_grpc.py`, `.pb.go`,
# `_grpc.pb.go`, `.pb.gw.go`), `.generated.ts`, `.gen.go`, `_generated.go`, Dart's `.g.dart`,
# Visual Studio's designers (`Form1.Designer.cs`, `Resources.Designer.cs`, whose comments
# may be in the developer's language) and C#'s generated halves (`MainWindow.g.cs`,
# `.g.i.cs`).
_GENERATED_NAME = re.compile(
    r"(_pb2(_grpc)?\.pyi?|\.pb(\.gw)?\.go|\.pb\.(ts|js|cc|h)|[._]generated\.\w+"
    r"|\.gen\.\w+|\.g\.dart|\.[Dd]esigner\.cs|\.g(\.i)?\.cs)$"
)
_NAMING_CATEGORY = "naming"
_TEST_CLASS_SUFFIX = re.compile(r"Tests?$|TestCase$|TestBase$")
INLINE_MODULE = "inline-module"


@dataclass(frozen=True, slots=True)
class ConventionKey:
    """What a convention is about; `id` is the convention id without a subtree suffix."""

    id: str
    category: str  # naming | library | import-style | test-layout | idiom
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
    # For an import of the project's own code: the folder of what it imports (a subtree's
    # import style governs only imports that stay inside it), and the same import in the
    # other style, when known.
    target: str | None = None
    suggestion: str | None = None
    # False for what is checked but says nothing about the project's choice (an import
    # inside a function, written where a cycle or a cost forces it).
    votes: bool = True


def naming_key(language: str, kind: str) -> ConventionKey:
    return ConventionKey(f"naming.{language}.{kind}", _NAMING_CATEGORY, language, kind)


def symbol_naming_key(language: str, symbol: Symbol) -> ConventionKey:
    """The naming convention a definition votes in: its kind's, or `public-field` for a
    public data member where the language names public and private ones apart (a C++
    struct's `base_ptr` beside a class's private `itsPtr`; C#'s public `Value` beside a
    private `_value`), or `static-readonly-field` and `static-field` for private static
    ones where the language names those apart (C#'s `static readonly MethodInfo
    MapMethod` and `static int Counter` beside `_mapper`), or `internal-field` for an
    instance field visible to the whole assembly where the language names those apart
    (Polly's `internal readonly CancellationToken DefaultCancellationToken`), or
    `protected-field` for one visible to derived classes only where the language names
    those apart (NLog's `protected readonly FileTarget _fileTarget`), or `function-macro`
    for a macro with parameters where the language names those apart (redis's
    `dictEntryNextInSlot(de)` beside its `DICT_OK`), or `variable-template` for a C++
    variable template or one of its specializations (GSL's `LShiftCompilesFor` beside its
    `test_value1`)."""
    kind = symbol.kind
    facts = language_facts(language)
    if kind == "field" and symbol.exported and facts.fields_by_access:
        access = modifiers(symbol)
        protected = (
            facts.protected_fields_apart and "protected" in access and "public" not in access
        )
        kind = "protected-field" if protected else "public-field"
    elif kind == "field" and facts.static_fields_apart and (static := _static_kind(symbol)):
        kind = static
    elif kind == "field" and facts.internal_fields_apart and "internal" in modifiers(symbol):
        kind = "internal-field"
    elif kind == "constant" and facts.table_types and is_table(symbol, facts.table_types):
        kind = "constant-table"
    elif kind == "macro" and facts.function_macros_apart and has_parameters(symbol):
        kind = "function-macro"
    elif (
        kind in ("constant", "variable")
        and facts.variable_templates_apart
        and (symbol.signature or "").startswith("template")
    ):
        kind = "variable-template"
    return naming_key(language, kind)


# A string literal, which makes a `char` array one value (`MESSAGE[] = "Hello"`).
_STRING_START = re.compile(r'(?:u8|[uUL])?R?"')
# An array's bounds after its name (`[]`, `[256]`, `[N][2]`).
_ARRAY_BOUNDS = re.compile(r"\s*(?:\[[^\]]*\]\s*)*")
# The element type of a string declared without its value (`extern const char help[]`).
_CHAR_END = re.compile(r"\b(?:char|wchar_t|char8_t|char16_t|char32_t)\s*(?:const\s*)?$")


def is_table(symbol: Symbol, table_types: re.Pattern[str]) -> bool:
    """Whether a constant its signature declares (in C's syntax) is a table rather than one
    value: an array not spelt as a string (`*phrases[] = {...}`), a value of one of
    `table_types` (`const struct eventop epollops`), or a brace list of several values
    (`= {{OK, "OK"}, ...}`; `{250}` is one)."""
    signature = symbol.signature or ""
    named = re.search(rf"(?<!\w){re.escape(symbol.name)}(?!\w)", signature)
    if named is None:
        return False
    head, rest = signature[: named.start()], signature[named.end() :]
    bounds = _ARRAY_BOUNDS.match(rest).group()  # type: ignore[union-attr]
    value = rest[len(bounds) :].strip().removeprefix("=").strip()
    if "[" in bounds:  # an array: a string unless it holds several
        return not (_STRING_START.match(value) or (not value and _CHAR_END.search(head)))
    if table_types.search(head):
        return True
    if not value.startswith("{"):
        return False
    inner = value[1:]
    depth = 0
    for char in inner:
        if char in "{([":
            if char == "{" and depth == 0:
                return True
            depth += 1
        elif char in "})]":
            if depth == 0:
                return False
            depth -= 1
        elif char == "," and depth == 0:
            return True
    return inner.endswith("…")


def _static_kind(symbol: Symbol) -> str | None:
    """`static-readonly-field` or `static-field` for a member its signature declares so (in
    the words before its name); None for an instance one."""
    words = modifiers(symbol)
    if "static" not in words:
        return None
    return "static-readonly-field" if "readonly" in words else "static-field"


def _file_naming_key(language: str, subject: str) -> ConventionKey:
    suffix = "naming" if subject == "file" else subject.replace("-file", "-naming")
    return ConventionKey(f"files.{language}.{suffix}", _NAMING_CATEGORY, language, subject)


def voting_style(name: str, language: str) -> str:
    """The style a name votes for; Go's camelCase and PascalCase are one family (by export).
    A stability prefix (`experimental_createPersister`, `UNSAFE_componentWillMount`) is not
    part of the name the project chose."""
    style = naming_style(style_part(without_stability_prefix(name), language))
    if language == "go" and style in (CAMEL, PASCAL):
        return MIXED_CAPS
    return style


def mandated_name(
    symbol: Symbol,
    path: str,
    language: str,
    in_test: bool,
    facts: FileFacts = NO_FACTS,
) -> bool:
    """True for names a framework dictates, which a naming convention must leave alone.

    `facts` is what the file says about its definitions (`file_facts`).
    """
    return why_mandated(symbol, path, language, in_test, facts) is not None


def why_mandated(
    symbol: Symbol,
    path: str,
    language: str,
    in_test: bool,
    facts: FileFacts = NO_FACTS,
) -> str | None:
    """Why a naming convention must leave this name alone, in words that follow "`name` is"
    (`mandated_name`'s reason, for hover); None for a name the code chose."""
    name = symbol.name
    if symbol.kind == "constructor":
        return "a constructor (or destructor), named after its type"
    dictated = dictated_reason(symbol, facts)
    if dictated is not None:
        return dictated
    by_language = language_facts(language)
    dictated = by_language.why_dictated(
        name, symbol.kind, in_test, symbol.signature or "", facts.defined
    )
    if dictated is not None:
        return dictated
    if by_language.is_compat(path):
        return "in a compatibility file, which re-declares a platform's definitions by its names"
    if language == "python":
        return _python_mandate(symbol, in_test, facts.function_like)
    if language == "go":
        if in_test and name.startswith(_GO_TEST_PREFIXES):
            return "a test, benchmark, example or fuzz function, named as `go test` wants"
        return None
    if is_js(language) and _js_literal_constant(symbol):
        return "a module-level constant bound to a literal, named as constants often are"
    if in_test and (is_js(language) or language == "java"):
        # Test names in these ecosystems are often sentences (`should_reject_empty_cart`).
        if symbol.kind in ("function", "method"):
            return "a test's name, which may read as a sentence"
        if symbol.kind == "type" and symbol.span.start_col > 0:
            # `type verify = Expect<Equal<A, B>>` inside a test: an assertion on types.
            return "a type declared inside a test, an assertion rather than a project type"
        return None
    if in_test and by_language.sentence_tests and symbol.kind in ("function", "method"):
        return "a test's name, which may read as a sentence"
    core = style_part(name, language)
    if in_test and symbol.kind in _TEST_DATA_KINDS and _snake_case_with_acronyms(core):
        # okio's `SHA256_empty`, coil's `webp_VP8L`, taskflow's `data_pipeline_3P_SPS` (a
        # pipeline of three pipes, serial-parallel-serial): a test's data or case.
        return "test data named after what it exercises, its acronym spelt as it is"
    if in_test and naming_style(core) == MIXED and _case_variant(core):
        # RxSwift's `ExtendClassViewDelegateProxy_a` and `_b`, taskflow's
        # `pipeline_1P_S_DeferPreviousToken` (one pipe, serial, the token deferred).
        return "a test's case, its variant marked by a short code after an underscore"
    idiom = by_language.idiomatic("method") or by_language.idiomatic("function")
    snake = idiom == SNAKE and naming_style(core) == MIXED
    if snake and symbol.kind != "class" and snake_case_with_names(core):
        # As in Python: `DIR_FILE_escape` escapes for the constant DIR_FILE.
        return "snake_case around the name of a class, a constant or an acronym"
    return None


# What a test names after the case it exercises: its data and its helpers, not its types.
_TEST_DATA_KINDS = frozenset(
    {
        "property",
        "variable",
        "constant",
        "field",
        "public-field",
        "protected-field",
        "function",
        "method",
    }
)


def marked_name(name: str, language: str) -> bool:
    """A definition's name that is no plain identifier: a string-named member
    (`"~validate"`, hidden from completion on purpose) or one with a `$` sigil (`$ZodType`,
    `value$`), which marks a family of names as a framework or the project's core wants.
    Such a name votes as it reads (a family apart from the plain names) but is never
    flagged: dropping the mark would change what it means. A language's own name endings
    (Ruby's `valid?`, `save!`, `name=`) are no mark."""
    core = style_part(name.removeprefix("r#"), language)
    return "$" in core or not core.isidentifier()


# A member's or a scope's short prefix (`m_`, `s_`, `g_`, `k_`): `m_refCount` is a name of
# one style (camelCase) behind it, and judged as such.
_SHORT_PREFIX = re.compile(r"_*[a-z]{1,2}_(?=[A-Za-z])")
# Two lower-case letters in a row: a word's, not a version's (`v11`) or a variant's (`5424e`).
_WORD_IN_LOWER_CASE = re.compile(r"[a-z]{2}")


def composite_name(name: str, language: str) -> bool:
    """A name of parts joined by underscores, each in a case of its own (styled `mixed`): a
    namespace before a name (`cJSON_Parse`, `_omb_theme_developer__readCpuLoad`), a marker
    after one (`CloseCircuit_NeedsLock`, `Retry_V8`), a family's tag (`AntiPattern_Retry`),
    a helper set apart on purpose (`Helper_ThrowException`). Its author wrote both the
    underscores and the capitals: it is not the other camp's style written by habit, and
    of 152 labelled findings on such names a maintainer accepted 3 (bench/RESULTS.md,
    "Composite names"). It votes, but is never flagged. A short prefix before a name of
    one style (`m_refCount`) is no such name: the name behind it is judged. Nor is a name
    styled UPPER_CASE that is all capitals but for a product's or a version's spelling
    (`METHOD_TLSv11`); one with a word in lower case behind a part in capitals is one
    (leveldb's `TEST_CompactRange` and `LRU_Remove`, lz4's `LZ4_dictStream`)."""
    style = voting_style(name, language)
    core = style_part(name, language)
    if style == UPPER_SNAKE:
        return any(_WORD_IN_LOWER_CASE.search(part) for part in core.strip("_").split("_")[1:])
    if style != MIXED:
        return False
    prefix = _SHORT_PREFIX.match(core)
    return not (prefix and "_" not in core[prefix.end() :])


def is_test_name(symbol: Symbol, in_test: bool) -> bool:
    """A test class (`TestParser`, `Test_parser`, `HTTP1_0Tests`, `PCP_ConsumerTestCase`)
    or test (`testParse`, `test_parse`) in a test file: test runners collect them by their
    `test` prefix or their `TestCase` base, and their names say what they test (often a
    protocol's or a class's own spelling). They are never flagged; those in Python's own
    styles (`test_parse`, `TestParser`) still vote."""
    if not in_test:
        return False
    if symbol.kind == "class" and _TEST_CLASS_SUFFIX.search(symbol.name):
        return True
    if symbol.name.lstrip("_")[:4].lower() != "test":
        return False
    return symbol.kind in ("class", "function", "method")


def _test_name(symbol: Symbol, in_test: bool) -> bool:
    """A test name (`is_test_name`) in another style than PEP 8's: it does not vote."""
    if not is_test_name(symbol, in_test):
        return False
    style = naming_style(symbol.name)
    return style != PASCAL if symbol.kind == "class" else style not in (SNAKE, LOWER)


def _runner_named(symbol: Symbol, in_test: bool) -> bool:
    """A module-level `test_performance()` outside the test folders (a benchmark, a doc's
    example): named as pytest names tests, by its `test_` prefix and in PEP 8's style,
    whatever style the project gives its other functions. A `test_` name in another style
    (`test_x__y`) is no runner's and stays judged."""
    return (
        not in_test
        and not symbol.scope
        and symbol.kind == "function"
        and symbol.name.startswith("test_")
        and naming_style(symbol.name) == SNAKE
    )


def _python_mandate(symbol: Symbol, in_test: bool, function_like: frozenset[str]) -> str | None:
    name = symbol.name
    if name.lstrip("_") in _PYTHON_MANDATED:
        # `_setUp(self, parser_cls)`: a helper standing in for the hook it is named after.
        return "a hook the standard library names (unittest, logging, xml.sax, ast)"
    if _UNITTEST_WORDS.match(name):
        return "in unittest's vocabulary (`assert…`, `skipIf…`), which helpers extend"
    if _test_name(symbol, in_test):
        return "a test's name, which the test runner collects by its prefix"
    if _runner_named(symbol, in_test):
        return "named `test_…` in PEP 8's style, as pytest's tests are"
    if symbol.kind in ("variable", "constant") and _names_a_type(symbol):
        return "a type alias or a type variable, named by typing's rules"
    style = naming_style(name)
    if _literal_constant(symbol, style):
        return "a module-level constant bound to a literal, named as its source spells it"
    if style == UPPER_SNAKE and not symbol.scope and symbol.kind in ("variable", "function"):
        # `IPv4_STYLE_HOSTNAME = re.compile(...)`; `def NO_CALLBACK(...)`, a sentinel passed
        # as `callback=NO_CALLBACK`: named in capitals to be read as a constant.
        return "a module-level name in UPPER_CASE, which marks it a constant"
    if style == PASCAL and symbol.kind in ("function", "method"):
        # A callable that stands in for a class: `Maybe(T)`, `Normal(x, 0, 1)`, a fake's
        # `ClientSession(...)`, a property that returns one (`RelatedObjectDoesNotExist`).
        return "a callable that stands in for a class"
    if style == PASCAL and symbol.kind == "variable":
        return _bound_to_a_class(symbol)
    if style in (SNAKE, CAMEL) and symbol.kind == "class" and qualified(symbol) in function_like:
        # Named like a function, in the project's style for functions (`cached_property`,
        # Twisted's `makeTelnetProtocol`).
        return "a class used like a function (a descriptor, a callable or a context manager)"
    if style != MIXED:
        return None
    # `visit_FunctionDef`, `handle_DATA`; a class named so is drift (`Foo_bar`).
    if symbol.kind != "class" and snake_case_with_names(name):
        return "snake_case around the name of a class, a constant or an acronym"
    if symbol.kind != "class" and camel_case_with_constant(name):
        return "camelCase around the name of a constant, spelt as the constant is"
    return None


def _literal_constant(symbol: Symbol, style: str) -> bool:
    """A module-level name bound to a literal is a constant whatever its case: it often
    copies a name from elsewhere (`PyBUF_SIMPLE = 0`, `METHOD_TLSv12 = "TLSv1.2"`)."""
    if symbol.kind != "variable" or symbol.scope or style in (SNAKE, LOWER):
        return False
    value = _assignment(symbol)[1]
    return bool(value) and value != "…" and _LITERAL_START.match(value) is not None


# `export const NAME: Type = value`, as a JavaScript or TypeScript declaration's signature reads.
_JS_DECLARATION = re.compile(r"\s*(?:export\s+)?(?:const|let|var)\s+[\w$]+\s*(?::[^=]*)?=\s*(.*)")
_JS_LITERAL_START = re.compile(r"""[\[{("'`0-9.+-]|(true|false|null|undefined)\b""")


def _js_literal_constant(symbol: Symbol) -> bool:
    """`export const DEFAULT_DELAY_MS = 150`: a top-level name in UPPER_CASE, or bound to a
    literal in any case but camelCase, is a constant named as constants often are, whatever
    the rest of the project's `const`s (mostly values computed at load) look like."""
    style = naming_style(symbol.name)
    if symbol.kind == "type" and not symbol.scope and style == UPPER_SNAKE:
        return True  # `type MAXIMUM_DEPTH = 20`: a constant at the type level
    if symbol.kind != "constant" or symbol.scope or style in (CAMEL, LOWER):
        return False
    if style == UPPER_SNAKE:  # `const ORIGINAL_STATE = Symbol.for(...)`: marked a constant
        return True
    match = _JS_DECLARATION.match(symbol.signature or "")
    return match is not None and _JS_LITERAL_START.match(match.group(1)) is not None


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


def _naming(
    extract: FileExtract, in_test: bool, facts: FileFacts, project: ProjectFacts
) -> Iterator[Observation]:
    """Names of definitions and the file's name, each in its convention; none that the
    language or a framework dictates, nor one the project's linter settings exempt."""
    language = extract.language
    exemptions = project.naming_exemptions(extract.path)
    for symbol in extract.symbols:
        style = voting_style(symbol.name, language)
        if style == DUNDER or style not in (*VOTING_STYLES, MIXED_CAPS):
            continue
        if mandated_name(symbol, extract.path, language, in_test, facts):
            continue
        key = symbol_naming_key(language, symbol)
        if covering(exemptions, key.id, extract.path, symbol.name) is not None:
            continue
        yield Observation(key, style, extract.path, symbol.name, symbol.name_span, symbol)
    stem = naming_stem(extract.path, language)
    if stem is not None and "__" in stem.strip("_"):
        # `test_scrapy__getattr__`, `test_web__responses`: a name joined to a dunder or a
        # private module's name (`__getattr__`, `_responses`) keeps its underscores.
        stem = re.sub(r"_{2,}", "_", stem).strip("_")
    if stem is not None and _snake_case_with_acronyms(stem):
        # `reflect_helper_IE`, `test_http_GET`: snake_case words and an acronym spelt as
        # it is elsewhere, as functions may be (`do_GET`).
        stem = None
    if stem is not None and (
        facts.command or _supplies_its_namesake(extract, stem) or project.variant_of(extract.path)
    ):
        stem = None
    if stem is not None and not named_after_its_subject(
        stem, extract.symbols, extract.imports, in_test
    ):
        style = voting_style(stem, language)
        if style in VOTING_STYLES:
            subject = file_naming_subject(extract.path, language, extract.symbols)
            key = _file_naming_key(language, subject)
            if covering(exemptions, key.id, extract.path, stem) is None:
                yield Observation(key, style, extract.path, stem)


def _supplies_its_namesake(extract: FileExtract, stem: str) -> bool:
    """A compatibility file named after the platform function it supplies where the
    platform lacks it (tmux's `compat/explicit_bzero.c` defining `explicit_bzero`): the
    platform's name, not the project's style."""
    return language_facts(extract.language).is_compat(extract.path) and any(
        not s.scope and s.kind == "function" and s.name == stem for s in extract.symbols
    )


# A word in one style (`pipeline`, `DeferPreviousToken`, `264VideoFormat`, `deferToken`,
# `SPS`), and a short code that marks a case's variant (`a`, `S`, `SP`, `1P`, `3x`).
_PLAIN_PART = re.compile(
    r"[a-z][a-z0-9]*([A-Z][a-z0-9]*)*|[0-9]*[A-Z][a-z0-9]*([A-Z][a-z0-9]*)*|[A-Z0-9]+"
)
_VARIANT_PART = re.compile(r"[a-z]|[A-Z0-9]{1,3}|\d[A-Za-z0-9]{0,3}")


def _case_variant(stem: str) -> bool:
    """Parts joined by underscores, each a word in one style, one at least a short code, and
    the first a word: `m_refCount` is a member's prefix, not a case's variant."""
    parts = stem.strip("_").split("_")
    if len(parts) < 2 or _VARIANT_PART.fullmatch(parts[0]):
        return False
    if not any(_VARIANT_PART.fullmatch(p) for p in parts[1:]):
        return False
    return all(_PLAIN_PART.fullmatch(p) or _VARIANT_PART.fullmatch(p) for p in parts)


def _snake_case_with_acronyms(stem: str) -> bool:
    """snake_case words and at least one all-capitals part (`reflect_helper_IE`); not a
    camelCase part (`bash_completionsV2`), which is drift."""
    parts = stem.strip("_").split("_")
    upper = [p for p in parts if p.isupper()]
    return (
        bool(upper)
        and len(upper) < len(parts)
        and all(p.isupper() or p.islower() or p.isdigit() for p in parts)
    )


def _tests(
    extract: FileExtract, project: ProjectFacts, uses: Sequence[LibraryUse]
) -> Iterator[Observation]:
    language = extract.language
    name = file_name(extract.path)
    layout_key = ConventionKey(f"tests.{language}.layout", "test-layout", language, "test-file")
    if language == "rust":
        # Unit tests in a `#[cfg(test)] mod tests` of the file they test. Integration tests
        # under `tests/` are another kind, not another choice: only the modules vote.
        if any(s.kind == "module" and s.name in ("tests", "test") for s in extract.symbols):
            yield Observation(layout_key, INLINE_MODULE, extract.path, name)
        return
    pattern = test_file_pattern(extract.path, language)
    if pattern is None:
        return
    layout = test_layout(extract.path)
    if layout != "tests-folder" and _no_test_framework(extract, uses):
        return  # Twig's `src/TwigTest.php`, the class of a template test: not a test file
    folder = "/".join(folders(extract.path))
    # A test file in a folder with no code (`bench/test_benchmarks.py`) is not beside any
    # code, nor in a tests folder: it says nothing about where tests live.
    if layout == "tests-folder" or project is NO_PROJECT or project.has_code(folder):
        yield Observation(layout_key, layout, extract.path, name)
    if not (
        language == "python" or is_js(language) or language_facts(language).test_naming_is_a_choice
    ):
        return  # Go and Java fix how test files are named (and RSpec, JUnit, XCTest...)
    if is_js(language) and pattern.split(".")[1] not in JS_NAMING_MARKERS:
        return  # `*.vitest.ts`, `*.e2e.ts`: a runner's config picks these, not a style
    naming = ConventionKey(f"tests.{language}.file-naming", "test-layout", language, "test-file")
    yield Observation(naming, pattern, extract.path, name)


def _no_test_framework(extract: FileExtract, uses: Sequence[LibraryUse]) -> bool:
    """Whether a file named like a test shows no test: in a language whose test files
    import their test framework (`LanguageFacts.tests_import_framework`), it imports none
    of `uses`; in one whose tests show by calls (`LanguageFacts.test_calls`), it calls none
    of them and defines no `test_*` method; in one whose tests show by marks
    (`LanguageFacts.tests_marked`), it references none of them."""
    facts = language_facts(extract.language)
    if facts.tests_marked:
        return not any(r.name in facts.test_marks for r in extract.references)
    if facts.test_calls:
        calls = any(r.is_call and r.name in facts.test_calls for r in extract.references)
        return not calls and not any(s.name.startswith("test_") for s in extract.symbols)
    if not facts.tests_import_framework:
        return False
    return not {use.job for use in uses} & {"test-framework", "assertions"}


def _wrapper_of(path: str, library: str) -> bool:
    """Whether `path` lies in the project's own wrapper of `library`: a folder or module
    named like it (fiber's `log/` package around Go's `log`, Twisted's `logger/` and
    `python/log.py` around `logging`). Inside, using the library is the wrapper's job; the
    rest of the project uses the wrapper, so these uses say nothing about its choice."""
    name = re.split(r"[./]", library)[-1].lower()
    for part in [*folders(path), file_name(path).split(".")[0]]:
        part = part.lower().lstrip("_")
        if part in TEST_FOLDERS:
            continue
        if _word_stem(part) == _word_stem(name) or (len(part) >= 3 and name.startswith(part)):
            return True
    return False


def _word_stem(word: str) -> str:
    """`logging`, `logger` -> `logg`: a word without its ending, to compare names."""
    return re.sub(r"(ing|er|s)$", "", word)


def _libraries(extract: FileExtract, uses: Sequence[LibraryUse]) -> Iterator[Observation]:
    language = extract.language
    shared = language_facts(language).shared_source_sets
    votes = shared is None or shared.search(extract.path) is None
    seen_jobs: set[str] = set()
    for use in uses:
        if _wrapper_of(extract.path, use.choice):
            continue
        seen_jobs.add(use.job)
        key = ConventionKey(f"library.{language}.{use.job}", "library", language, use.job)
        yield Observation(key, use.choice, extract.path, use.what, use.span, votes=votes)
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
    """Whether a comment (or the module docstring) in the file's first lines says a tool
    generated it, or its name is one a generator gives (`x_pb2.py`, `x.pb.go`)."""
    if _GENERATED_NAME.search(file_name(extract.path)):
        return True
    for comment in extract.comments:
        if comment.span.start_line >= _GENERATED_HEADER_LINES:
            return False
        if _GENERATED.search(comment.text):
            return True
    return False


def _imports(extract: FileExtract, project: ProjectFacts) -> Iterator[Observation]:
    """Relative or absolute, for each import that could be written either way: one of the
    file's own top-level package (`tests/` importing the library, or a top-level script
    importing a package, has only the absolute form, so it says nothing about style), and
    not a re-export in a package's __init__.py.

    Python imports vote on one of two conventions, by where the module lies: in the file's
    own package (or below it), or elsewhere in the project. Many projects import siblings
    relatively and other packages absolutely, or mix styles only among siblings. Packages
    are counted from the file's distribution (its nearest manifest).

    An import inside a function is checked but does not vote (a cycle or an import's cost
    puts it there); one in a module-level block (`if TYPE_CHECKING:`, `if __name__ ==
    "__main__":`, `try:`) is written for that situation, and neither votes nor is checked."""
    language = extract.language
    path = extract.path
    key = _import_key(language, "import")
    package = project.package_of(path)
    base = package.folder if package is not None else ""
    aliases = package.aliases if package is not None else ()
    own_package, prefix = python_package_and_prefix(path, base)
    own = frozenset(own_package[:1])
    # A package's __init__.py re-exporting its modules (`from .config import AppConfig`) is
    # the idiom even where modules import absolutely: it neither votes nor is flagged.
    init = language == "python" and file_name(path) == "__init__.py"
    if language == "python" and is_script(path):
        return
    in_tests = language == "python" and any(part in TEST_FOLDERS for part in folders(path))
    bodies = [s.span for s in extract.symbols if s.kind in ("function", "method")]
    for imp in extract.imports:
        style = local_import_style(imp, language, own, aliases)
        if style is None or (init and style == "relative"):
            continue
        local = any(b.start_line <= imp.span.start_line <= b.end_line for b in bodies)
        if imp.span.start_col > 0 and (language == "rust" or (language == "python" and not local)):
            # Rust: a `use` inside a function or an inline module (`mod tests { use
            # super::*; }`) is that block's own business.
            continue
        module = imp.module or "."
        target = suggestion = None
        if language == "python":
            near = within_own_package(module, path, base)
            subject = "package-import" if near else "outside-import"
            key = _import_key(language, "test-import" if near and in_tests else subject)
            dotted = absolute_module(module, path, base) if style == "relative" else module
            if dotted is not None:
                target = module_folder(dotted, prefix)
            relative = style == "relative"
            suggestion = dotted if relative else relative_module(module, path, base)
        yield Observation(
            key, style, path, module, imp.span, target=target, suggestion=suggestion,
            votes=not local,
        )  # fmt: skip


def _import_key(language: str, subject: str) -> ConventionKey:
    # The id of imports in the file's own package stays the plain `imports.<lang>.style`:
    # for a flat package it is the only one, and so it was before the split. Test modules
    # importing one another have a style of their own (`tests.helpers` where the library
    # imports its siblings relatively).
    suffix = {"outside-import": ".outside", "test-import": ".tests"}.get(subject, "")
    return ConventionKey(f"imports.{language}.style{suffix}", "import-style", language, subject)


def _idioms(extract: FileExtract) -> Iterator[Observation]:
    language = extract.language
    for subject, choice, text, span in idioms(extract):
        key = ConventionKey(idiom_id(language, subject), IDIOM_CATEGORY, language, subject)
        yield Observation(key, choice, extract.path, text, span)


def why_not_observed(extract: FileExtract, project: ProjectFacts = NO_PROJECT) -> str | None:
    """Why no observation is made in the file, in words that follow "in", or None: it is
    generated, vendored, or another project's by what its header says."""
    if is_generated(extract):
        return "a generated file, named as its generator names"
    if is_vendored(extract.path):
        return "vendored code, which keeps its own project's names"
    if is_test_data(extract.path):
        return "input data for tests, which keeps the names of the cases it holds"
    origin = foreign_origin(extract, project.licence_for(extract.path), project.names)
    if origin is not None:
        return f"a file of another project's ({origin}), which keeps that project's names"
    shipped = project.foreign_folder(extract.path)
    if shipped is not None:
        folder, holder = shipped
        if holder.endswith(" licence"):  # a licence naming nobody, of another kind
            return (
                f"`{folder}/`, another project's code (its licence file names nobody, under"
                f" {holder}, not this project's), which keeps that project's names"
            )
        return (
            f"`{folder}/`, another project's code (its licence file's holder, {holder}, is"
            " not this project's), which keeps that project's names"
        )
    return None


def observe(
    extract: FileExtract,
    table: LibraryTable,
    facts: FileFacts | None = None,
    *,
    project: ProjectFacts = NO_PROJECT,
) -> Iterator[Observation]:
    """Every observation in one file, in a fixed order (none in a generated file, nor in
    vendored code: `is_vendored`, nor in a file copied from another project:
    `provenance.foreign_origin`; no naming in a benchmark: `is_benchmark`). `facts`, if
    the caller has them already, are `file_facts(extract)`; `project`, what the project
    declares, places the file in its package."""
    if why_not_observed(extract, project) is not None:
        return
    in_test = is_test_file(extract.path, extract.language)
    if not is_benchmark(extract.path):
        yield from _naming(extract, in_test, facts or file_facts(extract), project)
    uses = library_uses(extract, table)
    yield from _tests(extract, project, uses)
    # The project's uses of itself (pest's tests of pest) say nothing of a choice.
    yield from _libraries(extract, [use for use in uses if not project.goes_by(use.choice)])
    yield from _imports(extract, project)
    yield from _idioms(extract)
