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
from dataclasses import dataclass
from typing import Any

from lsprotocol import types

from server.app import SteeringServer
from server.convert import LineIndex, range_to_lines
from server.workspace import WorkspaceState
from steering_index import rules as rules_mod
from steering_index.index.lines import split_lines
from steering_index.model import FocusedContext, LineRange
from steering_index.retrieval.context import ContextRefused

log = logging.getLogger(__name__)

RUN_ACTION = "steering.runAction"
ASK = "steering.ask"
SHOW_CONTEXT = "steering.showContext"
SHOW_RULES = "steering.showRules"


def register(server: SteeringServer) -> None:
    server.command(RUN_ACTION)(run_action)
    server.command(ASK)(ask)
    server.command(SHOW_CONTEXT)(show_context)
    server.command(SHOW_RULES)(show_rules)


class CommandError(Exception):
    """A bad argument object: the message goes back to the user as is."""


@dataclass(frozen=True, slots=True)
class Target:
    state: WorkspaceState
    uri: str
    path: str
    version: int | None
    text: str
    lines: LineRange


def _target(ls: SteeringServer, args: Any) -> Target:
    if not isinstance(args, dict) or not isinstance(args.get("uri"), str):
        raise CommandError("expected one argument object with at least a `uri`")
    uri = args["uri"]
    found = ls.folder_for(uri)
    if found is None:
        raise CommandError(f"{uri} is not inside a workspace folder")
    state, path = found
    document = ls.workspace.get_text_document(uri)
    if ls.document_text(uri) is None:
        raise CommandError(f"{uri} cannot be read")
    raw_range = args.get("range")
    if raw_range is None:
        lines = LineRange(1, max(1, len(split_lines(document.source))))
    else:
        try:
            range_ = ls.protocol._converter.structure(raw_range, types.Range)
        except Exception as exc:
            raise CommandError(f"`range` is not an LSP range: {exc}") from exc
        lines = range_to_lines(range_)
    return Target(state, uri, path, document.version, document.source, lines)


def _result(status: str, message: str, **extra: Any) -> dict[str, Any]:
    return {"status": status, "message": message, **extra}


# --- context and rules ------------------------------------------------------------------


async def show_context(ls: SteeringServer, args: Any) -> dict[str, Any]:
    """The exact request a model would get for this range and task; no model, no key."""
    await ls.wait_ready()
    try:
        target = _target(ls, args)
    except CommandError as exc:
        return _result("error", str(exc))
    task = str(args.get("instruction") or args.get("task") or "Improve this code.")
    try:
        context = await asyncio.to_thread(
            target.state.build_context, target.path, target.lines, task, target.text
        )
    except ContextRefused as exc:
        return _result("error", str(exc))
    from steering_index.llm.commands import context_json, context_text
    from steering_index.llm.prompts import build_request
    from steering_index.llm.tiers import Tier

    settings = ls_ladder_settings(ls)
    model = settings.model_for(Tier.SMALL)
    minimum = settings.min_cache_tokens_for(model)
    request = build_request(context, model, settings.max_output_tokens, minimum)
    sent, redactions = request.redacted()
    text = context_text(context, sent, redactions, minimum)
    return {
        "markdown": f"````text\n{text}\n````",
        "request": context_json(context, sent, redactions, minimum),
        "tokens": sent.tokens,
    }


async def show_rules(ls: SteeringServer, args: Any) -> dict[str, Any]:
    await ls.wait_ready()
    try:
        target = _target(ls, {**args, "range": None} if isinstance(args, dict) else args)
    except CommandError as exc:
        return _result("error", str(exc))
    answers = rules_mod.applicable_rules(target.state.ruleset, target.path, content=target.text)
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
    lines = [f"# Steering rules for `{target.path}`", ""]
    for a in answers:
        mark = "applies" if a.applies else ("may apply" if a.candidate else "does not apply")
        lines.append(
            f"- **{a.rule.title}** ({mark}) — {a.reason} · `{a.rule.source}:{a.rule.lines.first}`"
        )
    return {"markdown": "\n".join(lines), "rules": rules}


# --- model actions ------------------------------------------------------------------------


