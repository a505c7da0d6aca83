"""Rows to and from Python: an extract encoded for the index tables, and symbols, imports
and references read back from them.

`encode_file` is pure so that index workers can run it in their own processes. A file's
symbols, imports, references and comments are read back whole, a file at a time, so each is
one compressed column: the values of a kind side by side (names with names, spans as the
difference from the symbol before), which compresses far better than a row apiece. What is
looked up across files is kept apart, small: the names of definitions, the modules imported,
and the words of names and docstrings for full-text search. A file's references are stored
with each name once however often the file uses it.
"""

from __future__ import annotations

import hashlib
import json
import re
import zlib
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, compress
from operator import add, sub
from typing import TYPE_CHECKING, Any, overload

from steering_index.model import (
    FlatReferences,
    Import,
    Reference,
    Span,
    Symbol,
    make_span,
    make_symbol,
    references_from_flat,
    span_values,
)

if TYPE_CHECKING:
    from steering_index.index.extract import PackedExtract

Row = tuple[object, ...]


def symbol_slots(count: int) -> int:
    """How many symbol ids a file of `count` symbols is given: a few to spare, so that a
    definition added in the editor keeps the file's ids (and the lookups' rows) in place."""
    return count + count // 4 + 2 if count else 0


@dataclass(frozen=True, slots=True)
class EncodedFile:
    """One file ready to be written: its state plus its extract as table rows."""

    path: str
    language: str
    size: int
    mtime_ns: int
    checked_ns: int
    hash: str
    origin: str
    names: tuple[str, ...] = ()  # each symbol's name, in order (the definitions lookup)
    words: tuple[str, ...] = ()  # each symbol's name split into words, for full-text search
    docstrings: tuple[str | None, ...] = ()  # each symbol's, for full-text search
    symbols: bytes = b""  # every symbol, compressed (`pack_symbols`)
    modules: tuple[str, ...] = ()  # the modules imported, each once (the importers lookup)
    imports: bytes = b""  # every import, compressed (`pack_imports`)
    ref_names: str = ""  # the distinct names, sorted, one a line (`pack_references`)
    ref_spans: bytes = b""  # per reference its name's number, is_call and span, compressed
    comments: bytes = b""  # every comment, compressed (`pack_comments`; b"" = none)
    error_count: int = 0
    problem: str | None = None
    problem_message: str | None = None


def content_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")


@lru_cache(maxsize=65536)  # names repeat a lot across a codebase
def identifier_words(name: str) -> str:
    """`parseHTTPResponse` -> `parsehttpresponse parse http response`, for full-text search."""
    whole = name.lower()
    # `_WORD` matches no separator (`_`, `.`, `$`, ...), so one pass over the whole name
    # finds the words of each part between separators.
    parts = _WORD.findall(name)
    if not parts or (len(parts) == 1 and parts[0].lower() == whole):
        return whole
    return f"{whole} {' '.join(parts).lower()}"


def encode_file(
    extract: PackedExtract,
    size: int,
    mtime_ns: int,
    checked_ns: int,
    digest: str,
    origin: str,
) -> EncodedFile:
    """Turn an extract into rows; pure, so it can run in an index worker process.

    The extract comes packed (`extract_packed`, or `pack` for one made of objects): its
    symbols are rows already, and its references the flat layout `pack_references` packs.
    """
    names, spans = pack_references(extract.references.names, extract.references.values)
    symbol_names = tuple([row[0] for row in extract.symbols])
    return EncodedFile(
        path=extract.path,
        language=extract.language,
        size=size,
        mtime_ns=mtime_ns,
        checked_ns=checked_ns,
        hash=digest,
        origin=origin,
        names=symbol_names,
        words=tuple([identifier_words(name) for name in symbol_names]),
        docstrings=tuple([row[4] for row in extract.symbols]),
        symbols=pack_symbols(extract.symbols),
        modules=tuple(dict.fromkeys(i.module for i in extract.imports)),
        imports=pack_imports(extract.imports),
        ref_names=names,
        ref_spans=spans,
        comments=pack_comments(extract.comments),
        error_count=extract.error_count,
    )


