"""The closest existing examples of the target's pattern: same folder, same kind, shared imports.

The pattern is the kind of definition being written (the first one inside the target, else
the one around it, else the commonest kind in the file). Candidates come from the target's
own file and a few files beside it; when those hold too few, from definitions whose names
or docstrings match the pattern's and the task's words (the index's BM25 symbol search,
which costs tens of milliseconds on a large index). Shared imports raise a candidate's
score. Only the few chosen examples are read from disk.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Protocol

from steering_index.conventions.infer import conventions_for_symbol
from steering_index.conventions.layout import is_test_file
from steering_index.conventions.project import NO_PROJECT, ProjectFacts
from steering_index.index.files import ReadProblem, read_text, text_reader
from steering_index.index.languages import language_on_disk, same_family
from steering_index.index.lines import split_lines
from steering_index.model import Convention, LineRange, Symbol, qualified
from steering_index.retrieval.budget import Candidate, Priority, Slot, make_item
from steering_index.retrieval.code import TargetFile, is_secret, top_level_kinds
from steering_index.store import identifier_words
from steering_index.tokens import estimate_tokens

# Each candidate file costs two indexed queries: a handful keeps a call within milliseconds.
MAX_FOLDER_FILES = 5
MAX_SEARCHED_FILES = 5
MAX_SEARCH_WORDS = 5
_STOP_WORDS = frozenset({"a", "an", "the", "to", "of", "for", "and", "in", "on", "with", "add"})


class ExampleIndex(Protocol):
    """The part of the index that examples need."""

    def symbols_of_kind(self, path: str, kind: str) -> list[Symbol]: ...

    def imported_modules(self, path: str) -> set[str]: ...

    def search_symbols(self, query: str, limit: int = 20) -> list[tuple[str, Symbol, float]]: ...

    def file_language(self, path: str) -> str | None: ...


@dataclass(frozen=True, slots=True)
class _Scored:
    score: int
    path: str
    symbol: Symbol
    place: str
    kind: str
    shared: tuple[str, ...]
    common: tuple[str, ...]

    @property
    def why(self) -> str:
        """Said only of the few that are kept: scoring builds no strings."""
        parts = [p for p in (self.place, f"same kind ({self.kind})") if p]
        if self.shared:
            parts.append("shares imports " + ", ".join(self.shared[:3]))
        if self.common:
            parts.append("name shares " + ", ".join(f"`{w}`" for w in self.common[:2]))
        return ", ".join(parts)


def _words(text: str) -> set[str]:
    words: set[str] = set()
    for token in re.findall(r"\w+", text):
        words.update(_token_words(token))
    return words


@functools.lru_cache(maxsize=8192)
def _token_words(token: str) -> frozenset[str]:
    """The meaningful words of one identifier (names repeat across files and calls)."""
    words = identifier_words(token).split()
    return frozenset(w for w in words if len(w) > 2 and w not in _STOP_WORDS)


def pattern_of(target: TargetFile) -> Symbol | str | None:
    """The definition whose like we look for, or just its kind when none is at the target.
    A module or namespace is no such definition: its like is a whole other namespace block."""
    inside = [s for s in target.symbols_in_target() if s.kind != "module"]
    if inside:
        return inside[0]
    around = target.enclosing()
    if around is not None:
        return around if around.kind != "module" else None
    kinds = top_level_kinds(target.extract.symbols) if target.extract else []
    return kinds[0] if kinds else None


def _folder_files(root: Path, target: TargetFile) -> list[str]:
    """Files beside the target in its language, those whose names share words with it first."""
    folder = PurePosixPath(target.path).parent
    try:
        names = [e.name for e in os.scandir(root / folder) if e.is_file()]
    except OSError:
        return []
    own = _words(PurePosixPath(target.path).stem)
    paths = [
        (folder / name).as_posix()
        for name in names
        if same_family(name, target.language, lambda n: language_on_disk(n, str(root / folder / n)))
        and (folder / name).as_posix() != target.path
    ]
    paths.sort(key=lambda p: (-len(own & _words(PurePosixPath(p).stem)), p))
    return paths[:MAX_FOLDER_FILES]


def _searched(
    index: ExampleIndex, target: TargetFile, pattern: _Pattern
) -> dict[str, list[Symbol]]:
    """Definitions of the pattern's kind whose names or docstrings match its words (BM25)."""
    found: dict[str, list[Symbol]] = {}
    if not pattern.words:
        return found
    # Longer words are the more specific ones; a few keep the full-text query cheap.
    words = sorted(pattern.words, key=lambda w: (-len(w), w))[:MAX_SEARCH_WORDS]
    for path, symbol, _score in index.search_symbols(" ".join(words), 30):
        if path != target.path and same_family(path, target.language, index.file_language):
            found.setdefault(path, []).append(symbol)
    return dict(list(found.items())[:MAX_SEARCHED_FILES])


def _shared(ours: Sequence[str], theirs: set[str]) -> tuple[str, ...]:
    """The modules both import; not the global namespace (`""`: PHP's `use Closure;`), which
    every file of a language with namespaces draws from."""
    return tuple(sorted(theirs.intersection(ours) - {""}))


@dataclass(frozen=True, slots=True)
class _Pattern:
    kind: str
    member: bool
    words: set[str]
    skip: tuple[LineRange, ...]  # in the target's own file: already in the context


