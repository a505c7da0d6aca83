"""GitHub Copilot: `copilot-instructions.md` and `.github/instructions/**/*.instructions.md`.

The repository-wide file applies always. A path-specific file applies to files matching
its `applyTo` globs (comma-separated); without `applyTo` Copilot does not apply it on its
own, though VS Code may pick it by its `description`: we make it a description-decided
candidate then, and manual otherwise. `excludeAgent` is kept for information.
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
    single_file,
    string_value,
)
from steering_index.rules.findings import finding
from steering_index.rules.frontmatter import parse_front_matter
from steering_index.rules.workspace import SteeringFiles

REPO_WIDE = ".github/copilot-instructions.md"
INSTRUCTIONS = ".github/instructions"
SUFFIX = ".instructions.md"
KNOWN_KEYS = ("applyTo", "excludeAgent", "description", "name")


def load(ws: SteeringFiles) -> LoadResult:
    key = f"{RuleFormat.COPILOT.value}:copilot-instructions"
    repo_wide = single_file(
        ws, REPO_WIDE, RuleFormat.COPILOT, key, "repository-wide Copilot instructions"
    )
    paths = (rel for rel in ws.under(INSTRUCTIONS) if rel.endswith(SUFFIX))
    return combine(repo_wide, load_each(ws, paths, instructions_document))


def instructions_document(rel: str, text: str) -> tuple[RuleDocument, list[Finding]]:
    fm = parse_front_matter(text, rel)
    problems = [*fm.findings, *check_keys(fm, KNOWN_KEYS, rel, "Copilot")]
    globs, glob_problems = glob_values(fm, "applyTo", rel)
    excluded, agent_problems = glob_values(fm, "excludeAgent", rel)
    problems.extend(glob_problems + agent_problems)
    description = string_value(fm, "description")
    if globs:
        scope = RuleScope(ScopeKind.GLOB, globs=globs, exclude_agents=excluded)
        why = "Copilot `applyTo`"
    else:
        message = (
            "no `applyTo`: Copilot never applies this file on its own; add `applyTo:` "
            'with the globs it is for (`"**"` for every file)'
        )
        problems.append(finding("rules/missing-apply-to", message, rel, 1))
        kind = ScopeKind.DESCRIPTION if description else ScopeKind.MANUAL
        scope = RuleScope(kind, description=description, exclude_agents=excluded)
        why = "Copilot instructions without `applyTo`"
    stem = PurePosixPath(rel).name.removesuffix(SUFFIX)
    key = document_key(RuleFormat.COPILOT, rel, INSTRUCTIONS, stem)
    document = make_document(
        rel, text, RuleFormat.COPILOT, scope, why, key, fm, None, "applyTo", name=stem
    )
    return document, problems
