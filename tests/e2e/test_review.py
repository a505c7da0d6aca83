"""Review with small models, in the editor: the real server runs the reviewers through its
anthropic SDK against the fake Messages API, under the VS Code and Neovim profiles. The
findings arrive as `steering-review` diagnostics beside the drift ones, a replacement is a
quick fix, and a change to the text clears them.
"""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcException

from steering_index.llm.tiers import Models
from tests.e2e.conftest import Session, wait_for
from tests.e2e.test_editor import PRICING, SHIPPING, named, open_with_conventions
from tests.fakeapi import FakeMessagesAPI

pytestmark = pytest.mark.asyncio(loop_scope="module")
SOURCE = "steering-review"
NEW_LINE = "    return round_money(net * (Decimal(1) + TAX_RATE))"


def server_options(api_url: str) -> dict[str, Any]:
    """initializationOptions for this module's shared servers (see conftest.shared)."""
    return {
        "baseUrl": api_url,
        "maxRetries": 0,
        "reviewers": ["rules", "security"],
        "reviewConfirm": True,
    }


def _reply(reviewer: str, findings: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "match": f"the {reviewer} reviewer",
        "name": "report_findings",
        "input": {"findings": findings},
    }


def _lines(first: int, last: int) -> types.Range:
    """1-based lines `first`-`last` as an LSP range over whole lines."""
    return types.Range(
        start=types.Position(line=first - 1, character=0),
        end=types.Position(line=last, character=0),
    )


def reviewed(session: Session, uri: str) -> list[types.Diagnostic]:
    """The review diagnostics the editor holds: under both profiles they are pushed (VS Code
    here gets every diagnostic pushed; Neovim pulls drift but takes no refresh request)."""
    return [d for d in session.client.diagnostics.get(uri, ()) if d.source == SOURCE]


async def test_a_selection_is_reviewed_into_diagnostics_with_a_quick_fix(
    shared: Session, fake_api: FakeMessagesAPI
) -> None:
    uri = await open_with_conventions(shared, PRICING)
    before = len(fake_api.requests)
    fake_api.script(
        [
            _reply(
                "rules",
                [
                    {
                        "first_line": 40,
                        "last_line": 40,
                        "severity": "high",
                        "message": "tax added to an int",
                        "replacement": NEW_LINE,
                    }
                ],
            ),
            # Line 34 is only context around the selection: left out.
            _reply(
                "security",
                [{"first_line": 34, "last_line": 34, "severity": "low", "message": "context"}],
            ),
            {
                "match": "junior code reviewers",
                "name": "confirm_findings",
                "input": {"verdicts": [{"finding": 1, "confirmed": True, "reason": "real"}]},
            },
        ]
    )
    answer = await shared.execute("steering.review", {"uri": uri, "range": _lines(37, 40)})
    assert answer["status"] == "reviewed" and answer["findings"] == 1, answer
    sent = fake_api.requests[before:]
    assert len(sent) == 3  # two reviewers and one frontier confirmation
    assert sum("Only lines 37-40 changed" in r.text for r in sent) == 2
    found = await wait_for(lambda: reviewed(shared, uri))
    (finding,) = found
    assert finding.range.start.line == 39 and finding.severity == types.DiagnosticSeverity.Error
    assert "tax added to an int" in finding.message and "confirmed by" in finding.message
    # Drift diagnostics are still there, apart from the review ones.
    assert named(await shared.diagnostics(uri), "computeDiscount")
    if shared.pulls_diagnostics:  # pulled drift, pushed review: not both in one place
        assert not [d for d in await shared.diagnostics(uri) if d.source == SOURCE]
    usage = await wait_for(lambda: shared.usage)
    assert usage[-1].lastCostUsd > 0 and usage[-1].lastModel == Models().small
    # The replacement is a quick fix; applying it changes the text, which clears the review.
    actions = await shared.actions(uri, finding.range, [finding])
    (fix,) = [a for a in actions if a.title.startswith("Apply the reviewer's suggestion")]
    assert fix.edit is not None
    text = shared.apply(fix.edit)
    assert text.splitlines()[39] == NEW_LINE
    await wait_for(lambda: not reviewed(shared, uri))
    assert named(await shared.diagnostics(uri), "computeDiscount")


async def test_a_failed_review_says_why_and_shows_nothing(
    shared: Session, fake_api: FakeMessagesAPI
) -> None:
    uri = await shared.open_indexed(SHIPPING)
    refused = {"type": "error", "status": 400, "message": "bad request"}
    fake_api.script([refused, refused])
    answer = await shared.execute("steering.review", {"uri": uri})  # the whole file
    assert answer["status"] == "error" and "bad request" in answer["message"], answer
    assert not reviewed(shared, uri)
    bad = await shared.execute("steering.review", {"range": _lines(1, 2)})
    assert bad["status"] == "error" and "uri" in bad["message"]


async def test_the_review_uses_the_small_model(shared: Session, fake_api: FakeMessagesAPI) -> None:
    uri = await shared.open_indexed(SHIPPING)
    before = len(fake_api.requests)
    fake_api.script([_reply("rules", []), _reply("security", [])])
    answer = await shared.execute("steering.review", {"uri": uri, "range": _lines(1, 3)})
    assert answer["status"] == "reviewed" and answer["findings"] == 0, answer
    models = {r.body["model"] for r in fake_api.requests[before:]}
    assert models == {Models().small}


async def test_cancelling_a_review_stops_its_calls_and_shows_nothing(
    shared: Session, fake_api: FakeMessagesAPI
) -> None:
    uri = await shared.open_indexed(SHIPPING)
    slow = {"chunk_size": 4, "chunk_delay_s": 0.2}
    findings = [{"first_line": 2, "last_line": 2, "severity": "high", "message": "x" * 200}]
    fake_api.script([_reply("rules", findings) | slow, _reply("security", findings) | slow])
    sent_before = len(fake_api.requests)
    hung_up_before = sum(r.disconnected for r in fake_api.requests)
    request_id = str(uuid.uuid4())
    params = types.ExecuteCommandParams(
        command="steering.review", arguments=[{"uri": uri, "range": _lines(1, 4)}]
    )
    future = shared.client.protocol.send_request(
        types.WORKSPACE_EXECUTE_COMMAND, params, msg_id=request_id
    )
    await wait_for(lambda: len(fake_api.requests) >= sent_before + 2)
    shared.client.protocol.notify(types.CANCEL_REQUEST, types.CancelParams(id=request_id))
    with pytest.raises(JsonRpcException, match="cancel"):
        await asyncio.wait_for(asyncio.wrap_future(future), timeout=10)
    # Both streams were hung up on, and no finding arrives.
    await wait_for(lambda: sum(r.disconnected for r in fake_api.requests) >= hung_up_before + 2)
    await asyncio.sleep(0.3)
    assert not reviewed(shared, uri)
