"""The `auto` tier: small, middle or frontier picked from the task, with the reason in words.

In order, the first that holds decides:

1. the task asks for design or spans files ("redesign", "architecture", "across the
   codebase", "every caller", ...): frontier, where a plan across files is worth its price;
2. a strategy was sent with the request: small, which follows the playbook;
3. the target is large (more than `LARGE_TARGET_LINES` lines or `LARGE_TARGET_TOKENS`
   tokens): middle, without a playbook a large edit is where the small tier slips;
4. otherwise small. Escalation stays available on request.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from steering_index.llm.tiers import Tier
from steering_index.model import FocusedContext
from steering_index.tokens import estimate_tokens

LARGE_TARGET_LINES = 120
LARGE_TARGET_TOKENS = 1500
_DESIGN = re.compile(
    r"\b(re-?design\w*|design|architect\w*|re-?structur\w*|re-?organi[sz]\w*|migrat\w+"
    r"|across (the )?(codebase|code base|project|repo\w*|modules|files|packages)"
    r"|(every|all) (callers?|call sites?|files?|modules?|uses?|usages?)"
    r"|multiple files|several files|many files|throughout|cross-cutting|split [\w./-]+ into)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class TierChoice:
    tier: Tier
    reason: str


def choose_tier(context: FocusedContext) -> TierChoice:
    """The tier for the task and target of `context` (see the module docstring)."""
    design = _DESIGN.search(context.task)
    if design:
        return TierChoice(
            Tier.FRONTIER,
            f"the task asks for design or spans files (“{design.group(0)}”)",
        )
    strategies = [item.title for item in context.items if item.kind == "strategy"]
    if strategies:
        listed = ", ".join(f"“{title}”" for title in strategies)
        return TierChoice(Tier.SMALL, f"a strategy matches the task ({listed})")
    lines = context.lines.last - context.lines.first + 1
    tokens = estimate_tokens(context.target_text)
    if lines > LARGE_TARGET_LINES or tokens > LARGE_TARGET_TOKENS:
        return TierChoice(
            Tier.MIDDLE,
            f"a large target ({lines} lines, about {tokens:,} tokens) and no strategy for it",
        )
    return TierChoice(Tier.SMALL, f"a small target ({lines} lines) and no design in the task")
