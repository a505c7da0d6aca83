"""What each language (and its frameworks) settles about names and test files, as data.

The conventions code asks `language_facts(language)` instead of branching on a language:
the idiomatic style per kind of definition, the characters a name may carry that are not
style (Ruby's `empty?`, `save!`, `name=`), names and name patterns the language or a
framework dictates (operator methods, PHP's magic methods, test hooks), whether a test's
name may read as a sentence, how test files are named and whether that is a choice,
whether file names and import style are the project's to choose, and which attributes
mark a copy of a C API. Kept in this package as plain frozen data so that remembered
conventions are inferred afresh when it changes (the digest covers the package).

The older six languages still carry some of this in code (`observe._PYTHON_MANDATED`,
Go's test prefixes, JavaScript's test-file markers) where it needs more than a table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fnmatch import fnmatchcase

SNAKE = "snake_case"
CAMEL = "camelCase"
PASCAL = "PascalCase"
UPPER = "UPPER_CASE"


@dataclass(frozen=True, slots=True)
class Dictated:
    """Names a language or framework dictates: exact names, or a pattern, and why."""

    reason: str
    names: frozenset[str] = frozenset()
    pattern: re.Pattern[str] | None = None
    kinds: frozenset[str] = frozenset()  # empty: any kind
    in_tests_only: bool = False
    # What the definition's signature must show (Ruby's `Alias = Other::Class`).
    signature: re.Pattern[str] | None = None
    # How many of `names` the file must define for one of them to be dictated: a protocol a
    # class implements as a whole (PHP's streamWrapper), not one name that happens to be
    # among its methods (monolog's `StreamHandler::stream_write`, its own helper).
    protocol: int = 0

    def matches(
        self,
        name: str,
        kind: str,
        in_test: bool,
        signature: str = "",
        defined: frozenset[str] = frozenset(),
    ) -> bool:
        if self.in_tests_only and not in_test:
            return False
        if self.protocol and len(self.names & defined) < self.protocol:
            return False
        if self.kinds and kind not in self.kinds:
            return False
        if self.signature is not None and not self.signature.match(signature):
            return False
        if not self.names and self.pattern is None:  # the signature alone decides
            return True
        return name in self.names or (self.pattern is not None and bool(self.pattern.match(name)))


@dataclass(frozen=True, slots=True)
class LanguageFacts:
    """One language's naming and test-file knowledge (see the module docstring)."""

    # The style the language's own guide gives each kind (`method` -> PascalCase in C#).
    # An override in another style is taken for a copy of its base's name.
    naming: dict[str, str] = field(default_factory=dict)
    # Characters that end a name without being part of its style.
    name_suffixes: str = ""
    dictated: tuple[Dictated, ...] = ()
    # Test names that read as sentences (`Total_WithTax_AddsRate`, `` `adds an item` ``).
    sentence_tests: bool = False
    # Test files by name (shell-style patterns on the file name), first match wins.
    test_files: tuple[str, ...] = ()
    # Folders whose files are the project's code whatever their names, by the build's
    # layout: Gradle's and Maven's `src/main/` and Kotlin Multiplatform's `src/jvmMain/`
    # (tests live in `src/test/`, `src/jvmTest/`). `AndroidInstrumentedTests.kt` in a build
    # plugin's `src/main/` configures tests. Not SwiftPM's `Sources/`, where a package may
    # put a test target (RxSwift's `Sources/AllTestz/`).
    code_roots: re.Pattern[str] | None = None
    # Whether a project chooses among these names (`test_x.c` or `x_test.c`), rather than
    # its test framework choosing for it (RSpec's `_spec.rb`, JUnit's `Test.kt`).
    test_naming_is_a_choice: bool = False
    # Whether a file's name is the project's to style: not where it is the command the
    # file installs as (a shell script's name is what users and udev rules type).
    file_names_styled: bool = True
    # Endings of a file's name that say what part of another file it is, not words of its
    # name, dropped before its style is judged: a Go or Python test's `_test`, C++'s
    # `-inl`/`_inl` for the inline half of a header (Google's `logging-inl.h`, CLI11's
    # `App_inl.hpp` beside `App.hpp`).
    file_role_suffixes: tuple[str, ...] = ()
    # Marks of a generic type in a file's name, dropped before its style is judged: .NET's
    # arity (`Mock`1.cs`, `CharacteristicObject`1.cs`, as the runtime names the type) and
    # StyleCop's type parameters (`Meta{T}.cs`).
    generic_marks: re.Pattern[str] | None = None
    # Files named after what a tool publishes, not in the project's style: a `.gemspec` takes
    # its gem's name (`rack-attack.gemspec`), dashes and all.
    named_by_tool: tuple[str, ...] = ()
    # How a module path names its top package, where a project may import its own code by
    # that path or relatively (Python's `pkg.mod` or `.mod`); "" where the language has no
    # such choice or the path does not show it.
    module_separator: str = ""
    # Whether relative against absolute imports is a choice the imports show. Not for a
    # C `#include "x.h"` (an own header included with `<...>` looks like a library's),
    # nor for PHP's `require` or Bash's `source` of a file, which are always by path.
    import_style_shown: bool = True
    # Attributes that make a definition mirror a foreign (C) API, whose names it copies.
    foreign_marks: frozenset[str] = frozenset()
    # Modifiers that declare a definition defined outside the language, which the code only
    # binds (Kotlin's `external`: a JavaScript class or function on Kotlin/JS, a native one
    # through JNI): it and every member under it take the names the other side defines
    # (sqldelight's binding of sql.js, `open external class Database { fun
    # create_function(...) }`).
    binding_modifiers: frozenset[str] = frozenset()
    # Attributes that make a type's instance fields its serialized form (.NET's
    # `[Serializable]`: the runtime's formatters write each field by its name, so that a
    # rename breaks what was stored; .NET's own `System.Version` keeps `_Major` so, and
    # Newtonsoft.Json's copy of it says "Do not rename (binary serialization)").
    serialized_marks: frozenset[str] = frozenset()
    # Generic methods that read a type from JSON by its members' names, the type given as a
    # type argument (Newtonsoft's `JsonConvert.DeserializeObject<B2Authorization>(body)`,
    # System.Text.Json's `JsonSerializer.Deserialize<T>`), as a call names them: the
    # members of that type, of its bases and of the file's types its members hold, are
    # named as the JSON's keys (ShareX's uploaders' `apiUrl` and `session_token`, mirroring
    # Backblaze's and MediaFire's APIs), which System.Text.Json matches by case. So is a
    # generic method of the file that calls one (MediaFire's `DeserializeResponse<T>`).
    # Not MessagePack's `Deserialize<T>`, which reads its keys by index as often as by name.
    json_readers: tuple[str, ...] = ()
    # Attributes that mark a method as a test wherever it is (PHPUnit's `#[Test]`, xUnit's
    # `[Fact]`): its name says what it tests, and may read as a sentence
    # (`it_can_select_a_specific_fragment` in league/csv's test base class under `src/`).
    test_marks: frozenset[str] = frozenset()
    # Attributes and decorators that mark a definition deprecated (Java's `@Deprecated`,
    # C#'s `[Obsolete]`): a name kept for the code that still uses it, not a new choice.
    deprecation_marks: frozenset[str] = frozenset()
    # Whether a definition the extraction calls exported is visible outside the library it
    # is compiled into, by a word the code writes on purpose (Swift's `public`/`open`, C#'s
    # `public`/`protected`; both default to the module's or assembly's own `internal`). Not
    # where exported means visible to the project's other files (Java's `public`, an ES
    # module's `export`, Kotlin's and PHP's public default): those name no library's API.
    exports_library_api: bool = False
    # Whether a leading underscore is decoration a project puts on some kinds of names
    # (.NET's `_itemCount` private fields, C++'s `_size` members), not what makes a name
    # private to its module (Python, JavaScript) or an unused one (Ruby, Go, Rust). A
    # camelCase convention may carry it as its marker; a PascalCase name never does
    # (`_MatchingArgument` is nobody's spelling, and C and C++ reserve it).
    underscore_decorates: bool = False
    # Whether public data members are named apart from private ones (.NET's PascalCase
    # public fields and `_camelCase` private ones; C++'s plain struct members beside a
    # class's `m_`, `its` or trailing-underscore ones): each is its own convention.
    fields_by_access: bool = False
    # Whether private static fields are named apart from instance ones, and `static
    # readonly` ones apart from the other static ones (.NET code names a `static readonly`
    # field like a constant, `MapMethod`, or with a prefix, `s_cache`; its other static
    # fields like those, or like its `_camelCase` instance fields, project by project):
    # each is its own convention.
    static_fields_apart: bool = False
    # Whether instance fields visible to the whole assembly (C#'s `internal`) are named
    # apart from private ones: .NET's guidelines name neither, and projects go both ways
    # (Polly's and Bogus's `internal` fields are PascalCase like public ones beside their
    # `_camelCase` private ones; Newtonsoft.Json's take the private `_camelCase`): each is
    # its own convention.
    internal_fields_apart: bool = False
    # Whether fields visible to derived classes only (C#'s `protected`, `protected internal`
    # and `private protected`) are named apart from public ones: .NET's guidelines name
    # them as public ones, and projects go both ways (Bogus's `protected Name Name` and
    # `protected static readonly string[] BicVowels` are PascalCase; NLog's four protected
    # fields, `_matchingArgument`, `_fileTarget`, are `_camelCase` like its private ones,
    # as NSubstitute's are): each is its own convention.
    protected_fields_apart: bool = False
    # Whether macros with parameters are named apart from those without: a C or C++ macro
    # that stands in for a function is often named like one (redis's `listLength(l)`,
    # htop's `RichString_size(this)`: 71 of its 124 are so), while its constants and guards
    # are in capitals (256 of htop's 305); other projects write both in capitals
    # (nlohmann/json's 186 of 189). Each is its own convention.
    function_macros_apart: bool = False
    # Whether a variable template (C++14's `template <class T> constexpr bool IsFoo = ...`,
    # and each of its specializations) is named apart from plain constants and variables: a
    # value computed from types, which projects name as their traits or types (GSL's
    # `LShiftCompilesFor`, the standard library's `is_same_v`), while their constants follow
    # another style (GSL's `test_value1`). Each is its own convention.
    variable_templates_apart: bool = False
    # Whether the language forbids two definitions of one name in one scope, overloaded
    # methods aside (C#'s CS0102: a field beside a nested class of its name; Swift's invalid
    # redeclaration; Go's field and method of one name): a name whose spelling in the
    # convention's style another definition of its scope has was chosen around it
    # (BenchmarkDotNet's cache `runtimeSpecificData` beside its class `RuntimeSpecificData`).
    one_name_per_scope: bool = False
    # How an accepting comment (`steering: ignore[...]`) is written: what opens it, and
    # what closes it where the language's comment does not end with the line (C's
    # `/* */`: C89 has no `//`, and projects that build with `-std=c89 -pedantic-errors`
    # would stop on one).
    comment: tuple[str, str] = ("//", "")
    # Where constant tables are named apart from scalar constants: the types that make a
    # constant a table (C's `struct` values), beside any array or brace list of several
    # values. C code names a scalar as it would a macro, `PORT`, and a table as it would a
    # variable, `static const struct eventop epollops = {...}` (libevent): each is its own
    # convention. None where a table is named as any other constant: in C++, where a
    # class's private static tables take its members' names (POCO's `_mappingTable` beside
    # its public `MONTH_NAMES`), the split cost more findings than it saved
    # (bench/RESULTS.md, "an eighth newcomer set").
    table_types: re.Pattern[str] | None = None
    # Kinds whose names take either of two styles by what they hold, each idiomatic beside
    # the other (Bash: capitals for what is exported or configured, snake_case for a
    # script's own state, as the Google Shell Style Guide has it): a name in one is not
    # drift from a convention for the other. The reason is said on hover.
    either_styles: dict[str, tuple[frozenset[str], str]] = field(default_factory=dict)
    # Whether a test file imports its test framework (PHPUnit's classes by `use`, XCTest,
    # Quick or Testing, JUnit, kotlin.test): a file named like a test beside the code that
    # imports none is no test (Twig's `src/TwigTest.php`, the class of a template test;
    # Quick's `StopTest.swift`, an error type). Not Python (pytest's tests need no
    # import), JavaScript (a runner's globals) nor C# (a test project's global usings).
    tests_import_framework: bool = False
    # Where a test file need not import its framework (Ruby's `require "test_helper"`), what
    # shows it holds tests: a call of one of these (RSpec's `describe`, minitest's and Rails'
    # `test "..."`) or a method named `test_*`. A file named like a test beside the code that
    # shows none is no test (sidekiq's `lib/sidekiq/test_api.rb`, its testing API).
    test_calls: frozenset[str] = frozenset()
    # Whether a test shows by the marks on it (`test_marks`: C#'s `[Fact]`, `[Test]`) where
    # the framework need not be imported (a test project's global usings): a file named like
    # a test beside the code that references none is no test (refit's sample model
    # `ModelForTest.cs`, NSubstitute's `GetCallSpec.cs`, a call's specification).
    tests_marked: bool = False
    # A test framework's fixture classes, by the bases a class header names (googletest's
    # `::testing::Test`): a class deriving from one, or from a fixture of its own file,
    # names a test suite (`TEST_F(MetaContext, Resolve)`), and the framework asks that a
    # suite's name have no underscore, so in a snake_case project a fixture cannot take
    # the project's style (entt's `struct SparseSet: SparseSetBase` beside
    # `SparseSetBase: testing::Test`).
    fixture_bases: re.Pattern[str] | None = None
    # Namespaces a library keeps its internals in (C++'s `detail`, `xml_detail`, `impl`).
    # A header that puts some definitions in one declares the others its public API.
    internal_namespace: re.Pattern[str] | None = None
    # Files that re-declare a platform's definitions where it lacks them (C's `compat.h`,
    # asio's `old_win_sdk_compat.hpp`, OpenSSH's `openbsd-compat/`): their names are the
    # platform's.
    compat_path: re.Pattern[str] | None = None
    # Whether a method declared private can override or implement a base's: C++'s private
    # virtual functions can; Java's, C#'s, Kotlin's, Swift's, PHP's and TypeScript's cannot,
    # so there a private method is the class's own helper whatever its class derives from.
    private_overrides: bool = True
    # Whether the libraries of the language name their methods in its idiomatic style
    # (PHP's PSR-1, Swift's API Design Guidelines, Kotlin's, Java's, .NET's and Ruby's
    # conventions): then a method in another style cannot be a copy of a base's name, and
    # is judged even in a class whose base lies outside the project. Not so in Python (a
    # Qt widget's `mousePressEvent`), JavaScript or C++.
    idiomatic_libraries: bool = False
    # Whether a plain call in a method's body calls a function, never the method itself,
    # which needs `self.`, `$this->` or `this.` (Python, PHP, JavaScript, TypeScript): then
    # a method calling plainly the function of its own name wraps it (symfony/yaml's
    # `Parser::preg_match`, throwing where PHP's `preg_match` returns false). In C++, Java,
    # C#, Kotlin, Swift and Ruby such a call is the method calling itself.
    methods_call_functions_plainly: bool = False
    # The methods by which a class models a standard container (C++'s `size`, `begin`,
    # `push_back`): a class defining `CONTAINER_MIN` of them is written in the standard
    # library's style, and its other methods in that style take it too (imgui's `ImVector`
    # beside its `push_back`: `find_erase_unsorted`, `size_in_bytes`).
    container_methods: frozenset[str] = frozenset()
    # Folders of code compiled for every platform a build targets (Kotlin Multiplatform's
    # `src/commonMain/` and `src/commonTest/`): only libraries of every platform serve
    # there, so a library used there shows no choice against a platform's own (kotlin.test
    # in `commonTest`, where JUnit cannot be used, says nothing against JUnit in
    # `jvmTest`). Its uses do not vote, and are judged only by a convention for a library
    # that serves every platform (the library table's `platforms`: kotlin.test, not JUnit).
    shared_source_sets: re.Pattern[str] | None = None
    # The words of the language no definition can be named (C++'s `namespace`, Kotlin's
    # `fun`, Ruby's `end`): a name whose spelling in a convention's style is one
    # (`Namespace` among snake_case namespaces, `Default` among camelCase members) was named
    # around it, and no rename into that style is offered or asked for.
    keywords: frozenset[str] = frozenset()

    def idiomatic(self, kind: str) -> str | None:
        return self.naming.get(kind)

    def why_dictated(
        self,
        name: str,
        kind: str,
        in_test: bool,
        signature: str = "",
        defined: frozenset[str] = frozenset(),
    ) -> str | None:
        """Why the language or a framework dictates `name`; `defined` are the names the
        file defines, for a protocol a class implements as a whole."""
        for rule in self.dictated:
            if rule.matches(name, kind, in_test, signature, defined):
                return rule.reason
        return None

    def is_compat(self, path: str) -> bool:
        return self.compat_path is not None and self.compat_path.search(path) is not None

    def in_code_root(self, path: str) -> bool:
        return self.code_roots is not None and self.code_roots.search(path) is not None

    def test_file_pattern(self, file_name: str) -> str | None:
        """The first test-file pattern `file_name` matches with something in its `*`: a
        file named just `Test.php` is Carbon's `Test` trait, not a test of anything."""
        return next(
            (
                p
                for p in self.test_files
                if fnmatchcase(file_name, p) and file_name != p.replace("*", "")
            ),
            None,
        )


