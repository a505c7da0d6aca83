"""File suffix -> tree-sitter grammar, and the per-language extraction query, compiled once.

The grammars come from the official per-language wheels (they work offline). Each language
has one query file, `queries/<language>.scm`, loaded with importlib.resources so it is found
when the package is installed; `queries/README.md` documents the capture names.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import cache
from importlib import resources
from pathlib import PurePosixPath

import tree_sitter_go
import tree_sitter_java
import tree_sitter_javascript
import tree_sitter_python
import tree_sitter_rust
import tree_sitter_typescript
from tree_sitter import Language, Parser, Query

LANGUAGES: tuple[str, ...] = ("python", "javascript", "typescript", "tsx", "go", "rust", "java")

_SUFFIXES: dict[str, str] = {
    ".py": "python",
    ".pyi": "python",
    ".js": "javascript",
    ".mjs": "javascript",
    ".cjs": "javascript",
    ".jsx": "javascript",
    ".ts": "typescript",
    ".mts": "typescript",
    ".cts": "typescript",
    ".tsx": "tsx",
    ".go": "go",
    ".rs": "rust",
    ".java": "java",
}

# Each wheel hands out a capsule pointing at its compiled grammar.
_GRAMMARS: dict[str, Callable[[], object]] = {
    "python": tree_sitter_python.language,
    "javascript": tree_sitter_javascript.language,
    "typescript": tree_sitter_typescript.language_typescript,
    "tsx": tree_sitter_typescript.language_tsx,
    "go": tree_sitter_go.language,
    "rust": tree_sitter_rust.language,
    "java": tree_sitter_java.language,
}

# A language's query is the concatenation of these files: JavaScript and TypeScript share
# most patterns, and the TypeScript grammar has no JSX nodes, so JSX patterns stand apart.
_QUERY_FILES: dict[str, tuple[str, ...]] = {
    "python": ("python.scm",),
    "javascript": ("ecmascript.scm", "javascript.scm", "jsx.scm"),
    "typescript": ("ecmascript.scm", "typescript.scm"),
    "tsx": ("ecmascript.scm", "typescript.scm", "jsx.scm"),
    "go": ("go.scm",),
    "rust": ("rust.scm",),
    "java": ("java.scm",),
}


def language_for_path(path: str) -> str | None:
    """The language of a file by its suffix (case-insensitive), or None when we do not index it."""
    return _SUFFIXES.get(PurePosixPath(path).suffix.lower())


def _check(name: str) -> None:
    if name not in _GRAMMARS:
        raise ValueError(f"unknown language {name!r}; expected one of {', '.join(LANGUAGES)}")


@cache
def get_language(name: str) -> Language:
    """The tree-sitter grammar for `name` (one of LANGUAGES); raises ValueError otherwise."""
    _check(name)
    return Language(_GRAMMARS[name]())


def query_source(name: str) -> str:
    """The text of the extraction query for `name`."""
    _check(name)
    folder = resources.files("steering_index.index") / "queries"
    return "\n".join((folder / file).read_text("utf-8") for file in _QUERY_FILES[name])


@cache
def get_query(name: str) -> Query:
    """The extraction query for `name`, compiled once per process (a Query is read-only)."""
    return Query(get_language(name), query_source(name))


def new_parser(name: str) -> Parser:
    """A fresh parser for `name`. Parsers are not thread-safe: use one per thread."""
    return Parser(get_language(name))


_per_thread = threading.local()


def cached_parser(name: str) -> Parser:
    """This thread's parser for `name`, created on first use and reused afterwards."""
    parsers: dict[str, Parser] | None = getattr(_per_thread, "parsers", None)
    if parsers is None:
        parsers = _per_thread.parsers = {}
    parser = parsers.get(name)
    if parser is None:
        parser = parsers[name] = new_parser(name)
    return parser
