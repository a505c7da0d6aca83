"""Running model actions end to end: the real server's anthropic SDK talks to the fake
Messages API over 127.0.0.1, and the client sees what an editor would: a versioned
workspace/applyEdit, progress, messages, usage. Also: escalation by hand, provenance in
hover, a document edited while the model works, `$/cancelRequest`, and API errors.
"""

from __future__ import annotations

import asyncio
import datetime
import json
import sqlite3
import uuid
from typing import Any

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcException

from steering_index.llm.tiers import Models
from steering_index.store import CACHE_DIR_ENV, default_db_path, ledger_path
from tests.e2e.conftest import Session, wait_for
from tests.e2e.test_editor import PRICING, named
from tests.fakeapi import FakeMessagesAPI

pytestmark = pytest.mark.asyncio(loop_scope="module")
MODELS = Models()
REWRITE = "Rewrite the selection following the project's rules"


def server_options(api_url: str) -> dict[str, Any]:
    """initializationOptions for this module's shared servers (see conftest.shared)."""
    return {"baseUrl": api_url, "maxRetries": 1, "requestTimeoutSeconds": 20}


def target_lines(action: types.CodeAction) -> tuple[int, int]:
    """The 1-based lines an action's command works on."""
    assert action.command is not None and action.command.arguments
    range_ = action.command.arguments[0]["range"]
    return range_["start"]["line"] + 1, range_["end"]["line"]


def replace_range(
    action: types.CodeAction, new_text: str, rule_ids: list[str], **more: Any
) -> dict[str, Any]:
    first, last = target_lines(action)
    answer = {
        "plan": "Make the smallest change that does the task.",
        "first_line": first,
        "last_line": last,
        "new_text": new_text,
        "rule_ids": rule_ids,
        "summary": "Follows the project's Python style.",
        **more,
    }
    return {"type": "tool_use", "input": answer}


async def python_style_id(session: Session, uri: str) -> str:
    rules = (await session.execute("steering.showRules", {"uri": uri}))["rules"]
    return next(r["id"] for r in rules if r["title"] == "Python style" and r["applies"])


async def action_titled(
    session: Session, uri: str, range_: types.Range, title: str, **kw: Any
) -> types.CodeAction:
    actions = await session.actions(uri, range_, **kw)
    found = [a for a in actions if a.title == title]
    assert found, f"no {title!r} among {[a.title for a in actions]}"
    return found[0]


def selection(session: Session, uri: str, first: str, lines: int) -> types.Range:
    start = session.position(uri, first)
    return types.Range(start=start, end=types.Position(line=start.line + lines, character=0))


async def small_rewrite(session: Session, uri: str, first: str, lines: int) -> types.CodeAction:
    """The small model's "Rewrite the selection" for `lines` lines from `first`."""
    selected = selection(session, uri, first, lines)
    return await action_titled(session, uri, selected, f"{REWRITE} with {MODELS.small}")


async def slow_rewrite(session: Session, api: FakeMessagesAPI) -> tuple[str, types.CodeAction]:
    """A rewrite whose answer streams for many seconds: time enough to cancel it."""
    uri = await session.open_indexed(PRICING)
    rewrite = await small_rewrite(session, uri, "def cart_subtotal", 3)
    answer = replace_range(rewrite, "x = 1\n" * 40, [])
    api.script([{**answer, "chunk_size": 4, "chunk_delay_s": 0.2}])
    return uri, rewrite


