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
import re
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass, field, fields, replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from steering_index.conventions.candidates import Choice, ObservedChoices, file_choices
from steering_index.conventions.checks import (
    both_idiomatic,
    either_case_value,
    finding_for,
    named_around_keyword,
    named_around_taken,
    split_silenced,
    subject_plural,
    why_either_case,
)
from steering_index.conventions.dictated import (
    FileFacts,
    built_lookups,
    facts_of_symbols,
    file_facts,
    in_prefixed_family,
    is_fact_reference,
    qualified,
)
from steering_index.conventions.idioms import IDIOM_CATEGORY, IDIOM_REFERENCES, is_positive
from steering_index.conventions.language_data import ALL_TEST_CALLS, CONTAINER_MIN, language_facts
from steering_index.conventions.layout import is_benchmark, is_test_file, python_package
from steering_index.conventions.libraries import LibraryTable, library_table
from steering_index.conventions.linters import DeclaredStyle, LinterNaming, covering
from steering_index.conventions.naming import (
    CAMEL,
    LOWER,
    MIXED,
    PASCAL,
    SNAKE,
    UPPER_SNAKE,
    conforms,
)
from steering_index.conventions.observe import (
    ConventionKey,
    Observation,
    composite_name,
    is_test_name,
    mandated_name,
    marked_name,
    observe,
    symbol_naming_key,
    voting_style,
    why_mandated,
    why_not_observed,
)
from steering_index.conventions.project import (
    NO_PROJECT,
    ProjectFacts,
    numbered_shape,
    project_facts,
)
from steering_index.conventions.votes import Cell, Votes, VoteTally, file_votes
from steering_index.conventions.workers import MIN_FILES, FileVotes, votes_in_workers
from steering_index.index.extractor import extractor_digest, source_digest
from steering_index.model import Convention, FileExtract, Finding, Symbol

if TYPE_CHECKING:
    from steering_index.store import IndexStore

__all__ = [
    "NO_PROJECT",
    "ConventionSettings",
    "check_file",
    "conventions_for_file",
    "conventions_for_symbol",
    "infer_conventions",
    "language_rule",
    "left_alone",
    "reference_filter",
    "workspace_conventions",
    "workspace_facts",
]


@dataclass(frozen=True, slots=True)
class ConventionSettings:
    """When a convention counts as strong: its share of the votes and its number of votes.

    `subtree_min_count` is how many votes a folder needs before it may differ from the
    rest of the workspace with a convention of its own. A name that breaks a naming
    convention alike in `shared_name_min_files` files or more is a name something else
    dictates (a framework's hook such as Django's `setUpTestData`): it neither votes nor
    is flagged, and the convention lists it. `subtree_min_share`, when set, is the share a
    folder's own style needs to make it a subtree (`min_share` otherwise): a baseline is
    recorded with a majority's (`would_be_subtrees`).
    """

    min_share: float = 0.9
    min_count: int = 5
    subtree_min_count: int = 5
    subtrees: bool = True
    shared_name_min_files: int = 3
    subtree_min_share: float | None = None


DEFAULT_SETTINGS = ConventionSettings()
# The share of the code a convention needs for a baseline to record the names that depart
# from it: a majority. A change that makes a convention strong (Newtonsoft.Json's fields,
# camelCase at 90.1% after a commit that added some) then brings no findings in files it
# did not touch: their names were recorded while it was weaker.
RECORDING_SHARE = 0.5


def with_latent(
    conventions: Sequence[Convention], settings: ConventionSettings = DEFAULT_SETTINGS
) -> tuple[list[Convention], frozenset[str]]:
    """`conventions` as a baseline is recorded with them, and the ids of those it made
    strong: every one a majority follows (`RECORDING_SHARE`) with the votes `settings` asks
    counts as strong, so that the names departing from it are recorded, as latent ones.
    Only strength changes: the scopes, values and evidence are the check's own. One the
    project overrules, or an idiom a subtree lacks, stays as it is; one all the code
    follows less strongly (`Convention.outvoted`) does not: sml's code outside its packages
    named 187 of its 200 structs in snake_case, all its code 204 of 227 (89.9%), and a
    commit adding snake_case structs tipped it."""
    found: list[Convention] = []
    latent: set[str] = set()
    for conv in conventions:
        min_count = settings.subtree_min_count if conv.scope else settings.min_count
        if (
            not conv.strong
            and (not conv.overruled or conv.outvoted)
            and not (conv.category == IDIOM_CATEGORY and not is_positive(conv.value))
            and conv.count >= min_count
            and conv.total
            and conv.count / conv.total >= RECORDING_SHARE
        ):
            conv = replace(conv, strong=True)
            latent.add(conv.id)
        found.append(conv)
    return found, frozenset(latent)


def recording_settings(settings: ConventionSettings) -> ConventionSettings:
    """`settings` with which a baseline looks for the subtrees a change could make: a folder
    whose own style a majority of its code follows (`RECORDING_SHARE`) is one."""
    return replace(settings, subtree_min_share=RECORDING_SHARE)


def would_be_subtrees(
    conventions: Sequence[Convention],
    relaxed: Sequence[Convention],
    settings: ConventionSettings = DEFAULT_SETTINGS,
) -> list[Convention]:
    """The subtrees of `relaxed` (inferred with `recording_settings`) that `conventions`
    lack, made strong as `with_latent` makes them: folders a change could turn into a
    subtree of their own. Catch2's tests named 8 of their 9 types in snake_case against
    the project's PascalCase; a commit adding one made that 9 of 10, a subtree, and the
    one PascalCase type there, in a file the commit never touched, a finding. A baseline
    records the names departing from these too, as latent ones."""
    known = {(c.id.split("@", 1)[0], c.scope) for c in conventions}
    scoped = [c for c in relaxed if c.scope and (c.id.split("@", 1)[0], c.scope) not in known]
    found, latent = with_latent(scoped, settings)
    return [c for c in found if c.id in latent or c.strong]


# How many names in another style, or how many fewer in its own, a subtree must withstand
# for a baseline to count it stable: a pull request adds a handful of names to a folder.
FRAGILE_CHANGE = 5
# What marks the latent names a fragile subtree's dissolving would make findings: their
# finding's code is the convention around the subtree's, scoped to the subtree, with this.
DISSOLVED = "~dissolved"


def fragile_subtrees(
    conventions: Sequence[Convention], settings: ConventionSettings = DEFAULT_SETTINGS
) -> list[Convention]:
    """The strong naming subtrees of `conventions` that fewer than `FRAGILE_CHANGE` names
    in another style, or as many fewer in their own, would dissolve (below the share or
    the count a subtree needs). Castle Core's `DynamicProxy/` named 9 of its 10 `static
    readonly` fields in camelCase against the project's PascalCase: a commit adding four
    PascalCase ones dissolved it, and `InternalsUtil.cs`, untouched, fell under the
    project's convention with two findings. A baseline records the names such a subtree
    keeps from the convention around it, as latent ones (`with_dissolved`)."""
    share = settings.subtree_min_share or settings.min_share
    found = []
    for conv in conventions:
        if not (conv.scope and conv.strong and conv.category == "naming" and conv.total):
            continue
        withstands = int(conv.count / share - conv.total + 1e-9)  # more names in another style
        if min(withstands, conv.count - settings.subtree_min_count) < FRAGILE_CHANGE:
            found.append(conv)
    return found


def with_dissolved(
    path: str,
    own: list[Finding],
    conventions: Sequence[Convention],
    fragile: Sequence[Convention],
    judge: Callable[[Sequence[Convention]], list[Finding]],
) -> list[Finding]:
    """The findings `own` of the file at `path` (judged by `conventions`), with those the
    convention around each `fragile` subtree holding the file would report were the
    subtree gone, which `judge` finds: the names the subtree keeps from it. Their code is
    the subtree's scope with `DISSOLVED` after it, one `latent_ids` holds; a baseline keys
    a finding by its code without the scope, so they match what a check reports once the
    subtree dissolves."""
    found: list[Finding] = []
    for subtree in fragile:
        if not _under(path, subtree.scope):
            continue
        base = f"convention/{subtree.id.split('@', 1)[0]}"
        rest = [c for c in conventions if c.id != subtree.id]
        found.extend(
            replace(f, code=f"{base}@{subtree.scope}{DISSOLVED}")
            for f in judge(rest)
            if f.code.split("@", 1)[0] == base
        )
    return _besides(own, found) if found else own


