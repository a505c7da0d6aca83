"""Strategies end to end: written by the frontier tier, stored, ranked, sent to the small tier.

The real CLI, the real anthropic SDK and the fake Messages API. The scripted small tier
answers correctly only when its request carries the strategy's text (a reply with `match`
on a phrase only the strategy holds); without it, the answer reads an undefined name.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from steering_index.cli import main as cli
from steering_index.store import IndexStore
from tests.eval.conftest import DOCUMENTED, git
from tests.fakeapi import FakeMessagesAPI

MARKER = "partition each line at the first `=`"
STRATEGY = {
    "title": "Parse KEY=VALUE settings text",
    "when": "implementing a parser of settings or configuration text",
    "globs": ["shop/**"],
    "body": f"1. Loop over `text.splitlines()`; skip blank and `#` lines.\n2. {MARKER}.\n"
    "\nAvoid: regular expressions.\nCheck: tests/test_settings.py.",
}
TASK = "Implement `parse_settings` as its docstring describes."
STUB = DOCUMENTED.split("    found = {}")[0] + "    ...\n"
WRONG = STUB.replace("    ...\n", "    return compute_everything(text)\n")


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, fake_api: FakeMessagesAPI) -> FakeMessagesAPI:
    monkeypatch.setenv("ANTHROPIC_API_KEY", "test-key")
    monkeypatch.setenv("ANTHROPIC_BASE_URL", fake_api.url)
    return fake_api


def edit(new_text: str, last: int, match: str | None = None) -> dict[str, Any]:
    data = {"first_line": 1, "last_line": last, "new_text": new_text, "rule_ids": []}
    return {"input": data} | ({"match": match} if match else {})


def strategies_reply(**extra: Any) -> dict[str, Any]:
    return {"name": "write_strategies", "input": {"strategies": [STRATEGY]}, **extra}


def args(shop: Path, *words: str) -> list[str]:
    return [*words, "--root", str(shop), "--db", str(shop.parent / "index.db")]


def test_a_drafted_strategy_is_ranked_and_sent_and_only_then_the_small_tier_passes(
    shop: Path, env: FakeMessagesAPI, capsys: pytest.CaptureFixture[str]
) -> None:
    (shop / "shop" / "settings.py").write_text(DOCUMENTED)
    git(shop, "add", "-A")
    git(shop, "commit", "-qm", "Settings from text")

    # Write: one frontier call, its most possible cost said first.
    env.script([strategies_reply()])
    assert cli.main(args(shop, "strategies", "draft", "--yes", "--kinds", "2")) == 0
    captured = capsys.readouterr()
    assert "strategies: 1 call to the frontier tier (claude-opus-5-5)" in captured.err
    assert "at most $" in captured.err and "actual cost $" in captured.err
    (sent,) = env.requests
    assert "## module: library code" in sent.text and "## test: tests" in sent.text
    assert "<example path=" in sent.text and "Money is an int of cents" in sent.text
    path = shop / ".steering" / "strategies" / "parse-key-value-settings-text.md"
    assert f"wrote {path}" in captured.out
    text = path.read_text()
    assert "written_by: claude-opus-5-5" in text and "from: 'steering strategies draft: " in text

    # Store: a steering file like any other, listed with when it was last used.
    assert cli.main(args(shop, "strategies", "list")) == 0
    assert "never used yet" in capsys.readouterr().out

    # Rank and send: the same task without and with strategies, on the small tier.
    tasks_file = shop.parent / "tasks.json"
    dry = args(shop, "eval", "--dry-run", "--kinds", "definition", "--limit", "9")
    assert cli.main([*dry, "--save-tasks", str(tasks_file)]) == 0
    capsys.readouterr()
    data = json.loads(tasks_file.read_text())
    data["tasks"] = [t for t in data["tasks"] if t["path"] == "shop/settings.py"]
    tasks_file.write_text(json.dumps(data))
    (task,) = data["tasks"]
    assert task["task"] == TASK
    last = task["lines"][1]
    env.script([edit(task["expected"], last, match=MARKER), edit(WRONG, last)])
    run = args(
        shop, "eval", "--tasks", str(tasks_file), "--tiers", "small", "--contexts",
        "steering", "--with-strategies", "--concurrency", "1", "--json",
        "--out", str(shop.parent / "report"),
    )  # fmt: skip
    assert cli.main(run) == 0
    report = json.loads(capsys.readouterr().out)
    rows = {row["label"]: row for row in report["rows"]}
    assert rows["small + steering"]["passed"] == 0
    assert rows["small + steering + strategies"]["passed"] == 1
    (effect,) = report["strategies"]
    assert (effect["pass_rate_without"], effect["pass_rate_with"]) == (0.0, 1.0)
    assert "pass rate 0% without strategies, 100% with" in effect["line"]
    without, with_strategies = env.requests[1:]
    assert MARKER not in without.text and MARKER in with_strategies.text
    assert "A strategy that worked for this task" in with_strategies.text

    # Provenance: the call that carried it says so, and `list` shows its last use.
    with IndexStore.open(shop.parent / "index.db") as store:
        carried = [c.strategy_ids for c in store.model_calls() if c.action == "eval:steering"]
    assert sorted(carried) == [(), ("strategy:parse-key-value-settings-text",)]
    assert cli.main(args(shop, "strategies", "list")) == 0
    assert "last used 20" in capsys.readouterr().out


def test_ask_learn_writes_what_the_frontier_tier_taught_and_the_small_tier_then_follows_it(
    shop: Path, env: FakeMessagesAPI, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = shop / "shop" / "settings.py"
    settings.write_text(STUB)
    last = len(STUB.splitlines())
    target = f"{settings}:1-{last}"
    correct = DOCUMENTED
    env.script(
        [
            edit(WRONG, last),  # the small tier, then its repair turn: both read a bad name
            edit(WRONG, last),
            edit(correct, last, match="rejected_attempt"),  # the frontier tier, escalated
            strategies_reply(match="write_strategies"),  # the lesson
        ]
    )
    assert cli.main(args(shop, "ask", target, "--task", TASK, "--learn")) == 0
    captured = capsys.readouterr()
    assert "+    found = {}" in captured.out  # the frontier tier's edit, as a diff
    assert "--learn: 1 call to the frontier tier (claude-opus-5-5)" in captured.err
    (path,) = (shop / ".steering" / "strategies").glob("*.md")
    assert f"wrote {path}" in captured.out
    assert f"from: {TASK}" in path.read_text()
    lesson = env.requests[3].text
    assert "compute_everything" in lesson and "found[key.strip()] = value.strip()" in lesson
    assert "uses `compute_everything`, which is not defined" in lesson  # why it failed
    assert "Money is an int of cents" in lesson  # the rules the edit was given
    assert settings.read_text() == STUB  # shown as a diff, not applied

    # The next time, the small tier gets the strategy and does it right first time.
    env.script([edit(correct, last, match=MARKER)])
    assert cli.main(args(shop, "ask", target, "--task", TASK, "--tier", "auto", "--apply")) == 0
    captured = capsys.readouterr()
    assert "tier: small (auto: a strategy matches the task (“Parse KEY=VALUE" in captured.err
    assert settings.read_text() == DOCUMENTED
    with IndexStore.open(shop.parent / "index.db") as store:
        calls = store.model_calls()
    assert [(c.tier, c.action) for c in calls] == [
        ("small", "ask"),
        ("small", "ask"),
        ("frontier", "ask"),
        ("frontier", "strategy-learn"),
        ("small", "ask"),
    ]
    assert calls[-1].strategy_ids == ("strategy:parse-key-value-settings-text",)
    assert calls[3].task == TASK


def test_learn_without_an_escalation_writes_nothing_and_says_why(
    shop: Path, env: FakeMessagesAPI, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = shop / "shop" / "settings.py"
    settings.write_text(STUB)
    last = len(STUB.splitlines())
    env.script([edit(DOCUMENTED, last)])
    assert cli.main(args(shop, "ask", f"{settings}:1-{last}", "--task", TASK, "--learn")) == 0
    assert (
        "--learn: nothing to learn: the small tier's edit was accepted" in capsys.readouterr().err
    )
    assert not (shop / ".steering").exists() and len(env.requests) == 1


def test_a_draft_over_the_cap_or_unconfirmed_sends_nothing(
    shop: Path, env: FakeMessagesAPI, capsys: pytest.CaptureFixture[str]
) -> None:
    env.script([strategies_reply()])
    assert cli.main(args(shop, "strategies", "draft", "--yes", "--max-cost", "0.001")) == 2
    err = capsys.readouterr().err
    assert "is above --max-cost $0.00; nothing was sent" in err
    assert cli.main(args(shop, "strategies", "draft")) == 2  # stdin is no terminal here
    assert "add --yes to send without a prompt" in capsys.readouterr().err
    assert env.requests == [] and not (shop / ".steering").exists()


def test_the_context_preview_says_which_strategy_is_sent_and_what_auto_would_pick(
    shop: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from steering_index.strategies.format import StrategyDraft
    from steering_index.strategies.writing import write_drafts

    settings = shop / "shop" / "settings.py"
    settings.write_text(STUB)
    draft = StrategyDraft(
        STRATEGY["title"], STRATEGY["when"], STRATEGY["body"], "m", "2026-12-04", "t"
    )
    write_drafts(shop, [draft])
    target = f"{settings}:1-{len(STUB.splitlines())}"
    assert cli.main(args(shop, "context", target, "--task", TASK, "--outline")) == 0
    out = capsys.readouterr().out
    (line,) = [ln for ln in out.splitlines() if ln.strip().startswith("strategy ")]
    assert "strategy:parse-key-value-settings-text" in line
    assert "strategy ranked 1 of 1 for the task (the task and its target share" in line
    assert out.rstrip().endswith(
        "With --tier auto: the small tier (a strategy matches the task "
        "(“Parse KEY=VALUE settings text”))"
    )
    assert cli.main(args(shop, "context", target, "--task", "redesign settings", "--json")) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["auto_tier"]["tier"] == "frontier"
