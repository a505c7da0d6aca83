"""Library choices: which of several libraries doing one job a file uses (`data/libraries.toml`).

The table is data so that adding a job or a library needs no code. A workspace extends it
with its own `.steering/libraries.toml`, in the same format: its own wrapper beside
requests and httpx, or a job the shipped table lacks. A module matches a library's name
exactly or as a parent (`requests.adapters` is requests); when two libraries of one job
both match (`org.junit` and `org.junit.jupiter`), the longer name wins.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from steering_index.index.files import ReadProblem, read_text
from steering_index.model import FileExtract, Span, references_where

# A workspace's own additions to the table, relative to its root.
WORKSPACE_LIBRARIES = ".steering/libraries.toml"

# Between the parts of a module name: Python and Java dots, paths, Rust and C++ `::`,
# PHP namespaces' backslashes.
_SEPARATOR = re.compile(r"\.|/|::|\\")


@dataclass(frozen=True, slots=True)
class LibraryChoice:
    name: str
    modules: tuple[str, ...]
    excluded: tuple[str, ...] = ()
    calls: tuple[str, ...] = ()
    # The libraries of the group this one is the maintained successor of (swift-testing of
    # XCTest): a project moves to it file by file, so a file using it is no drift.
    succeeds: tuple[str, ...] = ()
    # Libraries this one is the language of (Hamcrest's matchers, which Espresso takes): in
    # a file that imports one of them, using this one is that library's need, no choice.
    serves: tuple[str, ...] = ()
    # Names only this library gives, which a file cannot have from the others of its group
    # (XCTest's `XCUIApplication`: swift-testing cannot drive an app's UI): a file using one
    # needs this library, no choice.
    needed_for: tuple[str, ...] = ()
    # The names package managers know it by, where its own name is not one of them (JUnit 4
    # is Maven's `junit`): a package whose manifest names one declares it.
    packages: tuple[str, ...] = ()
    # Where it can be used beyond its own platform: "common" for Kotlin Multiplatform's code
    # of every target (`src/commonTest/`), where kotlin.test serves and JUnit cannot.
    platforms: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class LibraryGroup:
    """Libraries that do one job (`http-client`) in one language family."""

    job: str
    choices: tuple[LibraryChoice, ...]


@dataclass(frozen=True, slots=True)
class _LanguageIndex:
    """One language's table turned inside out, so that matching an import is a few lookups."""

    modules: dict[str, tuple[tuple[str, str], ...]]  # module name -> (job, library) pairs
    excluded: dict[str, frozenset[str]]  # module name -> jobs it does not count for
    calls: dict[str, tuple[tuple[str, str], ...]]  # global name -> (job, library) pairs
    # (job, library) -> the modules of the libraries it serves (`LibraryChoice.serves`)
    served: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)
    # (job, library) -> the names a file needs it for (`LibraryChoice.needed_for`)
    needed: dict[tuple[str, str], frozenset[str]] = field(default_factory=dict)


def _index(groups: tuple[LibraryGroup, ...]) -> _LanguageIndex:
    modules: dict[str, list[tuple[str, str]]] = {}
    excluded: dict[str, set[str]] = {}
    calls: dict[str, list[tuple[str, str]]] = {}
    for group in groups:
        for choice in group.choices:
            for module in choice.modules:
                modules.setdefault(module, []).append((group.job, choice.name))
            for module in choice.excluded:
                excluded.setdefault(module, set()).add(group.job)
            for name in choice.calls:
                calls.setdefault(name, []).append((group.job, choice.name))
    return _LanguageIndex(
        {k: tuple(v) for k, v in modules.items()},
        {k: frozenset(v) for k, v in excluded.items()},
        {k: tuple(v) for k, v in calls.items()},
        {(g.job, c.name): c.serves for g in groups for c in g.choices if c.serves},
        {
            (g.job, c.name): frozenset(c.needed_for)
            for g in groups
            for c in g.choices
            if c.needed_for
        },
    )


@dataclass(frozen=True, slots=True)
class LibraryTable:
    groups: dict[str, tuple[LibraryGroup, ...]]  # language -> its groups
    aliases: dict[str, str]
    indexes: dict[str, _LanguageIndex] = field(default_factory=dict)
    digest: str = ""  # of the TOML it was read from: remembered conventions depend on it

    def for_language(self, language: str) -> tuple[LibraryGroup, ...]:
        return self.groups.get(self.aliases.get(language, language), ())

    def index_for(self, language: str) -> _LanguageIndex | None:
        return self.indexes.get(self.aliases.get(language, language))

    def succeeds(self, language: str, job: str, newer: str, older: str) -> bool:
        """Whether library `newer` is the successor of `older` for `job` in `language`."""
        for group in self.for_language(language):
            if group.job == job:
                return any(c.name == newer and older in c.succeeds for c in group.choices)
        return False

    def package_names(self, language: str, job: str, name: str) -> tuple[str, ...]:
        """The names package managers know library `name` of `job` by, if the table gives
        them (`packages`); () when it goes by its own name."""
        for group in self.for_language(language):
            if group.job == job:
                return next((c.packages for c in group.choices if c.name == name), ())
        return ()

    def serves_platform(self, language: str, job: str, name: str, platform: str) -> bool:
        """Whether library `name` of `job` can be used in code of `platform` (`common`, as
        its `platforms` say)."""
        for group in self.for_language(language):
            if group.job == job:
                return any(c.name == name and platform in c.platforms for c in group.choices)
        return False

    def call_names(self) -> frozenset[str]:
        """Every global call the table knows (`fetch`), in any language."""
        return frozenset(name for index in self.indexes.values() for name in index.calls)

    def needed_names(self) -> frozenset[str]:
        """Every name a library is needed for (`XCUIApplication`), in any language."""
        return frozenset(
            n for index in self.indexes.values() for names in index.needed.values() for n in names
        )


