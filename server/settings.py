"""Typed server settings from initializationOptions and workspace/configuration.

Keys are camelCase, as editors write them, under a `steering` section (a bare object is
accepted too). A bad value never crashes the server: it produces a message for the user
and the default is used. Every key is documented in the README's Settings table.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

from steering_index.llm.tiers import Models

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


# camelCase key -> (attribute, parser). A parser returns the value or raises ValueError.
def _positive_int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValueError("must be a positive whole number")
    return value


def _non_negative_int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError("must be a whole number, 0 or more")
    return value


def _positive_float(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise ValueError("must be a positive number")
    return float(value)


def _share(value: Any) -> float:
    number = _positive_float(value)
    if number > 1:
        raise ValueError("must be between 0 and 1 (a share, e.g. 0.9)")
    return number


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


def _choice(options: tuple[str, ...]) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        if value not in options:
            raise ValueError(f"must be one of {', '.join(options)}")
        return str(value)

    return parse


def _nonempty_str(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("must be a non-empty string")
    return value


_FIELDS: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "apiKey": ("api_key", _optional_str),
    "baseUrl": ("base_url", _optional_str),
    "tokenBudget": ("token_budget", _positive_int),
    "autoEscalate": ("auto_escalate", _bool),
    "escalationCostCapUsd": ("escalation_cost_cap_usd", _positive_float),
    "requestTimeoutSeconds": ("request_timeout_s", _positive_float),
    "maxRetries": ("max_retries", _non_negative_int),
    "retryAfterCapSeconds": ("retry_after_cap_s", _positive_float),
    "diagnosticSeverity": ("diagnostic_severity", _choice(SEVERITIES)),
    "indexPath": ("index_path", _optional_str),
    "excludes": ("excludes", _str_list),
    "maxFileBytes": ("max_file_bytes", _positive_int),
    "conventionMinShare": ("min_share", _share),
    "conventionMinCount": ("min_count", _positive_int),
    "secretGlobs": ("secret_globs", _str_list),
    "instructionMarker": ("instruction_marker", _nonempty_str),
    "fileWatching": ("file_watching", _choice(FILE_WATCHING)),
    "debounceMs": ("debounce_ms", _non_negative_int),
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
