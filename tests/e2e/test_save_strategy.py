"""Strategies in the editor: "Save what worked as a strategy" after the frontier tier
succeeded where the small tier failed, the strategy then sent with the next action, and
hover saying which strategy an edit used. The real server, the real anthropic SDK, the
fake Messages API."""

from __future__ import annotations

from typing import Any

import pytest

from steering_index.llm.tiers import Models
from tests.e2e.conftest import Session, wait_for
from tests.e2e.test_actions import replace_range, selection, small_rewrite
from tests.e2e.test_editor import PRICING
from tests.fakeapi import FakeMessagesAPI

pytestmark = pytest.mark.asyncio(loop_scope="module")
MODELS = Models()
MARKER = "round once, at the end, with `round_money`"
STRATEGY = {
    "title": "Money totals in pricing",
    "when": "changing how a cart total, discount or tax is computed",
    "globs": ["src/shop/**"],
    "body": f"1. Compute in `Decimal`; {MARKER}.\n2. Keep `TAX_RATE` from the module.\n",
}
SAVE = "Save what worked as a strategy (at most $"


def server_options(api_url: str) -> dict[str, Any]:
    return {
        "baseUrl": api_url,
        "maxRetries": 1,
        "requestTimeoutSeconds": 20,
        "autoEscalate": True,
        "fileWatching": "server",
    }


def body(discount: str, tail: str = "") -> str:
    return (
        "def cart_total(cart: Cart) -> Decimal:\n"
        '    """What the customer pays: subtotal minus discount, plus tax."""\n'
        f"    net = cart_subtotal(cart) - {discount}(cart)\n"
        f"    return round_money(net * (1 + TAX_RATE)){tail}\n"
    )


async def test_save_what_worked_then_the_small_tier_gets_the_strategy(
    shared: Session, fake_api: FakeMessagesAPI
) -> None:
    uri = await shared.open_indexed(PRICING)
    discount = (
        "compute_discount" if "def compute_discount" in shared.texts[uri] else "computeDiscount"
    )
    rewrite = await small_rewrite(shared, uri, "def cart_total", 4)
    wrong = body(discount).replace("round_money(", "round_cents(")  # an undefined name
    fake_api.script(
        [
            replace_range(rewrite, wrong, []),  # the small tier, then its repair turn
            replace_range(rewrite, wrong, []),
            {**replace_range(rewrite, body(discount, "  # once"), []), "match": "rejected_attempt"},
        ]
    )
    result = await shared.run(rewrite)
    assert result["status"] == "applied", result
    assert fake_api.requests[-1].body["model"] == MODELS.frontier
    shared.apply(shared.edits[-1].edit)

    # Offered on the lines the frontier tier wrote, with what writing it can cost at most.
    here = selection(shared, uri, "def cart_total", 1)
    actions = await shared.actions(uri, here)
    (save,) = [a for a in actions if a.title.startswith(SAVE)]
    sent = len(fake_api.requests)
    fake_api.script([{"name": "write_strategies", "input": {"strategies": [STRATEGY]}}])
    saved = await shared.run(save)
    assert saved["status"] == "written", saved
    (rel,) = saved["paths"]
    assert rel == ".steering/strategies/money-totals-in-pricing.md"
    text = (shared.root / rel).read_text()
    assert f"written_by: {MODELS.frontier}" in text and MARKER in text
    lesson = fake_api.requests[sent].text
    assert "round_cents" in lesson and "# once" in lesson  # rejected and accepted edits
    assert not [a for a in await shared.actions(uri, here) if a.title.startswith(SAVE)]

    # The server sees the new steering file (its own watcher); the small tier's next
    # rewrite of these lines carries the strategy, and hover says the edit used it.
    rewrite = await small_rewrite(shared, uri, "def cart_total", 4)

    async def strategy_sent() -> bool:
        preview = await shared.execute("steering.showContext", rewrite.command.arguments[0])  # type: ignore[union-attr]
        return "strategy:money-totals-in-pricing" in preview["markdown"]

    await wait_for(strategy_sent, timeout=20)
    strategy_uri = shared.open(rel)
    about = await shared.hover(strategy_uri, shared.position(strategy_uri, "Compute in"))
    assert about is not None and "A strategy: never applied as a rule" in about
    followed = body(discount, "  # once, as the strategy says")
    fake_api.script([{**replace_range(rewrite, followed, []), "match": MARKER}])
    result = await shared.run(rewrite)
    assert result["status"] == "applied", result
    assert fake_api.requests[-1].body["model"] == MODELS.small
    shared.apply(shared.edits[-1].edit)
    hover = await shared.hover(uri, shared.position(uri, "# once, as the strategy says"))
    assert hover is not None
    assert "with strategy `strategy:money-totals-in-pricing`" in hover.split("**Provenance**")[1]


async def test_ask_with_the_auto_tier_says_which_tier_and_why(
    shared: Session, fake_api: FakeMessagesAPI
) -> None:
    uri = await shared.open_indexed(PRICING)
    rewrite = await small_rewrite(shared, uri, "def cart_subtotal", 1)
    argument = {
        **rewrite.command.arguments[0],  # type: ignore[union-attr]
        "instruction": "move this helper across the codebase",
        "tier": "auto",
    }
    line = shared.texts[uri].splitlines(keepends=True)[target_first(argument) - 1]
    fake_api.script([replace_range(rewrite, line, [])])
    result = await shared.execute("steering.ask", argument)
    assert result["status"] == "applied", result
    assert (result["tier"], result["model"]) == ("frontier", MODELS.frontier)
    assert result["tierReason"] == (
        "the task asks for design or spans files (“across the codebase”)"
    )
    assert fake_api.requests[-1].body["model"] == MODELS.frontier
    shared.apply(shared.edits[-1].edit)


def target_first(argument: dict[str, Any]) -> int:
    return int(argument["range"]["start"]["line"]) + 1
