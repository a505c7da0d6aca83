"""Reviewing one document or a selection of it, as the editor does: real index and ledger,
real SDK, the fake Messages API."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from steering_index.cli.index import workspace_index
from steering_index.conventions.infer import workspace_conventions
from steering_index.llm.tiers import LadderSettings
from steering_index.model import LineRange
from steering_index.retrieval.context import RetrievalSources
from steering_index.review.pipeline import (
    DocumentReview,
    ReviewSettings,
    review_cache_path,
    review_document,
)
from steering_index.review.reviewed import Reviewed
from steering_index.rules import load_rules
from steering_index.store import IndexStore
from tests.fakeapi import FakeMessagesAPI

FILE = "src/billing/invoices.py"


@pytest.fixture
def store(billing: Path) -> Iterator[IndexStore]:
    with workspace_index(billing, str(billing.parent / "index.db")) as opened:
        yield opened


def _workspace(root: Path, store: IndexStore) -> RetrievalSources:
    ruleset = load_rules(root)
    store.replace_rules(ruleset.rules)
    return RetrievalSources(root, ruleset, store, tuple(workspace_conventions(store)))


async def _review(
    root: Path, store: IndexStore, target: Reviewed, options: ReviewSettings
) -> DocumentReview:
    cache = review_cache_path(root.parent / "index.db")
    workspace = _workspace(root, store)
    return await review_document(
        workspace, target, options, LadderSettings(), store.record_model_call, cache
    )


def _finding(line: int, message: str) -> dict[str, object]:
    return {"first_line": line, "last_line": line, "severity": "high", "message": message}


async def test_a_selection_is_reviewed_with_context_and_the_calls_are_recorded(
    billing: Path, store: IndexStore, fake_api: FakeMessagesAPI
) -> None:
    text = (billing / FILE).read_text()
    target = Reviewed.change(FILE, text, (LineRange(16, 19),))
    fake_api.script(
        [
            {
                "match": "the security reviewer",
                "name": "report_findings",
                "input": {"findings": [_finding(19, "fee as float"), _finding(13, "context")]},
            }
        ]
    )
    options = ReviewSettings(reviewers=("security",))
    done = await _review(billing, store, target, options)
    assert done.status == "reviewed", done.message
    assert [(f.first_line, f.message) for f in done.findings] == [(19, "fee as float")]
    assert done.spent_usd > 0 and done.estimate_usd > 0
    (request,) = fake_api.requests
    assert "Only lines 16-19 changed" in request.text and "def invoice_total" not in request.text
    (call,) = store.model_calls()
    assert (call.action, call.path, call.lines) == ("review:security", FILE, LineRange(16, 19))
    # The same selection again: from the cache, nothing sent.
    again = await _review(billing, store, target, options)
    assert again.findings == done.findings and "1 answer(s) from the cache" in again.message
    assert len(fake_api.requests) == 1


async def test_over_the_cap_or_an_unknown_reviewer_sends_nothing(
    billing: Path, store: IndexStore, fake_api: FakeMessagesAPI
) -> None:
    target = Reviewed(FILE, (billing / FILE).read_text())
    workspace = _workspace(billing, store)
    over = await review_document(
        workspace, target, ReviewSettings(max_cost_usd=0.0), LadderSettings(), None, None
    )
    assert over.status == "over-cap" and "nothing was sent" in over.message
    unknown = await review_document(
        workspace, target, ReviewSettings(reviewers=("nope",)), LadderSettings(), None, None
    )
    assert unknown.status == "refused" and "unknown reviewer(s): nope" in unknown.message
    secret = await review_document(
        workspace, Reviewed(".env", "KEY=1\n"), ReviewSettings(), LadderSettings(), None, None
    )
    assert secret.status == "refused"
    assert fake_api.requests == []
