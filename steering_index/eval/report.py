"""The report of a run: a row per configuration, a one-line verdict, markdown, JSON and SVG.

Rates are over the tasks that have a result (a call error is counted apart, not as a
failure of the model). `pass rate` is the share whose edit applies, parses, adds no
undefined name and passes the tests when a test command was given; `conformance` the
share whose edit applies, parses and adds no convention finding. Costs are what the API's usage
says, at the prices of the settings. The baseline is the frontier tier with naive context.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any

from steering_index.eval.results import RunConfig, RunResult
from steering_index.eval.tasks import EvalTask

BASELINE = ("frontier", "naive")
CANDIDATE = ("small", "steering")


@dataclass(frozen=True, slots=True)
class ConfigRow:
    config: RunConfig
    tasks: int  # tasks with a result (call errors excluded)
    passed: int
    conforms: int
    errors: int
    missing: int  # tasks with no result yet (stopped by the cost cap, or not run)
    input_tokens: int
    output_tokens: int
    cached_tokens: int
    cost_usd: float
    similarity: float  # mean over the tasks whose edit applied
    relative_cost: float | None = None  # cost per task against the baseline's

    @property
    def pass_rate(self) -> float:
        return self.passed / self.tasks if self.tasks else 0.0

    @property
    def conformance(self) -> float:
        return self.conforms / self.tasks if self.tasks else 0.0

    @property
    def cost_per_task(self) -> float:
        return self.cost_usd / self.tasks if self.tasks else 0.0


@dataclass(frozen=True, slots=True)
class StrategyEffect:
    """One tier and context, run without and with strategies (`--with-strategies`)."""

    tier: str
    context: str
    without: ConfigRow
    with_strategies: ConfigRow

    @property
    def line(self) -> str:
        before, after = self.without, self.with_strategies
        return (
            f"{self.tier} + {self.context}: pass rate {before.pass_rate:.0%} without "
            f"strategies, {after.pass_rate:.0%} with ({before.passed} -> {after.passed} of "
            f"{after.tasks}); cost per task ${before.cost_per_task:.4f} -> "
            f"${after.cost_per_task:.4f}"
        )


@dataclass(frozen=True, slots=True)
class Report:
    rows: tuple[ConfigRow, ...]
    verdict: str
    task_kinds: tuple[tuple[str, int], ...]
    results: tuple[RunResult, ...]
    strategies: tuple[StrategyEffect, ...] = ()


def build_report(
    tasks: Sequence[EvalTask], configs: Sequence[RunConfig], stored: Mapping[str, RunResult]
) -> Report:
    """Rows for `configs` over `tasks`, from the stored results (of this run and earlier ones)."""
    rows = [_row(config, tasks, stored) for config in configs]
    baseline = _find(rows, BASELINE)
    if baseline is not None and baseline.cost_per_task > 0:
        rows = [_relative(row, baseline.cost_per_task) for row in rows]
    kinds = Counter(task.kind for task in tasks)
    results = tuple(stored[c.key(t.id)] for c in configs for t in tasks if c.key(t.id) in stored)
    effects = strategy_effects(rows)
    return Report(tuple(rows), verdict(rows), tuple(sorted(kinds.items())), results, effects)


def strategy_effects(rows: Sequence[ConfigRow]) -> tuple[StrategyEffect, ...]:
    """Each (tier, context) that ran both without and with strategies, in row order."""
    without = {(r.config.tier, r.config.context): r for r in rows if not r.config.strategies}
    return tuple(
        StrategyEffect(r.config.tier, r.config.context, without[key], r)
        for r in rows
        if r.config.strategies and (key := (r.config.tier, r.config.context)) in without
    )


def _row(
    config: RunConfig, tasks: Sequence[EvalTask], stored: Mapping[str, RunResult]
) -> ConfigRow:
    found = [stored[config.key(t.id)] for t in tasks if config.key(t.id) in stored]
    done = [r for r in found if r.done]
    applied = [r for r in done if r.applied]
    return ConfigRow(
        config=config,
        tasks=len(done),
        passed=sum(r.passed for r in done),
        conforms=sum(r.conforms for r in done),
        errors=len(found) - len(done),
        missing=len(tasks) - len(found),
        input_tokens=sum(r.input_tokens + r.cache_creation_tokens for r in found),
        output_tokens=sum(r.output_tokens for r in found),
        cached_tokens=sum(r.cache_read_tokens for r in found),
        cost_usd=sum(r.cost_usd for r in found),
        similarity=sum(r.similarity for r in applied) / len(applied) if applied else 0.0,
    )


def _relative(row: ConfigRow, baseline_cost: float) -> ConfigRow:
    return replace(row, relative_cost=row.cost_per_task / baseline_cost)


def _find(rows: Sequence[ConfigRow], wanted: tuple[str, str]) -> ConfigRow | None:
    for row in rows:
        if (row.config.tier, row.config.context) == wanted and not row.config.strategies:
            return row
    return None


def verdict(rows: Sequence[ConfigRow]) -> str:
    """One line: the small tier with steering against the frontier tier with everything."""
    small, frontier = _find(rows, CANDIDATE), _find(rows, BASELINE)
    if small is None or frontier is None or not small.tasks or not frontier.tasks:
        return "no verdict: it needs results for both small + steering and frontier + naive"
    if frontier.passed == 0:
        return (
            f"frontier + naive passed no task; small + steering passed {small.passed} of "
            f"{small.tasks}"
        )
    share = small.pass_rate / frontier.pass_rate
    if frontier.cost_per_task > 0:
        cost = f"at {small.cost_per_task / frontier.cost_per_task:.0%} of its cost"
    else:
        cost = "(costs unknown: no price for the frontier model)"
    return f"small + steering: {share:.0%} of frontier + naive's pass rate {cost}"


# --- markdown -------------------------------------------------------------------------------


def markdown(report: Report) -> str:
    kinds = ", ".join(f"{count} {kind}" for kind, count in report.task_kinds) or "no tasks"
    out = [
        "# steering eval",
        "",
        f"**{report.verdict}**",
        "",
        f"Tasks: {kinds}.",
        "",
        *(
            ["Strategies:", "", *(f"- {effect.line}" for effect in report.strategies), ""]
            if report.strategies
            else []
        ),
        "| configuration | model | tasks | passed | pass rate | conformance | similarity "
        "| tokens in / out / cached | cost per task | vs frontier + naive |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for row in report.rows:
        relative = f"{row.relative_cost:.0%}" if row.relative_cost is not None else "-"
        notes = []
        if row.errors:
            notes.append(f"{row.errors} call error(s)")
        if row.missing:
            notes.append(f"{row.missing} not run")
        tasks = f"{row.tasks}" + (f" ({', '.join(notes)})" if notes else "")
        out.append(
            f"| {row.config.label} | {row.config.model} | {tasks} | {row.passed} "
            f"| {row.pass_rate:.0%} | {row.conformance:.0%} | {row.similarity:.2f} "
            f"| {row.input_tokens:,} / {row.output_tokens:,} / {row.cached_tokens:,} "
            f"| ${row.cost_per_task:.4f} | {relative} |"
        )
    out += [
        "",
        "Pass rate: the edit applies, parses, adds no undefined name (and the tests pass, "
        "when a test command was given). Conformance: the edit applies, parses and adds "
        "no convention finding. Similarity: tokens of the edit against the original code.",
    ]
    return "\n".join(out) + "\n"


# --- JSON -----------------------------------------------------------------------------------


def report_json(report: Report) -> dict[str, Any]:
    rows = []
    for row in report.rows:
        data = asdict(row)
        data["config"] = asdict(row.config)
        data["label"] = row.config.label
        data["pass_rate"] = row.pass_rate
        data["conformance"] = row.conformance
        data["cost_per_task"] = row.cost_per_task
        rows.append(data)
    return {
        "verdict": report.verdict,
        "tasks": dict(report.task_kinds),
        "rows": rows,
        "strategies": [
            {
                "tier": effect.tier,
                "context": effect.context,
                "pass_rate_without": effect.without.pass_rate,
                "pass_rate_with": effect.with_strategies.pass_rate,
                "cost_per_task_without": effect.without.cost_per_task,
                "cost_per_task_with": effect.with_strategies.cost_per_task,
                "line": effect.line,
            }
            for effect in report.strategies
        ],
        "results": [asdict(r) for r in report.results],
    }


# --- SVG ------------------------------------------------------------------------------------

_W, _H, _LEFT, _RIGHT, _TOP, _BOTTOM = 640, 400, 70, 30, 40, 50


def svg_chart(report: Report) -> str:
    """Pass rate against cost per task, one labelled point per configuration."""
    rows = [r for r in report.rows if r.tasks]
    top_cost = max((r.cost_per_task for r in rows), default=0.0) * 1.15 or 1.0
    width, height = _W - _LEFT - _RIGHT, _H - _TOP - _BOTTOM

    def x(cost: float) -> float:
        return _LEFT + width * cost / top_cost

    def y(rate: float) -> float:
        return _TOP + height * (1 - rate)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_W}" height="{_H}" '
        f'viewBox="0 0 {_W} {_H}" font-family="sans-serif" font-size="12">',
        f'<rect width="{_W}" height="{_H}" fill="white"/>',
        f'<text x="{_W / 2}" y="20" text-anchor="middle" font-size="14">'
        "pass rate against cost per task</text>",
        f'<line x1="{_LEFT}" y1="{_TOP + height}" x2="{_LEFT + width}" y2="{_TOP + height}" '
        'stroke="black"/>',
        f'<line x1="{_LEFT}" y1="{_TOP}" x2="{_LEFT}" y2="{_TOP + height}" stroke="black"/>',
    ]
    for step in range(0, 11, 2):
        rate = step / 10
        parts.append(
            f'<text x="{_LEFT - 8}" y="{y(rate) + 4:.1f}" text-anchor="end">{rate:.0%}</text>'
        )
    for step in range(5):
        cost = top_cost * step / 4
        parts.append(
            f'<text x="{x(cost):.1f}" y="{_TOP + height + 18}" text-anchor="middle">'
            f"${cost:.4f}</text>"
        )
    parts.append(
        f'<text x="{_LEFT + width / 2}" y="{_H - 8}" text-anchor="middle">'
        "cost per task (USD)</text>"
    )
    for row in rows:
        cx, cy = x(row.cost_per_task), y(row.pass_rate)
        label = html.escape(row.config.label)
        parts.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="5" fill="#3366cc"/>')
        parts.append(f'<text x="{cx + 8:.1f}" y="{cy - 6:.1f}">{label}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
