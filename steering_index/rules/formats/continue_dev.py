"""Continue: `.continue/rules/*.md` with `alwaysApply`, `globs`, `regex` and `description`.

`alwaysApply: true` applies always. Unset: the rule applies when its `globs` match (and
its `regex` matches the file's content), or always when it has neither. `false`: it
applies when globs/regex match. Continue's agent may request a rule by its `description`
only when the rule has no `globs` (its request-rule tool keeps `alwaysApply === false &&
!rule.globs`; the docs read more loosely, the code decides). Files load in name order,
as Continue loads them.
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
    document_key,
    glob_values,
    load_each,
    make_document,
    string_value,
)
from steering_index.rules.findings import finding
from steering_index.rules.frontmatter import FrontMatter, parse_front_matter
from steering_index.rules.workspace import SteeringFiles

RULES_DIR = ".continue/rules"
KNOWN_KEYS = ("name", "description", "globs", "regex", "alwaysApply")


def load(ws: SteeringFiles) -> LoadResult:
    return load_each(ws, (r for r in ws.under(RULES_DIR) if r.endswith(".md")), rule_document)


def rule_document(rel: str, text: str) -> tuple[RuleDocument, list[Finding]]:
    fm = parse_front_matter(text, rel)
    problems = [*fm.findings, *check_keys(fm, KNOWN_KEYS, rel, "Continue")]
    scope, why, scope_problems = _scope(fm, rel)
    problems.extend(scope_problems)
    key = document_key(RuleFormat.CONTINUE, rel, RULES_DIR, PurePosixPath(rel).stem)
    return make_document(rel, text, RuleFormat.CONTINUE, scope, why, key, fm), problems


def _scope(fm: FrontMatter, rel: str) -> tuple[RuleScope, str, list[Finding]]:
    always = bool_value(fm, "alwaysApply", rel)
    globs, problems = glob_values(fm, "globs", rel)
    problems = [*always.findings, *problems]
    regex, regex_problems = _regex(fm, rel)
    problems.extend(regex_problems)
    description = string_value(fm, "description")
    if always.value:
        return RuleScope(ScopeKind.ALWAYS), "Continue `alwaysApply: true`", problems
    if globs or regex:
        # The agent may request an `alwaysApply: false` rule by description, but only one
        # without globs (a regex-only rule whose content test fails, say).
        fallback = description if always.value is False and not globs else None
        scope = RuleScope(ScopeKind.GLOB, globs=globs, regex=regex, description=fallback)
        return scope, "Continue `globs`/`regex`", problems
    if always.value is None:
        return RuleScope(ScopeKind.ALWAYS), "Continue rule without globs", problems
    if description:
        scope = RuleScope(ScopeKind.DESCRIPTION, description=description)
        return scope, "Continue `alwaysApply: false` with a description", problems
    return RuleScope(ScopeKind.MANUAL), "Continue `alwaysApply: false`", problems


def _regex(fm: FrontMatter, rel: str) -> tuple[str | None, list[Finding]]:
    raw = fm.values.get("regex")
    if raw is None:
        return None, []
    patterns = [str(p) for p in raw] if isinstance(raw, list) else [str(raw)]
    combined = patterns[0] if len(patterns) == 1 else "|".join(f"(?:{p})" for p in patterns)
    try:
        re.compile(combined)
    except re.error as exc:
        message = f"`regex` is not a valid regular expression ({exc}); ignored"
        return None, [finding("rules/invalid-value", message, rel, fm.line_of("regex"))]
    return combined, []
