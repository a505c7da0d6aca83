"""Golden answers on fixture workspaces shaped like real repositories the engine was tried on.

Each fixture copies the *shape* of a repository where an answer used to be wrong (where
its steering files sit, how their front matter is written), with text written for the
test. Expectations were worked out by hand from each tool's documented behaviour and, where
docs and code disagree, the tool's code. Lint findings are pinned as (path, line, code).
"""

from __future__ import annotations

import pytest

from steering_index.rules import applicable_rules, lint_rules, rules_by_name
from tests.rules.conftest import applied, candidates, load_fixture


def findings(name: str) -> list[tuple[str, int, str]]:
    found = lint_rules(load_fixture(name))
    return [(f.location.path, f.location.lines.first, f.code) for f in found]


# A Cline repository whose `.clinerules/` also holds workflows, hooks and skills.
CLINE_GENERAL = ["cline:general#extension-code"]

# A Windsurf monorepo: rules written as Windsurf's examples write them (`globs: *.py,
# **/*.py` unquoted), and a second `.windsurf/rules/` folder inside the web app.
WINDSURF_REPO = ["windsurf:repo#repository"]

# Continue's own layout: rules with `alwaysApply: false`, globs and a description.
CONTINUE_OVERVIEW = ["continue:overview#repository-layout"]

APPLIED = [
    ("cline-workflows", "src/core/api/index.ts", CLINE_GENERAL),
    ("cline-workflows", "webview-ui/src/App.tsx", [*CLINE_GENERAL, "cline:webview#webview"]),
    (
        "windsurf-monorepo",
        "services/ingest/handler.py",
        [*WINDSURF_REPO, "windsurf:python#python-services"],
    ),
    # A `.windsurf/rules/` folder in `apps/web/` governs `apps/web/`, globs relative to it.
    (
        "windsurf-monorepo",
        "apps/web/src/page.tsx",
        [*WINDSURF_REPO, "windsurf:web@apps/web#web-app"],
    ),
    (
        "windsurf-monorepo",
        "apps/web/src/components/Button.tsx",
        [
            *WINDSURF_REPO,
            "windsurf:web@apps/web#web-app",
            "windsurf:components@apps/web#components",
        ],
    ),
    ("windsurf-monorepo", "src/components/Button.tsx", WINDSURF_REPO),
    ("continue-repo", "gui/src/components/Chat.tsx", [*CONTINUE_OVERVIEW, "continue:gui#gui"]),
    ("continue-repo", "core/llm/index.test.ts", [*CONTINUE_OVERVIEW, "continue:tests#tests"]),
    ("continue-repo", "extensions/vscode/src/extension.ts", CONTINUE_OVERVIEW),
]

CANDIDATES = [
    ("cline-workflows", "src/core/api/index.ts", []),
    # Offered by description only without globs, as Continue's request-rule tool filters.
    ("continue-repo", "gui/src/components/Chat.tsx", ["continue:llm-providers#llm-providers"]),
    (
        "continue-repo",
        "extensions/vscode/src/extension.ts",
        ["continue:llm-providers#llm-providers"],
    ),
]

LINT: list[tuple[str, list[tuple[str, int, str]]]] = [
    (
        "continue-repo",
        [
            (".continue/rules/jetbrains.md", 4, "rules/glob-matches-nothing"),
            (".continue/rules/tests.md", 3, "rules/glob-matches-nothing"),
        ],
    ),
    ("cline-workflows", []),
    # Only the file Windsurf itself could not read is an error.
    (
        "windsurf-monorepo",
        [
            (".windsurf/rules/broken.md", 2, "rules/invalid-value"),
            (".windsurf/rules/broken.md", 3, "rules/invalid-front-matter"),
        ],
    ),
]


@pytest.mark.parametrize(("fixture", "path", "expected"), APPLIED, ids=lambda v: str(v)[:40])
def test_applied_rules(fixture: str, path: str, expected: list[str]) -> None:
    assert applied(load_fixture(fixture), path) == expected


@pytest.mark.parametrize(("fixture", "path", "expected"), CANDIDATES, ids=lambda v: str(v)[:40])
def test_candidates(fixture: str, path: str, expected: list[str]) -> None:
    assert candidates(load_fixture(fixture), path) == expected


@pytest.mark.parametrize(("fixture", "expected"), LINT, ids=lambda v: str(v)[:40])
def test_lint_findings(fixture: str, expected: list[tuple[str, int, str]]) -> None:
    assert findings(fixture) == expected


def test_cline_workflows_are_manual_and_hooks_and_skills_are_not_rules() -> None:
    ruleset = load_fixture("cline-workflows")
    sources = {r.source for r in ruleset.rules}
    assert not any("/hooks/" in s or "/skills/" in s for s in sources)
    release = [r.id for r in rules_by_name(ruleset, "/release.md")]
    assert release == ["cline:release@workflows#cut-a-release"]
    assert [r.id for r in rules_by_name(ruleset, "#pr-review")] == [
        "cline:pr-review@workflows#review-a-pull-request"
    ]
    answers = {a.rule.id: a for a in applicable_rules(ruleset, "src/core/api/index.ts")}
    workflow = answers["cline:release@workflows#cut-a-release"]
    assert (workflow.applies, workflow.candidate) == (False, False)
    assert workflow.reason == (
        "manual: Cline workflow, run only when invoked as `/release.md` "
        "(or asked for as `#release`)"
    )


def test_nested_windsurf_rules_say_which_folder_they_govern() -> None:
    ruleset = load_fixture("windsurf-monorepo")
    inside = {a.rule.id: a.reason for a in applicable_rules(ruleset, "apps/web/src/page.tsx")}
    assert inside["windsurf:web@apps/web#web-app"] == (
        "Windsurf `trigger: always_on`: applies under `apps/web/`"
    )
    outside = {a.rule.id: a.reason for a in applicable_rules(ruleset, "services/ingest/handler.py")}
    assert outside["windsurf:web@apps/web#web-app"] == (
        "Windsurf `trigger: always_on`: governs `apps/web/` only"
    )


def test_a_dead_glob_says_whether_the_rule_still_applies() -> None:
    messages = {f.location.path: f.message for f in lint_rules(load_fixture("continue-repo"))}
    assert messages[".continue/rules/tests.md"] == (
        "glob `**/*.vitest.ts` matches no file in the workspace, so it is dead; "
        "the rule still applies through `**/*.test.ts`"
    )
    assert messages[".continue/rules/jetbrains.md"] == (
        "glob `extensions/intellij/**/*.kt` matches no file in the workspace, so this rule "
        "never applies: Continue offers a rule by its description only when it has no globs"
    )
