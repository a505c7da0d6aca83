"""The language server object and its state (`server.features.build_server` adds the features)."""

from __future__ import annotations

import asyncio
import functools
import logging
import sys
from collections.abc import Awaitable, Callable, Coroutine
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, TypeVar
from urllib.parse import urlsplit, urlunsplit

from lsprotocol import types
from pygls.exceptions import JsonRpcException, JsonRpcInternalError
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from server.command_args import make_converter
from server.protocol import SteeringProtocol
from server.settings import Settings, engine_settings
from server.transport import BatchedWriter, FrameReader, LoopInbox, read_in_thread
from steering_index import __version__
from steering_index.session import CallTotals, EngineSettings, Session

log = logging.getLogger(__name__)
F = TypeVar("F", bound=Callable[..., Any])


# How long recording a model call waits for another program holding the ledger's lock: the
# edit the user paid for is applied meanwhile, and the call is written with the next one.
RECORD_WAIT_S = 2.0


@dataclass
class Debouncer:
    """One pending job per key; a newer schedule replaces the older one (bounded by keys)."""

    tasks: dict[str, asyncio.TimerHandle] = field(default_factory=dict)
    running: set[asyncio.Task[None]] = field(default_factory=set)

    def schedule(
        self, key: str, delay_s: float, job: Callable[[], Coroutine[Any, Any, None]]
    ) -> None:
        previous = self.tasks.pop(key, None)
        if previous is not None:
            previous.cancel()
        loop = asyncio.get_running_loop()

        def fire() -> None:
            self.tasks.pop(key, None)
            task: asyncio.Task[None] = loop.create_task(job())
            self.running.add(task)
            task.add_done_callback(self.running.discard)

        self.tasks[key] = loop.call_later(delay_s, fire)

    def cancel(self, key: str) -> None:
        handle = self.tasks.pop(key, None)
        if handle is not None:
            handle.cancel()

    def cancel_all(self) -> None:
        for handle in self.tasks.values():
            handle.cancel()
        self.tasks.clear()


@dataclass(frozen=True, slots=True)
class ClientFeatures:
    """What the client can do, read once from its capabilities at `initialize`."""

    pulls_diagnostics: bool = False
    refreshes_diagnostics: bool = False
    work_done_progress: bool = False
    configuration: bool = False
    watches_files: bool = False  # dynamic registration of didChangeWatchedFiles
    hierarchical_symbols: bool = False
    resolves_action_edits: bool = False  # codeAction/resolve may fill in `edit`

    @classmethod
    def of(cls, capabilities: types.ClientCapabilities) -> ClientFeatures:
        text, workspace, window = (
            capabilities.text_document,
            capabilities.workspace,
            capabilities.window,
        )
        symbol = text.document_symbol if text is not None else None
        action = text.code_action if text is not None else None
        resolve = action.resolve_support if action is not None else None
        refresh = workspace.diagnostics if workspace is not None else None
        watched = workspace.did_change_watched_files if workspace is not None else None
        return cls(
            pulls_diagnostics=bool(text and text.diagnostic),
            refreshes_diagnostics=bool(refresh and refresh.refresh_support),
            work_done_progress=bool(window and window.work_done_progress),
            configuration=bool(workspace and workspace.configuration),
            watches_files=bool(watched and watched.dynamic_registration),
            hierarchical_symbols=bool(symbol and symbol.hierarchical_document_symbol_support),
            resolves_action_edits=bool(resolve and "edit" in resolve.properties),
        )


@dataclass(frozen=True, slots=True)
class DocumentSnapshot:
    """A document as a request found it, taken on the event loop: worker threads get this,
    never the server, so what they read cannot change under them."""

    session: Session
    uri: str
    path: str  # workspace-relative
    version: int | None  # None: not open in the editor (the text is the file's on disk)
    text: str
    encoding: str  # the position encoding agreed with the client


