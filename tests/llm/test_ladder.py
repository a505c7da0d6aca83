"""The ladder through the real SDK and the fake API: request, repair, escalation, cost."""

from __future__ import annotations

import asyncio
import json
from dataclasses import replace
from pathlib import Path

import pytest

from steering_index.llm.ladder import run_ladder
from steering_index.llm.prompts import PriorAttempt
from steering_index.llm.tiers import LadderSettings, Price, Tier
from steering_index.llm.validate import EditChecks, edit_checks_for
from steering_index.model import FocusedContext, LineRange, ModelCall
from steering_index.store import IndexStore
from tests.fakeapi import FakeMessagesAPI
from tests.llm.conftest import (
    BROKEN_TEXT,
    GOOD_TEXT,
    INVOICES,
    TARGET,
    answer,
    make_context,
    snake_case_convention,
)

CHECKS = edit_checks_for(INVOICES, "python", [snake_case_convention()])


async def test_the_request_carries_rules_conventions_code_task_and_the_tool(
    fake_api: FakeMessagesAPI, settings: LadderSettings, context: FocusedContext, file_text: str
) -> None:
    fake_api.script([answer()])
    outcome = await run_ladder(context, file_text, settings, CHECKS)
    assert outcome.status == "proposed", outcome.message
    body = fake_api.requests[0].body
    system = "\n".join(block["text"] for block in body["system"])
    assert "Read the project rules" in system
    assert '<rule id="agents:python-style"' in system and "Money is `Decimal`" in system
    assert '<rule id="agents:errors"' in system
    assert '<convention id="naming.python.function"' in system
    user = body["messages"][0]["content"][0]["text"]
    assert "def invoice_total(lines):" in user
    assert "def late_fee(total: Decimal" in user  # the neighbouring example
    assert f"Task: {context.task}" in user
    assert 'first_line="9" last_line="13"' in user
    assert body["tools"][0]["name"] == "replace_range"
    assert body["tool_choice"] == {"type": "tool", "name": "replace_range"}
    assert body["model"] == "claude-haiku-5-5"
    assert body["max_tokens"] == 8192
    assert body["stream"] is True
    assert outcome.new_text == GOOD_TEXT
    assert outcome.rule_ids_followed == ("agents:python-style", "naming.python.function")
    assert GOOD_TEXT in (outcome.new_file_text or "")
    assert "def late_fee" in (outcome.new_file_text or "")


async def test_short_prefixes_are_not_marked_for_caching(
    fake_api: FakeMessagesAPI, settings: LadderSettings, context: FocusedContext, file_text: str
) -> None:
    fake_api.script([answer()])
    await run_ladder(context, file_text, settings, CHECKS)
    assert "cache_control" not in fake_api.requests[0].text


async def test_a_long_stable_prefix_is_cached_at_its_last_block(
    fake_api: FakeMessagesAPI, settings: LadderSettings, context: FocusedContext, file_text: str
) -> None:
    long_rule = replace(
        context.items[0], text="- Keep invoices immutable once issued.\n" * 600, tokens=6000
    )
    long_context = replace(context, items=(long_rule, *context.items[1:]))
    fake_api.script([answer(usage={"cache_creation_input_tokens": 5200, "input_tokens": 300})])
    outcome = await run_ladder(long_context, file_text, settings, CHECKS)
    system = fake_api.requests[0].body["system"]
    assert [("cache_control" in block) for block in system] == [False, False, True]
    assert system[-1]["cache_control"] == {"type": "ephemeral"}
    assert "cache_control" not in json.dumps(fake_api.requests[0].body["messages"])
    assert outcome.calls[0].cache_creation_tokens == 5200


async def test_a_broken_answer_is_repaired_once_with_its_problems_listed(
    fake_api: FakeMessagesAPI, settings: LadderSettings, context: FocusedContext, file_text: str
) -> None:
    fake_api.script([answer(BROKEN_TEXT), answer()])
    outcome = await run_ladder(context, file_text, settings, CHECKS)
    assert outcome.status == "proposed"
    assert [c.outcome for c in outcome.calls] == ["rejected", "proposed"]
    repair = fake_api.requests[1].body["messages"]
    assert [m["role"] for m in repair] == ["user", "assistant", "user"]
    assert repair[1]["content"][0]["input"]["new_text"] == BROKEN_TEXT
    result = repair[2]["content"][0]
    assert result["type"] == "tool_result" and result["is_error"] is True
    assert "does not parse" in result["content"]
    assert result["tool_use_id"] == repair[1]["content"][0]["id"]


async def test_a_new_convention_finding_is_a_problem(
    fake_api: FakeMessagesAPI, settings: LadderSettings, context: FocusedContext, file_text: str
) -> None:
    camel = GOOD_TEXT.replace("def invoice_total", "def invoiceTotal")
    fake_api.script([answer(camel), answer(camel)])
    outcome = await run_ladder(context, file_text, settings, CHECKS)
    assert outcome.status == "escalation-advised"
    assert any("invoiceTotal" in p and "naming.python.function" in p for p in outcome.problems)
    assert "escalate to the frontier tier" in outcome.message
    assert outcome.new_file_text is None


