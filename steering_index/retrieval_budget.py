"""Fitting context candidates into a token budget, and putting the kept ones in prompt order.

Every candidate carries a tier (what it costs the user to lose it) and a section (where it
goes in the prompt). Packing goes tier by tier, best rank first; ordering goes section by
section, so the stable prefix (rules that apply by scope, conventions) comes first and
stays byte-identical across tasks on the same file, which is what prompt caching reuses.

Budget policy: the rules that apply by scope, the target and the task are never dropped.
When they alone exceed the budget they are still sent, the context's `tokens` exceeds its
`budget`, and each scope rule past the line says so in its reason. A model told less
than the project's own rules would write code the project rejects; a budget is a cost
target, not a correctness limit. Every other candidate that does not fit goes to
`omitted` with "did not fit the budget (N tokens over)".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import IntEnum

from steering_index.model import ContextItem, LineRange
from steering_index.secrets import redact
from steering_index.tokens import estimate_tokens

# What the prompt wraps around an item (tag, id, title, source) costs a few tokens too.
ITEM_FRAME_TOKENS = 6


class Section(IntEnum):
    """Where an item goes in the prompt: stable first, volatile last."""

    SCOPE_RULE = 0
    CONVENTION = 1
    REQUESTED_RULE = 2
    SPEC = 3
    SIGNATURE = 4
    EXAMPLE = 5
    ENCLOSING = 6
    TARGET = 7
    TASK = 8


class Tier(IntEnum):
    """How much an item matters: MUST is never dropped; the others are pruned in order."""

    MUST = 0
    ASKED = 1  # named by the user (#rule, task 2.1) or the code around the target
    RANKED = 2  # conventions and rules ranked for the task
    EXTRA = 3  # examples and signatures


STABLE_SECTIONS = frozenset({Section.SCOPE_RULE, Section.CONVENTION})


@dataclass(frozen=True, slots=True)
class Candidate:
    """A context item before packing: `rank` orders it within its tier and section (lower first)."""

    item: ContextItem
    section: Section
    tier: Tier
    rank: float = 0.0


def make_item(
    kind: str,
    item_id: str,
    title: str,
    text: str,
    reason: str,
    section: Section,
    source: str | None = None,
    lines: LineRange | None = None,
) -> ContextItem:
    """A context item with its text redacted and its tokens estimated."""
    clean, _count = redact(text)
    tokens = estimate_tokens(clean) + estimate_tokens(f"{item_id} {title}") + ITEM_FRAME_TOKENS
    return ContextItem(
        kind=kind,
        id=item_id,
        title=title,
        text=clean,
        reason=reason,
        tokens=tokens,
        stable=section in STABLE_SECTIONS,
        source=source,
        lines=lines,
    )


@dataclass(frozen=True, slots=True)
class Packed:
    items: tuple[ContextItem, ...]
    omitted: tuple[ContextItem, ...]
    tokens: int


def pack(candidates: Sequence[Candidate], budget: int) -> Packed:
    """Keep what fits `budget` by tier and rank; the kept items in prompt order."""
    ordered = sorted(candidates, key=lambda c: (c.tier, c.rank, c.section, c.item.id))
    must = [c for c in ordered if c.tier is Tier.MUST]
    used = sum(c.item.tokens for c in must)
    kept = _flag_over_budget(must, budget)
    omitted: list[Candidate] = []
    for cand in ordered:
        if cand.tier is Tier.MUST:
            continue
        room = budget - used
        if cand.item.tokens <= room:
            kept.append(cand)
            used += cand.item.tokens
            continue
        over = cand.item.tokens - max(room, 0)
        why = f"did not fit the budget ({over:,} tokens over); would have been: {cand.item.reason}"
        omitted.append(replace(cand, item=replace(cand.item, reason=why)))
    kept.sort(key=lambda c: (c.section, c.rank, c.item.id))
    omitted.sort(key=lambda c: (c.section, c.rank, c.item.id))
    return Packed(
        items=tuple(c.item for c in kept),
        omitted=tuple(c.item for c in omitted),
        tokens=used,
    )


def _flag_over_budget(must: list[Candidate], budget: int) -> list[Candidate]:
    """The never-dropped items; scope rules past the budget say they are over it."""
    # Target and task are counted first: the rules are what runs over, and what the user
    # can act on (a shorter rule file, a larger budget).
    used = sum(c.item.tokens for c in must if c.section is not Section.SCOPE_RULE)
    flagged: list[Candidate] = []
    for cand in must:
        if cand.section is Section.SCOPE_RULE:
            used += cand.item.tokens
            if used > budget:
                note = (
                    f"{cand.item.reason}; sent although the context is over its budget of "
                    f"{budget:,} tokens (a rule that applies by scope is never dropped)"
                )
                cand = replace(cand, item=replace(cand.item, reason=note))
        flagged.append(cand)
    return flagged
