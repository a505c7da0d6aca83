"""Typed server settings from initializationOptions and workspace/configuration.

Keys are camelCase, as editors write them, under a `steering` section (a bare object is
accepted too). A bad value never crashes the server: it produces a message for the user
and the default is used. Every key is documented in the README's Settings table.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import pathspec

from steering_index.session import (
    ConventionSettings,
    EngineSettings,
    IndexSettings,
    LadderSettings,
    Models,
    RetrievalSettings,
    ReviewSettings,
)

SEVERITIES = ("error", "warning", "information", "hint")
FILE_WATCHING = ("auto", "client", "server", "off")


@dataclass(frozen=True, slots=True)
class Settings:
    models: Models = field(default_factory=Models)
    api_key: str | None = None
    base_url: str | None = None
    token_budget: int = 6000
    auto_escalate: bool = False
    escalation_cost_cap_usd: float = 0.50
    request_timeout_s: float = 60.0
    max_retries: int = 1
    retry_after_cap_s: float = 20.0
    diagnostic_severity: str = "information"
    index_path: str | None = None
    excludes: tuple[str, ...] = ()
    max_file_bytes: int = 1_000_000
    min_share: float = 0.9
    min_count: int = 5
    secret_globs: tuple[str, ...] = ()
    instruction_marker: str = "AI!"
    file_watching: str = "auto"
    debounce_ms: int = 300
    reviewers: tuple[str, ...] = ReviewSettings().reviewers
    review_confirm: bool = False
    review_max_cost_usd: float = ReviewSettings().max_cost_usd


# camelCase key -> (attribute, parser). A parser returns the value or raises ValueError.
# Every number has a range (documented in the README's Settings table): a value far out of
# it is a typo, and one like 10**400 would otherwise pass here and break later (an
# OverflowError on every change, or diagnostics that never come).
def _whole(low: int, high: int) -> Callable[[Any], int]:
    def parse(value: Any) -> int:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ValueError(f"must be a whole number from {low:,} to {high:,}")
        return value

    return parse


def _number(low: float, high: float) -> Callable[[Any], float]:
    """A number above `low` (exclusive) and at most `high`."""

    def parse(value: Any) -> float:
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
            or not low < value <= high
        ):
            raise ValueError(f"must be a number above {low:g} and at most {high:g}")
        return float(value)

    return parse


def _share(value: Any) -> float:
    try:
        return _number(0, 1)(value)
    except ValueError:
        raise ValueError("must be between 0 and 1 (a share, e.g. 0.9)") from None


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("must be true or false (not a string)")
    return value


def _optional_str(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValueError("must be a string")
    return value


def _str_list(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValueError("must be a list of strings")
    return tuple(value)


def _unbalanced(pattern: str, open_: str, close: str) -> bool:
    """An `open_` with no `close` after it (backslash escapes skipped)."""
    depth, escaped = 0, False
    for char in pattern:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == open_:
            depth += 1
        elif char == close and depth:
            depth -= 1
    return depth > 0


def _globs(braces: bool) -> Callable[[Any], tuple[str, ...]]:
    """A list of workspace-relative globs, each checked: an unclosed `[` (or `{`, where
    braces expand) would match nothing, silently."""

    def parse(value: Any) -> tuple[str, ...]:
        patterns = _str_list(value)
        for pattern in patterns:
            if not pattern.strip() or "\0" in pattern:
                raise ValueError(f"holds an empty glob {pattern!r}")
            if _unbalanced(pattern, "[", "]") or (braces and _unbalanced(pattern, "{", "}")):
                raise ValueError(f"holds {pattern!r}, a glob with an unclosed bracket")
        if not braces:
            try:
                pathspec.GitIgnoreSpec.from_lines(patterns)
            except ValueError as exc:
                raise ValueError(f"holds a glob git would refuse ({exc})") from exc
        return patterns

    return parse


def _index_path(value: Any) -> str | None:
    """Where the index file goes: a regular file (existing or not), never a directory,
    a device such as /dev/null, or a path inside a file."""
    path = _optional_str(value)
    if path is None:
        return None
    if "\0" in path:
        raise ValueError("must be a file path")
    target = Path(path).expanduser()
    if target.exists() and not target.is_file():
        raise ValueError(f"must name a file; {path} is a directory or a device")
    if target.is_absolute():
        parent = next((p for p in target.parents if p.exists()), None)
        if parent is not None and not parent.is_dir():
            raise ValueError(f"must be a file path; {parent} is not a directory")
    return path


def _choice(options: tuple[str, ...]) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        if value not in options:
            raise ValueError(f"must be one of {', '.join(options)}")
        return str(value)

    return parse


def _names(value: Any) -> tuple[str, ...]:
    """A non-empty list of names; whether each names a reviewer is said when a review runs
    (a project adds its own in `.steering/reviewers/`)."""
    names = _str_list(value)
    if not names or not all(name.strip() for name in names):
        raise ValueError("must be a non-empty list of reviewer names")
    return tuple(name.strip() for name in names)


def _nonempty_str(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("must be a non-empty string")
    return value


_FIELDS: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "apiKey": ("api_key", _optional_str),
    "baseUrl": ("base_url", _optional_str),
    "tokenBudget": ("token_budget", _whole(500, 200_000)),
    "autoEscalate": ("auto_escalate", _bool),
    "escalationCostCapUsd": ("escalation_cost_cap_usd", _number(0, 100)),
    "requestTimeoutSeconds": ("request_timeout_s", _number(0, 3600)),
    "maxRetries": ("max_retries", _whole(0, 10)),
    "retryAfterCapSeconds": ("retry_after_cap_s", _number(0, 3600)),
    "diagnosticSeverity": ("diagnostic_severity", _choice(SEVERITIES)),
    "indexPath": ("index_path", _index_path),
    "excludes": ("excludes", _globs(braces=False)),
    "maxFileBytes": ("max_file_bytes", _whole(1_000, 100_000_000)),
    "conventionMinShare": ("min_share", _share),
    "conventionMinCount": ("min_count", _whole(1, 1_000_000)),
    "secretGlobs": ("secret_globs", _globs(braces=True)),
    "instructionMarker": ("instruction_marker", _nonempty_str),
    "fileWatching": ("file_watching", _choice(FILE_WATCHING)),
    "debounceMs": ("debounce_ms", _whole(0, 10_000)),
    "reviewers": ("reviewers", _names),
    "reviewConfirm": ("review_confirm", _bool),
    "reviewMaxCostUsd": ("review_max_cost_usd", _number(0, 100)),
}
_MODEL_TIERS = tuple(f.name for f in fields(Models))


def _empty(value: Any) -> bool:
    """null, or an empty list: how Lua clients (Neovim) encode an empty table."""
    return value is None or value == []


def _section(raw: Any) -> Mapping[str, Any] | None:
    """The settings object: the `steering` section when there is one, else `raw` itself;
    None when it is not an object."""
    if _empty(raw):
        return {}
    if not isinstance(raw, Mapping):
        return None
    if "steering" not in raw:
        return raw
    inner = raw["steering"]
    if _empty(inner):
        return {}
    return inner if isinstance(inner, Mapping) else None


def _parse_models(raw: Any, problems: list[str]) -> Models:
    models = Models()
    if raw is None:
        return models
    if not isinstance(raw, Mapping):
        problems.append('steering.models must be an object like {"small": "claude-haiku-4-5"}')
        return models
    for tier, value in raw.items():
        if tier not in _MODEL_TIERS:
            problems.append(f"steering.models.{tier} is not a tier (small, middle, frontier)")
        elif not isinstance(value, str) or not value.strip():
            problems.append(f"steering.models.{tier} must be a model id; using the default")
        else:
            models = replace(models, **{tier: value.strip()})
    return models


def parse_settings(raw: Any, base: Settings | None = None) -> tuple[Settings, list[str]]:
    """Settings from a client's raw object, and a message for every value that was refused."""
    settings = base or Settings()
    problems: list[str] = []
    section = _section(raw)
    if section is None:
        return settings, ["steering settings must be an object; using the defaults"]
    changes: dict[str, Any] = {}
    for key, value in section.items():
        if key == "models":
            changes["models"] = _parse_models(value, problems)
            continue
        if key not in _FIELDS:
            problems.append(f"unknown setting steering.{key}; ignored")
            continue
        attribute, parse = _FIELDS[key]
        try:
            changes[attribute] = parse(value)
        except ValueError as exc:
            default = getattr(settings, attribute)
            problems.append(f"steering.{key} {exc}; using {default!r}")
    return replace(settings, **changes), problems


