"""Cline: a `.clinerules/` folder (or `.cline/rules/`) of markdown files, or one `.clinerules` file.

No front matter means always; `paths:` globs make a rule conditional; `paths: []` turns it
off. Front matter Cline cannot parse leaves the rule on, as Cline does, with a finding.

Cline's own loader reads only the files at the top of the rules folder. Its
`workflows/` are run only when invoked by name (`/release.md`), so they are manual
rules here; `hooks/`, `skills/` and any other subfolder are other features, not rules.
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
from steering_index.rules.frontmatter import parse_front_matter
from steering_index.rules.workspace import SteeringFiles

RULE_DIRS = (".clinerules", ".cline/rules")
WORKFLOWS = "workflows"
KNOWN_KEYS = ("paths",)
TEXT_SUFFIXES = (".md", ".txt")


def load(ws: SteeringFiles) -> LoadResult:
    candidates = [".clinerules"] if ws.exists(".clinerules") else []
    workflows: list[str] = []
    for base in RULE_DIRS:
        for rel in ws.under(base):
            inside = rel[len(base) + 1 :]
            if not rel.endswith(TEXT_SUFFIXES):
                continue
            if "/" not in inside:
                candidates.append(rel)
            elif inside.startswith(WORKFLOWS + "/"):
                workflows.append(rel)
    return combine(
        load_each(ws, candidates, rule_document), load_each(ws, workflows, workflow_document)
    )


def is_cline_file(rel: str) -> bool:
    """A file Cline reads: the `.clinerules` file, a top-level rule or a workflow."""
    if rel == ".clinerules":
        return True
    for base in RULE_DIRS:
        inside = rel[len(base) + 1 :] if rel.startswith(base + "/") else None
        if inside is not None and rel.endswith(TEXT_SUFFIXES):
            return "/" not in inside or inside.startswith(WORKFLOWS + "/")
    return False


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
    key = document_key(RuleFormat.CLINE, rel, _base(rel), PurePosixPath(rel).stem.lstrip("."))
    document = make_document(rel, text, RuleFormat.CLINE, scope, why, key, fm, None, "paths")
    return document, problems


def workflow_document(rel: str, text: str) -> tuple[RuleDocument, list[Finding]]:
    """A workflow: its whole text, reachable by its name (`/deploy.md`), never automatic."""
    fm = parse_front_matter(text, rel)
    name = PurePosixPath(rel).name
    why = f"Cline workflow, run only when invoked as `/{name}`"
    key = document_key(RuleFormat.CLINE, rel, _base(rel), PurePosixPath(rel).stem)
    scope = RuleScope(ScopeKind.MANUAL)
    return make_document(rel, text, RuleFormat.CLINE, scope, why, key, fm), list(fm.findings)


def _base(rel: str) -> str:
    return next((b for b in RULE_DIRS if rel.startswith(b + "/")), "")
