"""File suffix -> tree-sitter grammar, and the per-language extraction query, compiled once.

A file without a suffix is in the language its shebang names (`#!/usr/bin/env bash`).

The grammars come from the official per-language wheels (they work offline). Each language
has one query file, `queries/<language>.scm`, loaded with importlib.resources so it is found
when the package is installed; `queries/README.md` documents the capture names.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from functools import cache
from importlib import resources
from pathlib import PurePosixPath

import tree_sitter_bash
import tree_sitter_c
import tree_sitter_c_sharp
import tree_sitter_cpp
import tree_sitter_go
import tree_sitter_java
import tree_sitter_javascript
import tree_sitter_kotlin
import tree_sitter_php
import tree_sitter_python
import tree_sitter_ruby
import tree_sitter_rust
import tree_sitter_swift
import tree_sitter_typescript
from tree_sitter import Language, Parser, Query

LANGUAGES: tuple[str, ...] = (
    *("python", "javascript", "typescript", "tsx", "go", "rust", "java"),
    *("csharp", "ruby", "php", "c", "cpp", "kotlin", "swift", "bash"),
)

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
    ".cs": "csharp",
    ".rb": "ruby",
    ".rake": "ruby",
    ".gemspec": "ruby",
    ".podspec": "ruby",
    ".ru": "ruby",  # Rack's `config.ru`
    ".php": "php",
    ".c": "c",
    # A `.h` header is C by its name; `language_of` reads a C++ one (a class, a namespace)
    # as C++.
    ".h": "c",
    ".cc": "cpp",
    ".cpp": "cpp",
    ".cxx": "cpp",
    ".c++": "cpp",
    ".hh": "cpp",
    ".hpp": "cpp",
    ".hxx": "cpp",
    ".h++": "cpp",
    ".ipp": "cpp",
    ".kt": "kotlin",
    ".kts": "kotlin",
    ".swift": "swift",
    ".sh": "bash",
    ".bash": "bash",
}
# Files a tool names, with no suffix, in a language: Ruby for the DSLs of Rake (a Rakefile
# defines tasks and the helper methods they call), Bundler, CocoaPods, Vagrant, Guard,
# fastlane, Danger, Capistrano, Homebrew's bundle, Berkshelf and Steep. Their names are
# the tools', not the project's style.
TOOL_FILES: dict[str, str] = dict.fromkeys(
    (
        *("Rakefile", "Gemfile", "Podfile", "Vagrantfile", "Guardfile", "Dangerfile"),
        *("Fastfile", "Appfile", "Matchfile", "Pluginfile", "Snapfile", "Deliverfile"),
        *("Capfile", "Brewfile", "Berksfile", "Steepfile"),
    ),
    "ruby",
)

# Each wheel hands out a capsule pointing at its compiled grammar.
_GRAMMARS: dict[str, Callable[[], object]] = {
    "python": tree_sitter_python.language,
    "javascript": tree_sitter_javascript.language,
    "typescript": tree_sitter_typescript.language_typescript,
    "tsx": tree_sitter_typescript.language_tsx,
    "go": tree_sitter_go.language,
    "rust": tree_sitter_rust.language,
    "java": tree_sitter_java.language,
    "csharp": tree_sitter_c_sharp.language,
    "ruby": tree_sitter_ruby.language,
    # PHP files mix HTML and PHP: the grammar that reads both (`language_php_only` would
    # read a file as if it were all inside `<?php`).
    "php": tree_sitter_php.language_php,
    "c": tree_sitter_c.language,
    "cpp": tree_sitter_cpp.language,
    "kotlin": tree_sitter_kotlin.language,
    "swift": tree_sitter_swift.language,
    "bash": tree_sitter_bash.language,
}

# A language's query is the concatenation of these files: JavaScript and TypeScript share
# most patterns, and the TypeScript grammar has no JSX nodes, so JSX patterns stand apart;
# C++ adds its own to the patterns it shares with C.
_QUERY_FILES: dict[str, tuple[str, ...]] = {
    "python": ("python.scm",),
    "javascript": ("ecmascript.scm", "javascript.scm", "jsx.scm"),
    "typescript": ("ecmascript.scm", "typescript.scm"),
    "tsx": ("ecmascript.scm", "typescript.scm", "jsx.scm"),
    "go": ("go.scm",),
    "rust": ("rust.scm",),
    "java": ("java.scm",),
    "csharp": ("csharp.scm",),
    "ruby": ("ruby.scm",),
    "php": ("php.scm",),
    "c": ("cfamily.scm",),
    "cpp": ("cfamily.scm", "cpp.scm"),
    "kotlin": ("kotlin.scm",),
    "swift": ("swift.scm",),
    "bash": ("bash.scm",),
}


# Languages whose files use each other's definitions: a `.tsx` component calls a hook of a
# `.ts` module, which may import a `.js` one; a `.cpp` file includes a `.h` header.
_FAMILIES = {
    "typescript": "ecmascript",
    "tsx": "ecmascript",
    "javascript": "ecmascript",
    "c": "c-family",
    "cpp": "c-family",
}


def same_family(
    path: str, language: str | None, indexed_as: Callable[[str], str | None] | None = None
) -> bool:
    """Whether the file at `path` is in `language` or a language whose files use its
    definitions (TypeScript, TSX and JavaScript; C and C++). A file without a suffix is in
    the language `indexed_as` says the index read it in (a script, by its shebang)."""
    own = language_for_path(path)
    if own is None and indexed_as is not None and has_no_suffix(path):
        own = indexed_as(path)
    return own is not None and _FAMILIES.get(own, own) == _FAMILIES.get(language or "", language)


# What only C++ writes, at the start of a line or as a whole token: a `.h` header holding any
# of these is C++ (C headers wrap their declarations in `extern "C"`, which both share).
_CPLUSPLUS = re.compile(
    rb"^\s*(?:namespace\s+\w+\s*\{|template\s*<|(?:public|private|protected)\s*:"
    rb"|using\s+namespace\b|class\s+\w+(?:\s+final)?\s*[:{]|#\s*include\s*<\w+>)"
    rb"|\bstd::",
    re.MULTILINE,
)
_SNIFF_BYTES = 64 * 1024

# A script without a suffix is in the language of the interpreter its shebang names (rbenv's
# `libexec/rbenv-install`, dokku's plugin `functions`, git-extras' `bin/git-summary`):
# `#!/bin/sh`, `#!/usr/bin/env bash`, `#!/usr/bin/env -S python3 -u`, `#!/usr/bin/ruby2.7`.
_INTERPRETERS: dict[str, str] = {
    **dict.fromkeys(("sh", "bash", "dash", "ash", "ksh", "mksh"), "bash"),
    "python": "python",
    "ruby": "ruby",
    "node": "javascript",
    "php": "php",
}
SHEBANG_BYTES = 256
_VERSION = re.compile(r"[\d.]+$")


def has_no_suffix(path: str) -> bool:
    """Whether the file name at the end of `path` has no suffix (`rbenv-install`, `.bashrc`)."""
    return "." not in path.rpartition("/")[2].lstrip(".")


def script_language(head: bytes) -> str | None:
    """The language of the interpreter a file's first line names after `#!`, or None."""
    if not head.startswith(b"#!"):
        return None
    words = head[2:].split(b"\n", 1)[0].decode("utf-8", "replace").split()
    if words and words[0].rpartition("/")[2] == "env":
        # `env`'s options (`-S`, `-i`) and variables (`LC_ALL=C`) come before the program.
        words = [w for w in words[1:] if not w.startswith("-") and "=" not in w]
    if not words:
        return None
    program = _VERSION.sub("", words[0].rpartition("/")[2])  # `python3.11`, `ruby2.7`
    return _INTERPRETERS.get(program)