@dataclass(frozen=True, slots=True)
class Recording:
    """What a baseline is recorded with (`recording_conventions`): the conventions to judge
    by, the ids of those whose findings are latent names, the subtrees a change could make
    (judged beside them, `with_would_be`), the names left alone for what is elsewhere in
    the workspace, as (finding code without its scope, name), whose findings are latent
    names too (`unshared`), and the conventions a check judges by."""

    conventions: list[Convention]
    latent_ids: frozenset[str]
    would_be: list[Convention]
    shared: frozenset[tuple[str, str]]
    # The conventions a check judges by, whose every finding a baseline records too
    # (`recorded_findings`).
    checked: list[Convention]
    # The subtrees a small change could dissolve (`fragile_subtrees`), whose names the
    # convention around them would judge are latent names (`with_dissolved`).
    fragile: list[Convention] = field(default_factory=list)


def unshared(
    conventions: Sequence[Convention],
) -> tuple[list[Convention], frozenset[tuple[str, str]]]:
    """`conventions` without the names they leave alone for what is elsewhere in the
    workspace (`Convention.shares`: a name written alike in several files, one code looks
    up by a string it builds), and those names as (finding code without its scope, name).
    A change elsewhere can end the reason: xournalpp's GObject class structs name their
    first member `parent_class` in 3 files, left alone; a commit deleting one left 2, and
    the name became a finding in the two files it never touched. A baseline records these
    names as latent ones, so that a change ending their sharing brings no finding there.
    (Public API a package re-exports is judged by a check with a baseline already.)"""
    found: list[Convention] = []
    shared: set[tuple[str, str]] = set()
    for conv in conventions:
        names = [name for name, _files in conv.shared_names] + list(conv.looked_up_names)
        if names:
            code = f"convention/{conv.id.split('@', 1)[0]}"
            shared.update((code, name) for name in names)
            conv = replace(conv, shared_names=(), looked_up_names=())
        found.append(conv)
    return found, frozenset(shared)


def recording_conventions(
    store: IndexStore,
    conventions: list[Convention],
    settings: ConventionSettings,
    table: LibraryTable | None,
    project: ProjectFacts,
    workers: int = 1,
) -> Recording:
    """What a baseline is recorded with: `conventions` with those a majority follows made
    strong (`with_latent`), the ids of the conventions whose findings are latent names,
    the subtrees a change could make (`would_be_subtrees`), whose findings are latent
    names too, and the names all of these leave alone for what is elsewhere in the
    workspace (`unshared`), judged and latent as well; and the subtrees a change could
    dissolve (`fragile_subtrees`), whose names the convention around them would judge are
    latent too. Finding the subtrees infers the conventions again, with
    `recording_settings`."""
    strong, latent = with_latent(conventions, settings)
    relaxed = workspace_conventions(
        store, recording_settings(settings), table, project, workers=workers
    )
    would_be = would_be_subtrees(conventions, relaxed, settings)
    strong, shared = unshared(strong)
    would_be, shared_there = unshared(would_be)
    fragile = fragile_subtrees(conventions, settings)
    dissolved = {f"{c.id}{DISSOLVED}" for c in fragile}
    return Recording(
        strong,
        latent | {c.id for c in would_be} | dissolved,
        would_be,
        shared | shared_there,
        conventions,
        fragile,
    )


def under_would_be(path: str, would_be: Sequence[Convention]) -> bool:
    """Whether `path` lies in one of the `would_be` subtrees."""
    return any(_under(path, c.scope) for c in would_be)


def with_would_be(
    path: str,
    own: list[Finding],
    conventions: Sequence[Convention],
    would_be: Sequence[Convention],
    judge: Callable[[Sequence[Convention]], list[Finding]],
) -> list[Finding]:
    """The findings `own` of the file at `path` (judged by `conventions`), with those of the
    `would_be` subtrees holding it, which `judge` finds when they are added: a name
    departing from both the convention governing it and a subtree's is one finding."""
    if not under_would_be(path, would_be):
        return own
    ids = {f"convention/{c.id}" for c in would_be}
    return _besides(own, [f for f in judge([*conventions, *would_be]) if f.code in ids])


def _spot(finding: Finding) -> tuple[str, int, object]:
    """Where a finding is and of which convention, its folder scope left out."""
    return finding.code.split("@", 1)[0], finding.location.lines.first, finding.location.span


def _besides(own: list[Finding], more: Iterable[Finding]) -> list[Finding]:
    """`own`, with those of `more` at a spot none of `own` is (`_spot`)."""
    spots = {_spot(f) for f in own}
    return [*own, *(f for f in more if _spot(f) not in spots)]


def recorded_findings(
    path: str, recording: Recording, judge: Callable[[Sequence[Convention]], list[Finding]]
) -> list[Finding]:
    """The findings a baseline records for the file at `path`, which `judge` finds with the
    conventions it is given: those of `recording`'s conventions and of the would-be
    subtrees holding the file (`with_would_be`), those a fragile subtree holding it keeps
    from the convention around it (`with_dissolved`), and every one a check reports (judged by
    `recording.checked`). With the latent conventions strong, a file's names can read
    otherwise than a check reads them: Terminal.Gui's curses binding defines `curs_set` as
    a method and as a delegate; once the delegates' convention is strong both depart, and
    read as the members of an interface, left alone. A check judges only the method, and
    reported fifteen such bindings as new after every commit."""
    own = with_would_be(
        path, judge(recording.conventions), recording.conventions, recording.would_be, judge
    )
    own = with_dissolved(path, own, recording.conventions, recording.fragile, judge)
    return _besides(own, judge(recording.checked))


@dataclass(frozen=True, slots=True)
class KeptNames:
    """Names of one language that its conventions set aside whatever their style, known
    only from the whole workspace: public API a Python package re-exports (`public`), and
    the patterns of the names code looks up by a string it builds (`looked_up`)."""

    public: frozenset[str] = frozenset()
    looked_up: tuple[re.Pattern[str], ...] = ()


NOTHING_KEPT = KeptNames()

# Told (files done, files in all) as a long pass over the workspace goes.
Progress = Callable[[int, int], None]


def _describe(key: ConventionKey, value: str, count: int, total: int, where: str) -> str:
    if key.category == "library":
        what = f"files choosing among {key.subject} libraries"
    else:
        what = subject_plural(key.subject)
    return f"{value}: {count} of {total} {what}{where}"


def _ranked(counts: Counter[str]) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def _is_strong(
    counts: Counter[str], settings: ConventionSettings, min_count: int, share: float | None = None
) -> bool:
    ranked = _ranked(counts)
    if not ranked or ranked[0][0] == MIXED:
        return False
    count = ranked[0][1]
    min_share = settings.min_share if share is None else share
    return count >= min_count and count / sum(counts.values()) >= min_share


def _common_folder(folder_names: Iterable[str]) -> str:
    common: list[str] | None = None
    for folder_name in folder_names:
        parts = folder_name.split("/") if folder_name else []
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


def _within(scope: str, folder: str) -> bool:
    """Whether the scope `scope` is `folder` or lies below it."""
    return scope == folder or _under(scope, folder)


def _choices(votes: Votes) -> Counter[str]:
    counts: Counter[str] = Counter()
    for (_, _, choice), n in votes.items():
        counts[choice] += n
    return counts


def _symbol_folders(votes: Votes) -> set[str]:
    """The folders whose definitions' votes are among `votes` (a scope takes a folder's
    definitions all or none: only what an import targets splits a folder's votes)."""
    return {folder for folder, target, _ in votes if target is None}


def _set_aside(
    key: ConventionKey,
    votes: Votes,
    value: str,
    settings: ConventionSettings,
    tally: VoteTally,
    kept: KeptNames,
) -> tuple[tuple[tuple[str, int], ...], tuple[str, ...], tuple[str, ...], dict[str, list[str]]]:
    """Names of definitions written against `value` alike in many files, with how many;
    those a package re-exports as its public API; those code looks up by a string it
    builds (`kept`); and the types named behind a library's prefix, by prefix
    (`_library_prefixes`)."""
    against = sorted({c for c in _choices(votes) if not conforms(c, value)})
    if not against:
        return (), (), (), {}
    where = _symbol_folders(votes)
    shared = tally.shared_names(key, where, against, settings.shared_name_min_files)
    public = tally.names_among(key, where, against, kept.public) if kept.public else set()
    looked_up = tally.names_matching(key, where, against, kept.looked_up)
    prefixed: dict[str, list[str]] = {}
    if key.category == "naming" and key.subject in _PREFIXED_KINDS and value == PASCAL:
        behind = tally.names_matching(key, where, against, (_LIBRARY_PREFIX,))
        prefixed = _library_prefixes(behind, key.language)
    return (
        tuple(sorted(shared, key=lambda item: (-item[1], item[0]))),
        tuple(sorted(public)),
        tuple(sorted(looked_up)),
        prefixed,
    )