# A symbol's values, as extraction's `SymbolRow` lays them out: name, kind, scope, exported,
# docstring, signature, then the twelve ints of its span and its name's span.
_SYMBOL_TEXTS = 6
_SPAN_INTS = 6


def _minus(values: Sequence[int], base: Sequence[int]) -> list[int]:
    return list(map(sub, values, base))


def _plus(values: Sequence[int], base: Sequence[int]) -> list[int]:
    return list(map(add, values, base))


def _deltas(values: Sequence[int]) -> list[int]:
    return [*values[:1], *map(sub, values[1:], values)]


# Six span columns (start byte, end byte, start line, start column, end line, end column) are
# stored as small, repetitive numbers: starts as the difference from the row before (spans
# grow through a file), ends as lengths; a name's span within its definition's as offsets
# from the definition's start and the name's length.


def _span_out(span: Sequence[Sequence[int]]) -> list[Sequence[int]]:
    start_byte, end_byte, start_line, start_col, end_line, end_col = span
    return [
        _deltas(start_byte), _minus(end_byte, start_byte), _deltas(start_line), start_col,
        _minus(end_line, start_line), end_col,
    ]  # fmt: skip


def _span_in(stored: Sequence[Sequence[int]]) -> list[Sequence[int]]:
    start_byte_steps, byte_length, start_line_steps, start_col, line_count, end_col = stored
    start_byte = list(accumulate(start_byte_steps))
    start_line = list(accumulate(start_line_steps))
    return [
        start_byte, _plus(byte_length, start_byte), start_line, start_col,
        _plus(line_count, start_line), end_col,
    ]  # fmt: skip


def _inner_out(
    span: Sequence[Sequence[int]], outer: Sequence[Sequence[int]]
) -> list[Sequence[int]]:
    start_byte, end_byte, start_line, start_col, end_line, end_col = span
    return [
        _minus(start_byte, outer[0]), _minus(end_byte, start_byte),
        _minus(start_line, outer[2]), _minus(start_col, outer[3]),
        _minus(end_line, start_line), _minus(end_col, start_col),
    ]  # fmt: skip


def _inner_in(
    stored: Sequence[Sequence[int]], outer: Sequence[Sequence[int]]
) -> list[Sequence[int]]:
    start_byte = _plus(stored[0], outer[0])
    start_line = _plus(stored[2], outer[2])
    start_col = _plus(stored[3], outer[3])
    return [
        start_byte, _plus(stored[1], start_byte), start_line, start_col,
        _plus(stored[4], start_line), _plus(stored[5], start_col),
    ]  # fmt: skip


