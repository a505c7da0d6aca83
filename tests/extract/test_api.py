"""The lookups hover and retrieval use, and the language registry."""

from __future__ import annotations

import threading

import pytest
from tree_sitter import Parser, Query

from steering_index.index import languages
from steering_index.index.extract import (
    enclosing_symbol,
    extract,
    identifier_at,
    raw_parse_and_query,
)

SOURCE = b"""\
class Cart:
    def add(self, item):
        total = price(item)
        return total


def price(item):
    return item.cost
"""


def offset_of(needle: bytes, nth: int = 0) -> int:
    index = -1
    for _ in range(nth + 1):
        index = SOURCE.index(needle, index + 1)
    return index


def test_enclosing_symbol_is_the_innermost_definition() -> None:
    result = extract("cart.py", SOURCE, "python")
    inside_add = enclosing_symbol(result, offset_of(b"price(item)"))
    assert inside_add is not None and (inside_add.name, inside_add.scope) == ("add", "Cart")
    inside_class = enclosing_symbol(result, offset_of(b"def add"))
    assert inside_class is not None and inside_class.name == "add"
    between = enclosing_symbol(result, offset_of(b"\n\n\ndef") + 1)
    assert between is None
    last = enclosing_symbol(result, offset_of(b"item.cost"))
    assert last is not None and last.name == "price"


def test_identifier_at_tells_definitions_from_references() -> None:
    definition = identifier_at(SOURCE, "python", offset_of(b"price", 1) + 2)
    assert definition is not None
    name, span, kind = definition
    assert (name, kind) == ("price", "function")
    assert span.start_byte == offset_of(b"price", 1) and span.end_byte == span.start_byte + 5

    use = identifier_at(SOURCE, "python", offset_of(b"price", 0))
    assert use is not None and use[0] == "price" and use[2] == "reference"

    method = identifier_at(SOURCE, "python", offset_of(b"add"))
    assert method is not None and method[2] == "method"


def test_identifier_at_accepts_a_cursor_just_after_the_word() -> None:
    found = identifier_at(SOURCE, "python", offset_of(b"Cart") + 4)
    assert found is not None and found[0] == "Cart" and found[2] == "class"


def test_identifier_at_is_none_off_identifiers_and_out_of_range() -> None:
    assert identifier_at(SOURCE, "python", offset_of(b"\n\n\n") + 1) is None
    assert identifier_at(SOURCE, "python", len(SOURCE) + 100) is None
    assert identifier_at(b"", "python", 0) is None


def test_raw_parse_and_query_counts_captures() -> None:
    assert raw_parse_and_query(b"", "python") == 0
    assert raw_parse_and_query(SOURCE, "python") > raw_parse_and_query(b"class A: pass\n", "python")


@pytest.mark.parametrize(
    ("path", "language"),
    [
        ("pkg/mod.py", "python"),
        ("stubs/mod.pyi", "python"),
        ("web/app.JS", "javascript"),
        ("web/app.mjs", "javascript"),
        ("web/app.cjs", "javascript"),
        ("web/App.jsx", "javascript"),
        ("src/a.ts", "typescript"),
        ("src/a.mts", "typescript"),
        ("src/a.cts", "typescript"),
        ("src/A.tsx", "tsx"),
        ("cmd/main.go", "go"),
        ("src/lib.rs", "rust"),
        ("src/Main.java", "java"),
        ("README.md", None),
        ("Makefile", None),
        ("archive.tar.gz", None),
    ],
)
def test_language_for_path(path: str, language: str | None) -> None:
    assert languages.language_for_path(path) == language


def test_queries_compile_once_and_parsers_are_per_thread() -> None:
    for name in languages.LANGUAGES:
        query = languages.get_query(name)
        assert isinstance(query, Query)
        assert languages.get_query(name) is query
        assert isinstance(languages.new_parser(name), Parser)
    mine = languages.cached_parser("python")
    assert languages.cached_parser("python") is mine
    theirs: list[Parser] = []
    worker = threading.Thread(target=lambda: theirs.append(languages.cached_parser("python")))
    worker.start()
    worker.join()
    assert theirs and theirs[0] is not mine


def test_unknown_language_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown language 'cobol'"):
        languages.get_language("cobol")
