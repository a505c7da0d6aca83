"""Where nearly all of a camelCase convention's names begin with an underscore (.NET's
`_itemCount` private fields) and the language takes it for decoration, the rename a finding
offers keeps it: `Total` is to be `_total`, not `total`. Not where an underscore says more
than style (JavaScript's and Python's private names)."""

from __future__ import annotations

from pathlib import Path

from steering_index.conventions.infer import check_file, infer_conventions
from steering_index.conventions.report import conventions_text
from tests.conventions.test_declared_styles import _csharp
from tests.conventions.test_project_facts import _workspace


def _renames(root: Path, files: dict[str, str]) -> list[tuple[str, str | None]]:
    extracts, facts = _workspace(root, files)
    conventions = infer_conventions(extracts, project=facts)
    return [
        (f.code.partition("/")[2], f.replacement)
        for e in extracts
        for f in check_file(e, conventions, project=facts)
    ]


def test_a_csharp_field_is_renamed_with_the_underscore_its_convention_carries(
    tmp_path: Path,
) -> None:
    assert _renames(tmp_path / "bare", _csharp(None, "Total")) == [
        ("naming.csharp.field", "_total")
    ]
    assert _renames(tmp_path / "kept", _csharp(None, "_Total")) == [
        ("naming.csharp.field", "_total")
    ]
    extracts, facts = _workspace(tmp_path / "listed", _csharp(None, "Total"))
    text = conventions_text(infer_conventions(extracts, project=facts))
    assert "names begin with an underscore (`_name`)" in text


def test_no_underscore_is_added_where_fewer_carry_it_or_it_means_private(
    tmp_path: Path,
) -> None:
    # Half the fields carry it: no marker.
    files = _csharp(None, "Total")
    for n in range(15):
        files[f"src/Shop/Store{n}.cs"] = files[f"src/Shop/Store{n}.cs"].replace(
            "_itemCount", "itemCount"
        )
    assert _renames(tmp_path / "half", files) == [("naming.csharp.field", "total")]
    # In TypeScript a leading underscore marks a private method, not a style.
    ts = {
        f"src/store{n}.ts": f"export class Store{n} {{\n  _loadItem{n}() {{ return {n}; }}\n}}\n"
        for n in range(30)
    }
    ts["src/legacy.ts"] = "export class Legacy {\n  LoadAll() { return 0; }\n}\n"
    renames = _renames(tmp_path / "ts", ts)
    assert renames and all(new == "loadAll" for _, new in renames)


_WORDS = [
    "apple",
    "berry",
    "cherry",
    "date",
    "elder",
    "fig",
    "grape",
    "hazel",
    "iris",
    "juniper",
    "kiwi",
    "lemon",
    "mango",
    "nutmeg",
    "olive",
    "peach",
    "quince",
    "radish",
    "sage",
    "thyme",
    "umber",
    "vanilla",
    "walnut",
    "yam",
    "zest",
    "basil",
    "clove",
    "dill",
    "fennel",
    "mint",
]


def test_csharp_protected_fields_are_named_protected_in_a_finding(
    tmp_path: Path,
) -> None:
    files = {
        f"src/Specs/Spec{n}.cs": (
            f"namespace Specs;\n\npublic class Spec{n}\n{{\n    protected int _{word}Count;\n}}\n"
        )
        for n, word in enumerate(_WORDS)
    }
    files["src/Specs/Odd.cs"] = (
        "namespace Specs;\n\npublic class Odd\n{\n    protected int Call;\n}\n"
    )
    extracts, facts = _workspace(tmp_path / "ws", files)
    conventions = infer_conventions(extracts, project=facts)
    odd = next(e for e in extracts if e.path == "src/Specs/Odd.cs")
    # Protected fields are API a library's users derive from: judged where a baseline is.
    [finding] = check_file(odd, conventions, project=facts, public_api=True)
    assert finding.message == (
        "`Call` is PascalCase; protected fields here are camelCase (camelCase: 30"
        " of 31 protected fields under src/Specs/); rename to `_call`"
    )