# A prefix a project puts before a family of its types' or functions' names: two or three
# lower-case letters or digits, then a PascalCase name. A library's (assimp's `ai` of
# `aiScene`, Bullet's `bt`, Box2D's `b2`; raylib's `rl` of its rlgl module's functions,
# `rlPushMatrix` beside its own PascalCase `InitWindow`) or its tests' (assimp's `ut` of
# `utColladaImportExport`). It is the project's when at least `LIBRARY_PREFIX_MIN` of its
# names of a kind carry it, and it is no word or abbreviation a camelCase name begins with
# (`myWidget`, `newItem`, `tmpBuffer`).
_LIBRARY_PREFIX = re.compile(r"[a-z][a-z0-9]{1,2}[A-Z]\w*")
LIBRARY_PREFIX_MIN = 8
_PREFIXED_KINDS = frozenset(
    {"class", "struct", "interface", "trait", "enum", "record", "union", "type"}
    | {"function", "method"}
)
_NOT_PREFIXES = frozenset(
    re.findall(
        r"\w+",
        "my the is to in on of at by do go no so up it if or as an be we us and not new old"
        " get set has can all any raw tmp foo bar baz add put use run max min out key val var"
        " ref ptr str obj arr buf len num idx err msg cmd cfg ctx src dst fn cb one two big",
    )
)


def _library_prefixes(names: Iterable[str], language: str) -> dict[str, list[str]]:
    """Of `names` (types written against a PascalCase convention), those behind a
    library's prefix, by prefix: a prefix `LIBRARY_PREFIX_MIN` of them carry, with a
    PascalCase name after it."""
    behind: dict[str, list[str]] = defaultdict(list)
    for name in names:
        for size in (2, 3):
            prefix, rest = name[:size], name[size:]
            if rest[:1].isupper() and voting_style(rest, language) == PASCAL:
                behind[prefix].append(name)
                break
    return {
        prefix: sorted(found)
        for prefix, found in behind.items()
        if len(found) >= LIBRARY_PREFIX_MIN and prefix not in _NOT_PREFIXES
    }


def _convention(
    key: ConventionKey,
    votes: Votes,
    scope: str,
    settings: ConventionSettings,
    tally: VoteTally,
    kept: KeptNames = NOTHING_KEPT,
) -> Convention | None:
    counts = _choices(votes)
    ranked = _ranked(counts)
    if not ranked or ranked[0][0] == MIXED:
        return None
    shared, public, looked_up, prefixed = _set_aside(
        key, votes, ranked[0][0], settings, tally, kept
    )
    if shared or public or looked_up or prefixed:
        names = {name for name, _ in shared} | set(public) | set(looked_up)
        names.update(name for found in prefixed.values() for name in found)
        votes = votes - tally.votes_of_names(key, _symbol_folders(votes), names)
        counts = _choices(votes)
        ranked = _ranked(counts)
        if not ranked or ranked[0][0] == MIXED:
            return None
    value, count = ranked[0]
    total = sum(counts.values())
    folder = scope or _common_folder({f for f, _, _ in votes})
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
        public_names=public,
        looked_up_names=looked_up,
        marker=_marker(key, votes, value, tally),
        prefixes=tuple(sorted(prefixed)),
        home=folder,
    )


# Where names may carry a Hungarian marker (`kMaxLevel`, `eState`, Android's `mCount`): C,
# C++ and Java. Asked of camelCase conventions only, where such names vote.
_MARKED_LANGUAGES = frozenset({"c", "cpp", "java"})
# A marker is the convention's when this share of its names carries it, and this many.
_MARKER_SHARE = 0.9
_MARKER_MIN = 5


def _marker(key: ConventionKey, votes: Votes, value: str, tally: VoteTally) -> str:
    """The letter nearly all of a camelCase naming convention's names begin with before a
    capital, or `_` if nearly all begin with an underscore (`Convention.marker`), or ""."""
    language = key.language
    if key.category != "naming" or value != CAMEL:
        return ""
    underscored = language_facts(language).underscore_decorates
    if language not in _MARKED_LANGUAGES and not underscored:
        return ""
    letters, total = tally.leading_letters(key, _symbol_folders(votes), value)
    if not letters:
        return ""
    letter, n = letters.most_common(1)[0]
    if not (underscored if letter == "_" else language in _MARKED_LANGUAGES):
        return ""
    return letter if n >= _MARKER_MIN and n >= _MARKER_SHARE * total else ""


def _inside(cell: Cell, folder: str) -> bool:
    """Whether the votes of `cell` belong to `folder`: their file lies there, and so does
    what they import (an import leaving the folder is not governed by the folder's own
    import style)."""
    file_folder, target, _ = cell
    if folder and not _within(file_folder, folder):
        return False
    return target is None or _within(target, folder)


def _folder_counts(votes: Votes, base: str = "") -> dict[str, Counter[str]]:
    """Votes per folder below `base`, each vote counted in every ancestor folder of its file
    that also holds what it imports."""
    by_folder: dict[str, Counter[str]] = defaultdict(Counter)
    skip = len(base.split("/")) if base else 0
    for (file_folder, target, choice), n in votes.items():
        parts = file_folder.split("/") if file_folder else []
        for depth in range(skip + 1, len(parts) + 1):
            folder = "/".join(parts[:depth])
            if target is not None and not _within(target, folder):
                break
            by_folder[folder][choice] += n
    return by_folder


def _differing_subtrees(votes: Votes, settings: ConventionSettings, base: str = "") -> list[str]:
    """Outermost folders below `base` whose own strong style differs from the dominant one
    of `votes` (those of `base`)."""
    overall = _ranked(_choices(votes))
    if not overall:
        return []
    claimed: list[str] = []
    by_folder = _folder_counts(votes, base)
    for folder in sorted(by_folder, key=lambda f: (f.count("/"), f)):
        if any(_under(folder, c) for c in claimed):
            continue
        counts = by_folder[folder]
        top = _ranked(counts)[0][0]
        if top != overall[0][0] and _is_strong(
            counts, settings, settings.subtree_min_count, settings.subtree_min_share
        ):
            claimed.append(folder)
    return claimed


def _scoped_conventions(
    key: ConventionKey,
    votes: Votes,
    scope: str,
    settings: ConventionSettings,
    tally: VoteTally,
    kept: KeptNames = NOTHING_KEPT,
) -> list[Convention]:
    """The convention of `votes` at `scope` ("" = the workspace), then those of the
    subtrees below it that differ."""
    subtrees: list[str] = []
    if settings.subtrees:
        subtrees = _differing_subtrees(votes, settings, scope)
    found: list[Convention] = []
    rest = Counter({c: n for c, n in votes.items() if not any(_inside(c, s) for s in subtrees)})
    whole = _convention(key, rest, scope, settings, tally, kept)
    if whole is not None:
        found.append(whole)
    for folder in subtrees:
        inside = Counter({c: n for c, n in votes.items() if _inside(c, folder)})
        sub = _convention(key, inside, folder, settings, tally, kept)
        if sub is not None:
            found.append(sub)
    return found


def _conventions_for_key(
    key: ConventionKey,
    votes: Votes,
    settings: ConventionSettings,
    tally: VoteTally,
    packages: Sequence[str] = (),
    kept: KeptNames = NOTHING_KEPT,
) -> list[Convention]:
    """The workspace's convention and those of its packages and differing subtrees.

    Each package (a folder with a manifest below the root) with enough votes has its own
    conventions, inferred from its own code only: a monorepo's docs site is not judged by
    its core library's. Naming is the exception: a package whose names follow the
    workspace's strong style, even loosely (a Gradle module of 16 constants, 2 of them
    camelCase), is judged by it, the habit of the people who write the whole; a library
    or a layout is the package's own choice, which it declares. Packages with too few
    votes and the rest of the workspace are judged by the workspace's convention. That
    convention is inferred from the code left over, and is enforced only where all the
    code holds it too (`_held_by_all`): a few small packages do not set a rule the
    workspace as a whole does not follow."""
    own: dict[str, Votes] = defaultdict(Counter)
    rest: Votes = Counter()
    for cell, n in votes.items():
        home = next((p for p in reversed(packages) if _inside(cell, p)), "")
        (own[home] if home else rest)[cell] += n
    # All the code's convention, inferred once and only where a package or the code left
    # over is compared with it.
    pooled = cache(lambda: _convention(key, votes, "", settings, tally, kept))
    shared_habit = key.category == "naming"
    found: list[Convention] = []
    for package in packages:
        mine = own.get(package, Counter())
        if mine.total() >= settings.subtree_min_count:
            theirs = _scoped_conventions(key, mine, package, settings, tally, kept)
            if not (shared_habit and _follows(theirs, package, pooled())):
                found.extend(theirs)
                continue
        rest.update(mine)
    if rest.total() >= settings.min_count or not found:
        leftover = _scoped_conventions(key, rest, "", settings, tally, kept)
        if found:
            leftover = [c if c.scope else _held_by_all(c, pooled()) for c in leftover]
        found[:0] = leftover
    else:
        # A workspace whose packages all have their own conventions still has one for new
        # code: all the votes, with no subtrees of its own (the packages have theirs).
        whole = pooled()
        found[:0] = [whole] if whole is not None else []
    return found


