"""The real server over stdio: hover names the governing rule, diagnostics show planted drift."""

from __future__ import annotations

import asyncio

import pytest
from lsprotocol import types

from tests.e2e.conftest import PROFILES


async def wait_for(predicate, timeout: float = 30.0, step: float = 0.1):
    deadline = asyncio.get_running_loop().time() + timeout
    while asyncio.get_running_loop().time() < deadline:
        result = predicate()
        if result:
            return result
        await asyncio.sleep(step)
    raise AssertionError("condition not met in time")


@pytest.mark.parametrize("profile", PROFILES)
async def test_hover_names_the_nested_agents_rule(launch, profile: str) -> None:
    session = await launch(profile)
    uri = session.open("src/shop/api/orders.py")
    text = (session.root / "src/shop/api/orders.py").read_text()
    line = next(i for i, row in enumerate(text.splitlines()) if row.startswith("def "))
    hover = await session.client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=line, character=5),
        )
    )
    assert hover is not None
    value = hover.contents.value
    assert "Handler shape" in value
    assert "src/shop/api/AGENTS.md" in value
