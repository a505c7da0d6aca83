"""workspace/executeCommand: run model actions, show the context, show the rules for a file.

Every command takes one argument object. `steering.runAction` (from code actions) and
`steering.ask` (from clients' "Ask" commands) build the focused context, run the model
ladder with work-done progress (cancellable; `$/cancelRequest` interrupts the stream at
its next await), and apply the answer (the target's new text, imports it added, edits to
other lines the model was shown) as ONE *versioned* `workspace/applyEdit`. A document
edited while the model was working, a cancel, an API error or an invalid answer applies
nothing and says why.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from lsprotocol import types

from server.app import DocumentSnapshot, SteeringServer
from server.command_args import CommandArgs, CommandId
from server.convert import LineIndex, range_to_lines
from steering_index.index.lines import line_diff, split_lines
from steering_index.model import LineRange, ModelCall
from steering_index.session import (
    DEFAULT_TASK,
    PREVIEW_TASK,
    Action,
    ContextRefused,
    EditProposal,
    EditRequest,
    PriorAttempt,
    Tier,
    totals_of,
)

log = logging.getLogger(__name__)

NO_KEY_MESSAGE = (
    "no model key is configured. Set ANTHROPIC_API_KEY for the server "
    "(VS Code: run 'Steering: Set API key'), or set steering.baseUrl to an "
    "Anthropic-compatible server. 'Show the context that would be sent' works without one."
)


def register(server: SteeringServer) -> None:
    server.command(CommandId.RUN_ACTION)(run_action)
    server.command(CommandId.ASK)(ask)
    server.command(CommandId.SHOW_CONTEXT)(show_context)
    server.command(CommandId.SHOW_RULES)(show_rules)
    server.command(CommandId.SAVE_STRATEGY)(save_strategy)


class CommandError(Exception):
    """A bad argument object: the message goes back to the user as is."""


@dataclass(frozen=True, slots=True)
class CommandTarget:
    """The document and lines a command is about, as it found them."""

    document: DocumentSnapshot
    lines: LineRange


def _target(ls: SteeringServer, args: CommandArgs, whole_file: bool = False) -> CommandTarget:
    if args.problem is not None:
        raise CommandError(args.problem)
    if ls.folder_for(args.uri) is None:
        raise CommandError(f"{args.uri} is not inside a workspace folder")
    document = ls.snapshot(args.uri)
    if document is None:
        raise CommandError(f"{args.uri} cannot be read")
    if args.range is None or whole_file:
        lines = LineRange(1, max(1, len(split_lines(document.text))))
    else:
        lines = range_to_lines(args.range)
    return CommandTarget(document, lines)


def _result(status: str, message: str, **extra: Any) -> dict[str, Any]:
    return {"status": status, "message": message, **extra}


# --- context and rules ------------------------------------------------------------------


async def show_context(ls: SteeringServer, args: CommandArgs) -> dict[str, Any]:
    """The exact request a model would get for this range and task; no model, no key."""
    await ls.wait_ready()
    try:
        target = _target(ls, args)
    except CommandError as exc:
        return _result("error", str(exc))
    document = target.document
    session = document.session

    def preview() -> Any:
        context = session.build_context(
            document.path, target.lines, args.task or PREVIEW_TASK, document.text
        )
        return session.preview(context)

    try:
        shown = await asyncio.to_thread(preview)
    except ContextRefused as exc:
        return _result("error", str(exc))
    return {
        "markdown": f"````text\n{shown.text}\n````",
        "request": shown.data,
        "tokens": shown.tokens,
    }


async def show_rules(ls: SteeringServer, args: CommandArgs) -> dict[str, Any]:
    await ls.wait_ready()
    try:
        target = _target(ls, args, whole_file=True)
    except CommandError as exc:
        return _result("error", str(exc))
    document = target.document
    answers = document.session.rules_for(document.path, document.text)
    rules = [
        {
            "id": a.rule.id,
            "title": a.rule.title,
            "source": a.rule.source,
            "lines": [a.rule.lines.first, a.rule.lines.last],
            "format": a.rule.format.value,
            "scope": a.rule.scope.kind.value,
            "applies": a.applies,
            "candidate": a.candidate,
            "reason": a.reason,
        }
        for a in answers
    ]
    lines = [f"# Steering rules for `{document.path}`", ""]
    for a in answers:
        mark = "applies" if a.applies else ("may apply" if a.candidate else "does not apply")
        lines.append(
            f"- **{a.rule.title}** ({mark}) — {a.reason} · `{a.rule.source}:{a.rule.lines.first}`"
        )
    return {"markdown": "\n".join(lines), "rules": rules}


# --- model actions ------------------------------------------------------------------------


async def ask(ls: SteeringServer, args: CommandArgs) -> dict[str, Any]:
    """A free-form instruction on a range, from a client's "Ask" command."""
    if args.problem is not None:
        return _result("error", args.problem)
    task = (args.task or "").strip()
    if not task:
        return _result("error", "say what to do: `instruction` is empty")
    return await _run(ls, args, task, Action.ASK)


