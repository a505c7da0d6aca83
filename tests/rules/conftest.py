"""Helpers for the rule-engine tests: fixture workspaces and small trees written on the fly."""

from __future__ import annotations

from pathlib import Path

from steering_index.rules import RuleSet, applicable_rules, load_rules

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "rules"
EXAMPLE_SHOP = Path(__file__).resolve().parent.parent.parent / "examples" / "shop"


def applied(ruleset: RuleSet, path: str, content: str | None = None) -> list[str]:
    """Ids of the rules that apply to `path`, in the order the resolver gives them."""
    return [a.rule.id for a in applicable_rules(ruleset, path, content) if a.applies]


def candidates(ruleset: RuleSet, path: str) -> list[str]:
    return [a.rule.id for a in applicable_rules(ruleset, path) if a.candidate and not a.applies]


def codes(findings: object) -> list[str]:
    return [f.code for f in findings]  # type: ignore[attr-defined]


def load_fixture(name: str) -> RuleSet:
    return load_rules(FIXTURES / name)
