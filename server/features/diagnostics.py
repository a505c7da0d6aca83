"""textDocument/diagnostic (pull), and publishDiagnostics (push) for clients without pull.

Convention drift in code and lint findings in steering files, each with its code (the
convention or lint id), relatedInformation pointing at the evidence or the rule's lines,
and the configured severity (Information by default, so as not to shout). The findings of
the last review of a document (`steering.review`, kept in `ls.reviews`) go with them.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from lsprotocol import types
from pygls.uris import from_fs_path

from server.app import DocumentSnapshot, SteeringServer
from server.convert import LineIndex, line_index, lines_to_range
from steering_index.model import Finding, Location, Severity

log = logging.getLogger(__name__)
_SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "information": types.DiagnosticSeverity.Information,
    "hint": types.DiagnosticSeverity.Hint,
}


def register(server: SteeringServer) -> None:
    server.feature(
        types.TEXT_DOCUMENT_DIAGNOSTIC,
        types.DiagnosticOptions(
            identifier="steering", inter_file_dependencies=True, workspace_diagnostics=False
        ),
    )(pull_diagnostics)


def _location_range(location: Location, index: LineIndex | None) -> types.Range:
    if location.span is not None and index is not None:
        return index.span_to_range(location.span)
    return lines_to_range(location.lines)


def _uri(root: Path, path: str) -> str:
    return from_fs_path(str(root / path)) or ""


def to_diagnostic(
    finding: Finding,
    root: Path,
    index: LineIndex,
    severity_setting: str,
    titles: dict[tuple[str, int], str] | None = None,
) -> types.Diagnostic:
    severity = (
        _SEVERITY[severity_setting]
        if finding.severity in (Severity.INFORMATION, Severity.HINT, Severity.WARNING)
        else types.DiagnosticSeverity.Error
    )
    related = [
        types.DiagnosticRelatedInformation(
            location=types.Location(uri=_uri(root, loc.path), range=_location_range(loc, None)),
            message=_related_message(loc, titles or {}),
        )
        for loc in finding.related
    ]
    return types.Diagnostic(
        range=_location_range(finding.location, index),
        message=finding.message,
        severity=severity,
        code=finding.code,
        source=finding.source,
        related_information=related or None,
    )


def diagnostics_for(document: DocumentSnapshot, severity: str) -> list[types.Diagnostic]:
    """The document's findings as diagnostics; runs in a worker thread."""
    session = document.session
    index = line_index(document.text, document.encoding)
    findings = session.findings_for(document.path, document.text)
    titles = session.rule_titles()
    return [to_diagnostic(f, session.root, index, severity, titles) for f in findings]


async def _diagnostics(ls: SteeringServer, uri: str) -> list[types.Diagnostic]:
    document = ls.snapshot(uri)
    if document is None:
        return []
    found = await asyncio.to_thread(diagnostics_for, document, ls.settings.diagnostic_severity)
    return found + (ls.reviews.get(uri, []) if _reviews_travel_with_drift(ls) else [])


def _reviews_travel_with_drift(ls: SteeringServer) -> bool:
    """Whether review diagnostics go out with the drift ones: always when they are pushed,
    and in pull answers when the server can ask the client to pull again after a review.
    A client that pulls but takes no refresh gets them pushed on their own (editors keep
    pushed and pulled diagnostics apart, so neither hides the other)."""
    return not ls.client.pulls_diagnostics or ls.client.refreshes_diagnostics


async def republish(ls: SteeringServer, uri: str) -> None:
    """After the review diagnostics of `uri` changed: the client is told at once."""
    if not ls.client.pulls_diagnostics:
        await publish_for(ls, uri)
    elif ls.client.refreshes_diagnostics:
        ls.workspace_diagnostic_refresh(None)
    else:
        ls.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=ls.reviews.get(uri, []))
        )


def _related_message(location: Location, titles: dict[tuple[str, int], str]) -> str:
    title = titles.get((location.path, location.lines.first))
    where = f"{location.path}:{location.lines.first}"
    return f"steering rule “{title}” ({where})" if title else where


async def publish_for(ls: SteeringServer, uri: str) -> None:
    """Push diagnostics for `uri` (clients that pull get a refresh request instead)."""
    if ls.client.pulls_diagnostics:
        return
    diagnostics = await _diagnostics(ls, uri)
    document = ls.workspace.get_text_document(uri)
    ls.text_document_publish_diagnostics(
        types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=document.version)
    )


async def refresh_open_documents(ls: SteeringServer) -> None:
    """After rules, conventions or the index changed: every open document's diagnostics."""
    if ls.client.pulls_diagnostics:
        if ls.client.refreshes_diagnostics:
            ls.workspace_diagnostic_refresh(None)
        return
    # The workspace keys its documents by decoded URI; the client knows each by its own URI
    # (`data%2541.py` is not `data%41.py`), so publish under `document.uri`.
    for document in list(ls.workspace.text_documents.values()):
        try:
            await publish_for(ls, document.uri)
        except Exception:  # one document that cannot be checked must not stop the others
            log.exception("diagnostics for %s failed", document.uri)


async def pull_diagnostics(
    ls: SteeringServer, params: types.DocumentDiagnosticParams
) -> types.FullDocumentDiagnosticReport:
    await ls.wait_ready()
    items = await _diagnostics(ls, params.text_document.uri)
    return types.FullDocumentDiagnosticReport(items=items)
