"""Latency and cost of `steering review` on a 100-line change, against a scripted fake model.

The fake Messages API answers each reviewer after a fixed delay (the model's time is ours to
choose), so the figures show what running the reviewers side by side saves over one after
another, and what our own work (requests, streaming, validation, merging) costs on top.

Rerun: `.venv/bin/python bench/review_bench.py`
"""

from __future__ import annotations

import asyncio
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.results import write_section
from steering_index.llm.tiers import Credentials, LadderSettings
from steering_index.model import ContextItem
from steering_index.review.engine import build_request, estimate_cost, merge, review_text
from steering_index.review.reviewed import Reviewed
from steering_index.review.reviewers import DEFAULT_REVIEWERS, select_reviewers
from tests.fakeapi import FakeMessagesAPI

MODEL_DELAY_S = 0.8
ROUNDS = 3
PATH = "src/app/change.py"
TEXT = "".join(f"def step_{n}(value: int) -> int:\n    return value + {n}\n" for n in range(50))
ITEMS = [
    ContextItem(
        "rule", "agents:style", "Style", "Every public function has a docstring.", "", 9, True
    ),
    ContextItem(
        "convention", "naming.python.function", "snake", "snake_case: 50 of 50", "", 8, True
    ),
    ContextItem("spec", "REQ-1", "Steps", "REQ-1: each step adds its number.", "", 9, False),
    ContextItem("signature", "sig:app", "app", "def run(value: int) -> int", "", 8, False),
]


def _replies() -> list[dict[str, object]]:
    finding = {"first_line": 1, "last_line": 2, "severity": "low", "message": "no docstring"}
    return [
        {
            "match": f"the {name} reviewer",
            "name": "report_findings",
            "delay_s": MODEL_DELAY_S,
            "input": {"findings": [finding | {"message": f"{name}: no docstring"}]},
        }
        for name in DEFAULT_REVIEWERS
    ]


async def _once(api: FakeMessagesAPI, concurrency: int) -> tuple[float, float, int]:
    settings = LadderSettings(base_url=api.url, max_retries=0)
    credentials = Credentials(api_key="bench", base_url=api.url)
    reviewers = select_reviewers(DEFAULT_REVIEWERS, {})
    api.script(_replies())
    started = time.perf_counter()
    runs = await review_text(
        Reviewed(PATH, TEXT), ITEMS, reviewers, settings, credentials, concurrency
    )
    elapsed = time.perf_counter() - started
    merged = merge([f for r in runs for f in r.findings])
    return elapsed, sum(r.cost_usd for r in runs), len(merged)


def main() -> None:
    settings = LadderSettings()
    requests = [
        build_request(r, Reviewed(PATH, TEXT), ITEMS, settings)
        for r in select_reviewers(DEFAULT_REVIEWERS, {})
    ]
    estimate = estimate_cost(requests, settings)
    rows = []
    with FakeMessagesAPI() as api:
        for concurrency in (1, 5):
            times, costs = [], []
            for _ in range(ROUNDS):
                elapsed, cost, _count = asyncio.run(_once(api, concurrency))
                times.append(elapsed)
                costs.append(cost)
            rows.append((concurrency, min(times), sum(times) / len(times), costs[-1]))
    load = ", ".join(f"{x:.1f}" for x in __import__("os").getloadavg())
    lines = [
        "## Review: five small reviewers on a 100-line change",
        "",
        "Rerun: `.venv/bin/python bench/review_bench.py`",
        "",
        f"- Machine: {platform.machine()}, Python {platform.python_version()}; load average {load}",
        f"- The fake model answers each reviewer after {MODEL_DELAY_S} s; {ROUNDS} rounds each; "
        f"cost at the small tier's prices (fake usage: about 4 characters per token).",
        f"- Estimated cost before sending: ${estimate:.4f}",
        "",
        "| concurrency | best wall time | mean wall time | actual cost |",
        "|---:|---:|---:|---:|",
        *[f"| {c} | {best:.2f} s | {mean:.2f} s | ${cost:.4f} |" for c, best, mean, cost in rows],
        "",
        f"Our overhead over the model's time at concurrency 5: {rows[1][1] - MODEL_DELAY_S:.2f} s "
        f"(best run); one after another costs five model delays ({5 * MODEL_DELAY_S:.1f} s).",
    ]
    write_section("review", lines)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
