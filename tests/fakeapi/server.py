"""The fake Messages API server: a threading HTTP server that plays a script of replies."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

DEFAULT_TOOL = "replace_range"


@dataclass
class RecordedRequest:
    """A request the fake API received. `disconnected`: the client hung up mid-answer."""

    method: str
    path: str
    headers: dict[str, str]
    body: Any
    disconnected: bool = False
    # time.monotonic() when the request arrived and when its answer was fully sent, so a
    # test can show that requests overlapped.
    started: float = 0.0
    finished: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "path": self.path,
            "headers": self.headers,
            "body": self.body,
            "disconnected": self.disconnected,
            "started": self.started,
            "finished": self.finished,
        }

    @property
    def text(self) -> str:
        """Everything sent in the body, as one string, for scanning."""
        return json.dumps(self.body, ensure_ascii=False)


def parse_script(data: Any) -> list[dict[str, Any]]:
    replies = data.get("replies", []) if isinstance(data, dict) else data
    if not isinstance(replies, list) or not all(isinstance(r, dict) for r in replies):
        raise ValueError('a script is {"replies": [ {...}, ... ]}')
    return list(replies)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, address: tuple[str, int]) -> None:
        super().__init__(address, _Handler)
        self.lock = threading.Lock()
        self.replies: list[dict[str, Any]] = []
        self.recorded: list[RecordedRequest] = []
        self.stopping = threading.Event()
        self.counter = 0


class FakeMessagesAPI:
    """Start with `with FakeMessagesAPI(replies) as api:`; `api.url` is the base URL."""

    def __init__(self, replies: Sequence[dict[str, Any]] = (), port: int = 0) -> None:
        self._server = _Server(("127.0.0.1", port))
        self._server.replies = list(replies)
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.05,), daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def requests(self) -> list[RecordedRequest]:
        """The recorded POST /v1/messages requests, oldest first."""
        with self._server.lock:
            return [r for r in self._server.recorded if r.path.startswith("/v1/messages")]

    @property
    def pending(self) -> int:
        with self._server.lock:
            return len(self._server.replies)

    def script(self, replies: Sequence[dict[str, Any]]) -> None:
        """Replace the replies still to be played."""
        with self._server.lock:
            self._server.replies = list(replies)

    def wait_for_disconnect(self, timeout: float = 5.0) -> bool:
        """True once some client hung up mid-answer (polls: the handler thread records it)."""
        done = threading.Event()
        for _ in range(int(timeout / 0.02)):
            if any(r.disconnected for r in self.requests):
                return True
            done.wait(0.02)
        return False

    def finished_requests(self, timeout: float = 5.0) -> list[RecordedRequest]:
        """`requests` once each has finished: a client may read the whole answer before the
        handler thread notes the time it finished (polls)."""
        done = threading.Event()
        for _ in range(int(timeout / 0.02)):
            if all(r.finished or r.disconnected for r in self.requests):
                break
            done.wait(0.02)
        return self.requests

    def start(self) -> FakeMessagesAPI:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.stopping.set()
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FakeMessagesAPI:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
        return

    # --- routing ------------------------------------------------------------------------

    def do_GET(self) -> None:
        if self.path == "/_fake/requests":
            with self.server.lock:
                data = [r.to_json() for r in self.server.recorded]
            self._send_json(200, data)
        elif self.path == "/_fake/health":
            self._send_json(200, {"ok": True})
        else:
            self._send_json(404, _error_body("not_found_error", f"no route {self.path}"))

    def do_POST(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        raw = self.rfile.read(length)
        try:
            body = json.loads(raw or b"null")
        except ValueError:
            body = raw.decode("utf-8", "replace")
        if self.path == "/_fake/script":
            self._load_script(body)
            return
        record = RecordedRequest(
            "POST",
            self.path,
            {k.lower(): v for k, v in self.headers.items()},
            body,
            started=time.monotonic(),
        )
        with self.server.lock:
            self.server.recorded.append(record)
            reply = _take_reply(self.server.replies, raw.decode("utf-8", "replace"))
            self.server.counter += 1
            number = self.server.counter
        if not self.path.startswith("/v1/messages"):
            self._send_json(404, _error_body("not_found_error", f"no route {self.path}"))
        elif reply is None:
            self._send_json(500, _error_body("api_error", "fake API: no scripted reply left"))
        else:
            try:
                self._play(reply, body if isinstance(body, dict) else {}, number)
            except (BrokenPipeError, ConnectionResetError):
                record.disconnected = True
                self.close_connection = True
        record.finished = time.monotonic()

    def _load_script(self, body: Any) -> None:
        try:
            replies = parse_script(body)
        except ValueError as exc:
            self._send_json(400, _error_body("invalid_request_error", str(exc)))
            return
        with self.server.lock:
            self.server.replies = replies
        self._send_json(200, {"replies": len(replies)})

    # --- replies ------------------------------------------------------------------------

    def _play(self, reply: dict[str, Any], request: dict[str, Any], number: int) -> None:
        if reply.get("delay_s") and self.server.stopping.wait(float(reply["delay_s"])):
            return
        if reply.get("type") == "error":
            status = int(reply.get("status", 500))
            body = _error_body(reply.get("error_type", "api_error"), reply.get("message", ""))
            self._send_json(status, body, reply.get("headers", {}))
            return
        message = _message(reply, request, number)
        if request.get("stream"):
            self._stream(reply, message)
        else:
            self._send_json(200, {k: v for k, v in message.items() if not k.startswith("_")})

    def _stream(self, reply: dict[str, Any], message: dict[str, Any]) -> None:
        self.send_response(200)
        self.send_header("content-type", "text/event-stream")
        self.send_header("transfer-encoding", "chunked")
        self.send_header("request-id", message["id"])
        self.end_headers()
        drop = reply.get("drop_after_events")
        malformed = reply.get("malformed_after_events")
        error_at = reply.get("error_after_events")
        pause = float(reply.get("chunk_delay_s", 0))
        for count, (name, data) in enumerate(_events(reply, message)):
            if count == drop:
                self._drop()
                return
            if count == malformed:
                self._chunk(b'event: content_block_delta\ndata: {"type": "content_bl\n\n')
            if count == error_at:
                error = _error_body(reply.get("stream_error_type", "overloaded_error"), "")
                self._chunk(_sse("error", error))
                break
            if pause and self.server.stopping.wait(pause):
                return
            self._chunk(_sse(name, data))
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()

    def _chunk(self, data: bytes) -> None:
        self.wfile.write(f"{len(data):X}\r\n".encode() + data + b"\r\n")
        self.wfile.flush()

    def _drop(self) -> None:
        self.close_connection = True
        self.wfile.flush()
        self.connection.shutdown(socket.SHUT_RDWR)

    def _send_json(self, status: int, data: Any, headers: dict[str, str] | None = None) -> None:
        payload = json.dumps(data).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(payload)))
        for name, value in (headers or {}).items():
            self.send_header(name, str(value))
        self.end_headers()
        self.wfile.write(payload)
        self.wfile.flush()


def _take_reply(replies: list[dict[str, Any]], body: str) -> dict[str, Any] | None:
    """The first scripted reply whose `match` (if it has one) occurs in the request body:
    concurrent requests arrive in any order, and `match` pairs each with its answer."""
    for index, reply in enumerate(replies):
        if "match" not in reply or str(reply["match"]) in body:
            return replies.pop(index)
    return None


def _error_body(error_type: str, message: str) -> dict[str, Any]:
    return {"type": "error", "error": {"type": error_type, "message": message or error_type}}


def _sse(event: str, data: Any) -> bytes:
    return f"event: {event}\ndata: {json.dumps(data)}\n\n".encode()


def _tool_json(reply: dict[str, Any]) -> str:
    if "input_json" in reply:
        return str(reply["input_json"])
    return json.dumps(reply.get("input", {}))


def _message(reply: dict[str, Any], request: dict[str, Any], number: int) -> dict[str, Any]:
    """The complete Message the reply stands for (what a non-streaming call returns)."""
    kind = reply.get("type", "tool_use")
    content: list[dict[str, Any]] = []
    if kind == "tool_use":
        if reply.get("text"):
            # Text the model wrote before calling the tool (possible when it is not forced).
            content.append({"type": "text", "text": reply["text"]})
        raw = _tool_json(reply)
        try:
            parsed = json.loads(raw)
        except ValueError:
            parsed = {}
        content.append(
            {
                "type": "tool_use",
                "id": f"toolu_fake_{number}",
                "name": reply.get("name", DEFAULT_TOOL),
                "input": parsed,
            }
        )
        text_out = raw
    elif kind == "text":
        content.append({"type": "text", "text": reply.get("text", "")})
        text_out = reply.get("text", "")
    else:
        text_out = ""
    usage = {
        "input_tokens": max(1, len(json.dumps(request)) // 4),
        "output_tokens": max(1, len(text_out) // 4),
        "cache_creation_input_tokens": 0,
        "cache_read_input_tokens": 0,
        **reply.get("usage", {}),
    }
    default_stop = "tool_use" if kind == "tool_use" else "end_turn"
    return {
        "id": f"msg_fake_{number}",
        "type": "message",
        "role": "assistant",
        "model": reply.get("model", request.get("model", "claude-fake")),
        "content": content,
        "stop_reason": reply.get("stop_reason", default_stop),
        "stop_sequence": None,
        "usage": usage,
        "_raw_tool_json": text_out if kind == "tool_use" else None,
    }


def _events(reply: dict[str, Any], message: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    """The SSE events of `message`, as the real API orders them."""
    usage = message["usage"]
    start = {k: v for k, v in message.items() if not k.startswith("_")}
    start = {**start, "content": [], "stop_reason": None, "usage": {**usage, "output_tokens": 1}}
    yield "message_start", {"type": "message_start", "message": start}
    yield "ping", {"type": "ping"}
    size = max(1, int(reply.get("chunk_size", 24)))
    for index, block in enumerate(message["content"]):
        if block["type"] == "tool_use":
            opened = {**block, "input": {}}
            text, delta_type, key = message["_raw_tool_json"], "input_json_delta", "partial_json"
        else:
            opened = {**block, "text": ""}
            text, delta_type, key = block["text"], "text_delta", "text"
        yield (
            "content_block_start",
            {
                "type": "content_block_start",
                "index": index,
                "content_block": opened,
            },
        )
        for at in range(0, len(text), size):
            delta = {"type": delta_type, key: text[at : at + size]}
            yield (
                "content_block_delta",
                {"type": "content_block_delta", "index": index, "delta": delta},
            )
        yield "content_block_stop", {"type": "content_block_stop", "index": index}
    yield (
        "message_delta",
        {
            "type": "message_delta",
            "delta": {"stop_reason": message["stop_reason"], "stop_sequence": None},
            "usage": {"output_tokens": usage["output_tokens"]},
        },
    )
    yield "message_stop", {"type": "message_stop"}
