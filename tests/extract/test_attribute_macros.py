"""C and C++ declarations marked with macros the grammar cannot expand (availability,
export, inline and deprecation markers, `G_BEGIN_DECLS`, macro access labels). The marks
used to turn whole classes and namespaces into ERROR nodes: members lost their class,
functions vanished, and a namespace closed early. They are read as if the marks were not
there, and only where nothing but an attribute can stand."""

from __future__ import annotations

from steering_index.index.attribute_macros import without_attribute_macros
from steering_index.index.extract import extract, parse_problems
from steering_index.index.languages import cached_parser


def _symbols(text: str, language: str = "cpp") -> list[tuple[str, str, str]]:
    result = extract("x.hpp" if language == "cpp" else "x.h", text.encode(), language)
    return [(s.kind, s.scope, s.name) for s in result.symbols]


def _blanked(text: str, language: str = "cpp") -> str | None:
    data = text.encode()
    copy = without_attribute_macros(data, cached_parser(language).parse(data).root_node)
    return None if copy is None else copy.decode()


GLIB_STYLE = """\
G_BEGIN_DECLS

/* Returns the type. G_BEGIN_DECLS must come first. */
GLIB_AVAILABLE_IN_ALL
GType g_widget_get_type (void) G_GNUC_CONST;

GLIB_AVAILABLE_IN_2_70
GWidget *g_widget_new (const gchar *name,
                       gint         size) G_GNUC_MALLOC G_GNUC_WARN_UNUSED_RESULT;

GLIB_DEPRECATED_IN_2_72_FOR(g_widget_new)
void g_widget_free (GWidget *widget);

G_END_DECLS
"""


def test_c_functions_marked_with_availability_macros_are_functions() -> None:
    result = extract("gwidget.h", GLIB_STYLE.encode(), "c")
    assert [(s.kind, s.name) for s in result.symbols] == [
        ("function", "g_widget_get_type"),
        ("function", "g_widget_new"),
        ("function", "g_widget_free"),
    ]
    assert result.error_count == 0
    data = GLIB_STYLE.encode()
    get_type, new, _free = result.symbols
    # Spans are the file's own: lines, columns and bytes.
    assert (get_type.span.start_line, get_type.name_span.start_line) == (4, 4)
    assert (new.span.start_line, new.span.end_line) == (7, 8)
    assert (new.name_span.start_line, new.name_span.start_col) == (7, 9)
    for symbol in result.symbols:
        assert data[symbol.name_span.start_byte : symbol.name_span.end_byte] == symbol.name.encode()
    assert get_type.docstring == "Returns the type. G_BEGIN_DECLS must come first."
    assert new.signature == "GWidget *g_widget_new (const gchar *name, gint size)"


BENCHMARK_STYLE = """\
namespace bench {
namespace internal {
enum Mode { kFast, kSlow };
}  // namespace internal

class State {
 public:
  BENCH_ALWAYS_INLINE Iterator begin();
  BENCH_ALWAYS_INLINE
  int64_t range(std::size_t pos = 0) const { return ranges_[pos]; }
  void BENCH_ALWAYS_INLINE SetLabel(const std::string& label) { label_ = label; }
  BENCH_DEPRECATED_MSG("use range(0) instead")
  int64_t range_x() const { return range(0); }
  BENCH_DEPRECATED_MSG("use range(1)") int64_t range_y() const { return range(1); }
  bool done() const BENCH_NOEXCEPT;

 BENCH_PRIVATE_UNLESS_TESTED:
  std::vector<int64_t> ranges_;
  std::string label_;
};

class Runner {
 public:
  void Run(State& state);
};
}  // namespace bench
"""


def test_cpp_members_marked_with_macros_stay_in_their_class_and_namespace() -> None:
    assert _symbols(BENCHMARK_STYLE) == [
        ("module", "", "bench"),
        ("module", "bench", "internal"),
        ("enum", "bench.internal", "Mode"),
        ("class", "bench", "State"),
        ("method", "bench.State", "begin"),
        ("method", "bench.State", "range"),
        ("method", "bench.State", "SetLabel"),
        ("method", "bench.State", "range_x"),
        ("method", "bench.State", "range_y"),
        ("method", "bench.State", "done"),
        ("field", "bench.State", "ranges_"),
        ("field", "bench.State", "label_"),
        ("class", "bench", "Runner"),
        ("method", "bench.Runner", "Run"),
    ]
    assert extract("x.hpp", BENCHMARK_STYLE.encode(), "cpp").error_count == 0


def test_without_the_repair_the_same_class_is_broken() -> None:
    """What the repair is for: the grammar alone loses the class (this fails if tree-sitter
    learns to read such macros, and the repair can go)."""
    tree = cached_parser("cpp").parse(BENCHMARK_STYLE.encode())
    assert tree.root_node.has_error


