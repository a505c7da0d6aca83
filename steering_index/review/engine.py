"""Run the reviewers side by side on the small tier, validate and merge their findings.

Each reviewer gets its own request: its instructions, only the context items of the kinds
it needs, and the reviewed text with line numbers. It answers through the `report_findings`
tool. A finding whose range is not in the reviewed text, whose cited id was not shown, or
whose fields are malformed is rejected and the reason logged; when only a change is
reviewed, a valid finding that touches no changed line is set apart (`outside`). Requests go
through `call_model`, which redacts secrets last, just before sending, and every call is
recorded in the model-call ledger (action `review:<reviewer>`), errors and cancels included.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from steering_index.llm.client import ModelError, ModelReply, Usage, call_model
from steering_index.llm.ladder import CallSite, Recorder, record_call
from steering_index.llm.prompts import Message, ModelRequest, SystemBlock, TextBlock
from steering_index.llm.tiers import Credentials, LadderSettings, Tier
from steering_index.llm.usage import UNREACHED, cost_usd
from steering_index.model import ContextItem, LineRange, ModelCall
from steering_index.review.reviewed import Reviewed
from steering_index.review.reviewers import Reviewer
from steering_index.tokens import estimate_tokens

log = logging.getLogger(__name__)

TOOL = "report_findings"
SOURCE = "steering-review"  # the diagnostics' source in an editor, apart from drift's
SEVERITIES = ("info", "low", "medium", "high")
_FINDING = {
    "type": "object",
    "properties": {
        "first_line": {"type": "integer"},
        "last_line": {"type": "integer"},
        "severity": {"type": "string", "enum": list(SEVERITIES)},
        "rule_id": {"type": "string", "description": "the id of the rule or convention, if any"},
        "message": {"type": "string"},
        "replacement": {"type": "string", "description": "new text for the whole range"},
    },
    "required": ["first_line", "last_line", "severity", "message"],
}
REVIEW_TOOL: dict[str, Any] = {
    "name": TOOL,
    "description": "Report every problem found in the reviewed text (an empty list if none).",
    "input_schema": {
        "type": "object",
        "properties": {"findings": {"type": "array", "items": _FINDING}},
        "required": ["findings"],
    },
}


@dataclass(frozen=True, slots=True)
class ReviewRequest(ModelRequest):
    """A model request answered through `report_findings` instead of `replace_range`."""

    reviewer: str = ""

    def payload(self) -> dict[str, Any]:
        body = ModelRequest.payload(self)
        return body | {"tools": [REVIEW_TOOL], "tool_choice": {"type": "tool", "name": TOOL}}


@dataclass(frozen=True, slots=True)
class Finding:
    path: str
    first_line: int
    last_line: int
    severity: str
    message: str
    reviewers: tuple[str, ...]
    rule_id: str | None = None
    replacement: str | None = None
    # What the frontier tier's confirmation said, when it was asked (or why it was not).
    note: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "first_line": self.first_line,
            "last_line": self.last_line,
            "severity": self.severity,
            "rule_id": self.rule_id,
            "message": self.message,
            "reviewers": list(self.reviewers),
            "replacement": self.replacement,
            "note": self.note,
        }

    @classmethod
    def from_json(cls, f: dict[str, Any]) -> Finding:
        return cls(
            f["path"],
            f["first_line"],
            f["last_line"],
            f["severity"],
            f["message"],
            tuple(f["reviewers"]),
            f.get("rule_id"),
            f.get("replacement"),
            f.get("note"),
        )


@dataclass(slots=True)
class ReviewerRun:
    reviewer: str
    findings: list[Finding] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    # Valid findings on lines shown only as context around a change: left out.
    outside: list[Finding] = field(default_factory=list)
    usage: Usage = field(default_factory=Usage)
    cost_usd: float = 0.0
    error: str | None = None


def build_request(
    reviewer: Reviewer, reviewed: Reviewed, items: list[ContextItem], settings: LadderSettings
) -> ReviewRequest:
    """The reviewer's request: its focus, its kinds of context only, and the numbered text."""
    kept = [i for i in items if i.kind in reviewer.kinds]
    role = (
        f"You are the {reviewer.name} reviewer. {reviewer.focus} Report only real problems "
        f"in the numbered lines of {reviewed.path}; use their line numbers. Give a "
        "replacement only when it is the whole new text of the range."
    )
    if reviewed.changed:
        changed = ", ".join(f"{c.first}-{c.last}" for c in reviewed.changed)
        role += (
            f" Only lines {changed} changed; the other lines are shown as context. Report "
            "only problems on the changed lines."
        )
    context = "\n\n".join(f'<item kind="{i.kind}" id="{i.id}">\n{i.text}\n</item>' for i in kept)
    user = f'<reviewed path="{reviewed.path}">\n{reviewed.numbered()}\n</reviewed>'
    system = (SystemBlock("role", role),) + ((SystemBlock("rules", context),) if kept else ())
    stable = estimate_tokens(json.dumps(REVIEW_TOOL) + role + context)
    return ReviewRequest(
        model=settings.model_for(Tier.SMALL),
        max_tokens=min(settings.max_output_tokens, 4096),
        system=system,
        messages=(Message("user", (TextBlock(user),)),),
        rule_ids=tuple(i.id for i in kept),
        stable_tokens=stable,
        tokens=stable + estimate_tokens(user),
        reviewer=reviewer.name,
    )


