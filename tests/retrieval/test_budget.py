"""Budget, order, determinism, secrets and bad input: what a user relies on in every context."""

from __future__ import annotations

import pytest

from steering_index.model import FocusedContext, LineRange
from steering_index.retrieval.context import (
    ContextRefused,
    RetrievalSettings,
    RetrievalSources,
    build_context,
    over_budget,
)
from steering_index.rules import applicable_rules
from tests.retrieval.conftest import PLANTED_TOKEN

ORDERS = "src/shop/api/orders.py"
HANDLER = LineRange(15, 33)
SECTIONS = [
    "rule",
    "convention",
    "spec",
    "header",
    "signature",
    "fixture",
    "references",
    "example",
    "enclosing",
    "target",
    "task",
]
SAME_SECTION = {"outline": "signature", "definition": "signature"}


def everything_sent(context: FocusedContext) -> str:
    return "\n".join([context.target_text, *(i.text for i in context.items)])


@pytest.mark.parametrize("budget", [1200, 2000, 3500, 8000])
def test_the_budget_is_honoured_when_scope_rules_fit(ledger: RetrievalSources, budget: int) -> None:
    settings = RetrievalSettings(budget_tokens=budget)
    context = build_context(ledger, "src/ledger/entries.py", None, "add a memo field", settings)
    assert context.tokens == sum(i.tokens for i in context.items)
    assert context.tokens <= budget
    assert over_budget(context) == 0


def test_a_smaller_budget_prunes_extras_into_omitted_with_the_reason(
    ledger: RetrievalSources,
) -> None:
    path, lines, task = "src/ledger/entries.py", LineRange(10, 17), "log each line"
    roomy = build_context(ledger, path, lines, task, RetrievalSettings(budget_tokens=8000))
    tight = build_context(ledger, path, lines, task, RetrievalSettings(budget_tokens=700))
    assert not [i for i in roomy.omitted if i.reason.startswith("did not fit")]
    pruned = [i for i in tight.omitted if i.reason.startswith("did not fit the budget (")]
    assert pruned and len(tight.items) < len(roomy.items)
    for item in pruned:
        assert item.kind not in ("target", "task")
        assert " tokens over); would have been: " in item.reason
    assert tight.tokens <= 700


def test_a_tight_budget_is_never_exceeded_and_lists_every_rule_left_out(
    shop: RetrievalSources,
) -> None:
    settings = RetrievalSettings(budget_tokens=400)
    context = build_context(shop, ORDERS, HANDLER, "add a refund", settings)
    assert context.tokens <= 400 and over_budget(context) == 0
    applying = {a.rule.id for a in applicable_rules(shop.ruleset, ORDERS) if a.applies}
    listed = {i.id for i in (*context.items, *context.omitted) if i.kind == "rule"}
    assert applying <= listed
    assert all(i.reason.startswith("not sent: ") for i in context.omitted if i.kind == "rule")


def test_a_large_target_is_cut_at_a_line_and_the_range_shrinks(ledger: RetrievalSources) -> None:
    body = "".join(
        f"    total_{n} = compute_line_total(rows, {n})  # line {n}\n" for n in range(400)
    )
    text = f"def huge(rows):\n{body}    return total_0\n"
    settings = RetrievalSettings(budget_tokens=2000)
    context = build_context(ledger, "src/ledger/huge.py", None, "simplify", settings, text=text)
    assert context.lines.first == 1 and context.lines.last < 402
    assert context.target_text == "".join(text.splitlines(keepends=True)[: context.lines.last])
    target = next(i for i in context.items if i.kind == "target")
    assert f"cut to lines 1-{context.lines.last}" in target.reason
    assert context.tokens <= 2000


