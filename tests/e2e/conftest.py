"""Fixtures starting the real server over stdio with pytest-lsp, under recorded client profiles.

`launch` starts a server per test; `shared` (module-scoped, one per client profile) is for
modules whose tests can share one server: those tests need
`pytestmark = pytest.mark.asyncio(loop_scope="module")`. A `Session` plays the editor: it
keeps each open document's text and version, applies nothing behind the server's back, and
records what the server asked of the client (applyEdit, registrations, usage notices).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest
import pytest_asyncio
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from tests.fakeapi import FakeMessagesAPI

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "shop"
# VS Code 1.65 declares no pull diagnostics (it gets published ones); Neovim 0.11 pulls.
PROFILES = ("visual-studio-code", "neovim@v0.11.0")
SERVER = [sys.executable, "-m", "server"]
T = TypeVar("T")


def copy_example(destination: Path) -> Path:
    """A private copy of examples/shop, with a .git marker so it is its own workspace."""
    root = destination / "shop"
    shutil.copytree(EXAMPLE, root)
    (root / ".git").mkdir()
    return root


def server_env(cache: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANTHROPIC_")}
    env["STEERING_CACHE_DIR"] = str(cache)
    env.update(extra)
    return env


def fix_code_action_decoding(client: LanguageClient) -> None:
    """lsprotocol 2025.0.0 decodes a CodeAction carrying a `command` as a Command (client bug)."""
    converter = client.protocol._converter

    def structure(value: Any, _type: Any) -> Any:
        if isinstance(value, dict) and isinstance(value.get("command"), str):
            return converter.structure(value, types.Command)
        return converter.structure(value, types.CodeAction)

    converter.register_structure_hook(types.Command | types.CodeAction, structure)


async def wait_for(
    probe: Callable[[], T | Awaitable[T]], timeout: float = 20.0, step: float = 0.05
) -> T:
    """Poll `probe` (sync or async) until it returns something truthy; fail after `timeout`."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        result = probe()
        if asyncio.iscoroutine(result):
            result = await result
        if result:
            return result  # type: ignore[return-value]
        if loop.time() > deadline:
            raise AssertionError(f"condition not met within {timeout} s")
        await asyncio.sleep(step)


