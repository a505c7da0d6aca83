"""textDocument/didOpen, didChange, didSave, didClose: open buffers are the truth for their files.

Each change schedules a re-extraction of that URI after `debounceMs` of quiet; a newer
change replaces the pending one, so fast typing costs one extraction per pause and the
queue never holds more than one job per open document.
"""

from __future__ import annotations

import asyncio

from lsprotocol import types

from server.app import SteeringServer
from server.features import review
from server.features.diagnostics import publish_for, republish


def register(server: SteeringServer) -> None:
    server.feature(types.TEXT_DOCUMENT_DID_OPEN)(did_open)
    server.feature(types.TEXT_DOCUMENT_DID_CHANGE)(did_change)
    server.feature(types.TEXT_DOCUMENT_DID_SAVE)(did_save)
    server.feature(types.TEXT_DOCUMENT_DID_CLOSE)(did_close)


async def sync_buffer(ls: SteeringServer, uri: str) -> None:
    """Re-extract the buffer of `uri` from its current text and refresh its diagnostics."""
    await ls.wait_ready()
    found = ls.folder_for(uri)
    if found is None:
        return
    state, path = found
    document = ls.document_text(uri)
    if document is None:
        return
    source, version = document
    await asyncio.to_thread(state.update_buffer, path, version, source)
    await publish_for(ls, uri)


def _schedule(ls: SteeringServer, uri: str, delay_s: float) -> None:
    ls.debouncer.schedule(uri, delay_s, lambda: sync_buffer(ls, uri))


async def did_open(ls: SteeringServer, params: types.DidOpenTextDocumentParams) -> None:
    _schedule(ls, params.text_document.uri, 0)


async def did_change(ls: SteeringServer, params: types.DidChangeTextDocumentParams) -> None:
    uri = params.text_document.uri
    if review.clear(ls, uri) and ls.client.pulls_diagnostics:
        await republish(ls, uri)  # pushed ones go out with the next publish below
    _schedule(ls, uri, ls.settings.debounce_ms / 1000)


async def did_save(ls: SteeringServer, params: types.DidSaveTextDocumentParams) -> None:
    _schedule(ls, params.text_document.uri, 0)


async def did_close(ls: SteeringServer, params: types.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    ls.debouncer.cancel(uri)
    review.clear(ls, uri)
    found = ls.folder_for(uri)
    if found is not None:
        await asyncio.to_thread(found[0].close_buffer, found[1])
