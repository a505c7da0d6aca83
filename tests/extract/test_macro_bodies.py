"""C and C++ macros with a comment inside their body. The grammars end a `#define`'s body
at `/*`, and read the rest of it as code of the file: pybind11's `PYBIND11_OBJECT` gave
`pytypes.h` functions named `Name`, a parameter of the macro. The body is read whole."""

from __future__ import annotations

from steering_index.index.extract import extract
from steering_index.index.languages import cached_parser
from steering_index.index.macro_bodies import without_macro_comments

OBJECT_MACRO = """\
#define SHOP_OBJECT(Name, Parent)                          \\
    /* NOLINTNEXTLINE(google-explicit-constructor) */      \\
    Name(const object &o) : Parent(o) {                    \\
        if (!check_(o)) throw error();                     \\
    }                                                      \\
    /* the move, too */                                    \\
    Name(object &&o) : Parent(std::move(o)) {}

/* A comment outside a macro
   stays. */
class cart_item : public object {
public:
    SHOP_OBJECT(cart_item, object)
    int item_count() const { return 1; }
};

int total_of(int x) { return x; }
"""


def test_a_comment_inside_a_macro_body_does_not_end_the_macro() -> None:
    result = extract("shop.hpp", OBJECT_MACRO.encode(), "cpp")
    assert [(s.kind, s.scope, s.name) for s in result.symbols] == [
        ("macro", "", "SHOP_OBJECT"),
        ("class", "", "cart_item"),
        ("method", "cart_item", "item_count"),
        ("function", "", "total_of"),
    ]
    data = OBJECT_MACRO.encode()
    for symbol in result.symbols:  # the file's own offsets
        assert data[symbol.name_span.start_byte : symbol.name_span.end_byte] == symbol.name.encode()
    (total,) = [s for s in result.symbols if s.name == "total_of"]
    assert total.span.start_line == 16


def test_only_comments_on_one_line_of_a_macro_body_are_blanked() -> None:
    data = OBJECT_MACRO.encode()
    copy = without_macro_comments(data, cached_parser("cpp").parse(data).root_node)
    assert copy is not None and len(copy) == len(data)
    assert copy.count(b"\n") == data.count(b"\n")
    assert b"NOLINTNEXTLINE" not in copy and b"the move, too" not in copy
    assert b"A comment outside a macro" in copy  # not in a macro's body
    plain = b"#define LIMIT 4 /* items */\nint f(void);\n"
    assert without_macro_comments(plain, cached_parser("c").parse(plain).root_node) == (
        b"#define LIMIT 4            \nint f(void);\n"
    )
    assert (
        without_macro_comments(b"int f(void);\n", cached_parser("c").parse(b"").root_node) is None
    )