def _follows(theirs: list[Convention], package: str, pooled: Convention | None) -> bool:
    """Whether a package's code, of conventions `theirs`, follows the workspace's strong
    convention `pooled`: its own has the same value, strong or not."""
    mine = next((c for c in theirs if c.scope == package), None)
    return pooled is not None and pooled.strong and mine is not None and mine.value == pooled.value


def _held_by_all(conv: Convention, pooled: Convention | None) -> Convention:
    """`conv`, the convention of the code no package of its own holds, made weak unless
    all the code (`pooled`) follows it strongly too."""
    if not conv.strong or (pooled is not None and pooled.strong and pooled.value == conv.value):
        return conv
    whole = f"{pooled.value}: {pooled.count} of {pooled.total}" if pooled else "mixed"
    return replace(
        conv,
        strong=False,
        overruled=f"the packages with conventions of their own differ ({whole} in all the code)",
        outvoted=pooled is not None and pooled.value == conv.value,
    )


# --- what the project declares -------------------------------------------------------------


def _overruled(conv: Convention, why: str) -> Convention:
    """`conv` not enforced, for `why`: a declaration of the project, which a change's votes
    do not tip, so it says why in place of the votes' reason (`Convention.outvoted`)."""
    reason = why if conv.outvoted else conv.overruled or why
    return replace(conv, strong=False, overruled=reason, outvoted=False)


def _declared_runners(conv: Convention, project: ProjectFacts) -> str:
    """Why the test-framework convention `conv` is not the package's, from what the package
    declares; "" when it is (or the package declares nothing)."""
    package = project.package_of(conv.scope + "/x") if conv.scope else project.package_of("x")
    if package is None or not package.runners:
        return ""
    known = {conv.value, *(v for v, _ in conv.alternatives)}
    declared = package.runners & known if known & package.runners else package.runners
    if declared == {conv.value}:
        return ""
    where = f"{package.folder}/" if package.folder else "the workspace"
    names = " and ".join(sorted(declared))
    return f"{where} declares {names} ({', '.join(package.runner_sources)})"


def _compared_with(conv: Convention, declared: DeclaredStyle) -> Convention:
    """The naming convention `conv`, compared with the style a linter setting declares for
    it: its evidence says so where the two agree; where they differ it is not enforced (the
    code does not follow the setting: the linter is not run on it, or the code is not the
    project's own), and says why."""
    if conv.value == declared.value:
        return replace(conv, evidence=f"{conv.evidence}, as {declared.source} declares")
    return _overruled(conv, _not_followed(conv, declared))


def _not_followed(conv: Convention, declared: DeclaredStyle) -> str:
    return (
        f"{declared.source} declares {declared.value}, which the code does not follow"
        f" ({conv.value}: {conv.count} of {conv.total})"
    )


def _declared_below(conventions: list[Convention], settings: LinterNaming) -> list[Convention]:
    """The conventions, with each whose votes come from a folder wider than the folder of a
    nested linter config (`src/.editorconfig`) not enforced in that folder where the config
    declares another style. (A convention whose votes all lie in the folder was compared
    with the declaration already; one wider that agrees with it is left as it is, its
    evidence being more than the folder's.)"""
    result = conventions
    for declared in settings.declared:
        for conv_id in declared.conventions:
            here = governing(conv_id, f"{settings.folder}/x", result)
            if (
                here is None
                or here.category != "naming"
                or _within(here.home or here.scope, settings.folder)
                or here.value == declared.value
            ):
                continue
            result = _turned_off(result, conv_id, settings.folder, _not_followed(here, declared))
    return result


def _turned_off(
    conventions: list[Convention], conv_id: str, folder: str, why: str
) -> list[Convention]:
    """`conv_id` made weak in `folder` and below: the one governing there, scoped to the
    folder if it is the workspace's, and every subtree of it inside."""
    here = governing(conv_id, f"{folder}/x" if folder else "x", conventions)
    if here is None:
        return conventions
    result = [
        _overruled(c, why) if c.id.split("@", 1)[0] == conv_id and _within(c.scope, folder) else c
        for c in conventions
    ]
    if here.scope != folder:
        result.append(_overruled(replace(here, id=f"{conv_id}@{folder}", scope=folder), why))
    return result


def overrule_declared(conventions: list[Convention], project: ProjectFacts) -> list[Convention]:
    """The conventions, with those the project's own declarations contradict made weak (and
    saying why): a test runner the package does not declare alone, naming a linter setting
    of the package turns off, an import style a written rule of the project forbids. Names
    a linter exempts (`ignore-names`) join the naming conventions' shared names."""
    if project is NO_PROJECT:
        return conventions
    result = list(conventions)
    packages = {p.folder: p for p in project.packages}
    for package in project.packages:
        for conv_id, why in package.naming_off:
            result = _turned_off(result, conv_id, package.folder, why)
    for settings in project.linters:
        for conv_id, why in settings.off:
            result = _turned_off(result, conv_id, settings.folder, why)
        result = _declared_below(result, settings)
    for i, conv in enumerate(result):
        home = packages.get(conv.scope) or project.package_of(conv.scope + "/x")
        if conv.category == "naming":
            declared = project.declared_style(conv.id.split("@", 1)[0], conv.home or conv.scope)
            if declared is not None:
                result[i] = conv = _compared_with(conv, declared)
        if conv.category == "naming" and conv.language == "python" and home is not None:
            extra = tuple((n, 0) for n in home.ignored_names if not conv.shares(n))
            if extra:
                result[i] = conv = replace(conv, shared_names=conv.shared_names + extra)
        if conv.id.split("@", 1)[0].endswith(".test-framework"):
            why = _declared_runners(conv, project)
            if why:
                result[i] = conv = _overruled(conv, why)
        if conv.category == "import-style":
            for rule in project.written:
                if conv.id.startswith(rule.convention) and conv.value != rule.value:
                    said = f'{rule.source} says "{rule.text}"'
                    result[i] = conv = _overruled(conv, f"conflicts with a written rule: {said}")
                    break
    return sorted(result, key=lambda c: (c.id.split("@", 1)[0], c.scope))


def infer_conventions(
    files: Iterable[FileExtract],
    settings: ConventionSettings = DEFAULT_SETTINGS,
    table: LibraryTable | None = None,
    project: ProjectFacts = NO_PROJECT,
    observed: ObservedChoices | None = None,
) -> list[Convention]:
    """The conventions the code follows, strong or not, sorted by id (subtrees after the whole).

    `files` are read one at a time and not kept: each file's votes are counted as it
    passes (`VoteTally`), so a workspace of any size is inferred in the memory of its
    folders. `project`, what the project declares (`project_facts`), give each package
    its own conventions and overrule those a linter setting, a declared test runner or a
    written rule contradicts. Names that code looks up by a string it builds are set aside
    in every file of the language (`built_lookups`): a few patterns, kept as files pass."""
    table = table or library_table()
    return conventions_of_votes(
        (votes_of_file(e, table, project) for e in files), settings, project, observed
    )


def votes_of_file(extract: FileExtract, table: LibraryTable, project: ProjectFacts) -> FileVotes:
    """What inference takes from one file: its votes, the names it re-exports, its
    language, the patterns of the names it looks up by a string it builds, its path and
    the choices a check could observe in it (`candidates.file_choices`)."""
    observations = list(observe(extract, table, project=project))
    reexported = list(_reexported_names(extract, project))
    return (
        file_votes(observations), reexported, extract.language,
        sorted(built_lookups(extract)), extract.path, file_choices(extract, observations),
    )  # fmt: skip


def conventions_of_votes(
    voted: Iterable[FileVotes],
    settings: ConventionSettings = DEFAULT_SETTINGS,
    project: ProjectFacts = NO_PROJECT,
    observed: ObservedChoices | None = None,
) -> list[Convention]:
    """`infer_conventions` from each file's votes (`votes_of_file`), counted in turn; each
    file's choices go to `observed`, if given."""
    reexported: set[str] = set()
    lookups: dict[str, set[str]] = defaultdict(set)
    with VoteTally() as tally:
        for one_file, reexports, language, built, path, choices in voted:
            tally.add_votes(one_file)
            reexported.update(reexports)
            lookups[language].update(built)
            if observed is not None:
                observed.record(path, choices)
        packages = project.package_folders()
        found: list[Convention] = []
        for key in sorted(tally.cells, key=lambda k: k.id):
            votes = tally.cells[key]
            if key.category == IDIOM_CATEGORY and not any(is_positive(c) for _, _, c in votes):
                continue  # no file follows the idiom (most modules are imported with no alias)
            kept = _kept(key, reexported, lookups)
            for conv in _conventions_for_key(key, votes, settings, tally, packages, kept):
                if conv.category == IDIOM_CATEGORY and not is_positive(conv.value):
                    if not conv.scope:
                        continue  # most files lack the idiom: nothing to hold the others to
                    conv = replace(conv, strong=False)  # a subtree without it: left alone
                found.append(conv)
    return overrule_declared([_callable_in_capitals(c) for c in found], project)


