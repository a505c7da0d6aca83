"""`steering rules` and `steering lint-rules`: the rule engine in a terminal and in CI.

Exit codes follow `steering_index.cli.main`: 0 ok, 1 findings (lint-rules), 2 a bad root or a
path outside the workspace.
"""

from __future__ import annotations

import argparse
import json
import os  # steering: ignore-file[library.python.paths]: abspath keeps symlinks, as the user typed
import sys

from steering_index.index.files import TextFile, read_text
from steering_index.index.workspace_root import command_root, located
from steering_index.model import Applicability, Finding, Rule, RuleFormat, ScopeKind
from steering_index.rules.lint import lint_rules
from steering_index.rules.resolver import applicable_rules, workspace_path
from steering_index.rules.ruleset import RuleSet, load_rules

APPLYING_KINDS = frozenset({ScopeKind.ALWAYS, ScopeKind.DIRECTORY, ScopeKind.GLOB})


def run_rules(args: argparse.Namespace) -> int:
    if args.path is not None:
        args.path = located(args.path, args.root)
    root = command_root("rules", args.root, [args.path] if args.path else [])
    if root is None:
        return 2
    ruleset = load_rules(root)
    if args.path is None:
        answers = [
            Applicability(r, r.scope.kind in APPLYING_KINDS, describe_scope(ruleset, r))
            for r in ruleset.rules
        ]
        _print_rules(ruleset, answers, None, args.json)
        return 0
    rel = workspace_path(ruleset, os.path.abspath(args.path))
    if rel is None:
        print(f"steering rules: {args.path} is outside the workspace {root}", file=sys.stderr)
        return 2
    read = read_text(ruleset.root / rel, ruleset.root)
    content = read.text if isinstance(read, TextFile) else None
    _print_rules(ruleset, applicable_rules(ruleset, rel, content), rel, args.json)
    return 0


def run_lint_rules(args: argparse.Namespace) -> int:
    root = command_root("lint-rules", args.root)
    if root is None:
        return 2
    ruleset = load_rules(root)
    findings = lint_rules(ruleset, ruleset.files)
    if args.json:
        print(json.dumps([finding_json(f) for f in findings], indent=2, ensure_ascii=False))
    else:
        for item in findings:
            print(finding_line(item))
        files = len({d.source for d in ruleset.documents})
        summary = f"{len(findings)} problem(s)" if findings else "no problems"
        print(f"{summary} in {files} steering file(s)", file=sys.stderr)
    return 1 if findings else 0


def describe_scope(ruleset: RuleSet, rule: Rule) -> str:
    """The rule's scope in words, without reference to any one file."""
    scope = rule.scope
    why = ruleset.why.get(rule.id, rule.format.value)
    if scope.kind is ScopeKind.ALWAYS:
        return f"always: {why}"
    if scope.kind is ScopeKind.DIRECTORY:
        where = f"files under `{scope.directory}/`" if scope.directory else "every file"
        return f"directory: {why}, applies to {where}"
    if scope.kind is ScopeKind.GLOB:
        parts = [f"`{g}`" for g in scope.globs] + (
            [f"regex `{scope.regex}`"] if scope.regex else []
        )
        under = f" under `{scope.directory}/`" if scope.directory else ""
        return f"glob: {', '.join(parts)}{under} ({why})"
    if rule.format is RuleFormat.STRATEGY:
        globs = f"; only for {', '.join(f'`{g}`' for g in scope.globs)}" if scope.globs else ""
        return f"strategy: sent when it ranks high for the task (“{scope.description}”){globs}"
    if scope.kind is ScopeKind.DESCRIPTION:
        return (
            f"description-decided: the model brings it in when the task fits “{scope.description}”"
        )
    if scope.kind is ScopeKind.MANUAL:
        return f"manual: applies only when asked for by name (`#{rule.name}`)"
    return f"never: {why}"


def _print_rules(
    ruleset: RuleSet, answers: list[Applicability], rel: str | None, as_json: bool
) -> None:
    if as_json:
        print(json.dumps([applicability_json(a) for a in answers], indent=2, ensure_ascii=False))
    elif rel is None:
        print(f"{len(answers)} rule(s) in {ruleset.root}")
        for answer in answers:
            print(f"  {_rule_line(answer.rule)}\n      {answer.reason}")
    else:
        _print_groups(answers, rel)
    if ruleset.findings:
        count = len(ruleset.findings)
        print(f"{count} problem(s) in steering files: run `steering lint-rules`", file=sys.stderr)


def _print_groups(answers: list[Applicability], rel: str) -> None:
    groups = (
        ("Applies", [a for a in answers if a.applies]),
        (
            "Candidates (the model decides from the description)",
            [a for a in answers if a.candidate and not a.applies],
        ),
        ("Does not apply", [a for a in answers if not a.applies and not a.candidate]),
    )
    print(f"Rules for {rel}")
    for heading, group in groups:
        if group:
            print(f"\n{heading}:")
            for answer in group:
                print(f"  {_rule_line(answer.rule)}\n      {answer.reason}")


def _rule_line(rule: Rule) -> str:
    also = f" (also {', '.join(rule.sources[1:])})" if len(rule.sources) > 1 else ""
    if len(set(rule.formats)) > 1:
        also += f" [{', '.join(dict.fromkeys(f.value for f in rule.formats))}]"
    return f"{rule.id}  {rule.source}:{rule.lines.first}-{rule.lines.last}{also}"


def applicability_json(answer: Applicability) -> dict[str, object]:
    rule = answer.rule
    return {
        "id": rule.id,
        "name": rule.name,
        "title": rule.title,
        "source": rule.source,
        "sources": list(rule.sources or (rule.source,)),
        "lines": [rule.lines.first, rule.lines.last],
        "format": rule.format.value,
        "formats": [f.value for f in rule.formats or (rule.format,)],
        "scope": rule.scope.kind.value,
        "globs": list(rule.scope.globs),
        "directory": rule.scope.directory,
        "description": rule.scope.description,
        "applies": answer.applies,
        "candidate": answer.candidate,
        "reason": answer.reason,
    }


def finding_json(item: Finding) -> dict[str, object]:
    return {
        "code": item.code,
        "severity": item.severity.value,
        "message": item.message,
        "path": item.location.path,
        "line": item.location.lines.first,
        "lines": [item.location.lines.first, item.location.lines.last],
        "related": [{"path": r.path, "line": r.lines.first} for r in item.related],
        "replacement": item.replacement,
        "source": item.source,
    }


def finding_line(item: Finding) -> str:
    where = f"{item.location.path}:{item.location.lines.first}"
    text = f"{where}: {item.severity.value}: {item.message} [{item.code}]"
    if item.replacement:
        text += f"\n    fix: {item.replacement}"
    return text
