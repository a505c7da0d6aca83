"""C and C++ classes whose head holds a preprocessor conditional between the name and the
body: the grammars cannot parse one there, and the class used to lose its body and members.
They are read as if the directive lines were not there, keeping an `#if`'s first branch."""

from __future__ import annotations

from pathlib import Path

import pytest

from steering_index.index.directive_heads import (
    without_broken_conditionals,
    without_head_directives,
)
from steering_index.index.extract import extract, identifier_at
from steering_index.index.indexer import Indexer, IndexSettings
from steering_index.index.languages import cached_parser
from steering_index.store import IndexStore

FOO = """\
namespace ns {
class Foo
#if HAVE_X
    : public Bar
#endif
{
public:
    void do_thing();
    int count_;
};
}
"""


def _symbols(text: str, language: str = "cpp") -> list[tuple[str, str, str, bool]]:
    result = extract("x.hpp" if language == "cpp" else "x.c", text.encode(), language)
    return [(s.kind, s.scope, s.name, s.exported) for s in result.symbols]


def _blanked(text: str, language: str = "cpp") -> bytes | None:
    data = text.encode()
    return without_head_directives(data, cached_parser(language).parse(data).root_node)


def test_a_conditional_base_list_leaves_the_class_its_name_kind_and_members() -> None:
    result = extract("foo.hpp", FOO.encode(), "cpp")
    assert [(s.kind, s.scope, s.name, s.exported) for s in result.symbols] == [
        ("module", "", "ns", True),
        ("class", "ns", "Foo", True),
        ("method", "ns.Foo", "do_thing", True),
        ("field", "ns.Foo", "count_", True),
    ]
    assert result.error_count == 0
    data = FOO.encode()
    foo, do_thing, count = result.symbols[1:]
    assert (foo.span.start_line, foo.span.end_line) == (1, 9)
    assert foo.signature == "class Foo : public Bar"
    positions = [
        (s.name_span.start_line, s.name_span.start_col, s.name_span.end_col)
        for s in (foo, do_thing, count)
    ]
    assert positions == [(1, 6, 9), (7, 9, 17), (8, 8, 14)]
    for symbol in (foo, do_thing, count):
        assert data[symbol.name_span.start_byte : symbol.name_span.end_byte] == symbol.name.encode()
    # The base class is still a reference, where the file has it.
    bar = next(r for r in result.references if r.name == "Bar")
    assert (bar.span.start_line, bar.span.start_col) == (3, 13)


def test_of_alternatives_in_the_head_the_first_branch_is_read() -> None:
    text = (
        "class Socket\n#ifdef _WIN32\n    : public WinHandle\n#else\n    : public PosixHandle\n"
        "#endif\n{\npublic:\n    void close_now();\nprivate:\n    int fd_;\n};\n"
    )
    result = extract("socket.hpp", text.encode(), "cpp")
    assert [(s.kind, s.scope, s.name, s.exported) for s in result.symbols] == [
        ("class", "", "Socket", True),
        ("method", "Socket", "close_now", True),
        ("field", "Socket", "fd_", False),
    ]
    assert result.symbols[0].signature == "class Socket : public WinHandle"
    assert [r.name for r in result.references] == ["WinHandle"]


def test_elif_branches_and_continued_directives_are_left_out() -> None:
    text = (
        "class tss_ptr\n#if !defined(HAS_THREADS) && \\\n    !defined(HAS_TLS)\n"
        "  : public null_tss_ptr\n#elif defined(WINDOWS)\n  : public win_tss_ptr\n"
        "#else\n  : public posix_tss_ptr\n#endif\n{\npublic:\n  void reset();\n};\n"
    )
    assert _symbols(text) == [("class", "", "tss_ptr", True), ("method", "tss_ptr", "reset", True)]
    assert extract("t.hpp", text.encode(), "cpp").symbols[0].signature == (
        "class tss_ptr : public null_tss_ptr"
    )


