"""`steering eval`: mine tasks, run them over tiers x context, score, and write the report.

`--dry-run` lists the tasks and the estimated cost and calls no model. A real run stores
each result in the index database as it arrives; running the same command again skips
what is done (after a cost-cap stop, an interruption or a call error). The report is
printed (markdown, or JSON with --json) and written to --out as report.md, report.json
and chart.svg. Exit codes: 0 ok, 2 bad input or no model set up.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from steering_index.eval.contexts import CONTEXTS, NoContext
from steering_index.eval.results import ResultStore, RunConfig
from steering_index.eval.tasks import KINDS, EvalTask, TaskFileError, load_tasks, save_tasks
from steering_index.index.workspace_root import RootRefused, announced_root
from steering_index.llm.tiers import (
    LADDER,
    LadderSettings,
    Models,
    Tier,
    no_credentials_message,
    resolve_credentials,
)

if TYPE_CHECKING:
    from steering_index.eval.results import RunResult
    from steering_index.eval.runner import Matrix, Progress
    from steering_index.store import IndexStore

# The runner, retrieval and report modules are imported inside the handler: cli/main.py builds
# every subcommand's parser, and `steering index` should not pay for them.

EXIT_OK = 0
EXIT_BAD_INPUT = 2


class EvalInputError(Exception):
    """What the user asked for cannot be done; the message is shown as is."""


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The options of `steering eval` (the parser itself is made in cli/main.py)."""
    p.add_argument("--root", help="workspace root (default: nearest ancestor holding .git)")
    p.add_argument("--db", help="index file (default: in the user's cache directory)")
    p.add_argument(
        "--tiers", default="small,frontier", help="comma-separated: small,middle,frontier"
    )
    p.add_argument(
        "--contexts", default=",".join(CONTEXTS), help="comma-separated: steering,naive,bare"
    )
    p.add_argument("--kinds", default=",".join(KINDS), help="task kinds: definition,commit,repair")
    p.add_argument("--limit", type=int, default=10, help="tasks of each kind (default 10)")
    p.add_argument("--seed", type=int, default=0, help="which tasks are picked (default 0)")
    p.add_argument("--tasks", help="read the tasks from FILE instead of mining them")
    p.add_argument("--save-tasks", help="write the tasks to FILE (for --tasks later)")
    p.add_argument(
        "--model",
        action="append",
        default=[],
        metavar="TIER=ID[@URL]",
        help="the model of a tier, optionally on its own Anthropic-compatible URL",
    )
    p.add_argument("--base-url", help="an Anthropic-compatible endpoint for every tier")
    p.add_argument("--concurrency", type=int, default=4, help="calls in flight (default 4)")
    p.add_argument("--max-cost-usd", type=float, help="stop before a call that would pass this")
    p.add_argument("--test-cmd", help='e.g. "pytest -x -q {test_files}" (run in a scratch copy)')
    p.add_argument("--test-timeout", type=float, default=300.0, help="seconds per test run")
    p.add_argument("--budget", type=int, help="token budget of the steering context")
    p.add_argument("--out", default="steering-eval", help="folder for report.md/.json, chart.svg")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--dry-run", action="store_true", help="list tasks and estimated cost only")
    p.add_argument("--with-strategies", action="store_true",
                   help="run every configuration twice: without and with the strategies "
                   "in .steering/strategies/")  # fmt: skip


def _names(text: str, allowed: Sequence[str], what: str) -> list[str]:
    names = [n.strip() for n in text.split(",") if n.strip()]
    bad = [n for n in names if n not in allowed]
    if bad or not names:
        raise EvalInputError(
            f"{what}: {', '.join(bad) or 'none given'}; choose from {', '.join(allowed)}"
        )
    return list(dict.fromkeys(names))


def tier_settings(args: argparse.Namespace) -> dict[str, LadderSettings]:
    """Settings per tier: the models (and any per-tier URL) from --model, --base-url."""
    models: dict[str, str] = {}
    urls: dict[str, str] = {}
    for entry in args.model:
        tier, _, rest = entry.partition("=")
        if tier not in [t.value for t in LADDER] or not rest:
            raise EvalInputError(f"--model {entry!r}: expected TIER=ID or TIER=ID@URL")
        model, _, url = rest.partition("@")
        models[tier] = model
        if url:
            urls[tier] = url
    base = LadderSettings(models=Models(**models), base_url=args.base_url, max_retries=2)
    return {t.value: replace(base, base_url=urls.get(t.value, base.base_url)) for t in LADDER}


def run_configs(
    args: argparse.Namespace, settings: Mapping[str, LadderSettings]
) -> tuple[RunConfig, ...]:
    tiers = _names(args.tiers, [t.value for t in LADDER], "--tiers")
    contexts = _names(args.contexts, CONTEXTS, "--contexts")
    switches = (False, True) if args.with_strategies else (False,)
    return tuple(
        RunConfig(tier, settings[tier].model_for(Tier(tier)), context, strategies)
        for tier in tiers
        for context in contexts
        for strategies in switches
    )


