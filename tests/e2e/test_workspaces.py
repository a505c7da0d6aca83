"""Workspace folders: a multi-root workspace where each folder has its own rules, and a
workspace big enough that hover is answered while the index is still being built.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from lsprotocol import types

from tests.e2e.conftest import PROFILES, copy_example, wait_for

LEDGER_AGENTS = """\
# Ledger service

Double-entry bookkeeping for the shop's payments.

## Amounts

- Amounts are integer cents (`int`), never `Decimal` or `float`, inside the ledger.
- Every posting has a matching contra posting; `post_transfer` writes both.

## Naming

- Accounts are named `<kind>:<owner>`, e.g. `receivable:customer-42`.
"""

LEDGER_POSTINGS = '''\
"""Postings: the only way money moves between ledger accounts."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Posting:
    account: str
    cents: int


def post_transfer(source: str, target: str, cents: int) -> tuple[Posting, Posting]:
    """Move `cents` from `source` to `target`: a debit and its matching credit."""
    if cents <= 0:
        raise ValueError("a transfer moves a positive amount")
    return Posting(source, -cents), Posting(target, cents)
'''


def write_ledger(root: Path) -> Path:
    (root / ".git").mkdir(parents=True)
    (root / "AGENTS.md").write_text(LEDGER_AGENTS, encoding="utf-8")
    package = root / "ledger"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "postings.py").write_text(LEDGER_POSTINGS, encoding="utf-8")
    return root


@pytest.mark.parametrize("profile", PROFILES)
async def test_each_folder_of_a_multi_root_workspace_has_its_own_rules(
    launch: Any, tmp_path: Path, profile: str
) -> None:
    shop = copy_example(tmp_path)
    ledger = write_ledger(tmp_path / "ledger")
    session = await launch(profile, root=shop, folders=[shop, ledger])

    ledger_uri = session.open("../ledger/ledger/postings.py")
    shop_uri = session.open("src/shop/pricing.py")
    in_ledger = await session.hover(ledger_uri, session.position(ledger_uri, "def post_", 5))
    in_shop = await session.hover(shop_uri, session.position(shop_uri, "def cart_total", 5))

    assert in_ledger is not None and in_shop is not None
    assert "**Amounts**" in in_ledger and (ledger / "AGENTS.md").as_uri() in in_ledger
    assert "Python style" not in in_ledger
    assert "**Python style**" in in_shop and (shop / "AGENTS.md").as_uri() in in_shop
    assert "Amounts" not in in_shop

    # Each folder is indexed on its own.
    def indexed() -> list[str]:
        ended = [r[0].title for r in session.progress("Indexing").values() if _ended(r)]
        return sorted(ended) if len(ended) == 2 else []

    assert await wait_for(indexed) == ["Indexing ledger", "Indexing shop"]


def _ended(reports: list[Any]) -> bool:
    return isinstance(reports[-1], types.WorkDoneProgressEnd)


def write_metrics(root: Path, files: int) -> Path:
    """A sizeable repository: many small modules of one shape, and one AGENTS.md."""
    (root / ".git").mkdir(parents=True)
    (root / "AGENTS.md").write_text(
        "# Metrics\n\n## Series functions\n\n"
        "- One module per series; functions take `values: list[float]` and return a float.\n",
        encoding="utf-8",
    )
    for number in range(files):
        module = root / "metrics" / f"group_{number // 50}" / f"series_{number}.py"
        module.parent.mkdir(parents=True, exist_ok=True)
        module.write_text(
            f'"""Series {number}: weighted sums."""\n\n\n'
            + "\n\n".join(
                f"def weighted_{number}_{k}(values: list[float]) -> float:\n"
                f'    """Sum of the values, weighted by {k}."""\n'
                f"    return sum(values) * {k}\n"
                for k in range(12)
            ),
            encoding="utf-8",
        )
    return root


async def test_hover_is_answered_while_indexing_runs(
    launch: Any, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    root = write_metrics(tmp_path / "metrics", files=1200)
    session = await launch("visual-studio-code", root=root)
    uri = session.open("metrics/group_0/series_0.py")

    text = await session.hover(uri, session.position(uri, "def weighted_0_3", 5))

    assert text is not None and "**Series functions**" in text
    assert session.indexing_reports() is None, "the hover waited for indexing to finish"
    # It is running: its progress has begun. Shutting down now stops it, and the server
    # exits cleanly: no tracebacks about sending to a client that has gone.
    await wait_for(lambda: session.progress("Indexing metrics"))
    await asyncio.wait_for(session.client.shutdown_session(), timeout=30)
    assert session.client._server is not None
    assert session.client._server.returncode == 0
    assert "Traceback" not in capfd.readouterr().err
