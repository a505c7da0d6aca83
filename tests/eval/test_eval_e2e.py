"""`steering eval` end to end: the real CLI, the real anthropic SDK, the fake Messages API.

The scripted model answers four held-out definitions on the small tier with steering:
one correctly (the original), one with a convention break (a camelCase helper), one with
a syntax error and one calling an undefined name; every other configuration answers
correctly. Each call reports a fixed usage, so the costs in the report follow from the
price table: small (claude-haiku-5-5) $0.10/$0.50 and frontier (claude-opus-5-5)
$4/$20 per million tokens in/out.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest

from steering_index.cli import main as cli
from steering_index.store import IndexStore
from tests.eval.conftest import DOCUMENTED
from tests.fakeapi import FakeMessagesAPI

USAGE = {"input_tokens": 1000, "output_tokens": 100}
SMALL_CALL = (1000 * 0.10 + 100 * 0.50) / 1_000_000  # $0.00015
FRONTIER_CALL = (1000 * 4.00 + 100 * 20.00) / 1_000_000  # $0.006
CONFIGS = ["small + steering", "small + naive", "frontier + steering", "frontier + naive"]


def answer(task: dict[str, Any], new_text: str, usage: dict[str, int] = USAGE) -> dict:
    first, last = task["lines"]
    data = {"first_line": first, "last_line": last, "new_text": new_text, "rule_ids": []}
    return {"input": data, "usage": usage}


def broken_answers(task: dict[str, Any]) -> dict[str, str]:
    """The four kinds of answer, for one held-out definition."""
    expected: str = task["expected"]
    def_line = expected.splitlines(keepends=True)[0]
    indent = re.match(r"\s*", def_line).group(0)  # type: ignore[union-attr]
    return {
        "correct": expected,
        "convention": expected + f"\n\n{indent}def formatCents(cents: int) -> str:\n"
        f"{indent}    return str(cents)\n",
        "syntax": def_line + f"{indent}    return (\n",
        "undefined": def_line + f"{indent}    return compute_everything()\n",
    }


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, fake_api: FakeMessagesAPI) -> FakeMessagesAPI:
    monkeypatch.setenv("ANTHROPIC_API_KEY", "test-key")
    monkeypatch.setenv("ANTHROPIC_BASE_URL", fake_api.url)
    return fake_api


def eval_args(shop: Path, *extra: str) -> list[str]:
    return ["eval", "--root", str(shop), "--db", str(shop.parent / "index.db"), *extra]


def saved_tasks(shop: Path, capsys: pytest.CaptureFixture[str], count: int) -> Path:
    path = shop.parent / "tasks.json"
    args = eval_args(shop, "--dry-run", "--kinds", "definition", "--limit", str(count))
    assert cli.main([*args, "--save-tasks", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"{count} task(s):" in out and "no model was called" in out
    return path


def test_the_report_equals_what_the_scripted_model_implies(
    shop: Path, env: FakeMessagesAPI, capsys: pytest.CaptureFixture[str]
) -> None:
    tasks_file = saved_tasks(shop, capsys, 4)
    assert env.requests == []  # the dry run called no model
    tasks = json.loads(tasks_file.read_text())["tasks"]
    script = []
    for task, kind in zip(tasks, ["correct", "convention", "syntax", "undefined"], strict=True):
        answers = broken_answers(task)
        # Task by task, the configurations in order: small+steering gets the scripted kind.
        script += [answer(task, answers[kind])] + [answer(task, answers["correct"])] * 3
    env.script(script)
    out_dir = shop.parent / "report"
    args = eval_args(
        shop, "--tasks", str(tasks_file), "--contexts", "steering,naive",
        "--concurrency", "1", "--out", str(out_dir), "--json",
    )  # fmt: skip
    assert cli.main(args) == 0
    report = json.loads(capsys.readouterr().out)
    assert len(env.requests) == 16 and env.pending == 0
    rows = {row["label"]: row for row in report["rows"]}
    assert list(rows) == CONFIGS

    small = rows["small + steering"]
    assert (small["tasks"], small["passed"], small["conforms"]) == (4, 2, 2)
    assert small["pass_rate"] == 0.5 and small["conformance"] == 0.5
    for label in CONFIGS[1:]:
        assert (rows[label]["passed"], rows[label]["conforms"]) == (4, 4)
        assert rows[label]["similarity"] == 1.0
    for label in CONFIGS:
        per_call = SMALL_CALL if label.startswith("small") else FRONTIER_CALL
        assert rows[label]["cost_per_task"] == pytest.approx(per_call)
        assert rows[label]["cost_usd"] == pytest.approx(4 * per_call)
        assert (rows[label]["input_tokens"], rows[label]["output_tokens"]) == (4000, 400)
    assert small["relative_cost"] == pytest.approx(SMALL_CALL / FRONTIER_CALL)
    share = f"{SMALL_CALL / FRONTIER_CALL:.0%}"
    assert report["verdict"] == (
        f"small + steering: 50% of frontier + naive's pass rate at {share} of its cost"
    )

    # Each failure is scored for what it is.
    by_task = {r["task_id"]: r for r in report["results"] if r["context"] == "steering"
               and r["tier"] == "small"}  # fmt: skip
    correct, convention, syntax, undefined = (by_task[t["id"]] for t in tasks)
    assert correct["passed"] and correct["conforms"] and correct["similarity"] == 1.0
    assert convention["passed"] and not convention["conforms"]
    assert "`formatCents` is camelCase" in convention["new_findings"][0]
    assert syntax["applied"] and not syntax["parses"] and not syntax["passed"]
    assert undefined["parses"] and undefined["new_undefined"] == ["compute_everything"]
    assert not undefined["passed"]

    # The files, the calls as recorded for `steering usage`, and the steering context sent.
    markdown = (out_dir / "report.md").read_text()
    assert report["verdict"] in markdown
    assert "| small + steering | claude-haiku-5-5 | 4 | 2 | 50% | 50% |" in markdown
    assert (out_dir / "chart.svg").read_text().count("<circle") == 4
    with IndexStore.open(shop.parent / "index.db") as store:
        calls = [c for c in store.model_calls() if c.action.startswith("eval:")]
    assert len(calls) == 16
    assert sum(c.cost_usd for c in calls) == pytest.approx(8 * SMALL_CALL + 8 * FRONTIER_CALL)
    first = env.requests[0].text
    assert "Money is an int of cents" in first  # the steering rule from AGENTS.md
    # The held-out body is never shown, in any context.
    for request, task in zip(env.requests[::4], tasks, strict=True):
        body = task["expected"].splitlines()[-1].strip()
        assert body not in request.text.replace("\\n", "\n").splitlines() or body == "..."


def test_the_cost_cap_stops_before_the_call_that_would_pass_it_and_a_rerun_resumes(
    shop: Path, env: FakeMessagesAPI, capsys: pytest.CaptureFixture[str]
) -> None:
    tasks_file = saved_tasks(shop, capsys, 4)
    tasks = json.loads(tasks_file.read_text())["tasks"]
    # Each call costs exactly $0.01 (100,000 input tokens on the small tier); the cap lets
    # two through, and the third call's estimate, however small, would pass it.
    costly = {"input_tokens": 100_000, "output_tokens": 0}
    env.script([answer(t, t["expected"], costly) for t in tasks])
    base = eval_args(
        shop, "--tasks", str(tasks_file), "--tiers", "small", "--contexts", "steering",
        "--concurrency", "1", "--out", str(shop.parent / "report"), "--json",
    )  # fmt: skip
    assert cli.main([*base, "--max-cost-usd", "0.02001"]) == 0
    captured = capsys.readouterr()
    assert len(env.requests) == 2
    assert "stopped by the cost cap ($0.02): 2 job(s) not run" in captured.err
    (row,) = json.loads(captured.out)["rows"]
    assert (row["tasks"], row["missing"], row["cost_usd"]) == (2, 2, pytest.approx(0.02))

    # The rerun skips the two done and runs the two left.
    assert cli.main(base) == 0
    (row,) = json.loads(capsys.readouterr().out)["rows"]
    assert len(env.requests) == 4 and env.pending == 0
    assert (row["tasks"], row["passed"], row["missing"]) == (4, 4, 0)
    assert row["cost_usd"] == pytest.approx(0.04)
    assert cli.main(base) == 0  # nothing left to do: no call at all
    capsys.readouterr()
    assert len(env.requests) == 4


def test_a_tier_can_use_its_own_compatible_endpoint(
    shop: Path, fake_api: FakeMessagesAPI, capsys: pytest.CaptureFixture[str]
) -> None:
    tasks_file = saved_tasks(shop, capsys, 1)
    (task,) = json.loads(tasks_file.read_text())["tasks"]
    with FakeMessagesAPI([answer(task, task["expected"])]) as local:
        fake_api.script([answer(task, task["expected"])])
        args = eval_args(
            shop, "--tasks", str(tasks_file), "--contexts", "bare", "--json",
            "--base-url", fake_api.url, "--model", f"small=local-coder@{local.url}",
            "--out", str(shop.parent / "report"),
        )  # fmt: skip
        assert cli.main(args) == 0
        assert [r.body["model"] for r in local.requests] == ["local-coder"]
    assert [r.body["model"] for r in fake_api.requests] == ["claude-opus-5-5"]
    rows = json.loads(capsys.readouterr().out)["rows"]
    assert [(r["label"], r["passed"], r["cost_usd"]) for r in rows] == [
        ("small + bare", 1, 0.0),  # a local model has no price: $0
        ("frontier + bare", 1, pytest.approx(FRONTIER_CALL)),
    ]


def test_a_call_error_is_counted_apart_and_retried_by_the_next_run(
    shop: Path, env: FakeMessagesAPI, capsys: pytest.CaptureFixture[str]
) -> None:
    tasks_file = saved_tasks(shop, capsys, 1)
    (task,) = json.loads(tasks_file.read_text())["tasks"]
    env.script([{"type": "error", "status": 400, "error_type": "invalid_request_error"}])
    base = eval_args(
        shop, "--tasks", str(tasks_file), "--tiers", "small", "--contexts", "bare",
        "--out", str(shop.parent / "report"), "--json",
    )  # fmt: skip
    assert cli.main(base) == 0
    (row,) = json.loads(capsys.readouterr().out)["rows"]
    assert (row["tasks"], row["errors"], row["passed"]) == (0, 1, 0)
    env.script([answer(task, task["expected"])])
    assert cli.main(base) == 0
    (row,) = json.loads(capsys.readouterr().out)["rows"]
    assert (row["tasks"], row["errors"], row["passed"]) == (1, 0, 1)
    assert len(env.requests) == 2


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--tiers", "tiny"], "--tiers: tiny; choose from small, middle, frontier"),
        (["--model", "small"], "expected TIER=ID or TIER=ID@URL"),
        (["--with-strategies"], "holds no strategy to measure; write some"),
    ],
)
def test_bad_options_are_explained_and_call_nothing(
    shop: Path,
    env: FakeMessagesAPI,
    capsys: pytest.CaptureFixture[str],
    extra: list[str],
    message: str,
) -> None:
    assert cli.main(eval_args(shop, *extra)) == 2
    assert message in capsys.readouterr().err
    assert env.requests == []


def test_calls_run_concurrently_up_to_the_limit(
    shop: Path, env: FakeMessagesAPI, capsys: pytest.CaptureFixture[str]
) -> None:
    tasks_file = saved_tasks(shop, capsys, 1)
    (task,) = json.loads(tasks_file.read_text())["tasks"]
    # Whichever call arrives first is held for a second: with two in flight, the other
    # one finishes first.
    env.script([{**answer(task, task["expected"]), "delay_s": 1.0}, answer(task, task["expected"])])
    args = eval_args(
        shop, "--tasks", str(tasks_file), "--tiers", "small", "--contexts", "steering,naive",
        "--concurrency", "2", "--out", str(shop.parent / "report"),
    )  # fmt: skip
    assert cli.main(args) == 0
    progress = [line for line in capsys.readouterr().err.splitlines() if line.startswith("[")]
    first_sent = "naive" if "<file " in env.requests[0].text else "steering"
    other = "steering" if first_sent == "naive" else "naive"
    assert progress[0].startswith(f"[1/2] small + {other} ")
    assert progress[1].startswith(f"[2/2] small + {first_sent} ")


SETTINGS_TEST = """\
from shop.settings import parse_settings


