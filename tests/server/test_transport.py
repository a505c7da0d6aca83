"""LSP framing: bodies split out of a byte stream, wrong Content-Lengths resynchronised, and
a stream that cannot be split any more refused; answers written in one turn of the loop go
out in one write."""

from __future__ import annotations

import asyncio
import io
import json

import pytest

from server.transport import BatchedWriter, FrameReader, LoopInbox, StreamBroken


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


class _CountingStream(io.BytesIO):
    """A byte stream that counts the writes it is given, as the pipe to an editor would see
    them arrive."""

    def __init__(self) -> None:
        super().__init__()
        self.writes = 0

    def write(self, data: bytes) -> int:  # type: ignore[override]
        self.writes += 1
        return super().write(data)


def test_messages_written_in_one_turn_of_the_loop_go_out_in_one_write_in_order() -> None:
    stream = _CountingStream()
    writer = BatchedWriter(stream)

    async def burst() -> None:
        writer.bind(asyncio.get_running_loop())
        for i in range(300):  # a burst of answers, as to cancelled requests
            writer.write(f"message {i};".encode())
        assert stream.writes == 0  # queued until the loop's next turn
        await asyncio.sleep(0)
        assert stream.writes == 1
        writer.write(b"later;")
        writer.bind(None)  # at the end of serving, what is queued goes out at once
        assert stream.writes == 2

    asyncio.run(burst())
    expected = "".join(f"message {i};" for i in range(300)) + "later;"
    assert stream.getvalue().decode() == expected


def test_a_message_written_from_another_thread_reaches_the_stream() -> None:
    stream = _CountingStream()
    writer = BatchedWriter(stream)

    async def from_worker() -> None:
        writer.bind(asyncio.get_running_loop())
        await asyncio.to_thread(writer.write, b"from a worker thread")
        await asyncio.sleep(0)

    asyncio.run(from_worker())
    assert stream.getvalue() == b"from a worker thread"


class _HungUp(io.BytesIO):
    def write(self, data: bytes) -> int:  # type: ignore[override]
        raise BrokenPipeError("the editor closed the pipe")


def test_a_client_that_hung_up_is_logged_once_and_not_written_to_again(
    caplog: pytest.LogCaptureFixture,
) -> None:
    writer = BatchedWriter(_HungUp())

    async def answers() -> None:
        writer.bind(asyncio.get_running_loop())
        writer.write(b"one")
        await asyncio.sleep(0)
        writer.write(b"two")
        await asyncio.sleep(0)

    asyncio.run(answers())
    assert [r.message for r in caplog.records if "could not write" in r.message] == [
        "could not write to the client: the editor closed the pipe"
    ]


def test_queued_bodies_are_handled_in_order_past_one_that_fails(
    caplog: pytest.LogCaptureFixture,
) -> None:
    handled: list[bytes] = []

    def handle(body: bytes) -> None:
        if body == b"3":
            raise ValueError("a message the server cannot handle")
        handled.append(body)

    async def burst() -> None:
        inbox = LoopInbox(asyncio.get_running_loop(), handle)
        for i in range(500):  # all queued before the loop's next turn, as in a burst
            inbox.put(str(i).encode())
        while len(handled) < 499:
            await asyncio.sleep(0.01)

    asyncio.run(asyncio.wait_for(burst(), 30))
    assert handled == [str(i).encode() for i in range(500) if i != 3]
    assert [r.message for r in caplog.records] == ["handling a message failed"]
