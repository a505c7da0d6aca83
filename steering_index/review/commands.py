"""`steering review`: the reviewers on files, staged changes or a diff against a ref.

Prints the estimated cost before sending and the actual cost after; refuses a review whose
estimate is above `--max-cost`. Answers are cached by the file's content hash, the
reviewer, the model and the prompt version, so an unchanged file is not reviewed twice.
Exit codes: 0 no finding at or above `--fail-on`, 1 such findings, 2 usage or input errors.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path
from typing import Any

from steering_index.llm.tiers import LadderSettings, no_credentials_message, resolve_credentials
from steering_index.review.changes import ChangesError, git_changes
from steering_index.review.engine import SEVERITIES, Finding
from steering_index.review.pipeline import (
    FileReview,
    ReviewCache,
    ReviewOutcome,
    ReviewPlan,
    ReviewSettings,
    file_reviews,
    plan_review,
    review_cache_path,
    run_plan,
)
from steering_index.review.reviewed import Reviewed
from steering_index.review.reviewers import (
    DEFAULT_REVIEWERS,
    load_project_reviewers,
    select_reviewers,
)

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_BAD_INPUT = 2


class InputError(Exception):
    """Shown to the user as is."""


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "files",
        nargs="*",
        metavar="FILE",
        help="files to review whole (with --staged or --diff: only the changes to these)",
    )
    which = p.add_mutually_exclusive_group()
    which.add_argument(
        "--staged", action="store_true", help="review the staged changes (the changed lines)"
    )
    which.add_argument(
        "--diff", metavar="REF", help="review the changes since REF (the changed lines)"
    )
    p.add_argument(
        "--reviewers",
        default=",".join(DEFAULT_REVIEWERS),
        help="comma-separated reviewers (default: all built-in ones)",
    )
    p.add_argument("--format", choices=("text", "json", "sarif"), default="text")
    p.add_argument("--fail-on", choices=SEVERITIES, default="high")
    p.add_argument(
        "--confirm",
        action="store_true",
        help="have the frontier tier confirm high-severity findings before they are shown",
    )
    p.add_argument("--max-cost", type=float, default=0.50, help="refuse above this (USD)")
    p.add_argument("--concurrency", type=int, default=4, help="requests in flight at once")
    p.add_argument("--root", help="workspace root (default: the current folder)")
    p.add_argument("--db", help="index file (default: in the user's cache directory)")
    p.add_argument("--no-cache", action="store_true", help="ignore cached answers")


def _whole_files(root: Path, names: list[str]) -> list[Reviewed]:
    from steering_index.secrets import is_secret_path

    loaded: list[Reviewed] = []
    for rel, path in _relative(root, names):
        if is_secret_path(rel):
            print(f"steering review: {rel} looks like a secret file; skipped", file=sys.stderr)
            continue
        try:
            loaded.append(Reviewed(rel, path.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError) as error:
            raise InputError(f"{rel}: cannot read it ({error})") from None
    return loaded


def _relative(root: Path, names: list[str]) -> list[tuple[str, Path]]:
    """Each name as a path relative to `root` (names are relative to it, or absolute)."""
    found = []
    for name in names:
        path = (root / name).resolve() if not Path(name).is_absolute() else Path(name)
        try:
            found.append((path.relative_to(root.resolve()).as_posix(), path))
        except ValueError:
            raise InputError(f"{name}: outside the workspace {root}") from None
    return found


def _changes(root: Path, args: argparse.Namespace) -> list[Reviewed]:
    """The changed lines of each changed file (limited to FILEs when named)."""
    specs = [rel for rel, _ in _relative(root, list(args.files))]
    try:
        changes = git_changes(root, args.staged, args.diff, specs)
    except ChangesError as error:
        raise InputError(str(error)) from None
    for note in changes.skipped:
        print(f"steering review: {note}", file=sys.stderr)
    return [Reviewed.change(c.path, c.text, c.changed) for c in changes.files]


def _with_context(root: Path, store: Any, targets: list[Reviewed]) -> list[FileReview]:
    from steering_index.retrieval.context import ContextRefused, workspace_for

    # Rules, the workspace's library table and project facts, as `steering context` has them.
    workspace = workspace_for(root, store)
    try:
        return file_reviews(workspace, targets)
    except ContextRefused as error:
        raise InputError(str(error)) from None


def run_review(args: argparse.Namespace) -> int:
    try:
        return _run(args)
    except (InputError, ValueError) as error:
        print(f"steering review: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT


def _run(args: argparse.Namespace) -> int:
    from steering_index.cli.index import workspace_index
    from steering_index.store import default_db_path

    root = Path(args.root or ".").resolve()
    settings = LadderSettings()
    credentials = resolve_credentials(settings)
    names = tuple(n.strip() for n in args.reviewers.split(",") if n.strip())
    reviewers = select_reviewers(names, load_project_reviewers(root))
    if args.staged or args.diff:
        targets = _changes(root, args)
        if not targets:
            print("no changed lines to review")
            return EXIT_OK
    elif args.files:
        targets = _whole_files(root, list(args.files))
    else:
        raise InputError("nothing to review: name FILEs, or use --staged or --diff REF")
    db = Path(args.db) if args.db else default_db_path(root)
    cache = ReviewCache(review_cache_path(db))
    with workspace_index(root, args.db, InputError) as store:
        reviews = _with_context(root, store, targets)
        plan = plan_review(
            reviews, reviewers, settings, None if args.no_cache else cache, args.confirm
        )
        _print_estimate(plan)
        if plan.total_estimate_usd > args.max_cost:
            raise InputError(
                f"the estimate ${plan.total_estimate_usd:.4f} is above --max-cost "
                f"${args.max_cost:.2f}"
            )
        if plan.requests and not credentials.usable:
            raise InputError(no_credentials_message(settings))
        options = ReviewSettings(names, args.confirm, args.max_cost, args.concurrency)
        recorder = store.record_model_call
        outcome = asyncio.run(run_plan(plan, settings, credentials, options, cache, recorder))
    cache.save()
    _print_outcome(outcome)
    print(render(outcome.findings, args.format))
    threshold = SEVERITIES.index(args.fail_on)
    failing = any(SEVERITIES.index(f.severity) >= threshold for f in outcome.findings)
    return EXIT_FINDINGS if failing else (EXIT_BAD_INPUT if outcome.errors else EXIT_OK)


def _print_estimate(plan: ReviewPlan) -> None:
    confirm = (
        f" (of which up to ${plan.confirm_estimate_usd:.4f} to confirm high findings)"
        if plan.confirm_estimate_usd
        else ""
    )
    print(
        f"review: {len(plan.requests)} request(s), {plan.hits} cached; "
        f"estimated ${plan.total_estimate_usd:.4f}{confirm}",
        file=sys.stderr,
    )


def _print_outcome(outcome: ReviewOutcome) -> None:
    for error in outcome.errors:
        print(f"steering review: {error}", file=sys.stderr)
    for reason in outcome.rejected:
        print(f"steering review: rejected: {reason}", file=sys.stderr)
    if outcome.outside:
        print(
            f"steering review: {outcome.outside} finding(s) on unchanged lines left out",
            file=sys.stderr,
        )
    done = outcome.confirmation
    if outcome.confirm_skipped:
        print(f"steering review: not confirmed: {outcome.confirm_skipped}", file=sys.stderr)
    elif done is not None and done.error:
        print(f"steering review: confirmation failed: {done.error}", file=sys.stderr)
    rejected = [(f, r, "") for f, r in done.rejected] if done else []
    rejected += [(f, r, " (in an earlier run)") for f, r in outcome.rejected_before]
    for f, reason, when in rejected:
        print(
            f"steering review: the frontier tier rejected{when} {_where(f)} {f.message}: {reason}",
            file=sys.stderr,
        )
    print(f"review: actual ${outcome.spent_usd:.4f}", file=sys.stderr)


def _where(f: Finding) -> str:
    return f"{f.path}:{f.first_line}-{f.last_line}"


def render(findings: list[Finding], fmt: str) -> str:
    if fmt == "json":
        return json.dumps({"findings": [f.to_json() for f in findings]}, indent=2)
    if fmt == "sarif":
        return json.dumps(sarif(findings), indent=2)
    if not findings:
        return "no findings"
    lines = []
    for f in findings:
        rule = f" [{f.rule_id}]" if f.rule_id else ""
        note = f" [{f.note}]" if f.note else ""
        lines.append(
            f"{_where(f)}: {f.severity}{rule} {f.message} ({', '.join(f.reviewers)}){note}"
        )
    return "\n".join(lines)


_LEVEL = {"info": "note", "low": "note", "medium": "warning", "high": "error"}


def sarif(findings: list[Finding]) -> dict[str, Any]:
    """A SARIF 2.1.0 log: one result per finding, with its rule id and reviewers."""
    rule_ids = sorted({_sarif_rule(f) for f in findings})
    results = []
    for f in findings:
        result: dict[str, Any] = {
            "ruleId": _sarif_rule(f),
            "level": _LEVEL[f.severity],
            "message": {"text": f.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": f.path},
                        "region": {"startLine": f.first_line, "endLine": f.last_line},
                    }
                }
            ],
            "properties": {
                "reviewers": list(f.reviewers),
                "severity": f.severity,
                **({"note": f.note} if f.note else {}),
            },
        }
        results.append(result)
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "steering-review",
                        "rules": [{"id": rule} for rule in rule_ids],
                    }
                },
                "results": results,
            }
        ],
    }


def _sarif_rule(f: Finding) -> str:
    return f.rule_id or f"review.{f.reviewers[0]}"
