"""File-level facts conventions vote on: test files (name, place), file-name style, import style.

Everything here is a pure function of a workspace-relative POSIX path (and, for import
style, of one import), so that inference and checks agree on what a file is.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from steering_index.conventions.language_data import language_facts
from steering_index.index.languages import TOOL_FILES
from steering_index.model import Import, Symbol

TEST_FOLDERS = frozenset({"tests", "test", "__tests__", "testing", "spec", "specs"})
_JS_LANGUAGES = frozenset({"javascript", "typescript", "tsx", "jsx"})
# `cart.test.ts`, `cart.spec.ts`; a runner's own marker (`cart.vitest.ts` beside jest's
# `*.test.ts`), end-to-end (`cart.e2e.ts`, `cart.e2e-spec.ts`) and type tests (`test-d`).
_JS_TEST_MARKERS = frozenset({"test", "spec", "vitest", "e2e", "e2e-spec", "test-d"})
# Only these say how the project names tests; the others are chosen by a runner's config.
JS_NAMING_MARKERS = frozenset({"test", "spec"})
# Names a tool or the language dictates, whatever the project's style.
_FIXED_STEMS = frozenset(
    {"__init__", "__main__", "conftest", "setup", "index", "main", "mod", "lib", "build"}
)


def folders(path: str) -> list[str]:
    """The folders of a workspace-relative POSIX path (`a/b/c.py` -> a, b).

    Plain string work: inference runs this for every file on every index change.
    """
    return path.split("/")[:-1]


# Folders that hold another project's code shipped inside this one (cereal's
# `external/rapidxml`, pip's `_vendor/`, nlohmann's `thirdparty/hedley`, spdlog's
# `fmt/bundled`, taskflow's `3rd-party/eigen-3.3.7`). The index keeps
# them, as code the project builds with; the index leaves out `vendor/` and
# `third_party/` altogether. A project's own code in such a folder (sympy's `external/`,
# its helpers for optional dependencies) is then neither counted nor checked.
_VENDORED_FOLDERS = frozenset(
    {
        *("external", "extern", "_vendor", "vendored", "bundled", "_bundled"),
        *("3rdparty", "3rd-party", "3rd_party", "thirdparty", "third-party", "deps"),
    }
)


# Folders of benchmarks: code that ports another project's algorithm (PARSEC's
# `BlkSchlsEqEuroNoDiv` in taskflow) or names each variant it measures
# (`MessageTemplateCacheBenchmark_Cached` in serilog, JMH's `readByteString_toByteArray`).
_BENCHMARK_FOLDER = re.compile(
    r"^(?:bench|benchmark|benchmarks|jmh|perf)$|(?:Benchmarks?|PerformanceTests|PerfTests)$"
)


def is_benchmark(path: str) -> bool:
    """Whether `path` lies in a folder of benchmarks, whose names no naming convention
    counts or judges."""
    return any(_BENCHMARK_FOLDER.search(part) for part in folders(path))


# A file named after a release of another project (`jquery-3.6.0.slim.js`, copied whole
# into flipper's `public/js/`; `popper-1.12.9.js`, `d3.v7.2.js`): a project does not put
# version numbers in the names of its own sources. The name starts with a letter and holds
# no `@`, so that Swift's `Package@swift-5.9.swift` and PromiseKit's spec-numbered tests
# (`2.3.1.swift`) stay the project's own.
_RELEASE_FILE = re.compile(r"^[A-Za-z][\w.-]*?[-.]v?\d+(?:\.\d+)+(?:[-.][\w.-]*)?\.\w+$")


# A folder named after a release of another project, unpacked into this one (git-ftp's
# `tests/shunit2-2.1.6/`, taskflow's `3rd-party/eigen-3.3.7/`): a name, a hyphen and a
# version of at least two numbers.
_RELEASE_FOLDER = re.compile(r"^[A-Za-z][\w.+-]*?-v?\d+(?:\.\d+)+(?:[-.][A-Za-z0-9]+)*$")


def is_vendored(path: str) -> bool:
    """Whether `path` lies in a folder of vendored code or in one named after another
    project's release, or is a file named after such a release: code which follows its own
    project's conventions, not this one's."""
    return any(
        part in _VENDORED_FOLDERS or _RELEASE_FOLDER.match(part) for part in folders(path)
    ) or bool(_RELEASE_FILE.match(file_name(path)))


# Folders of input data for tests: files a test reads, compiles or lints as they are. Go's
# `testdata` (which the go tool ignores), the Kotlin compiler's and KSP's `testData`, and a
# test source set's `resources` (KSP's `integration-tests/src/test/resources/`, a sample
# project its incremental build compiles; ktlint's, Kotlin written wrong on purpose). Their
# names are the cases the tests exercise, not the project's code.
_TEST_DATA_FOLDERS = frozenset({"testdata", "test-data", "test_data"})


def is_test_data(path: str) -> bool:
    """Whether `path` lies in a folder of input data for tests, which keeps the names of
    the cases it holds."""
    parts = folders(path)
    return any(
        part.lower() in _TEST_DATA_FOLDERS
        or (part == "resources" and at > 0 and is_test_folder(parts[at - 1]))
        for at, part in enumerate(parts)
    )


def file_name(path: str) -> str:
    return path.rpartition("/")[2]


def is_js(language: str) -> bool:
    return language in _JS_LANGUAGES


def test_file_pattern(path: str, language: str) -> str | None:
    """`test_*.py`, `*_test.py`, `*.test.ts`, `*.spec.ts`, `*_test.go`, or None for other files."""
    name = file_name(path)
    if language == "python":
        if name.startswith("test_") and name.endswith(".py"):
            return "test_*.py"
        if name.endswith("_test.py"):
            return "*_test.py"
        return None
    if language == "go":
        return "*_test.go" if name.endswith("_test.go") else None
    if is_js(language):
        parts = name.split(".")
        if len(parts) >= 3 and parts[-2] in _JS_TEST_MARKERS:
            return f"*.{parts[-2]}.{parts[-1]}"
    if language_facts(language).in_code_root(path):
        return None
    if language == "java" and name.removesuffix(".java").endswith(("Test", "Tests")):
        return "*Test.java"
    pattern = language_facts(language).test_file_pattern(name)
    if pattern is not None and f"/{name.split('.')[0]}/{name}" in f"/{path}":
        return None  # a module's main file, named after its folder: `RxTest/RxTest.swift`
    return pattern


# A folder of tests by a name of its own: SwiftPM's `Tests/` and its targets
# (`AlamofireTests`) and an Xcode UI test target (`IntegrationUITests`), a .NET test
# project (`Newtonsoft.Json.Tests`, `UnitTests`), a Kotlin Multiplatform test source set
# (`commonTest`, `androidInstrumentedTest`), a Gradle test source set of a build variant or
# of fixtures (`testDemo`, `androidTestProd`, `testFixtures`). Not `ABTest`, a feature named
# by an acronym, nor `RxTest`, a module of test helpers that users import.
_TEST_FOLDER_NAME = re.compile(
    r"^(?:Unit|Integration|Functional)?Tests?$|\.Tests?$|(?:[a-z0-9]|UI)Tests$"
    r"|^[a-z][A-Za-z0-9]*Test$"
    r"|^(?:test|androidTest)[A-Z][A-Za-z0-9]*$"
)


_WORD_BREAK = re.compile(r"[-_.]")
_TEST_WORDS = frozenset({"test", "tests", "testing"})


@lru_cache(maxsize=4096)
def is_test_folder(name: str) -> bool:
    """Whether a folder of this name holds tests, or what tests share (okio's
    `okio-testing-support`, a `test-utils`, a .NET project `Humanizer.Tests.Shared`)."""
    if name in TEST_FOLDERS:
        return True
    return any(
        word.lower() in _TEST_WORDS or _TEST_FOLDER_NAME.search(word) is not None
        for word in _WORD_BREAK.split(name)
    )


def in_test_folder(path: str) -> bool:
    return any(is_test_folder(part) for part in folders(path))


def is_test_file(path: str, language: str) -> bool:
    if test_file_pattern(path, language) is not None:
        return True
    return in_test_folder(path)


def test_layout(path: str) -> str:
    """`tests-folder` when the file sits under a tests folder, else `beside-code`."""
    return "tests-folder" if in_test_folder(path) else "beside-code"


def module_folder(module: str, prefix: list[str]) -> str:
    """The workspace folder path of a dotted Python module whose top package lies under the
    folders `prefix` (`twisted.trial`, [src] -> src/twisted/trial)."""
    return "/".join([*prefix, *module.split(".")])


def renamed_test_file(path: str, pattern: str) -> str:
    """The file name `path` would have under the test-file `pattern` (same language)."""
    name = file_name(path)
    if pattern.startswith("*.") and name.count(".") >= 2:  # cart.spec.ts -> cart.test.ts
        stem = name.split(".")[0]
        return stem + pattern[1:]
    bare = name.removesuffix(".py").removeprefix("test_").removesuffix("_test")
    return pattern.replace("*", bare)


# Folders of a code host's or CI service's settings, named as the service names its files.
_HOST_FOLDERS = (".github/", ".gitlab/", ".circleci/", ".buildkite/")


def naming_stem(path: str, language: str) -> str | None:
    """The part of a file name whose style counts, or None for names a tool fixes.

    Only the first dot-separated part counts (`user.service.ts` -> `user`), a test file's
    marker is dropped (`test_orders.py` -> `orders`), as is the mark of a header's inline
    half (`App_inl.hpp` -> `App`, beside `App.hpp`), and an extension's file
    (`Zip+Collection.swift`) is named after the type it extends, not judged. A kebab-case
    file in a folder of scripts (`scripts/`, `benchmarks/`, `examples/`) is named as a
    command is, and not judged either; nor is a file of the repository's host settings
    (`.github/REPRODUCTION_SCRIPT.rb` beside GitHub's `ISSUE_TEMPLATE` and `CODEOWNERS`).
    """
    if path.startswith(_HOST_FOLDERS):
        return None
    stem = file_name(path).split(".")[0]
    if "+" in stem:
        # `Zip+Collection.swift`, `simd_float+toDoubleArray.swift`: Swift's (and Kotlin
        # projects') name for an extension, after the type it extends, whoever named it.
        return None
    stem = stem.split("@")[0]  # SwiftPM's `Package@swift-5.9.swift`: a tool's qualifier
    if language == "python":
        if "-" in stem:  # `qps-bench-server.py`: no module can import it; a script's name
            return None
        stem = stem.removeprefix("test_")
    facts = language_facts(language)
    for suffix in facts.file_role_suffixes:
        stem = stem.removesuffix(suffix)
    if facts.generic_marks is not None:
        stem = facts.generic_marks.sub("", stem)  # `Mock`1` -> `Mock`
    if "-" in stem and is_script(path):
        return None  # `scripts/validate-headers.swift`: a command's name, as it is typed
    if not stem or stem in _FIXED_STEMS or (language == "java"):
        # Java file names are the public class's name: the class naming convention covers them.
        return None
    name = file_name(path)
    if not facts.file_names_styled or name.endswith(facts.named_by_tool) or name in TOOL_FILES:
        return None
    return stem


def named_after_its_subject(
    stem: str, symbols: Sequence[Symbol], imports: Sequence[Import], in_test: bool
) -> bool:
    """A file whose name is another name's, so its style is not the project's choice:
    - a capitalised file named exactly after a class, type, component or constant it
      declares at the top (`HandledError.ts`, `CustomMatchers.d.ts`): as Java makes it;
    - a test file named after what it imports and tests, with or without the case after a
      hyphen (`Tuple.test-d.ts`, `useMutation-fixedCacheKey.test.tsx`)."""
    if _capitalised(stem) and any(not s.scope and s.name == stem for s in symbols):
        return True
    subject = stem.split("-")[0]
    return in_test and any(subject in one.names or subject == one.alias for one in imports)


def file_naming_subject(path: str, language: str, symbols: Sequence[Symbol] = ()) -> str:
    """Component files are often PascalCase where plain modules are not. A `.jsx`/`.tsx`
    file is one when its main export is a PascalCase component: the definition named like
    the file, else any PascalCase one. A hook file (`useCopy.tsx`), a thunk or a data
    module is a plain file, named as other modules are. A PHP template (Blade's
    `user-card.blade.php`, Drupal's `node.tpl.php`) is named as code refers to the view
    (`view('user-card')`), beside classes and scripts named otherwise: templates are their
    own convention."""
    if path.endswith(_TEMPLATE_SUFFIXES):
        return "template-file"
    if not path.endswith((".jsx", ".tsx")):
        return "file"
    if not symbols:
        return "component-file"
    top = [s for s in symbols if not s.scope and s.kind in _EXPORT_KINDS]
    stem = _folded(file_name(path).split(".")[0])
    main = next((s for s in top if _folded(s.name) == stem), None)
    if main is not None:
        return "component-file" if _capitalised(main.name) else "file"
    return "component-file" if any(_capitalised(s.name) for s in top) else "file"


_EXPORT_KINDS = frozenset(("function", "class", "constant", "variable"))
_TEMPLATE_SUFFIXES = (".blade.php", ".tpl.php", ".html.php")


def _folded(name: str) -> str:
    return name.replace("-", "").replace("_", "").lower()


def _capitalised(name: str) -> bool:
    return name[:1].isupper() and not name.isupper()


def python_package(path: str, base: str = "") -> list[str]:
    """The dotted package a Python file belongs to, counted from the folder `base` of its
    distribution (the folder of its `pyproject.toml` in a monorepo; `src/` layout dropped)."""
    return python_package_and_prefix(path, base)[0]


def python_package_and_prefix(path: str, base: str = "") -> tuple[list[str], list[str]]:
    """(the dotted package of `path`, the folders above the package's top: `base` and `src`)."""
    parts = folders(path)
    prefix = base.split("/") if base else []
    if prefix and parts[: len(prefix)] == prefix:
        parts = parts[len(prefix) :]
    else:
        prefix = []
    if parts and parts[0] in ("src", "lib"):
        prefix = [*prefix, parts[0]]
        parts = parts[1:]
    return parts, prefix


_JS_ALIASES = ("@/", "~/", "#/", "src/")


def local_import_style(
    imp: Import, language: str, packages: frozenset[str], aliases: tuple[str, ...] = ()
) -> str | None:
    """`relative` or `absolute` for an import of the project's own code (for Python and
    Ruby, of one of `packages`; in JavaScript, through a usual alias or one of `aliases`, which a
    tsconfig declares); None for the rest. In Rust, `crate::` paths are the absolute form
    and `super::` and `self::` the relative one."""
    if language == "rust":
        head = imp.module.split("::")[0]
        if head == "crate":
            return "absolute"
        # `self::` names the module's own children, which only it can; not a choice.
        return "relative" if head == "super" else None
    facts = language_facts(language)
    if not facts.import_style_shown:
        return None
    if imp.relative or imp.module.startswith("."):
        return "relative"
    separator = facts.module_separator  # Python's `.`, Ruby's `/`
    if separator:
        return "absolute" if imp.module.split(separator)[0] in packages else None
    if is_js(language) and imp.module.startswith((*_JS_ALIASES, *aliases)):
        return "absolute"
    return None


def within_own_package(module: str, path: str, base: str = "") -> bool:
    """Whether a Python import in `path` of `module` (absolute, or relative with its dots)
    names the file's own package or a module below it: `.models` or `pkg.sub.models` from
    `pkg/sub/views.py`, not `..core` or `pkg.core`. Projects that mix the two styles most
    often mix them by this line (relative within a package, absolute across packages)."""
    target = absolute_module(module, path, base) if module.startswith(".") else module
    if target is None:
        return False
    package = python_package(path, base)
    return bool(package) and target.split(".")[: len(package)] == package


def relative_module(module: str, path: str, base: str = "") -> str | None:
    """The relative form of an absolute import of `path`'s own package or below
    (`pkg.sub.models` from `pkg/sub/views.py` -> `.models`), else None."""
    package = python_package(path, base)
    parts = module.split(".")
    if not package or parts[: len(package)] != package:
        return None
    return "." + ".".join(parts[len(package) :])


def absolute_module(module: str, path: str, base: str = "") -> str | None:
    """The absolute module a relative Python import (`..models`) names, if the package is known."""
    dots = len(module) - len(module.lstrip("."))
    package = python_package(path, base)
    if dots == 0 or dots > len(package):
        return None
    top = package[: len(package) - (dots - 1)]
    rest = module[dots:]
    return ".".join([*top, rest] if rest else top) or None


# Folders of scripts run by path (`python examples/demo.py`), where a relative import of
# the folder's own modules fails, and which nobody imports: their imports say nothing about
# the project's style, and their names are no one's API.
SCRIPT_FOLDERS = frozenset(
    {"examples", "example", "scripts", "docs", "doc", "bench", "benchmark", "benchmarks"}
)


def is_script(path: str) -> bool:
    """A package's `__main__.py`, or a file under a folder of scripts."""
    parts = folders(path)
    return file_name(path) == "__main__.py" or bool(parts and parts[0] in SCRIPT_FOLDERS)


def importable_module(path: str) -> bool:
    """A Python module that others import by a public path: in a package, not a test, a
    script, or a private module or package (`_impl.py`, `_internal/`)."""
    parts = folders(path)
    name = file_name(path)
    if not parts or is_script(path) or is_test_file(path, "python"):
        return False
    if name.startswith("_") and name != "__init__.py":
        return False
    return not any(part.startswith("_") for part in parts)
