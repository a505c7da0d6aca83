"""Runs the matrix: every task under every (tier, context), concurrently, under a cost cap.

Each job builds its context (`contexts.py`), builds the request with the engine's request
builder, estimates its cost and, only if the spend so far plus the estimates of calls in
flight plus this one stays within the cap, calls the model once through the engine's
client. The answer is scored (`score.py`) and the result stored at once, so an interrupted
run resumes where it stopped; every call is also recorded as a model call (`steering
usage`). One call per job, with no repair turn: what is measured is a tier's first answer.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from steering_index.eval.contexts import NoContext, context_for
from steering_index.eval.results import ResultStore, RunConfig, RunResult
from steering_index.eval.score import TESTS_NOT_RUN, Score, run_tests, score_reply
from steering_index.eval.tasks import EvalTask
from steering_index.llm.client import ModelError, ModelReply, Usage, call_model
from steering_index.llm.prompts import ModelRequest, build_request
from steering_index.llm.tiers import LadderSettings, resolve_credentials
from steering_index.llm.usage import cost_usd
from steering_index.llm.validate import edit_checks_for
from steering_index.model import Convention, FocusedContext, ModelCall
from steering_index.retrieval.context import RetrievalSources
from steering_index.tokens import estimate_tokens

# The answer is a tool call: the new text plus its JSON frame, ids and a summary.
ANSWER_FRAME_TOKENS = 60


@dataclass(frozen=True, slots=True)
class RunOptions:
    concurrency: int = 4
    max_cost_usd: float | None = None
    test_command: str | None = None
    test_timeout_s: float = 300.0
    budget: int | None = None


@dataclass(frozen=True, slots=True)
class Progress:
    """Reported after each job: how far the run is, and what it has spent."""

    done: int
    total: int
    result: RunResult
    spent_usd: float


@dataclass
class RunSummary:
    ran: int = 0
    skipped_done: int = 0
    stopped_by_cap: int = 0  # jobs not started because the next call would pass the cap
    spent_usd: float = 0.0


@dataclass
class _Budget:
    cap: float | None
    spent: float = 0.0
    reserved: float = 0.0
    stopped: bool = False
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    async def reserve(self, estimate: float) -> bool:
        async with self.lock:
            if self.stopped:
                return False
            if self.cap is not None and self.spent + self.reserved + estimate > self.cap:
                self.stopped = True
                return False
            self.reserved += estimate
            return True

    async def settle(self, estimate: float, actual: float) -> None:
        async with self.lock:
            self.reserved -= estimate
            self.spent += actual


@dataclass(frozen=True, slots=True)
class Matrix:
    """What a run needs besides the tasks: the workspace, the configurations, the settings."""

    workspace: RetrievalSources
    configs: tuple[RunConfig, ...]
    settings: Mapping[str, LadderSettings]  # per tier: a tier may have its own base URL
    conventions: tuple[Convention, ...]


def request_for(
    matrix: Matrix, config: RunConfig, task: EvalTask, budget: int | None
) -> tuple[FocusedContext, ModelRequest]:
    """(context, request) for `task` under `config`; raises NoContext."""
    context = context_for(config.context, matrix.workspace, task, budget, config.strategies)
    settings = matrix.settings[config.tier]
    request = build_request(
        context,
        config.model,
        settings.max_output_tokens,
        settings.min_cache_tokens_for(config.model),
    )
    return context, request


def estimated_cost(request: ModelRequest, task: EvalTask, settings: LadderSettings) -> float:
    """The cost expected of one call: the estimated request in, the original text out."""
    expected = Usage(
        input_tokens=request.tokens,
        output_tokens=estimate_tokens(task.expected) + ANSWER_FRAME_TOKENS,
    )
    return cost_usd(expected, settings.price_for(request.model))


async def run_matrix(
    matrix: Matrix,
    tasks: Sequence[EvalTask],
    results: ResultStore,
    options: RunOptions,
    *,
    recorder: Callable[[ModelCall], object] | None = None,
    on_progress: Callable[[Progress], None] | None = None,
) -> RunSummary:
    """Run every (task, config) without a stored result, task by task, in order."""
    stored = results.results()
    jobs = [(t, c) for t in tasks for c in matrix.configs]
    pending = [(t, c) for t, c in jobs if not _done(stored, t, c)]
    summary = RunSummary(skipped_done=len(jobs) - len(pending))
    budget = _Budget(options.max_cost_usd)
    queue: asyncio.Queue[tuple[EvalTask, RunConfig]] = asyncio.Queue()
    for job in pending:
        queue.put_nowait(job)

    async def worker() -> None:
        while not queue.empty():
            task, config = queue.get_nowait()
            result = await _run_job(matrix, task, config, options, budget, recorder)
            if result is None:
                summary.stopped_by_cap += 1
                continue
            results.put(result)
            summary.ran += 1
            if on_progress is not None:
                done = summary.ran + summary.stopped_by_cap
                on_progress(Progress(done, len(pending), result, budget.spent))

    workers = max(1, options.concurrency)
    await asyncio.gather(*(worker() for _ in range(workers)))
    summary.spent_usd = budget.spent
    return summary


def _done(stored: Mapping[str, RunResult], task: EvalTask, config: RunConfig) -> bool:
    result = stored.get(config.key(task.id))
    return result is not None and result.done


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


async def _run_job(
    matrix: Matrix,
    task: EvalTask,
    config: RunConfig,
    options: RunOptions,
    budget: _Budget,
    recorder: Callable[[ModelCall], object] | None,
) -> RunResult | None:
    if budget.stopped:
        return None  # the cap was reached: no context is built for a call that cannot happen
    base = RunResult(
        task.id, config.tier, config.model, config.context, config.strategies, "scored", _now()
    )
    try:
        context, request = await asyncio.to_thread(
            request_for, matrix, config, task, options.budget
        )
    except NoContext as exc:
        return _with(base, status="no-context", message=str(exc))
    settings = matrix.settings[config.tier]
    estimate = estimated_cost(request, task, settings)
    if not await budget.reserve(estimate):
        return None
    started_at, started = _now(), time.monotonic()
    try:
        reply = await call_model(request, settings, resolve_credentials(settings), config.tier)
    except ModelError as error:
        actual = cost_usd(error.usage, settings.price_for(request.model))
        await budget.settle(estimate, actual)
        when = (started_at, started)
        _record(recorder, config, request, error.usage, actual, "error", when, context.path)
        return _with(
            base,
            status="error",
            finished_at=_now(),
            message=error.message,
            cost_usd=actual,
            estimated_cost_usd=estimate,
            **_usage_fields(error.usage),
        )
    actual = cost_usd(reply.usage, settings.price_for(reply.model))
    await budget.settle(estimate, actual)
    checks = edit_checks_for(task.path, task.language, matrix.conventions)
    score, new_file = await asyncio.to_thread(score_reply, task, context.lines, reply, checks)
    score = await _with_tests(matrix.workspace.root, task, score, new_file, options)
    outcome = "proposed" if score.passed else "rejected"
    _record(recorder, config, request, reply.usage, actual, outcome, (started_at, started),
            context.path)  # fmt: skip
    return _scored(base, score, reply, actual, estimate)


async def _with_tests(
    root: Path, task: EvalTask, score: Score, new_file: str | None, options: RunOptions
) -> Score:
    if options.test_command is None or new_file is None or not score.passed:
        return score
    outcome = await run_tests(root, task, new_file, options.test_command, options.test_timeout_s)
    if outcome == TESTS_NOT_RUN:
        return score
    return replace(score, tests=outcome)


def _usage_fields(usage: Usage) -> dict[str, int]:
    return {
        "input_tokens": usage.input_tokens,
        "output_tokens": usage.output_tokens,
        "cache_creation_tokens": usage.cache_creation_tokens,
        "cache_read_tokens": usage.cache_read_tokens,
    }


def _with(base: RunResult, **changes: object) -> RunResult:
    return replace(base, **changes)  # type: ignore[arg-type]


def _scored(
    base: RunResult, score: Score, reply: ModelReply, actual: float, estimate: float
) -> RunResult:
    return _with(
        base,
        finished_at=_now(),
        passed=score.passed,
        conforms=score.conforms,
        applied=score.applied,
        parses=score.parses,
        new_undefined=score.new_undefined,
        new_findings=score.new_findings,
        tests=score.tests,
        similarity=round(score.similarity, 4),
        cost_usd=actual,
        estimated_cost_usd=estimate,
        duration_ms=reply.duration_ms,
        message="; ".join(score.problems),
        **_usage_fields(reply.usage),
    )


def _record(
    recorder: Callable[[ModelCall], object] | None,
    config: RunConfig,
    request: ModelRequest,
    usage: Usage,
    cost: float,
    outcome: str,
    started: tuple[str, float],  # wall-clock ISO time and monotonic seconds
    path: str,
) -> None:
    if recorder is None:
        return
    recorder(
        ModelCall(
            started_at=started[0],
            tier=config.tier,
            model=config.model,
            input_tokens=usage.input_tokens,
            output_tokens=usage.output_tokens,
            cache_creation_tokens=usage.cache_creation_tokens,
            cache_read_tokens=usage.cache_read_tokens,
            cost_usd=cost,
            rule_ids=request.rule_ids,
            outcome=outcome,
            duration_ms=int((time.monotonic() - started[1]) * 1000),
            path=path,
            action=f"eval:{config.context}",
            strategy_ids=request.strategy_ids,
        )
    )


__all__ = [
    "Matrix",
    "Progress",
    "RunOptions",
    "RunSummary",
    "estimated_cost",
    "request_for",
    "run_matrix",
]
