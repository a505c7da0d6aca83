"""Plain markdown files that govern the folder they sit in: AGENTS.md, CLAUDE.md, GEMINI.md.

A root file applies to the whole workspace; a file in `src/api/` applies to files under
`src/api/`. Parents keep applying below a nearer file: the tools concatenate root -> leaf
and the nearer text wins where the two disagree. Rule order carries that precedence.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePosixPath

from steering_index.model import RuleFormat, RuleScope, ScopeKind
from steering_index.rules.documents import LoadResult, RuleDocument, document_key, make_document
from steering_index.rules.references import Syntax
from steering_index.rules.workspace import SteeringFiles

# (relative path of a markdown file) -> the folder it governs, or None when the file is
# not one of ours.
Governs = Callable[[str], "str | None"]


def governed_by_name(*names: str) -> Governs:
    """Files named `names` govern their own folder."""

    def governs(rel: str) -> str | None:
        path = PurePosixPath(rel)
        if path.name not in names:
            return None
        return "" if str(path.parent) == "." else str(path.parent)

    return governs


def load_nested(
    ws: SteeringFiles, fmt: RuleFormat, governs: Governs, label: str, syntax: Syntax | None = None
) -> LoadResult:
    documents: list[RuleDocument] = []
    for rel in ws.markdown:  # the only files a nested format reads
        folder = governs(rel)
        if folder is None:
            continue
        read = ws.read(rel)
        if read is None:
            continue
        why = f"root {label}" if not folder else f"{label} for `{folder}/`"
        scope = RuleScope(ScopeKind.DIRECTORY, directory=folder)
        key = document_key(fmt, rel, "", PurePosixPath(rel).name.removesuffix(".md"))
        documents.append(make_document(rel, read.text, fmt, scope, why, key, syntax=syntax))
    return LoadResult(tuple(documents))
