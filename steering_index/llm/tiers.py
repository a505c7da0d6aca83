"""The model ladder's settings: tiers and their model ids, credentials, limits and prices.

Tiers form an ordered ladder (small -> middle -> frontier); the middle rung is optional and
only used when asked for. Everything here is plain data so the CLI and the LSP server can
build it from their own settings; nothing imports `anthropic`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class Tier(StrEnum):
    SMALL = "small"
    MIDDLE = "middle"
    FRONTIER = "frontier"


LADDER: tuple[Tier, ...] = (Tier.SMALL, Tier.MIDDLE, Tier.FRONTIER)


@dataclass(frozen=True, slots=True)
class Price:
    """US dollars per million tokens."""

    input: float
    output: float
    cache_write: float  # 5-minute cache writes
    cache_read: float


# Anthropic's list prices, from the model pages and the pricing page of the Claude platform
# docs (platform.claude.com/docs: "Pricing", "Models"), checked 2026-12-04. Haiku 5.5 is
# priced by prompt length: these are its rates for prompts up to 100,000 tokens (a longer
# prompt pays 5x on every token); the context budgets here stay far below that. Sonnet 5.5
# and Opus 5.5 read the cache at 0.05x input, Fable 5.1 at 0.025x, the 4.5 models at 0.1x.
# Prices go stale: `LadderSettings.prices` overrides any entry (tests use it; no
# front end has a setting for it yet), and an unknown model falls back to its family.
DEFAULT_PRICES: Mapping[str, Price] = {
    "claude-haiku-5-5": Price(0.10, 0.50, 0.125, 0.01),
    "claude-sonnet-5-5": Price(2.00, 10.00, 2.50, 0.10),
    "claude-opus-5-5": Price(4.00, 20.00, 5.00, 0.20),
    "claude-fable-5-1": Price(10.00, 50.00, 12.50, 0.25),
    "claude-haiku-4-5": Price(1.00, 5.00, 1.25, 0.10),
    "claude-sonnet-4-5": Price(3.00, 15.00, 3.75, 0.30),
    "claude-opus-4-5": Price(5.00, 25.00, 6.25, 0.50),
}
_FAMILY_FALLBACK = {
    "haiku": "claude-haiku-5-5",
    "sonnet": "claude-sonnet-5-5",
    "opus": "claude-opus-5-5",
    "fable": "claude-fable-5-1",
}

# Below this many prefix tokens the API silently caches nothing, so we do not ask. Published
# minimums: 4,096 for Haiku 4.5 and Opus 4.5 onwards, 1,024-2,048 for Sonnet.
DEFAULT_MIN_CACHE_TOKENS: Mapping[str, int] = {
    "haiku": 4096,
    "opus": 4096,
    "fable": 4096,
    "sonnet": 2048,
}
_UNKNOWN_MIN_CACHE_TOKENS = 4096


@dataclass(frozen=True, slots=True)
class Models:
    small: str = "claude-haiku-5-5"
    middle: str = "claude-sonnet-5-5"
    frontier: str = "claude-opus-5-5"

    def for_tier(self, tier: Tier) -> str:
        return str(getattr(self, tier.value))


@dataclass(frozen=True, slots=True)
class LadderSettings:
    """What the ladder needs to call a model. Field names follow the server's settings."""

    models: Models = field(default_factory=Models)
    api_key: str | None = None
    base_url: str | None = None
    # Seconds without a byte from the server before a call is abandoned (per read, so a
    # long answer that keeps streaming is fine) ...
    request_timeout_s: float = 60.0
    # ... and the whole call, retries included, must finish within this.
    total_timeout_s: float = 300.0
    max_retries: int = 1
    # The SDK would sleep for any retry-after (3600 means an hour); in an editor we wait at
    # most this long and otherwise tell the user when to try again.
    retry_after_cap_s: float = 20.0
    # Generous: a 64-token default truncates real edits.
    max_output_tokens: int = 8192
    auto_escalate: bool = False
    escalation_cost_cap_usd: float = 0.50
    prices: Mapping[str, Price] = field(default_factory=dict)
    min_cache_tokens: Mapping[str, int] = field(default_factory=dict)
    secret_globs: tuple[str, ...] = ()
    # The front end's settings namespace ("steering." in an editor), for messages that name
    # a setting; None in the CLI, which has no settings a user could change.
    settings_prefix: str | None = None

    def setting(self, name: str) -> str | None:
        """`the steering.<name> setting`, or None when the front end has no settings."""
        return None if self.settings_prefix is None else f"the {self.settings_prefix}{name} setting"

    def model_for(self, tier: Tier) -> str:
        return self.models.for_tier(tier)

    def price_for(self, model: str) -> Price | None:
        """The price of `model`: the user's table, then ours, then the model's family."""
        for table in (self.prices, DEFAULT_PRICES):
            if model in table:
                return table[model]
        for family, fallback in _FAMILY_FALLBACK.items():
            if family in model:
                return DEFAULT_PRICES[fallback]
        return None

    def min_cache_tokens_for(self, model: str) -> int:
        if model in self.min_cache_tokens:
            return self.min_cache_tokens[model]
        for family, minimum in DEFAULT_MIN_CACHE_TOKENS.items():
            if family in model:
                return minimum
        return _UNKNOWN_MIN_CACHE_TOKENS


DEFAULT_SOURCE = "the default"


@dataclass(frozen=True, slots=True)
class Credentials:
    """The key and base URL, each with where it came from, in words for messages."""

    api_key: str | None
    base_url: str | None
    api_key_source: str = DEFAULT_SOURCE
    base_url_source: str = DEFAULT_SOURCE

    @property
    def usable(self) -> bool:
        # A local Anthropic-compatible server may need no key at all.
        return bool(self.api_key or self.base_url)


def no_credentials_message(settings: LadderSettings) -> str:
    """What to do without a key, naming only what this front end's user can set."""
    key = settings.setting("apiKey")
    url = settings.setting("baseUrl")
    return (
        "no model is configured: set the ANTHROPIC_API_KEY environment variable"
        + (f" (or {key})" if key else "")
        + ", or point ANTHROPIC_BASE_URL"
        + (f" (or {url})" if url else "")
        + " at an Anthropic-compatible server"
    )


def _pick(
    setting_value: str | None, setting: str | None, env: Mapping[str, str], variable: str
) -> tuple[str | None, str]:
    if setting_value:
        return setting_value, setting or "the settings"
    if env.get(variable):
        return env[variable], f"the {variable} environment variable"
    return None, DEFAULT_SOURCE


def resolve_credentials(
    settings: LadderSettings, environ: Mapping[str, str] | None = None
) -> Credentials:
    """Key and base URL from the settings first, then ANTHROPIC_API_KEY / ANTHROPIC_BASE_URL."""
    env = os.environ if environ is None else environ
    api_key, key_source = _pick(
        settings.api_key, settings.setting("apiKey"), env, "ANTHROPIC_API_KEY"
    )
    base_url, url_source = _pick(
        settings.base_url, settings.setting("baseUrl"), env, "ANTHROPIC_BASE_URL"
    )
    return Credentials(api_key, base_url, key_source, url_source)
