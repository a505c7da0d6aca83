"""Fixtures starting the real server over stdio with pytest-lsp, under recorded client profiles."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest_asyncio
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "shop"
PROFILES = ("visual-studio-code", "neovim")


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


async def start(
    client: LanguageClient,
    root: Path,
    profile: str,
    options: dict[str, Any] | None = None,
    folders: list[Path] | None = None,
) -> types.InitializeResult:
    fix_code_action_decoding(client)
    folders = folders or [root]
    return await client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities(profile),
            root_uri=root.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=f.as_uri(), name=f.name) for f in folders],
            initialization_options=options or {},
        )
    )


SERVER = [sys.executable, "-m", "server"]


class Session:
    """A started server and its client, for one test."""

    def __init__(self, client: LanguageClient, root: Path) -> None:
        self.client = client
        self.root = root

    def uri(self, rel: str) -> str:
        return (self.root / rel).as_uri()

    def open(self, rel: str) -> str:
        uri = self.uri(rel)
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(
                    uri=uri,
                    language_id="python" if rel.endswith(".py") else "typescript",
                    version=1,
                    text=(self.root / rel).read_text(encoding="utf-8"),
                )
            )
        )
        return uri


@pytest_asyncio.fixture
async def launch(tmp_path: Path) -> AsyncIterator[Any]:
    """`await launch(profile, options=..., env=...)`: the real server on a copy of examples/shop."""
    clients: list[LanguageClient] = []

    async def start_session(
        profile: str = "visual-studio-code",
        options: dict[str, Any] | None = None,
        env: dict[str, str] | None = None,
        root: Path | None = None,
        folders: list[Path] | None = None,
    ) -> Session:
        workspace = root or copy_example(tmp_path)
        config = ClientServerConfig(
            server_command=SERVER, server_env=server_env(tmp_path / "cache", **(env or {}))
        )
        client = await config.start()
        clients.append(client)
        await start(client, workspace, profile, options, folders)
        return Session(client, workspace)

    yield start_session
    for client in clients:
        with contextlib.suppress(Exception):  # a test may have killed the server on purpose
            await asyncio.wait_for(client.shutdown_session(), timeout=10)
        await client.stop()
