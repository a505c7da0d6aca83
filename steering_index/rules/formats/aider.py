"""aider: the files listed under `read:` in the root `.aider.conf.yml` (often CONVENTIONS.md).

A listed file applies always, once listed. A listed file that does not exist, or a
configuration that is not YAML, is reported at its line in `.aider.conf.yml`.
"""

from __future__ import annotations

from pathlib import PurePosixPath

import yaml

from steering_index.model import Finding, RuleFormat, RuleScope, ScopeKind, Severity
from steering_index.rules.documents import LoadResult, RuleDocument, document_key, make_document
from steering_index.rules.findings import finding
from steering_index.rules.workspace import SteeringFiles

CONFIG = ".aider.conf.yml"


def load(ws: SteeringFiles) -> LoadResult:
    if not ws.exists(CONFIG):
        return LoadResult()
    read = ws.read(CONFIG)
    if read is None:
        return LoadResult()
    listed, problems = read_list(read.text)
    documents: list[RuleDocument] = []
    for name in listed:
        rel = PurePosixPath(name).as_posix()
        line = _line_naming(read.text, name)
        if not ws.exists(rel):
            message = f"`{name}` is listed under `read:` but does not exist in the workspace"
            problems.append(finding("rules/broken-reference", message, CONFIG, line))
            continue
        document = ws.read(rel)
        if document is None:
            continue
        key = document_key(RuleFormat.AIDER, rel, "", PurePosixPath(rel).stem)
        why = f"listed under `read:` in {CONFIG}"
        scope = RuleScope(ScopeKind.ALWAYS)
        documents.append(make_document(rel, document.text, RuleFormat.AIDER, scope, why, key))
    return LoadResult(tuple(documents), tuple(problems))


def read_list(text: str) -> tuple[list[str], list[Finding]]:
    """The `read:` entries of an aider configuration."""
    try:
        config = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        message = f"{CONFIG} is not valid YAML; its `read:` files are not loaded"
        return [], [finding("rules/invalid-front-matter", message, CONFIG, line, Severity.ERROR)]
    raw = config.get("read") if isinstance(config, dict) else None
    if raw is None:
        return [], []
    items = raw if isinstance(raw, list) else [raw]
    return [str(item) for item in items if str(item).strip()], []


def _line_naming(text: str, name: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if name in line:
            return number
    return 1
