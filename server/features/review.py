"""workspace/executeCommand `steering.review`: "Review with small models" on a selection or a file.

The session runs the reviewers (on the small tier, side by side, cached, each call in the
ledger); their findings become diagnostics with source `steering-review`. Those are kept
in their own store, by URI, apart from drift diagnostics: both are sent together (pushed,
or in the pull answer), a new review of the document replaces them, and any change to the
text clears them (the lines they name may no longer be there). A finding that gives a
replacement carries it in `data`, and code actions offer it as a quick fix.
"""

from __future__ import annotations

from typing import Any

from lsprotocol import types

from server.app import SteeringServer
from server.command_args import CommandArgs, CommandId
from server.convert import lines_to_range, range_to_lines
from server.features.diagnostics import republish
from server.features.execute_command import account
from steering_index.model import LineRange
from steering_index.session import REVIEW_SOURCE, ReviewFinding

_SEVERITY = {
    "high": types.DiagnosticSeverity.Error,
    "medium": types.DiagnosticSeverity.Warning,
    "low": types.DiagnosticSeverity.Information,
    "info": types.DiagnosticSeverity.Hint,
}


def register(server: SteeringServer) -> None:
    server.command(CommandId.REVIEW)(review)


def to_diagnostic(finding: ReviewFinding) -> types.Diagnostic:
    """A finding as a diagnostic over its whole lines; its replacement (new text for those
    lines) in `data`."""
    rule = f" [{finding.rule_id}]" if finding.rule_id else ""
    note = f" ({finding.note})" if finding.note else ""
    data = {"replacement": finding.replacement} if finding.replacement is not None else None
    return types.Diagnostic(
        range=lines_to_range(LineRange(finding.first_line, finding.last_line)),
        message=f"{finding.message}{rule} — {', '.join(finding.reviewers)}{note}",
        severity=_SEVERITY[finding.severity],
        code=finding.rule_id or f"review.{finding.reviewers[0]}",
        source=REVIEW_SOURCE,
        data=data,
    )


def _result(status: str, message: str, **extra: Any) -> dict[str, Any]:
    return {"status": status, "message": message, **extra}


async def review(ls: SteeringServer, args: CommandArgs) -> dict[str, Any]:
    """Review the document of `args.uri`, only `args.range` when one is given."""
    with ls.cancellable():
        await ls.wait_ready()
        if args.problem is not None:
            return _result("error", args.problem)
        document = ls.snapshot(args.uri) if ls.folder_for(args.uri) is not None else None
        if document is None:
            return _result("error", f"{args.uri} is not a readable file in a workspace folder")
        lines = None if args.range is None else range_to_lines(args.range)
        done = await document.session.review(document.path, document.text, lines)
        if done.calls:
            account(ls, done.calls, ls.settings.models.small, done.spent_usd)
        if done.status != "reviewed":
            if not args.caller_shows_result:
                ls.tell(f"steering: review: {done.message}")
            return _result(done.status, done.message, cost_usd=done.spent_usd)
        now = ls.snapshot(args.uri)
        if now is None or now.version != document.version or now.text != document.text:
            message = "the document changed during the review; run it again"
            return _result("stale", message, cost_usd=done.spent_usd)
        ls.reviews[args.uri] = [to_diagnostic(f) for f in done.findings]
        await republish(ls, args.uri)
        return _result(
            "reviewed", done.message, findings=len(done.findings), cost_usd=done.spent_usd
        )


def clear(ls: SteeringServer, uri: str) -> bool:
    """Forget the review diagnostics of `uri` (its text changed, or it closed); True if
    there were any."""
    return ls.reviews.pop(uri, None) is not None


def quick_fixes(
    uri: str, version: int | None, diagnostics: list[types.Diagnostic]
) -> list[types.CodeAction]:
    """A quick fix for every review diagnostic that carries a replacement: the new text of
    its lines, as a versioned edit."""
    fixes = []
    for diag in diagnostics:
        replacement = diag.data.get("replacement") if isinstance(diag.data, dict) else None
        if diag.source != REVIEW_SOURCE or not isinstance(replacement, str):
            continue
        text = replacement if replacement.endswith("\n") or not replacement else replacement + "\n"
        edit = types.TextDocumentEdit(
            text_document=types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=version),
            edits=[types.TextEdit(range=diag.range, new_text=text)],
        )
        fixes.append(
            types.CodeAction(
                title=f"Apply the reviewer's suggestion: {diag.message.split(' — ')[0][:60]}",
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[diag],
                edit=types.WorkspaceEdit(document_changes=[edit]),
            )
        )
    return fixes
