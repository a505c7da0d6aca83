"""What extraction says about small snippets, one behaviour at a time, per language."""

from __future__ import annotations

from steering_index.index.extract import extract
from steering_index.model import FileExtract, Import, Symbol


def run(language: str, source: str) -> FileExtract:
    return extract("snippet", source.encode(), language)


def by_name(result: FileExtract, name: str) -> Symbol:
    matches = [s for s in result.symbols if s.name == name]
    assert len(matches) == 1, f"{name}: {matches}"
    return matches[0]


def kinds(result: FileExtract) -> dict[str, str]:
    return {s.name: s.kind for s in result.symbols}


# --- Python ------------------------------------------------------------------------------

PYTHON = '''\
"""Orders."""
import os
from typing import Final

MAX_ITEMS: Final = 10
registry = {}


def helper():
    """Helps."""

    def local():
        pass

    return local


class Order:
    status = "new"

    @property
    def total(self) -> int:
        return 0

    def __repr__(self):
        return "Order()"

    def _recalculate(self):
        pass

    class Line:
        pass
'''


def test_python_upper_case_names_with_digits_are_constants() -> None:
    source = "_1X1_PNG = b''\nHTTP2_PORT = 443\n_2d_points = []\n_123 = 0\n"
    assert kinds(run("python", source)) == {
        "_1X1_PNG": "constant",
        "HTTP2_PORT": "constant",
        "_2d_points": "variable",
        "_123": "variable",
    }


def test_python_functions_methods_and_nesting() -> None:
    result = run("python", PYTHON)
    assert kinds(result) == {
        "MAX_ITEMS": "constant",
        "registry": "variable",
        "helper": "function",
        "local": "function",
        "Order": "class",
        "total": "method",
        "__repr__": "method",
        "_recalculate": "method",
        "Line": "class",
    }
    assert by_name(result, "local").scope == "helper"
    assert by_name(result, "Line").scope == "Order"
    assert by_name(result, "total").scope == "Order"


def test_python_class_attributes_are_not_module_variables() -> None:
    assert "status" not in kinds(run("python", PYTHON))


def test_python_decorated_definition_span_starts_at_the_decorator() -> None:
    result = run("python", PYTHON)
    total = by_name(result, "total")
    lines = PYTHON.splitlines()
    assert lines[total.span.start_line].strip() == "@property"
    assert total.signature == "def total(self) -> int"


def test_python_exported_follows_underscores_and_locals() -> None:
    result = run("python", PYTHON)
    assert by_name(result, "helper").exported
    assert by_name(result, "__repr__").exported  # dunders are public protocol
    assert not by_name(result, "_recalculate").exported
    assert not by_name(result, "local").exported  # inside a function


def test_python_dunder_all_decides_module_level_exports() -> None:
    result = run("python", '__all__ = ["public_one"]\n\ndef public_one(): ...\ndef other(): ...\n')
    assert by_name(result, "public_one").exported
    assert not by_name(result, "other").exported


def test_python_docstring_is_the_first_string_statement_only() -> None:
    result = run("python", 'def f():\n    x = 1\n    "not a docstring"\n')
    assert by_name(result, "f").docstring is None
    assert by_name(run("python", PYTHON), "helper").docstring == "Helps."


def test_python_imports_relative_and_aliased() -> None:
    result = run("python", "from ..pkg import n\nfrom . import m as mm\nimport a.b as c\n")
    assert result.imports == (
        Import("..pkg", ("n",), None, True, result.imports[0].span),
        Import(".", ("m",), "mm", True, result.imports[1].span),
        Import("a.b", (), "c", False, result.imports[2].span),
    )


def test_python_references_exclude_definition_names() -> None:
    result = run("python", "def fetch():\n    return fetch_raw()\n\nfetch()\n")
    calls = [(r.name, r.span.start_line) for r in result.references if r.is_call]
    assert calls == [("fetch_raw", 1), ("fetch", 3)]


def test_python_call_reference_is_the_last_name_of_a_dotted_call() -> None:
    result = run("python", "client.session.get(url)\n")
    assert [(r.name, r.is_call) for r in result.references] == [("get", True)]


# --- JavaScript / TypeScript -------------------------------------------------------------


def test_js_arrow_const_is_a_function_and_require_is_only_an_import() -> None:
    result = run(
        "javascript",
        "const fs = require('fs');\nconst load = (p) => fs.readFileSync(p);\nconst N = 3;\n",
    )
    assert kinds(result) == {"load": "function", "N": "constant"}
    assert [(i.module, i.alias) for i in result.imports] == [("fs", "fs")]
    assert "require" not in [r.name for r in result.references]


