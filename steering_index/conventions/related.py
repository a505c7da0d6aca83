"""Drift findings linked to the steering rules that name their convention.

A rule applying to the file that spells out the convention ("snake_case", "httpx",
"absolute import", "pytest") is where a reader learns why the finding matters: the
finding's related locations lead to that rule's lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from steering_index.model import Convention, Finding, Location, Rule

MAX_RELATED_RULES = 3


def convention_words(convention: Convention) -> tuple[str, ...]:
    """Words whose presence in a rule's text means the rule speaks of `convention`."""
    words = [convention.value]
    if convention.category == "library":
        words += [name for name, _count in convention.alternatives]
    # "absolute" alone would match too much; imports rules say "absolute import(s)".
    if convention.category == "import-style":
        words = [f"{convention.value} import"]
    return tuple(word.lower() for word in words if len(word) > 2)


def with_rules_saying_so(
    findings: Sequence[Finding], conventions: Sequence[Convention], rules: Sequence[Rule]
) -> list[Finding]:
    """Each drift finding pointed at the `rules` (those applying to its file) that name its
    convention, at most `MAX_RELATED_RULES` of them, after the related locations it had."""
    by_id = {c.id: c for c in conventions}
    linked = []
    for finding in findings:
        convention = by_id.get(finding.code.removeprefix("convention/"))
        words = convention_words(convention) if convention is not None else ()
        related = tuple(
            Location(path=rule.source, lines=rule.lines)
            for rule in rules
            if any(word in rule.text.lower() for word in words)
        )[:MAX_RELATED_RULES]
        linked.append(replace(finding, related=finding.related + related))
    return linked
