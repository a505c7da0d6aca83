"""Lint of the steering files themselves: the silent failures users of these tools complain about.

On top of what loading found (invalid front matter, unknown keys, `"true"` as a string,
Kiro's comma-separated pattern, `.instructions.md` without `applyTo`, broken references,
import cycles, unreadable files), lint checks the workspace as a whole: globs that match
no file, files over their tool's documented size limit, and copies of one document that
have drifted apart.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from steering_index.model import Finding, RuleFormat, ScopeKind
from steering_index.rules.documents import RuleDocument
from steering_index.rules.findings import at_line, finding
from steering_index.rules.formats.agents import SIZE_LIMIT_BYTES as AGENTS_LIMIT_BYTES
from steering_index.rules.formats.windsurf import SIZE_LIMIT_CHARS as WINDSURF_LIMIT_CHARS
from steering_index.rules.globs import compile_globs
from steering_index.rules.ruleset import RuleSet
from steering_index.rules.workspace import walk_files

# Two documents this alike (by lines) and not equal are one document that drifted.
DRIFT_RATIO = 0.8
DRIFT_MIN_LINES = 3


def lint_rules(ruleset: RuleSet, workspace_files: Iterable[str] | None = None) -> list[Finding]:
    """Every finding about the steering files, sorted by file and line.

    `workspace_files` are the files globs are checked against; None walks the workspace
    (skipping `.git`, `node_modules`, virtual environments and caches).
    """
    files = list(workspace_files) if workspace_files is not None else walk_files(ruleset.root)
    documents = list({d.source: d for d in ruleset.documents}.values())
    found = [
        *ruleset.findings,
        *_globs_matching_nothing(ruleset, documents, files),
        *_oversized(documents),
        *_drifted_copies(documents, files),
    ]
    unique = dict.fromkeys(found)
    return sorted(unique, key=lambda f: (f.location.path, f.location.lines.first, f.code))


def _globs_matching_nothing(
    ruleset: RuleSet, documents: list[RuleDocument], files: list[str]
) -> list[Finding]:
    already = {(f.location.path, f.code) for f in ruleset.findings}
    found: list[Finding] = []
    for document in documents:
        scope = document.scope
        # A strategy's globs limit where it is sent, as a rule's limit where it applies.
        globbed = scope.kind is ScopeKind.GLOB or document.format is RuleFormat.STRATEGY
        if (
            not globbed
            or (
                document.source,
                "rules/comma-separated-pattern",
            )
            in already
        ):
            continue
        folder = scope.directory or ""
        candidates = _files_under(folder, files)
        # The rule file itself is no file the rule is meant for.
        own = document.source[len(folder) + 1 :] if folder else document.source
        matcher = compile_globs(scope.globs, document.format)
        live = [
            written
            for written, compiled in matcher.patterns
            if compiled is not None
            and any(compiled.match(path) for path in candidates if path != own)
        ]
        for written, compiled in matcher.patterns:
            if compiled is None or written in live:
                continue
            where = f" under `{folder}/`" if folder else " in the workspace"
            what = (
                "matches only this rule file itself"
                if compiled.match(own)
                else f"matches no file{where}"
            )
            message = f"glob `{written}` {what}, {_what_happens(document, live)}"
            found.append(
                finding("rules/glob-matches-nothing", message, document.source, document.scope_line)
            )
    return found


def _what_happens(document: RuleDocument, live: list[str]) -> str:
    """What a dead pattern costs: nothing when other globs match, else the whole rule."""
    if live:
        others = ", ".join(f"`{g}`" for g in live)
        what = (
            "strategy is still sent"
            if document.format is RuleFormat.STRATEGY
            else "rule still applies"
        )
        return f"so it is dead; the {what} through {others}"
    if document.format is RuleFormat.STRATEGY:
        return "so this strategy is never sent"
    if document.format is RuleFormat.CONTINUE and document.description:
        return (
            "so this rule never applies: Continue offers a rule by its description only "
            "when it has no globs"
        )
    return "so this rule never applies"


def _oversized(documents: list[RuleDocument]) -> list[Finding]:
    found: list[Finding] = []
    for document in documents:
        if document.format is RuleFormat.WINDSURF and len(document.text) > WINDSURF_LIMIT_CHARS:
            message = (
                f"{len(document.text):,} characters; Windsurf reads at most "
                f"{WINDSURF_LIMIT_CHARS:,} per rule file, so the rest is dropped"
            )
            found.append(finding("rules/oversized", message, document.source, 1))
        size = len(document.text.encode("utf-8"))
        if document.format is RuleFormat.AGENTS and size > AGENTS_LIMIT_BYTES:
            message = (
                f"{size:,} bytes; Codex reads at most {AGENTS_LIMIT_BYTES:,} bytes of AGENTS.md "
                "text, so the rest is dropped"
            )
            found.append(finding("rules/oversized", message, document.source, 1))
    return found


def _drifted_copies(documents: list[RuleDocument], files: list[str]) -> list[Finding]:
    """Near-copies that some tool could read for the same file; others are not copies.

    Two CLAUDE.md files of two test fixtures are alike by design, and a nested AGENTS.md
    is read *with* its parent by the same tool: neither is one document that drifted.
    """
    found: list[Finding] = []
    lines = [document.body.strip().splitlines() for document in documents]
    reach = [_reach(document, files) for document in documents]
    for later in range(len(documents)):
        for earlier in range(later):
            a, b = lines[earlier], lines[later]
            if a == b or min(len(a), len(b)) < DRIFT_MIN_LINES:
                continue
            if not _overlap(reach[earlier], reach[later]):
                continue
            matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
            if matcher.real_quick_ratio() < DRIFT_RATIO or matcher.ratio() < DRIFT_RATIO:
                continue
            found.append(_drift(documents[earlier], documents[later], matcher))
    return found


# (governed folder, the files a glob scope matches or None for "any file there"), or None
# for a document that applies nowhere.
Reach = tuple[str, frozenset[str] | None] | None


def _reach(document: RuleDocument, files: list[str]) -> Reach:
    scope = document.scope
    if scope.kind is ScopeKind.NEVER:
        return None
    folder = scope.directory or ""
    if scope.kind is not ScopeKind.GLOB or not scope.globs:
        return folder, None
    matcher = compile_globs(scope.globs, document.format)
    inside = _files_under(folder, files)
    return folder, frozenset(f for f in inside if matcher.first_match(f) is not None)


def _files_under(folder: str, files: list[str]) -> list[str]:
    """The files under `folder`, relative to it (every file for the root)."""
    if not folder:
        return files
    return [f[len(folder) + 1 :] for f in files if f.startswith(folder + "/")]


def _overlap(a: Reach, b: Reach) -> bool:
    """Whether two documents are read for a common file: same folder, common matched files."""
    if a is None or b is None or a[0] != b[0]:
        return False
    return a[1] is None or b[1] is None or bool(a[1] & b[1])


def _drift(
    original: RuleDocument, copy: RuleDocument, matcher: difflib.SequenceMatcher[str]
) -> Finding:
    changes = [op for op in matcher.get_opcodes() if op[0] != "equal"]
    _, a_start, _, b_start, _ = changes[0]
    copy_line = copy.body_line + b_start
    original_line = original.body_line + a_start
    more = f" and {len(changes) - 1} more place(s)" if len(changes) > 1 else ""
    message = (
        f"copy of `{original.source}` that has drifted: it differs at line {copy_line}{more}; "
        "tools reading different copies get different rules"
    )
    related = (at_line(original.source, original_line),)
    return finding("rules/drifted-copy", message, copy.source, copy_line, related=related)
