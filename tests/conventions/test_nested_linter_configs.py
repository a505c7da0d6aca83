"""A linter config in a folder that is no package's (`src/.editorconfig`, a `.rubocop.yml`
or `.clang-tidy` of a subtree) holds for the files below it, as the linters read it: the
nearest folder's declaration wins, and what it turns off or exempts stays in its subtree.
PHP_CodeSniffer's rulesets and detekt's configs count only in a package's folder."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from steering_index.cli.conventions import run_conventions
from steering_index.conventions.infer import infer_conventions
from tests.conventions.test_declared_styles import _DOTNET, _csharp, _tidy
from tests.conventions.test_linter_settings import _cpp, _ruby
from tests.conventions.test_project_facts import _by_id, _flagged, _workspace

_PASCAL = _DOTNET.replace(
    "underscored.capitalization = camel_case", "underscored.capitalization = pascal_case"
)


def _moved(files: dict[str, str], name: str, into: str) -> dict[str, str]:
    """`files` with the config `name` moved from the root into the folder `into`."""
    moved = dict(files)
    moved[f"{into}/{name}"] = moved.pop(name)
    return moved


def test_an_editorconfig_in_a_folder_without_a_manifest_declares_for_the_files_below(
    tmp_path: Path,
) -> None:
    files = _moved(_csharp(_DOTNET), ".editorconfig", "src")
    extracts, facts = _workspace(tmp_path / "agree", files)
    assert [s.folder for s in facts.linters] == ["src"]
    assert _flagged(extracts, facts) == [("src/Shop/Legacy.cs", "naming.csharp.field")]
    # A convention of the folder itself names the config in its evidence.
    files["src/Shop/.editorconfig"] = files.pop("src/.editorconfig")
    extracts, facts = _workspace(tmp_path / "deeper", files)
    fields = _by_id(infer_conventions(extracts, project=facts))["naming.csharp.field"]
    assert fields.evidence.endswith(
        ", as src/Shop/.editorconfig (dotnet_naming_rule.private_fields) declares"
    )
    # Where the code does not follow it, the convention is not enforced.
    extracts, facts = _workspace(
        tmp_path / "differ", _moved(_csharp(_PASCAL), ".editorconfig", "src")
    )
    assert _flagged(extracts, facts) == []
    fields = _by_id(infer_conventions(extracts, project=facts))["naming.csharp.field"]
    assert fields.overruled == (
        "src/.editorconfig (dotnet_naming_rule.private_fields) declares PascalCase, which the"
        " code does not follow (camelCase: 30 of 31)"
    )
    # A config in a folder the code is not under declares nothing for it.
    files = _moved(_csharp(_PASCAL), ".editorconfig", "docs") | {
        "docs/Notes.cs": "class Notes {}\n"
    }
    extracts, facts = _workspace(tmp_path / "beside", files)
    assert _flagged(extracts, facts) == [("src/Shop/Legacy.cs", "naming.csharp.field")]


def test_the_nearest_folders_declaration_wins(tmp_path: Path) -> None:
    # The root declares PascalCase constants, which the code does not follow; the folder
    # holding the code declares its own snake_case, which it does.
    files = _cpp(_tidy(ConstexprVariableCase="CamelCase"))
    files["include/.clang-tidy"] = _tidy(ConstexprVariableCase="lower_case")
    extracts, facts = _workspace(tmp_path / "ws", files)
    constant = _by_id(infer_conventions(extracts, project=facts))["naming.cpp.constant"]
    assert constant.strong and not constant.overruled
    assert constant.evidence.endswith(
        ", as include/.clang-tidy (ConstexprVariableCase lower_case) declares"
    )
    assert _flagged(extracts, facts) == [("include/lib/traits.hpp", "naming.cpp.constant")] * 2


def test_a_nested_rubocop_config_turns_naming_off_only_in_its_subtree(tmp_path: Path) -> None:
    files = _ruby(None) | {
        "lib/shop/legacy/old.rb": "module Shop\n  def oldStyle\n  end\nend\n",
        "lib/shop/legacy/.rubocop.yml": "Naming/MethodName:\n  Enabled: false\n",
    }
    extracts, facts = _workspace(tmp_path / "ws", files)
    assert sorted(_flagged(extracts, facts)) == [
        ("lib/shop/legacy.rb", "naming.ruby.function"),
        ("lib/shop/soap.rb", "naming.ruby.function"),
    ]
    conventions = infer_conventions(extracts, project=facts)
    off = next(c for c in conventions if c.id == "naming.ruby.function@lib/shop/legacy")
    assert off.overruled == "lib/shop/legacy/.rubocop.yml turns Naming/MethodName off"
    # Its exclusions too: a pattern relative to the nested config's folder.
    files["lib/shop/legacy/.rubocop.yml"] = "Naming/MethodName:\n  Exclude:\n    - 'old.rb'\n"
    extracts, facts = _workspace(tmp_path / "excluded", files)
    assert len(_flagged(extracts, facts)) == 2


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("phpcs.xml", "<ruleset><exclude-pattern>*</exclude-pattern></ruleset>"),
        ("detekt.yml", "naming:\n  FunctionNaming:\n    active: false\n"),
    ],
)
def test_configs_read_only_from_a_package_are_not_read_from_other_folders(
    tmp_path: Path, name: str, text: str
) -> None:
    extracts, facts = _workspace(tmp_path / "ws", _ruby(None) | {f"lib/{name}": text})
    assert facts.linters == ()
    assert len(_flagged(extracts, facts)) == 2


def test_steering_conventions_lists_a_nested_configs_declaration(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "ws"
    _workspace(root, _moved(_csharp(_DOTNET), ".editorconfig", "src"))
    (root / ".git").mkdir()
    args = argparse.Namespace(root=str(root), db=str(tmp_path / "i.db"), json=True)
    assert run_conventions(args) == 0
    sources = [d["source"] for d in json.loads(capsys.readouterr().out)["declared"]]
    # One declaration for each convention the rule speaks for: methods, then properties.
    assert sources == [
        "src/.editorconfig (dotnet_naming_rule.private_fields)",
        "src/.editorconfig (dotnet_naming_rule.members)",
        "src/.editorconfig (dotnet_naming_rule.members)",
    ]
