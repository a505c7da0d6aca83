"""SteeringProtocol: pygls's LSP protocol, answering every request and syncing documents our way.

Every request gets exactly one response. pygls drops, without an answer, a message it cannot
structure (`line: -1`, a number above uint32, `{"textDocument": {}}`, params as an array),
one without `"jsonrpc": "2.0"`, and any request after `shutdown`; the editor then waits
forever. `handle_frame` checks the envelope and the lifecycle first and answers with the
error the JSON-RPC and LSP specifications name: -32700 for a body that is not JSON, -32600
for an invalid request (or one after `shutdown`, or a second `initialize`), -32602 for
params that do not fit the method, -32002 for a request before `initialize`.

pygls applies an incremental change by splitting the document with `str.splitlines`, which
also breaks at form feed, U+0085, U+2028 and more: an edit below such a character lands a
line too low, and the server's copy of the buffer no longer matches the editor's. Each
change is applied here with `server.convert` (lines end at `\\n`, `\\r\\n`, `\\r` only) and
handed to pygls's workspace as the whole new text. Lone surrogates, which JSON can carry and
UTF-8 cannot, become U+FFFD on the way in, so no later encode fails.

Cancellation is seen early: the reader thread notes the id of every `$/cancelRequest` as soon
as it reads one (`note_cancel`), ahead of the event loop, which may still be working through
a burst. A request already cancelled when its turn comes is answered -32800 before its params
are structured or a task is made for it: in a burst where an editor cancels each superseded
hover, the newest one waits only for the requests still wanted.
"""

from __future__ import annotations

import asyncio
import contextvars
import json
import logging
import re
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from typing import Any

import cattrs
from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.language_server import lsp_method

from server.convert import UTF16, apply_change, without_lone_surrogates

log = logging.getLogger(__name__)

PARSE_ERROR = -32700
INVALID_REQUEST = -32600
INVALID_PARAMS = -32602
SERVER_NOT_INITIALIZED = -32002
REQUEST_CANCELLED = -32800
_CANCEL_METHOD = b'"$/cancelRequest"'
# Requests whose answer changes the session: they run even when cancelled.
_UNCANCELLABLE = frozenset({types.INITIALIZE, types.SHUTDOWN})
# The id of a request whose body was cut short, so that even it gets its (error) answer.
_ID = re.compile(rb'"id"\s*:\s*(-?\d+|"(?:[^"\\]|\\.)*")')


