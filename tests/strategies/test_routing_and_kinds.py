"""The `auto` tier's choice and its reason, and the kinds of change read from file paths."""

from __future__ import annotations

import pytest

from steering_index.llm.tiers import Tier
from steering_index.model import ContextItem, FocusedContext, LineRange
from steering_index.strategies.kinds import change_kinds, kind_of
from steering_index.strategies.routing import LARGE_TARGET_LINES, choose_tier


def context(task: str, lines: int = 10, strategy: bool = False) -> FocusedContext:
    items = (
        (ContextItem("strategy", "strategy:retry", "Add retry", "1.", "ranked", 5, True),)
        if strategy
        else ()
    )
    text = "x = 1\n" * lines
    return FocusedContext(
        "shop/a.py", LineRange(1, lines), "python", task, text, items, (), 6000, 100
    )


@pytest.mark.parametrize(
    ("task", "word"),
    [
        ("redesign the order flow", "redesign"),
        ("rename it and update every caller", "every caller"),
        ("move the helpers across the codebase", "across the codebase"),
        ("split orders.py into two modules", "split orders.py into"),
    ],
)
def test_design_or_work_across_files_goes_to_the_frontier_tier(task: str, word: str) -> None:
    choice = choose_tier(context(task, strategy=True))
    assert choice.tier is Tier.FRONTIER
    assert choice.reason == f"the task asks for design or spans files (“{word}”)"


def test_a_matching_strategy_keeps_even_a_large_target_on_the_small_tier() -> None:
    choice = choose_tier(context("add a retry", lines=LARGE_TARGET_LINES + 50, strategy=True))
    assert (choice.tier, choice.reason) == (Tier.SMALL, "a strategy matches the task (“Add retry”)")


def test_a_large_target_without_a_strategy_goes_to_the_middle_tier() -> None:
    choice = choose_tier(context("add a retry", lines=LARGE_TARGET_LINES + 1))
    assert choice.tier is Tier.MIDDLE
    assert choice.reason.startswith(f"a large target ({LARGE_TARGET_LINES + 1} lines")


def test_the_default_stays_small() -> None:
    choice = choose_tier(context("add a retry"))
    assert choice == choice.__class__(
        Tier.SMALL, "a small target (10 lines) and no design in the task"
    )


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("tests/test_orders.py", "test"),
        ("src/app/orders_test.go", "test"),
        ("web/src/Cart.test.tsx", "test"),
        ("app/migrations/0003_add_sku.py", "migration"),
        ("steering_index/cli/main.py", "command"),
        ("shop/api/orders.py", "handler"),
        ("web/src/components/Cart.tsx", "component"),
        ("shop/models/order.py", "model"),
        ("shop/clients/catalog.py", "client"),
        ("shop/config.py", "config"),
        ("shop/pricing.py", "module"),
    ],
)
def test_a_file_is_counted_for_its_first_kind(path: str, kind: str) -> None:
    assert kind_of(path) == kind


def test_the_commonest_kinds_come_first_with_examples_in_the_order_given() -> None:
    paths = [
        "tests/test_b.py", "tests/test_a.py", "shop/api/a.py", "shop/x.py",
        "tests/conftest.py", ".env.py", "secrets.json", ".steering/strategies/x.py",
    ]  # fmt: skip
    kinds = change_kinds(paths, 2)
    assert [(k.name, k.count) for k in kinds] == [("test", 3), ("handler", 1)]
    assert kinds[0].examples == ("tests/test_b.py", "tests/test_a.py", "tests/conftest.py")
    assert change_kinds(paths, 0) == []
