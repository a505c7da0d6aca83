"""A fake Anthropic Messages API on 127.0.0.1: scripted replies, faults, recorded requests.

Use it in-process (`FakeMessagesAPI` as a context manager, or the `fake_api` pytest fixture
in `tests/fakeapi/fixture.py`) or as a separate process for the LSP and editor tests:

    python -m tests.fakeapi --port 0 --script replies.json

which prints `listening on http://127.0.0.1:PORT` on its first stdout line.

A script is JSON: `{"replies": [REPLY, ...]}` (or a bare list). Each POST /v1/messages
consumes the next reply; when none is left the server answers 500 with a message saying so.
A REPLY is an object:

- `{"type": "tool_use", "input": {...}}` -- a tool call (name `replace_range` unless
  `"name"` says otherwise). `"input_json": "..."` sends raw (possibly broken) JSON instead;
  `"text": "..."` streams a text block before the call.
- `{"type": "text", "text": "..."}` -- a plain text answer; `{"type": "empty"}` -- no content.
- `{"type": "error", "status": 429, "error_type": "rate_limit_error", "message": "...",
  "headers": {"retry-after": "3600"}}` -- an HTTP error before any answer.

Options for the answers: `usage` (`input_tokens`, `output_tokens`,
`cache_creation_input_tokens`, `cache_read_input_tokens`), `stop_reason`, `model`,
`chunk_size` (characters per `input_json_delta`, default 24), `delay_s` (wait before
responding: a timeout), `chunk_delay_s` (wait between events), `drop_after_events` (close
the connection mid-stream), `malformed_after_events` (send an event that is not JSON),
`error_after_events` + `stream_error_type` (an `event: error` mid-stream).

Every request is recorded (path, headers, JSON body, whether the client hung up) and can
be read in-process (`api.requests`) or over HTTP: GET /_fake/requests. POST /_fake/script
replaces the script (same JSON).
"""

from tests.fakeapi.server import FakeMessagesAPI, RecordedRequest

__all__ = ["FakeMessagesAPI", "RecordedRequest"]
