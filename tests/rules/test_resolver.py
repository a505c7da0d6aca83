"""The public resolver API beyond golden answers: names, governed files, paths, precedence."""

from __future__ import annotations

from pathlib import Path

import pytest

from steering_index.model import ScopeKind
from steering_index.rules import (
    applicable_rules,
    files_governed,
    is_steering_file,
    load_rules,
    rules_by_name,
)
from tests.rules.conftest import EXAMPLE_SHOP, applied, load_fixture
from tests.workspaces import write_tree


def test_rules_by_name_finds_a_manual_rule_by_hash_or_at() -> None:
    ruleset = load_fixture("kiro")
    assert [r.id for r in rules_by_name(ruleset, "#deploy")] == ["kiro:deploy#deploying"]
    assert [r.id for r in rules_by_name(ruleset, "@DEPLOY")] == ["kiro:deploy#deploying"]
    assert rules_by_name(ruleset, "#nothing-by-this-name") == []
    assert rules_by_name(ruleset, "#") == []


def test_rules_by_name_brings_a_whole_spec_by_feature() -> None:
    sources = {r.source for r in rules_by_name(load_fixture("kiro"), "#user-auth")}
    assert sources == {
        ".kiro/specs/user-auth/requirements.md",
        ".kiro/specs/user-auth/design.md",
        ".kiro/specs/user-auth/tasks.md",
    }


def test_rules_by_name_matches_a_section_title() -> None:
    assert [r.id for r in rules_by_name(load_fixture("windsurf"), "Pipeline steps")] == [
        "windsurf:python-pipeline#pipeline-steps"
    ]


def test_files_governed_by_a_glob_rule_and_a_nested_agents_md() -> None:
    paths = ["src/components/Button.tsx", "src/lib/format.ts", "packages/api/src/server.ts"]
    cursor = load_fixture("cursor")
    react = next(r for r in cursor.rules if r.id == "cursor:react-components#styling")
    assert files_governed(cursor, react, paths) == ["src/components/Button.tsx"]
    api = next(r for r in cursor.rules if r.id == "cursor:api@packages/api#api")
    assert files_governed(cursor, api, paths) == ["packages/api/src/server.ts"]
    agents = load_fixture("agents")
    billing = next(r for r in agents.rules if r.id == "agents:agents@services/billing#money")
    go_files = [
        "services/billing/invoice.go",
        "services/billing/legacy/pdf.go",
        "services/search/index.go",
    ]
    assert files_governed(agents, billing, go_files) == go_files[:2]


def test_absolute_paths_inside_the_root_work_and_outside_paths_never_apply() -> None:
    ruleset = load_fixture("mixed")
    inside = str(ruleset.root / "packages/api/src/routes.ts")
    assert applied(ruleset, inside) == applied(ruleset, "packages/api/src/routes.ts")
    assert applied(ruleset, "./packages/api/src/routes.ts") == applied(ruleset, inside)
    for outside in ("/etc/passwd", "../elsewhere/x.ts"):
        answers = applicable_rules(ruleset, outside)
        assert answers and not any(a.applies for a in answers)
        assert "outside the workspace" in answers[0].reason


def test_more_specific_rules_come_later() -> None:
    ruleset = load_fixture("agents")
    depths = [
        a.rule.depth
        for a in applicable_rules(ruleset, "services/billing/legacy/pdf.go")
        if a.applies
    ]
    assert depths == sorted(depths) and depths[-1] == 3


def test_ids_are_stable_when_a_nested_file_is_added(tmp_path: Path) -> None:
    write_tree(tmp_path, {"AGENTS.md": "# Build\n\n- make\n"})
    before = [r.id for r in load_rules(tmp_path).rules]
    write_tree(tmp_path, {"web/AGENTS.md": "# Build\n\n- pnpm build\n"})
    after = [r.id for r in load_rules(tmp_path).rules]
    assert before == ["agents:agents#build"]
    assert after == ["agents:agents#build", "agents:agents@web#build"]


def test_repeated_headings_get_distinct_ids(tmp_path: Path) -> None:
    write_tree(tmp_path, {"AGENTS.md": "# API\n\n## Examples\n\na\n\n# CLI\n\n## Examples\n\nb\n"})
    assert [r.id for r in load_rules(tmp_path).rules] == [
        "agents:agents#examples",
        "agents:agents#examples-2",
    ]


