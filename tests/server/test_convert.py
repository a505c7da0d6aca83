"""Byte offsets <-> LSP positions, with non-ASCII text (café, emoji) in every encoding."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from lsprotocol import types

from server.convert import UTF8, UTF16, UTF32, LineIndex, lines_to_range, range_to_lines
from steering_index.model import LineRange, Span

TEXT = "x = 'café'\nname = '😀' + bad\n"


def test_utf16_counts_emoji_as_two_units() -> None:
    index = LineIndex(TEXT)
    bad = TEXT.split("\n")[1].encode("utf-8").index(b"bad")
    assert index.byte_col_to_character(1, bad) == len("name = '😀' + ") + 1
    offset = len(TEXT.split("\n")[0].encode("utf-8")) + 1 + bad
    assert index.byte_to_position(offset) == types.Position(line=1, character=14)
    assert index.position_to_byte(types.Position(line=1, character=14)) == offset


def test_accented_letter_is_one_unit_but_two_bytes() -> None:
    index = LineIndex(TEXT)
    quote = TEXT.index("'", 5)  # closing quote after café, as a str index
    byte = len(TEXT[:quote].encode("utf-8"))
    assert byte == quote + 1
    assert index.byte_to_position(byte) == types.Position(line=0, character=quote)


def test_other_encodings() -> None:
    line = "😀é"
    assert LineIndex(line, UTF8).byte_col_to_character(0, 6) == 6
    assert LineIndex(line, UTF32).byte_col_to_character(0, 6) == 2
    assert LineIndex(line, UTF16).byte_col_to_character(0, 6) == 3


def test_positions_past_the_end_are_clamped() -> None:
    index = LineIndex("ab\ncd")
    assert index.position_to_byte(types.Position(line=9, character=0)) == 5
    assert index.position_to_byte(types.Position(line=0, character=99)) == 2
    assert index.byte_to_position(99) == types.Position(line=1, character=2)


def test_span_to_range() -> None:
    index = LineIndex(TEXT)
    start = TEXT.split("\n")[1].encode("utf-8").index(b"bad")
    line_start = len(TEXT.split("\n")[0].encode("utf-8")) + 1
    offset = line_start + start
    span = Span(offset, offset + 3, 1, start, 1, start + 3)
    assert index.span_to_range(span) == types.Range(
        start=types.Position(line=1, character=14), end=types.Position(line=1, character=17)
    )


def test_line_ranges() -> None:
    assert lines_to_range(LineRange(3, 4)).start.line == 2
    whole = types.Range(
        start=types.Position(line=2, character=0), end=types.Position(line=4, character=0)
    )
    assert range_to_lines(whole) == LineRange(3, 4)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60))
def test_round_trip_at_every_character_boundary(text: str) -> None:
    index = LineIndex(text)
    offset = 0
    for i, char in enumerate(text):
        # Between the \r and the \n of a CRLF no LSP position exists: the spec counts the
        # pair as one line end, so there is nothing to round-trip.
        if not (char == "\n" and text[i - 1 : i] == "\r"):
            position = index.byte_to_position(offset)
            assert index.position_to_byte(position) == offset
        offset += len(char.encode("utf-8"))
