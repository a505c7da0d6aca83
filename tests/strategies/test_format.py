"""The strategy file: front matter, lint with clear messages, nothing lost, listed as a rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from steering_index.cli import main as cli
from steering_index.model import LineRange, RuleFormat
from steering_index.rules import is_steering_file, lint_rules, load_rules
from steering_index.strategies.format import (
    MAX_TOKENS,
    StrategyDraft,
    escapes_workspace,
    parse_strategy,
    render_strategy,
)
from tests.strategies.conftest import strategy_text, write_strategy

REL = ".steering/strategies/http-retry.md"


def codes(text: str) -> list[str]:
    return [f.code for f in parse_strategy(REL, text)[1]]


def test_a_well_formed_strategy_is_read_with_every_field_and_no_problem() -> None:
    text = strategy_text(globs='["shop/clients/**"]')
    strategy, problems = parse_strategy(REL, text)
    assert problems == ()
    assert strategy.id == "strategy:http-retry"
    assert (strategy.title, strategy.written_by, strategy.written_on) == (
        "Add retry to an outbound HTTP call",
        "claude-opus-5-5",
        "2026-12-04",
    )
    assert strategy.when.startswith("adding retries")
    assert strategy.origin == "make the catalog client retry"
    assert strategy.globs == ("shop/clients/**",)
    assert strategy.body.startswith("1. Wrap the call")
    assert strategy.lines == LineRange(9, 10)
    assert text.splitlines()[8] == "1. Wrap the call with `shop.http.retrying`."


def test_each_missing_field_is_named_and_the_strategy_is_still_read() -> None:
    text = "---\nglobs: shop/**\n---\n1. Do the thing.\n"
    strategy, problems = parse_strategy(REL, text)
    missing = [f.message for f in problems if f.code == "strategy/missing-key"]
    assert [m.split("`")[1] for m in missing] == [
        "title",
        "when",
        "written_by",
        "written_on",
        "from",
    ]
    assert "the file's name stands in for it" in missing[0]
    assert (strategy.title, strategy.when, strategy.body) == (
        "http retry",
        "http retry",
        "1. Do the thing.",
    )


def test_an_oversized_strategy_is_flagged_but_kept_whole() -> None:
    body = "\n".join(f"{n}. Call `shop.http.retrying` before the request." for n in range(80))
    strategy, problems = parse_strategy(REL, strategy_text(body=body))
    (oversized,) = [f for f in problems if f.code == "strategy/oversized"]
    assert f"keep it under {MAX_TOKENS}" in oversized.message
    assert strategy.tokens > MAX_TOKENS and strategy.body == body


@pytest.mark.parametrize(
    "glob", ["../other/**", "/etc/**", "~/notes/*.md", "C:/Users/x/*", "src/../../x"]
)
def test_a_glob_that_leaves_the_workspace_is_an_error_and_dropped(glob: str) -> None:
    strategy, problems = parse_strategy(REL, strategy_text(globs=f'["shop/**", "{glob}"]'))
    (error,) = [f for f in problems if f.code == "strategy/glob-outside-workspace"]
    assert f"`{glob}` points outside the workspace" in error.message
    assert error.severity.value == "error"
    assert strategy.globs == ("shop/**",)
    assert escapes_workspace(glob) and not escapes_workspace("shop/**/*.py")


def test_malformed_front_matter_is_explained_and_nothing_is_lost() -> None:
    unclosed = "---\ntitle: Retry\nwhen: retrying\n1. Wrap the call.\n"
    strategy, problems = parse_strategy(REL, unclosed)
    assert "never closed" in problems[0].message
    assert "1. Wrap the call." in strategy.body  # the whole file is read as text

    not_yaml = strategy_text(extra="globs: [shop/**\n")
    strategy, problems = parse_strategy(REL, not_yaml)
    assert "rules/invalid-front-matter" in [f.code for f in problems]
    assert strategy.title == "Add retry to an outbound HTTP call"  # the lenient reader
    assert strategy.body.startswith("1. Wrap the call")

    assert "strategy/no-front-matter" in codes("1. Just steps.\n")
    assert codes(strategy_text(extra="whem: typo\n")) == ["rules/unknown-key"]


def test_render_then_parse_gives_the_draft_back_with_awkward_text_quoted() -> None:
    draft = StrategyDraft(
        title="Handle: errors # in handlers",
        when='when a handler\'s error says "retry: later"',
        body="1. Use `shop.errors.Problem`.\n2. Never `raise Exception`.",
        written_by="claude-opus-5-5",
        written_on="2026-12-04",
        origin="task: - make it fail cleanly",
        globs=("shop/api/**", "*.py"),
    )
    strategy, problems = parse_strategy(REL, render_strategy(draft))
    assert problems == ()
    assert (strategy.title, strategy.when, strategy.body, strategy.origin, strategy.globs) == (
        draft.title,
        draft.when,
        draft.body,
        draft.origin,
        draft.globs,
    )
    assert strategy.written_on == "2026-12-04"


def test_the_rules_engine_lists_and_lints_strategies_as_its_own_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_strategy(tmp_path, "http-retry", strategy_text(body="## Steps\n1. a\n\n## Avoid\n- b\n"))
    write_strategy(tmp_path, "broken", "---\ntitle: x\n---\n1. y\n")
    (tmp_path / ".steering" / "strategies" / "old").mkdir()
    write_strategy(tmp_path, "old/nested", strategy_text())  # not read: files directly inside
    ruleset = load_rules(tmp_path)
    rules = [r for r in ruleset.rules if r.format is RuleFormat.STRATEGY]
    # One rule per strategy: its steps are not split at headings.
    assert sorted(r.title for r in rules) == ["Add retry to an outbound HTTP call", "x"]
    found = lint_rules(ruleset)
    assert {(f.location.path, f.code) for f in found} >= {
        (".steering/strategies/broken.md", "strategy/missing-key")
    }
    assert is_steering_file(REL) and not is_steering_file(".steering/strategies/old/nested.md")

    assert cli.main(["rules", "--root", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "strategy: sent when it ranks high for the task (“adding retries" in out
    assert cli.main(["lint-rules", "--root", str(tmp_path)]) == 1
    assert "`when` is missing or empty" in capsys.readouterr().out


def test_a_strategy_whose_globs_miss_a_file_is_not_a_candidate_for_it(tmp_path: Path) -> None:
    from steering_index.rules import applicable_rules

    write_strategy(tmp_path, "tests", strategy_text(globs='["tests/**"]'))
    ruleset = load_rules(tmp_path)
    (miss,) = applicable_rules(ruleset, "shop/orders.py")
    (hit,) = applicable_rules(ruleset, "tests/test_orders.py")
    assert not miss.candidate and "globs (`tests/**`) do not match" in miss.reason
    assert hit.candidate and not hit.applies


@pytest.mark.parametrize(
    "module",
    [
        "steering_index.strategies.format",
        "steering_index.strategies.commands",
        "steering_index.rules.formats.strategy",
        "steering_index.retrieval.strategies",
    ],
)
def test_each_strategies_module_can_be_imported_first(module: str) -> None:
    """The format builds on the rules package, which reads the format: no import order may
    find one of them half made."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True)
    assert done.returncode == 0, done.stderr.decode()


