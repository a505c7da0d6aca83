"""What a format loader produces: rule documents with their scope, before sectioning.

A `RuleDocument` is one steering file (or the body of one) read with its format's
semantics: the scope it has, why in words, the name a user asks for it by, and which
reference syntax its text uses. Turning documents into per-section `Rule`s, expanding
references and merging identical copies happens once, in `ruleset.py`, for every format.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from steering_index.model import Finding, RuleFormat, RuleScope, ScopeKind, SpecItem
from steering_index.rules.findings import finding
from steering_index.rules.frontmatter import FrontMatter, Value
from steering_index.rules.references import Syntax
from steering_index.rules.sections import slugify
from steering_index.rules.workspace import SteeringFiles


@dataclass(frozen=True, slots=True)
class RuleDocument:
    """One steering document as its format reads it.

    `why` says how the scope came about, in words ("Kiro steering without front matter").
    `key` is the stable part of rule ids (`kiro:api-style`, `agents:agents@src/shop/api`).
    `scope_line` is the line holding the scope's key (e.g. `globs:`), for findings.
    `text` is the whole file as read; `body`/`body_line` what follows any front matter.
    """

    source: str
    format: RuleFormat
    scope: RuleScope
    why: str
    name: str
    key: str
    body: str
    body_line: int
    text: str
    syntax: Syntax | None = None
    scope_line: int = 1
    depth: int = 0
    # The `description` the front matter declares, whether or not the scope uses it.
    description: str | None = None


@dataclass(frozen=True, slots=True)
class LoadResult:
    documents: tuple[RuleDocument, ...] = ()
    findings: tuple[Finding, ...] = ()
    spec_items: tuple[SpecItem, ...] = ()


def document_key(fmt: RuleFormat, rel: str, base: str, stem: str) -> str:
    """`format:stem`, plus `@folder` when the file sits below the format's base folder.

    Root files get no suffix, so adding a nested AGENTS.md never renames the root's rules.
    """
    parent = str(PurePosixPath(rel).parent)
    parent = "" if parent == "." else parent
    qualifier = parent[len(base) :].strip("/") if parent.startswith(base) else parent
    key = f"{fmt.value}:{slugify(stem)}"
    return f"{key}@{qualifier}" if qualifier else key


def folder_depth(folder: str) -> int:
    return len(PurePosixPath(folder).parts) if folder else 0


def check_keys(fm: FrontMatter, known: Iterable[str], path: str, tool: str) -> list[Finding]:
    """An `rules/unknown-key` finding per key the tool does not read, with a likely fix."""
    known = tuple(known)
    found: list[Finding] = []
    for key in fm.values:
        if key in known:
            continue
        close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
        hint = f"; did you mean `{close[0]}`?" if close else f"; {tool} reads {_listed(known)}"
        found.append(
            finding(
                "rules/unknown-key",
                f"`{key}` is not a {tool} front-matter key and is ignored{hint}",
                path,
                fm.line_of(key),
                replacement=_renamed_line(fm, key, close[0]) if close else None,
            )
        )
    return found


def _listed(keys: tuple[str, ...]) -> str:
    return ", ".join(f"`{k}`" for k in keys)


def _renamed_line(fm: FrontMatter, key: str, new_key: str) -> str:
    return f"{new_key}: {_yaml_scalar(fm.values[key])}"


def _yaml_scalar(value: Value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(f'"{v}"' for v in value) + "]"
    return f'"{value}"' if isinstance(value, str) else str(value)


@dataclass
class BoolValue:
    """A front-matter boolean: True/False, or None when unset or not a real boolean."""

    value: bool | None
    findings: list[Finding] = field(default_factory=list)


def bool_value(fm: FrontMatter, key: str, path: str) -> BoolValue:
    """Read `key` as a YAML boolean; the string "true" is reported, not trusted."""
    raw = fm.values.get(key)
    if raw is None or isinstance(raw, bool):
        return BoolValue(raw)
    text = str(raw).strip().lower()
    if text in ("true", "false"):
        message = (
            f'`{key}: "{raw}"` is a string, not a boolean, so the tool does not treat it as '
            f"{text}; write `{key}: {text}` without quotes"
        )
        line = fm.line_of(key)
        fix = f"{key}: {text}"
        return BoolValue(
            None, [finding("rules/string-boolean", message, path, line, replacement=fix)]
        )
    message = f"`{key}` should be true or false, found `{raw}`; ignored"
    return BoolValue(None, [finding("rules/invalid-value", message, path, fm.line_of(key))])


def glob_values(
    fm: FrontMatter, key: str, path: str, split_commas: bool = True
) -> tuple[tuple[str, ...], list[Finding]]:
    """Globs from a string (comma-separated when the format allows) or a list of strings."""
    raw = fm.values.get(key)
    if raw is None:
        return (), []
    items: list[str]
    if isinstance(raw, str):
        items = split_outside_braces(raw) if split_commas else [raw]
    elif isinstance(raw, list) and all(isinstance(v, str) for v in raw):
        items = [str(v) for v in raw]
    else:
        message = f"`{key}` must be a glob or a list of globs, found `{raw}`; ignored"
        return (), [finding("rules/invalid-value", message, path, fm.line_of(key))]
    return tuple(g.strip() for g in items if g.strip()), []


def string_value(fm: FrontMatter, key: str) -> str | None:
    raw = fm.values.get(key)
    if raw is None:
        return None
    text = str(raw).strip()
    return text or None


def split_outside_braces(pattern: str) -> list[str]:
    """`a,b` -> [a, b]; the comma of a brace set (`*.{ts,tsx}`) does not split."""
    parts: list[str] = []
    depth = 0
    current = ""
    for char in pattern:
        depth += (char == "{") - (char == "}")
        if char == "," and depth == 0:
            parts.append(current.strip())
            current = ""
        else:
            current += char
    parts.append(current.strip())
    return [p for p in parts if p]


def make_document(
    rel: str,
    text: str,
    fmt: RuleFormat,
    scope: RuleScope,
    why: str,
    key: str,
    fm: FrontMatter | None = None,
    syntax: Syntax | None = None,
    scope_key: str = "globs",
    name: str | None = None,
) -> RuleDocument:
    """A document named by its file stem unless told; `fm` when the format reads front matter."""
    folder = scope.directory or ""
    return RuleDocument(
        source=rel,
        format=fmt,
        scope=scope,
        why=why,
        name=name or PurePosixPath(rel).stem,
        key=key,
        body=fm.body if fm else text,
        body_line=fm.body_line if fm else 1,
        text=text,
        syntax=syntax,
        scope_line=fm.line_of(scope_key) if fm else 1,
        depth=folder_depth(folder),
        description=string_value(fm, "description") if fm else None,
    )


DocumentReader = Callable[[str, str], tuple[RuleDocument, list[Finding]]]


def load_each(ws: SteeringFiles, paths: Iterable[str], read_document: DocumentReader) -> LoadResult:
    """Read each path and turn it into a document; unreadable files become findings in `ws`."""
    documents: list[RuleDocument] = []
    findings: list[Finding] = []
    for rel in paths:
        read = ws.read(rel)
        if read is not None:
            document, problems = read_document(rel, read.text)
            documents.append(document)
            findings.extend(problems)
    return LoadResult(tuple(documents), tuple(findings))


def combine(*results: LoadResult) -> LoadResult:
    return LoadResult(
        tuple(d for r in results for d in r.documents),
        tuple(f for r in results for f in r.findings),
        tuple(i for r in results for i in r.spec_items),
    )


def single_file(ws: SteeringFiles, rel: str, fmt: RuleFormat, key: str, why: str) -> LoadResult:
    """A root file without front matter that applies always (`.cursorrules` and the like)."""
    read = ws.read(rel) if ws.exists(rel) else None
    if read is None:
        return LoadResult()
    scope = RuleScope(ScopeKind.ALWAYS)
    return LoadResult((make_document(rel, read.text, fmt, scope, why, key),))