# The subjects no code names in UPPER_CASE, the style of constants and macros: where their
# convention comes out so, its names are composite ones (`composite_name`) behind a
# namespace in capitals, lz4's `LZ4_isLittleEndian` and `LZ4_wildCopy8` (143 of its 145
# functions), which vote but are never flagged.
_NEVER_IN_CAPITALS = frozenset({"function", "method"})


def _callable_in_capitals(conv: Convention) -> Convention:
    """`conv`, not enforced if it is a naming convention of functions or methods whose value
    is UPPER_CASE: it would ask lz4's two snake_case static helpers to become
    `READ_VARIABLE_LENGTH`."""
    if (
        conv.category != "naming"
        or conv.subject not in _NEVER_IN_CAPITALS
        or conv.value != UPPER_SNAKE
    ):
        return conv
    return _overruled(
        conv,
        "functions and methods are not named in capitals: these are names behind a"
        " namespace in capitals (`LZ4_isLittleEndian`), whose own style follows it",
    )


def _kept(key: ConventionKey, reexported: set[str], lookups: dict[str, set[str]]) -> KeptNames:
    """What a naming convention of `key` sets aside (`KeptNames`); nothing for the others."""
    if key.category != "naming":
        return NOTHING_KEPT
    public = frozenset(reexported) if key.language == "python" else frozenset()
    patterns = tuple(re.compile(p) for p in sorted(lookups.get(key.language, ())))
    return KeptNames(public, patterns)


def _reexported_names(extract: FileExtract, project: ProjectFacts = NO_PROJECT) -> Iterator[str]:
    """The names a Python package's `__init__.py` re-exports as its public API: what it
    imports from its own modules (`from .client import fetchData`), its own top package
    counted from the folder of its manifest in a monorepo (`packages/scrapy/`)."""
    if extract.language != "python" or not extract.path.endswith("__init__.py"):
        return
    package = project.package_of(extract.path)
    own = python_package(extract.path, package.folder if package is not None else "")[:1]
    for imp in extract.imports:
        if imp.relative or imp.module.split(".")[0] in own:
            yield from (n for n in imp.names if n != "*")


def reference_filter(table: LibraryTable | None = None) -> Callable[[str], bool]:
    """Which references the conventions read, by name: a module's attribute (`os.path`) and
    a global call of a library (`fetch`), a name only one library gives (`XCUIApplication`),
    a call that shows a file holds tests (Ruby's `describe`), and those that show a name is
    dictated (`super`, `@Override`, Rust's `non_snake_case`: `conventions.dictated`). Reading
    an index, build only those (`IndexStore.iter_extracts(keep_reference=...)`): the others
    are most of them."""
    table = table or library_table()
    calls = table.call_names() | table.needed_names() | IDIOM_REFERENCES | ALL_TEST_CALLS
    return lambda name: "." in name or name in calls or is_fact_reference(name)


# --- remembered in the index ----------------------------------------------------------------

_CACHE_META = "conventions"


def code_digest(package: Path, libraries: Path) -> str:
    """A digest of every module in the conventions package and of the library table, and of
    the extraction the conventions are inferred from."""
    return source_digest([*sorted(package.rglob("*.py")), libraries], [extractor_digest()])


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
        k: tuple(map(tuple, v)) if k in pairs else tuple(v) if isinstance(v, list) else v
        for k, v in values.items()
    }
    return Convention(**restored)


def workspace_facts(store: IndexStore, root: Path) -> ProjectFacts:
    """What the project at `root` declares (`project_facts`), for the files its index holds."""
    return project_facts(root, ((row.path, row.language) for row in store.files()))


def workspace_conventions(
    store: IndexStore,
    settings: ConventionSettings = DEFAULT_SETTINGS,
    table: LibraryTable | None = None,
    project: ProjectFacts = NO_PROJECT,
    progress: Progress | None = None,
    workers: int = 1,
    min_files: int = MIN_FILES,
    observed: ObservedChoices | None = None,
) -> list[Convention]:
    """`infer_conventions` over the whole index, remembered in it until what it holds, the
    settings, the library table or this code change: `steering check FILE` in a pre-commit
    hook, or the server's start on an unchanged workspace, then reads a few rows instead of
    every file. `progress` hears (files read, files) while they are read, if they are.
    With `workers` over 1 and `min_files` files or more, they are read and observed in that
    many worker processes, as the indexer's are (`conventions.workers`); the conventions
    are the same. `steering check` uses one per core; the server none (on two cores
    shared with other work they were slower: bench/RESULTS.md, "Inference in worker
    processes"). When they are inferred (not remembered), each file's choices go to
    `observed`, if given, and it is marked complete: the check then reads again only the
    files that may drift (`candidates`)."""
    table = table or library_table()
    key = hashlib.blake2b(
        f"{store.content_fingerprint()} {settings!r} {table.digest} {_code_digest()}"
        f" {project.digest}".encode(),
        digest_size=16,
    ).hexdigest()
    # A baseline's inference (`recording_settings`) is remembered beside the check's.
    meta = _CACHE_META if settings.subtree_min_share is None else f"{_CACHE_META}-recording"
    remembered = store.meta(meta)
    if remembered is not None:
        try:
            data = json.loads(remembered)
            if data["key"] == key:
                return [_convention_from(c) for c in data["conventions"]]
        except (ValueError, KeyError, TypeError):
            pass  # unreadable: infer again, and write it anew
    files = store.counts()[0]
    if workers > 1 and files >= min_files:
        voted = votes_in_workers(
            store.db_path, store.indexed_paths(), files, votes_of_file, reference_filter,
            table, project, workers, progress,
        )  # fmt: skip
        found = conventions_of_votes(voted, settings, project, observed)
    else:
        extracts = _extracts(store, reference_filter(table), progress)
        found = infer_conventions(extracts, settings, table, project, observed)
    if observed is not None:
        observed.complete = True
    payload = {"key": key, "conventions": [_convention_values(c) for c in found]}
    with suppress(sqlite3.Error):  # a read-only index still answers, uncached
        store.set_meta(meta, json.dumps(payload, separators=(",", ":")))
    return found


def _extracts(
    store: IndexStore, keep: Callable[[str], bool], progress: Progress | None
) -> Iterator[FileExtract]:
    """Every indexed file's extract in turn, telling `progress` how far the reading is."""
    if progress is None:
        yield from store.iter_extracts(keep)
        return
    files = store.counts()[0]
    for done, path in enumerate(store.indexed_paths(), 1):
        extract = store.extract_for(path, keep)
        if extract is not None:
            yield extract
        progress(done, files)