class SteeringProtocol(LanguageServerProtocol):
    """The LSP protocol of the steering server."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initialize_received = False
        self.shutdown_received = False
        # Commands that a `$/cancelRequest` for their request id must stop (see `cancellable`).
        self._cancellable: dict[int | str, asyncio.Task[Any]] = {}
        # Ids the reader thread saw cancelled; set.add/discard are atomic under the GIL.
        self.cancelled_early: set[int | str] = set()
        self.dropped: set[int | str] = set()  # answered -32800 here; their cancel is not passed on

    def note_cancel(self, body: bytes) -> None:
        """Called on the reader thread for every body, before it is queued for the loop."""
        if _CANCEL_METHOD not in body:
            return
        try:
            data = json.loads(body)
        except ValueError:
            return
        if isinstance(data, dict) and data.get("method") == types.CANCEL_REQUEST:
            params = data.get("params")
            msg_id = params.get("id") if isinstance(params, dict) else None
            if isinstance(msg_id, (int, str)) and not isinstance(msg_id, bool):
                self.cancelled_early.add(msg_id)

    @contextmanager
    def cancellable(self) -> Iterator[None]:
        """Within this block, a `$/cancelRequest` for the current request cancels the
        running task.

        pygls runs a command inside a generator, and a cancel only cancels that generator's
        future: without this the command's own task would stream on and apply its edit.
        """
        task, msg_id = asyncio.current_task(), self.msg_id
        if task is None or msg_id is None:
            yield
            return
        self._cancellable[msg_id] = task
        try:
            yield
        finally:
            self._cancellable.pop(msg_id, None)

    def _cancel_command(self, params: Any) -> None:
        msg_id = params.get("id") if isinstance(params, dict) else None
        task = self._cancellable.get(msg_id) if isinstance(msg_id, (int, str)) else None
        if task is not None and not task.done():
            task.cancel()

    # --- messages -----------------------------------------------------------------------

    def handle_frame(self, body: bytes) -> None:
        """One message body from the transport: checked, then handed to pygls, or answered
        with an error."""
        try:
            data = json.loads(body)
        except ValueError as exc:
            self.send_error(_salvaged_id(body), PARSE_ERROR, f"the message is not JSON: {exc}")
            return
        if not isinstance(data, dict):
            self.send_error(None, INVALID_REQUEST, "a message must be a JSON object")
            return
        method = data.get("method")
        msg_id = data.get("id")
        is_request = "method" in data and "id" in data
        if is_request and (isinstance(msg_id, bool) or not isinstance(msg_id, (int, str))):
            self.send_error(None, INVALID_REQUEST, "a request's id must be a number or a string")
            return
        problem = self._envelope_problem(data, method)
        if problem is not None:
            if is_request or ("method" not in data and "id" not in data):
                self.send_error(msg_id if is_request else None, INVALID_REQUEST, problem)
            else:
                log.warning("dropped a message: %s", problem)
            return
        if isinstance(method, str) and not self._admit(method, msg_id if is_request else None):
            return
        if method == types.CANCEL_REQUEST:
            # Its request came earlier in the stream, so it has had its turn by now: either it
            # was answered here (nothing left to do) or pygls runs it (pygls may stop it).
            params = data.get("params")
            cancelled = params.get("id") if isinstance(params, dict) else None
            if isinstance(cancelled, (int, str)):
                self.cancelled_early.discard(cancelled)
                if cancelled in self.dropped:
                    self.dropped.discard(cancelled)
                    return
        elif is_request and msg_id in self.cancelled_early and method not in _UNCANCELLABLE:
            self.cancelled_early.discard(msg_id)
            self.dropped.add(msg_id)
            self.send_error(msg_id, REQUEST_CANCELLED, f"{method} was cancelled")
            return
        try:
            message = self.structure_message(data)
        except JsonRpcException as exc:
            self._refuse(data, is_request, exc)
            return
        if is_request:
            self.initialize_received |= method == types.INITIALIZE
            self.shutdown_received |= method == types.SHUTDOWN
            # pygls's handle_message tells requests from notifications with isinstance checks
            # against runtime-checkable Protocols, about 65 µs each on Python 3.11: a quarter of
            # a hover's cost in a burst. The envelope already says which it is.
            contextvars.copy_context().run(
                self._handle_request, message.id, message.method, message.params
            )
        elif "id" not in data:
            if method == types.CANCEL_REQUEST:
                self._cancel_command(data.get("params"))
            contextvars.copy_context().run(
                self._handle_notification, message.method, message.params
            )
        else:
            self.handle_message(message)

    @staticmethod
    def _envelope_problem(data: dict[str, Any], method: Any) -> str | None:
        if data.get("jsonrpc") != "2.0":
            return 'not a JSON-RPC 2.0 message: `"jsonrpc": "2.0"` is missing'
        if "method" in data and not isinstance(method, str):
            return "`method` must be a string"
        if "method" not in data and "id" not in data:
            return "neither a request, a notification nor a response"
        return None

    def _admit(self, method: str, msg_id: int | str | None) -> bool:
        """The lifecycle: nothing before `initialize` but `exit`, one `initialize`, and no
        request after `shutdown`. Refused requests are answered; notifications dropped."""
        if method == types.EXIT:
            return True
        refusal: tuple[int, str] | None = None
        if method == types.INITIALIZE and self.initialize_received:
            refusal = (INVALID_REQUEST, "initialize was already received")
        elif method != types.INITIALIZE and not self.initialize_received:
            refusal = (SERVER_NOT_INITIALIZED, "the server is not initialized yet")
        elif self.shutdown_received:
            refusal = (INVALID_REQUEST, "the server is shutting down")
        if refusal is None:
            return True
        if msg_id is not None:
            self.send_error(msg_id, *refusal)
        else:
            log.warning("dropped %s: %s", method, refusal[1])
        return False

    def _refuse(self, data: dict[str, Any], is_request: bool, exc: JsonRpcException) -> None:
        cause = exc.__cause__
        detail = (
            "; ".join(cattrs.transform_error(cause)[:3])
            if isinstance(cause, cattrs.ClassValidationError)
            else str(cause or exc)
        )
        message = f"invalid params for {data.get('method')}: {detail}"
        if is_request:
            self.send_error(data["id"], INVALID_PARAMS, message)
        else:
            log.warning("dropped a message: %s", message)

    def send_error(self, msg_id: int | str | None, code: int, message: str) -> None:
        """An error response; `msg_id` None is sent as `"id": null`, as JSON-RPC asks for
        when the id could not be read.

        Goes through pygls's `_send_data` (framing, locking the writer, broken pipes): pygls
        has no public way to send a raw message, and its typed response drops a null id.
        """
        error = {"code": code, "message": message}
        self._send_data({"jsonrpc": "2.0", "id": msg_id, "error": error})

    # --- documents ----------------------------------------------------------------------

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


def _salvaged_id(body: bytes) -> int | str | None:
    """The request id at the top of a body that does not parse. Only before `"params"`: an
    `"id"` inside them (`$/cancelRequest` has one) belongs to another request."""
    params = body.find(b'"params"')
    found = _ID.search(body[: params if params >= 0 else 4096])
    if found is None:
        return None
    try:
        value = json.loads(found.group(1))
    except ValueError:
        return None
    return value if isinstance(value, (int, str)) else None
