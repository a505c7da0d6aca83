"""The names a parse could not read: what a baseline records of a file the parser reads
only in part, so that a change making it parse brings none of them as new drift."""

from __future__ import annotations

import pytest

from steering_index.index.extract import extract, unread_names
from tests.workspaces import UNREADABLE_JSON, readable_json


def _unread(path: str, source: str, language: str) -> frozenset[str]:
    data = source.encode()
    found = frozenset(s.name for s in extract(path, data, language).symbols)
    return unread_names(data, language, found)


def test_a_class_the_grammar_cannot_read_gives_its_names() -> None:
    # typecho's Services_JSON: `$s{0}` leaves the class one error, without a definition.
    assert _unread("Json.php", UNREADABLE_JSON, "php") == {
        "Json",
        "utf162utf8",
        "_is_error",
        "_reduce_string",
    }
    assert _unread("Json.php", readable_json(), "php") == frozenset()


def test_a_type_is_a_definitions_name_only_before_its_body() -> None:
    # In C and C++, `struct args *args` uses a type; `class A {` defines one. Names the
    # extract found (`g`, `Kmax`) are no unread names.
    source = (
        "class A {\n  public: void g() const noexcept(true) -> int {"
        " struct args *args = nullptr; #define Kmax 7\n  }\n"
    )
    assert _unread("a.cpp", source, "cpp") == {"A"}


@pytest.mark.parametrize(
    ("path", "source", "language"),
    [
        ("ok.c", "int ok(void) { return 0; }\n", "c"),
        ("ok.py", "def ok():\n    return 0\n", "python"),
    ],
)
def test_a_file_that_parses_has_none(path: str, source: str, language: str) -> None:
    assert unread_names(source.encode(), language) == frozenset()