@dataclass(frozen=True, slots=True)
class LibraryUse:
    """One sign in a file that it uses `choice` for `job`: an import, or a call of a global."""

    job: str
    choice: str
    what: str  # the module imported or the global called
    span: Span


_CHOICE_KEYS = (
    "modules",
    "except",
    "calls",
    "succeeds",
    "serves",
    "needed_for",
    "packages",
    "platforms",
)


def _choice(name: str, value: object) -> LibraryChoice | None:
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return LibraryChoice(name, tuple(value))
    if isinstance(value, dict) and value.keys() <= set(_CHOICE_KEYS):
        lists = [value.get(key, []) for key in _CHOICE_KEYS]
        if all(isinstance(v, list) and all(isinstance(i, str) for i in v) for v in lists):
            return LibraryChoice(name, *(tuple(v) for v in lists))
    return None


def parse_library_table(text: str, problems: list[str] | None = None) -> LibraryTable:
    """The table from TOML text. Entries of the wrong shape are skipped, not fatal; with
    `problems`, a sentence for each is appended to it."""
    return _table(tomllib.loads(text), text, problems)


def _table(data: dict[str, Any], source: str, problems: list[str] | None) -> LibraryTable:
    said = problems if problems is not None else []
    raw_aliases = data.get("aliases", {})
    if not isinstance(raw_aliases, dict):
        said.append("`aliases` must be a table of language = language")
        raw_aliases = {}
    aliases = {k: v for k, v in raw_aliases.items() if isinstance(v, str)}
    said.extend(f"aliases.{k}: must be a language name" for k in raw_aliases if k not in aliases)
    groups: dict[str, tuple[LibraryGroup, ...]] = {}
    for language, jobs in sorted(data.items()):
        if language == "aliases":
            continue
        if not isinstance(jobs, dict):
            said.append(f"`{language}` must be a table of jobs, as `[{language}.http-client]`")
            continue
        found = []
        for job, libraries in sorted(jobs.items()):
            if not isinstance(libraries, dict):
                said.append(f"{language}.{job}: must be a table of libraries")
                continue
            valid: list[LibraryChoice] = []
            for name, value in libraries.items():
                choice = _choice(name, value)
                if choice is None:
                    said.append(
                        f"{language}.{job}.{name}: must be a list of module names, or a table"
                        " of `modules`, `except`, `calls`, `succeeds`, `serves`,"
                        " `needed_for`, `packages` and `platforms` lists"
                    )
                else:
                    valid.append(choice)
            names = {choice.name for choice in valid}
            for choice in valid:
                said.extend(
                    f"{language}.{job}.{choice.name}: succeeds `{older}`, which is not a"
                    f" library of {language}.{job}"
                    for older in choice.succeeds
                    if older not in names
                )
            if len(valid) >= 2:
                found.append(LibraryGroup(job, tuple(valid)))
            elif valid:
                said.append(f"{language}.{job}: one library is no choice; name two or more")
        groups[language] = tuple(found)
    indexes = {language: _index(found) for language, found in groups.items()}
    digest = hashlib.blake2b(source.encode(), digest_size=8).hexdigest()
    return LibraryTable(groups, aliases, indexes, digest)


@cache
def _shipped_text() -> str:
    return resources.files("steering_index").joinpath("data/libraries.toml").read_text("utf-8")


@cache
def library_table() -> LibraryTable:
    """The curated table shipped as package data."""
    return parse_library_table(_shipped_text())


def workspace_library_table(root: Path) -> tuple[LibraryTable, list[str]]:
    """The shipped table extended by `root`'s `.steering/libraries.toml`, and what is wrong
    with that file, if anything, in sentences that name it.

    Its groups add to the shipped ones: a library of the same job and name replaces the
    shipped one, a new name joins the job, a new job is added. A file that cannot be read
    or is not TOML leaves the shipped table in force; an entry of the wrong shape is
    skipped and named."""
    path = root / WORKSPACE_LIBRARIES
    if not path.is_file() and not path.is_symlink():
        return library_table(), []
    read = read_text(path, root)
    if isinstance(read, ReadProblem):
        return library_table(), [f"{WORKSPACE_LIBRARIES}: {read.message}; not used"]
    try:
        extra = tomllib.loads(read.text)
    except tomllib.TOMLDecodeError as exc:
        return library_table(), [f"{WORKSPACE_LIBRARIES}: not valid TOML ({exc}); not used"]
    merged = tomllib.loads(_shipped_text())
    for language, jobs in extra.items():
        into = merged.setdefault(language, {})
        if not isinstance(jobs, dict) or not isinstance(into, dict):
            merged[language] = jobs  # wrong shape: `_table` names it
            continue
        for job, libraries in jobs.items():
            known = into.get(job)
            if isinstance(known, dict) and isinstance(libraries, dict):
                known.update(libraries)
            else:
                into[job] = libraries
    problems: list[str] = []
    table = _table(merged, _shipped_text() + read.text, problems)
    return table, [f"{WORKSPACE_LIBRARIES}: {problem}; skipped" for problem in problems]