def test_under_if_0_the_next_branch_is_read() -> None:
    # `#if 0` is a branch no build reads: the `#else` (or the first `#elif`) is the head.
    text = (
        "class Reader\n#if 0 // the old base, kept for reference\n  : public LegacyReader\n"
        "#else\n  : public StreamReader\n#endif\n{\npublic:\n  int next();\n};\n"
    )
    result = extract("reader.hpp", text.encode(), "cpp")
    assert result.symbols[0].signature == "class Reader : public StreamReader"
    assert [r.name for r in result.references] == ["StreamReader"]
    elif_text = text.replace("#else", "#elif defined(HAVE_STREAMS)")
    elif_result = extract("reader.hpp", elif_text.encode(), "cpp")
    assert elif_result.symbols[0].signature == "class Reader : public StreamReader"
    nested = text.replace("#if 0 //", "#if 0 /*").replace("reference\n", "reference */\n")
    assert extract("reader.hpp", nested.encode(), "cpp").symbols[0].signature == (
        "class Reader : public StreamReader"
    )


def test_a_struct_and_an_enum_keep_their_members() -> None:
    cpp = "struct Packet\n#if HAVE_HEADER\n    : Header\n#endif\n{\n    int size;\n};\n"
    assert _symbols(cpp) == [("struct", "", "Packet", True), ("field", "Packet", "size", True)]
    enum = "enum Mode\n#if defined(HAS_CXX11)\n    : unsigned\n#endif\n{\n  Fast,\n};\n"
    assert _symbols(enum) == [("enum", "", "Mode", True)]
    c = (
        "struct\n#ifdef __GNUC__\n__attribute__((packed))\n#endif\nring {\n"
        "    int head;\n    int tail;\n};\n"
    )
    assert _symbols(c, "c") == [
        ("struct", "", "ring", True),
        ("field", "ring", "head", True),
        ("field", "ring", "tail", True),
    ]


def test_nested_classes_and_templates_keep_their_scope() -> None:
    text = (
        "namespace outer {\nnamespace inner {\ntemplate <class T>\nclass Holder\n"
        "#if HAS_BASE\n  : public Base<T>\n#endif\n{\n  class Node\n#if HAS_LINKS\n"
        "    : public Link\n#endif\n  {\n    void unlink();\n  };\n  T value_;\n};\n}\n}\n"
    )
    assert _symbols(text) == [
        ("module", "", "outer", True),
        ("module", "outer", "inner", True),
        ("class", "outer.inner", "Holder", True),
        ("class", "outer.inner.Holder", "Node", False),
        ("method", "outer.inner.Holder.Node", "unlink", False),
        ("field", "outer.inner.Holder", "value_", False),
    ]


def test_a_directive_elsewhere_changes_nothing() -> None:
    # Broken (an unclosed call), with directives, but none inside a class's head.
    text = (
        "#if HAVE_X\nclass Pool;\n#endif\n// a class\n#ifdef Y\nint y;\n#endif\n"
        "struct Gauge {\n#if WITH_LEVEL\n  int level;\n#endif\n};\n"
        "void broken() { call(; }\n"
    )
    assert _blanked(text) is None
    assert _symbols(text) == [
        ("variable", "", "y", True),
        ("struct", "", "Gauge", True),
        ("field", "Gauge", "level", True),
        ("function", "", "broken", True),
    ]
    assert extract("x.hpp", text.encode(), "cpp").error_count > 0


@pytest.mark.parametrize(
    "text",
    [
        "class Forward;\n#if X\nint x;\n#endif\n",  # a declaration, not a head
        "/* the class\n#if X */\nint x;\n",  # the keyword in a comment
        'const char *s = "struct";\n#if X\nint x;\n#endif\n',  # in a string
        # Two whole heads, one per branch: the keyword sits inside the conditional.
        "#ifdef X\nclass Foo : public A\n#else\nclass Foo : public B\n#endif\n{\n};\n",
    ],
)
def test_what_is_not_a_class_head_is_left_alone(text: str) -> None:
    assert _blanked(text) is None


def test_the_blanked_copy_keeps_every_offset_and_line_break() -> None:
    text = (
        "class Foo\r\n#ifdef X // why\r\n  : public A\r\n#else\r\n  : public B\r\n#endif\r\n"
        "{\r\n  int a_;\r\n};\r\n"
    )
    blanked = _blanked(text)
    assert blanked is not None
    assert len(blanked) == len(text.encode())
    assert blanked.split(b"\r\n") == [
        b"class Foo",
        b" " * len("#ifdef X // why"),
        b"  : public A",
        b"     ",
        b" " * len("  : public B"),
        b"      ",
        b"{",
        b"  int a_;",
        b"};",
        b"",
    ]


