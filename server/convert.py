"""The only place that converts between engine positions (UTF-8 bytes) and LSP positions.

The engine speaks tree-sitter's language: byte offsets and (line, byte column) points.
LSP speaks (line, character) where a character is a UTF-16 code unit unless the client
negotiated another `positionEncoding`. Everything that crosses that border goes through a
`LineIndex`, built once per document text.
"""

from __future__ import annotations

import functools
import re

from lsprotocol import types

from steering_index.index.lines import split_lines, without_break
from steering_index.model import LineRange, Span

UTF8 = types.PositionEncodingKind.Utf8
UTF16 = types.PositionEncodingKind.Utf16
UTF32 = types.PositionEncodingKind.Utf32


def _units(text: str, encoding: str) -> int:
    """Length of `text` in the code units of `encoding`."""
    if encoding == UTF8:
        return len(text.encode("utf-8"))
    if encoding == UTF32:
        return len(text)
    return len(text.encode("utf-16-le")) // 2


class LineIndex:
    """Line starts of one text, for conversions in both directions.

    Lines end at `\n`, `\r\n` or `\r` only, as the LSP specification says: a form feed or
    U+2028 inside a line is a character of that line, never a line break.
    """

    def __init__(self, text: str, encoding: str = UTF16) -> None:
        self.text = text
        self.encoding = encoding
        self.lines = split_lines(text, keepends=True) or [""]
        if text.endswith(("\n", "\r")):
            self.lines.append("")
        self._byte_starts: list[int] = []
        offset = 0
        for line in self.lines:
            self._byte_starts.append(offset)
            offset += len(line.encode("utf-8"))
        self._total_bytes = offset

    def _line_text(self, line: int) -> str:
        return without_break(self.lines[line])

    def line_text(self, line: int) -> str:
        """Line `line` (0-based, clamped) without its line break."""
        return self._line_text(self._clamp_line(line))

    def _clamp_line(self, line: int) -> int:
        return max(0, min(line, len(self.lines) - 1))

    def byte_col_to_character(self, line: int, byte_col: int) -> int:
        """A byte column on `line` -> a character in the client's encoding."""
        line = self._clamp_line(line)
        encoded = self._line_text(line).encode("utf-8")
        prefix = encoded[: max(0, byte_col)].decode("utf-8", errors="ignore")
        return _units(prefix, self.encoding)

    def character_to_byte_col(self, line: int, character: int) -> int:
        """A character in the client's encoding on `line` -> a byte column (clamped to the line)."""
        line = self._clamp_line(line)
        text = self._line_text(line)
        units = 0
        for index, char in enumerate(text):
            if units >= character:
                return len(text[:index].encode("utf-8"))
            units += _units(char, self.encoding)
        return len(text.encode("utf-8"))

    def position_to_byte(self, position: types.Position) -> int:
        """An LSP position -> a byte offset into the UTF-8 text."""
        if position.line >= len(self.lines):
            return self._total_bytes
        line = self._clamp_line(position.line)
        return self._byte_starts[line] + self.character_to_byte_col(line, position.character)

    def byte_to_position(self, offset: int) -> types.Position:
        """A byte offset -> an LSP position."""
        offset = max(0, min(offset, self._total_bytes))
        line = _bisect_right(self._byte_starts, offset) - 1
        return types.Position(
            line=line, character=self.byte_col_to_character(line, offset - self._byte_starts[line])
        )

    def span_to_range(self, span: Span) -> types.Range:
        """From the span's byte offsets: they hold whatever the parser took for a line."""
        return types.Range(
            start=self.byte_to_position(span.start_byte), end=self.byte_to_position(span.end_byte)
        )

    def range_to_bytes(self, range_: types.Range) -> tuple[int, int]:
        return self.position_to_byte(range_.start), self.position_to_byte(range_.end)


@functools.lru_cache(maxsize=8)
def line_index(text: str, encoding: str = UTF16) -> LineIndex:
    """The `LineIndex` of `text`, shared: a burst of requests on one buffer indexes it once
    (a str keeps its hash, and a lookup with the same object compares by identity)."""
    return LineIndex(text, encoding)


def _bisect_right(values: list[int], value: int) -> int:
    low, high = 0, len(values)
    while low < high:
        middle = (low + high) // 2
        if value < values[middle]:
            high = middle
        else:
            low = middle + 1
    return low


def lines_to_range(lines: LineRange) -> types.Range:
    """A 1-based inclusive line range (rule sources) -> an LSP range covering whole lines."""
    return types.Range(
        start=types.Position(line=max(0, lines.first - 1), character=0),
        end=types.Position(line=max(0, lines.last), character=0),
    )


def range_to_lines(range_: types.Range) -> LineRange:
    """An LSP range -> the 1-based inclusive lines it touches (an end at column 0 is excluded)."""
    last = (
        range_.end.line if range_.end.character > 0 else max(range_.start.line, range_.end.line - 1)
    )
    return LineRange(first=range_.start.line + 1, last=last + 1)


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def without_lone_surrogates(text: str) -> str:
    """`text` with each lone surrogate (JSON can carry one, UTF-8 cannot) as U+FFFD.

    A decoded JSON string holds a surrogate only when it is unpaired. U+FFFD takes the same
    UTF-16 units (one) and UTF-8 bytes (three, as the surrogate would) so no position moves.
    """
    if _LONE_SURROGATE.search(text) is None:
        return text
    return _LONE_SURROGATE.sub("\ufffd", text)


def apply_change(text: str, range_: types.Range, new_text: str, encoding: str = UTF16) -> str:
    """`text` with `range_` (in the client's encoding and line breaks) replaced by `new_text`."""
    index = LineIndex(text, encoding)
    start, end = index.range_to_bytes(range_)
    data = text.encode("utf-8")
    return (data[:start] + new_text.encode("utf-8") + data[max(start, end) :]).decode("utf-8")