def _score(
    pattern: _Pattern, path: str, place: str, shared: tuple[str, ...], symbols: Sequence[Symbol]
) -> list[_Scored]:
    base = {"same file": 3, "same folder": 2}.get(place, 0) + min(len(shared), 3)
    found: list[_Scored] = []
    kind, member, words = pattern.kind, pattern.member, pattern.words
    for symbol in symbols:
        if symbol.kind != kind or bool(symbol.scope) != member:
            continue
        start, end = symbol.span.start_line + 1, symbol.span.end_line + 1
        if place == "same file" and any(start <= s.last and s.first <= end for s in pattern.skip):
            continue  # the target and what encloses it are sent already
        common = tuple(sorted(words & _token_words(symbol.name)))
        score = base + min(len(common), 2)
        found.append(_Scored(score, path, symbol, place, kind, shared, common))
    return found


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
    root: Path, target: TargetFile, index: ExampleIndex, pattern: _Pattern, wanted: int
) -> list[_Scored]:
    """Candidates from the file and its folder; the full-text search only when those are few."""
    assert target.extract is not None
    modules = sorted({i.module for i in target.extract.imports})
    scored = _score(pattern, target.path, "same file", (), target.extract.symbols)
    folder = _folder_files(root, target)
    for path in folder:
        shared = _shared(modules, index.imported_modules(path))
        symbols = index.symbols_of_kind(path, pattern.kind)
        scored.extend(_score(pattern, path, "same folder", shared, symbols))
    if len(scored) < wanted:
        for path, symbols in _searched(index, target, pattern).items():
            if path not in folder:
                shared = _shared(modules, index.imported_modules(path))
                scored.extend(_score(pattern, path, "", shared, symbols))
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
    conventions: Sequence[Convention] = (),
    project: ProjectFacts = NO_PROJECT,
    sent: frozenset[str] = frozenset(),
) -> list[Candidate]:
    """Up to `max_examples` definitions most like the target's, each under `max_tokens`.

    A definition whose name breaks a strong convention of its place is never an example:
    a small model copies what it is shown. The name is judged as the checks judge it, with
    the workspace's `project` facts (a documented public API keeps its names). A definition
    in `sent` (`path::Name`, sent already as what the task names) is no example twice.
    """
    if index is None or target.extract is None or max_examples <= 0:
        return []
    pattern = _pattern(target, task)
    if pattern is None:
        return []
    found: list[Candidate] = []
    texts: dict[str, tuple[str, ...] | None] = {target.path: target.lines}
    read = text_reader(root) if conventions else None
    language = target.language or ""
    in_test = is_test_file(target.path, language)
    scored_list = _scored_candidates(root, target, index, pattern, 2 * max_examples)
    for scored in [*_intent_candidates(index, target, task, pattern), *scored_list]:
        if len(found) >= max_examples:
            break
        if is_secret(scored.path, tuple(secret_globs)):
            continue
        if f"{scored.path}::{qualified(scored.symbol)}" in sent:
            continue
        if is_test_file(scored.path, language) != in_test:
            continue  # a test is no model for library code, nor library code for a test
        if _breaks_convention(scored, target.language, conventions, read, project):
            continue
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
            Slot.EXAMPLE,
            scored.path,
            span,
        )
        found.append(Candidate(item, Slot.EXAMPLE, Priority.EXTRA, float(len(found))))
    return found


# What a task may be about that the project has likely solved once already: its existing
# code for it is the example to follow (a retry task gets the retry loop the project has).
INTENT_WORDS = frozenset(
    {
        "retry",
        "retries",
        "backoff",
        "cache",
        "caching",
        "timeout",
        "paginate",
        "pagination",
        "throttle",
        "lock",
        "batch",
        "debounce",
    }
)
_INTENT_KINDS = frozenset({"function", "method", "class"})


def _intent_candidates(
    index: ExampleIndex, target: TargetFile, task: str, pattern: _Pattern
) -> list[_Scored]:
    """Existing code for what the task is about (its retry, its cache), best match first."""
    words = sorted(w for w in re.findall(r"[a-z]+", task.lower()) if w in INTENT_WORDS)
    if not words:
        return []
    skip = pattern.skip
    for path, symbol, _score in index.search_symbols(" ".join(words), 10):
        if not same_family(path, target.language, index.file_language):
            continue
        if symbol.kind not in _INTENT_KINDS:
            continue
        start, end = symbol.span.start_line + 1, symbol.span.end_line + 1
        if path == target.path and any(start <= r.last and r.first <= end for r in skip):
            continue
        place = f"existing `{words[0]}` code for a task about it"
        return [_Scored(99, path, symbol, place, symbol.kind, (), ())]
    return []


def _breaks_convention(
    scored: _Scored,
    language: str | None,
    conventions: Sequence[Convention],
    read: Callable[[str], bytes | None] | None,
    project: ProjectFacts,
) -> bool:
    if language is None or not conventions:
        return False
    verdicts = conventions_for_symbol(
        scored.symbol, scored.path, language, conventions, (), read, project
    )
    return any(conv.strong and not fits for conv, fits in verdicts)


def _read_lines(root: Path, path: str) -> tuple[str, ...] | None:
    read = read_text(root / path, root)
    if isinstance(read, ReadProblem):
        return None
    return tuple(split_lines(read.text, keepends=True))
