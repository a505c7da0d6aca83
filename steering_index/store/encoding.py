"""Rows to and from Python: an extract encoded for the index tables, and symbols, imports
and references read back from them.

`encode_file` is pure so that index workers can run it in their own processes. Symbols and
imports are rows (they are queried); references and comments of a file are one column each
(they are only ever read back whole).
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
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
    ref_names: str = ""  # one name per line
    ref_spans: bytes = b""  # array("i"): is_call + six span values per reference
    comments_json: str = "[]"
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
    symbols are rows already, and its references the flat layout stored here.
    """
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
        ref_names=extract.references.names,
        ref_spans=extract.references.values.tobytes(),
        comments_json=json.dumps(extract.comments, separators=(",", ":"), ensure_ascii=False),
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


def references_from_columns(
    names: str, spans: bytes, keep: Callable[[str], bool] | None = None
) -> Sequence[Reference]:
    values = array("i")
    values.frombytes(spans)
    if keep is None:
        return FlatReferences(names, values)  # built when read: most reads need a few
    return references_from_flat(names, values.tolist(), keep)


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
