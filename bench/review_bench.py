"""Latency and cost of `steering review` on a 100-line change, against a scripted fake model.

The change is lines 101-200 of a 300-line file, reviewed as `--diff` does: the changed
lines with three lines of context. The fake Messages API answers each reviewer (and the
frontier confirmation) after a fixed delay (the model's time is ours to choose), so the
figures show what running the reviewers side by side saves over one after another, what
the confirmation pass adds, and what our own work (requests, streaming, validation,
merging) costs on top.

Rerun: `.venv/bin/python bench/review_bench.py`
"""

from __future__ import annotations

import asyncio
import os
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.results import write_section
from steering_index.llm.tiers import Credentials, LadderSettings
from steering_index.model import ContextItem, LineRange
from steering_index.review.pipeline import (
    FileReview,
    ReviewPlan,
    ReviewSettings,
    plan_review,
    run_plan,
)
from steering_index.review.reviewed import Reviewed
from steering_index.review.reviewers import DEFAULT_REVIEWERS, select_reviewers
from tests.fakeapi import FakeMessagesAPI

MODEL_DELAY_S = 0.8
ROUNDS = 3
PATH = "src/app/change.py"
TEXT = "".join(f"def step_{n}(value: int) -> int:\n    return value + {n}\n" for n in range(150))
CHANGE = (LineRange(101, 200),)
ITEMS = (
    ContextItem(
        "rule", "agents:style", "Style", "Every public function has a docstring.", "", 9, True
    ),
    ContextItem(
        "convention", "naming.python.function", "snake", "snake_case: 50 of 50", "", 8, True
    ),
    ContextItem("spec", "REQ-1", "Steps", "REQ-1: each step adds its number.", "", 9, False),
    ContextItem("signature", "sig:app", "app", "def run(value: int) -> int", "", 8, False),
)


def _replies(confirm: bool) -> list[dict[str, object]]:
    finding = {"first_line": 101, "last_line": 102, "severity": "high", "message": "no docstring"}
    replies: list[dict[str, object]] = [
        {
            "match": f"the {name} reviewer",
            "name": "report_findings",
            "delay_s": MODEL_DELAY_S,
            "input": {"findings": [finding | {"message": f"{name}: no docstring"}]},
        }
        for name in DEFAULT_REVIEWERS
    ]
    if confirm:
        verdict = {"finding": 1, "confirmed": True, "reason": "no docstring"}
        replies.append(
            {
                "match": "junior code reviewers",
                "name": "confirm_findings",
                "delay_s": MODEL_DELAY_S,
                "input": {"verdicts": [verdict]},
            }
        )
    return replies


def _plan(settings: LadderSettings, confirm: bool) -> ReviewPlan:
    review = FileReview(Reviewed.change(PATH, TEXT, CHANGE), ITEMS)
    reviewers = select_reviewers(DEFAULT_REVIEWERS, {})
    return plan_review([review], reviewers, settings, None, confirm)


async def _once(api: FakeMessagesAPI, concurrency: int, confirm: bool) -> tuple[float, float]:
    settings = LadderSettings(base_url=api.url, max_retries=0)
    credentials = Credentials(api_key="bench", base_url=api.url)
    api.script(_replies(confirm))
    plan = _plan(settings, confirm)
    started = time.perf_counter()
    outcome = await run_plan(
        plan, settings, credentials, ReviewSettings(concurrency=concurrency, confirm=confirm)
    )
    elapsed = time.perf_counter() - started
    assert not outcome.errors and outcome.findings, outcome
    return elapsed, outcome.spent_usd


def main() -> None:
    rows = []
    with FakeMessagesAPI() as api:
        for concurrency, confirm in ((1, False), (5, False), (5, True)):
            times, costs = [], []
            for _ in range(ROUNDS):
                elapsed, cost = asyncio.run(_once(api, concurrency, confirm))
                times.append(elapsed)
                costs.append(cost)
            estimate = _plan(LadderSettings(), confirm).total_estimate_usd
            rows.append(
                (concurrency, confirm, min(times), sum(times) / len(times), estimate, costs[-1])
            )
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    lines = [
        "## Review: five small reviewers on a 100-line change",
        "",
        "Rerun: `.venv/bin/python bench/review_bench.py`",
        "",
        f"- Machine: {platform.machine()}, Python {platform.python_version()}; load average {load}",
        f"- Lines 101-200 of a 300-line file, shown with 3 lines of context (106 lines). The "
        f"fake model answers each call after {MODEL_DELAY_S} s; {ROUNDS} rounds each; costs at "
        "the tiers' prices (fake usage: about 4 characters per token). With confirmation, the "
        "one high finding (merged from the five reviewers) goes to the frontier tier.",
        "",
        "| concurrency | confirm | best wall time | mean wall time | estimated | actual cost |",
        "|---:|:---:|---:|---:|---:|---:|",
        *[
            f"| {c} | {'yes' if k else 'no'} | {best:.2f} s | {mean:.2f} s | ${e:.4f} | ${x:.4f} |"
            for c, k, best, mean, e, x in rows
        ],
        "",
        f"Our overhead over the model's time at concurrency 5: {rows[1][2] - MODEL_DELAY_S:.2f} s "
        f"(best run); one after another costs five model delays ({5 * MODEL_DELAY_S:.1f} s). The "
        "confirmation adds one frontier call after the reviewers; its estimate is an upper bound "
        "(20 findings, each with 13 lines of code, the rules cited, a verdict each).",
    ]
    write_section("review", lines)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
