"""What the project declares shapes its conventions: packages (nearest manifest), declared
test runners, tsconfig aliases, linter naming settings, written rules; and the import,
layout and library rules that keep inference from steering wrong."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from steering_index.cli.conventions import run_conventions
from steering_index.conventions.infer import (
    NO_PROJECT,
    check_file,
    infer_conventions,
    language_rule,
)
from steering_index.conventions.layout import local_import_style
from steering_index.conventions.libraries import library_table, library_uses
from steering_index.conventions.project import ProjectFacts, grammar_rules, project_facts
from steering_index.index.extract import extract
from steering_index.index.languages import language_for_path
from steering_index.model import Convention, FileExtract, Import, Span
from tests.workspaces import write_tree


def _workspace(root: Path, files: dict[str, str]) -> tuple[list[FileExtract], ProjectFacts]:
    write_tree(root, files)
    extracts = []
    for path in sorted(files):
        language = language_for_path(path)
        if language is not None:
            extracts.append(extract(path, files[path].encode(), language))
    facts = project_facts(root, ((e.path, e.language) for e in extracts))
    return extracts, facts


def _flagged(extracts: list[FileExtract], facts: ProjectFacts) -> list[tuple[str, str]]:
    conventions = infer_conventions(extracts, project=facts)
    return [
        (e.path, f.code.partition("/")[2].split("@")[0])
        for e in extracts
        for f in check_file(e, conventions, project=facts)
    ]


def _by_id(conventions: list[Convention]) -> dict[str, Convention]:
    return {c.id: c for c in conventions}


# --- 1: one set of conventions per package --------------------------------------------------


def _cli_monorepo(small: int = 0) -> dict[str, str]:
    """packages/tool builds its CLI mostly on click (5 of 6 files, too mixed to be a strong
    subtree of its own), packages/server on argparse (100 files)."""
    files = {"pyproject.toml": "[project]\nname = 'ws'\n"}
    files["packages/tool/pyproject.toml"] = "[project]\nname = 'tool'\n"
    files["packages/server/pyproject.toml"] = "[project]\nname = 'server'\n"
    for n in range(5):
        files[f"packages/tool/tool/cmd_{n}.py"] = "import click\n\n\ndef main():\n    pass\n"
    files["packages/tool/tool/old.py"] = "import argparse\n\n\ndef main():\n    pass\n"
    for n in range(100):
        files[f"packages/server/server/cli_{n}.py"] = "import argparse\n\n\ndef main():\n    pass\n"
    if small:
        files["packages/tiny/pyproject.toml"] = "[project]\nname = 'tiny'\n"
        for n in range(small):
            files[f"packages/tiny/tiny/run_{n}.py"] = "import click\n\n\ndef main():\n    pass\n"
    return files


def test_each_package_of_a_monorepo_has_its_own_conventions(tmp_path: Path) -> None:
    extracts, facts = _workspace(tmp_path / "ws", _cli_monorepo())
    assert facts.package_folders() == ["packages/server", "packages/tool"]
    # Pooled, argparse (101 of 106) would flag every click file of the other package.
    pooled = [p for p, _ in _flagged(extracts, NO_PROJECT)]
    assert len(pooled) == 5 and all(p.startswith("packages/tool/") for p in pooled)
    assert _flagged(extracts, facts) == []
    found = _by_id(infer_conventions(extracts, project=facts))
    tool = found["library.python.cli@packages/tool"]
    assert (tool.value, tool.count, tool.total, tool.strong) == ("click", 5, 6, False)
    assert found["library.python.cli@packages/server"].value == "argparse"


def test_a_package_with_too_few_examples_falls_back_to_the_workspace(tmp_path: Path) -> None:
    extracts, facts = _workspace(tmp_path / "ws", _cli_monorepo(small=2))
    flagged = _flagged(extracts, facts)
    # Two files are too few for a convention of their own: the workspace's (argparse) judges
    # them.
    assert flagged == [
        ("packages/tiny/tiny/run_0.py", "library.python.cli"),
        ("packages/tiny/tiny/run_1.py", "library.python.cli"),
    ]


def test_python_packages_are_counted_from_their_own_manifest(tmp_path: Path) -> None:
    files = {"packages/app/pyproject.toml": "[project]\nname = 'app'\n"}
    for n in range(12):
        files[f"packages/app/src/app/m{n}.py"] = "from app.core import thing\n"
    files["packages/app/src/app/odd.py"] = "from .core import thing\n"
    files["packages/app/src/app/core.py"] = "thing = 1\n"
    extracts, facts = _workspace(tmp_path / "ws", files)
    # Without the manifest `packages` looks like the top package, and `app.core` like
    # someone else's module: no import style to judge by.
    assert _flagged(extracts, NO_PROJECT) == []
    assert _flagged(extracts, facts) == [("packages/app/src/app/odd.py", "imports.python.style")]
    conventions = infer_conventions(extracts, project=facts)
    odd = next(e for e in extracts if e.path.endswith("odd.py"))
    (finding,) = check_file(odd, conventions, project=facts)
    assert finding.message.endswith("import from `app.core`")


def _runner_package(declared: dict[str, str]) -> dict[str, str]:
    files = {"core/package.json": json.dumps({"name": "core", **declared})}
    for n in range(20):
        files[f"core/src/unit_{n}.vitest.ts"] = (
            "import { test } from 'vitest'\ntest('a', () => {})\n"
        )
    for n in range(2):
        files[f"core/src/old_{n}.test.ts"] = (
            "import { test } from '@jest/globals'\ntest('b', () => {})\n"
        )
    return files


def test_test_runners_the_package_declares_are_not_drift(tmp_path: Path) -> None:
    declared = {"devDependencies": {"vitest": "^1", "jest": "^29"}}
    files = _runner_package(declared)
    files["core/jest.config.js"] = "module.exports = { testMatch: ['**/*.test.ts'] }\n"
    extracts, facts = _workspace(tmp_path / "ws", files)
    assert facts.package_of("core/src/x.ts").runners == {"jest", "vitest"}  # type: ignore[union-attr]
    assert [p for p, c in _flagged(extracts, NO_PROJECT) if "test-framework" in c] == [
        "core/src/old_0.test.ts",
        "core/src/old_1.test.ts",
    ]
    assert not [c for _, c in _flagged(extracts, facts) if "test-framework" in c]
    (runner,) = [
        c
        for c in infer_conventions(extracts, project=facts)
        if c.subject == "test-framework" and c.scope == "core"
    ]
    assert not runner.strong
    assert "declares jest and vitest" in runner.overruled
    assert "jest.config.js" in runner.overruled


def test_a_package_declaring_only_the_runner_it_uses_keeps_the_convention(tmp_path: Path) -> None:
    files = _runner_package({"devDependencies": {"vitest": "^1"}})
    extracts, facts = _workspace(tmp_path / "ws", files)
    assert [p for p, c in _flagged(extracts, facts) if "test-framework" in c] == [
        "core/src/old_0.test.ts",
        "core/src/old_1.test.ts",
    ]


def test_tsconfig_paths_are_the_packages_own_import_aliases(tmp_path: Path) -> None:
    tsconfig = """{
      // JSON with comments, as tsc reads it
      "compilerOptions": {"baseUrl": ".", "paths": {"~lib/*": ["src/lib/*"], "@ui": ["src/ui"]},},
    }"""
    write_tree(tmp_path / "ws", {"web/package.json": "{}", "web/tsconfig.json": tsconfig})
    facts = project_facts(tmp_path / "ws", [("web/src/a.ts", "typescript")])
    assert facts.aliases_for("web/src/a.ts") == ("@ui", "~lib/")
    span = Span(0, 1, 0, 0, 0, 1)
    aliased = Import("~lib/money", ("format",), None, False, span)
    assert local_import_style(aliased, "typescript", frozenset()) is None
    assert local_import_style(aliased, "typescript", frozenset(), ("~lib/",)) == "absolute"


# --- 7: subtree styles hold for imports that stay in the subtree ---------------------------


def test_a_relative_subpackage_keeps_its_style_for_imports_inside_it(tmp_path: Path) -> None:
    files = {"pyproject.toml": "[project]\nname = 'pkg'\n"}
    for n in range(12):
        files[f"pkg/web/v{n}.py"] = "from pkg.core import a\nfrom pkg.net import b\n"
    files["pkg/logger/_buffer.py"] = "x = 1\n"
    for n in range(6):
        files[f"pkg/logger/test/test_{n}.py"] = (
            "from pkg.trial import unittest\nfrom .._buffer import x\n"
        )
    extracts, facts = _workspace(tmp_path / "ws", files)
    # The logger's tests import the logger relatively and the rest of pkg absolutely.
    assert _flagged(extracts, facts) == []
    found = _by_id(infer_conventions(extracts, project=facts))
    inside = found["imports.python.style.outside@pkg/logger"]
    assert (inside.value, inside.count, inside.total) == ("relative", 6, 6)
    assert found["imports.python.style.outside"].value == "absolute"


# --- 8: layout --------------------------------------------------------------------------------


def test_a_test_file_in_a_folder_with_no_code_says_nothing_about_layout(tmp_path: Path) -> None:
    files = {"pyproject.toml": "[project]\nname = 'lib'\n", "src/lib/core.py": "x = 1\n"}
    for n in range(20):
        files[f"tests/test_{n}.py"] = "def test_it():\n    pass\n"
    files["bench/test_benchmarks.py"] = "def test_speed():\n    pass\n"
    files["src/lib/test_inline.py"] = "def test_inline():\n    pass\n"
    extracts, facts = _workspace(tmp_path / "ws", files)
    assert ("bench/test_benchmarks.py", "tests.python.layout") in _flagged(extracts, NO_PROJECT)
    # The bench folder holds no code to sit beside; a test beside real code is still drift.
    assert _flagged(extracts, facts) == [("src/lib/test_inline.py", "tests.python.layout")]


def test_each_package_keeps_its_own_test_layout(tmp_path: Path) -> None:
    files = {
        "packages/a/pyproject.toml": "[project]\nname = 'a'\n",
        "packages/b/pyproject.toml": "[project]\nname = 'b'\n",
    }
    for n in range(4):  # beside the code, but for one: too few and mixed for a subtree
        files[f"packages/a/a/m{n}.py"] = "x = 1\n"
        files[f"packages/a/a/test_m{n}.py"] = "def test_it():\n    pass\n"
    files["packages/a/tests/test_old.py"] = "def test_it():\n    pass\n"
    files["packages/b/b/core.py"] = "x = 1\n"
    for n in range(60):
        files[f"packages/b/tests/test_{n}.py"] = "def test_it():\n    pass\n"
    extracts, facts = _workspace(tmp_path / "ws", files)
    assert len([c for _, c in _flagged(extracts, NO_PROJECT) if c == "tests.python.layout"]) == 4
    assert _flagged(extracts, facts) == []


# --- 9: conventions that steer wrong or say nothing -----------------------------------------


def test_a_method_named_fetch_is_not_the_global_fetch(tmp_path: Path) -> None:
    files = {f"src/route_{n}.ts": "export const r = app.fetch(req)\n" for n in range(10)}
    files["src/client.ts"] = "import axios from 'axios'\nexport const c = axios\n"
    extracts, facts = _workspace(tmp_path / "ws", files)
    table = library_table()
    route = next(e for e in extracts if e.path == "src/route_0.ts")
    assert library_uses(route, table) == []
    real = extract("src/get.ts", b"const r = await fetch(url)\n", "typescript")
    assert [(u.job, u.choice) for u in library_uses(real, table)] == [("http-client", "fetch")]
    assert _flagged(extracts, facts) == []


def test_a_projects_own_wrapper_of_a_library_does_not_vote_for_it(tmp_path: Path) -> None:
    files = {"go.mod": "module example.com/app\n"}
    for n in range(10):
        files[f"log/part_{n}.go"] = 'package log\n\nimport "log"\n\nfunc F{n}() {{ log.Print() }}\n'
    files["server/server.go"] = 'package server\n\nimport "go.uber.org/zap"\n\nvar L = zap.L\n'
    extracts, facts = _workspace(tmp_path / "ws", files)
    assert _flagged(extracts, facts) == []
    assert "library.go.logging" not in {
        c.id for c in infer_conventions(extracts, project=facts) if c.strong
    }


def test_unittest_skip_helpers_do_not_choose_a_test_framework() -> None:
    table = library_table()
    skip = extract("t/test_a.py", b"from unittest import skipIf\n", "python")
    trial = extract("t/test_b.py", b"from twisted.trial import unittest\n", "python")
    assert [u.choice for u in library_uses(skip, table)] == []
    assert [u.choice for u in library_uses(trial, table)] == ["trial"]


def test_the_languages_own_rules_are_not_the_projects() -> None:
    def naming(language: str, subject: str, value: str) -> Convention:
        return Convention(f"naming.{language}.{subject}", "naming", language, subject, value, 9, 9)

    assert language_rule(naming("go", "function", "MixedCaps"))
    assert language_rule(naming("rust", "function", "snake_case"))
    assert language_rule(naming("rust", "struct", "PascalCase"))
    assert language_rule(naming("python", "function", "snake_case")) is None
    assert language_rule(naming("typescript", "function", "camelCase")) is None


def test_rust_imports_choose_between_crate_and_super_paths() -> None:
    span = Span(0, 1, 0, 0, 0, 1)

    def style(module: str) -> str | None:
        return local_import_style(Import(module, ("X",), None, True, span), "rust", frozenset())

    assert style("crate::parse") == "absolute"
    assert style("super::parse") == "relative"
    assert style("self::imp") is None  # only the module itself can name its children
    files = {f"src/m{n}.rs": f"use crate::parse::P{n};\n" for n in range(10)}
    files["src/x.rs"] = "#[cfg(test)]\nmod tests {\n    use super::*;\n}\n"
    extracts = [extract(p, t.encode(), "rust") for p, t in files.items()]
    assert _flagged(extracts, NO_PROJECT) == []


# --- 10: what the project declares beats inference ---------------------------------------


def _camel_functions(config: dict[str, str]) -> dict[str, str]:
    files = dict(config)
    for n in range(20):
        files[f"app/m{n}.py"] = f"def do_thing_{n}():\n    pass\n"
    files["app/legacy.py"] = "def doThing():\n    pass\n\n\ndef getValue():\n    pass\n"
    return files


def test_a_linter_setting_that_ignores_a_naming_rule_turns_it_off(tmp_path: Path) -> None:
    pyproject = "[project]\nname = 'app'\n\n[tool.ruff.lint]\nignore = ['E501', 'N802']\n"
    extracts, facts = _workspace(tmp_path / "ws", _camel_functions({"pyproject.toml": pyproject}))
    assert len(_flagged(extracts, NO_PROJECT)) == 2
    assert _flagged(extracts, facts) == []
    functions = _by_id(infer_conventions(extracts, project=facts))["naming.python.function"]
    assert not functions.strong and functions.overruled == "pyproject.toml ignores N802"


def test_flake8_ignore_names_are_left_alone(tmp_path: Path) -> None:
    setup_cfg = "[flake8]\nmax-line-length = 100\nignore-names = doThing\n"
    extracts, facts = _workspace(tmp_path / "ws", _camel_functions({"setup.cfg": setup_cfg}))
    assert _flagged(extracts, facts) == [("app/legacy.py", "naming.python.function")]


def test_eslint_camelcase_off_turns_javascript_naming_off(tmp_path: Path) -> None:
    files = {"package.json": "{}", ".eslintrc.json": '{"rules": {"camelcase": "off"}}'}
    for n in range(20):
        files[f"src/m{n}.js"] = f"export function doThing{n}() {{}}\n"
    files["src/odd.js"] = "export function do_odd_thing() {}\n"
    extracts, facts = _workspace(tmp_path / "ws", files)
    assert _flagged(extracts, NO_PROJECT) == [("src/odd.js", "naming.javascript.function")]
    assert _flagged(extracts, facts) == []


def _relative_subpackage(doc: str) -> dict[str, str]:
    files = {"pyproject.toml": "[project]\nname = 'pkg'\n", "CONTRIBUTING.md": doc}
    for n in range(12):
        files[f"pkg/web/v{n}.py"] = "from pkg.web import a\n"
    for n in range(6):
        files[f"pkg/logger/m{n}.py"] = "from ._buffer import x\n"
    return files


def test_a_written_rule_the_code_breaks_is_a_conflict_not_a_convention(
    tmp_path: Path, capsys
) -> None:
    doc = "# Contributing\n\nRelative imports may not be used by code in pkg.\n"
    extracts, facts = _workspace(tmp_path / "ws", _relative_subpackage(doc))
    assert facts.written[0].value == "absolute"
    assert facts.written[0].source == "CONTRIBUTING.md:3"
    # Without the rule, the logger's relative style is a convention of its own.
    assert _by_id(infer_conventions(extracts))["imports.python.style@pkg/logger"].strong
    found = _by_id(infer_conventions(extracts, project=facts))
    logger = found["imports.python.style@pkg/logger"]
    assert not logger.strong
    assert logger.overruled.startswith("conflicts with a written rule: CONTRIBUTING.md:3 says")
    assert found["imports.python.style"].strong  # the rest agrees with what is written
    assert _flagged(extracts, facts) == []
    (tmp_path / "ws" / ".git").mkdir()
    args = argparse.Namespace(root=str(tmp_path / "ws"), db=str(tmp_path / "i.db"), json=False)
    assert run_conventions(args) == 0
    out = capsys.readouterr().out
    assert "imports.python.style@pkg/logger" in out
    assert "not enforced: conflicts with a written rule" in out


def test_a_document_that_agrees_with_the_code_changes_nothing(tmp_path: Path) -> None:
    doc = "# Contributing\n\nUse relative imports inside a package.\n"
    extracts, facts = _workspace(tmp_path / "ws", _relative_subpackage(doc))
    assert facts.written[0].value == "relative"
    logger = _by_id(infer_conventions(extracts, project=facts))["imports.python.style@pkg/logger"]
    assert logger.strong and not logger.overruled


def test_imports_in_functions_and_main_blocks_do_not_vote(tmp_path: Path) -> None:
    files = {}
    for n in range(6):
        files[f"pkg/m{n}.py"] = (
            "from .core import a\n\n\ndef lazy():\n    from pkg.heavy import b\n    return b\n\n\n"
            'if __name__ == "__main__":\n    from pkg.demo import run\n    run()\n'
        )
    extracts = [extract(p, t.encode(), "python") for p, t in files.items()]
    found = _by_id(infer_conventions(extracts))
    style = found["imports.python.style"]
    assert (style.value, style.count, style.total) == ("relative", 6, 6)
    flagged = [
        f.location.lines.first for e in extracts for f in check_file(e, list(found.values()))
    ]
    # The function-local import is still checked; the demo block's is written for a script.
    assert flagged == [5] * 6


def test_a_module_level_literal_is_a_constant_whatever_its_case() -> None:
    files = {f"app/s{n}.py": f"value_{n} = compute({n})\nother_{n} = compute()\n" for n in range(8)}
    files["app/ctypes_names.py"] = "PyBUF_SIMPLE = 0\nPyBUF_WRITABLE = 1\nbadName = compute()\n"
    extracts = [extract(p, t.encode(), "python") for p, t in files.items()]
    assert _flagged(extracts, NO_PROJECT) == [("app/ctypes_names.py", "naming.python.variable")]


def test_the_languages_own_rules_are_not_sent_to_a_model() -> None:
    from steering_index.retrieval.rules import ConventionTarget, convention_candidates

    def functions(value: str) -> Convention:
        return Convention(
            "naming.go.function", "naming", "go", "function", value, 40, 40, strong=True
        )

    source = b"package shop\n\nfunc Total() int { return 1 }\n"
    symbols = extract("shop/cart.go", source, "go").symbols
    target = ConventionTarget("shop/cart.go", "go", symbols, task="add a discount")
    assert convention_candidates(target, [functions("MixedCaps")]) == []
    # A choice the language leaves open still goes (made up here: Go allows no other).
    assert convention_candidates(target, [functions("snake_case")])


def test_scripts_and_test_modules_do_not_take_the_librarys_import_style() -> None:
    files = {f"lib/m{n}.py": "from .core import a\n" for n in range(8)}
    files["lib/__main__.py"] = "from lib.core import main\n"  # run as `python -m lib`
    files["examples/lib/demo.py"] = "from examples.lib.util import show\n"  # run by path
    files["tests/test_a.py"] = "from tests.helpers import make\n"
    extracts = [extract(p, t.encode(), "python") for p, t in files.items()]
    assert _flagged(extracts, NO_PROJECT) == []
    for n in range(9):  # test modules with a style of their own: judged by it
        files[f"tests/test_{n}.py"] = "from tests.helpers import make\n"
    files["tests/test_odd.py"] = "from .helpers import make\n"
    extracts = [extract(p, t.encode(), "python") for p, t in files.items()]
    assert _flagged(extracts, NO_PROJECT) == [("tests/test_odd.py", "imports.python.style.tests")]


def test_golangci_settings_that_drop_naming_checks_turn_go_naming_off(tmp_path: Path) -> None:
    golangci = (
        "linters-settings:\n  stylecheck:\n    checks:\n      - all\n      - -ST1003\n"
        "  revive:\n    rules:\n      - name: var-naming\n        disabled: true\n"
    )
    files = {"go.mod": "module example.com/app\n", ".golangci.yml": golangci}
    for n in range(20):
        files[f"app/m{n}.go"] = f"package app\n\nfunc DoThing{n}() {{}}\n"
    files["app/odd.go"] = "package app\n\nfunc do_odd_thing() {}\n"
    extracts, facts = _workspace(tmp_path / "ws", files)
    assert _flagged(extracts, NO_PROJECT) == [("app/odd.go", "naming.go.function")]
    assert _flagged(extracts, facts) == []


def test_a_crate_wide_allow_of_a_rustc_naming_lint_turns_that_naming_off(
    tmp_path: Path,
) -> None:
    files = {"Cargo.toml": '[package]\nname = "app"\nversion = "0.1.0"\n'}
    for n in range(20):
        files[f"src/m{n}.rs"] = f"pub const MAX_ITEMS_{n}: u32 = {n};\npub fn load_{n}() {{}}\n"
    files["src/odd.rs"] = "pub const maxItems: u32 = 1;\npub fn loadOdd() {}\n"
    files["src/lib.rs"] = (
        "//! The crate.\n#![allow(dead_code, non_upper_case_globals)]\n\nmod odd;\n"
    )
    extracts, facts = _workspace(tmp_path / "ws", files)
    both = [("src/odd.rs", "naming.rust.constant"), ("src/odd.rs", "naming.rust.function")]
    assert sorted(_flagged(extracts, NO_PROJECT)) == both
    # rustc's lint for constants is allowed crate-wide; the one for functions still judges.
    assert _flagged(extracts, facts) == [("src/odd.rs", "naming.rust.function")]


def test_a_top_level_javascript_literal_is_a_constant_whatever_its_case() -> None:
    files = {f"src/m{n}.ts": f"export const cartSlice{n} = createSlice({n})\n" for n in range(30)}
    files["src/delays.ts"] = (
        "export const DEFAULT_DELAY_MS = 150\nexport const MAX_ITEMS: number = 3\n"
        "const ORIGINAL_STATE = Symbol.for('original')\nexport const Origin = 'x'\n"
        "export const my_context = createContext(null)\n"
    )
    extracts = [extract(p, t.encode(), "typescript") for p, t in files.items()]
    # Computed at load, a snake_case constant is still judged by the project's constants.
    assert _flagged(extracts, NO_PROJECT) == [("src/delays.ts", "naming.typescript.constant")]


def test_a_javascript_const_in_camel_or_pascal_case_is_idiomatic_either_way() -> None:
    # camelCase for data, PascalCase for what acts as a class, a component, a schema or a
    # fixture named like what it stands for (`TheHobbit`): neither is drift from the other.
    files = {f"src/m{n}.ts": f"export const cartSlice{n} = createSlice({n})\n" for n in range(30)}
    files["src/tests/books.ts"] = (
        "export const TheHobbit = deepFreeze({ id: 'th' })\n"
        "export const ThemeContext = createContext(null)\n"
        "export const book_list = listOf(TheHobbit)\n"
    )
    files |= {f"lib/s{n}.ts": f"export const Schema{n} = object({n})\n" for n in range(30)}
    files["lib/tests/user.test.ts"] = "const userSchema = object({ name: string() })\n"
    extracts = [extract(p, t.encode(), "typescript") for p, t in files.items()]
    assert _flagged(extracts, NO_PROJECT) == [("src/tests/books.ts", "naming.typescript.constant")]


def test_a_library_the_package_declares_is_its_choice_though_it_has_few_files(
    tmp_path: Path,
) -> None:
    files = _cli_monorepo()
    files["packages/web/pyproject.toml"] = (
        "[project]\nname = 'web'\n\n[project.optional-dependencies]\ncli = ['click>=8']\n"
    )
    files["packages/web/web/_main.py"] = "import click\n\n\ndef main():\n    pass\n"
    files["packages/other/pyproject.toml"] = "[project]\nname = 'other'\n"
    files["packages/other/other/_main.py"] = "import click\n\n\ndef main():\n    pass\n"
    extracts, facts = _workspace(tmp_path / "ws", files)
    # One file is too few for web's own convention; what web declares it chose still holds.
    assert _flagged(extracts, facts) == [("packages/other/other/_main.py", "library.python.cli")]
    go = project_facts_of(tmp_path / "go", {"go.mod": GO_MOD})
    assert go.package_of("svc/x.go") is not None
    assert go.package_of("svc/x.go").declares("logrus")  # type: ignore[union-attr]


GO_MOD = """module example.com/svc

