"""Golden answers of `applicable_rules` on one fixture workspace per steering format.

Each expectation was worked out by hand from the tool's documented semantics; the order
is the resolver's precedence (root to leaf, always before globs, more specific later).
"""

from __future__ import annotations

import pytest

from steering_index.rules import applicable_rules
from tests.rules.conftest import applied, candidates, load_fixture

KIRO_ALWAYS = [
    "kiro:structure#project-structure",
    "kiro:tech#technology-stack",
    "kiro:tech#common-commands",
]
KIRO_API = ["kiro:api-conventions#api-conventions", "kiro:api-conventions#errors"]
CURSOR_ALWAYS = ["cursor:cursorrules#cursorrules", "cursor:general#general"]
CURSOR_REACT = ["cursor:react-components#react-components", "cursor:react-components#styling"]
COPILOT_REPO = ["copilot:copilot-instructions#ledger", "copilot:copilot-instructions#always"]
AGENTS_ROOT = [
    "agents:agents#monorepo-guide",
    "agents:agents#build-and-test",
    "agents:agents#errors",
]
BILLING = ["agents:agents@services/billing#errors", "agents:agents@services/billing#money"]
CLAUDE_ROOT = ["claude:claude#orchard", "claude:claude#workflow", "claude:claude#style"]
CLAUDE_PERSONAL = ["claude:claude-local#my-local-notes", "claude:commits#commits"]
WINDSURF_ALWAYS = ["windsurf:windsurfrules#windsurfrules", "windsurf:style#style"]
MIXED_ROOT = ["agents:agents#parcel-tracker", "agents:agents#commands", "agents:agents#code"]

GOLDEN = [
    ("kiro", "src/api/users.ts", KIRO_ALWAYS + KIRO_API),
    ("kiro", "src/api/users.test.ts", [*KIRO_ALWAYS, *KIRO_API, "kiro:testing#testing"]),
    ("kiro", "src/lib/db.ts", KIRO_ALWAYS),
    ("kiro", "api/openapi.yaml", KIRO_ALWAYS + KIRO_API),
    ("cursor", "src/components/Button.tsx", CURSOR_ALWAYS + CURSOR_REACT),
    (
        "cursor",
        "src/components/Button.test.tsx",
        [*CURSOR_ALWAYS, *CURSOR_REACT, "cursor:testing#testing"],
    ),
    ("cursor", "src/lib/format.test.ts", [*CURSOR_ALWAYS, "cursor:testing#testing"]),
    ("cursor", "src/lib/format.ts", CURSOR_ALWAYS),
    ("cursor", "packages/api/src/server.ts", [*CURSOR_ALWAYS, "cursor:api@packages/api#api"]),
    ("cursor", "src/server.ts", CURSOR_ALWAYS),
    ("copilot", "app/models.py", [*COPILOT_REPO, "copilot:python#python"]),
    ("copilot", "web/src/EntryRow.tsx", [*COPILOT_REPO, "copilot:frontend#front-end"]),
    ("copilot", "web/src/api.ts", [*COPILOT_REPO, "copilot:frontend#front-end"]),
    ("copilot", "README.md", COPILOT_REPO),
    ("agents", "services/search/index.go", AGENTS_ROOT),
    ("agents", "services/billing/invoice.go", AGENTS_ROOT + BILLING),
    (
        "agents",
        "services/billing/legacy/pdf.go",
        [*AGENTS_ROOT, *BILLING, "agents:agents@services/billing/legacy#legacy-invoicing"],
    ),
    ("claude", "src/models.py", CLAUDE_ROOT + CLAUDE_PERSONAL),
    ("claude", "src/api/trees.py", [*CLAUDE_ROOT, *CLAUDE_PERSONAL, "claude:api#api-handlers"]),
    (
        "claude",
        "frontend/src/App.svelte",
        [*CLAUDE_ROOT, *CLAUDE_PERSONAL, "claude:claude@frontend#front-end"],
    ),
    (
        "windsurf",
        "pipeline/clean.py",
        [*WINDSURF_ALWAYS, "windsurf:python-pipeline#pipeline-steps"],
    ),
    ("windsurf", "notebooks/explore.ipynb", [*WINDSURF_ALWAYS, "windsurf:notebooks#notebooks"]),
    ("windsurf", "README.md", WINDSURF_ALWAYS),
    (
        "continue",
        "src/components/Header.tsx",
        ["continue:01-general#01-general", "continue:02-react#02-react"],
    ),
    (
        "continue",
        "db/migrations/202401150930_create_users.sql",
        ["continue:01-general#01-general", "continue:05-migrations#05-migrations"],
    ),
    ("cline", "src/web/routes.rs", ["cline:01-coding#coding", "cline:02-web#web-layer"]),
    ("cline", "src/core/lib.rs", ["cline:01-coding#coding"]),
    ("aider", "lib/parser.rb", ["aider:conventions#conventions", "aider:style@docs#style"]),
    ("gemini", "main.go", ["gemini:gemini#project-context"]),
    (
        "gemini",
        "scripts/release.sh",
        ["gemini:gemini#project-context", "gemini:gemini@scripts#scripts"],
    ),
    (
        "mixed",
        "packages/web/src/TrackingPage.tsx",
        [*MIXED_ROOT, "agents:agents@packages/web#code", "cursor:ui@packages/web#ui"],
    ),
    (
        "mixed",
        "packages/api/src/routes.test.ts",
        [*MIXED_ROOT, "copilot:tests#tests", "kiro:api#api"],
    ),
    ("mixed", "packages/api/src/routes.ts", [*MIXED_ROOT, "kiro:api#api"]),
]


