"""Fitting context candidates into a token budget, and putting the kept ones in prompt order.

Every candidate carries a priority (what it costs the user to lose it) and a slot (where it
goes in the prompt). Packing goes priority by priority, best rank first; ordering goes slot by
slot, so the stable prefix (the rules chosen, conventions, a strategy) comes first.

Budget policy: the request never exceeds its budget. The target, the task and the rule
sections already chosen within their share (`retrieval_rules.choose_rules`) go first; the
code around the target fills the rest in its order of priority. A candidate that does not
fit falls back to its shorter form (an outline) when it has one, else goes to `omitted`
with "did not fit the budget (N tokens over)". Items withheld before packing (rules not
about the edit) are listed in `omitted` with their own reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import IntEnum
from functools import lru_cache

from steering_index.model import ContextItem, LineRange
from steering_index.secrets import redact
from steering_index.tokens import estimate_tokens

# What the prompt wraps around an item (tag, id, title, source) costs a few tokens too.
ITEM_FRAME_TOKENS = 6


class Slot(IntEnum):
    """Where an item goes in the prompt: stable first, volatile last."""

    RULE = 0
    CONVENTION = 1
    STRATEGY = 2  # reserved: a strategy that matches the task (written by a frontier model)
    SPEC = 3
    HEADER = 4  # the file's imports and module-level constants
    SIGNATURE = 5  # signatures and class outlines of what the target uses or the task names
    FIXTURE = 6
    REFERENCE = 7  # uses of a renamed name outside the target
    EXAMPLE = 8
    ENCLOSING = 9
    TARGET = 10
    TASK = 11


class Priority(IntEnum):
    """How much an item matters: MUST is never dropped; the others are pruned in order."""

    MUST = 0
    ASKED = 1  # named by the user (task 2.1), the file's header, the code around the target
    RANKED = 2  # what the target uses, what the task names, fixtures, references
    EXTRA = 3  # examples


STABLE_SLOTS = frozenset({Slot.RULE, Slot.CONVENTION, Slot.STRATEGY})


@dataclass(frozen=True, slots=True)
class Candidate:
    """A context item before packing: `rank` orders it in its priority and slot (lower first)."""

    item: ContextItem
    section: Slot
    priority: Priority
    rank: float = 0.0
    fallback: ContextItem | None = None  # a shorter form to send when the item does not fit


def make_item(
    kind: str,
    item_id: str,
    title: str,
    text: str,
    reason: str,
    section: Slot,
    source: str | None = None,
    lines: LineRange | None = None,
) -> ContextItem:
    """A context item with its text redacted and its tokens estimated."""
    clean, tokens = _cleaned(text)
    tokens += estimate_tokens(f"{item_id} {title}") + ITEM_FRAME_TOKENS
    return ContextItem(
        kind=kind,
        id=item_id,
        title=title,
        text=clean,
        reason=reason,
        tokens=tokens,
        stable=section in STABLE_SLOTS,
        source=source,
        lines=lines,
    )


@lru_cache(maxsize=4096)
def _cleaned(text: str) -> tuple[str, int]:
    """Redaction and the token estimate cost ~1 ms per KB; rule sections, signatures and
    outlines come back in request after request, so each text is done once."""
    clean, _count = redact(text)
    return clean, estimate_tokens(clean)


@dataclass(frozen=True, slots=True)
class Packed:
    items: tuple[ContextItem, ...]
    omitted: tuple[ContextItem, ...]
    tokens: int


def pack(
    candidates: Sequence[Candidate], budget: int, withheld: Sequence[ContextItem] = ()
) -> Packed:
    """Keep what fits `budget` by priority and rank; the kept items in prompt order."""
    ordered = sorted(candidates, key=lambda c: (c.priority, c.rank, c.section, c.item.id))
    kept = [c for c in ordered if c.priority is Priority.MUST]
    used = sum(c.item.tokens for c in kept)
    omitted: list[Candidate] = [Candidate(item, Slot.RULE, Priority.EXTRA) for item in withheld]
    for cand in ordered:
        if cand.priority is Priority.MUST:
            continue
        room = budget - used
        short = cand.fallback
        if cand.item.tokens > room and short is not None and short.tokens <= room:
            cand = replace(cand, item=short, fallback=None)
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
