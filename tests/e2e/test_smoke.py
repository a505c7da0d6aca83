"""The real server over stdio: hover in a nested folder names that folder's AGENTS.md rule."""

from __future__ import annotations

import pytest
from lsprotocol import types

from tests.e2e.conftest import PROFILES


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
