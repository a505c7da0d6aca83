"""Steering rules: one loader per format, the scope resolver, and lint of the rule files.

ruleset = load_rules(root)
for answer in applicable_rules(ruleset, "src/api/orders.py"):
    print(answer.applies, answer.rule.id, answer.reason)
"""

from steering_index.rules.lint import lint_rules
from steering_index.rules.resolver import (
    applicable_rules,
    files_governed,
    most_specific_first,
    precedence,
    rules_by_name,
    workspace_path,
)
from steering_index.rules.ruleset import RuleSet, load_rules
from steering_index.rules.steering_files import is_steering_file

__all__ = [
    "RuleSet",
    "applicable_rules",
    "files_governed",
    "is_steering_file",
    "lint_rules",
    "load_rules",
    "most_specific_first",
    "precedence",
    "rules_by_name",
    "workspace_path",
]
