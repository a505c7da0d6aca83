"""textDocument/codeAction and codeAction/resolve: list fixes and model actions cheaply;
listing never calls a model.

- a quick fix renaming drift to the convention, where the rename is safe (no other file
  refers to the name), and one accepting the drift where it is (a `steering: ignore`
  comment naming the convention);
- "Fix with <small model>" on a drift diagnostic, and "... with <frontier model>", except
  for findings about a whole file (its name, where its tests live), which a model's edit
  of a range cannot fix;
- "Rewrite the selection following the project's rules" on a non-empty selection;
- "Implement this instruction" on a comment ending with the instruction marker (`AI!`);
- "Show the context that would be sent" (no model, no key);
- "Redo with <frontier model>" on a range a smaller model edited (as the ledger records);
- "Apply the reviewer's suggestion" on a review finding that gives a replacement.
- "Save what worked as a strategy (at most $X)" on a range the frontier tier edited where
  the small tier had failed, in this session (`steering.saveStrategy`).
Model actions carry one argument object for the `steering.runAction` command. The rename's
edit (every use of the name in the file) is computed in `codeAction/resolve` when the
client resolves edits (VS Code, Neovim 0.6 and later), else listed with the action.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace

from lsprotocol import types

from server.app import DocumentSnapshot, SteeringServer
from server.command_args import CommandArgs, CommandId, PriorArgs
from server.convert import line_index, lines_to_range
from server.features import review
from steering_index.model import LineRange, ModelCall
from steering_index.session import (
    CONVENTIONS_SOURCE,
    DEFAULT_TASK,
    REWRITE_TASK,
    Action,
    Models,
    fix_task,
    is_file_level,
    shortened,
)


def register(server: SteeringServer) -> None:
    server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(
            code_action_kinds=[
                types.CodeActionKind.QuickFix,
                types.CodeActionKind.RefactorRewrite,
                types.CodeActionKind.Source,
            ],
            resolve_provider=True,
        ),
    )(code_actions)
    server.feature(types.CODE_ACTION_RESOLVE)(resolve_code_action)


@dataclass(frozen=True, slots=True)
class ActionSettings:
    """What listing actions reads of the settings and the client, taken on the event loop."""

    models: Models
    instruction_marker: str
    resolve_edits: bool = False  # leave the rename's edit to codeAction/resolve


def _whole_lines(range_: types.Range) -> types.Range:
    end_line = range_.end.line
    if range_.end.character == 0 and end_line > range_.start.line:
        end_line -= 1
    return types.Range(
        start=types.Position(line=range_.start.line, character=0),
        end=types.Position(line=end_line + 1, character=0),
    )


def _model_action(
    title: str,
    kind: str,
    args: CommandArgs,
    diagnostics: list[types.Diagnostic] | None = None,
) -> types.CodeAction:
    return types.CodeAction(
        title=title,
        kind=kind,
        diagnostics=diagnostics,
        command=types.Command(
            title=title, command=CommandId.RUN_ACTION, arguments=[args.to_json()]
        ),
    )


def _with_tiers(
    models: Models,
    title: str,
    kind: str,
    args: CommandArgs,
    diags: list[types.Diagnostic] | None = None,
) -> list[types.CodeAction]:
    """The small-model action and its frontier twin (escalation on request)."""
    return [
        _model_action(f"{title} with {models.small}", kind, replace(args, tier="small"), diags),
        _model_action(
            f"{title} with {models.frontier}", kind, replace(args, tier="frontier"), diags
        ),
    ]


def _versioned_edit(
    uri: str, version: int | None, edits: list[types.TextEdit]
) -> types.WorkspaceEdit:
    """Edits to one document at the version they were made for (an editor refuses them once
    the document has moved on)."""
    return types.WorkspaceEdit(
        document_changes=[
            types.TextDocumentEdit(
                text_document=types.OptionalVersionedTextDocumentIdentifier(
                    uri=uri, version=version
                ),
                edits=list(edits),
            )
        ]
    )


@dataclass(frozen=True, slots=True)
class RenameData:
    """What a listed rename carries for codeAction/resolve to compute its edit."""

    uri: str
    version: int | None
    name: str
    replacement: str


def _rename_fix(
    document: DocumentSnapshot, diag: types.Diagnostic, lazy: bool
) -> types.CodeAction | None:
    index = line_index(document.text, document.encoding)
    start, _end = index.range_to_bytes(diag.range)
    found = document.session.rename_for(document.path, document.text, str(diag.code), start)
    if found is None:
        return None
    action = types.CodeAction(
        title=f"Rename `{found.name}` to `{found.replacement}` (project convention)",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diag],
        is_preferred=True,
    )
    rename = RenameData(document.uri, document.version, found.name, found.replacement)
    if lazy:
        action.data = {"rename": asdict(rename)}
    else:
        action.edit = rename_edit(document, rename)
    return action


def rename_edit(document: DocumentSnapshot, rename: RenameData) -> types.WorkspaceEdit:
    """Every use of the name in the document renamed, at the version the action was for."""
    index = line_index(document.text, document.encoding)
    spans = document.session.rename_spans(document.path, rename.name)
    edits = [
        types.TextEdit(range=index.span_to_range(span), new_text=rename.replacement)
        for span in spans
    ]
    return _versioned_edit(rename.uri, rename.version, edits)


async def resolve_code_action(ls: SteeringServer, action: types.CodeAction) -> types.CodeAction:
    """The rename's edit, computed now that the user chose it. A document that changed since
    the listing gets an edit for the old version, which the editor refuses, as it should."""
    raw = action.data.get("rename") if isinstance(action.data, dict) else None
    if action.edit is not None or not isinstance(raw, dict):
        return action
    try:
        rename = RenameData(**raw)
    except TypeError:
        return action
    document = ls.snapshot(rename.uri)
    if document is None:
        return action
    action.edit = await asyncio.to_thread(rename_edit, document, rename)
    return action


def _ignore_fix(document: DocumentSnapshot, diag: types.Diagnostic) -> types.CodeAction | None:
    """Accept this one deviation where it is: a `steering: ignore[<id>]` comment."""
    line_no = diag.range.start.line
    code = str(diag.code or "")
    found = document.session.suppression(document.path, code, document.text, line_no)
    if found is None:
        return None
    character = 0
    if found.at_line_end:
        index = line_index(document.text, document.encoding)
        end_byte = len(index.line_text(found.line).encode("utf-8"))
        character = index.byte_col_to_character(found.line, end_byte)
    at = types.Position(line=found.line, character=character)
    insert = types.TextEdit(range=types.Range(start=at, end=at), new_text=found.text)
    return types.CodeAction(
        title=found.title,
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diag],
        edit=_versioned_edit(document.uri, document.version, [insert]),
    )


def _finding_actions(
    document: DocumentSnapshot, settings: ActionSettings, base: CommandArgs, diag: types.Diagnostic
) -> list[types.CodeAction]:
    actions = [
        fix
        for fix in (
            _rename_fix(document, diag, settings.resolve_edits),
            _ignore_fix(document, diag),
        )
        if fix is not None
    ]
    if is_file_level(str(diag.code or "")):
        return actions  # a file's name or place: no edit inside its text can fix that
    args = replace(
        base,
        range=_whole_lines(diag.range),
        action=Action.FIX,
        task=fix_task(diag.message),
    )
    return actions + _with_tiers(
        settings.models, "Fix", types.CodeActionKind.QuickFix, args, [diag]
    )


def list_actions(
    document: DocumentSnapshot,
    selection: types.Range,
    diagnostics: Sequence[types.Diagnostic],
    settings: ActionSettings,
) -> list[types.CodeAction]:
    """Every action for `selection`; runs in a worker thread."""
    session = document.session
    session.current_buffer(document.path, document.version or 0, document.text)
    lines = _whole_lines(selection)
    base = CommandArgs(uri=document.uri, range=lines)
    actions: list[types.CodeAction] = []
    for diag in diagnostics:
        if diag.source == CONVENTIONS_SOURCE:
            actions += _finding_actions(document, settings, base, diag)
    actions += review.quick_fixes(document.uri, document.version, list(diagnostics))
    if selection.start != selection.end:
        args = replace(base, action=Action.REWRITE, task=REWRITE_TASK)
        actions += _with_tiers(
            settings.models,
            "Rewrite the selection following the project's rules",
            types.CodeActionKind.RefactorRewrite,
            args,
        )
    asked = LineRange(lines.start.line + 1, max(lines.start.line + 1, lines.end.line))
    for instruction in session.instructions(document.path, settings.instruction_marker, asked):
        args = replace(
            base,
            action=Action.INSTRUCTION,
            task=instruction.task,
            range=lines_to_range(instruction.lines),
        )
        actions += _with_tiers(
            settings.models,
            f"Implement this instruction: {shortened(instruction.task, 48)}",
            types.CodeActionKind.RefactorRewrite,
            args,
        )
    redo = session.redo_candidate(document.path, document.text, asked)
    actions += _redo_actions(settings.models, redo, base)
    actions += _save_strategy_actions(document, asked, base)
    title = "Show the context that would be sent (no model call)"
    actions.append(
        types.CodeAction(
            title=title,
            kind=types.CodeActionKind.Source,
            command=types.Command(
                title=title, command=CommandId.SHOW_CONTEXT, arguments=[base.to_json()]
            ),
        )
    )
    return actions


def _redo_actions(
    models: Models, call: ModelCall | None, base: CommandArgs
) -> list[types.CodeAction]:
    """ "Redo with the frontier model" on the newest edit a smaller model made here (as the
    ledger records it), while its text is still where it was applied."""
    if call is None or call.lines is None or call.id is None:
        return []
    args = replace(
        base,
        action=Action.REDO,
        tier="frontier",
        task=call.task or DEFAULT_TASK,
        range=types.Range(
            start=types.Position(line=call.lines.first - 1, character=0),
            end=types.Position(line=call.lines.last, character=0),
        ),
        prior=PriorArgs(call_id=call.id),
    )
    title = f"Redo with {models.frontier}"
    return [_model_action(title, types.CodeActionKind.RefactorRewrite, args)]


def _save_strategy_actions(
    document: DocumentSnapshot, asked: LineRange, base: CommandArgs
) -> list[types.CodeAction]:
    """ "Save what worked as a strategy" on a frontier edit that succeeded where the small
    tier failed, with the most the one call that writes it can cost."""
    session = document.session
    call = session.lesson_candidate(document.path, document.text, asked)
    if call is None or call.id is None:
        return []
    worst = session.strategy_cost(call.id)
    cost = f"at most ${worst:.4f}" if worst is not None else "price unknown"
    title = f"Save what worked as a strategy ({cost})"
    args = replace(base, prior=PriorArgs(call_id=call.id))
    command = types.Command(
        title=title, command=CommandId.SAVE_STRATEGY, arguments=[args.to_json()]
    )
    # A refactor kind, as Redo: VS Code keeps source actions out of the lightbulb menu.
    kind = types.CodeActionKind.RefactorRewrite
    return [types.CodeAction(title=title, kind=kind, command=command)]


async def code_actions(
    ls: SteeringServer, params: types.CodeActionParams
) -> list[types.CodeAction]:
    await ls.wait_ready()
    document = ls.snapshot(params.text_document.uri)
    if document is None:
        return []
    settings = ActionSettings(
        ls.settings.models, ls.settings.instruction_marker, ls.client.resolves_action_edits
    )
    return await asyncio.to_thread(
        list_actions, document, params.range, params.context.diagnostics, settings
    )