def ls_ladder_settings(ls: SteeringServer) -> Any:
    from steering_index.llm.tiers import LadderSettings

    s = ls.settings
    return LadderSettings(
        models=s.models,
        api_key=s.api_key,
        base_url=s.base_url,
        request_timeout_s=s.request_timeout_s,
        max_retries=s.max_retries,
        retry_after_cap_s=s.retry_after_cap_s,
        auto_escalate=s.auto_escalate,
        escalation_cost_cap_usd=s.escalation_cost_cap_usd,
        secret_globs=s.secret_globs,
        settings_prefix="steering.",
    )


async def ask(ls: SteeringServer, args: Any) -> dict[str, Any]:
    """A free-form instruction on a range, from a client's "Ask" command."""
    if not isinstance(args, dict):
        return _result("error", "expected one argument object")
    task = str(args.get("instruction") or "").strip()
    if not task:
        return _result("error", "say what to do: `instruction` is empty")
    return await run_action(ls, {**args, "task": task, "kind": "ask"})


def _follow_cancel(ls: SteeringServer) -> None:
    """Let `$/cancelRequest` stop the running command.

    pygls runs a command inside a generator, and a cancel only cancels that generator's
    future: without this link the command's own task would stream on and apply its edit.
    """
    task = asyncio.current_task()
    msg_id = ls.protocol.msg_id
    request = ls.protocol._request_futures.get(msg_id) if msg_id is not None else None
    if task is None or request is None or request is task:
        return
    request.add_done_callback(lambda done: task.cancel() if done.cancelled() else None)


def _tell(ls: SteeringServer, args: Any, message: str) -> None:
    """Show a failure, unless the client that asked shows the command's result itself
    (`callerShowsResult`: Neovim's :SteeringAsk), so it is said once. Code actions run as
    commands whose result no editor shows: those are always said here."""
    if not (isinstance(args, dict) and args.get("callerShowsResult") is True):
        ls.tell(f"steering: {message}")


async def run_action(ls: SteeringServer, args: Any) -> dict[str, Any]:
    _follow_cancel(ls)
    await ls.wait_ready()
    try:
        target = _target(ls, args)
    except CommandError as exc:
        _tell(ls, args, str(exc))
        return _result("error", str(exc))
    from steering_index.llm.ladder import run_action as ladder_run
    from steering_index.llm.prompts import PriorAttempt
    from steering_index.llm.tiers import Tier, resolve_credentials

    settings = ls_ladder_settings(ls)
    if not resolve_credentials(settings).usable:
        message = (
            "no model key is configured. Set ANTHROPIC_API_KEY for the server "
            "(VS Code: run 'Steering: Set API key'), or set steering.baseUrl to an "
            "Anthropic-compatible server. 'Show the context that would be sent' works without one."
        )
        # The answer goes without the prefix: clients put their own name before it.
        _tell(ls, args, message)
        return _result("no-key", message)
    tier = Tier.FRONTIER if args.get("tier") == "frontier" else Tier.SMALL
    task = str(args.get("task") or "Improve this code following the project's rules.")
    try:
        prior = await asyncio.to_thread(_prior, target.state, args.get("prior"), PriorAttempt)
    except CommandError as exc:
        _tell(ls, args, str(exc))
        return _result("error", str(exc))
    try:
        context = await asyncio.to_thread(
            target.state.build_context, target.path, target.lines, task, target.text
        )
    except ContextRefused as exc:
        _tell(ls, args, str(exc))
        return _result("error", str(exc))
    checks = await asyncio.to_thread(target.state.edit_checks, target.path)
    model = settings.model_for(tier)
    progress = _progress(ls, f"Steering: {model}")
    async with progress as report:
        outcome = await ladder_run(
            context,
            target.text,
            settings,
            checks,
            tier=tier,
            prior=prior,
            recorder=target.state.record_call,
            on_progress=report,
            action=str(args.get("kind") or "edit"),
        )
    if progress.stopped:
        return _result("cancelled", "cancelled from the progress indicator; nothing was applied")
    _account(ls, outcome)
    if outcome.status != "proposed" or outcome.new_file_text is None:
        _tell(ls, args, f"nothing applied: {outcome.message}")
        return _result(
            "error" if outcome.status == "error" else "rejected",
            outcome.message,
            cost_usd=outcome.cost_usd,
            model=outcome.model,
            problems=list(outcome.problems),
        )
    return await _apply(ls, args, target, context, task, outcome)