def governing(
    base_id: str, path: str, conventions: Sequence[Convention], target: str | None = None
) -> Convention | None:
    """Convention `base_id` as it applies at `path`: deepest subtree holding it, or the whole.
    For an import, the subtree must hold what it imports (`target`) too."""
    best: Convention | None = None
    for conv in conventions:
        if conv.id.split("@", 1)[0] != base_id or not _under(path, conv.scope):
            continue
        if target is not None and not _within(target, conv.scope):
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
    project: ProjectFacts = NO_PROJECT,
    read: Callable[[str], bytes | None] | None = None,
    public_api: bool = False,
    recorded: Callable[[str, str], bool] | None = None,
) -> list[Finding]:
    """Findings for the places in one file that drift from a strong convention governing it.
    Those a `steering: ignore` comment silences are left out (added to `silenced`, if given).
    `project` is what the project declares, as the conventions were inferred with; `read`
    gives a file's contents by path, to see which private methods the file itself uses.
    Public API is left alone, as renaming it breaks its users, unless `public_api`: where
    a baseline records the findings there are, so that only new names are reported, and a
    new public name is the one to get right before anyone uses it. `recorded` (with a
    baseline) says whether it records a name (text) of a convention (a finding's code) for
    this file: a name written as the recorded names of its class are is not reported
    (`_following_recorded`).
    """
    table = table or library_table()
    names_in_scope: dict[str, set[str]] = defaultdict(set)
    for symbol in extract.symbols:
        names_in_scope[symbol.scope].add(symbol.name)
    by_base: dict[str, list[Convention]] = defaultdict(list)
    for known in conventions:
        by_base[known.id.split("@", 1)[0]].append(known)
    findings: list[Finding] = []
    facts = file_facts(extract, read)
    in_test = is_test_file(extract.path, extract.language)
    observed = list(observe(extract, table, facts, project=project))
    chosen_here = {(obs.key.id, obs.choice) for obs in observed}
    family = project.numbered_family(extract.path)
    # (finding, definition, the convention's style) of the names found drifting
    odd: list[tuple[int, Symbol, str]] = []
    odd_seen: list[tuple[int, Observation, Convention]] = []
    for obs in observed:
        conv = governing(obs.key.id, extract.path, by_base.get(obs.key.id, ()), obs.target)
        if conv is None or not conv.strong:
            continue
        named = obs.symbol is not None and conv.category == "naming"
        if conforms(obs.choice, conv.value):
            continue
        if both_idiomatic(obs, conv, (obs.key.id, conv.value) in chosen_here):
            continue
        if obs.symbol is not None and (
            conv.shares(obs.text, public=not public_api)
            or _unjudged(obs.symbol, facts, in_test, extract.language, public=not public_api)
            or (not public_api and _documented_api(obs.symbol, extract.path, facts, project, read))
        ):
            continue  # a shared name, public API the module lists in `__all__`, a test
        if conv.category == "library" and (
            _declared_here(obs, conv, project, table)
            or table.succeeds(obs.key.language, obs.key.subject, obs.choice, conv.value)
            or _not_for_every_platform(extract.path, conv, table)
        ):
            continue  # the package's own choice; the project moving to a successor
        if obs.key.id.startswith("files.") and _built_by_name(extract.path, project):
            continue  # its build script names it: renaming breaks the build
        if named and family is not None and numbered_shape(obs.text) == family:
            continue  # named as its file, one of a numbered family (`ISO8859_4Encoding`)
        if named and named_around_keyword(obs.text, conv.value, extract.language):
            continue  # in the convention's style it is a keyword (`Namespace`, `namespace`)
        if (
            named
            and obs.symbol is not None
            and named_around_taken(obs.symbol, conv.value, extract.language, extract.symbols)
        ):
            continue  # in the convention's style it is another definition's name here
        if named and obs.symbol is not None:
            odd.append((len(findings), obs.symbol, conv.value))
            odd_seen.append((len(findings), obs, conv))
        findings.append(finding_for(obs, conv, names_in_scope))
    dropped = _own_naming(odd, extract.symbols, extract.language)
    dropped.update(_transcribed(odd, project))
    if recorded is not None:
        codes = {n: findings[n].code for n, _, _ in odd_seen}
        dropped.update(_following_recorded(odd_seen, observed, codes, recorded))
    findings = [f for n, f in enumerate(findings) if n not in dropped]
    kept, quiet = split_silenced(findings, extract.comments, extract.symbols)
    if silenced is not None:
        silenced.extend(quiet)
    return kept


def _not_for_every_platform(path: str, conv: Convention, table: LibraryTable) -> bool:
    """Whether `path` is code of every platform a build targets (Kotlin Multiplatform's
    `src/commonTest/`) and `conv`'s library cannot be used there: kotlin-logging's
    `commonTest` takes kotlin.test, where its JVM tests' JUnit 4 does not compile."""
    shared = language_facts(conv.language).shared_source_sets
    if shared is None or shared.search(path) is None:
        return False
    return not table.serves_platform(conv.language, conv.subject, conv.value, "common")


def may_drift(
    observed: ObservedChoices, conventions: Sequence[Convention]
) -> Callable[[str], bool] | None:
    """Whether `check_file` could find anything in a file, from the choices inference
    recorded for it (`candidates`): one of them departs from the strong convention that
    governs it there (an import's from any strong convention of its id: where it points is
    not kept), and is not a library the file also uses the convention's own library beside
    (`both_idiomatic`). None when inference did not record every file's."""
    if not observed.complete:
        return None
    by_base: dict[str, list[Convention]] = defaultdict(list)
    for known in conventions:
        by_base[known.id.split("@", 1)[0]].append(known)
    # Conventions govern folders, and the check takes a folder's files one after another:
    # the files of the folder it is in that make the same choices are alike.
    folder_now = [""]
    decided: dict[frozenset[Choice], bool] = {}

    def departs(choices: frozenset[Choice], path: str) -> bool:
        chosen = {(key, choice) for key, choice, _ in choices}
        for key, choice, targeted in choices:
            known = by_base.get(key)
            if not known:
                continue
            if targeted:
                if any(c.strong and not conforms(choice, c.value) for c in known):
                    return True
                continue
            conv = governing(key, path, known)
            if conv is None or not conv.strong or conforms(choice, conv.value):
                continue
            if conv.category == "library" and (key, conv.value) in chosen:
                continue
            return True
        return False

    def may(path: str) -> bool:
        choices = observed.choices_of(path)
        if choices is None:
            return True
        folder = path.rpartition("/")[0]
        if folder != folder_now[0]:
            folder_now[0] = folder
            decided.clear()
        answer = decided.get(choices)
        if answer is None:
            answer = decided[choices] = departs(choices, path)
        return answer

    return may


# Drift is a name that departs from what is around it. A numbered family of names (`V5_2`,
# `V6_0`, `V6_1`: versions a loader builds the name of) follows a naming of its own, and a
# name a file defines in several classes is the member of an interface they implement.
OWN_NAMING_MIN = 3
# One lower-case letter, a type prefix, before a capitalised word (`pTexture`, `hWnd`).
_TYPE_PREFIX = re.compile(r"^([a-z])(?=[A-Z][a-z])")
_TYPE_KINDS = frozenset({"class", "struct", "interface", "trait", "enum", "record", "union"})


def _own_naming(
    odd: list[tuple[int, Symbol, str]], symbols: Sequence[Symbol], language: str
) -> dict[int, str]:
    """Of the drifting names of one file (finding number, definition, the style of the
    convention it departs from), those that follow a naming of their own, each with why:
    those of a numbered family at least `OWN_NAMING_MIN` strong (digits aside, the same
    name); those of a family as strong behind one lower-case letter, a type prefix, where the
    rest is in the convention's PascalCase (imgui's Direct3D backends: `pTexture`,
    `pVertexShader` beside `VertexBufferSize`); a member the file (whose definitions are
    `symbols`) defines in several classes none of which derives from another of them
    (`std::char_traits`' `to_int_type` in two traits classes; an override of the file's own
    base class is still the base's drift); a snake_case method of a class that models a
    standard container (imgui's `ImVector::find_erase_unsorted` beside its `push_back`);
    and named constructors, at least `OWN_NAMING_MIN` in the file: static methods returning
    their own class, named in its style (CLI11's `IncorrectConstruction::PositionalFlag`,
    26 in its `Error.hpp`, where its other methods are snake_case)."""
    shapes: dict[str, list[int]] = defaultdict(list)
    prefixed: dict[tuple[str, str], list[int]] = defaultdict(list)
    same: dict[str, list[tuple[int, Symbol]]] = defaultdict(list)
    for n, symbol, value in odd:
        same[symbol.name].append((n, symbol))
        shape = numbered_shape(symbol.name)
        if shape is not None:
            shapes[shape].append(n)
        prefix = _TYPE_PREFIX.match(symbol.name)
        core = symbol.name[1:]
        if prefix is not None and value == PASCAL and voting_style(core, language) == PASCAL:
            prefixed[(symbol.kind, prefix.group(1))].append(n)
    why: dict[int, str] = {}
    for shape, members in shapes.items():
        if len(members) >= OWN_NAMING_MIN:
            family = f"one of a numbered family of {len(members)} names in this file (`{shape}`)"
            why.update(dict.fromkeys(members, family))
    for (_, letter), members in prefixed.items():
        if len(members) >= OWN_NAMING_MIN:
            family = (
                f"one of a family of {len(members)} names in this file behind the type prefix"
                f" `{letter}` (Hungarian notation), the rest in the convention's style"
            )
            why.update(dict.fromkeys(members, family))
    heads = {qualified(s): s.signature or "" for s in symbols}
    types = {qualified(s) for s in symbols if s.kind in _TYPE_KINDS}
    for defined in same.values():
        scopes = sorted({s.scope for _, s in defined})
        if (
            len(defined) >= 2
            and all(s.scope in types for _, s in defined)  # members, not a function's helpers
            and not _derived(scopes, heads)
        ):
            member = f"a member {len(scopes)} unrelated classes of this file define (an interface)"
            why.update(dict.fromkeys((n for n, _ in defined), member))
    constructors = [n for n, symbol, _ in odd if _named_constructor(symbol, language)]
    if len(constructors) >= OWN_NAMING_MIN:
        named = (
            f"one of {len(constructors)} named constructors in this file (static methods"
            " returning their own class), named as its classes are"
        )
        why.update(dict.fromkeys(constructors, named))
    containers = _containers(symbols, language)
    for n, symbol, _ in odd:
        shown = containers.get(symbol.scope) if symbol.kind == "method" else None
        if shown and voting_style(symbol.name, language) in (SNAKE, LOWER):
            why.setdefault(
                n,
                f"a method of a class that models a standard container (it defines {shown}),"
                " in the standard library's style",
            )
    return why