class Session:
    """A started server and a client that behaves like an editor holding its documents."""

    def __init__(self, client: LanguageClient, root: Path, profile: str) -> None:
        self.client = client
        self.root = root
        self.profile = profile
        self.texts: dict[str, str] = {}
        self.versions: dict[str, int] = {}
        self.edits: list[types.ApplyWorkspaceEditParams] = []
        self.apply_answer = True
        self.registrations: list[types.Registration] = []
        self.usage: list[Any] = []
        self._record_server_requests()

    def _record_server_requests(self) -> None:
        @self.client.feature(types.WORKSPACE_APPLY_EDIT)
        def apply_edit(params: types.ApplyWorkspaceEditParams) -> types.ApplyWorkspaceEditResult:
            self.edits.append(params)
            return types.ApplyWorkspaceEditResult(applied=self.apply_answer)

        @self.client.feature(types.CLIENT_REGISTER_CAPABILITY)
        def register(params: types.RegistrationParams) -> None:
            self.registrations.extend(params.registrations)

        @self.client.feature("$/steering/usage")
        def usage(params: Any) -> None:
            self.usage.append(params)

    # --- documents --------------------------------------------------------------------

    @property
    def pulls_diagnostics(self) -> bool:
        text = client_capabilities(self.profile).text_document
        return bool(text and text.diagnostic)

    @property
    def resolves_action_edits(self) -> bool:
        text = client_capabilities(self.profile).text_document
        action = text.code_action if text else None
        resolve = action.resolve_support if action else None
        return bool(resolve and "edit" in resolve.properties)

    def uri(self, rel: str) -> str:
        return (self.root / rel).as_uri()

    def open(self, rel: str, text: str | None = None) -> str:
        uri = self.uri(rel)
        if text is None:
            text = (self.root / rel).read_text(encoding="utf-8")
        language = {"py": "python", "ts": "typescript", "md": "markdown"}[rel.rsplit(".")[-1]]
        self.texts[uri] = text
        self.versions[uri] = 1
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(
                    uri=uri, language_id=language, version=1, text=text
                )
            )
        )
        return uri

    def change(self, uri: str, text: str) -> int:
        """Replace the whole text, as a save-less edit; returns the new version."""
        self.versions[uri] += 1
        self.texts[uri] = text
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(
                    uri=uri, version=self.versions[uri]
                ),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )
        return self.versions[uri]

    def apply(self, edit: types.WorkspaceEdit) -> str:
        """Apply a one-document edit the way an editor would, and tell the server."""
        assert edit.document_changes, "expected versioned document changes"
        (change,) = edit.document_changes
        assert isinstance(change, types.TextDocumentEdit)
        uri = change.text_document.uri
        assert change.text_document.version == self.versions[uri], "edit for another version"
        text = apply_text_edits(self.texts[uri], list(change.edits))
        self.change(uri, text)
        return text

    def position(self, uri: str, needle: str, offset: int = 0) -> types.Position:
        """Where `needle` starts in the document (plus `offset` characters)."""
        for number, line in enumerate(self.texts[uri].splitlines()):
            column = line.find(needle)
            if column >= 0:
                return types.Position(line=number, character=column + offset)
        raise AssertionError(f"{needle!r} is not in {uri}")

    # --- requests ---------------------------------------------------------------------

    async def hover(self, uri: str, position: types.Position) -> str | None:
        answer = await self.client.text_document_hover_async(
            types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=uri), position=position
            )
        )
        if answer is None:
            return None
        assert isinstance(answer.contents, types.MarkupContent)
        return answer.contents.value

    async def actions(
        self, uri: str, range_: types.Range, diagnostics: list[types.Diagnostic] | None = None
    ) -> list[types.CodeAction]:
        answer = await self.client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                range=range_,
                context=types.CodeActionContext(diagnostics=diagnostics or []),
            )
        )
        actions = list(answer or [])
        assert all(isinstance(a, types.CodeAction) for a in actions), actions
        return actions  # type: ignore[return-value]

    async def resolved(self, action: types.CodeAction) -> types.CodeAction:
        """The action with its edit: resolved as the editor would, when it was left out."""
        if action.edit is not None:
            return action
        return await self.client.code_action_resolve_async(action)

    async def execute(self, command: str, *arguments: Any) -> Any:
        return await self.client.workspace_execute_command_async(
            types.ExecuteCommandParams(command=command, arguments=list(arguments))
        )

    async def run(self, action: types.CodeAction) -> Any:
        assert action.command is not None, f"{action.title} has no command"
        return await self.execute(action.command.command, *(action.command.arguments or []))

    async def diagnostics(self, uri: str) -> list[types.Diagnostic]:
        """What the editor would show: pulled when the profile pulls, else the last published."""
        if not self.pulls_diagnostics:
            return list(self.client.diagnostics.get(uri, ()))
        report = await self.client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri))
        )
        assert isinstance(report, types.RelatedFullDocumentDiagnosticReport), report
        return list(report.items)

    async def wait_diagnostics(
        self, uri: str, predicate: Callable[[list[types.Diagnostic]], bool], timeout: float = 20.0
    ) -> list[types.Diagnostic]:
        async def probe() -> tuple[list[types.Diagnostic]] | None:
            found = await self.diagnostics(uri)
            return (found,) if predicate(found) else None  # a one-tuple: true even if empty

        (found,) = await wait_for(probe, timeout=timeout, step=0.1)
        return found

    def progress(self, title: str) -> dict[str, list[Any]]:
        """Work-done progress reports by token, for progress whose title starts with `title`."""
        return {
            str(token): reports
            for token, reports in self.client.progress_reports.items()
            if reports and getattr(reports[0], "title", "").startswith(title)
        }

    def indexing_reports(self) -> list[Any] | None:
        """The work-done progress of indexing, once it has ended."""
        for reports in self.progress("Indexing").values():
            if isinstance(reports[-1], types.WorkDoneProgressEnd):
                return reports
        return None

    async def open_indexed(self, rel: str) -> str:
        """Open `rel` (unless open) once indexing has ended, so conventions are known."""
        uri = self.uri(rel)
        if uri not in self.texts:
            self.open(rel)
        await wait_for(self.indexing_reports)
        return uri

    def messages(self) -> list[str]:
        return [m.message for m in self.client.messages]


