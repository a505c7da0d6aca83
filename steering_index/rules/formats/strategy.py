"""Our own format: strategies in `.steering/strategies/*.md` (see `strategies/format.py`).

A strategy is listed and linted like any steering file, but it is never a rule the model
must follow: retrieval ranks it against the task and sends it in its own block. So its
scope is description-decided (its `when`), and each file is one rule, not split at headings.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from steering_index.model import Finding, RuleFormat, RuleScope, ScopeKind
from steering_index.rules.documents import LoadResult, RuleDocument, load_each
from steering_index.rules.frontmatter import parse_front_matter
from steering_index.rules.workspace import SteeringFiles

# `strategies.format` builds on the rules package's own modules, so it is imported when
# first needed: importing it first must not find this module half made.


def load(ws: SteeringFiles) -> LoadResult:
    from steering_index.strategies.format import FOLDER, is_strategy_file

    return load_each(ws, (r for r in ws.under(FOLDER) if is_strategy_file(r)), strategy_document)


def strategy_document(rel: str, text: str) -> tuple[RuleDocument, list[Finding]]:
    from steering_index.strategies.format import parse_strategy

    strategy, problems = parse_strategy(rel, text)
    fm = parse_front_matter(text, rel)
    scope = RuleScope(ScopeKind.DESCRIPTION, globs=strategy.globs, description=strategy.when)
    document = RuleDocument(
        source=rel,
        format=RuleFormat.STRATEGY,
        scope=scope,
        why="a strategy: sent in the strategy block when it ranks high for the task",
        name=PurePosixPath(rel).stem,
        key=strategy.id,
        body=fm.body,
        body_line=fm.body_line,
        text=text,
        scope_line=fm.line_of("globs" if "globs" in fm.key_lines else "when"),
        description=strategy.when,
    )
    return document, list(problems)