def run_eval(args: argparse.Namespace) -> int:
    """`steering eval`: see the module docstring."""
    from steering_index.cli.index import open_workspace_index
    from steering_index.store import StoreError

    try:
        settings = tier_settings(args)
        configs = run_configs(args, settings)
        kinds = _names(args.kinds, KINDS, "--kinds")
        try:
            root = announced_root("eval", args.root)
        except RootRefused as exc:
            raise EvalInputError(str(exc)) from exc
        try:
            store, _indexer = open_workspace_index(root, args.db)
        except (StoreError, OSError, ValueError) as exc:
            raise EvalInputError(f"cannot open the index: {exc}") from exc
        try:
            return _run(args, root, store, settings, configs, kinds)
        finally:
            store.close()
    except (EvalInputError, TaskFileError) as exc:
        print(f"steering eval: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT


def _run(
    args: argparse.Namespace,
    root: Path,
    store: IndexStore,
    settings: dict[str, LadderSettings],
    configs: tuple[RunConfig, ...],
    kinds: list[str],
) -> int:
    from steering_index.eval.mine import mine_tasks
    from steering_index.eval.runner import Matrix, RunOptions, run_matrix
    from steering_index.retrieval.context import workspace_for
    from steering_index.strategies.format import FOLDER, strategies_of

    workspace = workspace_for(root, store)
    if args.with_strategies and not strategies_of(workspace.ruleset.documents):
        raise EvalInputError(
            f"--with-strategies: {root / FOLDER} holds no strategy to measure; write some "
            "with `steering strategies draft` or `steering ask --learn`"
        )
    if args.tasks:
        tasks = load_tasks(Path(args.tasks))
    else:
        tasks = mine_tasks(root, store, workspace.conventions, kinds, args.limit, args.seed)
    if args.save_tasks:
        save_tasks(tasks, Path(args.save_tasks))
    matrix = Matrix(workspace, configs, settings, workspace.conventions)
    if args.dry_run:
        print(dry_run_text(matrix, tasks, args.budget))
        return EXIT_OK
    for config in configs:
        if not resolve_credentials(settings[config.tier]).usable:
            raise EvalInputError(no_credentials_message(settings[config.tier]))
    options = RunOptions(
        args.concurrency, args.max_cost_usd, args.test_cmd, args.test_timeout, args.budget
    )
    with ResultStore(store.db_path) as results:
        summary = asyncio.run(
            run_matrix(
                matrix, tasks, results, options,
                recorder=store.record_model_call, on_progress=_progress_printer(),
            )
        )  # fmt: skip
        stored = results.results()
    if summary.stopped_by_cap:
        print(
            f"steering eval: stopped by the cost cap (${args.max_cost_usd:.2f}): "
            f"{summary.stopped_by_cap} job(s) not run; run again with a higher "
            "--max-cost-usd to resume",
            file=sys.stderr,
        )
    return _write_report(args, tasks, configs, stored)


def _write_report(
    args: argparse.Namespace,
    tasks: Sequence[EvalTask],
    configs: Sequence[RunConfig],
    stored: Mapping[str, RunResult],
) -> int:
    from steering_index.eval.report import build_report, markdown, report_json, svg_chart

    report = build_report(tasks, configs, stored)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    text = markdown(report)
    data = report_json(report)
    (out / "report.md").write_text(text, encoding="utf-8")
    (out / "report.json").write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    (out / "chart.svg").write_text(svg_chart(report), encoding="utf-8")
    print(json.dumps(data, indent=2) if args.json else text)
    print(f"report written to {out}/ (report.md, report.json, chart.svg)", file=sys.stderr)
    return EXIT_OK


def _progress_printer() -> Callable[[Progress], None]:
    def show(progress: Progress) -> None:
        r = progress.result
        outcome = "passed" if r.passed else r.status if r.status != "scored" else "failed"
        print(
            f"[{progress.done}/{progress.total}] {r.tier} + {r.context} {r.task_id}: {outcome}"
            f" (${r.cost_usd:.4f}; spent ${progress.spent_usd:.4f})",
            file=sys.stderr,
        )

    return show


def dry_run_text(matrix: Matrix, tasks: Sequence[EvalTask], budget: int | None) -> str:
    """The tasks, and the estimated cost of each configuration over them (no model call)."""
    from steering_index.eval.runner import estimated_cost, request_for

    lines = [f"{len(tasks)} task(s):"]
    for task in tasks:
        where = f"{task.path}:{task.lines.first}-{task.lines.last}"
        tests = f" [{len(task.test_files)} test file(s)]" if task.test_files else ""
        lines.append(f"  {task.id}  {where}  {task.task[:80]}{tests}")
    lines += ["", "estimated cost (no model was called):"]
    total = 0.0
    for config in matrix.configs:
        cost, tokens, refused = 0.0, 0, 0
        settings = matrix.settings[config.tier]
        for task in tasks:
            try:
                _context, request = request_for(matrix, config, task, budget)
            except NoContext:
                refused += 1
                continue
            cost += estimated_cost(request, task, settings)
            tokens += request.tokens
        total += cost
        price = "" if settings.price_for(config.model) else " (no price known: counted as $0)"
        extra = f", {refused} without context" if refused else ""
        lines.append(
            f"  {config.label:<22} {config.model:<22} {tokens:>10,} tokens in  ${cost:.4f}"
            f"{price}{extra}"
        )
    lines.append(f"  total: ${total:.4f} for {len(tasks) * len(matrix.configs)} call(s)")
    return "\n".join(lines)
