"""Cursor: `.cursor/rules/**/*.mdc` (and `.md`), nested `.cursor/rules/`, legacy `.cursorrules`.

Native semantics: `alwaysApply: true` applies always; otherwise `globs` (a list, or a
comma-separated string) attach the rule to matching files; otherwise a `description`
lets the agent decide; with none of these the rule is manual (`@rule-name`). The string
`"true"` is not a boolean to Cursor, so such a rule does not apply always: lint says so.
Rules in `web/.cursor/rules/` govern `web/`, and their globs are relative to `web/`.
"""

from __future__ import annotations

import re
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
from steering_index.rules.findings import finding
from steering_index.rules.frontmatter import FrontMatter, parse_front_matter
from steering_index.rules.workspace import SteeringFiles

KNOWN_KEYS = ("description", "globs", "alwaysApply")
# A front-matter key written in the body (`Description: ...`, `**Globs:** ...`).
_BODY_KEY = re.compile(r"^\W*(description|globs|alwaysApply)\W*:", re.IGNORECASE)
_KEY_SEARCH_LINES = 10
MARKER = ".cursor/rules/"


def load(ws: SteeringFiles) -> LoadResult:
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
    if not fm.present:
        problems.append(_no_front_matter(rel, text))
    scope, why, scope_problems = _scope(fm, rel, folder)
    problems.extend(scope_problems)
    base = f"{folder}/{MARKER}".lstrip("/").rstrip("/")
    stem = PurePosixPath(rel).stem
    key = document_key(RuleFormat.CURSOR, rel, base, stem)
    if folder:
        key = f"{key}@{folder}" if "@" not in key else key.replace("@", f"@{folder}/", 1)
    document = make_document(rel, text, RuleFormat.CURSOR, scope, why, key, fm)
    return document, problems


def _no_front_matter(rel: str, text: str) -> Finding:
    """A rule file without front matter is manual: Cursor attaches it only when @-mentioned.

    Authors often write the keys as body text (`Description: ...`); name that line.
    """
    name = PurePosixPath(rel).stem
    message = (
        f"no front matter, so Cursor attaches this rule only when it is @-mentioned (`@{name}`)"
    )
    for number, line in enumerate(text.splitlines()[:_KEY_SEARCH_LINES], start=1):
        match = _BODY_KEY.match(line)
        if match:
            message += (
                f"; `{match.group(1)}:` on line {number} is body text, not front matter: "
                "put the keys between `---` lines at the top"
            )
            return finding("rules/missing-front-matter", message, rel, number)
    return finding("rules/missing-front-matter", message, rel, 1)


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