def parse_findings(
    raw_json: str, reviewer: str, reviewed: Reviewed, known_ids: set[str]
) -> tuple[list[Finding], list[str]]:
    """The valid findings of an answer, and a reason for each one rejected."""
    try:
        data = json.loads(raw_json or "null")
    except ValueError:
        return [], ["the answer is not JSON"]
    items = data.get("findings") if isinstance(data, dict) else None
    if not isinstance(items, list):
        return [], ["the answer has no `findings` list"]
    good: list[Finding] = []
    rejected: list[str] = []
    for number, item in enumerate(items, 1):
        problem = _finding_problem(item, reviewed, known_ids)
        if problem:
            rejected.append(f"{reviewer} finding {number}: {problem}")
            continue
        good.append(
            Finding(
                path=reviewed.path,
                first_line=item["first_line"],
                last_line=item["last_line"],
                severity=item["severity"],
                message=item["message"].strip(),
                reviewers=(reviewer,),
                rule_id=item.get("rule_id") or None,
                replacement=item.get("replacement"),
            )
        )
    return good, rejected


def _finding_problem(item: Any, reviewed: Reviewed, known_ids: set[str]) -> str | None:
    if not isinstance(item, dict):
        return "not an object"
    first, last = item.get("first_line"), item.get("last_line")
    if not isinstance(first, int) or not isinstance(last, int):
        return "first_line and last_line must be integers"
    if not reviewed.shows(first, last):
        return f"lines {first}-{last} are not in the reviewed text ({reviewed.describe_views()})"
    if item.get("severity") not in SEVERITIES:
        return f"severity {item.get('severity')!r} is not one of {', '.join(SEVERITIES)}"
    if not isinstance(item.get("message"), str) or not item["message"].strip():
        return "no message"
    rule_id = item.get("rule_id")
    if rule_id and rule_id not in known_ids:
        return f"cites {rule_id!r}, which was not among the rules and conventions shown"
    if item.get("replacement") is not None and not isinstance(item["replacement"], str):
        return "replacement must be a string"
    return None


def merge(findings: list[Finding]) -> list[Finding]:
    """One finding per (path, lines, rule): the highest severity, every reviewer named."""
    merged: dict[tuple[str, int, int, str | None], Finding] = {}
    for f in findings:
        key = (f.path, f.first_line, f.last_line, f.rule_id)
        seen = merged.get(key)
        if seen is None:
            merged[key] = f
            continue
        top = f if SEVERITIES.index(f.severity) > SEVERITIES.index(seen.severity) else seen
        names = seen.reviewers + tuple(r for r in f.reviewers if r not in seen.reviewers)
        merged[key] = Finding(
            f.path,
            f.first_line,
            f.last_line,
            top.severity,
            top.message,
            names,
            f.rule_id,
            seen.replacement or f.replacement,
            seen.note or f.note,
        )
    return sorted(merged.values(), key=lambda f: (f.path, f.first_line, f.last_line))