async def test_fix_with_the_small_model_is_applied_as_a_versioned_edit(
    shared: Session, fake_api: FakeMessagesAPI
) -> None:
    uri = await shared.open_indexed(PRICING)
    found = await shared.wait_diagnostics(uri, lambda d: bool(named(d, "computeDiscount")))
    (drift,) = named(found, "computeDiscount")
    fix = await action_titled(
        shared, uri, drift.range, f"Fix with {MODELS.small}", diagnostics=[drift]
    )
    style = await python_style_id(shared, uri)
    fixed_line = "def compute_discount(cart: Cart) -> Decimal:\n"
    # The first answer renames the definition only, leaving its caller (line 39, which the
    # model was not shown) on a name that no longer exists: the repair turn quotes that
    # line, and the second answer updates it through `edits`.
    caller = "    net = cart_subtotal(cart) - computeDiscount(cart)\n"
    renamed_caller = caller.replace("computeDiscount", "compute_discount")
    edits = [{"old_text": caller, "new_text": renamed_caller}]
    fake_api.script(
        [
            replace_range(fix, fixed_line, [style]),
            replace_range(fix, fixed_line, [style], edits=edits),
        ]
    )
    sent_before = len(fake_api.requests)
    version = shared.versions[uri]

    result = await shared.run(fix)

    assert result["status"] == "applied", result
    assert result["model"] == MODELS.small
    assert "1 other place(s) edited" in result["message"]
    (edit,) = shared.edits
    (change,) = edit.edit.document_changes or []
    assert change.text_document.version == version
    text = shared.apply(edit.edit)
    assert "def compute_discount(cart: Cart) -> Decimal:" in text
    assert renamed_caller in text
    assert "computeDiscount" not in text
    first, repair = fake_api.requests[sent_before:]
    assert first.body["model"] == MODELS.small
    assert first.headers["authorization"] == "Bearer sk-test-e2e"
    feedback = repair.body["messages"][2]["content"][0]["content"]
    assert "`computeDiscount`, which is not defined, imported or built in" in feedback
    assert "line 39: net = cart_subtotal(cart) - computeDiscount(cart)" in feedback
    # Progress while streaming, then the bill: a log line and the usage notification.
    (progress,) = shared.progress(f"Steering: {MODELS.small}").values()
    assert isinstance(progress[-1], types.WorkDoneProgressEnd)
    assert any("received" in (getattr(r, "message", "") or "") for r in progress)
    logged = [m.message for m in shared.client.log_messages if "tokens in" in m.message]
    assert logged and MODELS.small in logged[-1] and "session $" in logged[-1]
    usage = await wait_for(lambda: shared.usage)
    assert usage[-1].lastModel == MODELS.small
    assert usage[-1].sessionInputTokens > 0 and usage[-1].sessionCostUsd > 0


async def test_redo_with_the_frontier_model_gets_the_earlier_attempt(
    shared: Session, fake_api: FakeMessagesAPI
) -> None:
    uri = await shared.open_indexed(PRICING)
    style = await python_style_id(shared, uri)
    rewrite = await small_rewrite(shared, uri, "def cart_total", 4)
    first, last = target_lines(rewrite)
    # The discount function's name, as an earlier test may have fixed it.
    discount = (
        "compute_discount" if "def compute_discount" in shared.texts[uri] else "computeDiscount"
    )
    small_body = (
        "def cart_total(cart: Cart) -> Decimal:\n"
        '    """What the customer pays: subtotal minus discount, plus tax."""\n'
        f"    net = cart_subtotal(cart) - {discount}(cart)\n"
        "    return round_money(net * (1 + TAX_RATE))  # tax on the discounted amount\n"
    )
    fake_api.script([replace_range(rewrite, small_body, [style])])
    assert (await shared.run(rewrite))["status"] == "applied"
    shared.apply(shared.edits[-1].edit)

    redo_title = f"Redo with {MODELS.frontier}"
    redo = await action_titled(shared, uri, selection(shared, uri, "def cart_total", 1), redo_title)
    assert target_lines(redo) == (first, last)
    frontier_body = small_body.replace("  # tax on the discounted amount", "")
    frontier_body = frontier_body.replace("net * (1 + TAX_RATE)", "net + net * TAX_RATE")
    fake_api.script([replace_range(redo, frontier_body, [style])])
    result = await shared.run(redo)

    assert result["status"] == "applied", result
    request = fake_api.requests[-1]
    assert request.body["model"] == MODELS.frontier
    assert "# tax on the discounted amount" in request.text  # the small model's attempt
    assert "rejected_attempt" in request.text
    text = shared.apply(shared.edits[-1].edit)
    assert "return round_money(net + net * TAX_RATE)" in text

    # Hover over the rewritten lines says who wrote them and after which rule.
    position = shared.position(uri, "return round_money(net + net", 5)
    hover = await shared.hover(uri, position)
    today = datetime.date.today().isoformat()
    assert hover is not None
    provenance = hover.split("**Provenance**")[1].strip().splitlines()
    (frontier,) = [line for line in provenance if f"written by {MODELS.frontier}" in line]
    # Exactly the rules the model said it followed, not all the rules it was sent.
    assert frontier.endswith(f"written by {MODELS.frontier} on {today}, following `{style}`")


