"""One model action up the ladder: ask a tier, validate, repair once, then advise or escalate.

`run_ladder` never writes files: it returns an `ActionOutcome` with the new text and the
whole new file, and the caller applies it (the LSP server with a versioned edit, the CLI
only if the file did not change meanwhile). Every call is handed to `recorder` as a
`ModelCall` as soon as it ends, errors and cancellations included, so usage is never lost.
The recorder runs in a worker thread (it writes to disk; an editor's event loop must not
wait on that) and returns the call's id, which the outcome's calls then carry.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from steering_index.llm.client import ModelError, ModelReply, Progress, Usage, call_model
from steering_index.llm.edits import shown_lines
from steering_index.llm.prompts import ModelRequest, PriorAttempt, build_request, repair_request
from steering_index.llm.tiers import (
    Credentials,
    LadderSettings,
    Tier,
    no_credentials_message,
    resolve_credentials,
)
from steering_index.llm.usage import call_of, cost_usd
from steering_index.llm.validate import EditChecks, Verdict, check_edit
from steering_index.model import FocusedContext, LineRange, ModelCall
from steering_index.tokens import estimate_tokens

Recorder = Callable[[ModelCall], int | None]


@dataclass(frozen=True, slots=True)
class ActionOutcome:
    """What came of an action. Only `status == "proposed"` carries an edit to apply.

    status: proposed | escalation-advised | rejected | error
    `attempt` is the last rejected answer: pass it as `prior` to escalate by hand.
    `new_lines` is where the target's new text sits in `new_file_text` (imports added
    above it move it down).
    """

    status: str
    message: str
    tier: str
    model: str
    new_text: str | None = None
    new_file_text: str | None = None
    rule_ids_followed: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()
    calls: tuple[ModelCall, ...] = ()
    cost_usd: float = 0.0
    error_kind: str | None = None
    attempt: PriorAttempt | None = None
    new_lines: LineRange | None = None
    plan: str = ""  # what the accepted answer said it would do
    # The lower tier's rejected attempt this edit was escalated from (what a strategy
    # learned from the escalation is written from), or None.
    escalated_from: PriorAttempt | None = None


@dataclass
class _Run:
    """The state of one action while it runs."""

    context: FocusedContext
    file_text: str
    settings: LadderSettings
    credentials: Credentials
    checks: EditChecks
    action: str
    recorder: Recorder | None
    on_progress: Callable[[Progress], None] | None
    calls: list[ModelCall] = field(default_factory=list)
    shown: frozenset[int] = frozenset()

    @property
    def cost(self) -> float:
        return sum(call.cost_usd for call in self.calls)


async def run_ladder(
    context: FocusedContext,
    file_text: str,
    settings: LadderSettings,
    checks: EditChecks,
    *,
    tier: Tier = Tier.SMALL,
    prior: PriorAttempt | None = None,
    recorder: Recorder | None = None,
    on_progress: Callable[[Progress], None] | None = None,
    action: str = "edit",
    environ: Mapping[str, str] | None = None,
) -> ActionOutcome:
    """Run `context` on `tier` (with `prior`, as an escalation) and return what came of it.

    `file_text` is the whole file as the context was built from it. Cancelling the task
    closes the stream, records the call as cancelled and re-raises `CancelledError`.
    """
    credentials = resolve_credentials(settings, environ)
    model = settings.model_for(tier)
    if not credentials.usable:
        return ActionOutcome(
            "error", no_credentials_message(settings), tier, model, error_kind="no-credentials"
        )
    if checks.language is None:
        # Imports are merged, and names checked, in the file's language.
        checks = replace(checks, language=context.language)
    run = _Run(context, file_text, settings, credentials, checks, action, recorder, on_progress)
    run.shown = shown_lines(context, file_text)
    request = build_request(
        context,
        model,
        settings.max_output_tokens,
        settings.min_cache_tokens_for(model),
        prior,
        self_check=tier is Tier.FRONTIER,
    )
    first = await _ask(run, tier, request)
    if isinstance(first, ActionOutcome) or first[1].ok:
        return _finish(run, tier, first)
    reply, verdict = first
    run.shown |= verdict.revealed  # the repair turn quotes these lines
    repaired = repair_request(
        request, reply.tool_use_id, reply.tool_input_json, verdict.problems, context.lines
    )
    second = await _ask(run, tier, repaired)
    if isinstance(second, ActionOutcome) or second[1].ok:
        return _finish(run, tier, second)
    return await _after_rejection(run, tier, second)


async def _after_rejection(
    run: _Run, tier: Tier, rejected: tuple[ModelReply, Verdict]
) -> ActionOutcome:
    reply, verdict = rejected
    run.shown |= verdict.revealed  # quoted to the next tier with the attempt
    attempt = PriorAttempt(
        tier=tier.value,
        model=reply.model,
        new_text=verdict.answer.new_text if verdict.answer else reply.tool_input_json,
        problems=verdict.problems,
        imports=verdict.answer.imports if verdict.answer else (),
        edits=tuple((e.old_text, e.new_text) for e in verdict.answer.edits)
        if verdict.answer
        else (),
    )
    listed = "; ".join(verdict.problems)
    if verdict.protocol:
        # The answer broke the answer format; a bigger model is not the remedy.
        message = (
            f"the {tier.value} tier's answer did not follow the edit format ({listed}); "
            "run the action again"
        )
        return _outcome(run, "rejected", message, tier, reply, verdict, attempt)
    if tier is Tier.FRONTIER:
        return _outcome(
            run,
            "rejected",
            f"the frontier tier's edit was rejected: {listed}",
            tier,
            reply,
            verdict,
            attempt,
        )
    blocked = _auto_escalation_blocked(run, reply, attempt)
    if blocked:
        message = f"the {tier.value} tier's edit was rejected twice ({listed}); {blocked}"
        return _outcome(run, "escalation-advised", message, tier, reply, verdict, attempt)
    frontier_model = run.settings.model_for(Tier.FRONTIER)
    request = build_request(
        run.context,
        frontier_model,
        run.settings.max_output_tokens,
        run.settings.min_cache_tokens_for(frontier_model),
        attempt,
        self_check=True,
    )
    result = await _ask(run, Tier.FRONTIER, request)
    if isinstance(result, ActionOutcome):
        return result
    if result[1].ok:
        return replace(_finish(run, Tier.FRONTIER, result), escalated_from=attempt)
    return await _after_rejection(run, Tier.FRONTIER, result)


def _auto_escalation_blocked(run: _Run, reply: ModelReply, attempt: PriorAttempt) -> str:
    """Why the ladder will not escalate by itself ("" when it will)."""
    if not run.settings.auto_escalate:
        return "escalate to the frontier tier to try again"
    model = run.settings.model_for(Tier.FRONTIER)
    price = run.settings.price_for(model)
    if price is None:
        return f"the price of {model} is unknown, so the cost cap cannot be kept: escalate by hand"
    expected = Usage(
        input_tokens=reply.sent.tokens + estimate_tokens(attempt.new_text),
        output_tokens=max(reply.usage.output_tokens, estimate_tokens(attempt.new_text)),
    )
    estimate = cost_usd(expected, price)
    cap = run.settings.escalation_cost_cap_usd
    if run.cost + estimate > cap:
        return (
            f"automatic escalation skipped: about ${run.cost + estimate:.4f} would exceed the "
            f"${cap:.2f} cap per action; escalate by hand"
        )
    return ""


async def _ask(
    run: _Run, tier: Tier, request: ModelRequest
) -> tuple[ModelReply, Verdict] | ActionOutcome:
    """One call and its verdict, recorded; an error or a cancel ends the action."""
    started_at = datetime.now(UTC).isoformat(timespec="seconds")
    started = time.monotonic()
    try:
        reply = await call_model(
            request, run.settings, run.credentials, tier.value, run.on_progress
        )
    except ModelError as error:
        # No response at all (the address is unreachable): not a call of the API's.
        outcome = "unreached" if error.kind == "connection" else "error"
        await _record(run, tier, request, error.usage, outcome, started_at, started)
        return ActionOutcome(
            "error",
            error.message,
            tier.value,
            request.model,
            calls=tuple(run.calls),
            cost_usd=run.cost,
            error_kind=error.kind,
        )
    except asyncio.CancelledError:
        await _record(run, tier, request, Usage(), "cancelled", started_at, started)
        raise
    verdict = check_edit(run.file_text, run.context.lines, reply, run.checks, run.shown)
    outcome = "proposed" if verdict.ok else "rejected"
    await _record(run, tier, request, reply.usage, outcome, started_at, started, reply.model)
    return reply, verdict


async def _record(
    run: _Run,
    tier: Tier,
    request: ModelRequest,
    usage: Usage,
    outcome: str,
    started_at: str,
    started: float,
    model: str | None = None,
) -> None:
    site = CallSite(tier, run.context.path, run.context.lines, run.action, run.context.task)
    call = await record_call(
        run.recorder, run.settings, site, request, usage, outcome, (started_at, started), model
    )
    run.calls.append(call)


@dataclass(frozen=True, slots=True)
class CallSite:
    """What a call is recorded under, besides its request and usage."""

    tier: Tier
    path: str | None
    lines: LineRange | None
    action: str | None
    task: str | None


async def record_call(
    recorder: Recorder | None,
    settings: LadderSettings,
    site: CallSite,
    request: ModelRequest,
    usage: Usage,
    outcome: str,
    start: tuple[str, float],  # ISO 8601 wall time and time.monotonic() when it started
    model: str | None = None,
) -> ModelCall:
    """The call as a `ModelCall`, recorded through `recorder` (with its row id) if given."""
    model = model or request.model
    call = call_of(
        usage,
        model,
        settings,
        started_at=start[0],
        tier=site.tier.value,
        rule_ids=request.rule_ids,
        outcome=outcome,
        duration_ms=int((time.monotonic() - start[1]) * 1000),
        path=site.path,
        lines=site.lines,
        action=site.action,
        task=site.task,
        strategy_ids=request.strategy_ids,
    )
    if recorder is not None:
        call = replace(call, id=await asyncio.to_thread(recorder, call))
    return call


def _finish(
    run: _Run, tier: Tier, result: tuple[ModelReply, Verdict] | ActionOutcome
) -> ActionOutcome:
    if isinstance(result, ActionOutcome):
        return result
    reply, verdict = result
    assert verdict.answer is not None  # a verdict is ok only with an answer
    sent = set(reply.sent.rule_ids)
    followed = tuple(r for r in verdict.answer.rule_ids if r in sent)
    rules = f"; follows {', '.join(followed)}" if followed else ""
    message = f"{tier.value} tier ({reply.model}) proposed an edit{_extras(verdict)}{rules}"
    return ActionOutcome(
        "proposed",
        message,
        tier.value,
        reply.model,
        new_text=verdict.answer.new_text,
        new_file_text=verdict.new_file_text,
        rule_ids_followed=followed,
        calls=tuple(run.calls),
        cost_usd=run.cost,
        new_lines=verdict.new_lines,
        plan=verdict.answer.plan or reply.text.strip(),
    )


def _extras(verdict: Verdict) -> str:
    """What the edit does besides replacing the target, for the message."""
    assert verdict.answer is not None
    parts = []
    if verdict.answer.imports:
        parts.append(f"{len(verdict.answer.imports)} import(s) merged")
    if verdict.answer.edits:
        parts.append(f"{len(verdict.answer.edits)} other place(s) edited")
    return f" ({', '.join(parts)})" if parts else ""


def _outcome(
    run: _Run,
    status: str,
    message: str,
    tier: Tier,
    reply: ModelReply,
    verdict: Verdict,
    attempt: PriorAttempt,
) -> ActionOutcome:
    return ActionOutcome(
        status,
        message,
        tier.value,
        reply.model,
        problems=verdict.problems,
        calls=tuple(run.calls),
        cost_usd=run.cost,
        attempt=attempt,
    )
