"""The naming styles a project's linter configs declare (clang-tidy's `<Kind>Case`, RuboCop's
`EnforcedStyle`, an `.editorconfig`'s .NET naming rules) are compared with the code's
conventions: where they agree the evidence says so, where they differ the convention is
not enforced."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from steering_index.cli.conventions import run_conventions
from steering_index.conventions.infer import infer_conventions, with_latent
from steering_index.conventions.linters import DeclaredStyle, linter_naming
from tests.conventions.test_linter_settings import _cpp, _kotlin, _ruby
from tests.conventions.test_project_facts import _by_id, _flagged, _workspace

_TIDY = "CheckOptions:\n"


def _tidy(**options: str) -> str:
    return _TIDY + "".join(
        f"  - {{ key: readability-identifier-naming.{k}, value: {v} }}\n"
        for k, v in options.items()
    )


def _declared(tmp_path: Path, name: str, text: str) -> dict[str, DeclaredStyle]:
    (tmp_path / name).write_text(text, "utf-8")
    return {c: d for d in linter_naming(tmp_path, "").declared for c in d.conventions}


def test_a_style_clang_tidy_declares_that_the_code_follows_is_named_in_its_evidence(
    tmp_path: Path,
) -> None:
    extracts, facts = _workspace(tmp_path / "ws", _cpp(_tidy(ConstexprVariableCase="lower_case")))
    constant = _by_id(infer_conventions(extracts, project=facts))["naming.cpp.constant"]
    assert constant.strong and not constant.overruled
    assert constant.evidence.endswith(
        ", as .clang-tidy (ConstexprVariableCase lower_case) declares"
    )
    # The two PascalCase traits are still reported, now with the config as evidence.
    assert _flagged(extracts, facts) == [("include/lib/traits.hpp", "naming.cpp.constant")] * 2


def test_a_style_clang_tidy_declares_that_the_code_does_not_follow_is_not_enforced(
    tmp_path: Path,
) -> None:
    extracts, facts = _workspace(tmp_path / "ws", _cpp(_tidy(ConstexprVariableCase="CamelCase")))
    constant = _by_id(infer_conventions(extracts, project=facts))["naming.cpp.constant"]
    assert not constant.strong
    assert constant.overruled == (
        ".clang-tidy (ConstexprVariableCase CamelCase) declares PascalCase, which the code"
        " does not follow (snake_case: 30 of 32)"
    )
    assert _flagged(extracts, facts) == []


def test_clang_tidys_fallbacks_prefixes_and_casings(tmp_path: Path) -> None:
    declared = _declared(
        tmp_path,
        ".clang-tidy",
        _tidy(
            ClassCase="CamelCase",
            FunctionCase="camelBack",
            MemberCase="camelBack",
            PrivateMemberPrefix="m_",
            VariableCase="Camel_Snake_Case",
            MacroDefinitionCase="UPPER_CASE",
        ),
    )
    # A method takes a function's style, a struct a class's, as clang-tidy falls back.
    assert declared["naming.cpp.method"].value == "camelCase"
    assert declared["naming.cpp.method"].source == ".clang-tidy (FunctionCase camelBack)"
    assert declared["naming.c.function"].value == "camelCase"
    assert declared["naming.cpp.struct"].value == "PascalCase"
    assert declared["naming.cpp.macro"].value == "UPPER_CASE"
    # clang-tidy names every macro alike, with parameters or without.
    assert declared["naming.cpp.function-macro"].value == "UPPER_CASE"
    # A public member has the member style; a private one needs `m_` before it, which
    # changes the style of the whole name: nothing is declared for it.
    assert declared["naming.cpp.public-field"].value == "camelCase"
    assert "naming.cpp.field" not in declared
    # A casing conventions do not know declares nothing.
    assert "naming.cpp.variable" not in declared
    # Kinds of one convention that disagree declare nothing either.
    declared = _declared(
        tmp_path, ".clang-tidy", _tidy(MethodCase="camelBack", PrivateMethodCase="lower_case")
    )
    assert "naming.cpp.method" not in declared
    # A narrower kind alone (static methods, enum constants) does not declare the style of
    # all the convention's names.
    declared = _declared(
        tmp_path, ".clang-tidy", _tidy(ClassMethodCase="lower_case", EnumConstantCase="UPPER_CASE")
    )
    assert declared == {}
    # A constant with no constant style takes a variable's (SFML declares only
    # `VariableCase`); enumerators are not constants here, and do not disagree.
    declared = _declared(
        tmp_path, ".clang-tidy", _tidy(VariableCase="camelBack", EnumConstantCase="UPPER_CASE")
    )
    assert declared["naming.cpp.constant"].value == "camelCase"
    assert declared["naming.cpp.constant"].source == ".clang-tidy (VariableCase camelBack)"


def test_rubocop_enforced_styles(tmp_path: Path) -> None:
    # The code's methods are snake_case (30 of 32): a config asking for camelCase is not
    # followed, so the two camelCase methods are not reported.
    camel = "Naming/MethodName:\n  EnforcedStyle: camelCase\n"
    extracts, facts = _workspace(tmp_path / "camel", _ruby(camel))
    assert _flagged(extracts, facts) == []
    functions = _by_id(infer_conventions(extracts, project=facts))["naming.ruby.function"]
    assert functions.overruled.startswith(
        ".rubocop.yml (Naming/MethodName EnforcedStyle camelCase) declares camelCase"
    )
    snake = "Naming/MethodName:\n  EnforcedStyle: snake_case\n"
    extracts, facts = _workspace(tmp_path / "snake", _ruby(snake))
    assert len(_flagged(extracts, facts)) == 2
    functions = _by_id(infer_conventions(extracts, project=facts))["naming.ruby.function"]
    assert functions.evidence.endswith("EnforcedStyle snake_case) declares")
    # A cop turned off declares nothing.
    off = "Naming/MethodName:\n  Enabled: false\n  EnforcedStyle: camelCase\n"
    assert _declared(tmp_path, ".rubocop.yml", off) == {}


def test_a_declared_style_is_not_recorded_with_as_votes_a_change_could_tip(
    tmp_path: Path,
) -> None:
    # A gem of the workspace with more camelCase methods: all the code follows snake_case
    # less strongly (35 of 40) than the rest of it does (30 of 32). Votes a change can tip,
    # which a baseline records with (`with_latent`); the config's camelCase is not.
    files = _ruby("Naming/MethodName:\n  EnforcedStyle: camelCase\n")
    files["tools/tools.gemspec"] = 'Gem::Specification.new { |s| s.name = "tools" }\n'
    for n in range(5):
        files[f"tools/lib/t{n}.rb"] = f"module Tools\n  def run_tool_{n}\n  end\nend\n"
    files["tools/lib/old.rb"] = "module Tools\n  def runOld\n  end\n  def runOlder\n  end\n" + (
        "  def runOldest\n  end\nend\n"
    )
    extracts, facts = _workspace(tmp_path / "ws", files)
    functions = _by_id(infer_conventions(extracts, project=facts))["naming.ruby.function"]
    assert functions.overruled.startswith(".rubocop.yml (Naming/MethodName EnforcedStyle")
    assert not functions.outvoted
    _recorded, latent = with_latent([functions])
    assert latent == frozenset()
    # Without the config, the votes are what keeps it weak, and a baseline records with it.
    del files[".rubocop.yml"]
    extracts, facts = _workspace(tmp_path / "votes", files)
    functions = _by_id(infer_conventions(extracts, project=facts))["naming.ruby.function"]
    assert functions.overruled.startswith("the packages with conventions of their own differ")
    assert with_latent([functions])[1] == {"naming.ruby.function"}


_DOTNET = """root = true

