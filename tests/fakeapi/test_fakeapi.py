"""The fake Messages API speaks the protocol the real SDK expects, in-process and as a process."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import anthropic
import httpx2
import pytest

from tests.fakeapi import FakeMessagesAPI
from tests.fakeapi.fixtures import fake_api, fake_api_process, start_fake_api_process

__all__ = ["fake_api", "fake_api_process"]  # the fixtures, used by name below

ANSWER = {"first_line": 1, "last_line": 2, "new_text": "x = 1\n", "rule_ids": ["r1"]}


def _client(url: str) -> anthropic.Anthropic:
    return anthropic.Anthropic(api_key="test-key", base_url=url, max_retries=0)


def _ask(client: anthropic.Anthropic) -> anthropic.types.Message:
    with client.messages.stream(
        model="claude-haiku-5-5",
        max_tokens=100,
        messages=[{"role": "user", "content": "hello"}],
    ) as stream:
        return stream.get_final_message()


def test_a_streamed_tool_call_arrives_whole_through_the_sdk(fake_api: FakeMessagesAPI) -> None:
    fake_api.script([{"input": ANSWER, "chunk_size": 5, "usage": {"output_tokens": 42}}])
    message = _ask(_client(fake_api.url))
    block = message.content[0]
    assert block.type == "tool_use"
    assert block.input == ANSWER
    assert message.stop_reason == "tool_use"
    assert message.usage.output_tokens == 42
    assert fake_api.requests[0].body["messages"][0]["content"] == "hello"
    assert fake_api.requests[0].headers["authorization"] == "Bearer test-key"


def test_a_plain_call_gets_a_complete_message(fake_api: FakeMessagesAPI) -> None:
    fake_api.script([{"type": "text", "text": "hi there"}])
    message = _client(fake_api.url).messages.create(
        model="claude-haiku-5-5", max_tokens=10, messages=[{"role": "user", "content": "hi"}]
    )
    assert message.content[0].type == "text"
    assert message.content[0].text == "hi there"


def test_scripted_errors_carry_status_and_headers(fake_api: FakeMessagesAPI) -> None:
    fake_api.script(
        [
            {
                "type": "error",
                "status": 429,
                "error_type": "rate_limit_error",
                "headers": {"retry-after": "7"},
            }
        ]
    )
    with pytest.raises(anthropic.RateLimitError) as caught:
        _ask(_client(fake_api.url))
    assert caught.value.response.headers["retry-after"] == "7"


def test_running_out_of_script_is_a_clear_500(fake_api: FakeMessagesAPI) -> None:
    with pytest.raises(anthropic.InternalServerError, match="no scripted reply left"):
        _ask(_client(fake_api.url))


def test_a_dropped_stream_breaks_off_in_the_transport(fake_api: FakeMessagesAPI) -> None:
    fake_api.script([{"input": ANSWER, "drop_after_events": 4}])
    # The chunked body ends without its last chunk. SDKs before 2.17 let the transport's
    # error through; 2.17 and later wrap it as a connection error. Both mean a broken stream.
    with pytest.raises((anthropic.APIConnectionError, httpx2.RemoteProtocolError)) as raised:
        _ask(_client(fake_api.url))
    assert "complete message body" in str(raised.value)


def test_a_malformed_event_fails_to_decode(fake_api: FakeMessagesAPI) -> None:
    fake_api.script([{"input": ANSWER, "malformed_after_events": 3}])
    with pytest.raises(ValueError):
        _ask(_client(fake_api.url))


def test_subprocess_mode_plays_a_script_file_and_reports_requests(tmp_path: Path) -> None:
    script = tmp_path / "script.json"
    script.write_text(json.dumps({"replies": [{"input": ANSWER}]}), encoding="utf-8")
    process, url = start_fake_api_process(script)
    try:
        assert _ask(_client(url)).content[0].input == ANSWER
        with urllib.request.urlopen(f"{url}/_fake/requests", timeout=5) as response:
            recorded = json.load(response)
        assert [r["path"] for r in recorded] == ["/v1/messages"]
        assert recorded[0]["body"]["model"] == "claude-haiku-5-5"
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_a_script_can_be_loaded_over_http(fake_api_process: str) -> None:
    request = urllib.request.Request(
        f"{fake_api_process}/_fake/script",
        data=json.dumps([{"type": "text", "text": "loaded"}]).encode(),
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        assert json.load(response) == {"replies": 1}
    message = _client(fake_api_process).messages.create(
        model="m", max_tokens=5, messages=[{"role": "user", "content": "x"}]
    )
    assert message.content[0].text == "loaded"
