"""Extraction in C, C++, Ruby and Swift where the code is not what the grammar expects:
export macros around C declarations, access in Ruby and C++ decided by what comes before
a definition, and Swift extensions that only add members."""

from __future__ import annotations

from steering_index.index.extract import extract


def _symbols(path: str, text: str, language: str) -> list[tuple[str, str, str, bool]]:
    result = extract(path, text.encode(), language)
    return [(s.kind, s.scope, s.name, s.exported) for s in result.symbols]


HEADER = """\
#ifndef RING_API_H
#define RING_API_H

RING_BEGIN_DECLS

RING_AVAILABLE_IN_ALL
size_t ring_capacity (const struct ring *ring,
                      int flags);

RING_DECLARE_TYPE (RingBuffer, ring_buffer);

RING_VAR int ring_debug_level;

RING_END_DECLS

#endif
"""


def test_export_macros_around_c_declarations_are_not_definitions() -> None:
    result = extract("ring_api.h", HEADER.encode(), "c")
    names = [(s.kind, s.name) for s in result.symbols]
    assert names == [("macro", "RING_API_H"), ("function", "ring_capacity")]
    capacity = result.symbols[1]
    assert capacity.signature == "size_t ring_capacity (const struct ring *ring, int flags)"


def test_ruby_methods_after_private_are_hidden() -> None:
    text = (
        "class Cart\n  def total\n  end\n\n  private\n\n  def tax\n  end\n\n"
        "  public\n\n  def count\n  end\n\n  private def secret\n  end\nend\n"
    )
    assert _symbols("cart.rb", text, "ruby") == [
        ("class", "", "Cart", True),
        ("method", "Cart", "total", True),
        ("method", "Cart", "tax", False),
        ("method", "Cart", "count", True),
        ("method", "Cart", "secret", False),
    ]


def test_words_in_an_attributes_strings_are_no_access_of_the_definition() -> None:
    # ReactiveUI's tests: StyleCop's suppression on a public field says "should be private".
    text = (
        "public class Target\n{\n"
        '    [SuppressMessage("Maintainability", "SST1401:Field should be private")]\n'
        "    public int PublicField;\n\n"
        '    [Obsolete("public for now")]\n'
        "    private int _hidden;\n}\n"
    )
    assert _symbols("src/Target.cs", text, "csharp") == [
        ("class", "", "Target", True),
        ("field", "Target", "PublicField", True),
        ("field", "Target", "_hidden", False),
    ]


def test_a_csharp_extension_block_the_grammar_misreads_declares_no_field() -> None:
    # ReactiveUI's `CommandBinderMixins`: C# 14's `extension<TView>(TView view) where TView
    # : class, IViewFor { ... }`, read by the grammar as a broken field named `IViewFor`.
    text = (
        "public static class CommandBinderMixins\n{\n"
        "    private static readonly IBinder _binder;\n\n"
        "    static CommandBinderMixins() => _binder = new Binder();\n\n"
        "    extension<TView>(TView view)\n        where TView : class, IViewFor\n    {\n"
        "        [MethodImpl(MethodImplOptions.AggressiveInlining)]\n"
        "        public IBinding<TView> BindCommand<TViewModel>(TViewModel? viewModel)\n"
        "            where TViewModel : class\n        {\n            return null;\n        }\n"
        "    }\n}\n"
    )
    assert [(kind, name) for kind, _, name, _ in _symbols("src/M.cs", text, "csharp")] == [
        ("class", "CommandBinderMixins"),
        ("field", "_binder"),
        ("constructor", "CommandBinderMixins"),
        ("method", "BindCommand"),
    ]


def test_cpp_members_take_their_access_and_definitions_their_class() -> None:
    text = (
        "class Pool {\n  int size_;\npublic:\n  void grow(int n);\n};\n\n"
        "struct Point { int x; };\n\n"
        "void Pool::grow(int n) { size_ += n; }\n"
        "static int helper() { return 0; }\n"
    )
    assert _symbols("pool.cpp", text, "cpp") == [
        ("class", "", "Pool", True),
        ("field", "Pool", "size_", False),
        ("struct", "", "Point", True),
        ("field", "Point", "x", True),
        ("method", "Pool", "grow", True),
        ("function", "", "helper", False),
    ]


def test_swift_extension_members_belong_to_the_extended_type() -> None:
    text = (
        "public struct Money {\n  public let cents: Int\n}\n\n"
        'extension Money {\n  public func formatted() -> String { "" }\n'
        "  func rounded() -> Money { self }\n}\n"
    )
    assert _symbols("Money.swift", text, "swift") == [
        ("struct", "", "Money", True),
        ("property", "Money", "cents", True),
        ("method", "Money", "formatted", True),
        ("method", "Money", "rounded", False),
    ]


def test_cpp_const_members_are_fields_unless_static() -> None:
    text = (
        'static const char * ROOT_NAME = "cereal";\n'
        "class Archive {\n  char const * itsNextName;\n  const int itsFlags;\n"
        "  static const int kCount = 3;\n  static constexpr bool value = true;\n};\n"
    )
    kinds = [(s.kind, s.name) for s in extract("archive.hpp", text.encode(), "cpp").symbols]
    assert kinds == [
        ("constant", "ROOT_NAME"),
        ("class", "Archive"),
        ("field", "itsNextName"),
        ("field", "itsFlags"),
        ("constant", "kCount"),
        ("constant", "value"),
    ]