def _deflate(data: bytes) -> bytes:
    """`data` compressed as a raw deflate stream: no header and checksum (six bytes a stream,
    a few streams a file), and one stream can follow another in a blob (`_inflate`)."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def _inflate(blob: bytes) -> tuple[bytes, bytes]:
    """The first stream of `blob` (`_deflate`) decompressed, and what follows it."""
    decompressor = zlib.decompressobj(-15)
    data = decompressor.decompress(blob)
    return data, decompressor.unused_data


def _ints_out(columns: Sequence[Sequence[int]]) -> bytes:
    """Int columns side by side as 4-byte ints, compressed with their bytes regrouped: every
    value's lowest byte first, then every second byte, and so on. The numbers stored are
    small, so the high bytes are long runs of zeros, which compress to almost nothing (about
    half the size of the ints compressed as they lie, or written out as JSON)."""
    ints = array("i")
    for column in columns:
        ints.extend(column)
    raw = ints.tobytes()
    return _deflate(b"".join(raw[lane::4] for lane in range(4)))


def _ints_in(blob: bytes, columns: int) -> list[array[int]]:
    """`_ints_out` undone: its `columns` columns."""
    lanes, _ = _inflate(blob)
    count = len(lanes) // 4
    raw = bytearray(len(lanes))
    for lane in range(4):
        raw[lane::4] = lanes[lane * count : (lane + 1) * count]
    ints = array("i")
    ints.frombytes(raw)
    rows = count // columns
    return [ints[start : start + rows] for start in range(0, count, rows)] if rows else []


def _pack_rows(rows: Sequence[Sequence[Any]], texts: int, inner: bool = False) -> bytes:
    """Rows of `texts` values, then a span's six ints (and with `inner`, a second span
    inside the first), as stored: a column a value, spans as above; the texts as JSON, then
    the ints (`_ints_out`), each compressed on its own (so each compresses better); b"" when
    there are no rows."""
    if not rows:
        return b""
    columns = [list(column) for column in zip(*rows, strict=True)]
    span = columns[texts : texts + _SPAN_INTS]
    ints = _span_out(span)
    if inner:
        ints += _inner_out(columns[texts + _SPAN_INTS :], span)
    text = json.dumps(columns[:texts], separators=(",", ":"), ensure_ascii=False)
    return _deflate(text.encode("utf-8")) + _ints_out(ints)


def _texts_of(blob: bytes) -> tuple[list[list[Any]], bytes]:
    """The text columns of a `_pack_rows` blob, and the rest of it (its ints)."""
    text, ints = _inflate(blob)
    return json.loads(text.decode("utf-8")), ints


def _unpack_rows(blob: bytes, texts: int, inner: bool = False) -> list[Sequence[Any]]:
    """`_pack_rows` undone."""
    if not blob:
        return []
    text_columns, rest = _texts_of(blob)
    ints = _ints_in(rest, _SPAN_INTS * (2 if inner else 1))
    span = _span_in(ints[:_SPAN_INTS])
    columns: list[Sequence[Any]] = [*text_columns, *span]
    if inner:
        columns += _inner_in(ints[_SPAN_INTS:], span)
    return list(zip(*columns, strict=True))


def pack_symbols(rows: Sequence[Sequence[Any]]) -> bytes:
    """A file's symbols (extraction's `SymbolRow`s) as stored (`_pack_rows`)."""
    return _pack_rows(
        [(*row[:3], int(row[3]), *row[4:]) for row in rows], _SYMBOL_TEXTS, inner=True
    )


class PackedSymbols(Sequence[Symbol]):
    """A file's symbols as `pack_symbols` stored them, each `Symbol` built when first read
    (a lookup by name or full-text search wants one symbol of a file, not all of them)."""

    __slots__ = ("_built", "_rows")

    def __init__(self, blob: bytes) -> None:
        self._rows = _unpack_rows(blob, _SYMBOL_TEXTS, inner=True)
        self._built: list[Symbol | None] = [None] * len(self._rows)

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, index: int) -> Symbol: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Symbol]: ...

    def __getitem__(self, index: int | slice) -> Symbol | Sequence[Symbol]:
        if isinstance(index, slice):
            return [self[i] for i in range(len(self))[index]]
        built = self._built[index]
        if built is None:  # two threads may both build it: the same value either way
            r = self._rows[index]
            built = make_symbol(
                r[0], r[1], make_span(*r[6:12]), make_span(*r[12:18]), r[2], bool(r[3]), r[4], r[5]
            )
            self._built[index] = built
        return built


def unpack_symbols(blob: bytes) -> list[Symbol]:
    """`pack_symbols` undone, as `Symbol`s in source order."""
    return list(PackedSymbols(blob))


def symbol_texts(blob: bytes) -> list[tuple[str, str | None]]:
    """Each symbol's name and docstring, as `pack_symbols` stored them (what the lookups
    across files were given)."""
    if not blob:
        return []
    columns, _ = _texts_of(blob)
    return list(zip(columns[0], columns[4], strict=True))


def pack_imports(imports: Sequence[Import]) -> bytes:
    """A file's imports as stored (`_pack_rows`)."""
    rows = [
        (i.module, list(i.names), i.alias, int(i.relative), *span_values(i.span)) for i in imports
    ]
    return _pack_rows(rows, 4)


def unpack_imports(blob: bytes) -> list[Import]:
    """`pack_imports` undone, in source order."""
    return [
        Import(
            module=r[0],
            names=tuple(r[1]),
            alias=r[2],
            relative=bool(r[3]),
            span=make_span(*r[4:10]),
        )
        for r in _unpack_rows(blob, 4)
    ]


