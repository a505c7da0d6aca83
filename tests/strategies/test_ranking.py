"""Ranking strategies: BM25 over when, title and body, globs against the target, and sending."""

from __future__ import annotations

from pathlib import Path

import pytest

from steering_index.llm.prompts import build_request
from steering_index.model import LineRange
from steering_index.retrieval.context import RetrievalSettings, RetrievalSources, build_context
from steering_index.rules import load_rules
from steering_index.strategies.format import parse_strategy
from steering_index.strategies.ranking import StrategyMatch, chosen, rank_strategies
from tests.strategies.conftest import strategy_text, write_strategy

RETRY = parse_strategy(".steering/strategies/retry.md", strategy_text())[0]
CLI = parse_strategy(
    ".steering/strategies/cli.md",
    strategy_text(
        title="Add a CLI subcommand",
        when="adding a subcommand or an option to the command line interface",
        body="1. Build the parser in `shop/cli.py`.\n2. Print errors, never tracebacks.\n",
    ),
)[0]
HANDLER_TEST = parse_strategy(
    ".steering/strategies/handler-test.md",
    strategy_text(
        title="Write a test for an API handler",
        when="writing or fixing tests of an API handler",
        body="1. Use the `client` fixture of `tests/conftest.py`.\n2. Retry nothing.\n",
        globs='["tests/**"]',
    ),
)[0]
ALL = [RETRY, CLI, HANDLER_TEST]


def ids(matches: list[StrategyMatch]) -> list[str]:
    return [m.strategy.id for m in matches]


def test_the_strategy_whose_when_fits_the_task_ranks_first_and_says_why() -> None:
    matches = rank_strategies(ALL, "Add retries with backoff to the HTTP call", "shop/catalog.py")
    assert ids(matches) == ["strategy:retry"]
    (match,) = matches
    shared = "“backoff”, “call”, “http”, “retries”"
    assert f"the task and its target share {shared} with its when/title" in match.reason
    assert match.reason.startswith("strategy ranked 1 of 3 for the task")
    matches = rank_strategies(ALL, "add a --json option to the export subcommand", "shop/cli.py")
    assert ids(matches) == ["strategy:cli"]


def test_one_shared_word_is_not_enough_unless_a_glob_matched() -> None:
    task = "fix the flaky handler"
    assert rank_strategies(ALL, task, "shop/api/orders.py") == []
    (match,) = rank_strategies(ALL, task, "tests/test_orders.py")
    assert match.strategy is HANDLER_TEST and match.glob == "tests/**"
    assert "glob `tests/**` matched the target" in match.reason


def test_globs_rule_a_strategy_out_of_other_files() -> None:
    task = "write tests of the API handler for orders"
    assert "strategy:handler-test" not in ids(rank_strategies(ALL, task, "shop/api/orders.py"))
    assert ids(rank_strategies(ALL, task, "tests/test_api.py"))[0] == "strategy:handler-test"


def test_a_word_only_in_the_body_does_not_bring_a_strategy_in() -> None:
    # "tracebacks" and "parser" are in the CLI strategy's body only.
    assert rank_strategies(ALL, "print tracebacks from the parser", "shop/x.py") == []


def test_at_most_the_limit_is_sent_and_none_far_below_the_best() -> None:
    def match(name: str, score: float) -> StrategyMatch:
        return StrategyMatch(RETRY, score, (), None, name)

    matches = [match("a", 4.0), match("b", 2.5), match("c", 2.4)]
    assert [m.reason for m in chosen(matches)] == ["a", "b"]
    assert [m.reason for m in chosen(matches, limit=1)] == ["a"]
    assert [m.reason for m in chosen([match("a", 4.0), match("b", 1.9)])] == ["a"]
    assert chosen(matches, limit=0) == []


@pytest.fixture
def workspace(tmp_path: Path) -> RetrievalSources:
    (tmp_path / "shop").mkdir()
    (tmp_path / "shop" / "catalog.py").write_text(
        "import httpx\n\n\ndef fetch_product(sku: str) -> dict:\n"
        "    return httpx.get(f'http://catalog/{sku}').json()\n"
    )
    write_strategy(tmp_path, "retry", strategy_text())
    write_strategy(
        tmp_path,
        "retry-budget",
        strategy_text(
            title="Retry budget for HTTP calls",
            when="setting how many retries an HTTP call may use",
            body="1. Read the budget from `shop.config`.\n",
        ),
    )
    return RetrievalSources(tmp_path, load_rules(tmp_path))


TASK = "add retries with backoff to this HTTP call"


def test_the_request_carries_the_strategy_block_and_the_preview_says_why(
    workspace: RetrievalSources,
) -> None:
    context = build_context(workspace, "shop/catalog.py", LineRange(4, 5), TASK)
    sent = [i for i in context.items if i.kind == "strategy"]
    assert [i.id for i in sent] == ["strategy:retry"]
    assert sent[0].reason.startswith("strategy ranked 1 of 2 for the task")
    assert sent[0].source == ".steering/strategies/retry.md"
    (near,) = [i for i in context.omitted if i.kind == "strategy"]
    assert near.id == "strategy:retry-budget"
    assert near.reason.startswith("not sent: ranked below the strategies sent")
    # Strategies are never sent as rules.
    assert not [i for i in context.items if i.kind == "rule"]

    request = build_request(context, "claude-haiku-5-5", 1000, 4096)
    assert request.strategy_ids == ("strategy:retry",)
    (block,) = [b for b in request.system if b.name == "strategy"]
    assert "Wrap the call with `shop.http.retrying`" in block.text
    assert 'source=".steering/strategies/retry.md' in block.text


def test_no_strategy_is_sent_when_retrieval_is_told_none(workspace: RetrievalSources) -> None:
    settings = RetrievalSettings(max_strategies=0)
    context = build_context(workspace, "shop/catalog.py", LineRange(4, 5), TASK, settings)
    assert [i for i in (*context.items, *context.omitted) if i.kind == "strategy"] == []
    assert build_request(context, "m", 1000, 4096).strategy_ids == ()


def test_naming_a_strategy_in_the_task_does_not_send_it_as_a_rule(
    workspace: RetrievalSources,
) -> None:
    context = build_context(
        workspace, "shop/catalog.py", LineRange(4, 5), "tidy this up, see #retry"
    )
    assert not [i for i in context.items if i.kind == "rule"]
