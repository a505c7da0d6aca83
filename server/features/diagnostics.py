"""textDocument/diagnostic (pull), and publishDiagnostics (push) for clients without pull.

Convention drift in code and lint findings in steering files, each with its code (the
convention or lint id), relatedInformation pointing at the evidence or the rule's lines,
and the configured severity (Information by default, so as not to shout).
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from lsprotocol import types
from pygls.uris import from_fs_path

from server.app import SteeringServer
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


def _client_pulls(ls: SteeringServer) -> bool:
    text = ls.client_capabilities.text_document
    return bool(text and text.diagnostic)


def _location_range(location: Location, index: LineIndex | None) -> types.Range:
    if location.span is not None and index is not None:
        return index.span_to_range(location.span)
    return lines_to_range(location.lines)


def _uri(root: Path, path: str) -> str:
    return from_fs_path(str(root / path)) or ""


def to_diagnostic(
    ls: SteeringServer,
    finding: Finding,
    root: Path,
    index: LineIndex,
    titles: dict[tuple[str, int], str] | None = None,
) -> types.Diagnostic:
    severity = (
        _SEVERITY[ls.settings.diagnostic_severity]
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
        data={"replacement": finding.replacement} if finding.replacement else None,
    )


def diagnostics_for(ls: SteeringServer, uri: str) -> list[types.Diagnostic]:
    found = ls.folder_for(uri)
    if found is None:
        return []
    state, path = found
    document = ls.document_text(uri)
    if document is None:
        return []
    index = line_index(document[0], ls.workspace.position_encoding or "utf-16")
    findings = state.findings_for(path)
    titles = {(rule.source, rule.lines.first): rule.title for rule in state.ruleset.rules}
    return [to_diagnostic(ls, finding, state.root, index, titles) for finding in findings]


def _related_message(location: Location, titles: dict[tuple[str, int], str]) -> str:
    title = titles.get((location.path, location.lines.first))
    where = f"{location.path}:{location.lines.first}"
    return f"steering rule “{title}” ({where})" if title else where


async def publish_for(ls: SteeringServer, uri: str) -> None:
    """Push diagnostics for `uri` (clients that pull get a refresh request instead)."""
    if _client_pulls(ls):
        return
    diagnostics = await asyncio.to_thread(diagnostics_for, ls, uri)
    document = ls.workspace.get_text_document(uri)
    ls.text_document_publish_diagnostics(
        types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=document.version)
    )


async def refresh_open_documents(ls: SteeringServer) -> None:
    """After rules, conventions or the index changed: every open document's diagnostics."""
    if _client_pulls(ls):
        workspace = ls.client_capabilities.workspace
        refresh = workspace.diagnostics if workspace else None
        if refresh and refresh.refresh_support:
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
    items = await asyncio.to_thread(diagnostics_for, ls, params.text_document.uri)
    return types.FullDocumentDiagnosticReport(items=items)