async def test_an_answer_for_another_range_is_never_accepted_nor_escalated(
    fake_api: FakeMessagesAPI, settings: LadderSettings, context: FocusedContext, file_text: str
) -> None:
    wide = answer(lines=replace(TARGET, last=19))
    fake_api.script([wide, wide])
    auto = replace(settings, auto_escalate=True)
    outcome = await run_ladder(context, file_text, auto, CHECKS)
    # A breach of the answer format: said precisely, and no bigger model is suggested or run.
    assert outcome.status == "rejected"
    assert outcome.new_file_text is None
    assert len(fake_api.requests) == 2
    (problem,) = outcome.problems
    assert "first_line/last_line say 9-19" in problem
    assert "target lines 9-13" in problem and "`edits`" in problem
    assert "did not follow the edit format" in outcome.message
    assert "escalat" not in outcome.message and "frontier" not in outcome.message
    feedback = fake_api.requests[1].body["messages"][2]["content"][0]["content"]
    assert "first_line=9, last_line=13" in feedback


async def test_an_answer_replacing_part_of_the_target_is_applied_to_that_part(
    fake_api: FakeMessagesAPI, settings: LadderSettings, context: FocusedContext, file_text: str
) -> None:
    # Lines 10-12 of the target 9-13: only the loop's body changes.
    fake_api.script([answer("    total = Decimal(0)\n", replace(TARGET, first=10, last=10), ())])
    outcome = await run_ladder(context, file_text, settings, EditChecks(language="python"))
    assert outcome.status == "proposed", outcome.problems
    assert outcome.new_file_text == file_text.replace('Decimal("0")\n', "Decimal(0)\n", 1)
    assert outcome.new_lines == LineRange(10, 10)


async def test_repeating_the_line_after_the_range_counts_as_editing_outside_it(
    fake_api: FakeMessagesAPI, settings: LadderSettings, file_text: str
) -> None:
    context = make_context(file_text, lines=replace(TARGET, last=12))
    spill = "    for line in lines:\n        total += line.amount\n    return total\n"
    fake_api.script([answer(spill, context.lines), answer(spill, context.lines)])
    outcome = await run_ladder(context, file_text, settings, EditChecks())
    repeated = "the new text repeats line 13, which lies after the lines it replaces"
    assert repeated in outcome.problems


@pytest.mark.parametrize(
    ("reply", "problem"),
    [
        ({"type": "empty"}, "the model's answer was empty"),
        ({"type": "text", "text": "Here is the fix: ..."}, "answered in text instead"),
        ({"input_json": '{"first_line": 9, "last_line": 13, "new_te'}, "cut off or is not valid"),
        ({"input": {"first_line": 9, "last_line": 13}}, "new_text is missing"),
    ],
)
async def test_unusable_answers_are_named_and_nothing_is_proposed(
    fake_api: FakeMessagesAPI,
    settings: LadderSettings,
    context: FocusedContext,
    file_text: str,
    reply: dict,
    problem: str,
) -> None:
    fake_api.script([reply, reply])
    outcome = await run_ladder(context, file_text, settings, CHECKS)
    assert outcome.status == "escalation-advised"
    assert outcome.new_text is None
    assert any(problem in p for p in outcome.problems), outcome.problems
    # The repair turn says what was wrong even though there was no tool call to answer.
    assert problem.split()[0] in fake_api.requests[1].text


async def test_auto_escalation_hands_the_frontier_the_attempt_and_why(
    fake_api: FakeMessagesAPI, settings: LadderSettings, context: FocusedContext, file_text: str
) -> None:
    fake_api.script([answer(BROKEN_TEXT), answer(BROKEN_TEXT), answer()])
    auto = replace(settings, auto_escalate=True)
    outcome = await run_ladder(context, file_text, auto, CHECKS)
    assert outcome.status == "proposed"
    assert outcome.tier == "frontier"
    assert [(c.tier, c.outcome) for c in outcome.calls] == [
        ("small", "rejected"),
        ("small", "rejected"),
        ("frontier", "proposed"),
    ]
    frontier = fake_api.requests[2].body
    assert frontier["model"] == "claude-opus-5-5"
    user = frontier["messages"][0]["content"][0]["text"]
    assert "<rejected_attempt>" in user and BROKEN_TEXT in user
    assert "does not parse" in user
    # The frontier gets the same rules as the small tier did.
    assert frontier["system"] == fake_api.requests[0].body["system"]


async def test_auto_escalation_respects_the_cost_cap(
    fake_api: FakeMessagesAPI, settings: LadderSettings, context: FocusedContext, file_text: str
) -> None:
    fake_api.script([answer(BROKEN_TEXT), answer(BROKEN_TEXT)])
    capped = replace(settings, auto_escalate=True, escalation_cost_cap_usd=0.000001)
    outcome = await run_ladder(context, file_text, capped, CHECKS)
    assert outcome.status == "escalation-advised"
    assert "would exceed the $0.00 cap" in outcome.message
    assert len(fake_api.requests) == 2