def _named_constructor(symbol: Symbol, language: str) -> bool:
    """Whether `symbol` is a static method returning its own class by value, reference or
    pointer (`static IncorrectConstruction PositionalFlag(std::string name)`), named in the
    style of its class's name."""
    owner = symbol.scope.rpartition(".")[2]
    if symbol.kind != "method" or not owner:
        return False
    if voting_style(symbol.name, language) != voting_style(owner, language):
        return False
    head = rf"\bstatic\b[^(]*\b{re.escape(owner)}\s*[&*]?\s*{re.escape(symbol.name)}\s*\("
    return re.search(head, symbol.signature or "") is not None


# A name that departs as names of its class, or of its file, that a baseline records do
# follows the style they were written in, not a choice of its own against the project's:
# Alamofire's new notification key `ResponseData`, PascalCase as the five names its file's
# baseline records (`Task`, `DidResume`), where Swift's properties are camelCase. That
# takes at least this many recorded names so written, and more names so written than in
# the convention's style in that class or file. A class written anew in another style has
# no recorded names, and a name joining a class mostly in the convention's style is
# outnumbered: both are still reported.
RECORDED_SIBLINGS_MIN = 2


def _following_recorded(
    odd: list[tuple[int, Observation, Convention]],
    observed: Sequence[Observation],
    codes: dict[int, str],
    recorded: Callable[[str, str], bool],
) -> dict[int, str]:
    """Of the drifting names of one file (finding number, its observation, the convention it
    departs from), those written in the style of at least `RECORDED_SIBLINGS_MIN` other
    names under the same convention that the baseline records (`recorded(code, name)`,
    `codes` giving each finding's), in their class or else in their file, where that class
    or file has more names of the convention in that style than in the convention's; each
    with why."""
    styles: dict[tuple[str, str | None], Counter[str]] = defaultdict(Counter)
    names: dict[tuple[str, str | None, str], set[str]] = defaultdict(set)
    for obs in observed:
        if obs.symbol is not None:
            for scope in (obs.symbol.scope, None):  # its class, its file
                styles[(obs.key.id, scope)][obs.choice] += 1
                names[(obs.key.id, scope, obs.choice)].add(obs.symbol.name)
    why: dict[int, str] = {}
    for n, obs, conv in odd:
        assert obs.symbol is not None
        for scope, around in ((obs.symbol.scope, "class"), (None, "file")):
            siblings = names[(obs.key.id, scope, obs.choice)] - {obs.symbol.name}
            kept = sorted(name for name in siblings if recorded(codes[n], name))
            written = styles[(obs.key.id, scope)]
            conforming = sum(c for style, c in written.items() if conforms(style, conv.value))
            if len(kept) >= RECORDED_SIBLINGS_MIN and written[obs.choice] > conforming:
                shown = ", ".join(f"`{name}`" for name in kept[:3])
                why[n] = f"written as the names the baseline records in its {around} ({shown})"
                break
    return why


def _containers(symbols: Sequence[Symbol], language: str) -> dict[str, str]:
    """The classes of a file written as standard containers, each with the container
    methods it defines: at least `CONTAINER_MIN` of the language's `container_methods`, and
    more of its other methods of several words in snake_case than in another style (imgui's
    `ImVector`: `find_erase_unsorted`, `size_in_bytes`). Not a class that offers the
    container methods beside methods of its own style (jsoncpp's `Value`: `size`, `begin`
    beside `isNull`, `asString`), whose snake_case method is drift."""
    protocol = language_facts(language).container_methods
    if not protocol:
        return {}
    defined: dict[str, set[str]] = defaultdict(set)
    styles: dict[str, Counter[str]] = defaultdict(Counter)
    for symbol in symbols:
        if symbol.kind != "method":
            continue
        if symbol.name in protocol:
            defined[symbol.scope].add(symbol.name)
        else:
            styles[symbol.scope][voting_style(symbol.name, language)] += 1
    return {
        scope: ", ".join(f"`{name}`" for name in sorted(names))
        for scope, names in defined.items()
        if len(names) >= CONTAINER_MIN
        and styles[scope][SNAKE] > styles[scope][CAMEL] + styles[scope][PASCAL]
    }


def _transcribed(odd: list[tuple[int, Symbol, str]], project: ProjectFacts) -> dict[int, str]:
    """Of the drifting names of one file (finding number, definition, style), those of
    rules of a grammar the workspace holds, where at least `OWN_NAMING_MIN` of them are of
    the same grammar: the file transcribes it, naming its parts as the grammar does (a
    newcomer's PEG grammar in PEGTL, `Grammar`, `IdentStart`, `EndOfFile` among snake_case
    structs, beside the `peg.peg` they come from); each with why."""
    by_grammar: dict[str, list[int]] = defaultdict(list)
    for n, symbol, _ in odd:
        grammar = project.grammar_of(symbol.name)
        if grammar is not None:
            by_grammar[grammar].append(n)
    why: dict[int, str] = {}
    for grammar, members in by_grammar.items():
        if len(members) >= OWN_NAMING_MIN:
            rule = f"named as a rule of the grammar `{grammar}`, which this file transcribes"
            why.update(dict.fromkeys(members, rule))
    return why


def transcribed_reason(
    symbol: Symbol,
    conv: Convention,
    symbols: Sequence[Symbol],
    language: str,
    project: ProjectFacts,
) -> str | None:
    """Why `symbol`, out of line with `conv`, keeps the name of a grammar's rule its file
    transcribes (`_transcribed` over the file's definitions of its kind that do not fit), or
    None."""
    odd, at = _drifting_of_kind(symbol, conv, symbols, language)
    return None if at is None else _transcribed(odd, project).get(at)


def own_naming_reason(
    symbol: Symbol, conv: Convention, symbols: Sequence[Symbol], language: str
) -> str | None:
    """Why `symbol`, out of line with `conv`, follows a naming of its own in its file
    (`_own_naming` over the file's definitions of its kind that do not fit), or None."""
    odd, at = _drifting_of_kind(symbol, conv, symbols, language)
    return None if at is None else _own_naming(odd, symbols, language).get(at)


def _drifting_of_kind(
    symbol: Symbol, conv: Convention, symbols: Sequence[Symbol], language: str
) -> tuple[list[tuple[int, Symbol, str]], int | None]:
    """The definitions of `symbols` of `symbol`'s kind that do not fit `conv`, numbered as
    `check_file` numbers its findings, and the number of `symbol` among them (None when it
    fits)."""
    odd = [
        (n, other, conv.value)
        for n, other in enumerate(symbols)
        if other.kind == symbol.kind
        and not conforms(voting_style(other.name, language), conv.value)
    ]
    return odd, next((n for n, other, _ in odd if other is symbol), None)


def _derived(scopes: list[str], heads: dict[str, str]) -> bool:
    """Whether one of the classes `scopes` names another of them in its header (a base)."""
    names = {scope.rsplit(".", 1)[-1] for scope in scopes}
    for scope in scopes:
        own = scope.rsplit(".", 1)[-1]
        words = set(re.findall(r"\w+", heads.get(scope, "")))
        if (words - {own}) & names:
            return True
    return False


def _built_by_name(path: str, project: ProjectFacts) -> bool:
    """Whether the build script of the package holding `path` names the file."""
    package = project.package_of(path)
    if package is None or not package.built_files:
        return False
    own = path[len(package.folder) + 1 :] if package.folder else path
    return own in package.built_files


def _declared_here(
    obs: Observation, conv: Convention, project: ProjectFacts, table: LibraryTable
) -> bool:
    """A library the file's package declares as a dependency, judged by a convention from
    outside the package (one with too few files of its own falls back on the workspace's):
    the package chose it, whatever the others chose. A library the table gives package
    names (`packages`) is declared by one of those names only."""
    package = project.package_of(obs.path)
    if package is None or not package.folder or _within(conv.scope, package.folder):
        return False
    known_as = table.package_names(obs.key.language, obs.key.subject, obs.choice)
    if known_as:
        return any(package.depends_on(name) for name in known_as)
    return package.declares(obs.choice)


