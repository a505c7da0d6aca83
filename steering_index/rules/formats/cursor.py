"""Cursor: `.cursor/rules/**/*.mdc` (and `.md`), nested `.cursor/rules/`, legacy `.cursorrules`.

Native semantics: `alwaysApply: true` applies always; otherwise `globs` (a list, or a
comma-separated string) attach the rule to matching files; otherwise a `description`
lets the agent decide; with none of these the rule is manual (`@rule-name`). The string
`"true"` is not a boolean to Cursor, so such a rule does not apply always: lint says so.
Rules in `web/.cursor/rules/` govern `web/`, and their globs are relative to `web/`.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from steering_index.model import Finding, RuleFormat, RuleScope, ScopeKind
from steering_index.rules.documents import (
    LoadResult,
    RuleDocument,
    bool_value,
    check_keys,
    combine,
    document_key,
    glob_values,
    load_each,
    make_document,
    single_file,
    string_value,
)
from steering_index.rules.frontmatter import FrontMatter, parse_front_matter
from steering_index.rules.workspace import Workspace

KNOWN_KEYS = ("description", "globs", "alwaysApply")
MARKER = ".cursor/rules/"


def load(ws: Workspace) -> LoadResult:
    key = f"{RuleFormat.CURSOR.value}:cursorrules"
    legacy = single_file(ws, ".cursorrules", RuleFormat.CURSOR, key, "legacy `.cursorrules`")
    paths = (r for r in ws.files if rules_folder(r) is not None and r.endswith((".mdc", ".md")))
    return combine(legacy, load_each(ws, paths, rule_document))


def rules_folder(rel: str) -> str | None:
    """The folder a `.cursor/rules/` file governs ("" at the root), or None."""
    if rel.startswith(MARKER):
        return ""
    index = rel.find("/" + MARKER)
    return rel[:index] if index >= 0 else None


def rule_document(rel: str, text: str) -> tuple[RuleDocument, list[Finding]]:
    folder = rules_folder(rel) or ""
    fm = parse_front_matter(text, rel, strict=False)
    problems = [*fm.findings, *check_keys(fm, KNOWN_KEYS, rel, "Cursor")]
    scope, why, scope_problems = _scope(fm, rel, folder)
    problems.extend(scope_problems)
    base = f"{folder}/{MARKER}".lstrip("/").rstrip("/")
    stem = PurePosixPath(rel).stem
    key = document_key(RuleFormat.CURSOR, rel, base, stem)
    if folder:
        key = f"{key}@{folder}" if "@" not in key else key.replace("@", f"@{folder}/", 1)
    document = make_document(rel, text, RuleFormat.CURSOR, scope, why, key, fm)
    return document, problems


def _scope(fm: FrontMatter, rel: str, folder: str) -> tuple[RuleScope, str, list[Finding]]:
    always = bool_value(fm, "alwaysApply", rel)
    globs, problems = glob_values(fm, "globs", rel)
    problems = [*always.findings, *problems]
    description = string_value(fm, "description")
    directory = folder or None
    if always.value:
        kind = ScopeKind.DIRECTORY if folder else ScopeKind.ALWAYS
        scope = RuleScope(kind, directory=directory, description=description)
        return scope, "Cursor `alwaysApply: true`", problems
    if globs:
        # Cursor's rule type is the first of these that is set: with globs, the
        # description is only a label, not a way in for files the globs miss.
        scope = RuleScope(ScopeKind.GLOB, globs=globs, directory=directory)
        return scope, "Cursor `globs`", problems
    if description:
        scope = RuleScope(ScopeKind.DESCRIPTION, directory=directory, description=description)
        return scope, "Cursor rule with only a description", problems
    scope = RuleScope(ScopeKind.MANUAL, directory=directory)
    return scope, "Cursor rule without alwaysApply, globs or description", problems
