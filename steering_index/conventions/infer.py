"""Inferred conventions with evidence, and checks of code that drifts from the strong ones.

`infer_conventions` counts observations (names, library imports, import style, test files)
across the workspace and keeps, for each subject, the dominant choice with its evidence.
A directory subtree that consistently makes another choice (a `legacy/` folder in
camelCase, a package with relative imports) gets a convention of its own, which governs the
files under it instead of the workspace one, and its votes do not dilute the rest. Only
strong conventions (share and count over the settings' thresholds) produce findings.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass, fields
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from steering_index.conventions.checks import finding_for, split_silenced, subject_plural
from steering_index.conventions.layout import folders, is_test_file
from steering_index.conventions.libraries import LibraryTable, library_table
from steering_index.conventions.naming import MIXED, conforms
from steering_index.conventions.observe import (
    ConventionKey,
    Observation,
    function_like_classes,
    mandated_name,
    naming_key,
    observe,
    voting_style,
    why_mandated,
)
from steering_index.model import Convention, FileExtract, Finding, Symbol

if TYPE_CHECKING:
    from steering_index.store import IndexStore

__all__ = [
    "ConventionSettings",
    "check_file",
    "conventions_for_file",
    "conventions_for_symbol",
    "infer_conventions",
    "left_alone",
    "reference_filter",
    "workspace_conventions",
]


@dataclass(frozen=True, slots=True)
class ConventionSettings:
    """When a convention counts as strong: its share of the votes and its number of votes.

    `subtree_min_count` is how many votes a folder needs before it may differ from the
    rest of the workspace with a convention of its own. A name that breaks a naming
    convention alike in `shared_name_min_files` files or more is a name something else
    dictates (a framework's hook such as Django's `setUpTestData`): it neither votes nor
    is flagged, and the convention lists it.
    """

    min_share: float = 0.9
    min_count: int = 5
    subtree_min_count: int = 5
    subtrees: bool = True
    shared_name_min_files: int = 3


DEFAULT_SETTINGS = ConventionSettings()


def _describe(key: ConventionKey, value: str, count: int, total: int, where: str) -> str:
    if key.category == "library":
        what = f"files choosing among {key.subject} libraries"
    else:
        what = subject_plural(key.subject)
    return f"{value}: {count} of {total} {what}{where}"


def _ranked(counts: Counter[str]) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def _is_strong(counts: Counter[str], settings: ConventionSettings, min_count: int) -> bool:
    ranked = _ranked(counts)
    if not ranked or ranked[0][0] == MIXED:
        return False
    count = ranked[0][1]
    return count >= min_count and count / sum(counts.values()) >= settings.min_share


def _common_folder(paths: Iterable[str]) -> str:
    common: list[str] | None = None
    for path in paths:
        parts = folders(path)
        if common is None:
            common = parts
            continue
        n = 0
        while n < min(len(common), len(parts)) and common[n] == parts[n]:
            n += 1
        common = common[:n]
    return "/".join(common or [])


def _under(path: str, folder: str) -> bool:
    return not folder or path.startswith(folder + "/")


def _shared_names(
    observations: list[Observation], value: str, settings: ConventionSettings
) -> tuple[tuple[str, int], ...]:
    """Names of definitions written against `value` alike in many files, with how many."""
    files: dict[str, set[str]] = defaultdict(set)
    for obs in observations:
        if obs.symbol is not None and not conforms(obs.choice, value):
            files[obs.text].add(obs.path)
    shared = [(n, len(p)) for n, p in files.items() if len(p) >= settings.shared_name_min_files]
    return tuple(sorted(shared, key=lambda item: (-item[1], item[0])))


def _convention(
    key: ConventionKey,
    observations: list[Observation],
    scope: str,
    settings: ConventionSettings,
) -> Convention | None:
    counts = Counter(o.choice for o in observations)
    ranked = _ranked(counts)
    if not ranked or ranked[0][0] == MIXED:
        return None
    shared = _shared_names(observations, ranked[0][0], settings)
    if shared:
        names = {name for name, _ in shared}
        observations = [o for o in observations if o.symbol is None or o.text not in names]
        counts = Counter(o.choice for o in observations)
        ranked = _ranked(counts)
        if not ranked or ranked[0][0] == MIXED:
            return None
    value, count = ranked[0]
    paths = {o.path for o in observations}
    total = sum(counts.values())
    folder = scope or _common_folder(paths)
    where = f" under {folder}/" if folder else ""
    min_count = settings.subtree_min_count if scope else settings.min_count
    return Convention(
        id=f"{key.id}@{scope}" if scope else key.id,
        category=key.category,
        language=key.language,
        subject=key.subject,
        value=value,
        count=count,
        total=total,
        scope=scope,
        evidence=_describe(key, value, count, total, where),
        strong=_is_strong(counts, settings, min_count),
        alternatives=tuple(ranked[1:]),
        shared_names=shared,
    )


def _folder_counts(observations: list[Observation]) -> dict[str, Counter[str]]:
    """Votes per folder, each vote counted in every ancestor folder of its file."""
    by_folder: dict[str, Counter[str]] = defaultdict(Counter)
    for obs in observations:
        parts = folders(obs.path)
        for depth in range(1, len(parts) + 1):
            by_folder["/".join(parts[:depth])][obs.choice] += 1
    return by_folder


def _differing_subtrees(observations: list[Observation], settings: ConventionSettings) -> list[str]:
    """Outermost folders whose own strong style differs from the workspace's dominant one."""
    overall = _ranked(Counter(obs.choice for obs in observations))
    if not overall:
        return []
    claimed: list[str] = []
    by_folder = _folder_counts(observations)
    for folder in sorted(by_folder, key=lambda f: (f.count("/"), f)):
        if any(_under(folder, c) for c in claimed):
            continue
        counts = by_folder[folder]
        top = _ranked(counts)[0][0]
        if top != overall[0][0] and _is_strong(counts, settings, settings.subtree_min_count):
            claimed.append(folder)
    return claimed