def language_of(path: str, data: bytes) -> str | None:
    """The language of a file by its suffix, and for a `.h` header by what it holds: C++
    where it writes what only C++ does (a class, a namespace, a template), else C. A file
    without a suffix is in the language its shebang names."""
    language = language_for_path(path)
    if language == "c" and path.lower().endswith(".h") and _CPLUSPLUS.search(data[:_SNIFF_BYTES]):
        return "cpp"
    if language is None and has_no_suffix(path):
        return script_language(data[:SHEBANG_BYTES])
    return language


def language_on_disk(path: str, full_path: str) -> str | None:
    """`language_of` for the file at `full_path` (a regular file), reading only the first
    line of a file without a suffix; None when it cannot be read."""
    language = language_for_path(path)
    if language is not None or not has_no_suffix(path):
        return language
    try:
        with open(full_path, "rb") as file:
            return script_language(file.read(SHEBANG_BYTES))
    except OSError:
        return None


def same_file_language(path: str, walked: str | None, stored: str) -> bool:
    """Whether a file whose suffix says `walked` may be indexed as `stored` (a `.h` header
    is C or C++ by what it holds)."""
    return walked == stored or (walked == "c" and stored == "cpp" and path.lower().endswith(".h"))


def language_for_path(path: str) -> str | None:
    """The language of a file by its suffix (case-insensitive), or by the name a tool gives
    it (`Rakefile`), or None when we do not index it."""
    pure = PurePosixPath(path)
    return TOOL_FILES.get(pure.name) or _SUFFIXES.get(pure.suffix.lower())


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