async def send(
    request: ModelRequest,
    settings: LadderSettings,
    credentials: Credentials,
    site: CallSite,
    recorder: Recorder | None,
) -> tuple[ModelReply | None, ModelError | None, ModelCall]:
    """Send `request` on `site.tier` and record the call (a cancel is recorded too)."""
    start = (datetime.now(UTC).isoformat(timespec="seconds"), time.monotonic())
    recorder = _never_failing(recorder)
    reply, failure, usage, outcome = None, None, Usage(), "reviewed"
    try:
        reply = await call_model(request, settings, credentials, site.tier.value)
        usage = reply.usage
    except ModelError as error:
        failure, usage = error, error.usage
        outcome = UNREACHED if error.kind == "connection" else "error"
    except asyncio.CancelledError:
        await record_call(recorder, settings, site, request, Usage(), "cancelled", start)
        raise
    model = reply.model if reply else request.model
    call = await record_call(recorder, settings, site, request, usage, outcome, start, model)
    return reply, failure, call


def _never_failing(recorder: Recorder | None) -> Recorder | None:
    """`recorder`, except that a ledger that cannot be written is logged, not raised: the
    findings already paid for must not be lost to it."""
    if recorder is None:
        return None
    record = recorder

    def safe(call: ModelCall) -> int | None:
        try:
            return record(call)
        except Exception as error:
            log.warning("the review call could not be recorded: %s", error)
            return None

    return safe


async def run_reviewer(
    request: ReviewRequest,
    reviewed: Reviewed,
    settings: LadderSettings,
    credentials: Credentials,
    gate: asyncio.Semaphore,
    recorder: Recorder | None = None,
) -> ReviewerRun:
    run = ReviewerRun(request.reviewer)
    action = f"review:{request.reviewer}"
    site = CallSite(Tier.SMALL, reviewed.path, _span(reviewed), action, action)
    async with gate:
        reply, failure, call = await send(request, settings, credentials, site, recorder)
    run.cost_usd = call.cost_usd
    if reply is None:
        run.error = failure.message if failure else "no answer"
        run.usage = failure.usage if failure else Usage()
        return run
    run.usage = reply.usage
    found, run.rejected = parse_findings(
        reply.tool_input_json, request.reviewer, reviewed, set(request.rule_ids)
    )
    for f in found:
        (
            run.findings if reviewed.touches_change(f.first_line, f.last_line) else run.outside
        ).append(f)
    for reason in run.rejected:
        log.warning("finding rejected: %s", reason)
    return run


def _span(reviewed: Reviewed) -> LineRange | None:
    """The lines a review covered, for the ledger: None for a whole file."""
    if not reviewed.changed:
        return None
    return LineRange(reviewed.changed[0].first, reviewed.changed[-1].last)


async def review_text(
    reviewed: Reviewed,
    items: list[ContextItem],
    reviewers: list[Reviewer],
    settings: LadderSettings,
    credentials: Credentials,
    concurrency: int = 4,
    recorder: Recorder | None = None,
    gate: asyncio.Semaphore | None = None,
) -> list[ReviewerRun]:
    """Every reviewer's run on `reviewed`, at most `concurrency` requests in flight at once
    (or as many as a shared `gate` lets through)."""
    gate = gate or asyncio.Semaphore(max(1, concurrency))
    requests = [build_request(r, reviewed, items, settings) for r in reviewers]
    return list(
        await asyncio.gather(
            *(run_reviewer(q, reviewed, settings, credentials, gate, recorder) for q in requests)
        )
    )


# A modest answer: a few findings, each a line range, a severity and a sentence.
ANSWER_TOKENS = 400


def estimate_cost(requests: list[ReviewRequest], settings: LadderSettings) -> float:
    """The cost before sending: estimated input tokens plus a modest answer each."""
    total = 0.0
    for q in requests:
        total += cost_usd(Usage(q.tokens, ANSWER_TOKENS), settings.price_for(q.model))
    return total