def test_js_local_variables_are_not_symbols() -> None:
    result = run("javascript", "function f() {\n  const inner = 1;\n  let other = 2;\n}\n")
    assert kinds(result) == {"f": "function"}


def test_ts_export_marks_exported_and_private_members_are_hidden() -> None:
    result = run(
        "typescript",
        "class Hidden {}\nexport class Shown {\n  private a(): void {}\n  #b() {}\n  c() {}\n}\n",
    )
    assert not by_name(result, "Hidden").exported
    assert by_name(result, "Shown").exported
    assert not by_name(result, "a").exported
    assert not by_name(result, "#b").exported
    assert by_name(result, "c").exported


def test_ts_later_export_clause_exports_a_local_name() -> None:
    result = run("typescript", "function helper() {}\nfunction other() {}\nexport { helper };\n")
    assert by_name(result, "helper").exported
    assert not by_name(result, "other").exported


def test_ts_imports_default_named_namespace() -> None:
    result = run("typescript", 'import React, { useState as useS } from "react";\n')
    assert [(i.module, i.names, i.alias) for i in result.imports] == [
        ("react", ("default",), "React"),
        ("react", ("useState",), "useS"),
    ]


def test_tsx_components_are_calls_but_html_elements_are_not() -> None:
    result = run("tsx", "export const App = () => <div><Header title='x' /></div>;\n")
    assert [(r.name, r.is_call) for r in result.references] == [("Header", True)]


# --- Go, Rust, Java ------------------------------------------------------------------------


def test_go_methods_are_scoped_to_their_receiver_and_capitals_export() -> None:
    result = run(
        "go",
        "package p\n\nfunc (c *Client[T]) Do() {}\nfunc (c Client) reset() {}\nfunc helper() {}\n",
    )
    do, reset = (s for s in result.symbols if s.kind == "method")
    assert (do.name, do.scope, do.exported) == ("Do", "Client", True)
    assert (reset.name, reset.scope, reset.exported) == ("reset", "Client", False)
    assert by_name(result, "helper").kind == "function"


def test_go_local_constants_are_not_symbols() -> None:
    result = run("go", "package p\n\nconst Top = 1\n\nfunc f() {\n\tconst inner = 2\n}\n")
    assert kinds(result) == {"Top": "constant", "f": "function"}


def test_rust_use_trees_flatten_into_modules() -> None:
    result = run("rust", "use crate::a::{b::{c, d}, e as f};\nuse std::fmt;\n")
    assert [(i.module, i.names, i.alias, i.relative) for i in result.imports] == [
        ("crate::a::b", ("c", "d"), None, True),
        ("crate::a", ("e",), "f", True),
        ("std", ("fmt",), None, False),
    ]


def test_rust_visibility_and_impl_scope() -> None:
    result = run(
        "rust",
        "pub struct S;\nstruct T;\nimpl S {\n    pub fn open() {}\n    fn close() {}\n}\n"
        "pub(crate) fn internal() {}\n",
    )
    assert by_name(result, "S").exported and not by_name(result, "T").exported
    assert (by_name(result, "open").kind, by_name(result, "open").scope) == ("method", "S")
    assert by_name(result, "open").exported and not by_name(result, "close").exported
    assert not by_name(result, "internal").exported


def test_java_only_static_final_fields_are_constants() -> None:
    result = run(
        "java",
        "public class A {\n  static final int LIMIT = 1;\n  private int count;\n"
        "  public void run() {}\n}\n",
    )
    assert kinds(result) == {"A": "class", "LIMIT": "constant", "run": "method"}
    assert by_name(result, "run").exported and not by_name(result, "LIMIT").exported


def test_java_static_import_names_the_member() -> None:
    result = run("java", "import static org.junit.Assert.assertEquals;\nclass T {}\n")
    assert [(i.module, i.names) for i in result.imports] == [
        ("org.junit.Assert", ("assertEquals",))
    ]


# --- comments and docstrings -------------------------------------------------------------


def test_doc_comment_needs_to_touch_the_definition() -> None:
    source = "// Detached note.\n\n// Does the thing.\nfunction doThing() {}\n"
    result = run("javascript", source)
    assert by_name(result, "doThing").docstring == "Does the thing."
    assert [c.text for c in result.comments] == ["// Detached note.", "// Does the thing."]


def test_trailing_comment_on_the_line_above_is_not_a_docstring() -> None:
    result = run("go", "package p\n\nvar x = 1 // counter\nfunc f() {}\n")
    assert by_name(result, "f").docstring is None


def test_instruction_markers_in_comments_are_kept_verbatim() -> None:
    result = run("python", "def f():\n    return 1  # AI! make this configurable\n")
    assert [(c.text, c.span.start_line) for c in result.comments] == [
        ("# AI! make this configurable", 1)
    ]