def _prefixes(module: str) -> list[str]:
    """`a.b.c` -> a.b.c, a.b, a: the module and its parents, longest first."""
    cuts = [m.start() for m in _SEPARATOR.finditer(module)]
    return [module, *(module[:cut] for cut in reversed(cuts))]


def _matches(index: _LanguageIndex, candidates: list[str]) -> dict[str, tuple[int, str]]:
    """job -> (length of the matching name, library): the longest match per job wins."""
    best: dict[str, tuple[int, str]] = {}
    for candidate in candidates:
        prefixes = _prefixes(candidate)
        blocked = {job for p in prefixes for job in index.excluded.get(p, ())}
        for prefix in prefixes:
            for job, choice in index.modules.get(prefix, ()):
                if job not in blocked and len(prefix) > best.get(job, (0, ""))[0]:
                    best[job] = (len(prefix), choice)
    return best


def _candidates(module: str, names: tuple[str, ...], language: str) -> list[str]:
    # `from os import path` is the module os.path; Java's `import org.junit.Assert` is the
    # class org.junit.Assert. In other languages the names imported from a module are its
    # members, not submodules.
    if language in ("python", "java") and names:
        return [f"{module}.{name}" for name in names]
    return [module]


def _attribute_uses(
    extract: FileExtract, index: _LanguageIndex, found: list[LibraryUse]
) -> list[LibraryUse]:
    """`import os`, then `os.path.join(...)`: os.path is used, though never imported by
    name. Extraction keeps the first use of each such `module.attribute` as a reference
    named by its text; a library already seen in the file's imports is not counted again."""
    modules = dict(b for imp in extract.imports if (b := imp.python_binding) is not None)
    have = {(use.job, use.choice) for use in found}
    uses: list[LibraryUse] = []
    for ref in references_where(extract.references, _dotted):
        head, _, attribute = ref.name.partition(".")
        if head not in modules:
            continue
        module = f"{modules[head]}.{attribute}"
        for job, (_length, choice) in sorted(_matches(index, [module]).items()):
            if (job, choice) not in have:
                have.add((job, choice))
                uses.append(LibraryUse(job, choice, module, ref.span))
    return uses


def library_uses(extract: FileExtract, table: LibraryTable) -> list[LibraryUse]:
    """Every import (and global call) in the file that picks a library of some job."""
    uses: list[LibraryUse] = []
    index = table.index_for(extract.language)
    if index is None:
        return uses
    for imp in extract.imports:
        if imp.relative:
            continue
        candidates = _candidates(imp.module, imp.names, extract.language)
        # A Java import names a class: `org.junit.Assert`, not its package.
        java_class = extract.language == "java" and len(imp.names) == 1 and imp.names[0] != "*"
        what = f"{imp.module}.{imp.names[0]}" if java_class else imp.module
        for job, (_length, choice) in sorted(_matches(index, candidates).items()):
            uses.append(LibraryUse(job, choice, what, imp.span))
    if extract.language == "python":
        uses.extend(_attribute_uses(extract, index, uses))
    if index.served:
        uses = _unserved(uses, extract, index)
    if index.needed:
        used = {ref.name for ref in extract.references}
        uses = [u for u in uses if not index.needed.get((u.job, u.choice), frozenset()) & used]
    if not index.calls:
        return uses
    defined = {s.name for s in extract.symbols}
    imported = {n for imp in extract.imports for n in (*imp.names, imp.alias) if n}
    global_calls = index.calls.keys() - defined - imported
    for ref in references_where(extract.references, global_calls.__contains__):
        if ref.is_call and not ref.member:  # `fetch(url)`, not `app.fetch(req)`
            for job, choice in index.calls[ref.name]:
                uses.append(LibraryUse(job, choice, ref.name, ref.span))
    return uses


def _unserved(
    uses: list[LibraryUse], extract: FileExtract, index: _LanguageIndex
) -> list[LibraryUse]:
    """`uses` less those of a library the file uses as the language of another library it
    imports (`LibraryChoice.serves`: Hamcrest's matchers beside Espresso)."""
    imported = [imp.module for imp in extract.imports if not imp.relative]

    def served(use: LibraryUse) -> bool:
        return any(
            module == other or _SEPARATOR.match(module, len(other)) is not None
            for other in index.served.get((use.job, use.choice), ())
            for module in imported
            if module.startswith(other)
        )

    return [use for use in uses if not served(use)]


def _dotted(name: str) -> bool:
    return "." in name
