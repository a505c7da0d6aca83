"""Indexed copies of the example workspaces, shared by the retrieval tests of a module."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from steering_index.index.indexer import Indexer
from steering_index.retrieval.context import RetrievalSources, workspace_for
from steering_index.store import IndexStore

REPO = Path(__file__).resolve().parents[2]
SHOP = REPO / "examples" / "shop"
LEDGER = REPO / "tests" / "fixtures" / "retrieval" / "ledger"

# Planted in a handler that retrieval picks as an example, to prove it never leaves.
PLANTED_TOKEN = "sk-test-planted-0123456789abcdefghij"


def _indexed(source: Path, tmp: Path, plant: bool = False) -> Iterator[RetrievalSources]:
    root = tmp / source.name
    shutil.copytree(source, root)
    if plant:
        cart = root / "src" / "shop" / "api" / "cart.py"
        text = cart.read_text(encoding="utf-8").replace(
            '    """Set the cart\'s coupon code."""\n',
            f'    """Set the cart\'s coupon code."""\n    # debug key: {PLANTED_TOKEN}\n',
        )
        cart.write_text(text, encoding="utf-8")
    env = root / ".env"
    if not env.exists():  # examples/shop has its own
        env.write_text("LEDGER_TOKEN=never-sent-0123456789\n", encoding="utf-8")
    store = IndexStore.open(tmp / f"{source.name}.sqlite3")
    Indexer(root, store).build()
    try:
        yield workspace_for(root, store)
    finally:
        store.close()


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RetrievalSources]:
    yield from _indexed(SHOP, tmp_path_factory.mktemp("shop"), plant=True)


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RetrievalSources]:
    yield from _indexed(LEDGER, tmp_path_factory.mktemp("ledger"))
