"""File-level facts conventions vote on: test files (name, place), file-name style, import style.

Everything here is a pure function of a workspace-relative POSIX path (and, for import
style, of one import), so that inference and checks agree on what a file is.
"""

from __future__ import annotations

from steering_index.model import Import

TEST_FOLDERS = frozenset({"tests", "test", "__tests__", "testing", "spec", "specs"})
_JS_LANGUAGES = frozenset({"javascript", "typescript", "tsx", "jsx"})
# Names a tool or the language dictates, whatever the project's style.
_FIXED_STEMS = frozenset(
    {"__init__", "__main__", "conftest", "setup", "index", "main", "mod", "lib", "build"}
)


def folders(path: str) -> list[str]:
    """The folders of a workspace-relative POSIX path (`a/b/c.py` -> a, b).

    Plain string work: inference runs this for every file on every index change.
    """
    return path.split("/")[:-1]


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
        if len(parts) >= 3 and parts[-2] in ("test", "spec"):
            return f"*.{parts[-2]}.{parts[-1]}"
    if language == "java" and name.removesuffix(".java").endswith(("Test", "Tests")):
        return "*Test.java"
    return None


def is_test_file(path: str, language: str) -> bool:
    if test_file_pattern(path, language) is not None:
        return True
    return any(part in TEST_FOLDERS for part in folders(path))


def test_layout(path: str) -> str:
    """`tests-folder` when the file sits under a tests folder, else `beside-code`."""
    in_folder = any(part in TEST_FOLDERS for part in folders(path))
    return "tests-folder" if in_folder else "beside-code"


def renamed_test_file(path: str, pattern: str) -> str:
    """The file name `path` would have under the test-file `pattern` (same language)."""
    name = file_name(path)
    if pattern.startswith("*.") and name.count(".") >= 2:  # cart.spec.ts -> cart.test.ts
        stem = name.split(".")[0]
        return stem + pattern[1:]
    bare = name.removesuffix(".py").removeprefix("test_").removesuffix("_test")
    return pattern.replace("*", bare)


def naming_stem(path: str, language: str) -> str | None:
    """The part of a file name whose style counts, or None for names a tool fixes.

    Only the first dot-separated part counts (`user.service.ts` -> `user`), and a test
    file's marker is dropped (`test_orders.py` -> `orders`).
    """
    stem = file_name(path).split(".")[0]
    if language == "python":
        stem = stem.removeprefix("test_").removesuffix("_test")
    elif language == "go":
        stem = stem.removesuffix("_test")
    if not stem or stem in _FIXED_STEMS or (language == "java"):
        # Java file names are the public class's name: the class naming convention covers them.
        return None
    return stem


def file_naming_subject(path: str, language: str) -> str:
    """Component files (`.jsx`, `.tsx`) are often PascalCase where plain modules are not."""
    return "component-file" if path.endswith((".jsx", ".tsx")) else "file"


def python_package(path: str) -> list[str]:
    """The dotted package a Python file belongs to (`src/` layout dropped)."""
    parts = folders(path)
    if parts and parts[0] in ("src", "lib"):
        parts = parts[1:]
    return parts


def local_import_style(imp: Import, language: str, packages: frozenset[str]) -> str | None:
    """`relative` or `absolute` for an import of the project's own code (for Python, of one
    of `packages`); None for the rest."""
    if imp.relative or imp.module.startswith("."):
        return "relative"
    if language == "python":
        return "absolute" if imp.module.split(".")[0] in packages else None
    if is_js(language) and imp.module.startswith(("@/", "~/", "#/", "src/")):
        return "absolute"
    return None


def within_own_package(module: str, path: str) -> bool:
    """Whether a Python import in `path` of `module` (absolute, or relative with its dots)
    names the file's own package or a module below it: `.models` or `pkg.sub.models` from
    `pkg/sub/views.py`, not `..core` or `pkg.core`. Projects that mix the two styles most
    often mix them by this line (relative within a package, absolute across packages)."""
    target = absolute_module(module, path) if module.startswith(".") else module
    if target is None:
        return False
    package = python_package(path)
    return bool(package) and target.split(".")[: len(package)] == package


def relative_module(module: str, path: str) -> str | None:
    """The relative form of an absolute import of `path`'s own package or below
    (`pkg.sub.models` from `pkg/sub/views.py` -> `.models`), else None."""
    package = python_package(path)
    parts = module.split(".")
    if not package or parts[: len(package)] != package:
        return None
    return "." + ".".join(parts[len(package) :])


def absolute_module(module: str, path: str) -> str | None:
    """The absolute module a relative Python import (`..models`) names, if the package is known."""
    dots = len(module) - len(module.lstrip("."))
    package = python_package(path)
    if dots == 0 or dots > len(package):
        return None
    base = package[: len(package) - (dots - 1)]
    rest = module[dots:]
    return ".".join([*base, rest] if rest else base) or None
