"""Library choices: which of several libraries doing one job a file uses (`data/libraries.toml`).

The table is data so that adding a job or a library needs no code. A module matches a
library's name exactly or as a parent (`requests.adapters` is requests); when two
libraries of one job both match (`org.junit` and `org.junit.jupiter`), the longer name wins.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from steering_index.model import FileExtract, Span

_SEPARATORS = (".", "/", "::")


@dataclass(frozen=True, slots=True)
class LibraryChoice:
    name: str
    modules: tuple[str, ...]
    excluded: tuple[str, ...] = ()
    calls: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class LibraryGroup:
    """Libraries that do one job (`http-client`) in one language family."""

    job: str
    choices: tuple[LibraryChoice, ...]


@dataclass(frozen=True, slots=True)
class LibraryTable:
    groups: dict[str, tuple[LibraryGroup, ...]]  # language -> its groups
    aliases: dict[str, str]

    def for_language(self, language: str) -> tuple[LibraryGroup, ...]:
        return self.groups.get(self.aliases.get(language, language), ())


@dataclass(frozen=True, slots=True)
class LibraryUse:
    """One sign in a file that it uses `choice` for `job`: an import, or a call of a global."""

    job: str
    choice: str
    what: str  # the module imported or the global called
    span: Span


def _strings(value: object) -> tuple[str, ...]:
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    return ()


def _choice(name: str, value: object) -> LibraryChoice | None:
    if isinstance(value, list):
        return LibraryChoice(name, _strings(value))
    if isinstance(value, dict):
        return LibraryChoice(
            name,
            _strings(value.get("modules", [])),
            _strings(value.get("except", [])),
            _strings(value.get("calls", [])),
        )
    return None


def parse_library_table(text: str) -> LibraryTable:
    """The table from TOML text; entries of the wrong shape are skipped, not fatal."""
    data = tomllib.loads(text)
    raw_aliases = data.pop("aliases", {})
    aliases = {k: v for k, v in raw_aliases.items() if isinstance(v, str)}
    groups: dict[str, tuple[LibraryGroup, ...]] = {}
    for language, jobs in sorted(data.items()):
        if not isinstance(jobs, dict):
            continue
        found = []
        for job, libraries in sorted(jobs.items()):
            if not isinstance(libraries, dict):
                continue
            choices = [_choice(name, value) for name, value in libraries.items()]
            valid = tuple(c for c in choices if c is not None)
            if len(valid) >= 2:
                found.append(LibraryGroup(job, valid))
        groups[language] = tuple(found)
    return LibraryTable(groups, aliases)


@cache
def library_table() -> LibraryTable:
    """The curated table shipped as package data."""
    text = resources.files("steering_index").joinpath("data/libraries.toml").read_text("utf-8")
    return parse_library_table(text)


def _covers(pattern: str, module: str) -> bool:
    if module == pattern:
        return True
    return any(module.startswith(pattern + sep) for sep in _SEPARATORS)


def _best_choice(group: LibraryGroup, candidates: list[str]) -> str | None:
    """The library whose longest matching module name covers one of `candidates`."""
    best: tuple[int, str] | None = None
    for choice in group.choices:
        for candidate in candidates:
            if any(_covers(x, candidate) for x in choice.excluded):
                continue
            for pattern in choice.modules:
                if _covers(pattern, candidate) and (best is None or len(pattern) > best[0]):
                    best = (len(pattern), choice.name)
    return best[1] if best else None


def _candidates(module: str, names: tuple[str, ...], language: str) -> list[str]:
    # `from os import path` is the module os.path; in other languages the names imported
    # from a module are its members, not submodules.
    if language == "python" and names:
        return [f"{module}.{name}" for name in names]
    return [module]


def library_uses(extract: FileExtract, table: LibraryTable) -> list[LibraryUse]:
    """Every import (and global call) in the file that picks a library of some job."""
    uses: list[LibraryUse] = []
    groups = table.for_language(extract.language)
    if not groups:
        return uses
    for imp in extract.imports:
        if imp.relative:
            continue
        candidates = _candidates(imp.module, imp.names, extract.language)
        for group in groups:
            best = _best_choice(group, candidates)
            if best is not None:
                uses.append(LibraryUse(group.job, best, imp.module, imp.span))
    defined = {s.name for s in extract.symbols}
    imported = {n for imp in extract.imports for n in (*imp.names, imp.alias) if n}
    for ref in extract.references:
        if not ref.is_call or ref.name in defined or ref.name in imported:
            continue
        for group in groups:
            for choice in group.choices:
                if ref.name in choice.calls:
                    uses.append(LibraryUse(group.job, choice.name, ref.name, ref.span))
    return uses