def test_stable_items_come_first_in_a_fixed_section_order(shop: RetrievalSources) -> None:
    context = build_context(shop, ORDERS, LineRange(20, 24), "implement task 2.3")
    order = [
        SECTIONS.index(SAME_SECTION.get(i.kind, i.kind))
        for i in context.items
        if i.id.startswith("spec") is False
    ]
    stable = [i.stable for i in context.items]
    assert stable == sorted(stable, reverse=True)  # every stable item before any volatile one
    assert [i.kind for i in context.items][-2:] == ["target", "task"]
    scope_rules = [i for i in context.items if i.kind == "rule" and i.stable]
    # Root files before the nested src/shop/api/AGENTS.md, whose rules win where they differ.
    assert scope_rules[-1].id.startswith("agents:agents@src/shop/api#")
    assert order == sorted(order)


def test_same_inputs_give_the_same_context_byte_for_byte(shop: RetrievalSources) -> None:
    task = "implement task 2.1, see #release-checklist"
    first = build_context(shop, ORDERS, LineRange(20, 24), task)
    again = RetrievalSources(shop.root, shop.ruleset, shop.store, tuple(reversed(shop.conventions)))
    second = build_context(again, ORDERS, LineRange(20, 24), task)
    assert repr(first) == repr(second)


def test_secrets_never_reach_the_context(shop: RetrievalSources) -> None:
    context = build_context(shop, ORDERS, HANDLER, "add a coupon check")
    sources = {i.source for i in context.items if i.source}
    assert "src/shop/api/cart.py" in sources  # the example that holds the planted token
    sent = everything_sent(context)
    assert PLANTED_TOKEN not in sent and "[REDACTED:api-key]" in sent
    assert "sk-test-not-a-real-key" not in sent
    assert not any(s.startswith(".env") or "/.env" in s for s in sources)


def test_a_token_in_the_open_buffer_is_redacted(shop: RetrievalSources) -> None:
    text = (shop.root / ORDERS).read_text(encoding="utf-8")
    buffer = text.replace(
        "import uuid\n", 'import uuid\n\nAPI_KEY = "sk-live-abcdefghijklmnop0123456789"\n'
    )
    context = build_context(shop, ORDERS, LineRange(1, 6), "tidy imports", text=buffer)
    assert "sk-live-abcdefghijklmnop0123456789" not in everything_sent(context)
    assert "[REDACTED" in context.target_text


@pytest.mark.parametrize("path", [".env", ".env.example", "config/server.pem"])
def test_a_secret_file_is_refused_as_a_target(shop: RetrievalSources, path: str) -> None:
    with pytest.raises(ContextRefused, match="secret file"):
        build_context(shop, path, None, "explain", text="KEY=value\n")


def test_configured_secret_globs_are_refused_too(shop: RetrievalSources) -> None:
    settings = RetrievalSettings(secret_globs=("src/shop/config.py",))
    with pytest.raises(ContextRefused, match="secret file"):
        build_context(shop, "src/shop/config.py", None, "explain", settings)


@pytest.mark.parametrize(
    ("path", "lines", "message"),
    [
        ("../outside.py", None, "not a file inside the workspace"),
        ("src/shop/missing.py", None, "file not found"),
        (ORDERS, LineRange(500, 510), "line 500 does not exist"),
        (ORDERS, LineRange(0, 3), "not a valid 1-based range"),
    ],
)
def test_bad_targets_are_refused_with_a_clear_message(
    shop: RetrievalSources, path: str, lines: LineRange | None, message: str
) -> None:
    with pytest.raises(ContextRefused, match=message):
        build_context(shop, path, lines, "explain")


def test_a_range_past_the_end_is_clamped_and_says_so(shop: RetrievalSources) -> None:
    count = len((shop.root / ORDERS).read_text(encoding="utf-8").splitlines())
    context = build_context(shop, ORDERS, LineRange(count - 2, count + 40), "tidy")
    assert context.lines == LineRange(count - 2, count)
    target = next(i for i in context.items if i.kind == "target")
    assert f"the file ends at line {count}" in target.reason


def test_without_an_index_the_context_still_has_rules_and_code(shop: RetrievalSources) -> None:
    bare = RetrievalSources(shop.root, shop.ruleset)
    context = build_context(bare, ORDERS, LineRange(20, 24), "tidy")
    assert {"rule", "enclosing", "target", "task"} <= {i.kind for i in context.items}
    assert not [i for i in context.items if i.kind in ("example", "signature")]
