"""`steering review`: the reviewers on files, staged changes or a diff against a ref.

Prints the estimated cost before sending and the actual cost after; refuses a review whose
estimate is above `--max-cost`. Answers are cached by the file's content hash, the
reviewer, the model and the prompt version, so an unchanged file is not reviewed twice.
Exit codes: 0 no finding at or above `--fail-on`, 1 such findings, 2 usage or input errors.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from steering_index.llm.tiers import (
    LadderSettings,
    Tier,
    no_credentials_message,
    resolve_credentials,
)
from steering_index.review.engine import (
    SEVERITIES,
    Finding,
    ReviewerRun,
    build_request,
    estimate_cost,
    merge,
    review_text,
)
from steering_index.review.reviewers import (
    DEFAULT_REVIEWERS,
    PROMPT_VERSION,
    Reviewer,
    load_project_reviewers,
    select_reviewers,
)

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_BAD_INPUT = 2
TASK = "review this code"


class InputError(Exception):
    """Shown to the user as is."""


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="*", metavar="FILE", help="files to review")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--staged", action="store_true", help="review the files staged in git")
    which.add_argument("--diff", metavar="REF", help="review the files changed since REF")
    p.add_argument(
        "--reviewers",
        default=",".join(DEFAULT_REVIEWERS),
        help="comma-separated reviewers (default: all built-in ones)",
    )
    p.add_argument("--format", choices=("text", "json", "sarif"), default="text")
    p.add_argument("--fail-on", choices=SEVERITIES, default="high")
    p.add_argument("--max-cost", type=float, default=0.50, help="refuse above this (USD)")
    p.add_argument("--concurrency", type=int, default=4, help="requests in flight at once")
    p.add_argument("--root", help="workspace root (default: the current folder)")
    p.add_argument("--db", help="index file (default: in the user's cache directory)")
    p.add_argument("--no-cache", action="store_true", help="ignore cached answers")


@dataclass(frozen=True, slots=True)
class FileReview:
    rel: str
    text: str
    items: list[Any]


def changed_files(root: Path, staged: bool, ref: str | None) -> list[str]:
    command = ["git", "diff", "--name-only", "--diff-filter=ACMR"]
    command += ["--cached"] if staged else [ref or "HEAD"]
    done = subprocess.run(command, cwd=root, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise InputError(f"git diff failed: {done.stderr.strip() or done.returncode}")
    return [line for line in done.stdout.splitlines() if line]


def cache_key(text: str, reviewer: Reviewer, model: str, context_ids: tuple[str, ...]) -> str:
    parts = [PROMPT_VERSION, model, reviewer.name, reviewer.focus, ",".join(reviewer.kinds)]
    parts += [",".join(context_ids), hashlib.sha256(text.encode()).hexdigest()]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


class ReviewCache:
    """Findings per cache key, in one JSON file beside the index."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.data: dict[str, list[dict[str, Any]]] = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            self.data = {}

    def get(self, key: str) -> list[Finding] | None:
        found = self.data.get(key)
        if found is None:
            return None
        return [
            Finding(
                f["path"],
                f["first_line"],
                f["last_line"],
                f["severity"],
                f["message"],
                tuple(f["reviewers"]),
                f.get("rule_id"),
                f.get("replacement"),
            )
            for f in found
        ]

    def put(self, key: str, findings: list[Finding]) -> None:
        self.data[key] = [f.to_json() for f in findings]

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(self.data), "utf-8")


