"""Claude Code: CLAUDE.md, .claude/CLAUDE.md and CLAUDE.local.md at any level, and .claude/rules.

CLAUDE.md files govern their folder (`.claude/CLAUDE.md` the folder holding `.claude`),
root to leaf, the nearer winning; CLAUDE.local.md is a personal addition to its folder.
`.claude/rules/**/*.md` apply to files matching `paths:` (a YAML list or a glob string),
or always without it. `@path` imports are expanded, at most five hops deep.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from steering_index.model import Finding, RuleFormat, RuleScope, ScopeKind
from steering_index.rules.documents import (
    LoadResult,
    RuleDocument,
    check_keys,
    combine,
    document_key,
    glob_values,
    load_each,
    make_document,
)
from steering_index.rules.formats.nested import load_nested
from steering_index.rules.frontmatter import parse_front_matter
from steering_index.rules.references import Syntax
from steering_index.rules.workspace import SteeringFiles

RULES_DIR = ".claude/rules"
KNOWN_KEYS = ("paths", "description")


def _governs(rel: str) -> str | None:
    path = PurePosixPath(rel)
    parent = "" if str(path.parent) == "." else str(path.parent)
    if path.name in ("CLAUDE.md", "CLAUDE.local.md"):
        if path.parent.name == ".claude":
            return "" if str(path.parent.parent) == "." else str(path.parent.parent)
        return parent
    return None


def load(ws: SteeringFiles) -> LoadResult:
    nested = load_nested(ws, RuleFormat.CLAUDE, _governs, "CLAUDE.md", Syntax.AT_PATH)
    # Within a folder the personal CLAUDE.local.md comes last, so it wins over the shared file.
    ordered = sorted(nested.documents, key=lambda d: (d.depth, d.source.endswith(".local.md")))
    nested = LoadResult(tuple(ordered))
    paths = (rel for rel in ws.under(RULES_DIR) if rel.endswith(".md"))
    return combine(nested, load_each(ws, paths, rules_document))


def rules_document(rel: str, text: str) -> tuple[RuleDocument, list[Finding]]:
    fm = parse_front_matter(text, rel)
    problems = [*fm.findings, *check_keys(fm, KNOWN_KEYS, rel, "Claude Code")]
    globs, glob_problems = glob_values(fm, "paths", rel)
    problems.extend(glob_problems)
    if globs:
        scope, why = RuleScope(ScopeKind.GLOB, globs=globs), "Claude rule with `paths:`"
    else:
        scope, why = RuleScope(ScopeKind.ALWAYS), "Claude rule without `paths:`"
    key = document_key(RuleFormat.CLAUDE, rel, RULES_DIR, PurePosixPath(rel).stem)
    document = make_document(
        rel, text, RuleFormat.CLAUDE, scope, why, key, fm, Syntax.AT_PATH, "paths"
    )
    return document, problems
