"""The server's commands: their ids (the clients use the same strings) and their one argument.

Every `steering.*` command takes one argument object. pygls converts it to `CommandArgs`
with the converter this module makes (the structure hook below), so a handler receives
typed values. An object that does not fit is not an error response: its `problem` says
what is wrong, and the command answers `{"status": "error", "message": problem}`, which
the clients show as they show any other failure.

Wire names are the clients': `instruction` is the user's words from an "Ask" command and
`task` the words a code action carries; both are the model's *task* here. `kind` on the
wire is the *action* (fix, rewrite, instruction, redo, ask) recorded with the model call.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import cattrs
from lsprotocol import types
from pygls.protocol import default_converter


class CommandId(StrEnum):
    """`workspace/executeCommand` ids. clients/vscode (`SERVER_COMMANDS` in actions.ts) and
    clients/neovim (`SERVER_COMMANDS` in init.lua) spell the same strings; a test checks."""

    RUN_ACTION = "steering.runAction"
    ASK = "steering.ask"
    SHOW_CONTEXT = "steering.showContext"
    SHOW_RULES = "steering.showRules"
    REVIEW = "steering.review"
    SAVE_STRATEGY = "steering.saveStrategy"
    ACCEPT_FINDINGS = "steering.acceptFindings"


@dataclass(frozen=True, slots=True)
class PriorArgs:
    """The recorded model call whose applied edit "Redo with <frontier>" starts from: the
    ledger has its text, model and tier; the argument names the call only. For
    `steering.saveStrategy` it names the frontier call whose lesson is saved."""

    call_id: int
    reason: str = ""


@dataclass(frozen=True, slots=True)
class CommandArgs:
    """The argument object of every command; `problem` is set when it could not be read."""

    uri: str = ""
    range: types.Range | None = None
    task: str | None = None
    action: str | None = None
    tier: str | None = None
    prior: PriorArgs | None = None
    caller_shows_result: bool = False
    # `steering.acceptFindings`: every file of the document's workspace folder, not only it.
    whole_workspace: bool = False
    problem: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The object as a code action carries it to the client and back."""
        out: dict[str, Any] = {"uri": self.uri}
        if self.range is not None:
            out["range"] = _range_json(self.range)
        for key, value in (("task", self.task), ("kind", self.action), ("tier", self.tier)):
            if value is not None:
                out[key] = value
        if self.prior is not None:
            out["prior"] = {"callId": self.prior.call_id}
            if self.prior.reason:
                out["prior"]["reason"] = self.prior.reason
        return out


def _range_json(range_: types.Range) -> dict[str, Any]:
    return {
        "start": {"line": range_.start.line, "character": range_.start.character},
        "end": {"line": range_.end.line, "character": range_.end.character},
    }


def _text(raw: Mapping[str, Any], key: str) -> str | None:
    value = raw.get(key)
    return str(value) if value is not None and not isinstance(value, (dict, list)) else None


def command_args(raw: Any, converter: cattrs.Converter) -> CommandArgs:
    """`raw` (the JSON value a client sent) read as a CommandArgs, never raising."""
    if not isinstance(raw, Mapping) or not isinstance(raw.get("uri"), str):
        return CommandArgs(problem="expected one argument object with at least a `uri`")
    range_ = None
    if raw.get("range") is not None:
        try:
            range_ = converter.structure(raw["range"], types.Range)
        except Exception as exc:
            detail = "; ".join(cattrs.transform_error(exc)[:2]) or str(exc)
            return CommandArgs(uri=raw["uri"], problem=f"`range` is not an LSP range: {detail}")
    prior_raw = raw.get("prior")
    prior = None
    if prior_raw is not None:
        call_id = prior_raw.get("callId") if isinstance(prior_raw, Mapping) else None
        if not isinstance(call_id, int) or isinstance(call_id, bool):
            return CommandArgs(
                uri=raw["uri"],
                problem="`prior` must be an object with the `callId` of a recorded call",
            )
        prior = PriorArgs(call_id=call_id, reason=_text(prior_raw, "reason") or "")
    return CommandArgs(
        uri=raw["uri"],
        range=range_,
        task=_text(raw, "instruction") or _text(raw, "task"),
        action=_text(raw, "kind"),
        tier=_text(raw, "tier"),
        prior=prior,
        caller_shows_result=raw.get("callerShowsResult") is True,
        whole_workspace=raw.get("workspace") is True,
    )


def make_converter() -> cattrs.Converter:
    """pygls's converter, which also reads `CommandArgs`."""
    converter = default_converter()
    converter.register_structure_hook(CommandArgs, lambda raw, _: command_args(raw, converter))
    return converter