def _conventions_for_key(
    key: ConventionKey, observations: list[Observation], settings: ConventionSettings
) -> list[Convention]:
    subtrees: list[str] = []
    if settings.subtrees:
        subtrees = _differing_subtrees(observations, settings)
    found: list[Convention] = []
    rest = [o for o in observations if not any(_under(o.path, s) for s in subtrees)]
    whole = _convention(key, rest, "", settings)
    if whole is not None:
        found.append(whole)
    for folder in subtrees:
        inside = [o for o in observations if _under(o.path, folder)]
        sub = _convention(key, inside, folder, settings)
        if sub is not None:
            found.append(sub)
    return found


def infer_conventions(
    files: Iterable[FileExtract],
    settings: ConventionSettings = DEFAULT_SETTINGS,
    table: LibraryTable | None = None,
) -> list[Convention]:
    """The conventions the code follows, strong or not, sorted by id (subtrees after the whole)."""
    extracts = list(files)
    table = table or library_table()
    by_key: dict[ConventionKey, list[Observation]] = defaultdict(list)
    for extract in extracts:
        for obs in observe(extract, table):
            by_key[obs.key].append(obs)
    found: list[Convention] = []
    for key in sorted(by_key, key=lambda k: k.id):
        found.extend(_conventions_for_key(key, by_key[key], settings))
    return found


def reference_filter(table: LibraryTable | None = None) -> Callable[[str], bool]:
    """Which references the conventions read, by name: a module's attribute (`os.path`) and
    a global call of a library (`fetch`). Reading an index, build only those
    (`IndexStore.iter_extracts(keep_reference=...)`): the others are most of them."""
    calls = (table or library_table()).call_names()
    return lambda name: "." in name or name in calls


# --- remembered in the index ----------------------------------------------------------------

_CACHE_META = "conventions"


