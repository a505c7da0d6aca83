"""The closest existing examples of the target's pattern: same folder, same kind, shared imports.

The pattern is the kind of definition being written (the first one inside the target, else
the one around it, else the commonest kind in the file). Candidates come from the target's
own file, the files beside it, and files importing the same modules, looked up in the index
by path and by module; only the few chosen examples are read from disk.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Protocol

from steering_index.files import ReadProblem, read_text
from steering_index.languages import language_for_path
from steering_index.model import Import, LineRange, Symbol
from steering_index.retrieval_budget import Candidate, Section, Tier, make_item
from steering_index.retrieval_code import TargetFile, qualified, top_level_kinds
from steering_index.secrets import is_secret_path
from steering_index.store import identifier_words
from steering_index.tokens import estimate_tokens

MAX_FOLDER_FILES = 24
MAX_IMPORT_FILES = 16
# A module imported by more files than this says little about likeness (`typing`, `os`).
MAX_IMPORTERS = 40
_STOP_WORDS = frozenset({"a", "an", "the", "to", "of", "for", "and", "in", "on", "with", "add"})


class ExampleIndex(Protocol):
    """The part of the index that examples need."""

    def symbols_in(self, path: str) -> list[Symbol]: ...

    def imports_in(self, path: str) -> list[Import]: ...

    def files_importing(self, module: str) -> list[str]: ...


@dataclass(frozen=True, slots=True)
class _Scored:
    score: int
    path: str
    symbol: Symbol
    why: str


def _words(text: str) -> set[str]:
    words: set[str] = set()
    for token in re.findall(r"\w+", text):
        words.update(identifier_words(token).split())
    return {w for w in words if len(w) > 2 and w not in _STOP_WORDS}


def pattern_of(target: TargetFile) -> Symbol | str | None:
    """The definition whose like we look for, or just its kind when none is at the target."""
    inside = target.symbols_in_target()
    if inside:
        return inside[0]
    around = target.enclosing()
    if around is not None:
        return around
    kinds = top_level_kinds(target.extract.symbols) if target.extract else []
    return kinds[0] if kinds else None


def _folder_files(root: Path, target: TargetFile, secret_globs: Sequence[str]) -> list[str]:
    folder = PurePosixPath(target.path).parent
    try:
        entries = sorted(e.name for e in os.scandir(root / folder) if e.is_file())
    except OSError:
        return []
    paths = [(folder / name).as_posix() for name in entries]
    return [
        p
        for p in paths
        if p != target.path
        and language_for_path(p) == target.language
        and not is_secret_path(p, secret_globs)
    ][:MAX_FOLDER_FILES]


def _importing_files(
    index: ExampleIndex, target: TargetFile, modules: Sequence[str], secret_globs: Sequence[str]
) -> list[str]:
    found: list[str] = []
    for module in modules:
        paths = index.files_importing(module)
        if len(paths) > MAX_IMPORTERS:
            continue
        for path in paths:
            if (
                path != target.path
                and path not in found
                and language_for_path(path) == target.language
                and not is_secret_path(path, secret_globs)
            ):
                found.append(path)
    return found[:MAX_IMPORT_FILES]


def _shared(ours: Sequence[str], theirs: Sequence[Import]) -> list[str]:
    mine = set(ours)
    return sorted({i.module for i in theirs if i.module in mine})


@dataclass(frozen=True, slots=True)
class _Pattern:
    kind: str
    member: bool
    words: set[str]
    skip: tuple[LineRange, ...]  # in the target's own file: already in the context


def _score(
    pattern: _Pattern, path: str, place: str, shared: list[str], symbols: Sequence[Symbol]
) -> list[_Scored]:
    base = {"same file": 3, "same folder": 2}.get(place, 0) + min(len(shared), 3)
    found: list[_Scored] = []
    for symbol in symbols:
        if symbol.kind != pattern.kind or bool(symbol.scope) != pattern.member:
            continue
        lines = LineRange(symbol.span.start_line + 1, symbol.span.end_line + 1)
        if any(_overlap(lines, s) for s in pattern.skip):
            continue
        common = sorted(pattern.words & _words(symbol.name))
        parts = [p for p in (place, f"same kind ({pattern.kind})") if p]
        if shared:
            parts.append("shares imports " + ", ".join(shared[:3]))
        if common:
            parts.append("name shares " + ", ".join(f"`{w}`" for w in common[:2]))
        found.append(_Scored(base + min(len(common), 2), path, symbol, ", ".join(parts)))
    return found


def _overlap(a: LineRange, b: LineRange) -> bool:
    return a.first <= b.last and b.first <= a.last


def _pattern(target: TargetFile, task: str) -> _Pattern | None:
    pattern = pattern_of(target)
    if pattern is None:
        return None
    skip = [target.target]
    around = target.enclosing()
    if around is not None:
        skip.append(LineRange(around.span.start_line + 1, around.span.end_line + 1))
    if isinstance(pattern, str):
        return _Pattern(pattern, False, _words(task), tuple(skip))
    words = _words(task) | _words(pattern.name)
    return _Pattern(pattern.kind, bool(pattern.scope), words, tuple(skip))


def _scored_candidates(
    root: Path, target: TargetFile, index: ExampleIndex, pattern: _Pattern, secrets: Sequence[str]
) -> list[_Scored]:
    assert target.extract is not None
    modules = sorted({i.module for i in target.extract.imports})
    scored = _score(pattern, target.path, "same file", [], target.extract.symbols)
    folder = _folder_files(root, target, secrets)
    others = [p for p in _importing_files(index, target, modules, secrets) if p not in folder]
    for place, paths in (("same folder", folder), ("", others)):
        for path in paths:
            shared = _shared(modules, index.imports_in(path))
            if place or shared:
                scored.extend(_score(pattern, path, place, shared, index.symbols_in(path)))
    scored.sort(key=lambda s: (-s.score, s.path, s.symbol.span.start_byte))
    return scored


def example_candidates(
    root: Path,
    target: TargetFile,
    index: ExampleIndex | None,
    task: str,
    max_examples: int,
    max_tokens: int,
    secret_globs: Sequence[str] = (),
) -> list[Candidate]:
    """Up to `max_examples` definitions most like the target's, each under `max_tokens`."""
    if index is None or target.extract is None or max_examples <= 0:
        return []
    pattern = _pattern(target, task)
    if pattern is None:
        return []
    found: list[Candidate] = []
    texts: dict[str, tuple[str, ...] | None] = {target.path: target.lines}
    for scored in _scored_candidates(root, target, index, pattern, secret_globs):
        if len(found) >= max_examples:
            break
        if scored.path not in texts:
            texts[scored.path] = _read_lines(root, scored.path)
        lines = texts[scored.path]
        span = LineRange(scored.symbol.span.start_line + 1, scored.symbol.span.end_line + 1)
        if lines is None or span.last > len(lines):
            continue  # the index is behind the disk; skip rather than send wrong lines
        text = "".join(lines[span.first - 1 : span.last])
        if estimate_tokens(text) > max_tokens:
            continue
        name = qualified(scored.symbol)
        item = make_item(
            "example",
            f"{scored.path}::{name}",
            f"{scored.symbol.kind} {name}",
            text,
            f"closest example: {scored.why}",
            Section.EXAMPLE,
            scored.path,
            span,
        )
        found.append(Candidate(item, Section.EXAMPLE, Tier.EXTRA, float(len(found))))
    return found


def _read_lines(root: Path, path: str) -> tuple[str, ...] | None:
    read = read_text(root / path, root)
    if isinstance(read, ReadProblem):
        return None
    return tuple(read.text.splitlines(keepends=True))