SETTING_KEYS: tuple[str, ...] = ("models", *_FIELDS)


def engine_settings(settings: Settings) -> EngineSettings:
    """The engine's groups of `settings`: made once per change and read by every folder."""
    return EngineSettings(
        ladder=LadderSettings(
            models=settings.models,
            api_key=settings.api_key,
            base_url=settings.base_url,
            request_timeout_s=settings.request_timeout_s,
            max_retries=settings.max_retries,
            retry_after_cap_s=settings.retry_after_cap_s,
            auto_escalate=settings.auto_escalate,
            escalation_cost_cap_usd=settings.escalation_cost_cap_usd,
            secret_globs=settings.secret_globs,
            settings_prefix="steering.",
        ),
        retrieval=RetrievalSettings(
            budget_tokens=settings.token_budget,
            secret_globs=settings.secret_globs,
            max_file_bytes=settings.max_file_bytes,
        ),
        conventions=ConventionSettings(min_share=settings.min_share, min_count=settings.min_count),
        index=IndexSettings(
            excludes=settings.excludes, max_file_bytes=settings.max_file_bytes, workers=None
        ),
        index_path=settings.index_path,
        review=ReviewSettings(
            reviewers=settings.reviewers,
            confirm=settings.review_confirm,
            max_cost_usd=settings.review_max_cost_usd,
        ),
    )
