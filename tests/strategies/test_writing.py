"""Writing strategies: the cost cap holds before any call, files are new, secrets never land."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from steering_index.llm.prompts import PriorAttempt
from steering_index.llm.tiers import Credentials, LadderSettings, Price
from steering_index.model import ModelCall
from steering_index.strategies.format import StrategyDraft, parse_strategy
from steering_index.strategies.kinds import ChangeKind
from steering_index.strategies.writing import (
    Lesson,
    StrategyRequest,
    draft_request,
    last_uses,
    lesson_request,
    parse_answer,
    send_for_strategies,
    worst_case_cost,
    write_drafts,
)
from tests.fakeapi import FakeMessagesAPI

KINDS = [ChangeKind("test", "tests", 7, ("tests/test_a.py",))]
PRICE = Price(input=4.0, output=20.0, cache_write=5.0, cache_read=0.2)
SETTINGS = LadderSettings(prices={"claude-opus-5-5": PRICE}, max_retries=0)
STRATEGY = {"title": "Write a test", "when": "writing a test", "body": "1. Use `client`."}


def request() -> StrategyRequest:
    return draft_request(
        KINDS, {"tests/test_a.py": "def test_a(): ...\n"}, [], [], [], "claude-opus-5-5"
    )


def test_the_worst_case_is_the_input_and_the_whole_output_allowance() -> None:
    asked = request()
    expected = (asked.tokens * 4.0 + asked.max_tokens * 20.0) / 1_000_000
    assert worst_case_cost(asked, SETTINGS) == pytest.approx(expected)
    # Room for each strategy asked for (its body and fields), plus the call's frame.
    assert asked.max_tokens == 500 * len(KINDS) + 200
    local = draft_request(KINDS, {}, [], [], [], "local-coder")
    assert worst_case_cost(local, SETTINGS) is None  # no price known: the caller says so


def test_a_call_that_could_pass_the_cap_is_refused_without_sending(tmp_path: Path) -> None:
    with FakeMessagesAPI(
        [{"name": "write_strategies", "input": {"strategies": [STRATEGY]}}]
    ) as api:
        credentials = Credentials("key", api.url)
        asked = request()
        worst = worst_case_cost(asked, SETTINGS)
        assert worst is not None
        outcome = asyncio.run(
            send_for_strategies(asked, tmp_path, SETTINGS, credentials, max_cost_usd=worst * 0.99)
        )
        assert outcome.status == "refused" and "above the cap" in outcome.message
        assert api.requests == [] and not (tmp_path / ".steering").exists()
        recorded: list[ModelCall] = []

        def record(call: ModelCall) -> int:
            recorded.append(call)
            return len(recorded)

        outcome = asyncio.run(
            send_for_strategies(
                asked,
                tmp_path,
                SETTINGS,
                credentials,
                max_cost_usd=worst,
                recorder=record,
            )
        )
    assert outcome.status == "written" and len(api.requests) == 1
    body = api.requests[0].body
    assert body["tool_choice"] == {"type": "tool", "name": "write_strategies"}
    assert body["model"] == "claude-opus-5-5"
    (call,) = recorded
    assert (call.action, call.tier, outcome.call_id) == ("strategy-draft", "frontier", 1)
    assert call.cost_usd == pytest.approx(outcome.cost_usd) and 0 < outcome.cost_usd <= worst


def test_a_file_is_never_overwritten(tmp_path: Path) -> None:
    draft = StrategyDraft("Write a test", "writing a test", "1. a", "m", "2026-12-04", "t")
    first = write_drafts(tmp_path, [draft])[0]
    first.write_text("edited by hand\n")
    second, third = write_drafts(tmp_path, [draft, draft])
    assert [p.name for p in (first, second, third)] == [
        "write-a-test.md",
        "write-a-test-2.md",
        "write-a-test-3.md",
    ]
    assert first.read_text() == "edited by hand\n"


def test_secrets_are_redacted_before_anything_is_written(tmp_path: Path) -> None:
    key = "sk-ant-api03-" + "x" * 40
    draft = StrategyDraft(
        "Call the CRM", f"calling the CRM with {key}", f"1. export CRM_TOKEN={key}\n",
        "m", "2026-12-04", "task with password = 'hunter22!'",
    )  # fmt: skip
    (path,) = write_drafts(tmp_path, [draft])
    text = path.read_text()
    assert key not in text and "hunter22!" not in text
    assert text.count("[REDACTED:") == 3


def test_nothing_is_written_through_a_folder_that_leaves_the_workspace(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    root = tmp_path / "root"
    root.mkdir()
    (root / ".steering").symlink_to(outside, target_is_directory=True)
    draft = StrategyDraft("T", "w", "1. b", "m", "d", "o")
    with pytest.raises(OSError, match="outside the workspace"):
        write_drafts(root, [draft])
    assert list(outside.rglob("*.md")) == []


def test_an_answer_is_checked_item_by_item_and_what_is_dropped_is_said() -> None:
    asked = request()
    answer = json.dumps(
        {
            "strategies": [
                {**STRATEGY, "globs": ["tests/**", "../../etc/*"]},
                {"title": "", "when": "x", "body": "y"},
                "not an object",
                {**STRATEGY, "globs": "tests/**"},
            ]
        }
    )
    drafts, problems = parse_answer(answer, asked, "claude-opus-5-5", today="2026-12-04")
    assert [(d.title, d.globs, d.written_by, d.written_on) for d in drafts] == [
        ("Write a test", ("tests/**",), "claude-opus-5-5", "2026-12-04")
    ]
    assert drafts[0].origin == "steering strategies draft: test (tests)"
    assert problems == [
        "“Write a test”: glob `../../etc/*` points outside the workspace; dropped",
        "strategy 2: no title; not written",
        "strategy 3: not an object; not written",
        "strategy 4: globs is not a list of strings; not written",
    ]
    assert parse_answer("{not json", asked, "m")[1] == [
        "the answer was not the write_strategies call asked for"
    ]


def test_a_lesson_carries_the_task_the_rejected_attempt_and_the_accepted_edit() -> None:
    rejected = PriorAttempt(
        "small", "claude-haiku-5-5", "return compute()\n", ("`compute` is undefined",)
    )
    lesson = Lesson("Implement `total`", "shop/cart.py", rejected, "return sum(prices)\n")
    asked = lesson_request(lesson, "claude-opus-5-5")
    text = asked.messages[0].content[0].text  # type: ignore[union-attr]
    for part in ("Implement `total`", "return compute()", "`compute` is undefined",
                 "return sum(prices)", "shop/cart.py"):  # fmt: skip
        assert part in text
    assert asked.origins == ("Implement `total`",) and asked.purpose == "learn"
    drafts, _ = parse_answer(json.dumps({"strategies": [STRATEGY]}), asked, "m")
    assert drafts[0].origin == "Implement `total`"


def test_last_use_is_the_latest_call_that_carried_the_strategy() -> None:
    def call(when: str, ids: tuple[str, ...]) -> ModelCall:
        return ModelCall(when, "small", "m", 1, 1, 0, 0, 0.0, (), "proposed", 1, strategy_ids=ids)

    uses = last_uses(
        [
            call("2026-12-01", ("strategy:a",)),
            call("2026-12-03", ("strategy:a", "strategy:b")),
            call("2026-12-02", ()),
        ]
    )
    assert (uses["strategy:a"].last, uses["strategy:a"].calls) == ("2026-12-03", 2)
    assert (uses["strategy:b"].last, uses["strategy:b"].calls) == ("2026-12-03", 1)


def test_written_files_read_back_as_the_drafts(tmp_path: Path) -> None:
    draft = StrategyDraft(
        "Write a test", "writing a test", "1. Use `client`.", "m", "2026-12-04", "t", ("tests/**",)
    )
    (path,) = write_drafts(tmp_path, [draft])
    strategy, problems = parse_strategy(path.relative_to(tmp_path).as_posix(), path.read_text())
    assert problems == ()
    assert (strategy.title, strategy.globs, strategy.origin) == ("Write a test", ("tests/**",), "t")


def test_a_folder_that_cannot_be_made_refuses_before_the_call(tmp_path: Path) -> None:
    (tmp_path / ".steering").write_text("a file where the folder should be\n")
    with FakeMessagesAPI(
        [{"name": "write_strategies", "input": {"strategies": [STRATEGY]}}]
    ) as api:
        outcome = asyncio.run(
            send_for_strategies(
                request(), tmp_path, SETTINGS, Credentials("key", api.url), max_cost_usd=1.0
            )
        )
        assert outcome.status == "refused" and outcome.message.startswith("not sent:")
        assert api.requests == []