def span_from_values(values: Sequence[Any]) -> Span:
    """A span from six stored ints (SQLite and JSON give them back as ints)."""
    return make_span(*values)


# A reference as extraction lays it out flat: is_call, then its span's six values.
_REFERENCE_INTS = 7


def pack_references(names: str, values: array[int]) -> tuple[str, bytes]:
    """A file's references (one name a line in `names`, seven ints each in `values`) as
    stored: its distinct names, sorted, one a line (`files_referencing` searches them), and
    eight columns of small ints (`_ints_out`): each reference's name's number, is_call, its
    start as the step from the reference before (byte and line), its length in bytes and
    lines, its start column, and how its end column differs from start column plus length
    (0 on one line of ASCII)."""
    count = len(values) // _REFERENCE_INTS
    if not count:
        return "", b""
    each = names.split("\n")
    distinct = sorted(set(each))
    number = {name: i for i, name in enumerate(distinct)}
    is_call, start_byte, end_byte, start_line, start_col, end_line, end_col = (
        values[column::_REFERENCE_INTS] for column in range(_REFERENCE_INTS)
    )
    byte_length = _minus(end_byte, start_byte)
    columns = [
        [number[name] for name in each], is_call, _deltas(start_byte), byte_length,
        _deltas(start_line), start_col, _minus(end_line, start_line),
        _minus(_minus(end_col, start_col), byte_length),
    ]  # fmt: skip
    return "\n".join(distinct), _ints_out(columns)


def unpack_references(
    distinct: str, blob: bytes, keep: Callable[[str], bool] | None = None
) -> tuple[str, array[int]]:
    """`pack_references` undone: (one name a line, seven ints a reference). With `keep`,
    only the references whose name it keeps (asked once a name, not once a reference;
    the columns are cut to those rows before the ends are worked out)."""
    if not blob:
        return "", array("i")
    numbers, is_call, start_steps, byte_length, line_steps, start_col, line_count, end_shift = (
        _ints_in(blob, _REFERENCE_INTS + 1)
    )
    start_byte: Sequence[int] = list(accumulate(start_steps))
    start_line: Sequence[int] = list(accumulate(line_steps))
    names = distinct.split("\n")
    if keep is not None:
        wanted = [keep(name) for name in names]
        if not all(wanted):
            rows = list(map(wanted.__getitem__, numbers))
            kept = [
                array("i", compress(column, rows)) for column in (
                    numbers, is_call, start_byte, byte_length, start_line, start_col, line_count,
                    end_shift,
                )
            ]  # fmt: skip
            numbers, is_call, start_byte, byte_length, start_line, start_col, line_count = kept[:7]
            end_shift = kept[7]
    flat = "\n".join([names[i] for i in numbers])
    columns = (
        is_call, start_byte, _plus(byte_length, start_byte), start_line, start_col,
        _plus(line_count, start_line), _plus(_plus(end_shift, byte_length), start_col),
    )  # fmt: skip
    values = array("i", bytes(4 * _REFERENCE_INTS * len(numbers)))
    for index, column in enumerate(columns):
        values[index::_REFERENCE_INTS] = column if isinstance(column, array) else array("i", column)
    return flat, values


def pack_comments(comments: Sequence[Sequence[Any]]) -> bytes:
    """A file's comments (extraction's `CommentRow`s) as stored (`_pack_rows`)."""
    return _pack_rows(comments, 1)


def unpack_comments(blob: bytes) -> list[Sequence[Any]]:
    """`pack_comments` undone: each comment's text and span values."""
    return _unpack_rows(blob, 1)


def references_from_columns(
    distinct: str, spans: bytes, keep: Callable[[str], bool] | None = None
) -> Sequence[Reference]:
    names, values = unpack_references(distinct, spans, keep)
    if keep is None:
        return FlatReferences(names, values)  # built when read: most reads need a few
    return references_from_flat(names, values.tolist())


def fts_query(text: str) -> str:
    """User text as an FTS5 query that cannot be a syntax error: quoted words joined by OR."""
    words: list[str] = []
    for token in re.findall(r"\w+", text):
        for word in identifier_words(token).split():
            if word not in words:
                words.append(word)
    return " OR ".join(f'"{w}"' for w in words)