async def save_strategy(ls: SteeringServer, args: CommandArgs) -> dict[str, Any]:
    """Write what the frontier tier's edit taught as a new strategy file for review: one
    frontier call, refused when it could cost more than `escalationCostCapUsd`."""
    await ls.wait_ready()
    try:
        target = _target(ls, args)
        if args.prior is None:
            raise CommandError("`prior.callId` must name the frontier call to learn from")
    except CommandError as exc:
        _tell(ls, args, str(exc))
        return _result("error", str(exc))
    session = target.document.session
    cap = ls.settings.escalation_cost_cap_usd
    progress = _progress(ls, "Steering: writing a strategy")
    with ls.cancellable():
        async with progress:
            outcome = await session.save_strategy(args.prior.call_id, cap)
    if progress.stopped:
        return _result("cancelled", "cancelled from the progress indicator; nothing was written")
    written = [session.relative(path) or str(path) for path in outcome.written]
    if outcome.status != "written":
        _tell(ls, args, f"no strategy written: {outcome.message}")
        return _result("error" if outcome.status == "error" else "refused", outcome.message)
    message = (
        f"wrote {', '.join(written)} (${outcome.cost_usd:.4f}): review it, then commit it "
        "like any steering file"
    )
    ls.tell(f"steering: {message}")
    return _result("written", message, paths=written, cost_usd=outcome.cost_usd)


def _tell(ls: SteeringServer, args: CommandArgs, message: str) -> None:
    """Show a failure, unless the client that asked shows the command's result itself
    (`callerShowsResult`: Neovim's :SteeringAsk), so it is said once. Code actions run as
    commands whose result no editor shows: those are always said here."""
    if not args.caller_shows_result:
        ls.tell(f"steering: {message}")


async def run_action(ls: SteeringServer, args: CommandArgs) -> dict[str, Any]:
    """A model action a code action offered (fix, rewrite, instruction, redo)."""
    try:
        action = Action(args.action or Action.EDIT)
    except ValueError:
        action = Action.EDIT
    return await _run(ls, args, args.task or DEFAULT_TASK, action)


async def _prior(document: DocumentSnapshot, args: CommandArgs) -> PriorAttempt | None:
    """The earlier attempt a redo starts from: the recorded call `prior.callId` names."""
    if args.prior is None:
        return None
    call_id = args.prior.call_id
    prior = await asyncio.to_thread(document.session.prior_attempt, call_id, args.prior.reason)
    if prior is None:
        raise CommandError(f"no applied model call {call_id} is recorded for this workspace")
    return prior


async def _run(ls: SteeringServer, args: CommandArgs, task: str, action: Action) -> dict[str, Any]:
    with ls.cancellable():
        await ls.wait_ready()
        try:
            target = _target(ls, args)
            prior = await _prior(target.document, args)
        except CommandError as exc:
            _tell(ls, args, str(exc))
            return _result("error", str(exc))
        document = target.document
        tier = Tier.FRONTIER if args.tier == "frontier" else Tier.SMALL
        auto = args.tier == "auto"  # the tier is picked from the task, and the answer says why
        request = EditRequest(
            document.path, target.lines, task, document.text, tier, action, prior, route=auto
        )
        model = "the auto tier" if auto else ls.settings.models.for_tier(tier)
        progress = _progress(ls, f"Steering: {model}")
        async with progress as report:
            proposal = await document.session.propose_edit(request, report)
        if progress.stopped:
            return _result(
                "cancelled", "cancelled from the progress indicator; nothing was applied"
            )
        return await _answer(ls, args, target, task, proposal)


async def _answer(
    ls: SteeringServer, args: CommandArgs, target: CommandTarget, task: str, proposal: EditProposal
) -> dict[str, Any]:
    outcome = proposal.outcome
    if outcome is None:
        # No model was called. The no-key answer goes without the prefix: clients put
        # their own name before it.
        message = NO_KEY_MESSAGE if proposal.status == "no-key" else proposal.message
        _tell(ls, args, message)
        return _result("no-key" if proposal.status == "no-key" else "error", message)
    account(ls, outcome.calls, outcome.model, outcome.cost_usd)
    if proposal.status != "proposed" or outcome.new_file_text is None:
        _tell(ls, args, f"nothing applied: {outcome.message}")
        return _result(
            "error" if proposal.status == "error" else "rejected",
            outcome.message,
            cost_usd=outcome.cost_usd,
            model=outcome.model,
            problems=list(outcome.problems),
        )
    return await _apply(ls, args, target, task, proposal)