def test_identifier_at_a_member_names_a_method() -> None:
    data = FOO.encode()
    found = identifier_at(data, "cpp", data.index(b"do_thing") + 2)
    assert found is not None and (found[0], found[2]) == ("do_thing", "method")


def test_an_indexed_workspace_holds_the_class_and_its_members(tmp_path: Path) -> None:
    workspace = tmp_path / "project"
    (workspace / "include" / "net").mkdir(parents=True)
    (workspace / "include" / "net" / "foo.hpp").write_text(FOO, encoding="utf-8")
    with IndexStore.open(tmp_path / "index.sqlite3") as store:
        Indexer(workspace, store, IndexSettings(workers=1)).build()
        symbols = store.symbols_in("include/net/foo.hpp")
    assert [(s.kind, s.scope, s.name) for s in symbols] == [
        ("module", "", "ns"),
        ("class", "ns", "Foo"),
        ("method", "ns.Foo", "do_thing"),
        ("field", "ns.Foo", "count_"),
    ]
    assert symbols[2].name_span.start_line == 7


DEFAULT_INTERFACE = """\
namespace Lib;

public interface ILogger
{
    /// Writes a message.
    void Write(string message)
#if FEATURE_DEFAULT_INTERFACE
    {
        // #else in a comment is no directive
        Sink("#endif in a string is none either");
    }
#else
    ;
#endif

#if false
    void Never();
#else
    void Flush();
#endif

    bool IsEnabled(int level);
}
"""


def test_a_csharp_conditional_between_a_method_head_and_its_body_reads_its_first_branch() -> None:
    # serilog's default interface methods: tree-sitter-c-sharp read the conditional's
    # symbol as a property and lost the interface's methods.
    result = extract("ILogger.cs", DEFAULT_INTERFACE.encode(), "csharp")
    assert [(s.kind, s.scope, s.name) for s in result.symbols] == [
        ("interface", "", "ILogger"),
        ("method", "ILogger", "Write"),
        # A conditional the grammar reads is left to it, every branch read.
        ("method", "ILogger", "Never"),
        ("method", "ILogger", "Flush"),
        ("method", "ILogger", "IsEnabled"),
    ]
    assert result.error_count == 0
    write = result.symbols[1]
    assert (write.name_span.start_line, write.name_span.start_col) == (5, 9)
    assert write.docstring == "Writes a message."
    assert write.signature == "void Write(string message)"


def test_only_a_conditional_left_in_an_error_is_blanked() -> None:
    data = DEFAULT_INTERFACE.encode()
    blanked = without_broken_conditionals(data, cached_parser("csharp").parse(data).root_node)
    assert blanked is not None and len(blanked) == len(data)
    lines = blanked.decode().split("\n")
    written = DEFAULT_INTERFACE.split("\n")
    assert [lines[n].strip() for n in (6, 11, 13)] == ["", "", ""]  # the directives
    assert lines[7:11] == written[7:11]  # the branch read stays
    assert lines[12].strip() == ""  # the other branch goes
    # The `#if false` the grammar reads goes untouched: it is no error.
    assert lines[15:20] == written[15:20]
    clean = b"class A\n{\n#if DEBUG\n    void Log() {}\n#endif\n}\n"
    assert (
        without_broken_conditionals(clean, cached_parser("csharp").parse(clean).root_node) is None
    )


def test_of_a_broken_if_false_the_next_branch_is_read() -> None:
    text = "interface IRun\n{\n    void Run()\n#if false\n    { Go(); }\n#else\n    ;\n#endif\n}\n"
    data = text.encode()
    blanked = without_broken_conditionals(data, cached_parser("csharp").parse(data).root_node)
    assert blanked is not None
    assert [line.strip() for line in blanked.decode().split("\n")[3:8]] == ["", "", "", ";", ""]
    result = extract("IRun.cs", data, "csharp")
    assert [(s.kind, s.scope, s.name) for s in result.symbols] == [
        ("interface", "", "IRun"),
        ("method", "IRun", "Run"),
    ]
    assert result.error_count == 0