class SteeringServer(LanguageServer):
    """The steering language server and the state its features share."""

    def __init__(self) -> None:
        super().__init__(
            "steering-lsp",
            __version__,
            protocol_cls=SteeringProtocol,
            converter_factory=make_converter,
        )
        self.settings = Settings()
        self.client = ClientFeatures()  # set at `initialize`
        self.folders: dict[Path, Session] = {}
        self.debouncer = Debouncer()
        # What this editor session's model calls took: the status bar shows it.
        self.usage = CallTotals()
        # The diagnostics of the last review of each document, by the client's URI, until
        # its text changes (server.features.review).
        self.reviews: dict[str, list[types.Diagnostic]] = {}
        self.background: set[asyncio.Task[None]] = set()
        self.pending_messages: list[str] = []
        # Set once every workspace folder has its session (milliseconds after `initialized`,
        # whatever the folder's size); requests that arrive earlier wait for it instead of
        # answering empty.
        self.ready = asyncio.Event()
        # Set by `shutdown`: from then on nothing is sent (the client stops listening).
        self.stopping = False
        self._reporting_error = False

    @property
    def settings(self) -> Settings:
        return self._settings

    @settings.setter
    def settings(self, value: Settings) -> None:
        """Settings change here only; the engine's groups are made once for every folder."""
        self._settings = value
        self._engine_settings = engine_settings(value)

    def engine_settings(self) -> EngineSettings:
        """What every folder's session reads its settings from."""
        return self._engine_settings

    def new_session(self, root: Path) -> Session:
        """A session for a workspace folder, knowing the rules at its root (and, as files
        are asked about, theirs) without walking it; runs in a worker thread. The whole
        folder's rules come in `start_folder`."""
        return Session(root, self.engine_settings, rules_near=(), record_wait_s=RECORD_WAIT_S)

    async def wait_ready(self, timeout_s: float = 10.0) -> None:
        if self.ready.is_set():  # the usual case: no timer, no task
            return
        try:
            await asyncio.wait_for(self.ready.wait(), timeout_s)
        except TimeoutError:
            log.warning("workspace folders not ready after %s s; answering anyway", timeout_s)

    def feature(self, feature_name: str, options: Any | None = None) -> Callable[[F], F]:
        """pygls's `feature`, with each async handler guarded: an unexpected error is logged
        with its traceback and answered with one line (pygls sends the whole traceback to
        the editor, which shows it to the user)."""
        register = super().feature(feature_name, options)

        def decorator(handler: F) -> F:
            register(_guarded(feature_name, handler))
            return handler

        return decorator

    # --- workspace folders ------------------------------------------------------------

    def folder_for(self, uri: str) -> tuple[Session, str] | None:
        """The folder holding `uri` (the deepest, for nested folders) and the path in it.

        Only `file:` URIs name files (`untitled:`, `https:` and garbage have no path, which
        must not be read as the empty path, i.e. the working directory); a `localhost` host
        is the local machine (RFC 8089), as editors on some systems write it.
        """
        try:
            parts = urlsplit(uri)
            if parts.scheme.lower() != "file" or parts.netloc.lower() not in ("", "localhost"):
                return None
            fs_path = to_fs_path(urlunsplit(parts._replace(scheme="file", netloc="")))
        except (TypeError, ValueError):
            return None
        if not fs_path:
            return None
        path = Path(fs_path)
        best: tuple[Session, str] | None = None
        for state in self.folders.values():
            rel = state.relative(path)
            if rel is not None and (best is None or len(str(state.root)) > len(str(best[0].root))):
                best = (state, rel)
        return best

    def snapshot(self, uri: str) -> DocumentSnapshot | None:
        """The document `uri` as it is now, with its folder's session; None outside every
        folder or when there is no text to read."""
        found = self.folder_for(uri)
        if found is None:
            return None
        document = self.document_text(uri)
        if document is None:
            return None
        session, path = found
        version = self.workspace.get_text_document(uri).version
        encoding = self.workspace.position_encoding or "utf-16"
        return DocumentSnapshot(session, uri, path, version, document[0], encoding)

    def document_text(self, uri: str) -> tuple[str, int] | None:
        """The text of `uri` and its version: the open buffer's, else the file's on disk
        (version 0); None when there is no such file to read (deleted, a directory)."""
        document = self.workspace.get_text_document(uri)
        try:
            return document.source, document.version or 0
        except (OSError, ValueError) as exc:  # ValueError: UnicodeDecodeError
            log.info("no text for %s: %s", uri, exc)
            return None

    def spawn(self, job: Awaitable[None]) -> None:
        """Run background work, keeping a reference so it is not garbage-collected mid-way."""
        task = asyncio.ensure_future(job)
        self.background.add(task)
        task.add_done_callback(self._background_done)

    def _background_done(self, task: asyncio.Task[None]) -> None:
        self.background.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("background task failed", exc_info=task.exception())
            self.tell(f"steering: background work failed: {task.exception()}", error=True)

    # --- messages ---------------------------------------------------------------------

    def tell(self, message: str, error: bool = False) -> None:
        if self.stopping:
            log.info("not shown after shutdown: %s", message)
            return
        kind = types.MessageType.Error if error else types.MessageType.Warning
        self.window_show_message(types.ShowMessageParams(type=kind, message=message))

    def log_info(self, message: str) -> None:
        if self.stopping:
            log.info("%s", message)
            return
        self.window_log_message(
            types.LogMessageParams(type=types.MessageType.Info, message=message)
        )

    def report_server_error(self, error: Exception, source: Any) -> None:
        """Show an out-of-band error once: never after shutdown, never about itself.

        pygls reports a failed send by sending a message, which fails in turn (a closed
        stdout): one traceback per level of recursion, enough to fill a pipe and hang.
        """
        if self.stopping or self._reporting_error:
            log.warning("not reported to the client: %s", error)
            return
        self._reporting_error = True
        try:
            super().report_server_error(error, source)
        finally:
            self._reporting_error = False

    # --- transport --------------------------------------------------------------------

    def start_io(self, stdin: BinaryIO | None = None, stdout: BinaryIO | None = None) -> int:
        """Serve LSP on stdio until `exit` or the end of the input; returns the exit code.

        Replaces pygls's reader (see server.transport): frames are checked, a stream that
        cannot be split into frames any more ends the process with a message on stderr, and
        `exit` without `shutdown` exits with 1 (pygls swallows the code it asks for).
        """
        reader = FrameReader.for_fd((stdin or sys.stdin.buffer).fileno())
        writer = BatchedWriter(stdout or sys.stdout.buffer)
        self.protocol.set_writer(writer)
        try:
            return asyncio.run(self._serve(reader))
        except SystemExit as exc:  # `exit`: 0 after `shutdown`, 1 without
            return exc.code if isinstance(exc.code, int) else 1
        except BrokenPipeError:
            log.error("the client closed the connection")
            return 1
        finally:
            writer.bind(None)  # what the last turn of the loop wrote goes out
            self.shutdown()

    async def _serve(self, reader: FrameReader) -> int:
        loop = asyncio.get_running_loop()
        ended: asyncio.Future[str | None] = loop.create_future()
        protocol = self.protocol
        assert isinstance(protocol, SteeringProtocol)
        if isinstance(protocol.writer, BatchedWriter):
            protocol.writer.bind(loop)

        inbox = LoopInbox(loop, protocol.handle_frame)

        def deliver(body: bytes) -> None:  # on the reader thread
            protocol.note_cancel(body)
            inbox.put(body)

        def finish(reason: str | None) -> None:
            if not ended.done():
                ended.set_result(reason)

        read_in_thread(
            reader,
            deliver,
            lambda reason: loop.call_soon_threadsafe(finish, reason),
        )
        reason = await ended
        if reason is None:
            return 0
        print(
            f"steering-lsp: {reason}; stopping so that the editor can start a new server",
            file=sys.stderr,
            flush=True,
        )
        return 1

    def cancellable(self) -> AbstractContextManager[None]:
        """A block that `$/cancelRequest` for the current request interrupts."""
        protocol = self.protocol
        assert isinstance(protocol, SteeringProtocol)
        return protocol.cancellable()


def _guarded(method: str, handler: F) -> F:
    if not asyncio.iscoroutinefunction(handler):
        return handler

    @functools.wraps(handler)
    async def guarded(ls: SteeringServer, params: Any) -> Any:
        try:
            return await handler(ls, params)
        except JsonRpcException:
            raise
        except Exception as exc:
            log.exception("%s failed", method)
            message = f"steering: {method} failed: {type(exc).__name__}: {exc}"
            ls.log_info(message)
            raise JsonRpcInternalError(message=message) from None

    return guarded  # type: ignore[return-value]