def test_claude_rules_and_nested_cursor_scopes() -> None:
    claude = {r.id: r.scope for r in load_fixture("claude").rules}
    assert claude["claude:api#api-handlers"].globs == ("src/api/**/*.py",)
    assert claude["claude:commits#commits"].kind is ScopeKind.ALWAYS
    cursor = {r.id: r.scope for r in load_fixture("cursor").rules}
    assert cursor["cursor:api@packages/api#api"].directory == "packages/api"
    assert cursor["cursor:refactor-legacy#refactor-legacy"].kind is ScopeKind.MANUAL
    copilot = {r.id: r.scope for r in load_fixture("copilot").rules}
    assert copilot["copilot:frontend#front-end"].exclude_agents == ("code-review",)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("AGENTS.md", True),
        ("services/billing/AGENTS.md", True),
        ("frontend/CLAUDE.md", True),
        (".claude/rules/api.md", True),
        ("CLAUDE.local.md", True),
        (".kiro/steering/tech.md", True),
        (".kiro/specs/checkout/tasks.md", True),
        (".cursor/rules/react.mdc", True),
        ("packages/api/.cursor/rules/api.mdc", True),
        (".github/copilot-instructions.md", True),
        (".github/instructions/py.instructions.md", True),
        (".windsurf/rules/style.md", True),
        ("apps/web/.windsurf/rules/web.md", True),
        (".windsurf/rules/drafts/old.md", False),
        (".continue/rules/01.md", True),
        (".clinerules", True),
        (".clinerules/web.md", True),
        (".clinerules/workflows/release.md", True),
        (".clinerules/hooks/pre-tool-use.md", False),
        (".clinerules/skills/changelog/SKILL.md", False),
        (".aider.conf.yml", True),
        ("GEMINI.md", True),
        ("README.md", False),
        ("src/agents.py", False),
        (".github/workflows/ci.yml", False),
        (".github/instructions/notes.md", False),
    ],
)
def test_is_steering_file(path: str, expected: bool) -> None:
    assert is_steering_file(path) is expected


def test_every_file_the_loaders_read_is_a_steering_file() -> None:
    for name in (
        "kiro",
        "cursor",
        "copilot",
        "claude",
        "windsurf",
        "continue",
        "cline",
        "aider",
        "gemini",
        "agents-front-matter",
        "cline-workflows",
        "continue-repo",
        "cursor-generated",
        "cursor-windsurf-twins",
        "fixture-suite",
        "windsurf-monorepo",
    ):
        ruleset = load_fixture(name)
        for document in ruleset.documents:
            if document.source not in (
                "CONVENTIONS.md",
                "docs/STYLE.md",
            ):  # aider: listed by config
                assert is_steering_file(document.source), document.source


def test_example_shop_api_handlers_get_nested_and_file_matched_rules() -> None:
    ruleset = load_rules(EXAMPLE_SHOP)
    answers = {a.rule.id: a for a in applicable_rules(ruleset, "src/shop/api/orders.py")}
    assert answers["agents:agents@src/shop/api#handler-shape"].applies
    assert answers["kiro:api-style#error-handling"].reason == "glob `src/shop/api/**/*.py` matched"
    assert not answers["kiro:release-checklist#release-checklist"].applies
    assert not answers["cursor:web-typescript#naming"].applies
    web = {a.rule.id: a for a in applicable_rules(ruleset, "web/src/cart.ts")}
    assert web["cursor:web-typescript#naming"].reason == "glob `web/**/*.ts` matched"
    assert not web["agents:agents@src/shop/api#handler-shape"].applies


def test_repeated_questions_get_the_same_answers_and_a_reload_gets_fresh_ones(
    tmp_path: Path,
) -> None:
    """Answers are kept per rule set (hover asks on every request): never stale after a reload."""
    root = write_tree(tmp_path / "ws", {"AGENTS.md": "# Style\n\nUse tabs.\n", "a.py": ""})
    first = load_rules(root)
    answers = applicable_rules(first, "a.py")
    assert applicable_rules(first, "a.py") == answers
    applicable_rules(first, "a.py").clear()  # a caller's list is its own
    assert applicable_rules(first, "a.py") == answers
    (root / "AGENTS.md").write_text("# Style\n\nUse spaces.\n", encoding="utf-8")
    reloaded = applicable_rules(load_rules(root), "a.py")
    assert [a.rule.text for a in reloaded] != [a.rule.text for a in answers]