async def _apply(
    ls: SteeringServer,
    args: CommandArgs,
    target: CommandTarget,
    task: str,
    proposal: EditProposal,
) -> dict[str, Any]:
    outcome, context = proposal.outcome, proposal.context
    assert outcome is not None and context is not None and outcome.new_file_text is not None
    document = target.document
    now = ls.workspace.get_text_document(document.uri)
    if now.version != document.version or now.source != document.text:
        message = (
            "the document changed while the model was working; nothing was applied. "
            "Run the action again."
        )
        _tell(ls, args, message)
        return _result("stale", message, cost_usd=outcome.cost_usd, model=outcome.model)
    edit = replacement_edit(document, outcome.new_file_text)
    applied = await ls.workspace_apply_edit_async(
        types.ApplyWorkspaceEditParams(edit=edit, label=f"steering: {task[:60]}")
    )
    if not applied.applied:
        reason = applied.failure_reason or "the editor refused the edit"
        _tell(ls, args, f"nothing applied: {reason}")
        return _result("stale", reason, cost_usd=outcome.cost_usd, model=outcome.model)
    # Where the target's new text sits now: imports or edits above it move it.
    lines = outcome.new_lines or context.lines
    await asyncio.to_thread(document.session.mark_applied, outcome, lines)
    routed = {"tierReason": proposal.route.reason} if proposal.route is not None else {}
    return _result(
        "applied",
        outcome.message,
        cost_usd=outcome.cost_usd,
        model=outcome.model,
        tier=outcome.tier,
        **routed,
    )


def replacement_edit(document: DocumentSnapshot, new_file_text: str) -> types.WorkspaceEdit:
    """The smallest whole-line edit turning the document into `new_file_text`, versioned."""
    change = line_diff(document.text, new_file_text)
    index = LineIndex(document.text, document.encoding)
    text_edit = types.TextEdit(
        range=types.Range(
            start=index.byte_to_position(change.start_byte),
            end=index.byte_to_position(change.end_byte),
        ),
        new_text=change.text,
    )
    return types.WorkspaceEdit(
        document_changes=[
            types.TextDocumentEdit(
                text_document=types.OptionalVersionedTextDocumentIdentifier(
                    uri=document.uri, version=document.version
                ),
                edits=[text_edit],
            )
        ]
    )


def account(ls: SteeringServer, calls: Sequence[ModelCall], model: str, cost_usd: float) -> None:
    """Log what `calls` took and the session total, and notify `$/steering/usage` (the
    status bar's figures)."""
    this = totals_of(calls)
    ls.usage = usage = ls.usage + this
    ls.log_info(
        f"steering: {model}: {this.line()}; session ${usage.cost_usd:.4f} over {usage.calls} calls"
    )
    ls.protocol.notify(
        "$/steering/usage",
        {
            "sessionInputTokens": usage.input_tokens,
            "sessionOutputTokens": usage.output_tokens,
            "sessionCostUsd": round(usage.cost_usd, 6),
            "lastCostUsd": round(cost_usd, 6),
            "lastModel": model,
        },
    )


class _progress:
    """Work-done progress for a model call; reports streamed token counts.

    Cancelling the progress in the editor stops the call (`stopped` is then true and the
    block exits normally); a `$/cancelRequest` still propagates as a cancellation.
    """

    def __init__(self, ls: SteeringServer, title: str) -> None:
        self.ls = ls
        self.title = title
        self.token = f"steering-action-{uuid.uuid4()}"
        self.active = False
        self.stopped = False

    async def __aenter__(self) -> Any:
        if self.ls.client.work_done_progress:
            try:
                await self.ls.work_done_progress.create_async(self.token)
                self.ls.work_done_progress.begin(
                    self.token, types.WorkDoneProgressBegin(title=self.title, cancellable=True)
                )
                self.active = True
                self._stop_on_cancel()
            except Exception as exc:
                log.debug("no progress for this action: %s", exc)
        return self.report

    def report(self, progress: Any) -> None:
        if not self.active:
            return
        tokens = progress.output_tokens
        text = f"{tokens} tokens" if tokens is not None else f"{progress.received_chars} chars"
        self.ls.work_done_progress.report(
            self.token, types.WorkDoneProgressReport(message=f"received {text}")
        )

    def _stop_on_cancel(self) -> None:
        task = asyncio.current_task()
        cancelled = self.ls.work_done_progress.tokens.get(self.token)
        if task is None or cancelled is None:
            return

        def stop(done: Any) -> None:
            if done.cancelled() and not task.done():
                self.stopped = True
                task.cancel()

        cancelled.add_done_callback(stop)

    async def __aexit__(self, exc_type: object, *exc: object) -> bool:
        if self.active:
            message = "cancelled" if self.stopped else None
            self.ls.work_done_progress.end(self.token, types.WorkDoneProgressEnd(message=message))
        if self.stopped and exc_type is asyncio.CancelledError:
            task = asyncio.current_task()
            if task is not None:
                task.uncancel()
            return True
        return False