def test_a_macro_is_blanked_only_where_an_attribute_stands() -> None:
    text = (
        "enum Level {\n  LEVEL_LOW,\n  LEVEL_HIGH\n};\n"  # an enumerator alone on its line
        "GLIB_VAR int g_debug_flags;\n"  # may stand for `extern`
        "MY_INT_T counter;\n"  # may be the type
        'const char *name = "MY_API_NAME";\n'  # in a string
        "// MY_LIBRARY_API\n"  # in a comment
        '#define MY_LIBRARY_API __attribute__((visibility("default")))\n'  # a directive
        "int total = compute(MAX_SIZE, OTHER_SIZE);\n"  # arguments
        "MY_LIBRARY_API int broken(int x) {{ return x; }\n"  # makes the file broken
    )
    blanked = _blanked(text, "c")
    assert blanked is not None
    kept = blanked.splitlines()
    assert kept[:10] == text.splitlines()[:10]
    assert kept[10] == "               int broken(int x) {{ return x; }"
    assert len(blanked) == len(text)


def test_a_variable_behind_a_macro_is_still_not_a_definition() -> None:
    """`GLIB_VAR` stands for `extern`: the variable is declared here, defined elsewhere.
    The file has an error, so the repair runs, and leaves that line as it is."""
    text = "GLIB_VAR int g_debug_flags;\nGLIB_AVAILABLE_IN_ALL\nint g_flags_get (void);\n"
    assert cached_parser("c").parse(text.encode()).root_node.has_error
    result = extract("x.h", text.encode(), "c")
    assert [(s.kind, s.name) for s in result.symbols] == [("function", "g_flags_get")]


def test_a_repair_that_spoils_more_of_the_file_is_not_kept() -> None:
    """Blanking can leave fewer errors that cover more: here one ERROR then swallows the
    whole include guard. The copy is kept only when its errors cover less of the file, so
    the file's own two errors are what the index records (a count alone would take the
    copy's one)."""
    text = (
        "#ifndef WIDGET_H\n#define WIDGET_H\n"
        "    { /* a stray brace, left from an example */\n"
        "GLIB_AVAILABLE_IN_ALL\n"
        "const gchar *g_widget_name (GWidget *widget);\n"
        "G_END_DECLS\n"
        "#endif\n"
    )
    data = text.encode()
    copy = without_attribute_macros(data, cached_parser("c").parse(data).root_node)
    assert copy is not None
    assert len(parse_problems(copy, "c")) < len(parse_problems(data, "c"))
    assert extract("widget.h", data, "c").error_count == len(parse_problems(data, "c"))


def test_a_word_of_a_later_line_is_not_taken_for_a_macro_name() -> None:
    """tree-sitter-c cannot read this `#define` (a comment inside its continued body);
    its error recovery names the macro after the next declaration's type. A macro's name
    stands on its `#define`'s line: `GWidget` is not one."""
    text = (
        "#define G_WIDGET_INIT(w) \\\n"
        "  {                       \\\n"
        "    w, 34886u /* == MAGIC, see gwidget.c */, { 0, } \\\n"
        "  }\n"
        "\n"
        "GLIB_AVAILABLE_IN_2_40\n"
        "GWidget *g_widget_new (GWidget *from);\n"
        "\n"
        "GLIB_AVAILABLE_IN_2_40\n"
        "void g_widget_init (GWidget *widget);\n"
    )
    result = extract("gwidget.h", text.encode(), "c")
    assert ("macro", "GWidget") not in [(s.kind, s.name) for s in result.symbols]
    assert ("function", "g_widget_init") in [(s.kind, s.name) for s in result.symbols]


def test_a_method_body_after_a_header_a_macro_broke_holds_no_fields() -> None:
    """imgui's `void AddLog(const char* fmt, ...) IM_FMTARGS(2) {` inside a class the
    grammar could not mend: the error ends in the body's `{`, and the body's statements
    read as members. They are the method's locals, not fields."""
    text = (
        "struct Log\n{\n    Buffer Buf;\n    void Add(const char* fmt, ...) PRINTFARGS(2)\n"
        "    {\n        int old_size = Buf.size();\n        va_list args;\n    }\n};\n"
    )
    assert ("field", "Log", "Buf") in _symbols(text)
    assert [s for s in _symbols(text) if s[2] in ("old_size", "args")] == []


def test_a_forward_declaration_marked_with_an_export_macro_declares_no_variable() -> None:
    # glog's `struct GLOG_NO_EXPORT LogMessageData;`: the grammar reads the macro as the
    # struct's name and `LogMessageData` as a variable of that struct.
    text = (
        "namespace logging {\n"
        "struct GLOG_NO_EXPORT LogMessageData;\n"
        "struct log_state current_state;\n"
        "static struct STATS stats;\n"
        "}\n"
    )
    assert _symbols(text) == [
        ("module", "", "logging"),
        ("variable", "logging", "current_state"),
        ("variable", "logging", "stats"),
    ]
    assert [n for _, _, n in _symbols(text.split("\n", 1)[1].rsplit("}", 1)[0], "c")] == [
        "current_state",
        "stats",
    ]