[*.cs]
dotnet_naming_rule.private_fields.severity = warning
dotnet_naming_rule.private_fields.symbols = private_fields
dotnet_naming_rule.private_fields.style = underscored
dotnet_naming_symbols.private_fields.applicable_kinds = field
dotnet_naming_symbols.private_fields.applicable_accessibilities = private
dotnet_naming_style.underscored.capitalization = camel_case
dotnet_naming_style.underscored.required_prefix = _

dotnet_naming_rule.statics.severity = suggestion
dotnet_naming_rule.statics.symbols = statics
dotnet_naming_rule.statics.style = s_prefixed
dotnet_naming_symbols.statics.applicable_kinds = field
dotnet_naming_symbols.statics.applicable_accessibilities = private
dotnet_naming_symbols.statics.required_modifiers = static
dotnet_naming_style.s_prefixed.capitalization = camel_case
dotnet_naming_style.s_prefixed.required_prefix = s_

dotnet_naming_rule.members.severity = warning
dotnet_naming_rule.members.symbols = members
dotnet_naming_rule.members.style = pascal
dotnet_naming_symbols.members.applicable_kinds = method, property
dotnet_naming_style.pascal.capitalization = pascal_case

dotnet_naming_rule.types.severity = none
dotnet_naming_rule.types.symbols = types
dotnet_naming_rule.types.style = camel
dotnet_naming_symbols.types.applicable_kinds = class
dotnet_naming_style.camel.capitalization = camel_case