# Gradle's main source sets: `src/main/`, Kotlin Multiplatform's `src/commonMain/`.
_GRADLE_MAIN = re.compile(r"(?:^|/)src/(?:main|[a-z][A-Za-z0-9]*Main)/")
# Xcode names the header that exposes Objective-C to a Swift target after the target.
_BRIDGING_HEADER = "-Bridging-Header.h"
# The inline half of a C or C++ header, named after it (`logging-inl.h`, `App_inl.hpp`).
_INLINE_HALF = ("-inl", "_inl")
_OPERATOR_REASON = "an operator method, named by the language"
# C's capitals are the macros' namespace: a function in capitals is written to stand in for
# a macro of that name (glib's `_GLIB_CHECKED_ADD_UINT`, behind `g_uint_checked_add`).
_MACRO_LIKE = Dictated(
    "a function named like the macro it stands in for",
    # A trailing underscore too: libevent's `EVLOCK_TRY_LOCK_` beside its `EVLOCK_LOCK` macros.
    pattern=re.compile(r"^_*[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*_*$"),
    kinds=frozenset({"function"}),
)
# What a C or C++ extension or binding is told to call its entry points by the runtime
# that loads it, and the names of that runtime's own API a compatibility layer defines
# where a version lacks them: CPython's `PyInit_<module>` and its `Py`/`PyErr_...`
# namespace, JNI's `Java_<class>_<method>` and `JNI_OnLoad`, a Ruby extension's `Init_<name>`,
# and the functions libFuzzer calls in a fuzz target (`LLVMFuzzerTestOneInput`, which AFL++
# and OSS-Fuzz's other engines call by that name too), and an embedded program's entry
# points its framework calls: ESP-IDF's `app_main` (ArduinoJson's ESP-IDF build check) and
# FreeRTOS's application hooks (`vApplicationIdleHook`, `vApplicationGetIdleTaskMemory`).
_RUNTIME_NAMES = Dictated(
    "a name the runtime it extends looks up, or one of that runtime's own API",
    pattern=re.compile(
        r"^_?Py(?:[A-Z]|_[A-Z])\w*$|^Java_\w+$|^JNI_On(?:Load|Unload)$|^Init_\w+$"
        r"|^LLVMFuzzer(?:TestOneInput|Initialize|CustomMutator|CustomCrossOver)$"
        r"|^app_main$|^vApplication(?:\w+Hook|Get\w+TaskMemory)$"
    ),
    kinds=frozenset({"function"}),
)
# The configuration FreeRTOS's kernel reads by name from the application's
# `FreeRTOSConfig.h` (a file it includes by that name): `configUSE_PREEMPTION`,
# `configASSERT(x)`, `INCLUDE_vTaskDelay`, and the port's handlers mapped onto the vector
# table's (`#define vPortSVCHandler SVC_Handler`), as in plog's and mongoose's samples.
_FREERTOS_CONFIG = Dictated(
    "a configuration name FreeRTOS's kernel reads from `FreeRTOSConfig.h`",
    pattern=re.compile(r"^config[A-Z][A-Z0-9_]+$|^INCLUDE_[vx][A-Z]\w*$|^[vx]Port\w*Handler$"),
    kinds=frozenset({"macro"}),
)
_FREERTOS_CONFIG_FILE = "FreeRTOSConfig.h"
# A function declared with Windows' calling convention implements a Win32 callback or
# entry point (`VOID CALLBACK LoadAvgCallback(PVOID, BOOLEAN)`), and one declared with
# COM's (`STDMETHODIMP get_Length(UINT32*)`) a method of a COM or WinRT interface: named
# in the style of the API that calls it.
_WIN32_CALLING = Dictated(
    "a Win32 callback or entry point, or a COM method, named as the API that calls it",
    signature=re.compile(
        r".*\b(?:CALLBACK|WINAPI|APIENTRY|NTAPI|WSAAPI|STDMETHODCALLTYPE|STDMETHODIMP"
        r"|STDMETHOD|IFACEMETHODIMP|STDAPI)\b"
    ),
    kinds=frozenset({"function", "method"}),
)
# `namespace SIMDJSON_IMPLEMENTATION`: a macro of several words in capitals, which the
# preprocessor replaces with the namespace's name (each of simdjson's backends defines it
# to its own, `haswell`); Catch2's `INTERNAL_CATCH_MAKE_NAMESPACE` and imgui's
# `IMGUI_STB_NAMESPACE` too. A namespace of one word in capitals is a name (`YAML`, `IPC`).
_MACRO_NAMESPACE = Dictated(
    "a macro the preprocessor replaces with the namespace's name",
    pattern=re.compile(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$"),
    kinds=frozenset({"module"}),
)
# `static bool kFailureSignalHandlerInstalled = false;`, `static int kBacktraceAtLine =
# __LINE__ - 2;` (glog): a variable named as Google's style names constants, `k` and a
# capitalised word, a value its writer means as one; not a variable's name gone wrong.
_GOOGLE_CONSTANT = Dictated(
    "named as Google's style names constants (`kName`), a value its writer means as one",
    pattern=re.compile(r"^k[A-Z][A-Za-z0-9]*$"),
    kinds=frozenset({"variable"}),
)
# `#ifndef MSGPACK_PREDEF_DETAIL__CASSERT_H`: an include guard spells its file's path.
_INCLUDE_GUARD = Dictated(
    "an include guard, named after its file's path",
    pattern=re.compile(r"^_*[A-Z0-9_]*[A-Z0-9]_+(?:H|HPP|HH|HXX|H_INCLUDED|INCLUDED)_*$"),
    kinds=frozenset({"macro"}),
)
# A name C and C++ reserve for the implementation (two leading underscores) in lower case:
# written for a toolchain's or a loader's contract (Hyprland's `__hyprland_api_get_hash`,
# which plugins export and the compositor looks up by that name; `__asan_default_options`),
# not in the project's style. A capitalised one is a helper's own name (psutil's
# `__GetExtendedTcpTable`), judged.
_RESERVED = Dictated(
    "a reserved identifier (`__name`), named for a toolchain's or a loader's contract",
    pattern=re.compile(r"^__[a-z][a-z0-9_]*$"),
    kinds=frozenset({"function", "variable", "constant"}),
)
# `#define _msgpack_be16(x) ntohs(x)`, `#define g_rename rename`: a macro in lower case
# stands in for the function (or variable) it is named like, as `_MACRO_LIKE` is a
# function named as the macro it stands in for.
_FUNCTION_LIKE_MACRO = Dictated(
    "a macro in lower case, named like the function or variable it stands in for",
    pattern=re.compile(r"^_*[a-z][a-z0-9]*(?:_+[a-z0-9]+)*_*$"),
    kinds=frozenset({"macro"}),
    # Any macro with parameters (glib's `g_macro__has_feature(x) 0` stands in for
    # `__has_feature`), and any body but a lone literal, which makes it a constant in the
    # wrong case (`#define max_len 64`, a string that names no header): a name, a call, an
    # expression, a header to include (`_msgpack_atomic_counter_header "gcc_atomic.hpp"`).
    signature=re.compile(
        r"^#\s*define\s+\w+(?:\(|\s*$|\s+(?!(?:-?\d[\w.]*|"
        r"\"(?![^\"]*\.h(?:pp|h|xx)?\")[^\"]*\"|'[^']*')\s*$))"
    ),
)
# Java serialization reads a class's `serialVersionUID` by that name.
_SERIAL_VERSION = Dictated(
    "the name Java serialization reads a class's version by",
    names=frozenset({"serialVersionUID"}),
)
# `typedef stbrp_node stbrp_node_im;`, `using node_ref = node;`: an alias named after the
# type it aliases, with a tag, keeps that type's style (imgui's alias of stb_rect_pack's
# node in a PascalCase project).
_NAMED_AFTER_ALIASED = Dictated(
    "an alias named after the type it aliases, in that type's style",
    kinds=frozenset({"type"}),
    signature=re.compile(
        r"^typedef\s+(?:(?:struct|union|enum|const)\s+)*(?:[\w:]*::)?(\w+)[\s*&]+\1\w+$"
        r"|^using\s+(\w+?)\w+\s*=\s*(?:(?:struct|union|enum|const)\s+)*(?:[\w:]*::)?\2\s*$"
    ),
)
_COMPAT_PATH = re.compile(r"(?:^|[/_-])compat(?:[/_.-]|$)")
_BACKTICKS = Dictated(
    "a name in backticks: a test written as a sentence, or a keyword used as a name",
    pattern=re.compile(r"^`"),
)
# Kotlin's conventions let a factory function take the name of the type it returns
# (`fun ModuleDefinition(block: ...)`), and Compose's functions are named like components;
# Swift's builders do the same.
_FACTORY = Dictated(
    "a factory function named after the type it builds",
    pattern=re.compile(r"^[A-Z][a-z0-9]\w*$"),
    kinds=frozenset({"function", "method"}),
)
_TEST_HOOKS = "a test framework's hook, named by the framework"


# A shell assignment of terminal escapes only: ANSI sequences (`'\e[0;31m'`, `$'\033[1m'`)
# or the bytes of a glyph (`"\342\224\200"`), quoted, and maybe a comment after.
_TERMINAL_ESCAPES = re.compile(
    r"""^\w+=\$?(["']?)(?:\\(?:e|E|033|x1[bB]|[0-3][0-7]{2}|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4})"""
    r"""(?:\[[0-9;?]*[A-Za-z])?)+\1\s*(?:#.*)?$"""
)


def _words(text: str) -> frozenset[str]:
    """The names in `text`, separated by white space (a long list, kept readable)."""
    return frozenset(text.split())


# getopt's API, which a project re-declares where a platform lacks it (libevent's
# `WIN32-Code/getopt.h`: `#define no_argument 0`): the names POSIX and GNU give it.
_GETOPT = Dictated(
    "a name of getopt's API (POSIX's, GNU's `getopt_long`), re-declared where a platform lacks it",
    names=_words(
        "no_argument required_argument optional_argument optarg optind opterr optopt optreset"
        " getopt getopt_long getopt_long_only"
    ),
    kinds=frozenset({"macro", "variable", "constant", "function"}),
)
# The ids of the .NET analyzers' rules about names, by which a `#pragma warning disable` or a
# `[SuppressMessage]` accepts one: StyleCop's SA13xx, the IDE's IDE1006, the .NET analyzers'
# CA1707 and CA1709, the compiler's CS8981 (a warning may be given by its number alone).
CSHARP_NAMING_RULES = r"SA13\d\d|IDE1006|CA1707|CA1709|(?:CS)?8981"
# Functions of the C library and POSIX that a project writes itself where a platform lacks
# them (oatpp's `localtime_r` over `_localtime64_s` on Windows, its `inet_ntop` for old
# MinGW): the callers use the standard name, so the shim must have it.
_LIBC_SHIMS = Dictated(
    "a function of the C library or POSIX, written where a platform lacks it, by its name",
    names=_words(
        "inet_ntop inet_pton localtime_r gmtime_r ctime_r asctime_r strtok_r strerror_r"
        " strndup strnlen strlcpy strlcat strcasecmp strncasecmp strcasestr strsep strptime"
        " memmem memrchr asprintf vasprintf snprintf vsnprintf setenv unsetenv gettimeofday"
        " clock_gettime usleep nanosleep realpath getline getdelim timegm mkstemp mkdtemp"
        " fnmatch basename dirname getpagesize"
    ),
    kinds=frozenset({"function"}),
)

# `using size_t = unsigned int;` in jsoncpp's iterators: an alias named after the standard
# type it stands in for, beside the protocol's `difference_type`.
_STD_TYPE_NAMES = Dictated(
    "named after the standard type it stands in for",
    names=_words(
        "size_t ssize_t ptrdiff_t intptr_t uintptr_t intmax_t uintmax_t nullptr_t max_align_t"
        " int8_t int16_t int32_t int64_t uint8_t uint16_t uint32_t uint64_t"
    ),
    kinds=frozenset({"type"}),
)
# What the C++ standard library's generic code looks up by name: the member types of its
# container, iterator, allocator, tuple and type-trait protocols (`value_type`,
# `const_iterator`, `iterator_category`, `element_type`), and the members and free
# functions range-for, the algorithms and ADL call (`begin`, `size`, `push_back`, `swap`,
# `c_str`), and those of the asynchronous and thread types, which a wrapper standing in for
# one mirrors (`std::future`'s `wait_for` on cpr's `AsyncWrapper`; `std::thread`'s `join`).
# A class that models a std concept takes these names whatever its own style.
_STD_PROTOCOL = Dictated(
    "a name the C++ standard library's protocols look up (a container's, iterator's, "
    "allocator's or type trait's)",
    names=_words(
        "value_type reference const_reference pointer const_pointer iterator const_iterator"
        " reverse_iterator const_reverse_iterator difference_type size_type"
        " iterator_category iterator_concept element_type key_type mapped_type key_compare"
        " value_compare hasher key_equal allocator_type traits_type char_type int_type"
        " pos_type off_type first_type second_type result_type argument_type"
        " first_argument_type second_argument_type is_transparent deleter_type rebind"
        " other is_always_equal propagate_on_container_copy_assignment"
        " propagate_on_container_move_assignment propagate_on_container_swap"
        " begin end cbegin cend rbegin rend crbegin crend size max_size empty data"
        " push_back emplace_back pop_back push_front emplace_front pop_front emplace insert"
        " erase clear reserve capacity resize shrink_to_fit swap front back at find count"
        " contains lower_bound upper_bound equal_range try_emplace insert_or_assign"
        " emplace_hint c_str length substr starts_with ends_with remove_prefix"
        " remove_suffix get reset release get_deleter allocate deallocate construct"
        " destroy what lock unlock try_lock lock_shared unlock_shared try_lock_shared"
        " notify_one notify_all has_value value_or holds_alternative get_if any_cast"
        " visit tuple_size tuple_element hash"
        " wait wait_for wait_until valid share get_future set_value set_exception"
        " set_value_at_thread_exit set_exception_at_thread_exit join joinable detach get_id"
        " native_handle try_lock_for try_lock_until request_stop get_stop_token"
    ),
    kinds=frozenset({"method", "function", "type", "struct", "class", "field"}),
)

# The members of the C++ containers' interface, which a class of a project's own models.
_STD_CONTAINER_METHODS = _words(
    "begin end cbegin cend rbegin rend size max_size empty data push_back emplace_back"
    " pop_back push_front emplace_front pop_front insert erase clear reserve capacity resize"
    " shrink_to_fit swap front back at"
)
# The types of a C constant that make it a table (`table_types`).
_C_TABLE_TYPES = re.compile(r"\b(?:struct|union)\b")
# How many of a language's `container_methods` make a class a container.
CONTAINER_MIN = 2

# ECMAScript's reserved words (TypeScript's `type` or `as` are contextual: names too).
_JS_KEYWORDS = _words(
    "await break case catch class const continue debugger default delete do else enum export"
    " extends false finally for function if implements import in instanceof interface let new"
    " null package private protected public return static super switch this throw true try"
    " typeof var void while with yield"
)

_LANGUAGES: dict[str, LanguageFacts] = {
    # PEP 702's `@warnings.deprecated` (and typing_extensions' before it). Its keywords are
    # the standard library's `keyword.kwlist` (`checks.is_reserved`).
    "python": LanguageFacts(
        methods_call_functions_plainly=True,
        comment=("#", ""),
        naming={"method": SNAKE},
        file_role_suffixes=("_test",),
        module_separator=".",
        deprecation_marks=frozenset({"deprecated"}),
    ),
    "java": LanguageFacts(
        underscore_decorates=True,
        keywords=_words(
            "abstract assert boolean break byte case catch char class const continue default do"
            " double else enum extends false final finally float for goto if implements import"
            " instanceof int interface long native new null package private protected public"
            " return short static strictfp super switch synchronized this throw throws"
            " transient true try void volatile while"
        ),
        tests_import_framework=True,
        code_roots=_GRADLE_MAIN,
        idiomatic_libraries=True,
        naming={"method": CAMEL},
        deprecation_marks=frozenset({"Deprecated"}),
        dictated=(_SERIAL_VERSION,),
        private_overrides=False,
    ),
    "go": LanguageFacts(
        keywords=_words(
            "break case chan const continue default defer else fallthrough for func go goto if"
            " import interface map package range return select struct switch type var"
        ),
        naming={"method": PASCAL},
        file_role_suffixes=("_test",),
        one_name_per_scope=True,
    ),
    "javascript": LanguageFacts(keywords=_JS_KEYWORDS, methods_call_functions_plainly=True),
    "typescript": LanguageFacts(
        keywords=_JS_KEYWORDS, private_overrides=False, methods_call_functions_plainly=True
    ),
    "tsx": LanguageFacts(
        keywords=_JS_KEYWORDS, private_overrides=False, methods_call_functions_plainly=True
    ),
    "rust": LanguageFacts(
        keywords=_words(
            "as async await break const continue crate dyn else enum extern false fn for if impl"
            " in let loop match mod move mut pub ref return self Self static struct super trait"
            " true type unsafe use where while"
        ),
        naming={"method": SNAKE},
    ),
    # .NET's naming guidelines: PascalCase for types, methods, properties and constants.
    "csharp": LanguageFacts(
        underscore_decorates=True,
        keywords=_words(
            "abstract as base bool break byte case catch char checked class const continue"
            " decimal default delegate do double else enum event explicit extern false finally"
            " fixed float for foreach goto if implicit in int interface internal is lock long"
            " namespace new null object operator out override params private protected public"
            " readonly ref return sbyte sealed short sizeof stackalloc static string struct switch"
            " this throw true try typeof uint ulong unchecked unsafe ushort using virtual void"
            " volatile while"
        ),
        idiomatic_libraries=True,
        naming={
            "class": PASCAL,
            "interface": PASCAL,
            "struct": PASCAL,
            "record": PASCAL,
            "enum": PASCAL,
            "method": PASCAL,
            "property": PASCAL,
            "constant": PASCAL,
            "field": CAMEL,
        },
        sentence_tests=True,
        test_files=("*Tests.cs", "*Test.cs", "*Spec.cs"),
        # Interop: a struct laid out as C's, a function imported from a C library.
        foreign_marks=frozenset({"StructLayout", "DllImport", "LibraryImport"}),
        serialized_marks=frozenset({"Serializable"}),
        json_readers=(
            "JsonConvert.DeserializeObject",
            "JsonSerializer.Deserialize",
            "JsonSerializer.DeserializeAsync",
            "ToObject",
            "ReadFromJsonAsync",
            "GetFromJsonAsync",
        ),
        test_marks=frozenset(
            {"Fact", "Theory", "Test", "TestCase", "TestMethod", "DataTestMethod"}
        ),
        tests_marked=True,
        generic_marks=re.compile(r"`\d*|\{[^}]*\}"),
        deprecation_marks=frozenset({"Obsolete"}),
        exports_library_api=True,
        fields_by_access=True,
        static_fields_apart=True,
        internal_fields_apart=True,
        protected_fields_apart=True,
        one_name_per_scope=True,
        private_overrides=False,
    ),
    # The Ruby style guide: snake_case methods, CamelCase classes and modules,
    # SCREAMING_SNAKE_CASE constants. `?`, `!` and `=` end predicates, bang and setter methods.
    "ruby": LanguageFacts(
        comment=("#", ""),
        keywords=_words(
            "BEGIN END alias and begin break case class def do else elsif end ensure false for if"
            " in module next nil not or redo rescue retry return self super then true undef unless"
            " until when while yield"
        ),
        idiomatic_libraries=True,
        named_by_tool=(".gemspec", ".podspec"),  # and `index.languages.TOOL_FILES`
        naming={
            "class": PASCAL,
            "module": PASCAL,
            "method": SNAKE,
            "function": SNAKE,
            "constant": UPPER,
        },
        name_suffixes="?!=",
        # `require "rack/session/dalli"` may name another gem's file under this gem's
        # folder (dalli adds it to rack's): a path does not show the file is the
        # project's own, so `require` against `require_relative` is not judged.
        import_style_shown=False,
        dictated=(
            Dictated(
                "a hook Ruby calls by this name",
                names=frozenset(
                    {"method_missing", "respond_to_missing?", "initialize_copy", "to_s"}
                ),
            ),
            Dictated(_TEST_HOOKS, names=frozenset({"setup", "teardown"}), in_tests_only=True),
            # `File = Files`, `Info = Struct.new(...)`, `Unset = Object.new`, `App = lambda`,
            # `Reference = ClassCache.new`, `CompatClient = RedisClient::Decorator.create(...)`
            # (a class a factory made): a constant that holds a class, a module or what
            # stands for one (a singleton) is named like one. So is a Sorbet type, an alias
            # or a generic's member (brew's `SourceOptions = T.type_alias { ... }`,
            # `Elem = type_member`).
            Dictated(
                "a constant bound to a class, a module, a type or what stands for one,"
                " named like one",
                kinds=frozenset({"constant"}),
                signature=re.compile(
                    r"[A-Z]\w*\s*=\s*(?:(?:::)?[A-Z]\w*(?:::[A-Z]\w*)*\s*$"
                    r"|(?:::)?[A-Z]\w*(?:::[A-Z]\w*)*\.(?:new|define|create)\b"
                    r"|T\.type_alias\b|type_member\b|type_template\b"
                    r"|lambda\b|proc\b|->)"
                ),
            ),
        ),
        test_files=("*_spec.rb", "*_test.rb", "test_*.rb"),
        test_calls=frozenset({"describe", "context", "it", "specify", "test", "feature"}),
    ),
    # PSR-1 and PSR-12: StudlyCaps classes, camelCase methods, UPPER_CASE class constants.
    "php": LanguageFacts(
        underscore_decorates=True,
        methods_call_functions_plainly=True,
        keywords=_words(
            "abstract and array as break callable case catch class clone const continue declare"
            " default do echo else elseif empty enddeclare endfor endforeach endif endswitch"
            " endwhile enum eval exit extends final finally fn for foreach function global goto if"
            " implements include include_once instanceof insteadof interface isset list match"
            " namespace new or print private protected public readonly require require_once return"
            " static switch throw trait try unset use var while xor yield"
        ),
        tests_import_framework=True,
        idiomatic_libraries=True,
        naming={
            "class": PASCAL,
            "interface": PASCAL,
            "trait": PASCAL,
            "enum": PASCAL,
            "method": CAMEL,
            "constant": UPPER,
        },
        dictated=(
            Dictated("a magic method, named by PHP", pattern=re.compile(r"^__[a-z]")),
            # A class `stream_wrapper_register` registers answers PHP's calls by these names.
            Dictated(
                "a stream wrapper's method, named by PHP's streamWrapper protocol",
                names=frozenset(
                    {
                        "dir_closedir",
                        "dir_opendir",
                        "dir_readdir",
                        "dir_rewinddir",
                        "stream_cast",
                        "stream_close",
                        "stream_eof",
                        "stream_flush",
                        "stream_lock",
                        "stream_metadata",
                        "stream_open",
                        "stream_read",
                        "stream_seek",
                        "stream_set_option",
                        "stream_stat",
                        "stream_tell",
                        "stream_truncate",
                        "stream_write",
                        "url_stat",
                    }
                ),
                kinds=frozenset({"method"}),
                protocol=2,
            ),
            Dictated(
                _TEST_HOOKS,
                names=frozenset({"setUp", "tearDown", "setUpBeforeClass", "tearDownAfterClass"}),
                in_tests_only=True,
            ),
        ),
        sentence_tests=True,
        private_overrides=False,
        test_files=("*Test.php",),
        test_marks=frozenset({"Test"}),
        import_style_shown=False,
    ),
    # The Linux kernel, GNU and most C codebases: snake_case, macros in UPPER_CASE.
    "c": LanguageFacts(
        comment=("/*", " */"),
        underscore_decorates=True,
        keywords=_words(
            "alignas alignof auto bool break case char const constexpr continue default do double"
            " else enum extern false float for goto if inline int long nullptr register restrict"
            " return short signed sizeof static static_assert struct switch thread_local true"
            " typedef typeof union unsigned void volatile while"
        ),
        naming={"function": SNAKE, "macro": UPPER, "struct": SNAKE, "type": SNAKE},
        function_macros_apart=True,
        dictated=(
            _MACRO_LIKE,
            _NAMED_AFTER_ALIASED,
            _INCLUDE_GUARD,
            _FUNCTION_LIKE_MACRO,
            _RUNTIME_NAMES,
            _FREERTOS_CONFIG,
            _WIN32_CALLING,
            _GETOPT,
            _LIBC_SHIMS,
            _RESERVED,
            _GOOGLE_CONSTANT,
            # GObject's marshallers are named after the C signature they marshal.
            Dictated(
                "a marshaller named after its signature (GObject's `VOID__UINT`)",
                pattern=re.compile(r"^[a-z0-9_]+_[A-Z0-9]+(?:_[A-Z0-9]+)*__[A-Z0-9_]+v?$"),
            ),
        ),
        test_files=("test_*.c", "*_test.c", "*_tests.c", "test-*.c", "*-test.c"),
        test_naming_is_a_choice=True,
        import_style_shown=False,
        compat_path=_COMPAT_PATH,
        named_by_tool=(_BRIDGING_HEADER, _FREERTOS_CONFIG_FILE),
        file_role_suffixes=_INLINE_HALF,
        table_types=_C_TABLE_TYPES,
    ),
    # C++ has no single guide (the standard library is snake_case, Google's PascalCase):
    # only what the language dictates.
    "cpp": LanguageFacts(
        underscore_decorates=True,
        keywords=_words(
            "alignas alignof and and_eq asm auto bitand bitor bool break case catch char char16_t"
            " char32_t char8_t class co_await co_return co_yield compl concept const const_cast"
            " consteval constexpr constinit continue decltype default delete do double"
            " dynamic_cast else enum explicit export extern false float for friend goto if inline"
            " int long mutable namespace new noexcept not not_eq nullptr operator or or_eq private"
            " protected public register reinterpret_cast requires return short signed sizeof"
            " static static_assert static_cast struct switch template this thread_local throw true"
            " try typedef typeid typename union unsigned using virtual void volatile wchar_t while"
            " xor xor_eq"
        ),
        naming={"macro": UPPER},
        function_macros_apart=True,
        variable_templates_apart=True,
        dictated=(
            _MACRO_LIKE,
            _MACRO_NAMESPACE,
            _NAMED_AFTER_ALIASED,
            _INCLUDE_GUARD,
            _FUNCTION_LIKE_MACRO,
            _RUNTIME_NAMES,
            _FREERTOS_CONFIG,
            _WIN32_CALLING,
            _GETOPT,
            _LIBC_SHIMS,
            _RESERVED,
            _GOOGLE_CONSTANT,
            Dictated(_OPERATOR_REASON, pattern=re.compile(r"^operator\W|^operator\s")),
            _STD_PROTOCOL,
            _STD_TYPE_NAMES,
            Dictated("a destructor, named after its class", pattern=re.compile(r"^~")),
            # `template <> struct hash<Key>`, `struct Wrapper<T[N]>`: a specialization takes
            # the name of the template it specializes, which may be another library's.
            Dictated(
                "a specialization of a template, named by the template it specializes",
                kinds=frozenset({"class", "struct"}),
                signature=re.compile(
                    r".*\b(?:struct|class)\s+(?:[A-Za-z_]\w*\s+)*[A-Za-z_][\w:]*\s*<"
                ),
            ),
            # `using RealLimits = std::numeric_limits<RealIntegerType>;` in a library whose
            # own types are snake_case: a helper alias takes the style of the template
            # parameters it is built from.
            Dictated(
                "an alias named like the template parameters it is built from",
                pattern=re.compile(r"^[A-Z][a-z0-9]\w*$"),
                kinds=frozenset({"type"}),
                signature=re.compile(r"using\s+\w+\s*=.*\b[A-Z][a-z0-9]\w*"),
            ),
            # "Name your test suite (not test) *DeathTest when it contains a death test",
            # googletest's advanced guide says, so that its death tests run first. A
            # fixture's alias takes that name (entt's `using SparseSetDeathTest =
            # SparseSet<Type>;`).
            Dictated(
                "a googletest death test suite, which googletest asks be named `*DeathTest`",
                pattern=re.compile(r"^[A-Z][A-Za-z0-9]*DeathTest$"),
                kinds=frozenset({"class", "struct", "type"}),
            ),
            # The virtual hooks a googletest fixture overrides.
            Dictated(
                _TEST_HOOKS,
                names=_words(
                    "SetUp TearDown SetUpTestSuite TearDownTestSuite SetUpTestCase"
                    " TearDownTestCase TestBody"
                ),
                kinds=frozenset({"method"}),
                in_tests_only=True,
            ),
        ),
        test_files=(
            "*_test.cc",
            "*_test.cpp",
            "*_unittest.cc",
            "*_unittest.cpp",
            "test_*.cc",
            "test_*.cpp",
            "*Test.cpp",
            "*Tests.cpp",
        ),
        test_naming_is_a_choice=True,
        import_style_shown=False,
        fields_by_access=True,
        fixture_bases=re.compile(r"^(?:::)?testing::(?:Test|TestWithParam|WithParamInterface)$"),
        container_methods=_STD_CONTAINER_METHODS,
        internal_namespace=re.compile(r"^(?:\w+_)?(?:detail|details|internal|impl|aux)$"),
        compat_path=_COMPAT_PATH,
        file_role_suffixes=_INLINE_HALF,
    ),
    # Kotlin's coding conventions: PascalCase types, camelCase functions and properties,
    # UPPER_CASE `const val`.
    "kotlin": LanguageFacts(
        underscore_decorates=True,
        keywords=_words(
            "as break class continue do else false for fun if in interface is null object package"
            " return super this throw true try typealias typeof val var when while"
        ),
        tests_import_framework=True,
        shared_source_sets=re.compile(r"(?:^|/)src/common(?:Main|Test)/"),
        binding_modifiers=frozenset({"external"}),
        idiomatic_libraries=True,
        naming={
            "class": PASCAL,
            "interface": PASCAL,
            "enum": PASCAL,
            "method": CAMEL,
            "function": CAMEL,
            "property": CAMEL,
            "constant": UPPER,
        },
        dictated=(
            _BACKTICKS,
            _FACTORY,
            _SERIAL_VERSION,
            # "Names of constants (`const` properties, or `val`s of an object holding
            # deeply immutable data) should use uppercase underscore-separated names."
            Dictated(
                "a constant `val`, named in capitals as Kotlin's conventions name constants",
                pattern=re.compile(r"^_*[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$"),
                kinds=frozenset({"property", "variable"}),
            ),
            # "Names of properties holding references to singleton objects can use the same
            # naming style as object declarations": a `val` given an object expression or
            # an instance of a type built where it is declared (`= object : Target {`,
            # `= MeasurePolicy { ... }`, `= Extras.Key(Unit)`), as Compose names them.
            # A plain value (`= SDK_INT < 34`) is not one.
            Dictated(
                "a `val` holding a singleton-like object, which Kotlin lets be named like one",
                pattern=re.compile(r"^[A-Z][a-z0-9]\w*$"),
                kinds=frozenset({"property", "variable"}),
                signature=re.compile(
                    r"^(?:[\w@]+\s+)*val\s+\w+\s*(?::[^=]*)?=\s*"
                    r"(?:object\b|(?:[A-Za-z_]\w*\.)*[A-Z]\w*\s*(?:<[^=]*>\s*)?[({]"
                    # Or standing for one by its name: okio's `val Okio = `-DeprecatedOkio``.
                    r"|`[^`]+`\s*$|(?:[A-Za-z_]\w*\.)*[A-Z]\w*\s*$)"
                ),
            ),
            # A Gradle build script's property delegated to a project property, read by its
            # name from `gradle.properties` or `-P` (`val koin_compose_version: String by
            # project`, `val NDK_VERSION by extra(...)`).
            Dictated(
                "a Gradle property, read by the name `gradle.properties` gives it",
                kinds=frozenset({"property", "variable"}),
                signature=re.compile(
                    r"^(?:[\w@]+\s+)*va[lr]\s+\w+\s*(?::[^=]*?)?\s*by\s+"
                    r"(?:project|extra|rootProject|settings)\b"
                ),
            ),
            # Compose's API guidelines: a CompositionLocal's key is named `LocalX`.
            Dictated(
                "a CompositionLocal, which Compose's guidelines name `LocalX`",
                pattern=re.compile(r"^Local[A-Z]\w*$"),
                kinds=frozenset({"property", "variable"}),
                # Built by `staticCompositionLocalOf`, typed as one (an `expect val`), or
                # standing for another (`actual val LocalX get() = LocalContext`).
                signature=re.compile(
                    r"^(?:[\w@]+\s+)*val\s+\w+\b.*?"
                    r"(?:[cC]ompositionLocal\w*|=\s*Local[A-Z]\w*$)"
                ),
            ),
        ),
        sentence_tests=True,
        # A Gradle script is named by Gradle (`build.gradle.kts`) or names the plugin id it
        # defines, which Gradle's own plugins write in kebab-case (`publish-java.gradle.kts`,
        # applied as `apply(from = ".../publish-java.gradle.kts")` or by that id).
        named_by_tool=(".gradle.kts",),
        # A Kotlin Multiplatform file for one platform carries its name (`DecoderTest.jvm.kt`).
        test_files=("*Test.kt", "*Tests.kt", "*Spec.kt", "*Test.*.kt", "*Tests.*.kt"),
        code_roots=_GRADLE_MAIN,
        # A function Kotlin/Wasm imports from the host under the host's own name.
        foreign_marks=frozenset({"WasmImport"}),
        test_marks=frozenset({"Test", "ParameterizedTest"}),
        deprecation_marks=frozenset({"Deprecated"}),
        private_overrides=False,
    ),
    # Swift's API design guidelines: UpperCamelCase types, lowerCamelCase everything else.
    "swift": LanguageFacts(
        underscore_decorates=True,
        keywords=_words(
            "Any Self as associatedtype await break case catch class continue default defer"
            " deinit do else enum extension fallthrough false fileprivate for func guard if import"
            " in init inout internal is let nil open operator precedencegroup private protocol"
            " public repeat rethrows return self static struct subscript super switch throw throws"
            " true try typealias var where while"
        ),
        tests_import_framework=True,
        idiomatic_libraries=True,
        naming={
            "class": PASCAL,
            "struct": PASCAL,
            "enum": PASCAL,
            "interface": PASCAL,
            "method": CAMEL,
            "function": CAMEL,
            "property": CAMEL,
            "constant": CAMEL,
        },
        dictated=(
            _BACKTICKS,
            _FACTORY,
            Dictated(
                _TEST_HOOKS,
                names=frozenset({"setUp", "tearDown", "setUpWithError", "tearDownWithError"}),
                in_tests_only=True,
            ),
        ),
        sentence_tests=True,
        test_files=("*Tests.swift", "*Test.swift"),
        one_name_per_scope=True,
        # `@available(*, deprecated, ...)` (extraction keeps the word as a reference).
        deprecation_marks=frozenset({"deprecated", "unavailable"}),
        exports_library_api=True,
        private_overrides=False,
    ),
    # Google's shell style guide: lowercase functions and variables, UPPER_CASE constants
    # and environment variables.
    "bash": LanguageFacts(
        comment=("#", ""),
        keywords=_words(
            "case do done elif else esac fi for function if in select then time until while"
        ),
        naming={"function": SNAKE, "constant": UPPER},
        dictated=(
            # A prompt theme's palette: `BRed='\e[1;31m'`, `Line="\342\224\200"`, named
            # as the colour table it was copied from names them (regular `Red`, bold
            # `BRed`, intense `IRed`), not in the project's style.
            Dictated(
                "a terminal palette entry (a colour's or a glyph's escapes), named as the"
                " colour table it comes from names it",
                kinds=frozenset({"variable"}),
                signature=_TERMINAL_ESCAPES,
            ),
            # shUnit2 calls a test script's functions by these names (git-ftp's tests).
            Dictated(
                _TEST_HOOKS,
                names=frozenset({"oneTimeSetUp", "oneTimeTearDown", "setUp", "tearDown"}),
                kinds=frozenset({"function"}),
                in_tests_only=True,
            ),
            # A test script's own assertions, named as shUnit2's are (`assertEquals`,
            # `assertTrue`): git-ftp's `assertRemoteFileExists` beside them.
            Dictated(
                "a test script's own assertion, named as its framework's assertions are"
                " (shUnit2's `assertEquals`)",
                pattern=re.compile(r"^assert[A-Z][A-Za-z0-9]*$"),
                kinds=frozenset({"function"}),
                in_tests_only=True,
            ),
        ),
        either_styles={
            "variable": (
                frozenset({UPPER, SNAKE}),
                "a shell variable, in capitals when exported or configured and in "
                "snake_case when the script's own",
            ),
        },
        file_names_styled=False,
        import_style_shown=False,
        test_files=("test_*.sh", "*_test.sh", "test-*.sh"),
        test_naming_is_a_choice=True,
    ),
}

NO_FACTS = LanguageFacts()
# Every language's foreign and deprecation marks: references an index keeps for the
# conventions.
FOREIGN_MARKS = frozenset(mark for facts in _LANGUAGES.values() for mark in facts.foreign_marks)
TEST_MARKS = frozenset(mark for facts in _LANGUAGES.values() for mark in facts.test_marks)
SERIALIZED_MARKS = frozenset(
    mark for facts in _LANGUAGES.values() for mark in facts.serialized_marks
)
JSON_READERS = frozenset(
    reader.rpartition(".")[2] for facts in _LANGUAGES.values() for reader in facts.json_readers
)
DEPRECATION_MARKS = frozenset(
    mark for facts in _LANGUAGES.values() for mark in facts.deprecation_marks
)


# Every language's `test_calls`, which an index keeps the references of.
ALL_TEST_CALLS = frozenset(c for facts in _LANGUAGES.values() for c in facts.test_calls)


def language_facts(language: str) -> LanguageFacts:
    """What `language` settles (an empty `LanguageFacts` for one this table lacks)."""
    return _LANGUAGES.get(language, NO_FACTS)


def style_part(name: str, language: str) -> str:
    """`name` without the ending characters that are not style (`empty?` -> `empty`)."""
    suffixes = language_facts(language).name_suffixes
    return name.rstrip(suffixes) or name if suffixes else name
