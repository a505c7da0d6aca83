"""Windsurf: `.windsurf/rules/*.md` (and the newer `.devin/rules/`), legacy `.windsurfrules`.

Windsurf also finds `.windsurf/rules/` folders in subfolders: `web/.windsurf/rules/x.md`
governs `web/`, and its globs are relative to `web/`, as for nested `.cursor/rules/`.

`trigger: always_on` applies always, `glob` to files matching `globs`, `model_decision`
lets the model decide from `description`, `manual` only when @-mentioned. Windsurf's
documentation does not say what a rule without `trigger` does; we read it as manual,
which is what its editor shows for such a file, and lint points it out.
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
from steering_index.rules.frontmatter import FrontMatter, parse_front_matter
from steering_index.rules.workspace import SteeringFiles

RULE_DIRS = (".windsurf/rules", ".devin/rules")
LEGACY = ".windsurfrules"
KNOWN_KEYS = ("trigger", "globs", "description")
# Windsurf's documented limit per rule file.
SIZE_LIMIT_CHARS = 12_000


def load(ws: SteeringFiles) -> LoadResult:
    key = f"{RuleFormat.WINDSURF.value}:windsurfrules"
    legacy = single_file(ws, LEGACY, RuleFormat.WINDSURF, key, "legacy `.windsurfrules`")
    paths = [rel for rel in ws.files if rules_folder(rel) is not None]
    return combine(legacy, load_each(ws, paths, rule_document))


def rules_folder(rel: str) -> str | None:
    """The folder a Windsurf rule file governs ("" at the root), or None if it is not one.

    Only the files directly in a rules folder are rules.
    """
    if not rel.endswith(".md"):
        return None
    for base in RULE_DIRS:
        marker = base + "/"
        if rel.startswith(marker):
            folder, inside = "", rel[len(marker) :]
        elif (index := rel.find("/" + marker)) >= 0:
            folder, inside = rel[:index], rel[index + 1 + len(marker) :]
        else:
            continue
        return folder if "/" not in inside else None
    return None


def rule_document(rel: str, text: str) -> tuple[RuleDocument, list[Finding]]:
    # Windsurf reads `globs: *.py, **/*.py` unquoted, as its own examples write it, so
    # front matter only a lenient reader understands is not an error here (as for Cursor).
    fm = parse_front_matter(text, rel, strict=False)
    problems = [*fm.findings, *check_keys(fm, KNOWN_KEYS, rel, "Windsurf")]
    folder = rules_folder(rel) or ""
    scope, why, scope_problems = _scope(fm, rel, folder)
    problems.extend(scope_problems)
    base = next((b for b in RULE_DIRS if rel.startswith(f"{folder}/{b}/".lstrip("/"))), "")
    base = f"{folder}/{base}".lstrip("/")
    key = document_key(RuleFormat.WINDSURF, rel, base, PurePosixPath(rel).stem)
    if folder:
        key = f"{key}@{folder}"
    return make_document(rel, text, RuleFormat.WINDSURF, scope, why, key, fm), problems


def _scope(fm: FrontMatter, rel: str, folder: str) -> tuple[RuleScope, str, list[Finding]]:
    trigger = string_value(fm, "trigger")
    description = string_value(fm, "description")
    globs, problems = glob_values(fm, "globs", rel)
    directory = folder or None
    if trigger == "always_on":
        kind = ScopeKind.DIRECTORY if folder else ScopeKind.ALWAYS
        return RuleScope(kind, directory=directory), "Windsurf `trigger: always_on`", problems
    if trigger == "glob":
        if not globs:
            message = "`trigger: glob` without `globs` matches no file"
            problems.append(finding("rules/missing-key", message, rel, fm.line_of("trigger")))
            scope = RuleScope(ScopeKind.NEVER, directory=directory)
            return scope, "`trigger: glob` without `globs`", problems
        scope = RuleScope(ScopeKind.GLOB, globs=globs, directory=directory)
        return scope, "Windsurf `trigger: glob`", problems
    if trigger == "model_decision":
        scope = RuleScope(ScopeKind.DESCRIPTION, directory=directory, description=description)
        return scope, "Windsurf `trigger: model_decision`", problems
    if trigger not in (None, "manual"):
        message = (
            f"`trigger: {trigger}` is not one of always_on, manual, model_decision, glob; "
            "read as manual"
        )
        problems.append(finding("rules/invalid-value", message, rel, fm.line_of("trigger")))
    elif trigger is None:
        message = "no `trigger:`; Windsurf applies this rule only when it is @-mentioned"
        problems.append(finding("rules/missing-key", message, rel, 1))
    scope = RuleScope(ScopeKind.MANUAL, directory=directory, description=description)
    return scope, "Windsurf manual rule", problems