def _prior(state: WorkspaceState, raw: Any, prior_type: Any) -> Any:
    """The earlier attempt a redo starts from: the recorded call `{"callId": id}` names."""
    if raw is None:
        return None
    call_id = raw.get("callId") if isinstance(raw, dict) else None
    if not isinstance(call_id, int) or isinstance(call_id, bool):
        raise CommandError("`prior` must be an object with the `callId` of a recorded call")
    call = state.model_call(call_id)
    if call is None or call.applied_text is None:
        raise CommandError(f"no applied model call {call_id} is recorded for this workspace")
    return prior_type(
        tier=call.tier,
        model=call.model,
        new_text=call.applied_text,
        problems=(),
        reason=str(raw.get("reason") or "the user asked for a frontier model to redo it"),
    )


async def _apply(
    ls: SteeringServer,
    args: Any,
    target: Target,
    context: FocusedContext,
    task: str,
    outcome: Any,
) -> dict[str, Any]:
    document = ls.workspace.get_text_document(target.uri)
    if document.version != target.version or document.source != target.text:
        message = (
            "the document changed while the model was working; nothing was applied. "
            "Run the action again."
        )
        _tell(ls, args, message)
        return _result("stale", message, cost_usd=outcome.cost_usd, model=outcome.model)
    edit = replacement_edit(ls, target, outcome.new_file_text)
    applied = await ls.workspace_apply_edit_async(
        types.ApplyWorkspaceEditParams(edit=edit, label=f"steering: {task[:60]}")
    )
    if not applied.applied:
        reason = applied.failure_reason or "the editor refused the edit"
        _tell(ls, args, f"nothing applied: {reason}")
        return _result("stale", reason, cost_usd=outcome.cost_usd, model=outcome.model)
    # Where the target's new text sits now: imports or edits above it move it.
    lines = outcome.new_lines or context.lines
    await asyncio.to_thread(target.state.mark_applied, outcome, lines)
    return _result("applied", outcome.message, cost_usd=outcome.cost_usd, model=outcome.model)


def replacement_edit(ls: SteeringServer, target: Target, new_file_text: str) -> types.WorkspaceEdit:
    """The smallest whole-line edit turning the document into `new_file_text`, versioned."""
    old_lines = split_lines(target.text, keepends=True)
    new_lines = split_lines(new_file_text, keepends=True)
    head = 0
    while head < min(len(old_lines), len(new_lines)) and old_lines[head] == new_lines[head]:
        head += 1
    tail = 0
    while (
        tail < min(len(old_lines), len(new_lines)) - head
        and old_lines[-1 - tail] == new_lines[-1 - tail]
    ):
        tail += 1
    index = LineIndex(target.text, ls.workspace.position_encoding or "utf-16")
    start = sum(len(line.encode("utf-8")) for line in old_lines[:head])
    end = sum(len(line.encode("utf-8")) for line in old_lines[: len(old_lines) - tail])
    replacement = "".join(new_lines[head : len(new_lines) - tail])
    text_edit = types.TextEdit(
        range=types.Range(start=index.byte_to_position(start), end=index.byte_to_position(end)),
        new_text=replacement,
    )
    return types.WorkspaceEdit(
        document_changes=[
            types.TextDocumentEdit(
                text_document=types.OptionalVersionedTextDocumentIdentifier(
                    uri=target.uri, version=target.version
                ),
                edits=[text_edit],
            )
        ]
    )


def _account(ls: SteeringServer, outcome: Any) -> None:
    """Log the action's tokens and cost, the session total, and notify `$/steering/usage`."""
    usage = ls.usage
    for call in outcome.calls:
        usage.input_tokens += (
            call.input_tokens + call.cache_creation_tokens + call.cache_read_tokens
        )
        usage.output_tokens += call.output_tokens
        usage.cost_usd += call.cost_usd
        usage.calls += 1
    tokens_in = sum(c.input_tokens for c in outcome.calls)
    tokens_out = sum(c.output_tokens for c in outcome.calls)
    ls.log_info(
        f"steering: {outcome.model}: {tokens_in} tokens in, {tokens_out} out, "
        f"${outcome.cost_usd:.4f}; session ${usage.cost_usd:.4f} over {usage.calls} calls"
    )
    ls.protocol.notify(
        "$/steering/usage",
        {
            "sessionInputTokens": usage.input_tokens,
            "sessionOutputTokens": usage.output_tokens,
            "sessionCostUsd": round(usage.cost_usd, 6),
            "lastCostUsd": round(outcome.cost_usd, 6),
            "lastModel": outcome.model,
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
        window = self.ls.client_capabilities.window
        if window and window.work_done_progress:
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