def test_pairs_are_read_and_comments_skipped():
    assert parse_settings("# c\\nA = 1\\n\\nB=two\\n") == {"A": "1", "B": "two"}
"""


def test_the_projects_tests_decide_whether_an_edit_passes(
    shop: Path, env: FakeMessagesAPI, capsys: pytest.CaptureFixture[str]
) -> None:
    (shop / "shop" / "settings.py").write_text(DOCUMENTED)
    (shop / "tests" / "test_settings.py").write_text(SETTINGS_TEST)
    tasks_file = saved_tasks(shop, capsys, 9)  # the shop gives eight, settings.py one
    data = json.loads(tasks_file.read_text())
    data["tasks"] = [t for t in data["tasks"] if t["path"] == "shop/settings.py"]
    tasks_file.write_text(json.dumps(data))
    (task,) = data["tasks"]
    assert task["test_files"] == ["tests/test_settings.py"]
    wrong = task["expected"].replace("value.strip()", "value")  # parses, names defined
    env.script([answer(task, task["expected"]), answer(task, wrong)])
    command = f"{sys.executable} -m pytest -q -p no:cacheprovider --noconftest {{test_files}}"
    args = eval_args(
        shop, "--tasks", str(tasks_file), "--tiers", "small", "--contexts", "bare,naive",
        "--concurrency", "1", "--test-cmd", command, "--test-timeout", "120", "--json",
        "--out", str(shop.parent / "report"),
    )  # fmt: skip
    assert cli.main(args) == 0
    report = json.loads(capsys.readouterr().out)
    outcomes = {r["context"]: (r["applied"], r["parses"], r["tests"], r["passed"])
                for r in report["results"]}  # fmt: skip
    assert outcomes == {
        "bare": (True, True, "passed", True),
        "naive": (True, True, "failed", False),
    }
    assert "found[key.strip()] = value\n" not in (shop / "shop" / "settings.py").read_text()
