"""textDocument/codeAction: list fixes and model actions cheaply; listing never calls a model.

- a quick fix renaming drift to the convention, where the rename is safe (no other file
  refers to the name), and one accepting the drift where it is (a `steering: ignore`
  comment naming the convention);
- "Fix with <small model>" on a drift diagnostic, and "... with <frontier model>", except
  for findings about a whole file (its name, where its tests live), which a model's edit
  of a range cannot fix;
- "Rewrite the selection following the project's rules" on a non-empty selection;
- "Implement this instruction" on a comment ending with the instruction marker (`AI!`);
- "Show the context that would be sent" (no model, no key);
- "Redo with <frontier model>" on a range a smaller model edited (as the ledger records).
Model actions carry one argument object for the `steering.runAction` command.
"""

from __future__ import annotations

import asyncio
from typing import Any

from lsprotocol import types

from server.app import SteeringServer
from server.convert import line_index
from server.workspace import WorkspaceState
from steering_index.conventions.checks import convention_of
from steering_index.index.languages import language_for_path
from steering_index.index.lines import split_lines
from steering_index.model import Comment

RUN_ACTION = "steering.runAction"
SHOW_CONTEXT = "steering.showContext"
CONVENTIONS_SOURCE = "steering-conventions"


def register(server: SteeringServer) -> None:
    server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(
            code_action_kinds=[
                types.CodeActionKind.QuickFix,
                types.CodeActionKind.RefactorRewrite,
                types.CodeActionKind.Source,
            ]
        ),
    )(code_actions)


def _whole_lines(range_: types.Range) -> types.Range:
    end_line = range_.end.line
    if range_.end.character == 0 and end_line > range_.start.line:
        end_line -= 1
    return types.Range(
        start=types.Position(line=range_.start.line, character=0),
        end=types.Position(line=end_line + 1, character=0),
    )


def _model_action(
    title: str, kind: str, args: dict[str, Any], diagnostics: list[types.Diagnostic] | None = None
) -> types.CodeAction:
    return types.CodeAction(
        title=title,
        kind=kind,
        diagnostics=diagnostics,
        command=types.Command(title=title, command=RUN_ACTION, arguments=[args]),
    )


def _with_tiers(
    ls: SteeringServer, title: str, kind: str, args: dict[str, Any], diags: list | None = None
) -> list[types.CodeAction]:
    """The small-model action and its frontier twin (escalation on request)."""
    small, frontier = ls.settings.models.small, ls.settings.models.frontier
    return [
        _model_action(f"{title} with {small}", kind, {**args, "tier": "small"}, diags),
        _model_action(f"{title} with {frontier}", kind, {**args, "tier": "frontier"}, diags),
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


def _rename_fix(
    state: WorkspaceState,
    path: str,
    uri: str,
    version: int | None,
    diag: types.Diagnostic,
    text: str,
    encoding: str,
) -> types.CodeAction | None:
    data = diag.data if isinstance(diag.data, dict) else {}
    replacement = data.get("replacement")
    if not isinstance(replacement, str):
        return None
    index = line_index(text, encoding)
    start, end = index.range_to_bytes(diag.range)
    old = text.encode("utf-8")[start:end].decode("utf-8", errors="replace")
    spans = state.rename_spans(path, old)
    if not spans:
        return None
    edits = [
        types.TextEdit(range=index.span_to_range(span), new_text=replacement) for span in spans
    ]
    return types.CodeAction(
        title=f"Rename `{old}` to `{replacement}` (project convention)",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diag],
        edit=_versioned_edit(uri, version, edits),
        is_preferred=True,
    )


# Findings about a whole file (where its tests live, what it is called) are silenced for
# the file; the others on their line.
_FILE_LEVEL = ("tests.", "files.")


def _ignore_fix(
    path: str,
    uri: str,
    version: int | None,
    diag: types.Diagnostic,
    text: str,
    encoding: str,
) -> types.CodeAction | None:
    """Accept this one deviation where it is: a `steering: ignore[<id>]` comment."""
    convention = convention_of(str(diag.code or ""))
    language = language_for_path(path)
    index = line_index(text, encoding)
    lines = split_lines(text)
    line_no = diag.range.start.line
    if not convention or language is None or line_no >= len(lines):
        return None
    marker = "#" if language == "python" else "//"
    if convention.startswith(_FILE_LEVEL):
        title = f"Accept in this file: add `steering: ignore-file[{convention}]`"
        top = 1 if lines and lines[0].startswith("#!") else 0  # after a shebang
        at = types.Position(line=top, character=0)
        new_text = f"{marker} steering: ignore-file[{convention}]\n"
    else:
        line = lines[line_no]
        if "steering: ignore" in line or line.rstrip().endswith("\\"):
            return None  # already silenced, or a continued line a comment would break
        title = f"Accept here: add `steering: ignore[{convention}]`"
        end = index.byte_col_to_character(line_no, len(line.encode("utf-8")))
        at = types.Position(line=line_no, character=end)
        new_text = f"  {marker} steering: ignore[{convention}]"
    insert = types.TextEdit(range=types.Range(start=at, end=at), new_text=new_text)
    return types.CodeAction(
        title=title,
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diag],
        edit=_versioned_edit(uri, version, [insert]),
    )


