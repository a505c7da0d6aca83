"""A scripted editor around the real server: open buffers, apply edits it is sent, ask it things.

The server runs as its own process over stdio (pytest-lsp), exactly as an editor starts it.
`Editor` keeps the client's copy of every open buffer, answers `workspace/applyEdit` by
applying the edit to that copy (so a test can tell whether anything was applied), and
offers the few requests the reliability tests send.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import os
import signal
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from server.convert import LineIndex
from tests.e2e.conftest import SERVER, fix_code_action_decoding, server_env

# A guard against a hung server, never a timing assertion: a healthy answer takes milliseconds.
ANSWER_WITHIN_S = 30.0
API_KEY = "sk-ant-test-reliability-key-0000000000"


class Editor:
    """One client session with the real server on `root`."""

    def __init__(self, client: LanguageClient, root: Path) -> None:
        self.client = client
        self.root = root
        self.buffers: dict[str, tuple[int, str]] = {}
        self.applied: list[types.ApplyWorkspaceEditParams] = []

        def apply_edit(params: types.ApplyWorkspaceEditParams) -> types.ApplyWorkspaceEditResult:
            return self._apply_edit(params)

        client.feature(types.WORKSPACE_APPLY_EDIT)(apply_edit)

    # --- buffers ----------------------------------------------------------------------

    def uri(self, rel: str) -> str:
        return (self.root / rel).as_uri()

    def open(self, rel: str, text: str | None = None) -> str:
        uri = self.uri(rel)
        if text is None:
            text = (self.root / rel).read_text(encoding="utf-8")
        self.buffers[uri] = (1, text)
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(
                    uri=uri, language_id=_language(rel), version=1, text=text
                )
            )
        )
        return uri

    def change(self, uri: str, text: str) -> int:
        """Replace the whole buffer (as a full-sync editor does); returns the new version."""
        version = self.buffers[uri][0] + 1
        self.buffers[uri] = (version, text)
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )
        return version

    def text(self, uri: str) -> str:
        return self.buffers[uri][1]

    def _apply_edit(self, params: types.ApplyWorkspaceEditParams) -> types.ApplyWorkspaceEditResult:
        self.applied.append(params)
        for change in params.edit.document_changes or []:
            if not isinstance(change, types.TextDocumentEdit):
                return types.ApplyWorkspaceEditResult(applied=False, failure_reason="unsupported")
            uri = change.text_document.uri
            version, text = self.buffers[uri]
            if change.text_document.version not in (None, version):
                return types.ApplyWorkspaceEditResult(applied=False, failure_reason="stale")
            for edit in sorted(change.edits, key=_start, reverse=True):
                text = _splice(text, edit)
            self.buffers[uri] = (version + 1, text)
        return types.ApplyWorkspaceEditResult(applied=True)

    # --- requests ---------------------------------------------------------------------

    async def hover(self, uri: str, line: int, character: int = 4) -> types.Hover | None:
        params = types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=line, character=character),
        )
        return await asyncio.wait_for(
            self.client.text_document_hover_async(params), ANSWER_WITHIN_S
        )

    async def code_actions(self, uri: str, first: int, last: int) -> list[Any]:
        params = types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=_lines(first, last),
            context=types.CodeActionContext(diagnostics=[]),
        )
        answer = await asyncio.wait_for(
            self.client.text_document_code_action_async(params), ANSWER_WITHIN_S
        )
        return list(answer or [])

    async def command(self, name: str, args: dict[str, Any]) -> Any:
        params = types.ExecuteCommandParams(command=name, arguments=[args])
        return await asyncio.wait_for(
            self.client.workspace_execute_command_async(params), ANSWER_WITHIN_S
        )

    async def run_action(self, uri: str, first: int, last: int, task: str) -> Any:
        """`steering.runAction` on 0-based lines first..last (inclusive)."""
        range_ = self.client.protocol._converter.unstructure(_lines(first, last))
        return await self.command(
            "steering.runAction", {"uri": uri, "range": range_, "task": task, "tier": "small"}
        )

    def shown(self) -> list[str]:
        return [m.message for m in self.client.messages]

    async def wait_for(self, predicate: Callable[[], Any], what: str) -> Any:
        """Poll until `predicate()` is truthy; fails with `what` if it never is."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + ANSWER_WITHIN_S
        while loop.time() < deadline:
            result = predicate()
            if result:
                return result
            await asyncio.sleep(0.05)
        raise AssertionError(f"never happened: {what}")

    def kill(self) -> None:
        """SIGKILL the server: no shutdown, no chance to clean up."""
        process = self.client._server
        assert process is not None and process.returncode is None
        os.kill(process.pid, signal.SIGKILL)

    @property
    def exited(self) -> bool:
        process = self.client._server
        return process is None or process.returncode is not None

    @property
    def pid(self) -> int:
        process = self.client._server
        assert process is not None
        return process.pid


async def launch_editor(
    root: Path, cache: Path, options: dict[str, Any] | None = None, **env: str
) -> Editor:
    """Start the real server on `root` and initialize it as VS Code would."""
    config = ClientServerConfig(server_command=SERVER, server_env=server_env(cache, **env))
    client = await config.start()
    assert isinstance(client, LanguageClient)
    editor = Editor(client, root)
    fix_code_action_decoding(client)
    await client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities("visual-studio-code"),
            root_uri=root.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name=root.name)],
            initialization_options={"steering": options or {}},
        )
    )
    return editor


async def close_editor(editor: Editor) -> None:
    process = editor.client._server
    if process is not None and process.returncode is None:
        with contextlib.suppress(Exception):  # a server that fails to shut down is killed
            await asyncio.wait_for(editor.client.shutdown_session(), timeout=10)
    await editor.client.stop()


def api_options(base_url: str, **extra: Any) -> dict[str, Any]:
    """Settings an editor user would have: a short timeout and one retry."""
    return {
        "baseUrl": base_url,
        "requestTimeoutSeconds": 1.0,
        "maxRetries": 1,
        "retryAfterCapSeconds": 0.2,
        "fileWatching": "off",
        **extra,
    }


def tree_digest(root: Path, skip: tuple[str, ...] = (".git",)) -> dict[str, str]:
    """Every file under `root` (symlinks as their target) -> a content hash."""
    digest: dict[str, str] = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if rel.split("/")[0] in skip:
            continue
        if path.is_symlink():
            digest[rel] = "-> " + os.readlink(path)
        elif path.is_file():
            digest[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return digest


def _language(rel: str) -> str:
    suffix = Path(rel).suffix
    return {".py": "python", ".ts": "typescript", ".md": "markdown", ".js": "javascript"}.get(
        suffix, "plaintext"
    )


def _lines(first: int, last: int) -> types.Range:
    return types.Range(
        start=types.Position(line=first, character=0),
        end=types.Position(line=last + 1, character=0),
    )


def _start(edit: Any) -> tuple[int, int]:
    return (edit.range.start.line, edit.range.start.character)


def _splice(text: str, edit: Any) -> str:
    index = LineIndex(text, "utf-16")
    start, end = index.range_to_bytes(edit.range)
    data = text.encode("utf-8")
    return (data[:start] + edit.new_text.encode("utf-8") + data[end:]).decode("utf-8")
