"""More names a file keeps against its style: a helper class named after the class it
serves (`_SRVConnector_ClientFactoryWrapper` beside `SRVConnector`), a TypeScript accessor,
which is read as a property and takes camelCase or PascalCase by what it holds
(`get Enum()`), a method redefining one of a base class imported from another module of
the project (judged where the base defines it), and a C macro aliasing a lower-case
identifier (`#define non_repeaters errstat`)."""

from __future__ import annotations

from tests.conventions.test_names_a_file_shows import _flagged, _flagged_reading, _snake_python

PASCAL_PROJECT = {
    f"app/service_{i}.py": f"class Service{i}:\n    pass\n\n\nclass Store{i}:\n    pass\n"
    for i in range(12)
}

OWNED = """\
class _Connector_FactoryWrapper:
    pass


class Connector:
    pass


class _Missing_Wrapper:
    pass


class Connector_helper:
    pass
"""


def test_a_class_named_after_the_class_it_serves_is_left_alone() -> None:
    files = dict(PASCAL_PROJECT)
    files["app/connect.py"] = OWNED
    # No `Missing` class here, and `helper` is no PascalCase part, but both are composite
    # names (`composite_name`), left alone as such.
    assert _flagged(files) == []


def _camel_methods(i: int) -> str:
    return (
        f"export class Schema{i} {{\n"
        "  parseValue(v: string) { return v }\n"
        "  readValue() { return 1 }\n"
        "}\n"
    )


ACCESSORS = """\
export class EnumSchema {
  get Values(): Record<string, string> { return {} }
  static get Enum() { return {} }
  set Options(v: string[]) {}
  ParseAll() { return [] }
}
"""


def test_a_typescript_accessor_may_be_pascal_case_where_methods_are_camel_case() -> None:
    files = {f"src/schema{i}.ts": _camel_methods(i) for i in range(30)}
    files["src/enum.ts"] = ACCESSORS
    # A method called like a function keeps the methods' style.
    assert _flagged(files) == [("src/enum.ts", "ParseAll")]


def test_an_accessor_in_snake_case_is_still_drift() -> None:
    files = {f"src/schema{i}.ts": _camel_methods(i) for i in range(30)}
    files["src/enum.ts"] = "export class E {\n  get all_values() { return {} }\n}\n"
    assert _flagged(files) == [("src/enum.ts", "all_values")]


BASE = """\
import socketserver


class BaseHandler(socketserver.BaseRequestHandler):
    def getURL(self, path):
        return path
"""
H2 = """\
from app.base import BaseHandler


class H2Handler(BaseHandler):
    def getURL(self, path):
        return "h2:" + path

    def makeThing(self):
        return 1
"""


def test_a_method_of_a_project_base_in_another_module_is_judged_at_the_base() -> None:
    files = _snake_python(40)
    files["app/base.py"] = BASE
    files["app/h2.py"] = H2
    files["app/sub/h3.py"] = H2.replace(
        "from app.base import BaseHandler", "from ..base import BaseHandler as Base"
    ).replace("(BaseHandler)", "(Base)")
    # `makeThing` is the handlers' own; `getURL` is the base's, which copies an external
    # base in turn. Without the files' text the base's definition is not seen.
    assert _flagged_reading(files) == [("app/h2.py", "makeThing"), ("app/sub/h3.py", "makeThing")]
    assert _flagged(files) == [
        ("app/h2.py", "getURL"),
        ("app/h2.py", "makeThing"),
        ("app/sub/h3.py", "getURL"),
        ("app/sub/h3.py", "makeThing"),
    ]
    # A base that defines no such method leaves the name to the class.
    files["app/base.py"] = BASE.replace("getURL", "get_url")
    assert ("app/h2.py", "getURL") in _flagged_reading(files)


def test_a_c_macro_aliasing_a_lower_case_name_is_named_like_it() -> None:
    files = {
        f"include/codes{i}.h": f"#define ERR_{i} (-{i})\n#define MAX_{i} {i}\n" for i in range(20)
    }
    files["include/pdu.h"] = (
        "#define non_repeaters errstat\n"
        "#define max_len 64\n"
        "#define get_x(a) ((a)->x)\n"
        "#define OTHER_CODE errstat\n"
    )
    # A lower-case macro bound to a lone literal is a constant in the wrong case: drift. A
    # function-like one stands in for a function (msgpack's `_msgpack_be16(x)`, labelled).
    assert _flagged(files) == [("include/pdu.h", "max_len")]
    # libexpat picks a function per build under one name in the functions' own style; a
    # PascalCase name for a value in capitals, or for a name in another style, is drift.
    files["include/encoding.h"] = (
        "#define XmlConvert XmlUtf16Convert\n"
        "#define XmlBufferSize XML_UTF16_MAX\n"
        "#define XmlEncode xml_utf16_encode\n"
        "#define XmlParse XmlParse_utf8\n"
    )
    # jemalloc spells a format out in one branch and aliases inttypes.h's in the other:
    # one name, left alone in both.
    files["include/malloc_io.h"] = (
        '#ifdef _WIN32\n#define FMTd32 "d"\n#define FMTu32 "u"\n'
        "#else\n#define FMTd32 PRId32\n#define FMTu32 PRIu32\n#endif\n"
    )
    assert _flagged(files) == [
        ("include/encoding.h", "XmlBufferSize"),
        ("include/encoding.h", "XmlParse"),
        ("include/pdu.h", "max_len"),
    ]
