"""Raw JSON-RPC over stdio against the real server: bad frames, bad params, the lifecycle.

A client library would refuse to send most of these, so the client here writes the bytes
itself. Every request must get exactly one response, an error where the spec names one;
a stream that cannot be split into frames any more must end the process, with a reason on
stderr, rather than leave a live server that never answers.
"""

from __future__ import annotations

import json
import queue
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import SERVER, copy_example, server_env

RELIABILITY_GROUP = "unusual traffic"
WITHIN_S = 30.0  # a guard against a hung server, never a timing assertion

PARSE_ERROR = -32700
INVALID_REQUEST = -32600
INVALID_PARAMS = -32602
SERVER_NOT_INITIALIZED = -32002


class RawClient:
    """The real server as a subprocess, spoken to in bytes."""

    def __init__(self, root: Path, cache: Path) -> None:
        self.root = root
        self.process = subprocess.Popen(
            SERVER,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=server_env(cache),
            cwd=root,  # as editors often start it: a URI read as no path then names the root
        )
        self.messages: queue.Queue[dict[str, Any]] = queue.Queue()
        self.stderr = b""
        self.responses: dict[int | None, dict[str, Any]] = {}
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._read_stderr, daemon=True).start()

    # --- bytes ------------------------------------------------------------------------

    def _read(self) -> None:
        out = self.process.stdout
        assert out is not None
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    return
                if not line.strip():
                    break
                name, _, value = line.partition(b":")
                if name.lower() == b"content-length":
                    length = int(value)
            assert length is not None
            self.messages.put(json.loads(out.read(length)))

    def _read_stderr(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.stderr += line

    def write(self, data: bytes) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(data)
        self.process.stdin.flush()

    def frame(self, body: bytes, length: int | None = None) -> None:
        size = len(body) if length is None else length
        self.write(b"Content-Length: %d\r\n\r\n" % size + body)

    def send(self, message: dict[str, Any], **extra: Any) -> None:
        self.frame(json.dumps(message).encode("utf-8"), **extra)

    # --- messages ---------------------------------------------------------------------

    def request(self, msg_id: int, method: str, params: Any = None) -> None:
        message: dict[str, Any] = {"jsonrpc": "2.0", "id": msg_id, "method": method}
        if params is not None:
            message["params"] = params
        self.send(message)

    def notify(self, method: str, params: Any = None) -> None:
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def answer(self, msg_id: int | None) -> dict[str, Any]:
        """The response to `msg_id` (None: a response with `"id": null`)."""
        while True:
            if msg_id in self.responses:
                return self.responses.pop(msg_id)
            try:
                message = self.messages.get(timeout=WITHIN_S)
            except queue.Empty:
                raise AssertionError(f"no answer to {msg_id!r}; stderr: {self.stderr!r}") from None
            if "method" in message:
                if "id" in message:  # a request of the server's: answer it as an editor would
                    self.send({"jsonrpc": "2.0", "id": message["id"], "result": None})
                continue
            if "result" in message or "error" in message:
                assert message.get("id") not in self.responses, f"two answers: {message}"
                self.responses[message.get("id")] = message

    def error_code(self, msg_id: int | None) -> int | None:
        answer = self.answer(msg_id)
        return answer["error"]["code"] if "error" in answer else None

    def initialize(self) -> None:
        uri = self.root.as_uri()
        self.request(
            1,
            "initialize",
            {
                "processId": None,
                "rootUri": uri,
                "capabilities": {},
                "workspaceFolders": [{"uri": uri, "name": self.root.name}],
                "initializationOptions": {"fileWatching": "off"},
            },
        )
        assert "result" in self.answer(1)
        self.notify("initialized", {})

    def hover(self, msg_id: int, line: int = 0) -> dict[str, Any]:
        return {
            "textDocument": {"uri": (self.root / "src/shop/pricing.py").as_uri()},
            "position": {"line": line, "character": 4},
        }

    def still_answers(self, msg_id: int) -> None:
        self.request(msg_id, "textDocument/hover", self.hover(msg_id, line=26))
        answer = self.answer(msg_id)
        assert "result" in answer, answer

    def exit_code(self) -> int:
        return self.process.wait(timeout=WITHIN_S)

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def client(tmp_path: Path) -> Iterator[RawClient]:
    raw = RawClient(copy_example(tmp_path), tmp_path / "cache")
    yield raw
    raw.close()


@pytest.fixture
def ready(client: RawClient) -> RawClient:
    client.initialize()
    return client


# --- bad params and envelopes -------------------------------------------------------------


def test_invalid_params_are_answered_with_invalid_params(ready: RawClient) -> None:
    hover = ready.hover(0)
    bad = {
        10: {**hover, "position": {"line": -1, "character": 0}},
        11: {**hover, "position": {"line": 2**32, "character": 0}},
        12: {"textDocument": {}},
        13: [hover["textDocument"], hover["position"]],
    }
    for msg_id, params in bad.items():
        ready.request(msg_id, "textDocument/hover", params)
    for msg_id in bad:
        answer = ready.answer(msg_id)
        assert answer["error"]["code"] == INVALID_PARAMS, answer
        assert "textDocument/hover" in answer["error"]["message"]
    ready.still_answers(20)


def test_a_request_without_jsonrpc_is_an_invalid_request(ready: RawClient) -> None:
    ready.send({"id": 30, "method": "textDocument/hover", "params": ready.hover(30)})
    assert ready.error_code(30) == INVALID_REQUEST
    ready.send({"jsonrpc": "2.0"})  # neither request nor notification: the id is unknown
    assert ready.error_code(None) == INVALID_REQUEST
    ready.still_answers(31)


def test_a_body_that_is_not_json_gets_a_parse_error(ready: RawClient) -> None:
    ready.frame(b"{this is not json}")
    assert ready.error_code(None) == PARSE_ERROR
    ready.still_answers(40)


# --- frames -------------------------------------------------------------------------------


def test_a_content_length_counted_in_characters_is_answered_and_the_next_request_too(
    ready: RawClient,
) -> None:
    """Non-ASCII text makes a length in characters shorter than the body in bytes."""
    params = ready.hover(50)
    params["textDocument"]["uri"] += "?café-😀"
    body = json.dumps(
        {"jsonrpc": "2.0", "id": 50, "method": "textDocument/hover", "params": params},
        ensure_ascii=False,
    )
    ready.frame(body.encode("utf-8"), length=len(body))
    ready.still_answers(51)  # the tail of the cut body is skipped, the next frame is read
    assert ready.error_code(50) == PARSE_ERROR  # and the cut request was answered too


def test_a_content_length_too_large_keeps_both_messages(ready: RawClient) -> None:
    first = json.dumps(
        {"jsonrpc": "2.0", "id": 60, "method": "textDocument/hover", "params": ready.hover(60)}
    ).encode()
    second = json.dumps(
        {"jsonrpc": "2.0", "id": 61, "method": "textDocument/hover", "params": ready.hover(61)}
    ).encode()
    ready.frame(first, length=len(first) + 7)
    ready.frame(second)
    assert "result" in ready.answer(60)
    assert "result" in ready.answer(61)
    ready.still_answers(62)


def test_a_stream_that_cannot_be_resynchronised_ends_the_process(ready: RawClient) -> None:
    ready.write(b"this is not a header\r\n\r\n{}")
    assert ready.exit_code() == 1
    assert b"steering-lsp: expected a header" in ready.stderr


# --- lifecycle ----------------------------------------------------------------------------


def test_a_request_before_initialize_is_refused_with_server_not_initialized(
    client: RawClient,
) -> None:
    client.request(70, "textDocument/hover", client.hover(70))
    assert client.error_code(70) == SERVER_NOT_INITIALIZED
    client.initialize()
    client.still_answers(71)


def test_a_second_initialize_is_an_error(ready: RawClient) -> None:
    ready.request(80, "initialize", {"processId": None, "rootUri": None, "capabilities": {}})
    assert ready.error_code(80) == INVALID_REQUEST
    ready.still_answers(81)


def test_requests_after_shutdown_are_answered_and_exit_is_clean(ready: RawClient) -> None:
    ready.request(90, "shutdown")
    assert "result" in ready.answer(90)
    ready.request(91, "textDocument/hover", ready.hover(91))
    assert ready.error_code(91) == INVALID_REQUEST
    ready.notify("exit")
    assert ready.exit_code() == 0


def test_exit_without_shutdown_exits_with_1(ready: RawClient) -> None:
    ready.notify("exit")
    assert ready.exit_code() == 1


# --- cancellation ---------------------------------------------------------------------------

REQUEST_CANCELLED = -32800


def test_a_request_cancelled_while_queued_is_not_computed(ready: RawClient) -> None:
    """As an editor does when the mouse moves: each hover is cancelled by the next one. All
    in one write: the hovers whose cancellation arrives before their turn are answered -32800
    without being computed, the last (uncancelled) one with a result, every request once.
    (Handlers run as tasks, so a cancellation queued before the task starts stops it.)"""
    frames = []
    ids = range(200, 400)
    for msg_id in ids:
        hover = {"jsonrpc": "2.0", "id": msg_id, "method": "textDocument/hover"}
        hover["params"] = ready.hover(msg_id, line=msg_id % 30)
        frames.append(hover)
        cancel = {"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": msg_id}}
        frames.append(cancel)
    last = {"jsonrpc": "2.0", "id": 400, "method": "textDocument/hover"}
    last["params"] = ready.hover(400, line=26)
    frames.append(last)
    ready.write(
        b"".join(
            b"Content-Length: %d\r\n\r\n%s" % (len(body), body)
            for body in (json.dumps(frame).encode("utf-8") for frame in frames)
        )
    )
    assert "result" in ready.answer(400)
    codes = [ready.error_code(msg_id) for msg_id in ids]
    # Which hovers the loop reached before their cancellation was read is a race; that the
    # server skips the work of those it had not reached is not.
    assert codes.count(REQUEST_CANCELLED) > 0, codes
    assert set(codes) <= {None, REQUEST_CANCELLED}
    ready.still_answers(401)


