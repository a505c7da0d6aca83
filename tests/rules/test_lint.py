"""Lint of rule files: one test per finding, each on a file written the way people get it wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from steering_index.model import Finding, Severity
from steering_index.rules import applicable_rules, lint_rules, load_rules
from tests.rules.conftest import EXAMPLE_SHOP, FIXTURES, applied, codes
from tests.workspaces import write_tree


def lint(root: Path) -> list[Finding]:
    return lint_rules(load_rules(root))


def only(findings: list[Finding], code: str) -> Finding:
    matching = [f for f in findings if f.code == code]
    assert len(matching) == 1, findings
    return matching[0]


@pytest.mark.parametrize(
    "name",
    [
        "agents",
        "aider",
        "claude",
        "cline",
        "continue",
        "cursor",
        "gemini",
        "kiro",
        "mixed",
        "windsurf",
    ],
)
def test_well_written_fixtures_lint_clean(name: str) -> None:
    assert lint(FIXTURES / name) == []


def test_invalid_yaml_front_matter(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            ".kiro/steering/api.md": (
                "---\ninclusion: fileMatch\nfileMatchPattern: [src/**\n---\n# API\n\n- x\n"
            )
        },
    )
    problem = only(lint(tmp_path), "rules/invalid-front-matter")
    assert problem.severity is Severity.ERROR
    assert problem.location.path == ".kiro/steering/api.md"
    assert 2 <= problem.location.lines.first <= 4


def test_unknown_key_suggests_the_real_one(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            ".cursor/rules/style.mdc": (
                "---\ndescription: Style\nalwaysapply: true\n---\n- Use tabs.\n"
            )
        },
    )
    ruleset = load_rules(tmp_path)
    problem = only(lint_rules(ruleset), "rules/unknown-key")
    assert problem.location.lines.first == 3
    assert "did you mean `alwaysApply`" in problem.message
    assert problem.replacement == "alwaysApply: true"
    # The misspelt key is ignored, as Cursor ignores it: the rule is only description-decided.
    assert applied(ruleset, "src/main.ts") == []


def test_always_apply_written_as_a_string(tmp_path: Path) -> None:
    write_tree(
        tmp_path, {".cursor/rules/style.mdc": '---\nalwaysApply: "true"\n---\n- Use tabs.\n'}
    )
    ruleset = load_rules(tmp_path)
    problem = only(lint_rules(ruleset), "rules/string-boolean")
    assert (problem.location.lines.first, problem.replacement) == (2, "alwaysApply: true")
    assert applied(ruleset, "src/main.ts") == []


def kiro_file_match(root: Path, pattern: str, source: str) -> Path:
    rule = f"---\ninclusion: fileMatch\nfileMatchPattern: {pattern}\n---\n- Strict mode.\n"
    return write_tree(root, {".kiro/steering/ts.md": rule, source: "export {};\n"})


def test_kiro_comma_separated_pattern_matches_nothing(tmp_path: Path) -> None:
    ruleset = load_rules(kiro_file_match(tmp_path, '"src/**/*.ts, test/**/*.ts"', "src/app.ts"))
    findings = lint_rules(ruleset)
    problem = only(findings, "rules/comma-separated-pattern")
    assert problem.location.lines.first == 3
    assert problem.replacement == 'fileMatchPattern: ["src/**/*.ts", "test/**/*.ts"]'
    assert "rules/glob-matches-nothing" not in codes(findings)
    assert applied(ruleset, "src/app.ts") == []


def test_brace_sets_are_not_comma_separated_patterns(tmp_path: Path) -> None:
    ruleset = load_rules(kiro_file_match(tmp_path, '"src/**/*.{ts,tsx}"', "src/view.tsx"))
    assert lint_rules(ruleset) == []
    assert applied(ruleset, "src/view.tsx") == ["kiro:ts#ts"]


def test_glob_that_matches_no_file(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            ".github/instructions/go.instructions.md": (
                '---\napplyTo: "services/**/*.go"\n---\n- gofmt.\n'
            ),
            "cmd/main.go": "package main\n",
        },
    )
    problem = only(lint(tmp_path), "rules/glob-matches-nothing")
    assert problem.location.lines.first == 2
    assert "`services/**/*.go` matches no file" in problem.message


def test_glob_check_uses_the_files_given(tmp_path: Path) -> None:
    write_tree(tmp_path, {".clinerules/web.md": '---\npaths: ["web/**"]\n---\n- React.\n'})
    ruleset = load_rules(tmp_path)
    assert codes(lint_rules(ruleset)) == ["rules/glob-matches-nothing"]
    assert lint_rules(ruleset, ["web/app.tsx"]) == []


def test_instructions_file_without_apply_to() -> None:
    problem = only(lint(FIXTURES / "copilot"), "rules/missing-apply-to")
    assert problem.location.path == ".github/instructions/migrations.instructions.md"


def test_broken_reference_in_aider_config(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            ".aider.conf.yml": "read:\n  - CONVENTIONS.md\n  - docs/STYLE.md\n",
            "CONVENTIONS.md": "- Ruby 3.3.\n",
        },
    )
    problem = only(lint(tmp_path), "rules/broken-reference")
    assert (problem.location.path, problem.location.lines.first) == (".aider.conf.yml", 3)


def test_import_cycle_is_a_lint_finding(tmp_path: Path) -> None:
    write_tree(tmp_path, {"CLAUDE.md": "# A\n\n@docs/x.md\n", "docs/x.md": "x\n@../CLAUDE.md\n"})
    problem = only(lint(tmp_path), "rules/import-cycle")
    assert problem.location.path == "docs/x.md"


def test_windsurf_file_over_twelve_thousand_characters(tmp_path: Path) -> None:
    body = "- Keep functions short and named for what they return.\n" * 230
    write_tree(
        tmp_path,
        {
            ".windsurf/rules/big.md": "---\ntrigger: always_on\n---\n" + body,
            ".windsurf/rules/small.md": "---\ntrigger: always_on\n---\n- ok\n",
        },
    )
    problem = only(lint(tmp_path), "rules/oversized")
    assert problem.location.path == ".windsurf/rules/big.md"
    assert "12,000" in problem.message


def test_agents_md_over_codex_limit(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {"AGENTS.md": "# Rules\n\n" + "- Prefer small pure functions over classes.\n" * 800},
    )
    assert "32,768" in only(lint(tmp_path), "rules/oversized").message


def test_drifted_copy_in_the_example_shop() -> None:
    findings = lint(EXAMPLE_SHOP)
    assert codes(findings) == ["rules/drifted-copy"]
    problem = findings[0]
    assert (problem.location.path, problem.location.lines.first) == ("CLAUDE.md", 9)
    assert [(r.path, r.lines.first) for r in problem.related] == [("AGENTS.md", 9)]


def test_identical_copies_are_not_drift_and_count_once(tmp_path: Path) -> None:
    text = "# Rules\n\n- Use pnpm.\n- Strict TypeScript.\n- No default exports.\n"
    write_tree(
        tmp_path, {"AGENTS.md": text, "CLAUDE.md": text, ".github/copilot-instructions.md": text}
    )
    ruleset = load_rules(tmp_path)
    assert lint_rules(ruleset) == []
    (rule,) = ruleset.rules
    assert rule.sources == ("AGENTS.md", "CLAUDE.md", ".github/copilot-instructions.md")
    assert [a.rule.id for a in applicable_rules(ruleset, "src/x.ts") if a.applies] == [
        "agents:agents#rules"
    ]


def test_windsurf_rule_without_trigger(tmp_path: Path) -> None:
    write_tree(tmp_path, {".windsurf/rules/py.md": "---\nglobs: '*.py'\n---\n- Black.\n"})
    problem = only(lint(tmp_path), "rules/missing-key")
    assert "trigger" in problem.message


def test_findings_are_sorted_by_file_and_line(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            ".cursor/rules/b.mdc": '---\nalwaysApply: "true"\nglob: x\n---\n- b\n',
            ".cursor/rules/a.mdc": "---\nglobz: '*.ts'\n---\n- a\n",
        },
    )
    places = [(f.location.path, f.location.lines.first) for f in lint(tmp_path)]
    assert places == sorted(places) and len(places) == 3


def test_empty_steering_file(tmp_path: Path) -> None:
    write_tree(tmp_path, {".kiro/steering/todo.md": "---\ninclusion: always\n---\n\n"})
    problem = only(lint(tmp_path), "rules/empty-document")
    assert problem.location.path == ".kiro/steering/todo.md"


def test_glob_too_large_to_expand_is_reported_not_raised(tmp_path: Path) -> None:
    pattern = "src/" + "{a,b}" * 11 + ".ts"
    write_tree(tmp_path, {".clinerules/x.md": f'---\npaths: ["{pattern}", "src/**"]\n---\n- x\n'})
    ruleset = load_rules(tmp_path)
    problem = only(ruleset.findings, "rules/invalid-glob")
    assert problem.location.lines.first == 2
    assert applied(ruleset, "src/main.rs") == ["cline:x#x"]


def test_alike_rules_for_files_no_rule_shares_are_not_drifted_copies(tmp_path: Path) -> None:
    body = "- Four spaces.\n- Type hints everywhere.\n- One class per module.\n"
    write_tree(
        tmp_path,
        {
            ".cursor/rules/py.mdc": "---\nglobs: '*.py'\n---\n" + body + "- Black.\n",
            ".windsurf/rules/py.md": "---\ntrigger: glob\nglobs: '**/*.py'\n---\n" + body,
            ".windsurf/rules/kt.md": "---\ntrigger: glob\nglobs: '*.kt'\n---\n" + body + "- x\n",
            "app/main.py": "",
            "app/Main.kt": "",
        },
    )
    problem = only(lint(tmp_path), "rules/drifted-copy")
    assert problem.location.path == ".windsurf/rules/py.md"