[*.md]
dotnet_naming_rule.docs.severity = error
dotnet_naming_rule.docs.symbols = docs
dotnet_naming_rule.docs.style = camel
dotnet_naming_symbols.docs.applicable_kinds = struct
dotnet_naming_style.camel.capitalization = camel_case
"""


def test_dotnet_naming_rules_of_an_editorconfig(tmp_path: Path) -> None:
    declared = _declared(tmp_path, ".editorconfig", _DOTNET)
    assert {c: (d.value, d.source) for c, d in declared.items()} == {
        # `_` before a camelCase name is decoration; `s_` is not, and declares nothing.
        "naming.csharp.field": ("camelCase", ".editorconfig (dotnet_naming_rule.private_fields)"),
        "naming.csharp.method": ("PascalCase", ".editorconfig (dotnet_naming_rule.members)"),
        "naming.csharp.property": ("PascalCase", ".editorconfig (dotnet_naming_rule.members)"),
        # A rule of severity `none` is not enforced; a section for other files is not C#'s.
    }


@pytest.mark.parametrize(
    ("access", "named"),
    [
        ("private, internal", {"field", "internal-field"}),
        ("internal", {"internal-field"}),
        ("private, protected", {"field", "protected-field"}),
        # `private protected` reaches derived classes of the assembly: not private fields.
        ("protected, private_protected", {"protected-field"}),
    ],
)
def test_a_dotnet_rule_names_the_field_conventions_of_its_accessibilities(
    tmp_path: Path, access: str, named: set[str]
) -> None:
    config = _DOTNET.replace(
        "private_fields.applicable_accessibilities = private",
        f"private_fields.applicable_accessibilities = {access}",
    )
    declared = _declared(tmp_path, ".editorconfig", config)
    fields = {c.removeprefix("naming.csharp.") for c in declared if c.endswith("field")}
    assert fields == named
    assert all(declared[f"naming.csharp.{f}"].value == "camelCase" for f in named)


def _csharp(editorconfig: str | None, odd: str = "_Total") -> dict[str, str]:
    """Thirty C# classes with a private `_itemCount` field each, `Legacy` with one named
    `odd`, and the `.editorconfig` if there is one."""
    files = {
        f"src/Shop/Store{n}.cs": (
            f"namespace Shop;\n\npublic class Store{n}\n{{\n    private int _itemCount{n};\n}}\n"
        )
        for n in range(30)
    }
    files["src/Shop/Legacy.cs"] = (
        f"namespace Shop;\n\npublic class Legacy\n{{\n    private int {odd};\n}}\n"
    )
    return files if editorconfig is None else files | {".editorconfig": editorconfig}


def test_a_csharp_workspace_compares_its_fields_with_the_editorconfig(tmp_path: Path) -> None:
    extracts, facts = _workspace(tmp_path / "agree", _csharp(_DOTNET))
    fields = _by_id(infer_conventions(extracts, project=facts))["naming.csharp.field"]
    assert fields.evidence.endswith(
        ", as .editorconfig (dotnet_naming_rule.private_fields) declares"
    )
    assert _flagged(extracts, facts) == [("src/Shop/Legacy.cs", "naming.csharp.field")]
    pascal = _DOTNET.replace(
        "underscored.capitalization = camel_case", "underscored.capitalization = pascal_case"
    )
    extracts, facts = _workspace(tmp_path / "differ", _csharp(pascal))
    assert _flagged(extracts, facts) == []


def test_ktlint_settings_are_read_after_an_editorconfigs_root_line(tmp_path: Path) -> None:
    ktlint = {
        ".editorconfig": "root = true\n\n[*.{kt,kts}]\nktlint_standard_function-naming = disabled\n"
    }
    extracts, facts = _workspace(tmp_path / "ktlint", _kotlin(ktlint))
    assert _flagged(extracts, facts) == []
    # A setting before any section covers no file.
    top = {".editorconfig": "ktlint_standard_function-naming = disabled\n[*.md]\nindent_size = 2\n"}
    extracts, facts = _workspace(tmp_path / "top", _kotlin(top))
    assert len(_flagged(extracts, facts)) == 1
    assert facts.packages[0].exempt == () and facts.packages[0].naming_off == ()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        (".clang-tidy", "CheckOptions: {readability-identifier-naming.FunctionCase: [1, 2]}\n"),
        (".clang-tidy", "CheckOptions:\n  - { key: readability-identifier-naming.ClassCase }\n"),
        (".rubocop.yml", "Naming/MethodName:\n  EnforcedStyle: [camelCase]\n"),
        (".editorconfig", "[*.cs]\ndotnet_naming_rule.x.severity = warning\n"),
        (".editorconfig", "[*.cs\ndotnet_naming_rule.x.severity = warning\n"),
    ],
)
def test_an_incomplete_declaration_declares_nothing(
    tmp_path: Path, name: str, content: str
) -> None:
    assert _declared(tmp_path, name, content) == {}


def test_steering_conventions_shows_what_a_config_declares(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "ws"
    _workspace(root, _cpp(_tidy(ConstexprVariableCase="CamelCase")))
    (root / ".git").mkdir()
    args = argparse.Namespace(root=str(root), db=str(tmp_path / "i.db"), json=False)
    assert run_conventions(args) == 0
    out = capsys.readouterr().out
    assert (
        "not enforced: .clang-tidy (ConstexprVariableCase CamelCase) declares PascalCase, which"
        " the code does not follow (snake_case: 30 of 32)"
    ) in out
    # What was read is listed, whether or not a convention was compared with it.
    assert out.endswith(
        "Styles the project's linter settings declare:\n"
        "  - .clang-tidy (ConstexprVariableCase CamelCase): PascalCase"
        " (c.constant, c.constant-table, cpp.constant, cpp.variable-template)\n"
    )
    args.json = True
    assert run_conventions(args) == 0
    assert json.loads(capsys.readouterr().out)["declared"] == [
        {
            "source": ".clang-tidy (ConstexprVariableCase CamelCase)",
            "style": "PascalCase",
            "conventions": [
                "naming.c.constant",
                "naming.c.constant-table",
                "naming.cpp.constant",
                "naming.cpp.variable-template",
            ],
        }
    ]


@pytest.mark.parametrize(
    ("section", "every"),
    [("*.{cs,csx}", True), ("{*.cs,*.vb}", True), ("**/*.cs", True), ("*", True), ("*.vb", False)],
)
def test_an_editorconfig_section_for_every_csharp_file(
    tmp_path: Path, section: str, every: bool
) -> None:
    text = _DOTNET.replace("[*.cs]", f"[{section}]")
    assert ("naming.csharp.field" in _declared(tmp_path, ".editorconfig", text)) is every


def test_ktlint_sections_for_every_kotlin_file_or_some(tmp_path: Path) -> None:
    for section, flagged in (("{*.kt,*.kts}", 0), ("*.{kt,kts,java}", 0), ("*.kts", 1)):
        ktlint = {".editorconfig": f"[{section}]\nktlint_standard_function-naming = disabled\n"}
        extracts, facts = _workspace(tmp_path / section.strip("{}*."), _kotlin(ktlint))
        # A section for build scripts only leaves the `.kt` sources judged.
        assert len(_flagged(extracts, facts)) == flagged, section
