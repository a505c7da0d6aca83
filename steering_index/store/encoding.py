"""Rows to and from Python: an extract encoded for the index tables, and symbols, imports
and references read back from them.

`encode_file` is pure so that index workers can run it in their own processes. Symbols and
imports are rows (they are queried); references and comments of a file are one column each
(they are only ever read back whole), compressed: a file's references are most of what the
index holds, and each name is stored once however often the file uses it.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import zlib
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, pairwise
from typing import TYPE_CHECKING, Any

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

SPAN_COLUMNS = ("start_byte", "end_byte", "start_line", "start_col", "end_line", "end_col")
SYMBOL_COLUMNS = ", ".join(
    f"symbols.{column}"
    for column in (
        *("name", "kind", "scope", "exported", "docstring", "signature"),
        *SPAN_COLUMNS,
        *(f"name_{c}" for c in SPAN_COLUMNS),
    )
)
IMPORT_COLUMNS = (
    "module, names, alias, relative, start_byte, end_byte, start_line, start_col, end_line, end_col"
)


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
    symbols: tuple[Row, ...] = ()  # `SymbolRow`s
    words: tuple[str, ...] = ()  # each symbol's name split into words, for full-text search
    imports: tuple[Row, ...] = ()
    ref_names: str = ""  # the distinct names, sorted, one a line (`pack_references`)
    ref_spans: bytes = b""  # per reference its name's number, is_call and span, compressed
    comments: bytes = b""  # the comments as JSON, compressed (b"" = none)
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
    return EncodedFile(
        path=extract.path,
        language=extract.language,
        size=size,
        mtime_ns=mtime_ns,
        checked_ns=checked_ns,
        hash=digest,
        origin=origin,
        symbols=extract.symbols,
        words=tuple([identifier_words(row[0]) for row in extract.symbols]),
        imports=tuple([_import_row(i) for i in extract.imports]),
        ref_names=names,
        ref_spans=spans,
        comments=pack_comments(
            json.dumps(extract.comments, separators=(",", ":"), ensure_ascii=False)
        ),
        error_count=extract.error_count,
    )


def _import_row(i: Import) -> Row:
    return (i.module, _json_names(i.names), i.alias, int(i.relative), *span_values(i.span))


_PLAIN_NAME = re.compile(r"[\w$*.:-]*", re.ASCII)


def _json_names(names: tuple[str, ...]) -> str:
    """`json.dumps(names)`, with a quicker path for the usual identifiers."""
    if all(_PLAIN_NAME.fullmatch(name) for name in names):
        return "[" + ", ".join(f'"{name}"' for name in names) + "]"
    return json.dumps(names)


def span_from_values(values: Sequence[Any]) -> Span:
    """A span from six stored ints (SQLite and JSON give them back as ints)."""
    return make_span(*values)


def symbol_from_row(row: Sequence[Any]) -> Symbol:
    """A symbol from a row of `SYMBOL_COLUMNS` (the layout of extraction's `SymbolRow`)."""
    return make_symbol(
        row[0], row[1], make_span(*row[6:12]), make_span(*row[12:18]), row[2], bool(row[3]),
        row[4], row[5],
    )  # fmt: skip


# A reference as extraction lays it out flat: is_call, then its span's six values.
_REFERENCE_INTS = 7
# As stored: the number of its name among the file's distinct names first.
_STORED_INTS = _REFERENCE_INTS + 1


def pack_references(names: str, values: array[int]) -> tuple[str, bytes]:
    """A file's references (one name a line in `names`, seven ints each in `values`) as
    stored: its distinct names, sorted, one a line (`files_referencing` searches them), and
    a zlib blob of each reference's name number and seven ints, every column written as the
    difference from the reference before (spans grow through a file: small numbers)."""
    count = len(values) // _REFERENCE_INTS
    if not count:
        return "", b""
    each = names.split("\n")
    distinct = sorted(set(each))
    number = {name: i for i, name in enumerate(distinct)}
    rows = array("i", bytes(4 * _STORED_INTS * count))
    rows[0::_STORED_INTS] = array("i", [number[name] for name in each])
    for column in range(_REFERENCE_INTS):
        rows[column + 1 :: _STORED_INTS] = values[column::_REFERENCE_INTS]
    deltas = array("i", rows)
    for column in range(_STORED_INTS):
        kept = rows[column::_STORED_INTS]
        deltas[column + _STORED_INTS :: _STORED_INTS] = array(
            "i", [after - before for before, after in pairwise(kept)]
        )
    return "\n".join(distinct), zlib.compress(deltas.tobytes())


def _stored_rows(blob: bytes) -> array[int]:
    """The blob of `pack_references` as eight ints a reference, differences summed back."""
    rows = array("i")
    rows.frombytes(zlib.decompress(blob))
    for column in range(_STORED_INTS):
        rows[column::_STORED_INTS] = array("i", accumulate(rows[column::_STORED_INTS]))
    return rows


def unpack_references(
    distinct: str, blob: bytes, keep: Callable[[str], bool] | None = None
) -> tuple[str, array[int]]:
    """`pack_references` undone: (one name a line, seven ints a reference). With `keep`,
    only the references whose name it keeps (asked once a name, not once a reference)."""
    if not blob:
        return "", array("i")
    rows = _stored_rows(blob)
    names = distinct.split("\n")
    if keep is not None:
        wanted = [keep(name) for name in names]
        if not all(wanted):
            kept = array("i")
            for first in range(0, len(rows), _STORED_INTS):
                if wanted[rows[first]]:
                    kept.extend(rows[first : first + _STORED_INTS])
            rows = kept
    numbers = rows[0::_STORED_INTS]
    flat = "\n".join([names[i] for i in numbers])
    values = array("i", bytes(4 * _REFERENCE_INTS * len(numbers)))
    for column in range(_REFERENCE_INTS):
        values[column::_REFERENCE_INTS] = rows[column + 1 :: _STORED_INTS]
    return flat, values


def pack_comments(comments_json: str) -> bytes:
    """A file's comments (JSON) as stored: compressed, and empty when there are none."""
    return b"" if comments_json == "[]" else zlib.compress(comments_json.encode("utf-8"))


def unpack_comments(stored: bytes) -> str:
    return zlib.decompress(stored).decode("utf-8") if stored else "[]"


def references_from_columns(
    distinct: str, spans: bytes, keep: Callable[[str], bool] | None = None
) -> Sequence[Reference]:
    names, values = unpack_references(distinct, spans, keep)
    if keep is None:
        return FlatReferences(names, values)  # built when read: most reads need a few
    return references_from_flat(names, values.tolist())


def import_from_row(row: sqlite3.Row | Row) -> Import:
    return Import(
        module=str(row[0]),
        names=tuple(json.loads(str(row[1]))),
        alias=row[2],  # type: ignore[arg-type]
        relative=bool(row[3]),
        span=span_from_values(row[4:10]),
    )


def fts_query(text: str) -> str:
    """User text as an FTS5 query that cannot be a syntax error: quoted words joined by OR."""
    words: list[str] = []
    for token in re.findall(r"\w+", text):
        for word in identifier_words(token).split():
            if word not in words:
                words.append(word)
    return " OR ".join(f'"{w}"' for w in words)
