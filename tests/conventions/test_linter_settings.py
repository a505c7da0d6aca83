"""The naming settings of a project's own linters (clang-tidy, RuboCop, PHP_CodeSniffer,
SwiftLint, detekt, ktlint) shape its conventions: a rule the config turns off is not
enforced, and names or files a rule exempts neither vote nor are judged."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from steering_index.cli.conventions import run_conventions
from steering_index.conventions.infer import NO_PROJECT, infer_conventions, left_alone
from steering_index.conventions.linters import linter_naming
from tests.conventions.test_project_facts import _by_id, _flagged, _workspace

_CPP_CONSTANTS = "".join(f"inline constexpr int max_size_{n} = {n};\n" for n in range(30))


def _cpp(config: str | None) -> dict[str, str]:
    files = {
        "include/lib/limits.hpp": f"namespace lib {{\n{_CPP_CONSTANTS}}}\n",
        "include/lib/traits.hpp": (
            "namespace lib {\ninline constexpr bool IsContainer = true;\n"
            "inline constexpr bool HasSize = false;\n}\n"
        ),
    }
    return _with_config(files, ".clang-tidy", config)


def _thirty(
    make: Callable[[int], tuple[str, str]],
    odd: dict[str, str],
    config: tuple[str, str | None],
) -> dict[str, str]:
    """Thirty files in the project's style (`make(n)` gives a path and its text), the odd
    ones, and the linter config (name, text) if there is one."""
    files = dict(make(n) for n in range(30)) | odd
    return _with_config(files, *config)


def _with_config(files: dict[str, str], name: str, config: str | None) -> dict[str, str]:
    return files if config is None else files | {name: config}


def _names(flagged: list[tuple[str, str]]) -> list[str]:
    return sorted(code for _, code in flagged)


def test_clang_tidy_ignored_regexp_exempts_the_names_it_matches(tmp_path: Path) -> None:
    extracts, facts = _workspace(tmp_path / "none", _cpp(None))
    assert _names(_flagged(extracts, facts)) == ["naming.cpp.constant"] * 2
    config = (
        "Checks: '-*,readability-*'\nCheckOptions:\n"
        "  - { key: readability-identifier-naming.ConstexprVariableCase, value: lower_case }\n"
        "  - key: readability-identifier-naming.ConstexprVariableIgnoredRegexp\n"
        "    value: '^Is.+'\n"
    )
    extracts, facts = _workspace(tmp_path / "ws", _cpp(config))
    # `HasSize` is not in the pattern and is still judged.
    flagged = _flagged(extracts, facts)
    assert flagged == [("include/lib/traits.hpp", "naming.cpp.constant")]
    (exemption,) = facts.packages[0].exempt
    assert exemption.source.endswith("ConstexprVariableIgnoredRegexp ^Is.+")
    # Hover says why the name is left alone.
    traits = next(e for e in extracts if e.path == "include/lib/traits.hpp")
    conventions = infer_conventions(extracts, project=facts)
    is_container = traits.symbols[1]
    assert is_container.name == "IsContainer"
    why = left_alone(is_container, traits.path, "cpp", conventions, traits, project=facts)
    assert why == (
        "`IsContainer` is left alone by the project's linter setting (.clang-tidy:"
        " readability-identifier-naming.ConstexprVariableIgnoredRegexp ^Is.+)"
    )


def test_clang_tidy_options_as_a_mapping_are_read_too(tmp_path: Path) -> None:
    option = "CheckOptions:\n  readability-identifier-naming.ConstexprVariableIgnoredRegexp: "
    extracts, facts = _workspace(tmp_path / "ws", _cpp(option + "'I.*'\n"))
    assert _flagged(extracts, facts) == [("include/lib/traits.hpp", "naming.cpp.constant")]
    # clang-tidy matches the pattern against the whole name: `Has` alone names nothing.
    extracts, facts = _workspace(tmp_path / "whole", _cpp(option + "Has\n"))
    assert _names(_flagged(extracts, facts)) == ["naming.cpp.constant"] * 2
    extracts, facts = _workspace(tmp_path / "both", _cpp(option + "(Is|Has).+\n"))
    assert _flagged(extracts, facts) == []


def test_turning_clang_tidys_naming_check_off_keeps_the_convention(tmp_path: Path) -> None:
    # LLVM turns the check off for its legacy code and still writes its styles down.
    config = "Checks: '*,-readability-identifier-naming'\n"
    extracts, facts = _workspace(tmp_path / "ws", _cpp(config))
    assert _names(_flagged(extracts, facts)) == ["naming.cpp.constant"] * 2


def _ruby(config: str | None) -> dict[str, str]:
    odd = {
        "lib/shop/legacy.rb": "module Shop\n  def loadLegacy\n  end\nend\n",
        "lib/shop/soap.rb": "module Shop\n  def soapAction\n  end\nend\n",
    }
    return _thirty(
        lambda n: (f"lib/shop/m{n}.rb", f"module Shop\n  def load_item_{n}\n  end\nend\n"),
        odd,
        (".rubocop.yml", config),
    )


def test_rubocop_disabling_a_naming_cop_turns_that_convention_off(tmp_path: Path) -> None:
    extracts, facts = _workspace(tmp_path / "none", _ruby(None))
    assert len(_flagged(extracts, facts)) == 2
    config = "AllCops:\n  NewCops: enable\nNaming/MethodName:\n  Enabled: false\n"
    extracts, facts = _workspace(tmp_path / "ws", _ruby(config))
    assert _flagged(extracts, facts) == []
    # A method of a module is a function.
    functions = _by_id(infer_conventions(extracts, project=facts))["naming.ruby.function"]
    assert functions.overruled == ".rubocop.yml turns Naming/MethodName off"


def test_rubocop_excluded_files_and_allowed_patterns_are_left_alone(tmp_path: Path) -> None:
    config = (
        "Naming/MethodName:\n  Exclude:\n    - 'lib/shop/legacy.rb'\n"
        "  AllowedPatterns:\n    - '\\Asoap'\n"
    )
    extracts, facts = _workspace(tmp_path / "ws", _ruby(config))
    assert _flagged(extracts, facts) == []
    only_excluded = "Naming/MethodName:\n  Exclude:\n    - lib/shop/legacy.rb\n"
    extracts, facts = _workspace(tmp_path / "one", _ruby(only_excluded))
    assert _flagged(extracts, facts) == [("lib/shop/soap.rb", "naming.ruby.function")]


def test_rubocop_files_all_cops_exclude_are_not_judged_by_naming(tmp_path: Path) -> None:
    config = "AllCops:\n  Exclude:\n    - 'lib/shop/{legacy,soap}.rb'\n"
    extracts, facts = _workspace(tmp_path / "ws", _ruby(config))
    assert _flagged(extracts, facts) == []


def test_a_rubocop_todo_file_is_not_read_as_allowed_names(tmp_path: Path) -> None:
    files = _ruby("inherit_from: .rubocop_todo.yml\n")
    files[".rubocop_todo.yml"] = "Naming/MethodName:\n  Exclude:\n    - 'lib/shop/legacy.rb'\n"
    extracts, facts = _workspace(tmp_path / "ws", files)
    assert len(_flagged(extracts, facts)) == 2


def _php(ruleset: str | None) -> dict[str, str]:
    files = {
        f"src/M{n}.php": f"<?php\nclass M{n}\n{{\n    public function loadItem{n}() {{}}\n}}\n"
        for n in range(30)
    }
    files["src/Mailer.php"] = "<?php\nclass Mailer\n{\n    public function sign_with_dkim() {}\n}\n"
    files["src/Legacy/OldMailer.php"] = (
        "<?php\nclass OldMailer\n{\n    public function send_mail() {}\n}\n"
    )
    return _with_config(files, "phpcs.xml.dist", ruleset)


def _ruleset(body: str) -> str:
    return f'<?xml version="1.0"?>\n<ruleset name="app">\n{body}\n</ruleset>\n'


def test_a_phpcs_standard_without_its_method_name_sniff_turns_method_naming_off(
    tmp_path: Path,
) -> None:
    extracts, facts = _workspace(tmp_path / "none", _php(None))
    assert ("src/Mailer.php", "naming.php.method") in _flagged(extracts, facts)
    excluded = "PSR1.Methods.CamelCapsMethodName.NotCamelCaps"
    body = f'<rule ref="PSR12">\n<exclude name="{excluded}"/>\n</rule>'
    extracts, facts = _workspace(tmp_path / "ws", _php(_ruleset(body)))
    assert _flagged(extracts, facts) == []
    methods = _by_id(infer_conventions(extracts, project=facts))["naming.php.method"]
    assert methods.overruled == (
        "phpcs.xml.dist excludes PSR1.Methods.CamelCapsMethodName.NotCamelCaps"
    )


def test_a_phpcs_sniffs_exclude_pattern_exempts_those_files(tmp_path: Path) -> None:
    body = (
        '<rule ref="PSR12"/>\n<rule ref="PSR1.Methods.CamelCapsMethodName">\n'
        "<exclude-pattern>*/Legacy/*</exclude-pattern>\n</rule>"
    )
    extracts, facts = _workspace(tmp_path / "ws", _php(_ruleset(body)))
    assert _flagged(extracts, facts) == [("src/Mailer.php", "naming.php.method")]


def test_a_phpcs_severity_of_zero_turns_the_sniff_off(tmp_path: Path) -> None:
    body = '<rule ref="PSR1.Methods.CamelCapsMethodName">\n<severity>0</severity>\n</rule>'
    extracts, facts = _workspace(tmp_path / "ws", _php(_ruleset(body)))
    assert _flagged(extracts, facts) == []


def _swift(config: str | None) -> dict[str, str]:
    odd = {
        "Sources/App/Random.swift": "struct Random {\n    var m_w = 0\n}\n",
        "Vendor/Lib/Old.swift": "struct Old {\n    var old_value = 0\n}\n",
    }
    return _thirty(
        lambda n: (f"Sources/App/M{n}.swift", f"struct M{n} {{\n    var itemCount{n} = 0\n}}\n"),
        odd,
        (".swiftlint.yml", config),
    )


def test_swiftlint_excluded_names_and_paths_are_left_alone(tmp_path: Path) -> None:
    extracts, facts = _workspace(tmp_path / "none", _swift(None))
    assert len(_flagged(extracts, facts)) == 2
    config = "excluded:\n  - Vendor\nidentifier_name:\n  excluded:\n    - m_w\n"
    extracts, facts = _workspace(tmp_path / "ws", _swift(config))
    assert _flagged(extracts, facts) == []
    # Turning identifier_name off is about names' length as much as their case: not "off".
    extracts, facts = _workspace(tmp_path / "off", _swift("disabled_rules:\n  - identifier_name\n"))
    assert len(_flagged(extracts, facts)) == 2


def _kotlin(extra: dict[str, str]) -> dict[str, str]:
    files = {f"app/src/main/kotlin/M{n}.kt": f"fun loadItem{n}() {{}}\n" for n in range(30)}
    files["app/src/main/kotlin/Screens.kt"] = "fun load_screen() {}\n"
    return files | extra


def test_detekt_and_ktlint_settings_that_turn_function_naming_off(tmp_path: Path) -> None:
    extracts, facts = _workspace(tmp_path / "none", _kotlin({}))
    assert _flagged(extracts, facts) == [
        ("app/src/main/kotlin/Screens.kt", "naming.kotlin.function")
    ]
    detekt = {"config/detekt/detekt.yml": "naming:\n  FunctionNaming:\n    active: false\n"}
    extracts, facts = _workspace(tmp_path / "detekt", _kotlin(detekt))
    assert _flagged(extracts, facts) == []
    ktlint = {".editorconfig": "[*.{kt,kts}]\nktlint_standard_function-naming = disabled\n"}
    extracts, facts = _workspace(tmp_path / "ktlint", _kotlin(ktlint))
    assert _flagged(extracts, facts) == []
    # A section for some files only exempts those files.
    tests_only = {".editorconfig": "[**/test/**.kt]\nktlint_standard_function-naming = disabled\n"}
    extracts, facts = _workspace(tmp_path / "tests", _kotlin(tests_only))
    assert len(_flagged(extracts, facts)) == 1


@pytest.mark.parametrize(
    ("name", "content"),
    [
        (".clang-tidy", b"CheckOptions: [unclosed\n"),
        (
            ".clang-tidy",
            b"CheckOptions:\n  readability-identifier-naming.FunctionIgnoredRegexp: '(['\n",
        ),
        (".rubocop.yml", b"\xff\xfe\x00binary\x00"),
        (".rubocop.yml", b"- a list\n- not a mapping\n"),
        ("phpcs.xml", b"<ruleset><rule ref='PSR12'>"),
        (".swiftlint.yml", b"excluded: 12\nidentifier_name: [1, 2]\n"),
        (".editorconfig", b"ktlint_standard_function-naming = disabled\n[*.kt\n"),
        ("detekt.yml", b"naming: " + b"x" * (300 * 1024)),
    ],
)
def test_a_config_that_cannot_be_read_is_treated_as_absent(
    tmp_path: Path, name: str, content: bytes
) -> None:
    (tmp_path / name).write_bytes(content)
    settings = linter_naming(tmp_path, "")
    assert settings.off == ()
    # An invalid pattern may be kept, but it exempts nothing.
    assert not any(e.covers(c, "a.cpp", "f") for e in settings.exempt for c in e.conventions)
    files = _cpp(None) if name != ".clang-tidy" else _cpp(content.decode())
    extracts, facts = _workspace(tmp_path / "ws", files)
    assert len(_flagged(extracts, facts)) == 2
    assert _flagged(extracts, NO_PROJECT) == _flagged(extracts, facts)


def test_a_file_rubocops_file_name_cop_excludes_is_not_judged_by_file_naming(
    tmp_path: Path,
) -> None:
    words = [
        "cart",
        "order",
        "price",
        "stock",
        "bill",
        "coupon",
        "refund",
        "ship",
        "label",
        "audit",
    ]
    files = {f"lib/shop/{w}_store.rb": f"module Shop\n  def load_{w}\n  end\nend\n" for w in words}
    files["lib/shop/soapClient.rb"] = "module Shop\n  def call_soap\n  end\nend\n"
    extracts, facts = _workspace(tmp_path / "none", files)
    assert ("lib/shop/soapClient.rb", "files.ruby.naming") in _flagged(extracts, facts)
    files[".rubocop.yml"] = "Naming/FileName:\n  Exclude:\n    - '**/soapClient.rb'\n"
    extracts, facts = _workspace(tmp_path / "ws", files)
    assert _flagged(extracts, facts) == []


def test_steering_conventions_lists_what_the_linter_settings_leave_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = "CheckOptions:\n  readability-identifier-naming.ConstexprVariableIgnoredRegexp: Is.+\n"
    root = tmp_path / "ws"
    _workspace(root, _cpp(config) | {"phpcs.xml": _ruleset('<rule ref="PSR12"/>')})
    (root / ".git").mkdir()
    args = argparse.Namespace(root=str(root), db=str(tmp_path / "i.db"), json=False)
    assert run_conventions(args) == 0
    out = capsys.readouterr().out
    assert out.endswith(
        "Left alone by the project's linter settings:\n"
        "  - .clang-tidy: readability-identifier-naming.ConstexprVariableIgnoredRegexp Is.+"
        " (c.constant, c.constant-table, cpp.constant, cpp.variable-template)\n"
    )
    args.json = True
    assert run_conventions(args) == 0
    listed = json.loads(capsys.readouterr().out)["exemptions"]
    assert listed == [
        {
            "source": ".clang-tidy: readability-identifier-naming.ConstexprVariableIgnoredRegexp"
            " Is.+",
            "conventions": [
                "naming.c.constant",
                "naming.c.constant-table",
                "naming.cpp.constant",
                "naming.cpp.variable-template",
            ],
        }
    ]