def _load_files(root: Path, names: list[str]) -> list[tuple[str, str]]:
    from steering_index.secrets import is_secret_path

    loaded: list[tuple[str, str]] = []
    for name in names:
        path = (root / name).resolve() if not Path(name).is_absolute() else Path(name)
        try:
            rel = path.relative_to(root.resolve()).as_posix()
        except ValueError:
            raise InputError(f"{name}: outside the workspace {root}") from None
        if is_secret_path(rel):
            print(f"steering review: {rel} looks like a secret file; skipped", file=sys.stderr)
            continue
        try:
            loaded.append((rel, path.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError) as error:
            raise InputError(f"{rel}: cannot read it ({error})") from None
    return loaded


def _context_items(root: Path, db: str | None, files: list[tuple[str, str]]) -> list[FileReview]:
    from steering_index.cli.index import workspace_index
    from steering_index.conventions.infer import workspace_conventions
    from steering_index.retrieval.context import ContextRefused, RetrievalSources, build_context
    from steering_index.rules import load_rules

    with workspace_index(root, db, InputError) as store:
        ruleset = load_rules(root)
        store.replace_rules(ruleset.rules)
        workspace = RetrievalSources(root, ruleset, store, tuple(workspace_conventions(store)))
        reviews = []
        for rel, text in files:
            try:
                context = build_context(workspace, rel, None, TASK, None, text)
            except ContextRefused as error:
                raise InputError(str(error)) from None
            items = [i for i in context.items if i.kind not in ("target", "task")]
            reviews.append(FileReview(rel, text, items))
        return reviews


def run_review(args: argparse.Namespace) -> int:
    try:
        return _run(args)
    except (InputError, ValueError) as error:
        print(f"steering review: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT


def _run(args: argparse.Namespace) -> int:
    from steering_index.store import default_db_path

    root = Path(args.root or ".").resolve()
    settings = LadderSettings()
    credentials = resolve_credentials(settings)
    names = tuple(n.strip() for n in args.reviewers.split(",") if n.strip())
    reviewers = select_reviewers(names, load_project_reviewers(root))
    listed = list(args.files)
    if args.staged or args.diff:
        listed += changed_files(root, args.staged, args.diff)
    if not listed:
        raise InputError("nothing to review: name FILEs, or use --staged or --diff REF")
    reviews = _context_items(root, args.db, _load_files(root, listed))
    db = Path(args.db) if args.db else default_db_path(root)
    cache = ReviewCache(db.with_name(db.name + ".review-cache.json"))
    model = settings.model_for(Tier.SMALL)
    findings: list[Finding] = []
    todo: list[tuple[FileReview, list[Reviewer]]] = []
    pending = []
    for review in reviews:
        fresh = []
        for reviewer in reviewers:
            request = build_request(reviewer, review.rel, review.text, review.items, settings)
            cached = None if args.no_cache else cache.get(_key(review, reviewer, model, request))
            if cached is None:
                fresh.append(reviewer)
                pending.append(request)
            else:
                findings += cached
        if fresh:
            todo.append((review, fresh))
    estimate = estimate_cost(pending, settings)
    hits = len(reviews) * len(reviewers) - len(pending)
    print(
        f"review: {len(pending)} request(s), {hits} cached; estimated ${estimate:.4f}",
        file=sys.stderr,
    )
    if estimate > args.max_cost:
        raise InputError(f"the estimate ${estimate:.4f} is above --max-cost ${args.max_cost:.2f}")
    if pending and not credentials.usable:
        raise InputError(no_credentials_message(settings))
    spent, errors = 0.0, 0
    for review, fresh in todo:
        runs = asyncio.run(
            review_text(
                review.rel,
                review.text,
                review.items,
                fresh,
                settings,
                credentials,
                args.concurrency,
            )
        )
        for reviewer, run in zip(fresh, runs, strict=True):
            spent += run.cost_usd
            if run.error:
                errors += 1
                print(f"steering review: {run.reviewer}: {run.error}", file=sys.stderr)
                continue
            request = build_request(reviewer, review.rel, review.text, review.items, settings)
            cache.put(_key(review, reviewer, model, request), run.findings)
            findings += run.findings
            _report_rejected(run)
    cache.save()
    print(f"review: actual ${spent:.4f}", file=sys.stderr)
    merged = merge(findings)
    print(render(merged, args.format))
    threshold = SEVERITIES.index(args.fail_on)
    failing = any(SEVERITIES.index(f.severity) >= threshold for f in merged)
    return EXIT_FINDINGS if failing else (EXIT_BAD_INPUT if errors else EXIT_OK)


def _key(review: FileReview, reviewer: Reviewer, model: str, request: Any) -> str:
    return cache_key(review.text, reviewer, model, tuple(request.rule_ids))


def _report_rejected(run: ReviewerRun) -> None:
    for reason in run.rejected:
        print(f"steering review: rejected: {reason}", file=sys.stderr)


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
        lines.append(
            f"{f.path}:{f.first_line}-{f.last_line}: {f.severity}{rule} {f.message} "
            f"({', '.join(f.reviewers)})"
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
            "properties": {"reviewers": list(f.reviewers), "severity": f.severity},
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