def test_a_strategy_glob_that_matches_no_file_is_reported(tmp_path: Path) -> None:
    (tmp_path / "shop").mkdir()
    (tmp_path / "shop" / "orders.py").write_text("x = 1\n")
    write_strategy(tmp_path, "dead", strategy_text(globs='["shop/**", "nothing/**"]'))
    ruleset = load_rules(tmp_path)
    (dead,) = [f for f in lint_rules(ruleset) if f.code == "rules/glob-matches-nothing"]
    assert dead.message == (
        "glob `nothing/**` matches no file in the workspace, so it is dead; "
        "the strategy is still sent through `shop/**`"
    )
    assert dead.location.lines.first == 4  # the `globs:` line
    write_strategy(tmp_path, "dead", strategy_text(globs='["nothing/**"]'))
    (dead,) = [
        f for f in lint_rules(load_rules(tmp_path)) if f.code == "rules/glob-matches-nothing"
    ]
    assert dead.message.endswith("so this strategy is never sent")


def test_a_strategy_never_pulls_in_another_file(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("TOKEN=outside-the-workspace\n")
    root = tmp_path / "ws"
    (root / "shop").mkdir(parents=True)
    (root / "shop" / "notes.md").write_text("inside the workspace\n")
    body = "1. See @shop/notes.md and @../outside.txt\n2. #[[file:../outside.txt]]\n"
    write_strategy(root, "refs", strategy_text(body=body))
    ruleset = load_rules(root)
    (rule,) = [r for r in ruleset.rules if r.format is RuleFormat.STRATEGY]
    assert rule.text == body.strip() and ruleset.referenced == frozenset()
    assert not [f for f in ruleset.findings if "reference" in f.code]
