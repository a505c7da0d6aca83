"""Code around a target: its enclosing definition, and signatures of the local modules it uses.

Everything here reads the target's own text (the open buffer is the truth) and the index;
no other file is read from disk. Closest examples, which do read a few files, live in
`examples.py`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import PurePosixPath
from typing import Protocol

from steering_index.index.languages import language_for_path
from steering_index.model import (
    ContextItem,
    FileExtract,
    Import,
    LineRange,
    Span,
    Symbol,
    qualified,
)
from steering_index.retrieval.budget import Candidate, Priority, Slot, make_item
from steering_index.secrets import is_secret_path
from steering_index.tokens import estimate_tokens

# Reference names looked up per target: enough for any real function, bounded for a
# whole-file target so that a call stays a handful of indexed queries.
MAX_USED_NAMES = 60
MAX_SIGNATURES_PER_MODULE = 12
_MODULE_SPLIT = re.compile(r"[./:\\]+")
_PATH_NOISE = frozenset({"__init__", "index", "mod", "lib", "main"})
_MODULE_NOISE = frozenset({"", "crate", "self", "super", "src"})
# A shell's expansions in a sourced path (`$DIR`, `${BASH_SOURCE%/*}`, `$(dirname "$0")`).
_EXPANSION = re.compile(r"[$`{}()*]")


class SymbolIndex(Protocol):
    """The part of the index that signatures need."""

    def find_definitions(self, name: str) -> list[tuple[str, Symbol]]: ...


@lru_cache(maxsize=8192)
def is_secret(path: str, secret_globs: tuple[str, ...]) -> bool:
    """`secrets.is_secret_path`, remembered: it compiles its globs on every call (~5 ms)."""
    return is_secret_path(path, secret_globs)


@dataclass(frozen=True, slots=True)
class TargetFile:
    """The file being edited, its text split into lines, and the (clamped) target range."""

    path: str
    language: str | None
    lines: tuple[str, ...]  # with line endings
    extract: FileExtract | None
    target: LineRange

    def text_of(self, first: int, last: int) -> str:
        return "".join(self.lines[first - 1 : last])

    def symbols_in_target(self) -> list[Symbol]:
        """Definitions that lie inside the target range, outermost first."""
        if self.extract is None:
            return []
        first, last = self.target.first - 1, self.target.last - 1
        inside = [
            s
            for s in self.extract.symbols
            if s.span.start_line >= first and s.span.end_line <= last
        ]
        return sorted(inside, key=lambda s: (s.span.start_line, -s.span.end_line))

    def enclosing(self) -> Symbol | None:
        """The smallest definition holding the whole target and more than it."""
        if self.extract is None:
            return None
        first, last = self.target.first - 1, self.target.last - 1
        best: Symbol | None = None
        for symbol in self.extract.symbols:
            span = symbol.span
            holds = span.start_line <= first and span.end_line >= last
            larger = span.start_line < first or span.end_line > last
            if holds and larger and (best is None or _size(span) < _size(best.span)):
                best = symbol
        return best


def _size(span: Span) -> int:
    return span.end_byte - span.start_byte


def _lines_of(symbol: Symbol) -> LineRange:
    return LineRange(symbol.span.start_line + 1, symbol.span.end_line + 1)


# --- enclosing symbol -----------------------------------------------------------------------


def enclosing_candidate(target: TargetFile, max_tokens: int) -> Candidate | None:
    """The definition around the target, with the target's own lines elided (sent below).

    A definition too large for `max_tokens` is outlined instead: its first line, the first
    lines of its direct members, and where the target sits. Where even that is too large (a
    C# class of hundreds of members), the members the target uses and those nearest to it
    are kept while they fit, and the outline says how many it left out.
    """
    symbol = target.enclosing()
    if symbol is None:
        return None
    span = _lines_of(symbol)
    marker = _target_marker(target)
    full = target.text_of(span.first, target.target.first - 1) + marker
    full += target.text_of(target.target.last + 1, span.last)
    outline = _outline(target, symbol, marker, max_tokens)

    def shaped(text: str, how: str) -> ContextItem:
        return make_item(
            "enclosing",
            f"{target.path}::{qualified(symbol)}",
            f"{symbol.kind} {qualified(symbol)}",
            text,
            f"encloses the target: {symbol.kind} `{qualified(symbol)}`, {how}",
            Slot.ENCLOSING,
            target.path,
            span,
        )

    short = shaped(outline, "outlined (too large to send in full)")
    if estimate_tokens(full) > max_tokens:
        return Candidate(short, Slot.ENCLOSING, Priority.ASKED, 1.0)
    return Candidate(shaped(full, "in full"), Slot.ENCLOSING, Priority.ASKED, 1.0, short)


def _target_marker(target: TargetFile) -> str:
    first = target.lines[target.target.first - 1] if target.lines else ""
    indent = first[: len(first) - len(first.lstrip())]
    return f"{indent}... (target lines {target.target.first}-{target.target.last}, below)\n"


def _outline(target: TargetFile, symbol: Symbol, marker: str, max_tokens: int) -> str:
    assert target.extract is not None
    name = qualified(symbol)
    fixed: list[tuple[int, str]] = [
        (symbol.span.start_line + 1, _first_line(target, symbol)),
        (target.target.first, marker),
    ]
    members: list[tuple[int, str, str]] = []
    for member in target.extract.symbols:
        if member.scope == name:
            line = member.span.start_line + 1
            if not target.target.contains(line):
                text = _first_line(target, member).rstrip("\n") + " ...\n"
                members.append((line, member.name, text))
    used = set(used_names(target))
    # Those the target uses first, then the nearest to it: what is dropped comes last.
    members.sort(key=lambda m: (m[1] not in used, abs(m[0] - target.target.first), m[0]))
    kept = [(line, text) for line, _, text in members]
    indent = marker[: len(marker) - len(marker.lstrip())]
    text = _joined(fixed + kept)
    if estimate_tokens(text) <= max_tokens:
        return text
    # Halve what is kept until the outline fits, then add back while it still does; the
    # note and the item's own wrapping need a few tokens of the cap.
    max_tokens -= 16
    size = len(kept)
    while size and estimate_tokens(_joined(fixed + kept[:size])) > max_tokens:
        size //= 2
    while size < len(kept):
        note = (
            symbol.span.end_line + 2,
            f"{indent}... {len(kept) - size - 1} more members not shown\n",
        )
        if estimate_tokens(_joined([*fixed, *kept[: size + 1], note])) > max_tokens:
            break
        size += 1
    note = (symbol.span.end_line + 2, f"{indent}... {len(kept) - size} more members not shown\n")
    return _joined([*fixed, *kept[:size], note])


def _joined(rows: list[tuple[int, str]]) -> str:
    return "".join(text for _, text in sorted(rows, key=lambda row: row[0]))


def _first_line(target: TargetFile, symbol: Symbol) -> str:
    """The definition's header line (past decorators and annotations, to its name's line)."""
    line = symbol.name_span.start_line
    text = target.lines[line] if line < len(target.lines) else ""
    return text if text.endswith("\n") else text + "\n"


# --- signatures of local modules ------------------------------------------------------------


_LAST_USED: dict[tuple[object, ...], list[str]] = {}


def used_names(target: TargetFile) -> list[str]:
    """Names the target's lines refer to, in first-use order.

    Several candidates ask for them in one request; the last answer is kept (keyed by the
    target's range and text) so that the references are walked once.
    """
    if target.extract is None:
        return []
    key = (target.path, target.target, id(target.extract), hash(target.lines))
    if key not in _LAST_USED:
        _LAST_USED.clear()
        _LAST_USED[key] = _used_names(target)
    return list(_LAST_USED[key])


def _used_names(target: TargetFile) -> list[str]:
    assert target.extract is not None
    first, last = target.target.first - 1, target.target.last - 1
    # The decorators over the definition around the target bear on it too (`@handles_errors`).
    around = target.enclosing()
    decorated = (around.span.start_line, around.name_span.start_line) if around else (-1, -1)
    names: dict[str, None] = {}
    for ref in target.extract.references:
        line = ref.span.start_line
        # A dotted reference (`os.path`) names a module's attribute, never a local symbol.
        if (first <= line <= last or decorated[0] <= line < decorated[1]) and "." not in ref.name:
            names.setdefault(ref.name, None)
    return list(names)[:MAX_USED_NAMES]


def _module_tail(module: str) -> tuple[str, ...]:
    """The last parts of an imported module's name, as `_path_parts` gives a file's. A file
    named by its path (`ring.h`, `lib/common.sh`, a shell's `"${BASH_SOURCE%/*}/functions"`)
    drops its suffix, the shell's expansions and the folders a path drops (`lib`)."""
    noise = _MODULE_NOISE
    is_file = language_for_path(module) is not None
    if is_file:
        module = module.rpartition(".")[0]
    if is_file or _EXPANSION.search(module):
        noise = _MODULE_NOISE | _PATH_NOISE
    parts = [p for p in _MODULE_SPLIT.split(module) if p not in noise and not _EXPANSION.search(p)]
    return tuple(parts[-2:])


def _path_parts(path: str) -> tuple[str, ...]:
    pure = PurePosixPath(path)
    parts = [*pure.parent.parts, pure.stem]
    return tuple(p for p in parts if p not in _PATH_NOISE)


def _defined_in_module(path: str, module: Import) -> bool:
    """Whether `path` is (or sits in the package folder of) the imported module."""
    tail = _module_tail(module.module)
    if not tail:
        return False
    parts = _path_parts(path)
    if parts[-len(tail) :] == tail:
        return True
    folder = tuple(p for p in PurePosixPath(path).parent.parts if p not in _PATH_NOISE)
    return folder[-len(tail) :] == tail  # Go and Java: the package is the folder


def _bound_names(imp: Import) -> set[str]:
    """Names an import makes available in the file (imported names, alias, module name)."""
    bound = set(imp.names)
    if imp.alias:
        bound.add(imp.alias)
    tail = _module_tail(imp.module)
    if not imp.names and tail:
        bound.add(tail[-1])
    return bound


def _wanted_names(target: TargetFile) -> dict[str, list[Import]]:
    """Each name the target uses that an import may define, with the imports that may."""
    assert target.extract is not None
    names = used_names(target)
    wanted: dict[str, list[Import]] = {}
    whole_modules: list[Import] = []
    for imp in target.extract.imports:
        if imp.names == ("*",):  # `#include "ring.h"`, `using Shop.Models;`: every name
            whole_modules.append(imp)
        elif imp.names:
            for name in imp.names:
                if name in names:
                    wanted.setdefault(name, []).append(imp)
        elif _bound_names(imp).intersection(names):
            whole_modules.append(imp)  # `import shop.db as db`: `db.save_order` names a member
    if whole_modules:
        local = {s.name for s in target.extract.symbols}
        for name in names:
            if name not in wanted and name not in local:
                wanted[name] = list(whole_modules)
    return wanted


CLASS_KINDS = frozenset({"class", "struct", "interface", "enum", "trait", "record"})
UsedDefinitions = dict[str, tuple[Import, dict[str, Symbol]]]


def used_definitions(
    target: TargetFile, index: SymbolIndex, secret_globs: Sequence[str]
) -> UsedDefinitions:
    """Module-level definitions in the project's own modules that the target uses, by path."""
    found: dict[str, tuple[Import, dict[str, Symbol]]] = {}
    for name, imports in _wanted_names(target).items():
        for path, symbol in index.find_definitions(name):
            if path == target.path or symbol.scope:
                continue
            imp = next((i for i in imports if _defined_in_module(path, i)), None)
            if imp is not None:
                _, symbols = found.setdefault(path, (imp, {}))
                symbols.setdefault(symbol.name, symbol)
    return {p: found[p] for p in sorted(found) if not is_secret(p, tuple(secret_globs))}


def local_used(target: TargetFile) -> list[Symbol]:
    """Definitions of the target's own file, outside the target and around it, it uses."""
    if target.extract is None:
        return []
    names = set(used_names(target))
    around = target.enclosing()
    first, last = target.target.first - 1, target.target.last - 1
    return [
        s
        for s in target.extract.symbols
        if s.name in names
        and not s.scope
        and not (first <= s.span.start_line <= last)
        and (around is None or qualified(s) != qualified(around))
    ]


def signature_candidates(
    target: TargetFile,
    index: SymbolIndex | None,
    secret_globs: Sequence[str],
    used: UsedDefinitions | None = None,
) -> list[Candidate]:
    """For each local module the target uses: the signatures of the functions and constants
    it uses from it (the classes it uses are outlined apart, `floor.py`). `used`
    is `used_definitions` when the caller has it already."""
    if index is None or target.extract is None:
        return []
    found = used if used is not None else used_definitions(target, index, secret_globs)
    local = [s for s in local_used(target) if s.kind not in CLASS_KINDS]
    if local:
        found = {target.path: (Import("(this file)", (), None, True, local[0].span), {})} | found
        found[target.path][1].update((s.name, s) for s in local)
    candidates: list[Candidate] = []
    for path, (imp, symbols) in found.items():
        plain = [s for s in symbols.values() if s.kind not in CLASS_KINDS]
        if plain:
            candidates.append(_signature_candidate(path, imp, plain, len(candidates)))
    return candidates


def _signature_candidate(path: str, imp: Import, symbols: list[Symbol], rank: int) -> Candidate:
    symbols.sort(key=lambda s: s.span.start_byte)
    text = "".join(_signature_line(s) for s in symbols[:MAX_SIGNATURES_PER_MODULE])
    names = ", ".join(s.name for s in symbols[:4]) + (", ..." if len(symbols) > 4 else "")
    reason = f"signature of {imp.module} used by the target ({names})"
    item = make_item(
        "signature",
        f"{path}#signatures",
        f"{imp.module} ({path})",
        text,
        reason,
        Slot.SIGNATURE,
        path,
    )
    return Candidate(item, Slot.SIGNATURE, Priority.EXTRA, float(rank))


def _signature_line(symbol: Symbol) -> str:
    head = symbol.signature or f"{symbol.kind} {symbol.name}"
    doc = (symbol.docstring or "").strip().splitlines()
    return f"{head}\n" + (f"    {doc[0]}\n" if doc else "")


def top_level_kinds(symbols: Iterable[Symbol]) -> list[str]:
    """Kinds of the module-level definitions, most common first (ties by name)."""
    counts: dict[str, int] = {}
    for symbol in symbols:
        if not symbol.scope:
            counts[symbol.kind] = counts.get(symbol.kind, 0) + 1
    return sorted(counts, key=lambda kind: (-counts[kind], kind))
