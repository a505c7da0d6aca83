"""A whole review, for the CLI and the editor alike: plan, estimate, run, confirm, merge.

`plan_review` looks every (file, reviewer) pair up in the cache and estimates what the rest
would cost, the frontier confirmation included, before anything is sent. `run_plan` sends
the requests (all files' reviewers share one bound on requests in flight), caches the
answers, merges the findings, and, when asked, has the frontier tier confirm the high
ones, within what is left of the cost cap.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from steering_index.llm.tiers import Credentials, LadderSettings, Tier
from steering_index.model import ContextItem, LineRange, ModelCall
from steering_index.retrieval.context import RetrievalSources, build_context
from steering_index.review import confirm as confirmation
from steering_index.review.engine import (
    Finding,
    Recorder,
    ReviewRequest,
    build_request,
    estimate_cost,
    merge,
    review_text,
)
from steering_index.review.reviewed import Reviewed
from steering_index.review.reviewers import DEFAULT_REVIEWERS, PROMPT_VERSION, Reviewer

# What the reviewers are said to be doing, for the choice of rules and code to show them.
TASK = "review this code"


@dataclass(frozen=True, slots=True)
class FileReview:
    reviewed: Reviewed
    items: tuple[ContextItem, ...]  # the context the reviewers choose from


def file_reviews(workspace: RetrievalSources, targets: list[Reviewed]) -> list[FileReview]:
    """Each target with the context its reviewers choose from: the rules, conventions,
    examples, signatures and spec items the focused context would send for its lines.
    Raises `ContextRefused` for a secret file or lines outside the file."""
    reviews = []
    for target in targets:
        changed = target.changed
        lines = LineRange(changed[0].first, changed[-1].last) if changed else None
        context = build_context(workspace, target.path, lines, TASK, None, target.text)
        items = tuple(i for i in context.items if i.kind not in ("target", "task"))
        reviews.append(FileReview(target, items))
    return reviews


def cache_key(reviewed: Reviewed, reviewer: Reviewer, request: ReviewRequest) -> str:
    parts = [PROMPT_VERSION, request.model, reviewer.name, reviewer.focus, ",".join(reviewer.kinds)]
    parts += [",".join(request.rule_ids), reviewed.digest()]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def verdict_key(finding: Finding, reviewed: Reviewed | None, model: str) -> str:
    body = json.dumps(finding.to_json() | {"note": None}, sort_keys=True)
    parts = ["confirm", PROMPT_VERSION, model, body, reviewed.digest() if reviewed else ""]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


class ReviewCache:
    """Findings per cache key and frontier verdicts per finding, in one JSON file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            data = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            data = {}
        self.data: dict[str, list[dict[str, Any]]] = data if isinstance(data, dict) else {}

    def get(self, key: str) -> list[Finding] | None:
        found = self.data.get(key)
        try:
            return None if found is None else [Finding.from_json(f) for f in found]
        except (KeyError, TypeError):
            return None

    def put(self, key: str, findings: list[Finding]) -> None:
        self.data[key] = [f.to_json() for f in findings]

    def verdict(self, key: str) -> tuple[bool, str] | None:
        found = self.data.get(key)
        if not found or not isinstance(found[0], dict):
            return None
        return bool(found[0].get("confirmed")), str(found[0].get("reason", ""))

    def put_verdict(self, key: str, confirmed: bool, reason: str) -> None:
        self.data[key] = [{"confirmed": confirmed, "reason": reason}]

    def save(self) -> None:
        """Write the cache whole, then swap it in: a reader never sees half a file."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fresh = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        fresh.write_text(json.dumps(self.data), "utf-8")
        os.replace(fresh, self.path)


@dataclass(slots=True)
class ReviewPlan:
    reviews: list[FileReview]
    reviewers: list[Reviewer]
    cached: list[Finding] = field(default_factory=list)
    todo: list[tuple[FileReview, list[Reviewer]]] = field(default_factory=list)
    requests: list[ReviewRequest] = field(default_factory=list)
    hits: int = 0
    estimate_usd: float = 0.0  # the reviewers' requests
    confirm_estimate_usd: float = 0.0  # at most, for the frontier confirmation

    @property
    def total_estimate_usd(self) -> float:
        return self.estimate_usd + self.confirm_estimate_usd


def plan_review(
    reviews: list[FileReview],
    reviewers: list[Reviewer],
    settings: LadderSettings,
    cache: ReviewCache | None,
    confirm: bool = False,
) -> ReviewPlan:
    """What is cached, what must be sent, and what sending it would cost."""
    plan = ReviewPlan(reviews, reviewers)
    for review in reviews:
        fresh = []
        for reviewer in reviewers:
            request = build_request(reviewer, review.reviewed, list(review.items), settings)
            key = cache_key(review.reviewed, reviewer, request)
            cached = None if cache is None else cache.get(key)
            if cached is None:
                fresh.append(reviewer)
                plan.requests.append(request)
            else:
                plan.cached += cached
                plan.hits += 1
        if fresh:
            plan.todo.append((review, fresh))
    plan.estimate_usd = estimate_cost(plan.requests, settings)
    if confirm and plan.requests:
        fresh_files = [review.reviewed for review, _ in plan.todo]
        plan.confirm_estimate_usd = confirmation.estimate_upper(fresh_files, settings)
    return plan


@dataclass(frozen=True, slots=True)
class ReviewSettings:
    """The editor's review settings (`reviewers`, `reviewConfirm`, `reviewMaxCostUsd`)."""

    reviewers: tuple[str, ...] = DEFAULT_REVIEWERS
    confirm: bool = False
    max_cost_usd: float = 0.50
    concurrency: int = 4


