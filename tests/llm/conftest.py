"""Shared pieces for the ladder tests: the fake API, a billing workspace, a hand-built context."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from steering_index.llm.tiers import LadderSettings
from steering_index.model import (
    ContextItem,
    Convention,
    FocusedContext,
    LineRange,
)
from tests.fakeapi import FakeMessagesAPI
from tests.fakeapi.fixtures import fake_api

__all__ = ["fake_api"]

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "llm"
INVOICES = "src/billing/invoices.py"
# `invoice_total`, without docstring or type hints: what the tests ask the model to fix.
TARGET = LineRange(9, 13)
TASK = "add a docstring and type hints"

MONEY_RULE = ContextItem(
    kind="rule",
    id="agents:python-style",
    title="Python style",
    text="- Money is `Decimal`, never `float`.\n- Every public function has a one-line docstring.",
    reason="AGENTS.md at the root applies to every file",
    tokens=24,
    stable=True,
    source="AGENTS.md",
    lines=LineRange(3, 7),
)
ERRORS_RULE = ContextItem(
    kind="rule",
    id="agents:errors",
    title="Errors",
    text="- Raise `billing.errors.BillingError`; never a bare `Exception`.",
    reason="AGENTS.md at the root applies to every file",
    tokens=16,
    stable=True,
    source="AGENTS.md",
    lines=LineRange(9, 11),
)
NAMING = ContextItem(
    kind="convention",
    id="naming.python.function",
    title="function names: snake_case",
    text="snake_case: 41 of 42 functions under src/",
    reason="a strong convention for Python functions",
    tokens=12,
    stable=True,
)
NEIGHBOUR = ContextItem(
    kind="example",
    id="src/billing/invoices.py:late_fee",
    title="late_fee",
    text=(
        "def late_fee(total: Decimal, days_late: int) -> Decimal:\n"
        '    """The late fee: two percent of the total per started month."""'
    ),
    reason="a neighbouring function in the same file, written the project's way",
    tokens=30,
    stable=False,
    source=INVOICES,
    lines=LineRange(16, 17),
)

GOOD_TEXT = (
    "def invoice_total(lines: list[InvoiceLine]) -> Decimal:\n"
    '    """The sum of the invoice lines."""\n'
    '    total = Decimal("0")\n'
    "    for line in lines:\n"
    "        total += line.amount\n"
    "    return total\n"
)
BROKEN_TEXT = "def invoice_total(lines: list[InvoiceLine] -> Decimal:\n    return sum(lines)\n"


# GOOD_TEXT names `InvoiceLine`, which invoices.py does not import yet.
GOOD_IMPORTS = ("from billing.models import InvoiceLine",)


def answer(
    new_text: str = GOOD_TEXT,
    lines: LineRange = TARGET,
    imports: tuple[str, ...] = GOOD_IMPORTS,
    edits: list[dict[str, str]] | None = None,
    **extra: object,
) -> dict:
    """A scripted `replace_range` reply (with a plan, as the tool's schema asks)."""
    data: dict[str, object] = {
        "plan": "Add the docstring and the type hints; import what the hints name.",
        "first_line": lines.first,
        "last_line": lines.last,
        "new_text": new_text,
        "rule_ids": ["agents:python-style", "naming.python.function"],
    }
    if imports:
        data["imports"] = list(imports)
    if edits:
        data["edits"] = edits
    return {"input": data, **extra}


@pytest.fixture
def billing(tmp_path: Path) -> Path:
    """A copy of the billing workspace, safe to edit."""
    root = tmp_path / "billing"
    shutil.copytree(FIXTURES / "billing", root)
    return root


@pytest.fixture
def file_text(billing: Path) -> str:
    return (billing / INVOICES).read_text(encoding="utf-8")


def make_context(file_text: str, *items: ContextItem, lines: LineRange = TARGET) -> FocusedContext:
    kept = file_text.splitlines(keepends=True)[lines.first - 1 : lines.last]
    chosen = items or (MONEY_RULE, ERRORS_RULE, NAMING, NEIGHBOUR)
    return FocusedContext(
        path=INVOICES,
        lines=lines,
        language="python",
        task=TASK,
        target_text="".join(kept),
        items=tuple(chosen),
        omitted=(),
        budget=4000,
        tokens=sum(i.tokens for i in chosen),
    )


@pytest.fixture
def context(file_text: str) -> FocusedContext:
    return make_context(file_text)


@pytest.fixture
def settings(fake_api: FakeMessagesAPI) -> LadderSettings:
    return LadderSettings(
        api_key="test-key",
        base_url=fake_api.url,
        request_timeout_s=2.0,
        total_timeout_s=20.0,
        retry_after_cap_s=0.3,
        settings_prefix="steering.",  # as the server builds them: messages name its settings
    )


def snake_case_convention() -> Convention:
    return Convention(
        id="naming.python.function",
        category="naming",
        language="python",
        subject="function",
        value="snake_case",
        count=41,
        total=42,
        evidence="snake_case: 41 of 42 functions",
        strong=True,
    )


def with_items(context: FocusedContext, *items: ContextItem) -> FocusedContext:
    return replace(context, items=tuple(items))
