"""The command ids the clients send are the server's, and a command's argument object is read
into typed values through pygls's converter, with a message for what does not fit."""

from __future__ import annotations

import re
from pathlib import Path

from lsprotocol import types

from server.command_args import CommandArgs, CommandId, PriorArgs, make_converter
from server.features import build_server

ROOT = Path(__file__).resolve().parents[2]
VSCODE = ROOT / "clients" / "vscode" / "src" / "actions.ts"
NEOVIM = ROOT / "clients" / "neovim" / "lua" / "steering" / "init.lua"


def client_command_ids(source: str) -> set[str]:
    """The strings in a client's `SERVER_COMMANDS` table, and any other `steering.*` id it
    passes to `workspace/executeCommand` directly."""
    table = re.search(r"SERVER_COMMANDS\s*=\s*\{(.*?)\}", source, re.DOTALL)
    assert table is not None, "the client has no SERVER_COMMANDS table"
    return set(re.findall(r'"(steering\.[A-Za-z]+)"', table.group(1)))


def test_both_clients_use_the_servers_command_ids() -> None:
    ids = {command.value for command in CommandId}
    for client in (VSCODE, NEOVIM):
        used = client_command_ids(client.read_text(encoding="utf-8"))
        assert used and used <= ids, f"{client.name} sends {sorted(used - ids)}"


def test_the_id_check_sees_an_id_the_server_lacks() -> None:
    source = 'local SERVER_COMMANDS = { ask = "steering.askAgain" }'
    assert client_command_ids(source) - {c.value for c in CommandId} == {"steering.askAgain"}


def test_the_server_registers_every_command_id() -> None:
    server = build_server()
    assert set(server.protocol.fm.commands) == {c.value for c in CommandId}


def _read(raw: object) -> CommandArgs:
    return make_converter().structure(raw, CommandArgs)


def test_an_argument_object_is_read_into_typed_values_both_ways() -> None:
    raw = {
        "uri": "file:///w/a.py",
        "range": {"start": {"line": 2, "character": 0}, "end": {"line": 4, "character": 0}},
        "task": "Fix this: drift",
        "kind": "fix",
        "tier": "frontier",
        "prior": {"callId": 7, "reason": "r"},
    }
    args = _read(raw)
    assert args.range == types.Range(
        start=types.Position(line=2, character=0), end=types.Position(line=4, character=0)
    )
    assert (args.task, args.action, args.tier) == ("Fix this: drift", "fix", "frontier")
    assert args.prior == PriorArgs(call_id=7, reason="r")
    assert args.problem is None
    assert _read(args.to_json()) == args


def test_a_clients_instruction_is_the_task_and_caller_shows_result_is_kept() -> None:
    args = _read({"uri": "file:///w/a.py", "instruction": "add logging", "callerShowsResult": True})
    assert args.task == "add logging" and args.caller_shows_result


def test_what_does_not_fit_is_a_problem_to_show_not_an_exception() -> None:
    assert _read(["not", "an", "object"]).problem == (
        "expected one argument object with at least a `uri`"
    )
    bad_range = _read({"uri": "file:///w/a.py", "range": "lines 3-4"})
    assert bad_range.problem is not None and "`range`" in bad_range.problem
    # A redo names the recorded call it starts from; the text it had is the ledger's.
    for prior in ({"text": "x = 1\n"}, {"callId": "7"}, {"callId": True}, 7):
        bad_prior = _read({"uri": "file:///w/a.py", "prior": prior})
        assert bad_prior.problem == "`prior` must be an object with the `callId` of a recorded call"