def conventions_for_symbol(
    symbol: Symbol,
    path: str,
    language: str,
    conventions: Sequence[Convention],
    symbols: Sequence[Symbol] | FileExtract = (),
    read: Callable[[str], bytes | None] | None = None,
    project: ProjectFacts = NO_PROJECT,
) -> list[tuple[Convention, bool]]:
    """The naming convention bearing on this definition (if any) and whether the name fits it.
    `symbols`, the file's definitions, show which classes are used like functions; the
    file's whole extract shows also what its imports and references dictate, and `read`
    (as for `check_file`) how it uses its private methods, as the checks see it."""
    in_test = is_test_file(path, language)
    facts = _facts(path, language, symbols, read)
    if (
        mandated_name(symbol, path, language, in_test, facts)
        or _unjudged(symbol, facts, in_test, language)
        or _documented_api(symbol, path, facts, project, read)
    ):
        return []
    conv = governing(symbol_naming_key(language, symbol).id, path, conventions)
    if conv is None or conv.shares(symbol.name):
        return []
    style = voting_style(symbol.name, language)
    fits = conforms(style, conv.value) or either_case_value(symbol, style, conv)
    return [(conv, fits)]


def left_alone(
    symbol: Symbol,
    path: str,
    language: str,
    conventions: Sequence[Convention],
    symbols: Sequence[Symbol] | FileExtract = (),
    read: Callable[[str], bytes | None] | None = None,
    project: ProjectFacts = NO_PROJECT,
    public_api: bool = False,
) -> str | None:
    """Why the naming convention governing this definition leaves its name alone, when the
    name does not fit it, as a sentence; None when the convention judges the name (or none
    governs it). `symbols`, `read` and `project` are as for `conventions_for_symbol`;
    `public_api` as for `check_file`."""
    key = symbol_naming_key(language, symbol).id
    conv = governing(key, path, conventions)
    if conv is None or conforms(voting_style(symbol.name, language), conv.value):
        return None
    name = symbol.name
    if isinstance(symbols, FileExtract):
        elsewhere = why_not_observed(symbols, project)
        if elsewhere is not None:
            return f"`{name}` is in {elsewhere} (`{conv.id}`)"
    if is_benchmark(path):
        return (
            f"`{name}` is in a folder of benchmarks, of ported or measured variants (`{conv.id}`)"
        )
    exemption = covering(project.naming_exemptions(path), key, path, name)
    if exemption is not None:
        return f"`{name}` is left alone by the project's linter setting ({exemption.source})"
    if name in conv.public_names and not public_api:
        return f"`{name}` is public API its package re-exports, which renaming would break"
    if name in conv.looked_up_names:
        return (
            f"`{name}` is looked up by a name the code builds from a string elsewhere in the"
            f" workspace, which renaming would break (`{conv.id}`)"
        )
    prefix = conv.prefix_of(name)
    if prefix:
        return (
            f"`{name}` is named behind `{prefix}`, a prefix the project puts before a family"
            f" of its types' names, in the convention's style after it (`{conv.id}`)"
        )
    files = next((n for shared, n in conv.shared_names if shared == name), 0)
    if files:
        return (
            f"`{name}` is written this way in {files} files"
            f" (a shared name such as a framework hook; `{conv.id}`)"
        )
    in_test = is_test_file(path, language)
    facts = _facts(path, language, symbols, read)
    reason = why_mandated(symbol, path, language, in_test, facts)
    if reason is None and qualified(symbol) in facts.public and not public_api:
        reason = (
            "public API (listed in `__all__`, defined in a package's `__init__.py`, or"
            " visible outside its library), which renaming would break for its users"
        )
    elif reason is None and not public_api and _documented_api(symbol, path, facts, project, read):
        reference = _package_reference(path, project)
        reason = f"documented public API ({reference} lists every module's public names)"
    elif reason is None and numbered_shape(name) == project.numbered_family(path) is not None:
        reason = (
            f"named as its file, one of a numbered family of files in its folder"
            f" (`{project.numbered_family(path)}`)"
        )
    elif reason is None and (
        own := own_naming_reason(symbol, conv, _symbols_of(symbols), language)
        or transcribed_reason(symbol, conv, _symbols_of(symbols), language, project)
    ):
        reason = own
    elif reason is None and is_test_name(symbol, in_test):
        reason = "a test's name, which says what it tests"
    elif reason is None and marked_name(name, language):
        reason = "marked by a `$` sigil or named by a string, which a rename would drop"
    elif reason is None and composite_name(name, language):
        reason = (
            "made of parts in cases of their own, joined by underscores (a namespace, a"
            " marker, a family's tag), written that way on purpose"
        )
    elif reason is None and in_prefixed_family(symbol, facts):
        reason = (
            f"one of the family of camelCase names behind `{name.partition('_')[0]}_` in its"
            " file, with a one-word name"
        )
    elif reason is None and named_around_keyword(name, conv.value, language):
        reason = "named around a keyword: in the convention's style it would be one"
    elif reason is None and named_around_taken(symbol, conv.value, language, _symbols_of(symbols)):
        reason = (
            "named around another definition of its scope, whose name it would take in the"
            " convention's style"
        )
    elif reason is None:
        reason = why_either_case(symbol, voting_style(name, language), conv)
    return f"`{name}` is {reason} (`{conv.id}`)" if reason else None


def _symbols_of(symbols: Sequence[Symbol] | FileExtract) -> Sequence[Symbol]:
    return symbols.symbols if isinstance(symbols, FileExtract) else symbols


def _facts(
    path: str,
    language: str,
    symbols: Sequence[Symbol] | FileExtract,
    read: Callable[[str], bytes | None] | None = None,
) -> FileFacts:
    if isinstance(symbols, FileExtract):
        return file_facts(symbols, read)
    return facts_of_symbols(path, language, symbols)


def _unjudged(
    symbol: Symbol, facts: FileFacts, in_test: bool, language: str, public: bool = True
) -> bool:
    """Names that vote but are never flagged: public API (listed in `__all__`, or `public`
    outside a Swift or C# library; unless not `public`), tests, names with a mark
    (`$ZodType`, `"~validate"`)."""
    return (
        (public and qualified(symbol) in facts.public)
        or is_test_name(symbol, in_test)
        or marked_name(symbol.name, language)
        or composite_name(symbol.name, language)
        or in_prefixed_family(symbol, facts)
    )


def _package_reference(path: str, project: ProjectFacts) -> str:
    package = project.package_of(path)
    return package.api_reference if package is not None else ""


def _documented_api(
    symbol: Symbol,
    path: str,
    facts: FileFacts,
    project: ProjectFacts,
    read: Callable[[str], bytes | None] | None,
) -> bool:
    """A public name of a public module of a regular package (`read` finds the
    `__init__.py` beside it) whose package publishes a reference of every module's names
    (pydoctor, sphinx-autoapi): users import it by that name, so a rename breaks them."""
    if qualified(symbol) not in facts.module_api or not _package_reference(path, project):
        return False
    if path.endswith("/__init__.py"):
        return True
    return read is not None and read(f"{path.rpartition('/')[0]}/__init__.py") is not None


# Naming the compiler itself asks for (rustc's `non_snake_case`, `non_camel_case_types` and
# `non_upper_case_globals` lints), by kind.
_RUSTC_NAMING = {
    "function": "snake_case",
    "method": "snake_case",
    "variable": "snake_case",
    "module": "snake_case",
    "macro": "snake_case",
    "struct": "PascalCase",
    "enum": "PascalCase",
    "trait": "PascalCase",
    "type": "PascalCase",
    "constant": "UPPER_CASE",
    "static": "UPPER_CASE",
}


def language_rule(conv: Convention) -> str | None:
    """Why `conv` is the language's rule rather than the project's choice (Go's MixedCaps,
    which decides what a package exports; Rust's naming, which the compiler warns about),
    or None. Such a convention still flags drift, but says nothing about the project: it is
    left out of what a model is sent and of the conventions listed (unless all are asked)."""
    if conv.category != "naming":
        return None
    if conv.language == "go" and conv.value == "MixedCaps":
        return "Go's own naming rule (MixedCaps; the first letter decides what is exported)"
    if conv.language == "rust" and _RUSTC_NAMING.get(conv.subject) == conv.value:
        return "Rust's own naming rule, which the compiler warns about"
    return None


def conventions_for_file(
    path: str, language: str, conventions: Sequence[Convention]
) -> list[Convention]:
    """Every convention of the file's language as it applies at `path`, sorted by id."""
    base_ids = sorted({c.id.split("@", 1)[0] for c in conventions if c.language == language})
    found = [governing(base, path, conventions) for base in base_ids]
    return [c for c in found if c is not None]