async def test_a_document_edited_while_the_model_works_gets_no_edit(
    shared: Session, fake_api: FakeMessagesAPI
) -> None:
    uri = await shared.open_indexed(PRICING)
    rewrite = await small_rewrite(shared, uri, "def round_money", 3)
    body = (
        "def round_money(amount: Decimal) -> Decimal:\n"
        '    """Round to cents, half-up, as the accountants do."""\n'
        "    return amount.quantize(CENT, rounding=ROUND_HALF_UP)\n"
    )
    fake_api.script([{**replace_range(rewrite, body, []), "delay_s": 1.0}])
    sent_before, edits_before = len(fake_api.requests), len(shared.edits)
    running = asyncio.ensure_future(shared.run(rewrite))
    await wait_for(lambda: len(fake_api.requests) > sent_before)
    original = shared.texts[uri]
    shared.change(uri, original + "\n# the user keeps typing\n")

    result = await running

    assert result["status"] == "stale"
    assert len(shared.edits) == edits_before
    assert any("changed while the model was working" in m for m in shared.messages())
    shared.change(uri, original)


async def test_cancel_request_stops_the_stream_and_applies_nothing(
    shared: Session, fake_api: FakeMessagesAPI
) -> None:
    uri, rewrite = await slow_rewrite(shared, fake_api)
    sent_before, edits_before = len(fake_api.requests), len(shared.edits)
    hung_up_before = hung_up(fake_api)
    request_id = str(uuid.uuid4())
    assert rewrite.command is not None
    params = types.ExecuteCommandParams(
        command=rewrite.command.command, arguments=rewrite.command.arguments
    )
    future = shared.client.protocol.send_request(
        types.WORKSPACE_EXECUTE_COMMAND, params, msg_id=request_id
    )
    await wait_for(lambda: len(fake_api.requests) > sent_before)
    shared.client.protocol.notify(types.CANCEL_REQUEST, types.CancelParams(id=request_id))

    with pytest.raises(JsonRpcException, match="cancel"):
        await asyncio.wait_for(asyncio.wrap_future(future), timeout=10)
    # The server answers the next request at once, and hung up on the API.
    assert await shared.hover(uri, shared.position(uri, "def cart_subtotal", 5))
    await wait_for(lambda: hung_up(fake_api) > hung_up_before)
    await asyncio.sleep(0.3)  # a late edit would arrive about now
    assert len(shared.edits) == edits_before


def hung_up(api: FakeMessagesAPI) -> int:
    return sum(request.disconnected for request in api.requests)


def running_progress(session: Session, title: str) -> str | None:
    for token, reports in session.progress(title).items():
        if not isinstance(reports[-1], types.WorkDoneProgressEnd):
            return token
    return None


async def test_cancelling_the_progress_stops_the_action(
    shared: Session, fake_api: FakeMessagesAPI
) -> None:
    _uri, rewrite = await slow_rewrite(shared, fake_api)
    edits_before, hung_up_before = len(shared.edits), hung_up(fake_api)
    sent_before = len(fake_api.requests)
    running = asyncio.ensure_future(shared.run(rewrite))
    title = f"Steering: {MODELS.small}"
    token = await wait_for(lambda: running_progress(shared, title))
    await wait_for(lambda: len(fake_api.requests) > sent_before)  # streaming now
    begin = shared.client.progress_reports[token][0]
    assert isinstance(begin, types.WorkDoneProgressBegin) and begin.cancellable
    shared.client.window_work_done_progress_cancel(types.WorkDoneProgressCancelParams(token=token))

    result = await asyncio.wait_for(running, timeout=10)

    assert result["status"] == "cancelled"
    assert isinstance(shared.client.progress_reports[token][-1], types.WorkDoneProgressEnd)
    await wait_for(lambda: hung_up(fake_api) > hung_up_before)
    assert len(shared.edits) == edits_before