@pytest.mark.parametrize(("fixture", "path", "expected"), GOLDEN, ids=lambda v: str(v)[:40])
def test_applied_rules_match_the_formats_semantics(
    fixture: str, path: str, expected: list[str]
) -> None:
    assert applied(load_fixture(fixture), path) == expected


CANDIDATES = [
    ("kiro", "src/lib/db.ts", ["kiro:security-review#security-review"]),
    ("cursor", "src/lib/format.ts", ["cursor:database#database"]),
    ("copilot", "app/models.py", ["copilot:migrations#migrations"]),
    ("windsurf", "pipeline/clean.py", ["windsurf:performance#performance"]),
    # Continue's agent requests an `alwaysApply: false` rule by description only when the
    # rule has no globs: 05-migrations (globs that missed) is not a candidate.
    ("continue", "src/components/Header.tsx", ["continue:04-docs#04-docs"]),
    ("cline", "src/core/lib.rs", []),
]


@pytest.mark.parametrize(("fixture", "path", "expected"), CANDIDATES, ids=lambda v: str(v)[:40])
def test_description_decided_rules_are_candidates(
    fixture: str, path: str, expected: list[str]
) -> None:
    assert candidates(load_fixture(fixture), path) == expected


def test_continue_regex_needs_the_files_content() -> None:
    ruleset = load_fixture("continue")
    with_sql = "export const q = () => sql`SELECT 1`;\n"
    assert "continue:03-sql#03-sql" in applied(ruleset, "db/queries/users.ts", with_sql)
    assert "continue:03-sql#03-sql" not in applied(ruleset, "db/queries/client.ts", "export {};\n")
    unknown = {a.rule.id: a for a in applicable_rules(ruleset, "db/queries/users.ts")}
    answer = unknown["continue:03-sql#03-sql"]
    assert (answer.applies, answer.candidate) == (False, True)
    assert "content" in answer.reason


def test_reasons_say_why_in_words() -> None:
    kiro = {a.rule.id: a.reason for a in applicable_rules(load_fixture("kiro"), "src/lib/db.ts")}
    assert kiro["kiro:tech#technology-stack"] == "always: Kiro steering without front matter"
    assert (
        kiro["kiro:api-conventions#errors"] == "no glob matched (`src/api/**/*.ts`, `api/*.yaml`)"
    )
    assert kiro["kiro:testing#testing"] == "glob `**/*.test.ts` did not match"
    assert (
        kiro["kiro:deploy#deploying"] == "manual: applies only when asked for by name (`#deploy`)"
    )
    agents = load_fixture("agents")
    legacy = {
        a.rule.id: a.reason for a in applicable_rules(agents, "services/billing/legacy/pdf.go")
    }
    assert legacy["agents:agents@services/billing/legacy#legacy-invoicing"] == (
        "nearest AGENTS.md for this folder (`services/billing/legacy/AGENTS.md`)"
    )
    assert "`services/billing/legacy/AGENTS.md` is nearer" in legacy["agents:agents#errors"]
    search = {a.rule.id: a.reason for a in applicable_rules(agents, "services/search/index.go")}
    assert search["agents:agents@services/billing#money"] == (
        "AGENTS.md for `services/billing/`: governs `services/billing/` only"
    )


def test_cline_empty_paths_turn_a_rule_off() -> None:
    answers = {a.rule.id: a for a in applicable_rules(load_fixture("cline"), "src/core/runtime.rs")}
    off = answers["cline:03-experiments#experiments-off"]
    assert not off.applies and not off.candidate
    assert off.reason == "never: Cline `paths: []` turns the rule off"


def test_answers_put_applied_first_then_candidates_then_the_rest() -> None:
    answers = applicable_rules(load_fixture("kiro"), "src/api/users.ts")
    groups = [0 if a.applies else 1 if a.candidate else 2 for a in answers]
    assert groups == sorted(groups)
    assert len(answers) == len(load_fixture("kiro").rules)
