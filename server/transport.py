"""LSP frames over a byte stream: headers, a blank line, then exactly Content-Length bytes.

pygls's reader skips any line it does not understand and takes the next blank line for the
end of some header block: after one frame with a wrong Content-Length (a client counting
characters instead of bytes sends one on non-ASCII text) header and body boundaries never
line up again, and the server stays alive without answering anything. Here:

- a body that was cut short (Content-Length too small) leaves its tail in front of the next
  `Content-Length:` header; the tail is skipped and reading goes on from that header;
- a body that ran into the next frame (Content-Length too large) holds one whole JSON value
  and then the start of the next frame; the value is kept, the rest is read again as input;
- anything else where a header must be ends the stream (`StreamBroken`): the caller says so
  on stderr and exits, so that the editor starts a new server rather than wait forever.

Reading is synchronous on a file descriptor, for a daemon thread: a thread blocked in a
read then never keeps the process from exiting.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
import threading
from collections import deque
from collections.abc import Callable
from typing import BinaryIO

log = logging.getLogger(__name__)

_TOKEN = re.compile(rb"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_CONTENT_LENGTH = b"content-length:"
_FRAME_START = re.compile(rb"content-length:", re.IGNORECASE)
MAX_HEADER_LINE = 8192


class StreamBroken(Exception):
    """The input can no longer be split into frames."""


class FrameReader:
    """Splits a byte stream into LSP message bodies."""

    def __init__(self, read_chunk: Callable[[int], bytes]) -> None:
        self._read_chunk = read_chunk  # up to n bytes; b"" at the end
        # A bytearray grows in place: a 50 MB didOpen arrives in thousands of chunks.
        self._buffer = bytearray()
        self._eof = False
        self.skipped = 0  # bytes dropped to find the next frame again

    @classmethod
    def for_fd(cls, fd: int) -> FrameReader:
        return cls(lambda size: os.read(fd, size))

    def _fill(self, wanted: int = 0) -> bool:
        if self._eof:
            return False
        chunk = self._read_chunk(max(65536, wanted))
        if not chunk:
            self._eof = True
            return False
        self._buffer += chunk
        return True

    def _take(self, size: int) -> bytes:
        taken = bytes(self._buffer[:size])
        del self._buffer[:size]
        return taken

    def _readline(self) -> bytes:
        searched = 0
        while True:
            end = self._buffer.find(b"\n", searched)
            if end >= 0:
                return self._take(end + 1)
            searched = len(self._buffer)
            if searched > MAX_HEADER_LINE or not self._fill():
                return self._take(len(self._buffer))

    def _read(self, size: int) -> bytes:
        while len(self._buffer) < size and self._fill(size - len(self._buffer)):
            pass
        return self._take(size)

    def next_body(self) -> bytes | None:
        """The next message body; None at the end of the stream."""
        length = self._headers()
        if length is None:
            return None
        body = self._read(length)
        if len(body) < length:
            raise StreamBroken(f"the input ended {length - len(body)} bytes into a message body")
        return self._split_overrun(body)

    def _headers(self) -> int | None:
        length: int | None = None
        seen = False
        while True:
            line = self._readline()
            if not line:
                if seen:
                    raise StreamBroken("the input ended inside a message's headers")
                return None
            if not line.strip():
                if length is not None:
                    return length
                if seen:
                    raise StreamBroken("a message's headers have no Content-Length")
                continue  # blank lines between messages are harmless
            line = self._resynchronised(line, seen)
            name, _, value = line.partition(b":")
            seen = True
            if name.strip().lower() + b":" == _CONTENT_LENGTH:
                text = value.strip()
                if not text.isdigit():
                    raise StreamBroken(f"Content-Length is not a number: {text[:40]!r}")
                length = int(text)

    def _resynchronised(self, line: bytes, seen: bool) -> bytes:
        """A header line, or the `Content-Length` header found after a cut-short body's tail."""
        name, colon, _ = line.partition(b":")
        if colon and _TOKEN.fullmatch(name.strip()):
            return line
        found = _FRAME_START.search(line)
        if found is None or seen:
            raise StreamBroken(f"expected a header, read {line[:60]!r}")
        self.skipped += found.start()
        log.warning("skipped %d bytes to find the next message", found.start())
        return line[found.start() :]

    def _split_overrun(self, body: bytes) -> bytes:
        """A body that holds one JSON value and then the start of the next frame: the value,
        with the rest given back to be read again."""
        try:
            text = body.decode("utf-8")
        except ValueError:
            return body  # not UTF-8: the protocol answers with a parse error
        try:
            json.loads(text)
            return body
        except ValueError:
            pass
        try:
            _, end = json.JSONDecoder().raw_decode(text)
        except ValueError:
            return body  # not JSON: the protocol answers with a parse error
        head = text[:end].encode("utf-8")
        rest = body[len(head) :]
        if not rest.strip() or not rest.lstrip()[:1].isalpha():
            return body
        log.warning("a message ran %d bytes into the next one", len(rest))
        self._buffer[:0] = rest.lstrip()
        return head