@pytest.mark.parametrize(
    ("reply", "attempts", "says"),
    [
        (
            {"type": "error", "status": 401, "error_type": "authentication_error"},
            1,
            "ANTHROPIC_API_KEY",
        ),
        (
            {
                "type": "error",
                "status": 429,
                "error_type": "rate_limit_error",
                "headers": {"retry-after": "3600"},
            },
            1,
            "try again in 3600 s",
        ),
        ({"type": "error", "status": 529, "error_type": "overloaded_error"}, 2, "overloaded"),
    ],
    ids=["401", "429", "529"],
)
async def test_api_errors_tell_the_user_what_to_do(
    shared: Session, fake_api: FakeMessagesAPI, reply: dict[str, Any], attempts: int, says: str
) -> None:
    uri = await shared.open_indexed(PRICING)
    rewrite = await small_rewrite(shared, uri, "def cart_subtotal", 3)
    fake_api.script([reply, reply])
    sent_before, edits_before = len(fake_api.requests), len(shared.edits)
    shown_before = len(shared.messages())

    result = await shared.run(rewrite)

    assert result["status"] == "error"
    assert says in result["message"]
    assert [m for m in shared.messages()[shown_before:] if says in m]
    assert len(fake_api.requests) - sent_before == attempts  # 529 is retried once, 401/429 not
    assert len(shared.edits) == edits_before


async def shown_and_hidden(session: Session, action: types.CodeAction) -> tuple[str, str]:
    """A line outside the action's target that its request shows, and one it does not."""
    assert action.command is not None and action.command.arguments
    args = action.command.arguments[0]
    context = await session.execute("steering.showContext", args)
    sent = json.dumps(context["request"]["request"]["messages"])
    first, last = target_lines(action)
    lines = session.texts[args["uri"]].splitlines(keepends=True)
    outside = [line for n, line in enumerate(lines, 1) if not first <= n <= last]
    candidates = [line for line in outside if line.strip().startswith(("def ", '"""', "return"))]
    shown = next(line for line in candidates if json.dumps(line.strip())[1:-1] in sent)
    hidden = next(line for line in candidates if json.dumps(line.strip())[1:-1] not in sent)
    return shown, hidden


async def test_an_import_and_an_edit_to_a_line_shown_land_as_one_versioned_edit(
    shared: Session, fake_api: FakeMessagesAPI
) -> None:
    uri = await shared.open_indexed(PRICING)
    original = shared.texts[uri]
    body = selection(shared, uri, "    return sum((item.subtotal", 1)
    rewrite = await action_titled(shared, uri, body, f"{REWRITE} with {MODELS.small}")
    shown, _hidden = await shown_and_hidden(shared, rewrite)
    logged = (
        '    logging.getLogger(__name__).debug("%d cart lines", len(cart.items))\n'
        '    return sum((item.subtotal for item in cart.items), Decimal("0"))\n'
    )
    edits = [{"old_text": shown, "new_text": shown.rstrip("\n") + "  # checked\n"}]
    fake_api.script([replace_range(rewrite, logged, [], imports=["import logging"], edits=edits)])
    version, edits_before = shared.versions[uri], len(shared.edits)

    result = await shared.run(rewrite)

    assert result["status"] == "applied", result
    (edit,) = shared.edits[edits_before:]
    (change,) = edit.edit.document_changes or []
    assert change.text_document.version == version  # one versioned edit for all three parts
    text = shared.apply(edit.edit)
    assert "import logging\nfrom decimal import ROUND_HALF_UP, Decimal\n" in text
    assert logged in text
    assert shown.rstrip("\n") + "  # checked\n" in text
    assert text.count("\n") == original.count("\n") + 2  # the import and the logging line
    # Provenance points at where the new lines are now, below the added import.
    hover = await shared.hover(uri, shared.position(uri, "    return sum((item.subtotal", 5))
    assert hover is not None and f"written by {MODELS.small}" in hover
    shared.change(uri, original)


