"""Token cost of model calls, and usage summaries per day and tier with the saving vs frontier-only.

A recorded attempt that got no response at all (outcome `unreached`: the address was
refused or unknown) reached no API and cost nothing: it is not counted as a call, only
as an unreached attempt.

The saving answers "what would these same calls have cost on the frontier tier?": every
call's tokens priced at the frontier model's rates, minus what they did cost.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from steering_index.llm.client import Usage
from steering_index.llm.tiers import LadderSettings, Price, Tier
from steering_index.model import ModelCall

_MILLION = 1_000_000
UNREACHED = "unreached"  # the outcome of an attempt that got no response at all


def cost_usd(usage: Usage, price: Price | None) -> float:
    """Dollars for `usage` at `price`; an unpriced model costs 0 (and `summarize` says so)."""
    if price is None:
        return 0.0
    return (
        usage.input_tokens * price.input
        + usage.output_tokens * price.output
        + usage.cache_creation_tokens * price.cache_write
        + usage.cache_read_tokens * price.cache_read
    ) / _MILLION


def call_of(usage: Usage, model: str, settings: LadderSettings, **fields: Any) -> ModelCall:
    """A `ModelCall` to record: `usage` and its cost at `model`'s price, and `fields`
    (started_at, tier, rule_ids, outcome, duration_ms, path, lines, action, task)."""
    return ModelCall(
        model=model,
        input_tokens=usage.input_tokens,
        output_tokens=usage.output_tokens,
        cache_creation_tokens=usage.cache_creation_tokens,
        cache_read_tokens=usage.cache_read_tokens,
        cost_usd=cost_usd(usage, settings.price_for(model)),
        **fields,
    )


def usage_of(call: ModelCall) -> Usage:
    return Usage(
        call.input_tokens, call.output_tokens, call.cache_creation_tokens, call.cache_read_tokens
    )


@dataclass(frozen=True, slots=True)
class UsageRow:
    """Totals for one (day, tier), or for everything when day and tier are empty."""

    day: str
    tier: str
    calls: int
    input_tokens: int
    output_tokens: int
    cache_creation_tokens: int
    cache_read_tokens: int
    cost_usd: float
    frontier_cost_usd: float  # the same tokens at the frontier model's prices


@dataclass(frozen=True, slots=True)
class UsageSummary:
    rows: tuple[UsageRow, ...]
    total: UsageRow
    unpriced_models: tuple[str, ...]  # models with no known price (counted as $0)
    unreached: int = 0  # attempts that got no response: not calls, no tokens

    @property
    def saving_usd(self) -> float:
        return self.total.frontier_cost_usd - self.total.cost_usd


def summarize(calls: Iterable[ModelCall], settings: LadderSettings) -> UsageSummary:
    """Totals per (day, tier), oldest day first, and overall."""
    frontier_price = settings.price_for(settings.model_for(Tier.FRONTIER))
    groups: dict[tuple[str, str], list[ModelCall]] = {}
    unpriced: set[str] = set()
    unreached = 0
    for call in calls:
        if call.outcome == UNREACHED:
            unreached += 1
            continue
        groups.setdefault((call.started_at[:10], call.tier), []).append(call)
        if settings.price_for(call.model) is None:
            unpriced.add(call.model)
    rows = tuple(
        _row(day, tier, group, frontier_price) for (day, tier), group in sorted(groups.items())
    )
    total = _row("", "", [c for g in groups.values() for c in g], frontier_price)
    return UsageSummary(rows, total, tuple(sorted(unpriced)), unreached)


def _row(day: str, tier: str, calls: list[ModelCall], frontier: Price | None) -> UsageRow:
    return UsageRow(
        day=day,
        tier=tier,
        calls=len(calls),
        input_tokens=sum(c.input_tokens for c in calls),
        output_tokens=sum(c.output_tokens for c in calls),
        cache_creation_tokens=sum(c.cache_creation_tokens for c in calls),
        cache_read_tokens=sum(c.cache_read_tokens for c in calls),
        cost_usd=sum(c.cost_usd for c in calls),
        frontier_cost_usd=sum(cost_usd(usage_of(c), frontier) for c in calls),
    )


@dataclass(frozen=True, slots=True)
class CallTotals:
    """What a run of model calls took: calls that reached an API, tokens (cache reads and
    writes counted as input) and dollars."""

    calls: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    cost_usd: float = 0.0

    def __add__(self, other: CallTotals) -> CallTotals:
        return CallTotals(
            self.calls + other.calls,
            self.input_tokens + other.input_tokens,
            self.output_tokens + other.output_tokens,
            self.cost_usd + other.cost_usd,
        )

    def line(self) -> str:
        """`2 call(s), 1,234 tokens in, 56 out, $0.0012`: what a front end prints."""
        return (
            f"{self.calls} call(s), {self.input_tokens:,} tokens in, "
            f"{self.output_tokens:,} out, ${self.cost_usd:.4f}"
        )


def totals_of(calls: Iterable[ModelCall]) -> CallTotals:
    """The totals of `calls`; an attempt that got no response is no call and cost nothing."""
    total = CallTotals()
    for call in calls:
        total = total + CallTotals(
            calls=0 if call.outcome == UNREACHED else 1,
            input_tokens=call.input_tokens + call.cache_creation_tokens + call.cache_read_tokens,
            output_tokens=call.output_tokens,
            cost_usd=call.cost_usd,
        )
    return total