async def test_escalating_by_hand_sends_the_users_reason(
    fake_api: FakeMessagesAPI, settings: LadderSettings, context: FocusedContext, file_text: str
) -> None:
    fake_api.script([answer()])
    prior = PriorAttempt("small", "claude-haiku-5-5", GOOD_TEXT, (), reason="lines must be a tuple")
    outcome = await run_ladder(
        context, file_text, settings, CHECKS, tier=Tier.FRONTIER, prior=prior
    )
    assert outcome.status == "proposed" and outcome.tier == "frontier"
    text = fake_api.requests[0].text
    assert "lines must be a tuple" in text and "claude-opus-5-5" in text


async def test_cost_follows_the_price_table(
    fake_api: FakeMessagesAPI, settings: LadderSettings, context: FocusedContext, file_text: str
) -> None:
    usage = {
        "input_tokens": 1_000_000,
        "output_tokens": 200_000,
        "cache_creation_input_tokens": 400_000,
        "cache_read_input_tokens": 2_000_000,
    }
    fake_api.script([answer(usage=usage)])
    priced = replace(settings, prices={"claude-haiku-5-5": Price(1.0, 5.0, 1.25, 0.1)})
    outcome = await run_ladder(context, file_text, priced, CHECKS)
    # 1.0 + 0.2 * 5 + 0.4 * 1.25 + 2 * 0.1
    assert outcome.cost_usd == pytest.approx(2.7)
    call = outcome.calls[0]
    assert (call.input_tokens, call.output_tokens) == (1_000_000, 200_000)
    assert (call.cache_creation_tokens, call.cache_read_tokens) == (400_000, 2_000_000)
    assert call.rule_ids == ("agents:python-style", "agents:errors", "naming.python.function")


async def test_calls_are_recorded_in_the_index_database(
    fake_api: FakeMessagesAPI,
    settings: LadderSettings,
    context: FocusedContext,
    file_text: str,
    tmp_path: Path,
) -> None:
    fake_api.script([answer(BROKEN_TEXT), answer()])
    with IndexStore.open(tmp_path / "index.db") as store:
        outcome = await run_ladder(
            context, file_text, settings, CHECKS, recorder=store.record_model_call
        )
        recorded = store.model_calls()
    assert [c.outcome for c in recorded] == ["rejected", "proposed"]
    assert recorded == list(outcome.calls)
    assert recorded[0].path == INVOICES and recorded[0].lines == TARGET


async def test_planted_secrets_never_reach_the_api(
    fake_api: FakeMessagesAPI, settings: LadderSettings, file_text: str
) -> None:
    key = "sk-ant-" + "api03-Hq7vR2mNp4TxW9bZc3Lk8Fj1"
    lines = file_text.splitlines(keepends=True)
    lines.insert(5, f'PROVIDER_KEY = "{key}"\n')
    planted = "".join(lines)
    context = make_context(planted, lines=replace(TARGET, first=5, last=7))
    kept = context.target_text.replace('"0.02"', '"0.03"')
    # The model echoes the markers it saw; they must turn back into the secrets locally.
    echoed = kept.replace(key, "[REDACTED:api-key]").replace(
        "Sup3rS3cretPass", "[REDACTED:password]"
    )
    fake_api.script([answer(echoed, context.lines)])
    outcome = await run_ladder(context, planted, settings, CHECKS)
    sent = fake_api.requests[0].text
    assert key not in sent and "Sup3rS3cretPass" not in sent
    assert "[REDACTED:api-key]" in sent and "[REDACTED:password]" in sent
    assert outcome.status == "proposed", outcome.problems
    assert outcome.new_text == kept


async def test_cancelling_closes_the_stream_and_records_the_call(
    fake_api: FakeMessagesAPI, settings: LadderSettings, context: FocusedContext, file_text: str
) -> None:
    fake_api.script([answer(chunk_size=4, chunk_delay_s=0.05)])
    recorded: list[ModelCall] = []
    progress: list[int] = []
    task = asyncio.create_task(
        run_ladder(
            context,
            file_text,
            settings,
            CHECKS,
            recorder=recorded.append,
            on_progress=lambda p: progress.append(p.received_chars),
        )
    )
    while not progress:
        await asyncio.sleep(0.02)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert [c.outcome for c in recorded] == ["cancelled"]
    assert await asyncio.to_thread(fake_api.wait_for_disconnect)


async def test_progress_reports_grow_while_the_answer_streams(
    fake_api: FakeMessagesAPI, settings: LadderSettings, context: FocusedContext, file_text: str
) -> None:
    fake_api.script([answer(chunk_size=10, usage={"output_tokens": 77})])
    seen: list[tuple[int, int | None]] = []
    await run_ladder(
        context,
        file_text,
        settings,
        CHECKS,
        on_progress=lambda p: seen.append((p.received_chars, p.output_tokens)),
    )
    chars = [c for c, _ in seen]
    assert chars == sorted(chars) and len(set(chars)) > 5
    assert seen[-1][1] == 77