async def test_an_edit_to_a_line_never_shown_is_refused_and_nothing_applied(
    shared: Session, fake_api: FakeMessagesAPI
) -> None:
    uri = await shared.open_indexed(PRICING)
    body = selection(shared, uri, "    return sum((item.subtotal", 1)
    rewrite = await action_titled(shared, uri, body, f"{REWRITE} with {MODELS.small}")
    _shown, hidden = await shown_and_hidden(shared, rewrite)
    first, _last = target_lines(rewrite)
    same = shared.texts[uri].splitlines(keepends=True)[first - 1]
    edits = [{"old_text": hidden, "new_text": hidden.rstrip("\n") + "  # changed\n"}]
    blind = replace_range(rewrite, same, [], edits=edits)
    fake_api.script([blind, blind])
    edits_before, shown_before = len(shared.edits), len(shared.messages())

    result = await shared.run(rewrite)

    assert result["status"] == "rejected", result
    (problem,) = result["problems"]
    assert "which you were not shown" in problem and problem.startswith("edits[1] changes line")
    assert "did not follow the edit format" in result["message"]
    assert "frontier" not in result["message"] and "escalat" not in result["message"]
    assert [m for m in shared.messages()[shown_before:] if "nothing applied" in m]
    assert len(shared.edits) == edits_before


async def _rewrite_with_ledger(
    shared: Session, fake_api: FakeMessagesAPI, monkeypatch: pytest.MonkeyPatch, doc: str
) -> tuple[str, str, types.CodeAction, sqlite3.Connection]:
    """A small rewrite of `round_money` scripted to give it docstring `doc`, and a second
    connection to the workspace's ledger, as another program would hold: (uri, the text
    before, the action, that connection)."""
    uri = await shared.open_indexed(PRICING)
    original = shared.texts[uri]
    rewrite = await small_rewrite(shared, uri, "def round_money", 3)
    body = (
        "def round_money(amount: Decimal) -> Decimal:\n"
        f'    """{doc}"""\n'
        "    return amount.quantize(CENT, rounding=ROUND_HALF_UP)\n"
    )
    fake_api.script([replace_range(rewrite, body, [])])
    monkeypatch.setenv(CACHE_DIR_ENV, str(shared.root.parent / "cache"))
    ledger = sqlite3.connect(ledger_path(default_db_path(shared.root)), isolation_level=None)
    return uri, original, rewrite, ledger


async def test_the_editor_is_answered_while_a_model_call_waits_for_the_ledger(
    shared: Session, fake_api: FakeMessagesAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Recording a call writes to SQLite in a worker thread: while another program holds
    the ledger's write lock, the action waits for it and the editor's requests do not."""
    uri, original, rewrite, ledger = await _rewrite_with_ledger(
        shared, fake_api, monkeypatch, "Round to whole cents, half-up."
    )
    sent_before = len(fake_api.requests)
    try:
        ledger.execute("BEGIN IMMEDIATE")  # the write lock, as another writer would hold it
        running = asyncio.ensure_future(shared.run(rewrite))
        await wait_for(lambda: len(fake_api.requests) > sent_before)
        await wait_for(lambda: fake_api.requests[-1].finished > 0)
        # The answer is in; give the server the moment it takes to check it and start
        # recording the call, which then waits on the lock.
        await asyncio.sleep(1.0)
        hover = await shared.hover(uri, shared.position(uri, "def cart_subtotal", 5))
        assert hover is not None and "Steering rules" in hover
        assert not running.done()
    finally:
        ledger.execute("ROLLBACK")
        ledger.close()

    result = await running

    assert result["status"] == "applied", result
    written = await shared.hover(uri, shared.position(uri, "def round_money", 5))
    assert written is not None and f"written by {MODELS.small}" in written
    shared.change(uri, original)


async def test_the_edit_is_applied_while_another_program_keeps_the_ledger_locked(
    shared: Session, fake_api: FakeMessagesAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server waits for the ledger's lock only briefly (`RECORD_WAIT_S`), not SQLite's
    30 s busy timeout: the paid-for edit is applied while the lock is still held, and the
    call is kept to be written later."""
    uri, original, rewrite, ledger = await _rewrite_with_ledger(
        shared, fake_api, monkeypatch, "Round half-up (kept while the ledger is locked)."
    )
    edits_before = len(shared.edits)
    try:
        ledger.execute("BEGIN IMMEDIATE")  # held until the edit is in: another writer's
        result = await asyncio.wait_for(shared.run(rewrite), 20.0)
        assert result["status"] == "applied", result
        (edit,) = shared.edits[edits_before:]
        assert "kept while the ledger is locked" in shared.apply(edit.edit)
    finally:
        ledger.execute("ROLLBACK")
        ledger.close()
    shared.change(uri, original)