def test_doxygen_comments_document_the_cpp_definition_below() -> None:
    text = (
        "//! Checks if a type is an enum\n"
        "/*! Needed over std::is_enum for wrapped types. */\n"
        "template <class T>\nclass is_enum {};\n"
    )
    (symbol,) = extract("traits.hpp", text.encode(), "cpp").symbols
    assert symbol.docstring == (
        "Checks if a type is an enum\nNeeded over std::is_enum for wrapped types."
    )


def test_a_comment_after_a_header_is_not_part_of_the_signature() -> None:
    ruby = (
        "module Faraday\n  # Connection objects manage the middleware stack.\n"
        "  class Connection # pooled\n    # A Set of allowed HTTP verbs.\n"
        "    METHODS = 1\n\n    def close # idempotent\n      @open = false\n    end\n"
        "  end\nend\n"
    )
    python = (
        "class Pool:  # shared\n    # the size\n    size = 1\n\n"
        "    def close(self):  # idempotent\n        pass\n"
    )
    in_ruby = [s.signature for s in extract("conn.rb", ruby.encode(), "ruby").symbols]
    in_python = [s.signature for s in extract("pool.py", python.encode(), "python").symbols]
    assert in_ruby == ["module Faraday", "class Connection", "METHODS = 1", "def close"]
    assert in_python == ["class Pool", "def close(self)"]


def test_a_class_behind_an_export_macro_is_a_class() -> None:
    # The grammar cannot expand `SPDLOG_API` to an attribute; without a stand-in the whole
    # class and its methods were lost to one parse error.
    source = (
        "namespace spdlog {\nclass SPDLOG_API logger\n{\npublic:\n    void flush_now();\n};\n"
        "struct FMT_API format_error : public std::runtime_error {};\n"
        "class Foundation_API Timer: public Runnable {\npublic:\n    void start();\n};\n"
        "class MAX_SIZE final {};\n}\n"
    )
    result = extract("logger.h", source.encode(), "cpp")
    assert [(s.kind, s.scope, s.name) for s in result.symbols] == [
        ("module", "", "spdlog"),
        ("class", "spdlog", "logger"),
        ("method", "spdlog.logger", "flush_now"),
        ("struct", "spdlog", "format_error"),
        ("class", "spdlog", "Timer"),
        ("method", "spdlog.Timer", "start"),
        ("class", "spdlog", "MAX_SIZE"),
    ]
    assert result.error_count == 0
    # The name is read from the text as written, at its own offsets.
    logger = result.symbols[1]
    assert source.encode()[logger.name_span.start_byte : logger.name_span.end_byte] == b"logger"


def test_a_function_returning_a_function_pointer_is_one_a_broken_typedef_names_nothing() -> None:
    text = (
        "class Mock {\n public:\n  virtual int (*ReturnsCallback(int))(bool) = 0;\n"
        "  int (*on_done)(bool);\n};\n"
    )
    kinds = [(s.kind, s.name) for s in extract("mock.h", text.encode(), "cpp").symbols]
    assert kinds == [("class", "Mock"), ("method", "ReturnsCallback"), ("field", "on_done")]
    # An unknown calling-convention macro breaks the parse of the typedef; the names read
    # from it would be its parameters (`lpSendBuffer`), so it names nothing.
    header = (
        "typedef BOOL (PASCAL *LPFN_CONNECTEX)\n    (SOCKET s, PVOID lpSendBuffer,\n"
        "     DWORD dwSendDataLength);\ntypedef int (*ring_cb)(int status);\n"
    )
    types = [(s.kind, s.name) for s in extract("win.h", header.encode(), "c").symbols]
    assert types == [("type", "ring_cb")]


def test_a_directive_before_the_base_list_leaves_the_class_its_name() -> None:
    # Newtonsoft.Json 13: `partial class JsonReader` then `#if HAVE_ASYNC_DISPOSABLE` before
    # `: IAsyncDisposable`; the grammar took the directive's symbol for the class's name.
    text = (
        "namespace N\n{\n    public abstract partial class JsonReader\n"
        "#if HAVE_ASYNC_DISPOSABLE\n        : IAsyncDisposable\n#endif\n"
        "    {\n        public void Read() {}\n    }\n}\n"
    )
    result = extract("JsonReader.cs", text.encode(), "csharp")
    assert [(s.kind, s.scope, s.name) for s in result.symbols] == [
        ("class", "", "JsonReader"),
        ("method", "JsonReader", "Read"),
    ]
    name = result.symbols[0].name_span
    assert (name.start_line, name.start_col, name.end_line, name.end_col) == (2, 34, 2, 44)
    assert text.encode()[name.start_byte : name.end_byte] == b"JsonReader"


def test_a_pointer_the_cpp_grammar_misreads_declares_no_function() -> None:
    # entt's `delegate.hpp`: the grammar cannot parse a parameter that points to a member
    # function (`Ret (Class::*)(Args...)`), and reads the trailing return type's
    # `Ret (*)(Args...)` as a function named `Ret` with `*` for its parameters.
    text = (
        "template<typename Ret, typename... Args>\n"
        "auto function_pointer(Ret (*)(Args...)) -> Ret (*)(Args...);\n\n"
        "template<typename Class, typename Ret, typename... Args, typename... Other>\n"
        "auto function_pointer(Ret (Class::*)(Args...), Other &&...) -> Ret (*)(Args...);\n\n"
        "int (*lookup(int key))(double);\n"
    )
    names = [s.name for s in extract("delegate.hpp", text.encode(), "cpp").symbols]
    assert names == ["function_pointer", "lookup"]
