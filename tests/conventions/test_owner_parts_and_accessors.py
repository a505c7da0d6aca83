"""Two more names a file keeps against its style: a helper class named after the class it
serves (`_SRVConnector_ClientFactoryWrapper` beside `SRVConnector`), and a TypeScript
accessor, which is read as a property and takes camelCase or PascalCase by what it holds
(`get Enum()`)."""

from __future__ import annotations

from tests.conventions.test_names_a_file_shows import _flagged

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
    # No `Missing` class here; `helper` is no PascalCase part: both stay drift.
    assert _flagged(files) == [
        ("app/connect.py", "_Missing_Wrapper"),
        ("app/connect.py", "Connector_helper"),
    ]


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
