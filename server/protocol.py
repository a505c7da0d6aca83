"""SteeringProtocol: pygls's LSP protocol with document sync done by our own conversions.

pygls applies an incremental change by splitting the document with `str.splitlines`, which
also breaks at form feed, U+0085, U+2028 and more: an edit below such a character lands a
line too low, and the server's copy of the buffer no longer matches the editor's. Each
change is applied here with `server.convert` (lines end at `\\n`, `\\r\\n`, `\\r` only) and
handed to pygls's workspace as the whole new text. Lone surrogates, which JSON can carry and
UTF-8 cannot, become U+FFFD on the way in, so no later encode fails.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

from lsprotocol import types
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.language_server import lsp_method

from server.convert import UTF16, apply_change, without_lone_surrogates


class SteeringProtocol(LanguageServerProtocol):
    """The LSP protocol of the steering server."""

    @lsp_method(types.TEXT_DOCUMENT_DID_OPEN)
    def lsp_text_document__did_open(
        self, params: types.DidOpenTextDocumentParams
    ) -> Generator[Any, Any, None]:
        item = params.text_document
        item.text = without_lone_surrogates(item.text)
        self.workspace.put_text_document(item)
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_OPEN)) is not None:
            yield handler, (params,), None

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(
        self, params: types.DidChangeTextDocumentParams
    ) -> Generator[Any, Any, None]:
        document = self.workspace.get_text_document(params.text_document.uri)
        if document.version is None:  # not open: pygls made it up from the disk
            return
        encoding = self.workspace.position_encoding or UTF16
        text = document.source
        for change in params.content_changes:
            new_text = without_lone_surrogates(change.text)
            if isinstance(change, types.TextDocumentContentChangePartial):
                text = apply_change(text, change.range, new_text, encoding)
            else:
                text = new_text
        whole = types.TextDocumentContentChangeWholeDocument(text=text)
        self.workspace.update_text_document(params.text_document, whole)
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_CHANGE)) is not None:
            yield handler, (params,), None
