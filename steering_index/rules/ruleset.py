"""Loading every steering format of a workspace into one `RuleSet` of per-section rules.

Loaders run in a fixed order (AGENTS.md first, as the cross-tool file), which decides
which copy of identical content is named first. Documents with the same text and the same
effective scope are one document listed under every source (a CLAUDE.md symlinked to
AGENTS.md counts once). Each document is then split into sections and its references are
expanded; a loader that fails on something unforeseen costs its own rules, not the others.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType

from steering_index.model import (
    Finding,
    Rule,
    RuleFormat,
    RuleScope,
    ScopeKind,
    Severity,
    SpecItem,
)
from steering_index.rules.documents import LoadResult, RuleDocument
from steering_index.rules.findings import finding
from steering_index.rules.formats import (
    agents,
    aider,
    claude,
    cline,
    continue_dev,
    copilot,
    cursor,
    gemini,
    kiro,
    strategy,
    windsurf,
)
from steering_index.rules.globs import (
    BASENAME_FORMATS,
    GlobMatcher,
    compile_globs,
    normalised_glob,
)
from steering_index.rules.references import expand_references
from steering_index.rules.sections import split_sections, whole_document
from steering_index.rules.workspace import SteeringFiles

Loader = Callable[[SteeringFiles], LoadResult]
LOADERS: tuple[tuple[RuleFormat, str, Loader], ...] = (
    (RuleFormat.AGENTS, "AGENTS.md", agents.load),
    (RuleFormat.CLAUDE, "Claude", claude.load),
    (RuleFormat.GEMINI, "Gemini", gemini.load),
    (RuleFormat.COPILOT, "Copilot", copilot.load),
    (RuleFormat.KIRO, "Kiro", kiro.load),
    (RuleFormat.CURSOR, "Cursor", cursor.load),
    (RuleFormat.WINDSURF, "Windsurf", windsurf.load),
    (RuleFormat.CONTINUE, "Continue", continue_dev.load),
    (RuleFormat.CLINE, "Cline", cline.load),
    (RuleFormat.AIDER, "aider", aider.load),
    (RuleFormat.STRATEGY, "strategy", strategy.load),
)
_TOOL = {fmt: tool for fmt, tool, _ in LOADERS}


@dataclass(frozen=True)
class RuleSet:
    """Every rule of a workspace, the problems met loading them, and Kiro spec items.

    `documents` are the files as their formats read them (lint works on them); `files` is
    the workspace listing taken while loading; `referenced` the files pulled in through
    references and imports (a change to one should reload the rules too). `complete` is
    False for the rules of some folders only (`load_rules(root, near=...)`): right for
    files in those folders, not for the rest of the workspace nor for lint.
    """

    root: Path
    rules: tuple[Rule, ...]
    findings: tuple[Finding, ...]
    spec_items: tuple[SpecItem, ...]
    documents: tuple[RuleDocument, ...] = ()
    files: tuple[str, ...] = ()
    referenced: frozenset[str] = frozenset()
    why: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)
    matchers: Mapping[str, GlobMatcher] = field(default_factory=dict, compare=False, repr=False)
    complete: bool = True


def load_rules(root: Path, near: Iterable[str] | None = None) -> RuleSet:
    """Read every steering format under `root`; never raises for a bad file. With `near`
    (workspace-relative folders), only the steering files that bear on files in those
    folders, found without walking the workspace (`SteeringFiles.near`)."""
    ws = SteeringFiles.scan(root) if near is None else SteeringFiles.near(root, near)
    documents: list[RuleDocument] = []
    findings: list[Finding] = []
    items: list[SpecItem] = []
    for _, tool, load in LOADERS:
        try:
            result = load(ws)
        except Exception as exc:  # a loader bug must not take every other format down
            message = f"{tool} rules could not be loaded: {type(exc).__name__}: {exc}"
            findings.append(finding("rules/loader-failed", message, ".", 1, Severity.ERROR))
            continue
        documents.extend(result.documents)
        findings.extend(result.findings)
        items.extend(result.spec_items)
    build = _Build(ws.root)
    for group in merge_copies(documents):
        build.add(group)
    return RuleSet(
        root=ws.root,
        rules=tuple(build.rules),
        findings=_unique([*ws.findings, *findings, *build.findings]),
        spec_items=tuple(items),
        documents=tuple(documents),
        files=ws.files,
        referenced=frozenset(build.referenced),
        why=MappingProxyType(build.why),
        matchers=MappingProxyType(build.matchers),
        complete=ws.complete,
    )


def merge_copies(documents: list[RuleDocument]) -> list[tuple[RuleDocument, ...]]:
    """Documents with identical text and the same effective scope, grouped in load order.

    The scope is compared for what it does, not how it is written: a Cursor rule with
    `alwaysApply: true` and a description is the same as a Windsurf `always_on` rule, and
    Cursor's `*.py` is Windsurf's `**/*.py`.
    """
    groups: dict[tuple[str, RuleScope], list[RuleDocument]] = {}
    for document in documents:
        key = (_normalised(document.body), _effective(document.scope, document.format))
        groups.setdefault(key, []).append(document)
    return [tuple(group) for group in groups.values()]


def _normalised(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def _effective(scope: RuleScope, fmt: RuleFormat) -> RuleScope:
    """What decides where a scope applies; labels (a description beside globs) do not."""
    folder = scope.directory or None
    if scope.kind in (ScopeKind.ALWAYS, ScopeKind.DIRECTORY):
        # A root directory scope is the same as always: both apply to every file.
        return RuleScope(ScopeKind.DIRECTORY, directory=folder) if folder else _ALWAYS
    if scope.kind is ScopeKind.GLOB:
        globs = tuple(sorted({_effective_glob(g, fmt) for g in scope.globs}))
        return replace(scope, globs=globs, directory=folder, exclude_agents=())
    if scope.kind in (ScopeKind.MANUAL, ScopeKind.NEVER):
        return RuleScope(scope.kind, directory=folder)
    return replace(scope, directory=folder, exclude_agents=())


def _effective_glob(pattern: str, fmt: RuleFormat) -> str:
    """`./src/*.ts` -> `src/*.ts`; a slash-less `*.py` where the tool matches names -> `**/*.py`."""
    pattern = normalised_glob(pattern)
    if fmt in BASENAME_FORMATS and "/" not in pattern:
        return f"**/{pattern}"
    return pattern


_ALWAYS = RuleScope(ScopeKind.ALWAYS)


@dataclass
class _Build:
    root: Path
    rules: list[Rule] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    referenced: set[str] = field(default_factory=set)
    why: dict[str, str] = field(default_factory=dict)
    matchers: dict[str, GlobMatcher] = field(default_factory=dict)

    def add(self, copies: tuple[RuleDocument, ...]) -> None:
        document = copies[0]
        sources = tuple(d.source for d in copies)
        formats = tuple(d.format for d in copies)
        why = document.why
        for copy in copies[1:]:
            if copy.format is not document.format:
                tool = _TOOL.get(copy.format, copy.format.value)
                why += f"; the same text is a {tool} rule too (`{copy.source}`)"
        if document.format is RuleFormat.STRATEGY:
            # A playbook is read whole: its steps make sense only together.
            from steering_index.strategies.format import parse_strategy  # see formats/strategy

            title = parse_strategy(document.source, document.text)[0].title
            sections = whole_document(document.body, document.body_line, title)
        else:
            sections = split_sections(document.body, document.body_line, document.name)
        if not sections:
            message = "this steering file has no text, so it adds nothing to any request"
            self.findings.append(finding("rules/empty-document", message, document.source, 1))
            return
        matcher = compile_globs(document.scope.globs, document.format)
        for written in matcher.broken():
            message = f"glob `{written}` cannot be compiled; it matches nothing"
            line = document.scope_line
            self.findings.append(finding("rules/invalid-glob", message, document.source, line))
        for section in sections:
            text = section.text
            if document.syntax is not None:
                expansion = expand_references(
                    text, document.source, section.lines.first, self.root, document.syntax
                )
                text = expansion.text
                self.findings.extend(expansion.findings)
                self.referenced.update(expansion.files)
            rule_id = self._unique_id(f"{document.key}#{section.slug}")
            self.rules.append(
                Rule(
                    id=rule_id,
                    name=document.name,
                    title=section.title,
                    text=text,
                    source=document.source,
                    lines=section.lines,
                    format=document.format,
                    scope=document.scope,
                    sources=sources,
                    depth=document.depth,
                    formats=formats,
                    heading_path=section.heading_path,
                )
            )
            self.why[rule_id] = why
            self.matchers[rule_id] = matcher

    def _unique_id(self, wanted: str) -> str:
        candidate, number = wanted, 2
        while candidate in self.why:
            candidate, number = f"{wanted}-{number}", number + 1
        return candidate


def _unique(findings: list[Finding]) -> tuple[Finding, ...]:
    """Each finding once (a copy of a document can report the same thing twice), in order."""
    return tuple(dict.fromkeys(findings))
