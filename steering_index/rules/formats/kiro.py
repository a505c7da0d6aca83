"""Kiro: `.kiro/steering/*.md` with `inclusion:` front matter, and `.kiro/specs/<feature>/`.

Native semantics: no front matter (or no `inclusion:`) means always; `fileMatch` applies
to files matching `fileMatchPattern` (one glob, or a YAML list of globs; a comma-separated
string is taken literally, as Kiro does, and so matches nothing: lint says so); `manual`
applies only when asked for by name (`#api-style`); `auto` lets the model decide from
`description`. `#[[file:path]]` references are relative to the workspace root.
Spec documents apply only when asked for, by the feature's name (`#checkout`).
"""

from __future__ import annotations

from pathlib import PurePosixPath

from steering_index.model import (
    Finding,
    RuleFormat,
    RuleScope,
    ScopeKind,
    SpecItem,
)
from steering_index.rules.documents import (
    LoadResult,
    RuleDocument,
    check_keys,
    combine,
    document_key,
    glob_values,
    load_each,
    split_outside_braces,
    string_value,
)
from steering_index.rules.findings import finding
from steering_index.rules.formats.kiro_specs import parse_design, parse_requirements, parse_tasks
from steering_index.rules.frontmatter import FrontMatter, parse_front_matter
from steering_index.rules.references import Syntax
from steering_index.rules.sections import slugify
from steering_index.rules.workspace import SteeringFiles

STEERING = ".kiro/steering"
SPECS = ".kiro/specs"
KNOWN_KEYS = ("inclusion", "fileMatchPattern", "name", "description")
SPEC_PARSERS = {
    "requirements.md": parse_requirements,
    "design.md": parse_design,
    "tasks.md": parse_tasks,
}


def load(ws: SteeringFiles) -> LoadResult:
    paths = (
        r for r in ws.under(STEERING) if r.endswith(".md") and "/" not in r[len(STEERING) + 1 :]
    )
    steering = load_each(ws, paths, steering_document)
    documents: list[RuleDocument] = []
    items: list[SpecItem] = []
    for rel in ws.under(SPECS):
        parts = PurePosixPath(rel).parts
        parser = SPEC_PARSERS.get(parts[-1]) if len(parts) == 4 else None
        read = ws.read(rel) if parser else None
        if parser is None or read is None:
            continue
        feature = parts[2]
        items.extend(parser(feature, rel, read.text))
        documents.append(_spec_document(rel, feature, read.text))
    return combine(steering, LoadResult(tuple(documents), spec_items=tuple(items)))


def steering_document(rel: str, text: str) -> tuple[RuleDocument, list[Finding]]:
    fm = parse_front_matter(text, rel)
    problems = list(fm.findings)
    if fm.present:
        problems.extend(check_keys(fm, KNOWN_KEYS, rel, "Kiro"))
    scope, why, scope_problems = _scope(fm, rel)
    problems.extend(scope_problems)
    stem = PurePosixPath(rel).stem
    document = RuleDocument(
        source=rel,
        format=RuleFormat.KIRO,
        scope=scope,
        why=why,
        name=stem,
        key=document_key(RuleFormat.KIRO, rel, STEERING, stem),
        body=fm.body,
        body_line=fm.body_line,
        text=text,
        syntax=Syntax.KIRO_FILE,
        scope_line=fm.line_of("fileMatchPattern"),
    )
    return document, problems


def _scope(fm: FrontMatter, rel: str) -> tuple[RuleScope, str, list[Finding]]:
    inclusion = string_value(fm, "inclusion")
    description = string_value(fm, "description")
    if not fm.present:
        return RuleScope(ScopeKind.ALWAYS), "Kiro steering without front matter", []
    if inclusion is None:
        return RuleScope(ScopeKind.ALWAYS), "Kiro steering without `inclusion:`", []
    if inclusion == "always":
        return RuleScope(ScopeKind.ALWAYS), "Kiro `inclusion: always`", []
    if inclusion == "fileMatch":
        return _file_match(fm, rel)
    if inclusion == "manual":
        return RuleScope(ScopeKind.MANUAL, description=description), "Kiro `inclusion: manual`", []
    if inclusion == "auto":
        problems = []
        if description is None:
            message = "`inclusion: auto` needs a `description` for Kiro to decide when to use it"
            problems.append(finding("rules/missing-key", message, rel, fm.line_of("inclusion")))
        scope = RuleScope(ScopeKind.DESCRIPTION, description=description)
        return scope, "Kiro `inclusion: auto`", problems
    message = (
        f"`inclusion: {inclusion}` is not one of always, fileMatch, manual, auto; "
        "read as always, Kiro's default"
    )
    problem = finding("rules/invalid-value", message, rel, fm.line_of("inclusion"))
    return RuleScope(ScopeKind.ALWAYS), f"Kiro `inclusion: {inclusion}` read as always", [problem]


def _file_match(fm: FrontMatter, rel: str) -> tuple[RuleScope, str, list[Finding]]:
    globs, problems = glob_values(fm, "fileMatchPattern", rel, split_commas=False)
    line = fm.line_of("fileMatchPattern")
    if not globs and not problems:
        message = "`inclusion: fileMatch` without `fileMatchPattern` matches no file"
        problems.append(finding("rules/missing-key", message, rel, fm.line_of("inclusion")))
    for glob in globs:
        parts = split_outside_braces(glob)
        if len(parts) > 1:
            listed = ", ".join(f'"{p}"' for p in parts)
            message = (
                f"`fileMatchPattern: {glob}` is one glob to Kiro, commas included, so it "
                "matches nothing; write a YAML list"
            )
            problems.append(
                finding(
                    "rules/comma-separated-pattern",
                    message,
                    rel,
                    line,
                    replacement=f"fileMatchPattern: [{listed}]",
                )
            )
    if not globs:
        return RuleScope(ScopeKind.NEVER), "`fileMatch` without a usable pattern", problems
    return RuleScope(ScopeKind.GLOB, globs=globs), "Kiro `inclusion: fileMatch`", problems


def _spec_document(rel: str, feature: str, text: str) -> RuleDocument:
    stem = PurePosixPath(rel).stem
    return RuleDocument(
        source=rel,
        format=RuleFormat.KIRO_SPEC,
        scope=RuleScope(ScopeKind.MANUAL, description=f"{feature} spec: {stem}"),
        why=f"Kiro spec `{feature}`",
        name=feature,
        key=f"{RuleFormat.KIRO_SPEC.value}:{slugify(feature)}/{stem}",
        body=text,
        body_line=1,
        text=text,
        syntax=Syntax.KIRO_FILE,
    )
