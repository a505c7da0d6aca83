"""Every API failure ends the action with a message that says what to do, and nothing applied."""

from __future__ import annotations

import socket
from dataclasses import replace

import pytest

from steering_index.llm.ladder import run_ladder
from steering_index.llm.tiers import LadderSettings
from steering_index.llm.validate import EditChecks
from steering_index.model import FocusedContext
from tests.fakeapi import FakeMessagesAPI
from tests.llm.conftest import answer


def error(status: int, error_type: str, **headers: str) -> dict:
    return {"type": "error", "status": status, "error_type": error_type, "headers": headers}


@pytest.mark.parametrize(
    ("replies", "kind", "message"),
    [
        (
            [error(401, "authentication_error")],
            "auth",
            "the API key from the steering.apiKey setting was refused (401)",
        ),
        ([error(403, "permission_error")], "permission", "may not use claude-haiku-5-5 (403)"),
        (
            [error(404, "not_found_error")],
            "unknown-model",
            "model id claude-haiku-5-5 unknown (404): check the steering.models.small setting",
        ),
        (
            [error(429, "rate_limit_error", **{"retry-after": "3600"})],
            "rate-limited",
            "rate limited: try again in 3600 s",
        ),
        (
            [error(529, "overloaded_error"), error(529, "overloaded_error")],
            "overloaded",
            "the API is overloaded",
        ),
        (
            [error(500, "api_error"), error(500, "api_error")],
            "server-error",
            "the API failed (500): try again",
        ),
        (
            [answer(drop_after_events=5)],
            "connection-lost",
            "connection lost mid-answer: nothing was applied",
        ),
        (
            [answer(malformed_after_events=4)],
            "malformed",
            "malformed answer: nothing was applied",
        ),
        (
            [answer(error_after_events=4, stream_error_type="overloaded_error")],
            "overloaded",
            "the API is overloaded",
        ),
        (
            [answer(stop_reason="max_tokens")],
            "truncated",
            "cut off at the output limit (8192 tokens)",
        ),
        (
            [error(400, "invalid_request_error")],
            "bad-request",
            "the API refused the request (400)",
        ),
    ],
)
async def test_each_failure_has_its_own_message(
    fake_api: FakeMessagesAPI,
    settings: LadderSettings,
    context: FocusedContext,
    file_text: str,
    replies: list[dict],
    kind: str,
    message: str,
) -> None:
    fake_api.script(replies)
    outcome = await run_ladder(context, file_text, settings, EditChecks())
    assert outcome.status == "error"
    assert outcome.error_kind == kind
    assert message in outcome.message
    assert outcome.new_text is None and outcome.new_file_text is None
    assert [c.outcome for c in outcome.calls] == ["error"]
    assert fake_api.pending == 0  # retried exactly as often as the script expects


async def test_a_huge_retry_after_is_not_waited_for(
    fake_api: FakeMessagesAPI, settings: LadderSettings, context: FocusedContext, file_text: str
) -> None:
    fake_api.script([error(429, "rate_limit_error", **{"retry-after": "3600"}), answer()])
    outcome = await run_ladder(context, file_text, settings, EditChecks())
    assert outcome.error_kind == "rate-limited"
    assert len(fake_api.requests) == 1


async def test_a_short_retry_after_is_waited_for_once(
    fake_api: FakeMessagesAPI, settings: LadderSettings, context: FocusedContext, file_text: str
) -> None:
    fake_api.script([error(429, "rate_limit_error", **{"retry-after": "0.1"}), answer()])
    outcome = await run_ladder(context, file_text, settings, EditChecks())
    assert outcome.status == "proposed"
    assert len(fake_api.requests) == 2


async def test_no_retries_when_the_setting_says_none(
    fake_api: FakeMessagesAPI, settings: LadderSettings, context: FocusedContext, file_text: str
) -> None:
    fake_api.script([error(529, "overloaded_error"), answer()])
    outcome = await run_ladder(context, file_text, replace(settings, max_retries=0), EditChecks())
    assert outcome.error_kind == "overloaded"
    assert len(fake_api.requests) == 1


async def test_a_server_that_does_not_answer_times_out(
    fake_api: FakeMessagesAPI, settings: LadderSettings, context: FocusedContext, file_text: str
) -> None:
    fake_api.script([answer(delay_s=5)])
    quick = replace(settings, request_timeout_s=0.3, max_retries=0)
    outcome = await run_ladder(context, file_text, quick, EditChecks())
    assert outcome.error_kind == "timeout"
    assert "steering.requestTimeoutSeconds" in outcome.message


async def test_an_unreachable_server_names_the_url(
    settings: LadderSettings, context: FocusedContext, file_text: str
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    nowhere = replace(settings, base_url=f"http://127.0.0.1:{port}", max_retries=0)
    outcome = await run_ladder(context, file_text, nowhere, EditChecks())
    assert outcome.error_kind == "connection"
    assert f"cannot reach http://127.0.0.1:{port}" in outcome.message
    assert "the steering.baseUrl setting" in outcome.message


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_an_unreachable_address_names_the_variable_it_came_from(
    context: FocusedContext, file_text: str
) -> None:
    url = f"http://127.0.0.1:{closed_port()}"
    env = {"ANTHROPIC_BASE_URL": url, "ANTHROPIC_API_KEY": "k"}
    for settings in (LadderSettings(max_retries=0), LadderSettings(settings_prefix="steering.")):
        outcome = await run_ladder(context, file_text, settings, EditChecks(), environ=env)
        assert outcome.error_kind == "connection"
        assert f"cannot reach {url} (from the ANTHROPIC_BASE_URL environment variable)" in (
            outcome.message
        )
        assert "steering.baseUrl" not in outcome.message
        assert [call.outcome for call in outcome.calls] == ["unreached"]


async def test_a_refused_key_names_where_it_came_from(
    fake_api: FakeMessagesAPI, context: FocusedContext, file_text: str
) -> None:
    fake_api.script([error(401, "authentication_error")])
    env = {"ANTHROPIC_API_KEY": "wrong", "ANTHROPIC_BASE_URL": fake_api.url}
    outcome = await run_ladder(context, file_text, LadderSettings(), EditChecks(), environ=env)
    assert outcome.error_kind == "auth"
    assert "the API key from the ANTHROPIC_API_KEY environment variable was refused" in (
        outcome.message
    )
    assert "setting" not in outcome.message


async def test_without_key_or_url_nothing_is_sent_and_the_fix_is_named(
    context: FocusedContext, file_text: str
) -> None:
    outcome = await run_ladder(context, file_text, LadderSettings(), EditChecks(), environ={})
    assert outcome.error_kind == "no-credentials"
    assert "ANTHROPIC_API_KEY environment variable" in outcome.message
    assert "setting" not in outcome.message  # a CLI user has none to set
    assert outcome.calls == ()
    editor = LadderSettings(settings_prefix="steering.")
    outcome = await run_ladder(context, file_text, editor, EditChecks(), environ={})
    assert "ANTHROPIC_API_KEY" in outcome.message and "steering.baseUrl" in outcome.message


async def test_the_key_comes_from_the_environment(
    fake_api: FakeMessagesAPI, context: FocusedContext, file_text: str
) -> None:
    fake_api.script([answer()])
    env = {"ANTHROPIC_API_KEY": "env-key", "ANTHROPIC_BASE_URL": fake_api.url}
    outcome = await run_ladder(context, file_text, LadderSettings(), EditChecks(), environ=env)
    assert outcome.status == "proposed"
    assert fake_api.requests[0].headers["authorization"] == "Bearer env-key"
