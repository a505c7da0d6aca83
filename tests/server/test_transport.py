"""LSP framing: bodies split out of a byte stream, wrong Content-Lengths resynchronised, and
a stream that cannot be split any more refused."""

from __future__ import annotations

import json

import pytest

from server.transport import FrameReader, StreamBroken


def reader(data: bytes, chunk: int = 7) -> FrameReader:
    """A reader over `data`, handed out in small chunks as a pipe would."""
    chunks = [data[i : i + chunk] for i in range(0, len(data), chunk)]
    return FrameReader(lambda _size: chunks.pop(0) if chunks else b"")


def frame(body: bytes, length: int | None = None) -> bytes:
    return b"Content-Length: %d\r\n\r\n" % (len(body) if length is None else length) + body


def message(n: int, text: str = "") -> bytes:
    return json.dumps(
        {"jsonrpc": "2.0", "id": n, "method": "m", "params": {"t": text}}, ensure_ascii=False
    ).encode()


def test_frames_with_extra_headers_and_blank_lines_between() -> None:
    data = frame(message(1)) + b"\r\n" + b"Content-Type: application/json\r\n" + frame(message(2))
    frames = reader(data)
    assert frames.next_body() == message(1)
    assert frames.next_body() == message(2)
    assert frames.next_body() is None


def test_a_length_counted_in_characters_is_resynchronised_at_the_next_header() -> None:
    cut = message(1, "café 😀")
    frames = reader(frame(cut, length=len(cut.decode())) + frame(message(2)))
    assert frames.next_body() == cut[: len(cut.decode())]  # the protocol answers a parse error
    assert frames.next_body() == message(2)
    assert frames.skipped == len(cut) - len(cut.decode())


def test_a_length_too_large_gives_the_next_frame_back() -> None:
    first = message(1)
    frames = reader(frame(first, length=len(first) + 10) + frame(message(2)))
    assert frames.next_body() == first
    assert frames.next_body() == message(2)


@pytest.mark.parametrize(
    "data",
    [
        b"not a header\r\n\r\n{}",
        b"Content-Length: lots\r\n\r\n{}",
        b"Content-Type: x\r\n\r\n{}",
        b"Content-Length: 10\r\n\r\n{}",
    ],
)
def test_what_cannot_be_split_into_frames_breaks_the_stream(data: bytes) -> None:
    with pytest.raises(StreamBroken):
        reader(data).next_body()