def _instruction_comments(
    state: WorkspaceState, path: str, marker: str, first: int, last: int
) -> list[Comment]:
    extract = state.extract_for(path)
    if extract is None:
        return []
    return [
        c
        for c in extract.comments
        if c.text.rstrip().endswith(marker)
        and c.span.start_line <= last
        and c.span.end_line >= first
    ]


def _list_actions(ls: SteeringServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    uri = params.text_document.uri
    found = ls.folder_for(uri)
    if found is None:
        return []
    state, path = found
    document = ls.workspace.get_text_document(uri)
    if ls.document_text(uri) is None:
        return []
    state.current_buffer(path, document.version or 0, document.source)
    encoding = ls.workspace.position_encoding or "utf-16"
    lines = _whole_lines(params.range)
    base = {"uri": uri, "range": _range_json(lines), "version": document.version}
    actions: list[types.CodeAction] = []
    for diag in params.context.diagnostics:
        if diag.source != CONVENTIONS_SOURCE:
            continue
        fix = _rename_fix(state, path, uri, document.version, diag, document.source, encoding)
        if fix is not None:
            actions.append(fix)
        accept = _ignore_fix(path, uri, document.version, diag, document.source, encoding)
        if accept is not None:
            actions.append(accept)
        if convention_of(str(diag.code or "")).startswith(_FILE_LEVEL):
            continue  # a file's name or place: no edit inside its text can fix that
        args = {
            **base,
            "range": _range_json(_whole_lines(diag.range)),
            "kind": "fix",
            "task": f"Fix this: {diag.message}",
        }
        actions += _with_tiers(ls, "Fix", types.CodeActionKind.QuickFix, args, [diag])
    if params.range.start != params.range.end:
        args = {
            **base,
            "kind": "rewrite",
            "task": "Rewrite the selected code so that it follows the project's rules"
            " and conventions.",
        }
        actions += _with_tiers(
            ls,
            "Rewrite the selection following the project's rules",
            types.CodeActionKind.RefactorRewrite,
            args,
        )
    marker = ls.settings.instruction_marker
    last = lines.end.line - 1  # `lines` ends at the start of the next line
    for comment in _instruction_comments(state, path, marker, lines.start.line, last):
        instruction = comment.text.strip().rstrip(marker).strip(" #/*-")
        args = {
            **base,
            "kind": "instruction",
            "task": instruction,
            "range": _range_json(_whole_lines(_comment_block(comment))),
        }
        actions += _with_tiers(
            ls,
            f"Implement this instruction: {_shortened(instruction, 48)}",
            types.CodeActionKind.RefactorRewrite,
            args,
        )
    frontier = ls.settings.models.frontier
    actions += _redo_actions(state, path, document.source, lines, base, frontier)
    title = "Show the context that would be sent (no model call)"
    actions.append(
        types.CodeAction(
            title=title,
            kind=types.CodeActionKind.Source,
            command=types.Command(title=title, command=SHOW_CONTEXT, arguments=[base]),
        )
    )
    return actions


def _comment_block(comment: Comment) -> types.Range:
    return types.Range(
        start=types.Position(line=comment.span.start_line, character=0),
        end=types.Position(line=comment.span.end_line, character=1),
    )


def _redo_actions(
    state: WorkspaceState,
    path: str,
    text: str,
    lines: types.Range,
    base: dict[str, Any],
    frontier: str,
) -> list[types.CodeAction]:
    """ "Redo with the frontier model" on the newest edit a smaller model made here, read
    from the ledger; offered while the edit's text is still where it was applied."""
    first, last = lines.start.line + 1, lines.end.line
    document_lines = split_lines(text, keepends=True)
    for call in reversed(state.applied_calls(path)):
        where = call.lines
        if call.tier == "frontier" or call.applied_text is None or call.id is None:
            continue
        if where is None or where.last < first or where.first > max(first, last):
            continue
        if "".join(document_lines[where.first - 1 : where.last]) != _with_newline(
            call.applied_text
        ):
            continue  # edited since: the recorded attempt is not what is there
        args = {
            **base,
            "kind": "redo",
            "tier": "frontier",
            "task": call.task or "Improve this code following the project's rules.",
            "range": {
                "start": {"line": where.first - 1, "character": 0},
                "end": {"line": where.last, "character": 0},
            },
            "prior": {"callId": call.id},
        }
        title = f"Redo with {frontier}"
        return [_model_action(title, types.CodeActionKind.RefactorRewrite, args)]
    return []


def _with_newline(text: str) -> str:
    return text if text.endswith("\n") else text + "\n"


def _shortened(text: str, limit: int) -> str:
    """`text` cut at a word boundary to fit a menu title."""
    if len(text) <= limit:
        return text
    cut = text[: limit + 1].rsplit(" ", 1)[0].rstrip(" ,;:")
    return (cut or text[:limit]) + "…"


def _range_json(range_: types.Range) -> dict[str, Any]:
    return {
        "start": {"line": range_.start.line, "character": range_.start.character},
        "end": {"line": range_.end.line, "character": range_.end.character},
    }


async def code_actions(
    ls: SteeringServer, params: types.CodeActionParams
) -> list[types.CodeAction]:
    await ls.wait_ready()
    return await asyncio.to_thread(_list_actions, ls, params)
