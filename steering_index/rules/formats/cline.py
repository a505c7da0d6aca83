"""Cline: a `.clinerules/` folder (or `.cline/rules/`) of markdown files, or one `.clinerules` file.

No front matter means always; `paths:` globs make a rule conditional; `paths: []` turns it
off. Front matter Cline cannot parse leaves the rule on, as Cline does, with a finding.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from steering_index.model import Finding, RuleFormat, RuleScope, ScopeKind
from steering_index.rules.documents import (
    LoadResult,
    RuleDocument,
    check_keys,
    document_key,
    glob_values,
    load_each,
    make_document,
)
from steering_index.rules.frontmatter import parse_front_matter
from steering_index.rules.workspace import Workspace

RULE_DIRS = (".clinerules", ".cline/rules")
KNOWN_KEYS = ("paths",)
TEXT_SUFFIXES = (".md", ".txt")


def load(ws: Workspace) -> LoadResult:
    candidates = [".clinerules"] if ws.exists(".clinerules") else []
    for base in RULE_DIRS:
        candidates.extend(rel for rel in ws.under(base) if rel.endswith(TEXT_SUFFIXES))
    return load_each(ws, candidates, rule_document)


def rule_document(rel: str, text: str) -> tuple[RuleDocument, list[Finding]]:
    fm = parse_front_matter(text, rel)
    problems = [*fm.findings, *check_keys(fm, KNOWN_KEYS, rel, "Cline")]
    scope, why = RuleScope(ScopeKind.ALWAYS), "Cline rule without `paths:`"
    if not fm.valid:
        why = "Cline keeps a rule with unparsable front matter on"
    elif fm.values.get("paths") is not None:
        globs, glob_problems = glob_values(fm, "paths", rel)
        problems.extend(glob_problems)
        if globs:
            scope, why = RuleScope(ScopeKind.GLOB, globs=globs), "Cline `paths:`"
        elif not glob_problems:
            scope, why = RuleScope(ScopeKind.NEVER), "Cline `paths: []` turns the rule off"
    base = next((b for b in RULE_DIRS if rel.startswith(b + "/")), "")
    key = document_key(RuleFormat.CLINE, rel, base, PurePosixPath(rel).stem.lstrip("."))
    document = make_document(rel, text, RuleFormat.CLINE, scope, why, key, fm, None, "paths")
    return document, problems