@dataclass(slots=True)
class ReviewOutcome:
    findings: list[Finding] = field(default_factory=list)  # merged, confirmed: to show
    rejected: list[str] = field(default_factory=list)  # malformed findings, with why
    outside: int = 0  # valid findings on context lines around a change, left out
    errors: list[str] = field(default_factory=list)  # "reviewer: message" per failed call
    spent_usd: float = 0.0
    confirmation: confirmation.Confirmation | None = None
    confirm_skipped: str | None = None  # why the confirmation pass did not run
    # High findings the frontier tier rejected in an earlier run (cached verdicts).
    rejected_before: list[tuple[Finding, str]] = field(default_factory=list)


async def run_plan(
    plan: ReviewPlan,
    settings: LadderSettings,
    credentials: Credentials,
    options: ReviewSettings,
    cache: ReviewCache | None = None,
    recorder: Recorder | None = None,
) -> ReviewOutcome:
    """Send what `plan` must send, cache the answers, merge, and confirm if `options` say."""
    outcome = ReviewOutcome()
    found = list(plan.cached)
    gate = asyncio.Semaphore(max(1, options.concurrency))
    runs = await asyncio.gather(
        *(
            review_text(
                review.reviewed,
                list(review.items),
                fresh,
                settings,
                credentials,
                recorder=recorder,
                gate=gate,
            )
            for review, fresh in plan.todo
        )
    )
    for (review, fresh), file_runs in zip(plan.todo, runs, strict=True):
        for reviewer, run in zip(fresh, file_runs, strict=True):
            outcome.spent_usd += run.cost_usd
            if run.error:
                outcome.errors.append(f"{run.reviewer}: {run.error}")
                continue
            if cache is not None:
                request = build_request(reviewer, review.reviewed, list(review.items), settings)
                cache.put(cache_key(review.reviewed, reviewer, request), run.findings)
            found += run.findings
            outcome.rejected += run.rejected
            outcome.outside += len(run.outside)
    outcome.findings = merge(found)
    if options.confirm:
        await _confirm(plan, outcome, settings, credentials, cache, options.max_cost_usd, recorder)
    return outcome


async def _confirm(
    plan: ReviewPlan,
    outcome: ReviewOutcome,
    settings: LadderSettings,
    credentials: Credentials,
    cache: ReviewCache | None,
    max_cost_usd: float | None,
    recorder: Recorder | None,
) -> None:
    """Replace the high findings of `outcome` by what the frontier tier made of them."""
    reviewed = {r.reviewed.path: r.reviewed for r in plan.reviews}
    rules = _rules(plan.reviews)
    model = settings.model_for(Tier.FRONTIER)
    shown: list[Finding] = []
    ask: list[Finding] = []
    for f in outcome.findings:
        verdict = cache.verdict(verdict_key(f, reviewed.get(f.path), model)) if cache else None
        if not confirmation.needs_confirmation(f):
            shown.append(f)
        elif verdict is None:
            ask.append(f)
        elif verdict[0]:
            shown.append(confirmation.with_verdict(f, model, verdict[1]))
        else:
            outcome.rejected_before.append((f, verdict[1]))
    if len(ask) > confirmation.MAX_FINDINGS:
        why = f"only the first {confirmation.MAX_FINDINGS} high findings are confirmed"
        shown += confirmation.unconfirmed(ask[confirmation.MAX_FINDINGS :], why)
        ask = ask[: confirmation.MAX_FINDINGS]
    if ask:
        request = confirmation.build_confirm_request(ask, reviewed, rules, settings)
        cost = confirmation.estimate_request(request, len(ask), settings)
        if max_cost_usd is not None and outcome.spent_usd + cost > max_cost_usd:
            outcome.confirm_skipped = (
                f"confirming would bring the review to about ${outcome.spent_usd + cost:.4f}, "
                f"above the ${max_cost_usd:.2f} cap"
            )
            shown += confirmation.unconfirmed(ask, outcome.confirm_skipped)
        else:
            done = await confirmation.confirm(ask, reviewed, rules, settings, credentials, recorder)
            outcome.confirmation = done
            outcome.spent_usd += done.cost_usd
            shown += done.kept
            _cache_verdicts(cache, done, reviewed, model)
    outcome.findings = sorted(shown, key=lambda f: (f.path, f.first_line, f.last_line))