def test_a_request_cancelled_before_its_turn_is_not_even_structured(ready: RawClient) -> None:
    """The reader thread notes cancellations as it reads them, ahead of the loop, so a queued
    request already cancelled is answered -32800 before its params are looked at (these
    params are invalid: pygls alone would answer -32602 for each)."""
    frames = []
    ids = range(500, 700)
    for msg_id in ids:
        params = {"textDocument": {"uri": "file:///x.py"}, "position": {"line": -1, "character": 0}}
        frames.append(
            {"jsonrpc": "2.0", "id": msg_id, "method": "textDocument/hover", "params": params}
        )
        frames.append({"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": msg_id}})
    ready.write(
        b"".join(
            b"Content-Length: %d\r\n\r\n%s" % (len(body), body)
            for body in (json.dumps(frame).encode("utf-8") for frame in frames)
        )
    )
    codes = [ready.error_code(msg_id) for msg_id in ids]
    assert set(codes) <= {INVALID_PARAMS, REQUEST_CANCELLED}, codes
    assert codes.count(REQUEST_CANCELLED) > 0, codes
    ready.still_answers(701)


# --- URIs without a file --------------------------------------------------------------------


@pytest.mark.parametrize(
    "uri", ["untitled:Untitled-1", "https://example.com/src/shop/pricing.py", "garbage"]
)
def test_a_uri_without_a_file_is_not_taken_for_the_workspace_root(
    ready: RawClient, uri: str
) -> None:
    text = "def fetchRows():\n    pass\n"
    item = {"uri": uri, "languageId": "python", "version": 1, "text": text}
    ready.notify("textDocument/didOpen", {"textDocument": item})
    position = {"line": 0, "character": 6}
    ready.request(100, "textDocument/hover", {"textDocument": {"uri": uri}, "position": position})
    assert ready.answer(100) == {"jsonrpc": "2.0", "id": 100, "result": None}
