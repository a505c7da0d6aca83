"""Strategy candidates for a request: the one or two playbooks that fit the task, and why.

The strategies come from the rule set (the rules engine reads `.steering/strategies/`);
`strategies/ranking.py` ranks them against the task and the target. The chosen ones go in
their own block of the stable prefix (`Slot.STRATEGY`), kept before the code around the
target is packed; a matching strategy not sent is listed with why.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from steering_index.model import ContextItem
from steering_index.retrieval.budget import Candidate, Priority, Slot, make_item
from steering_index.rules.ruleset import RuleSet
from steering_index.strategies.format import strategies_of
from steering_index.strategies.ranking import StrategyMatch, chosen, rank_strategies


@dataclass(frozen=True, slots=True)
class StrategyChoice:
    sent: list[Candidate]
    withheld: list[ContextItem]


def strategy_candidates(
    ruleset: RuleSet, task: str, path: str, identifiers: Sequence[str], limit: int
) -> StrategyChoice:
    """The strategies to send for `task` on `path` (at most `limit`), and the near misses."""
    if limit <= 0:
        return StrategyChoice([], [])
    matches = rank_strategies(strategies_of(ruleset.documents), task, path, identifiers)
    sent = chosen(matches, limit)
    sent_ids = {m.strategy.id for m in sent}
    withheld = [
        strategy_item(m, f"not sent: ranked below the strategies sent; {m.reason}")
        for m in matches
        if m.strategy.id not in sent_ids
    ]
    candidates = [
        Candidate(strategy_item(m, m.reason), Slot.STRATEGY, Priority.ASKED, float(n))
        for n, m in enumerate(sent)
    ]
    return StrategyChoice(candidates, withheld)


def strategy_item(match: StrategyMatch, reason: str) -> ContextItem:
    strategy = match.strategy
    text = f"When: {strategy.when}\n\n{strategy.body}"
    return make_item(
        "strategy",
        strategy.id,
        strategy.title,
        text,
        reason,
        Slot.STRATEGY,
        strategy.source,
        strategy.lines,
    )