def _cache_verdicts(
    cache: ReviewCache | None,
    done: confirmation.Confirmation,
    reviewed: Mapping[str, Reviewed],
    model: str,
) -> None:
    if cache is None:
        return
    for f, confirmed, reason in done.judged:
        cache.put_verdict(verdict_key(f, reviewed.get(f.path), model), confirmed, reason)


def _rules(reviews: list[FileReview]) -> dict[str, ContextItem]:
    """Every rule and convention item the reviewers could cite, by id."""
    return {i.id: i for r in reviews for i in r.items}


@dataclass(frozen=True, slots=True)
class DocumentReview:
    """What reviewing one document (or lines of it) came to.

    status: `reviewed` (`findings` are to be shown), `no-key`, `over-cap` (nothing sent:
    the estimate is above the cap), `refused` (a secret file, lines outside the file, an
    unknown reviewer) or `error` (every reviewer's call failed).
    """

    status: str
    message: str
    findings: tuple[Finding, ...] = ()
    estimate_usd: float = 0.0
    spent_usd: float = 0.0
    calls: tuple[ModelCall, ...] = ()  # every model call made, as recorded


def review_cache_path(index_path: Path) -> Path:
    """The review cache beside an index, shared by the CLI and the editor."""
    return index_path.with_name(index_path.name + ".review-cache.json")


async def review_document(
    workspace: RetrievalSources,
    target: Reviewed,
    options: ReviewSettings,
    settings: LadderSettings,
    recorder: Recorder | None,
    cache_path: Path | None,
) -> DocumentReview:
    """Review `target` (a whole buffer, or lines of it) as `options` say: the context and
    the cache are read in a worker thread, the calls are awaited (a cancel stops them)."""
    from steering_index.llm.tiers import no_credentials_message, resolve_credentials
    from steering_index.retrieval.context import ContextRefused
    from steering_index.review.reviewers import load_project_reviewers, select_reviewers

    try:
        project = await asyncio.to_thread(load_project_reviewers, workspace.root)
        reviewers = select_reviewers(options.reviewers, project)
        reviews = await asyncio.to_thread(file_reviews, workspace, [target])
    except (ContextRefused, ValueError) as error:
        return DocumentReview("refused", str(error))
    cache = await asyncio.to_thread(ReviewCache, cache_path) if cache_path else None
    plan = plan_review(reviews, reviewers, settings, cache, options.confirm)
    estimate = plan.total_estimate_usd
    if estimate > options.max_cost_usd:
        return DocumentReview(
            "over-cap",
            f"the estimate ${estimate:.4f} is above the ${options.max_cost_usd:.2f} cap per "
            f"review ({settings.setting('reviewMaxCostUsd') or '--max-cost'}); nothing was sent",
            estimate_usd=estimate,
        )
    credentials = resolve_credentials(settings)
    if plan.requests and not credentials.usable:
        return DocumentReview("no-key", no_credentials_message(settings), estimate_usd=estimate)
    calls: list[ModelCall] = []

    def record(call: ModelCall) -> int | None:
        calls.append(call)
        return recorder(call) if recorder is not None else None

    outcome = await run_plan(plan, settings, credentials, options, cache, record)
    if cache is not None:
        await asyncio.to_thread(cache.save)
    return replace(_document_review(plan, outcome, estimate), calls=tuple(calls))


def _document_review(plan: ReviewPlan, outcome: ReviewOutcome, estimate: float) -> DocumentReview:
    failed = len(outcome.errors)
    if plan.requests and failed == len(plan.requests) and not plan.cached:
        return DocumentReview("error", "; ".join(outcome.errors), (), estimate, outcome.spent_usd)
    parts = [f"{len(outcome.findings)} finding(s)"]
    if plan.hits:
        parts.append(f"{plan.hits} answer(s) from the cache")
    if failed:
        parts.append(f"{failed} reviewer(s) failed: " + "; ".join(outcome.errors))
    if outcome.confirmation and outcome.confirmation.rejected:
        parts.append(f"{len(outcome.confirmation.rejected)} rejected by the frontier tier")
    if outcome.confirm_skipped:
        parts.append(f"not confirmed: {outcome.confirm_skipped}")
    parts.append(f"estimated ${estimate:.4f}, spent ${outcome.spent_usd:.4f}")
    return DocumentReview(
        "reviewed", "; ".join(parts), tuple(outcome.findings), estimate, outcome.spent_usd
    )