go 1.22

require (
\tgithub.com/sirupsen/logrus v1.9.3
\tgo.uber.org/zap v1.27.0 // indirect
)
"""


def project_facts_of(root: Path, files: dict[str, str]) -> ProjectFacts:
    write_tree(root, {f"svc/{k}": v for k, v in files.items()})
    return project_facts(root, [("svc/x.go", "go")])


def test_an_import_of_the_subpackage_itself_stays_inside_it() -> None:
    files = {f"pkg/web/v{n}.py": "from pkg.web import a\n" for n in range(60)}
    files.update({f"pkg/haproxy/_p{n}.py": "from . import _info\n" for n in range(6)})
    extracts = [extract(p, t.encode(), "python") for p, t in files.items()]
    # `from . import _info` names pkg.haproxy, the subtree's own folder: its style governs.
    assert _flagged(extracts, NO_PROJECT) == []
    found = _by_id(infer_conventions(extracts))
    assert found["imports.python.style@pkg/haproxy"].value == "relative"


def test_a_python_file_no_module_can_import_is_a_script_not_a_module() -> None:
    files = {f"app/module_{n}.py": "x = 1\n" for n in range(20)}
    files["extras/qps-bench-server.py"] = "x = 1\n"
    files["app/OddModule.py"] = "x = 1\n"
    extracts = [extract(p, t.encode(), "python") for p, t in files.items()]
    assert _flagged(extracts, NO_PROJECT) == [("app/OddModule.py", "files.python.naming")]


def test_an_upper_case_type_alias_is_a_type_level_constant() -> None:
    files = {f"src/t{n}.ts": f"export type QueryState{n} = {{ a: number }}\n" for n in range(20)}
    files["src/depth.ts"] = "type MAXIMUM_DEPTH = 20\nexport type badName = string\n"
    extracts = [extract(p, t.encode(), "typescript") for p, t in files.items()]
    assert _flagged(extracts, NO_PROJECT) == [("src/depth.ts", "naming.typescript.type")]


@pytest.mark.parametrize(
    ("name", "text", "rules"),
    [
        (
            "peg.peg",
            "# PEG\nGrammar <- Spacing Definition+\nEndOfFile <- !.\n",
            {"Grammar", "EndOfFile"},
        ),
        (
            "uri.abnf",
            'URI = scheme ":" hier-part\nIP-literal = "[" IPv6address "]"\nscheme =/ ALPHA\n',
            {"URI", "IP_literal", "scheme"},
        ),
        ("expr.bnf", '<expr> ::= <term> | <expr> "+" <term>\n', {"expr"}),
        (
            "Expr.g4",
            "grammar Expr;\nexpr : term ('+' term)* ;\nfragment DIGIT : [0-9] ;\n",
            {"expr", "DIGIT"},
        ),
        (
            "parse.y",
            "%{\n#include <stdio.h>\n%}\n%%\nitem\n\t: date\n\t;\ndate: tUNUMBER ;\n",
            {"item", "date"},
        ),
        ("calc.lark", "?start: sum\nsum: product\n", {"start", "sum"}),
    ],
)
def test_the_rules_a_grammar_defines_are_read_in_each_format(
    tmp_path: Path, name: str, text: str, rules: set[str]
) -> None:
    path = tmp_path / name
    path.write_text(text)
    assert rules <= grammar_rules(path)
    # A rule only used, never defined, is none of them.
    assert not {"Spacing", "Definition", "term", "tUNUMBER", "product"} & grammar_rules(path)


def test_a_grammar_that_cannot_be_read_or_is_no_hand_written_one_has_no_rules(
    tmp_path: Path,
) -> None:
    assert grammar_rules(tmp_path / "missing.peg") == frozenset()
    huge = tmp_path / "tables.y"
    huge.write_bytes(b"rule: other ;\n" * 100_000)  # over a megabyte: a generated file
    assert grammar_rules(huge) == frozenset()
    folder = tmp_path / "odd.peg"
    folder.mkdir()
    assert grammar_rules(folder) == frozenset()


def test_the_workspace_knows_the_grammars_beside_its_code(tmp_path: Path) -> None:
    files = {
        "src/example/peg2cpp.cpp": "int main() { return 0; }\n",
        "src/example/peg.peg": "Grammar <- Definition+\nDefinition <- Identifier\n",
        "docs/other.peg": "Unseen <- 'x'\n",  # no code beside it
    }
    _extracts, facts = _workspace(tmp_path, files)
    assert facts.grammar_of("Grammar") == "src/example/peg.peg"
    assert facts.grammar_of("Definition") == "src/example/peg.peg"
    assert facts.grammar_of("Identifier") is None
    assert facts.grammar_of("Unseen") is None
