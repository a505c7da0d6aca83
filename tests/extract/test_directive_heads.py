"""C and C++ class heads cut by preprocessor lines: which lines are blanked, and where."""

from __future__ import annotations

import pytest

from steering_index.index.directive_heads import without_head_directives
from steering_index.index.languages import cached_parser


def _blanked(text: str, language: str = "cpp") -> bytes | None:
    data = text.encode()
    return without_head_directives(data, cached_parser(language).parse(data).root_node)


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
