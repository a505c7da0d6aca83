"""Idioms a project settles on beyond names and libraries: the alias a module is imported
under (`import typing as t`), a file's required first import (`from __future__ import
annotations`), private modules (`_client.py`), Go's `Err...` error variables and test
files whose tests call `t.Parallel()`.

Each idiom votes like the other conventions (one `Observation` per file or per
definition) and is judged with the same thresholds: a file that breaks an idiom 90% of its
peers follow is drift. An alias idiom counts only when an alias is what most files use.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from steering_index.conventions.layout import file_name, folders, is_test_file
from steering_index.model import FileExtract, Span, Symbol

IDIOM_CATEGORY = "idiom"
FUTURE = "from __future__ import annotations"
NO_FUTURE = "no __future__ import"
PRIVATE = "private (_name.py)"
PUBLIC = "public"
ERR_PREFIX = "Err prefix"
OTHER_NAME = "another name"
PARALLEL = "t.Parallel()"
SERIAL = "no t.Parallel()"
# Go values that are errors: `errors.New("...")`, `fmt.Errorf(...)`.
_GO_ERROR_VALUE = re.compile(r"=\s*(errors\.New|fmt\.Errorf)\(")
# Modules whose name a tool or the language fixes: they are neither private nor public.
_FIXED_MODULES = frozenset(("__init__.py", "__main__.py", "conftest.py", "setup.py"))
# References the idioms read (Go's `t.Parallel()` is a call of `Parallel`, `t.Setenv(...)`
# one of `Setenv`).
IDIOM_REFERENCES = frozenset(("Parallel", "Setenv"))


def alias_choice(module: str, names: tuple[str, ...], alias: str | None) -> str:
    """How a Python import takes `module`: `import typing as t`, `import typing`, or
    `from typing import ...`."""
    if names:
        return f"from {module} import ..."
    return f"import {module} as {alias}" if alias else f"import {module}"


def is_alias(choice: str) -> bool:
    return choice.startswith("import ") and " as " in choice


def is_positive(value: str) -> bool:
    """Whether an idiom's dominant choice is one to hold files to: an alias, the future
    import, private modules, `Err...` names, `t.Parallel()`. The absence of an idiom is no
    idiom: files that have it anyway are not drift."""
    return is_alias(value) or value in (FUTURE, PRIVATE, ERR_PREFIX, PARALLEL)


_SLUGS = {
    "module": "future-annotations",
    "module in a package": "module-privacy",
    "error variable": "error-variables",
    "test file": "test-parallel",
}


def idiom_id(language: str, subject: str) -> str:
    """`idioms.python.future-annotations`, `idioms.python.import-alias.typing`."""
    if subject.startswith("import of "):
        return f"idioms.{language}.import-alias.{subject.removeprefix('import of ')}"
    return f"idioms.{language}.{_SLUGS[subject]}"


_ANNOTATABLE = frozenset(("function", "method", "class"))


def _line_one() -> Span:
    return Span(0, 0, 0, 0, 0, 0)


def _python(extract: FileExtract) -> Iterator[tuple[str, str, str, Span | None]]:
    """(subject, choice, text, span) for each Python idiom in the file."""
    seen: set[str] = set()
    for imp in extract.imports:
        if imp.relative or imp.module == "__future__" or imp.module in seen:
            continue
        seen.add(imp.module)
        choice = alias_choice(imp.module, imp.names, imp.alias)
        yield f"import of {imp.module}", choice, imp.module, imp.span
    if any(s.kind in _ANNOTATABLE and s.span.start_col == 0 for s in extract.symbols):
        # A module with code of its own, not a package marker nor a shim that re-exports
        # names (`from .http11 import Handler`, `__all__ = [...]`, a fallback `def main()`
        # under `except ImportError:`): only a definition can carry the annotations the
        # future import is for.
        future = any(i.module == "__future__" and "annotations" in i.names for i in extract.imports)
        yield "module", FUTURE if future else NO_FUTURE, file_name(extract.path), _line_one()
    name = file_name(extract.path)
    in_package = bool(folders(extract.path))
    if in_package and name not in _FIXED_MODULES and not is_test_file(extract.path, "python"):
        privacy = PRIVATE if name.startswith("_") else PUBLIC
        yield "module in a package", privacy, name, None


def _go(extract: FileExtract) -> Iterator[tuple[str, str, str, Span | None]]:
    for symbol in extract.symbols:
        error = _GO_ERROR_VALUE.search(symbol.signature or "")
        if error and symbol.kind in ("variable", "constant") and not symbol.scope:
            choice = ERR_PREFIX if symbol.name.lower().startswith("err") else OTHER_NAME
            yield "error variable", choice, symbol.name, symbol.name_span
    if not extract.path.endswith("_test.go"):
        return
    # One vote a file: some tests must run alone (`t.Setenv` forbids `t.Parallel()`), so a
    # file whose tests never run in parallel is the drift, not each serial test.
    at = {
        name: [r.span.start_byte for r in extract.references if r.name == name]
        for name in IDIOM_REFERENCES
    }

    def calls(test: Symbol, name: str) -> bool:
        return any(test.span.start_byte <= b < test.span.end_byte for b in at[name])

    # A test that sets the environment must run alone (`t.Setenv` panics in parallel), and
    # the tests beside it read that environment: such a file does not vote.
    tests = [s for s in extract.symbols if _is_go_test(s)]
    if not tests or any(calls(test, "Setenv") for test in tests):
        return
    parallel = any(calls(test, "Parallel") for test in tests)
    first = tests[0]
    yield "test file", PARALLEL if parallel else SERIAL, file_name(extract.path), first.name_span


def _is_go_test(symbol: Symbol) -> bool:
    name = symbol.name
    return (
        symbol.kind == "function"
        and name.startswith("Test")
        and name != "TestMain"
        and "*testing.T" in (symbol.signature or "")
    )


def idioms(extract: FileExtract) -> Iterator[tuple[str, str, str, Span | None]]:
    """(subject, choice, text, span) of each idiom the file shows, in a fixed order."""
    if extract.language == "python":
        yield from _python(extract)
    elif extract.language == "go":
        yield from _go(extract)


def idiom_message(subject: str, choice: str, text: str, value: str, evidence: str) -> str:
    """What a finding says of a file or a definition that breaks an idiom."""
    if subject == "module":
        return f"`{value}` is missing here ({evidence})"
    if subject.startswith("import of "):
        return f"`{choice}`; this project writes `{value}` ({evidence})"
    if subject == "module in a package":
        return f"module `{text}` is {choice}; modules here are {value} ({evidence})"
    if subject == "error variable":
        return f"error variable `{text}` is not named `Err...` ({evidence})"
    return f"no test in `{text}` calls `t.Parallel()` ({evidence})"