def read_in_thread(
    reader: FrameReader,
    deliver: Callable[[bytes], object],
    ended: Callable[[str | None], object],
) -> threading.Thread:
    """Read bodies on a daemon thread; `deliver` and `ended` (the reason the stream broke, or
    None at its end) are called from that thread: hand them to the event loop."""

    def run() -> None:
        reason: str | None = None
        try:
            while (body := reader.next_body()) is not None:
                deliver(body)
        except StreamBroken as exc:
            reason = str(exc)
        except OSError as exc:
            reason = f"reading the input failed: {exc}"
        ended(reason)

    thread = threading.Thread(target=run, name="steering-lsp-reader", daemon=True)
    thread.start()
    return thread


class BatchedWriter:
    """The writer pygls sends every message through: each message the event loop produces in
    one turn goes out with the others in one write.

    pygls's stdout writer writes and flushes each message on its own. In a burst, where the
    loop answers hundreds of requests in a row (most of them cancelled, each answered -32800),
    those system calls were a third of the loop's time, ahead of the answer the editor waits
    for. Here a message is queued, in order, and the first one queued schedules a flush on the
    loop, which runs after the callbacks already waiting: no message waits longer than the
    turn it was written in. Safe to call from any thread. Before `bind` and after the loop
    closes, each message is written at once.
    """

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self._lock = threading.Lock()
        self._pending: list[bytes] = []
        self._loop: asyncio.AbstractEventLoop | None = None
        self._closed = False

    def bind(self, loop: asyncio.AbstractEventLoop | None) -> None:
        """Batch on `loop` from now on (None: write each message at once)."""
        self.flush()
        self._loop = loop

    def write(self, data: bytes) -> None:
        loop = self._loop
        if loop is None or loop.is_closed():
            self._send(data)
            return
        with self._lock:
            first = not self._pending
            self._pending.append(data)
        if first:
            try:
                loop.call_soon_threadsafe(self.flush)
            except RuntimeError:  # the loop closed meanwhile
                self.flush()

    def flush(self) -> None:
        """Write what is queued, in one call. A client that hung up is logged once; what it
        can no longer read is dropped (the end of its input stops the server)."""
        with self._lock:
            data = b"".join(self._pending)
            self._pending.clear()
        if not data or self._closed:
            return
        try:
            self._send(data)
        except OSError as exc:
            self._closed = True
            log.error("could not write to the client: %s", exc)

    def _send(self, data: bytes) -> None:
        self._stream.write(data)
        self._stream.flush()

    def close(self) -> None:
        self.flush()
        self._stream.close()


class LoopInbox:
    """Message bodies from the reader thread, handled in order on the event loop.

    The loop is woken once for all the bodies that arrive while it is busy, not once each:
    each wake-up (`call_soon_threadsafe`) writes to the loop's self-pipe, and a burst of
    hundreds of messages paid hundreds of them ahead of the answer the editor waits for.
    A body whose handling raises is logged; those behind it are still handled.
    """

    def __init__(self, loop: asyncio.AbstractEventLoop, handle: Callable[[bytes], object]):
        self._loop = loop
        self._handle = handle
        self._bodies: deque[bytes] = deque()

    def put(self, body: bytes) -> None:
        """Queue `body` (from any one thread)."""
        self._bodies.append(body)
        if len(self._bodies) == 1:  # it was empty: no drain is due to take this one
            self._loop.call_soon_threadsafe(self._drain)

    def _drain(self) -> None:
        while self._bodies:
            body = self._bodies.popleft()
            try:
                self._handle(body)
            except Exception:
                log.exception("handling a message failed")