def code_digest(package: Path, libraries: Path) -> str:
    """A digest of every module in the conventions package and of the library table."""
    digest = hashlib.blake2b(digest_size=16)
    for source in [*sorted(package.rglob("*.py")), libraries]:
        digest.update(source.relative_to(source.parent.parent).as_posix().encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()


@cache
def _code_digest() -> str:
    """This inference's own code and library table: a new version infers afresh."""
    package = Path(__file__).resolve().parent
    return code_digest(package, package.parent / "data" / "libraries.toml")


def _convention_values(conv: Convention) -> dict[str, Any]:
    return {f.name: getattr(conv, f.name) for f in fields(Convention)}


def _convention_from(values: dict[str, Any]) -> Convention:
    pairs = ("alternatives", "shared_names")
    restored: dict[str, Any] = {
        k: tuple(map(tuple, v)) if k in pairs else v for k, v in values.items()
    }
    return Convention(**restored)


def workspace_conventions(
    store: IndexStore,
    settings: ConventionSettings = DEFAULT_SETTINGS,
    table: LibraryTable | None = None,
) -> list[Convention]:
    """`infer_conventions` over the whole index, remembered in it until what it holds, the
    settings, the library table or this code change: `steering check FILE` in a pre-commit
    hook, or the server's start on an unchanged workspace, then reads a few rows instead of
    every file.
    """
    table = table or library_table()
    key = hashlib.blake2b(
        f"{store.content_fingerprint()} {settings!r} {table.digest} {_code_digest()}".encode(),
        digest_size=16,
    ).hexdigest()
    remembered = store.meta(_CACHE_META)
    if remembered is not None:
        try:
            data = json.loads(remembered)
            if data["key"] == key:
                return [_convention_from(c) for c in data["conventions"]]
        except (ValueError, KeyError, TypeError):
            pass  # unreadable: infer again, and write it anew
    found = infer_conventions(store.iter_extracts(reference_filter(table)), settings, table)
    payload = {"key": key, "conventions": [_convention_values(c) for c in found]}
    with suppress(sqlite3.Error):  # a read-only index still answers, uncached
        store.set_meta(_CACHE_META, json.dumps(payload, separators=(",", ":")))
    return found


def governing(base_id: str, path: str, conventions: Sequence[Convention]) -> Convention | None:
    """Convention `base_id` as it applies at `path`: deepest subtree holding it, or the whole."""
    best: Convention | None = None
    for conv in conventions:
        if conv.id.split("@", 1)[0] != base_id or not _under(path, conv.scope):
            continue
        if best is None or len(conv.scope) > len(best.scope):
            best = conv
    return best


def check_file(
    extract: FileExtract,
    conventions: Sequence[Convention],
    settings: ConventionSettings = DEFAULT_SETTINGS,
    table: LibraryTable | None = None,
    silenced: list[Finding] | None = None,
) -> list[Finding]:
    """Findings for the places in one file that drift from a strong convention governing it.
    Those a `steering: ignore` comment silences are left out (added to `silenced`, if given).
    """
    table = table or library_table()
    names_in_scope: dict[str, set[str]] = defaultdict(set)
    for symbol in extract.symbols:
        names_in_scope[symbol.scope].add(symbol.name)
    by_base: dict[str, list[Convention]] = defaultdict(list)
    for known in conventions:
        by_base[known.id.split("@", 1)[0]].append(known)
    findings: list[Finding] = []
    for obs in observe(extract, table):
        conv = governing(obs.key.id, extract.path, by_base.get(obs.key.id, ()))
        if conv is None or not conv.strong or conforms(obs.choice, conv.value):
            continue
        if obs.symbol is not None and conv.shares(obs.text):
            continue
        findings.append(finding_for(obs, conv, names_in_scope))
    kept, quiet = split_silenced(findings, extract.comments)
    if silenced is not None:
        silenced.extend(quiet)
    return kept


def conventions_for_symbol(
    symbol: Symbol,
    path: str,
    language: str,
    conventions: Sequence[Convention],
    symbols: Sequence[Symbol] = (),
) -> list[tuple[Convention, bool]]:
    """The naming convention bearing on this definition (if any) and whether the name fits it.
    `symbols`, the file's definitions, show which classes are used like functions."""
    in_test = is_test_file(path, language)
    if mandated_name(symbol, path, language, in_test, _function_like(language, symbols)):
        return []
    conv = governing(naming_key(language, symbol.kind).id, path, conventions)
    if conv is None or conv.shares(symbol.name):
        return []
    return [(conv, conforms(voting_style(symbol.name, language), conv.value))]


def left_alone(
    symbol: Symbol,
    path: str,
    language: str,
    conventions: Sequence[Convention],
    symbols: Sequence[Symbol] = (),
) -> str | None:
    """Why the naming convention governing this definition leaves its name alone, when the
    name does not fit it, as a sentence; None when the convention judges the name (or none
    governs it). `symbols` are the file's definitions, as for `conventions_for_symbol`."""
    conv = governing(naming_key(language, symbol.kind).id, path, conventions)
    if conv is None or conforms(voting_style(symbol.name, language), conv.value):
        return None
    name = symbol.name
    files = next((n for shared, n in conv.shared_names if shared == name), 0)
    if files:
        return (
            f"`{name}` is written this way in {files} files"
            f" (a shared name such as a framework hook; `{conv.id}`)"
        )
    in_test = is_test_file(path, language)
    reason = why_mandated(symbol, path, language, in_test, _function_like(language, symbols))
    return f"`{name}` is {reason} (`{conv.id}`)" if reason else None


def _function_like(language: str, symbols: Sequence[Symbol]) -> frozenset[str]:
    return function_like_classes(symbols) if language == "python" else frozenset()


def conventions_for_file(
    path: str, language: str, conventions: Sequence[Convention]
) -> list[Convention]:
    """Every convention of the file's language as it applies at `path`, sorted by id."""
    base_ids = sorted({c.id.split("@", 1)[0] for c in conventions if c.language == language})
    found = [governing(base, path, conventions) for base in base_ids]
    return [c for c in found if c is not None]
