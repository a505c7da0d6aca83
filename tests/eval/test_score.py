"""Scoring pieces that need no model: undefined names, similarity, the test command, leaks."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from steering_index.eval.contexts import without_answer
from steering_index.eval.report import build_report, svg_chart, verdict
from steering_index.eval.results import RunConfig, RunResult
from steering_index.eval.score import (
    TESTS_FAILED,
    TESTS_NOT_RUN,
    TESTS_PASSED,
    TESTS_TIMEOUT,
    new_undefined_names,
    run_tests,
    similarity_to_original,
)
from steering_index.eval.tasks import make_task
from steering_index.model import ContextItem, FocusedContext, LineRange

MODULE = """\
import os
from pathlib import Path

LIMIT = 3


def read(name):
    global CACHE
    CACHE = name
    return Path(name).read_text() + str(len([x for x in range(LIMIT)]))


class Box:
    size = LIMIT

    def grow(self, by):
        helper = lambda n: n + by
        return helper(self.size) + os.getpid()
"""


def test_a_module_that_defines_everything_it_reads_has_no_undefined_name() -> None:
    assert new_undefined_names("python", "", MODULE) == ()


def test_names_read_but_defined_nowhere_are_reported_and_only_new_ones_count() -> None:
    before = MODULE + "\n\ndef old():\n    return legacy_helper()\n"
    after = before.replace("return helper(self.size)", "return helpr(self.size) + missing")
    assert new_undefined_names("python", "", after) == ("helpr", "legacy_helper", "missing")
    assert new_undefined_names("python", before, after) == ("helpr", "missing")
    assert new_undefined_names("go", before, after) == ()
    # A star import makes any name possible: no claim is made.
    assert new_undefined_names("python", "", "from os.path import *\nprint(join('a'))\n") == ()


def task_for(file_text: str, lines: LineRange, expected: str):
    return make_task("definition", "m.py", "python", "definition m.py:f", "t", file_text,
                     lines, expected)  # fmt: skip


def test_similarity_compares_only_the_changed_region() -> None:
    original = "def f(a, b):\n    total = a + b\n    return total\n"
    prepared = "def f(a, b):\n    ...\n"
    task = task_for("# head\n" + prepared + "# tail\n", LineRange(2, 3), original)
    same = "# head\n" + original + "# tail\n"
    assert similarity_to_original(task, same) == 1.0
    close = same.replace("total", "result")
    far = "# head\ndef f(a, b):\n    raise NotImplementedError\n# tail\n"
    assert 0.5 < similarity_to_original(task, close) < 1.0
    assert similarity_to_original(task, far) < similarity_to_original(task, close)


@pytest.mark.parametrize(
    ("command", "outcome"),
    [
        ("test -f pkg/mod.py && grep -q NEW pkg/mod.py {test_files}", TESTS_PASSED),
        ("grep -q OLD pkg/mod.py", TESTS_FAILED),
        ("sleep 30", TESTS_TIMEOUT),
    ],
)
def test_the_test_command_runs_on_a_scratch_copy_with_a_timeout(
    tmp_path: Path, command: str, outcome: str
) -> None:
    root = tmp_path / "proj"
    (root / "pkg").mkdir(parents=True)
    (root / "pkg" / "mod.py").write_text("OLD = 1\n")
    (root / "tests.txt").write_text("x\n")
    task = make_task("commit", "pkg/mod.py", "python", "s", "t", "OLD = 1\n", LineRange(1, 1),
                     "NEW = 1\n", ["tests.txt"])  # fmt: skip
    result = asyncio.run(run_tests(root, task, "NEW = 1\n", command, timeout_s=1.0))
    assert result == outcome
    assert (root / "pkg" / "mod.py").read_text() == "OLD = 1\n"  # the workspace is untouched


def test_a_command_naming_tests_is_not_run_for_a_task_without_tests(tmp_path: Path) -> None:
    task = make_task("repair", "a.py", "python", "s", "t", "x = 1\n", LineRange(1, 1), "x = 1\n")
    result = asyncio.run(run_tests(tmp_path, task, "x = 1\n", "false {test_files}", 1.0))
    assert result == TESTS_NOT_RUN


def item(kind: str, text: str) -> ContextItem:
    return ContextItem(kind, f"{kind}:1", kind, text, "why", 10, False)


def test_an_item_that_shows_the_held_out_body_is_dropped_from_the_context() -> None:
    expected = "def f(a):\n    total = a * 2\n    return total\n"
    task = task_for("def f(a):\n    ...\n", LineRange(1, 2), expected)
    leaking = item("example", "# the file on disk\n" + expected)
    helpful = item("example", "def g(a):\n    return a\n")
    items = (leaking, helpful, item("target", task.target_text), item("task", "t"))
    context = FocusedContext("m.py", LineRange(1, 2), "python", "t", task.target_text, items,
                             (), 100, 40)  # fmt: skip
    kept = without_answer(context, task)
    assert [i.text for i in kept.items] == [i.text for i in items[1:]]
    assert kept.tokens == 30


def result(config: RunConfig, task_id: str, passed: bool, cost: float) -> RunResult:
    return RunResult(task_id, config.tier, config.model, config.context, False, "scored",
                     "2026-12-04T00:00:00+00:00", passed=passed, conforms=passed,
                     applied=True, parses=True, cost_usd=cost)  # fmt: skip


def test_the_verdict_and_the_chart_follow_the_rows() -> None:
    tasks = [task_for(f"x = {n}\n", LineRange(1, 1), f"x = {n}\n") for n in range(4)]
    small = RunConfig("small", "claude-haiku-5-5", "steering")
    frontier = RunConfig("frontier", "claude-opus-5-5", "naive")
    stored = {}
    for n, task in enumerate(tasks):
        stored[small.key(task.id)] = result(small, task.id, n < 3, 0.001)
        stored[frontier.key(task.id)] = result(frontier, task.id, True, 0.02)
    report = build_report(tasks, [small, frontier], stored)
    assert (
        report.verdict == "small + steering: 75% of frontier + naive's pass rate at 5% of its cost"
    )
    chart = svg_chart(report)
    assert chart.startswith("<svg") and chart.count("<circle") == 2
    assert "small + steering" in chart and "frontier + naive" in chart
    assert verdict(report.rows[:1]).startswith("no verdict")