def apply_text_edits(text: str, edits: list[types.TextEdit]) -> str:
    """Apply LSP text edits to ASCII text (the fixtures are ASCII: characters are code units)."""
    lines = text.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))

    def offset(position: types.Position) -> int:
        if position.line >= len(lines):
            return len(text)
        return starts[position.line] + position.character

    for edit in sorted(edits, key=lambda e: offset(e.range.start), reverse=True):
        text = text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end) :]
    return text


async def start_session(
    tmp: Path,
    profile: str = "visual-studio-code",
    options: dict[str, Any] | None = None,
    env: dict[str, str] | None = None,
    root: Path | None = None,
    folders: list[Path] | None = None,
    configuration: dict[str, Any] | None = None,
    capabilities: types.ClientCapabilities | None = None,
) -> Session:
    """Start the server on `root` (default: a fresh copy of examples/shop) and initialize it."""
    workspace = root or copy_example(tmp)
    config = ClientServerConfig(
        server_command=SERVER, server_env=server_env(tmp / "cache", **(env or {}))
    )
    client = await config.start()
    fix_code_action_decoding(client)
    session = Session(client, workspace, profile)
    if configuration is not None:
        client.set_configuration(configuration)
    folders = folders or [workspace]
    await client.initialize_session(
        types.InitializeParams(
            capabilities=capabilities or client_capabilities(profile),
            root_uri=workspace.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=f.as_uri(), name=f.name) for f in folders],
            initialization_options=options or {},
        )
    )
    return session


async def stop_session(session: Session) -> None:
    with contextlib.suppress(Exception):  # a test may have killed the server on purpose
        await asyncio.wait_for(session.client.shutdown_session(), timeout=10)
    await session.client.stop()


@pytest_asyncio.fixture
async def launch(tmp_path: Path) -> AsyncIterator[Callable[..., Awaitable[Session]]]:
    """`await launch(profile, options=..., env=...)`: the real server on a copy of examples/shop."""
    sessions: list[Session] = []
    counter = iter(range(1000))

    async def start(profile: str = "visual-studio-code", **kwargs: Any) -> Session:
        session = await start_session(tmp_path / f"s{next(counter)}", profile, **kwargs)
        sessions.append(session)
        return session

    yield start
    for session in sessions:
        await stop_session(session)


@pytest.fixture(scope="module")
def fake_api() -> Any:
    """The fake Messages API in this process, shared by a module; scripts are per test."""
    with FakeMessagesAPI() as api:
        yield api


@pytest_asyncio.fixture(scope="module", loop_scope="module", params=PROFILES)
async def shared(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Session]:
    """One server per client profile for a whole module, on its own copy of examples/shop.

    A module may define `server_options(fake_api_url)` returning initializationOptions.
    """
    module = request.module
    options: dict[str, Any] = {}
    env: dict[str, str] = {}
    if hasattr(module, "server_options"):
        api: FakeMessagesAPI = request.getfixturevalue("fake_api")
        options = module.server_options(api.url)
        env = {"ANTHROPIC_API_KEY": "sk-test-e2e"}
    tmp = tmp_path_factory.mktemp(request.param.replace("@", "-"))
    session = await start_session(tmp, request.param, options=options, env=env)
    yield session
    await stop_session(session)
