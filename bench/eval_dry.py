"""Task mining for `steering eval` on real public code: tasks found, time to mine, tests.

    python bench/eval_dry.py                  # both corpora, update RESULTS.md
    python bench/eval_dry.py --corpus sympy --no-write

The corpora are the sdists of sympy 1.14.0 and django 6.1.3 (see corpus.py). An sdist has
no git history, so only held-out definitions and planted convention repairs are mined
here; commit tasks need a clone. For each corpus: the index build (not part of mining),
the time to mine every candidate of each kind, how many there are, the share of held-out
definitions that a test file names (so `--test-cmd` can run it), and the estimated cost of
the default matrix over a 10-per-kind sample, as `steering eval --dry-run` computes it.
No model is called.
"""

from __future__ import annotations

import argparse
import platform
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from corpus import fetch_sdist
from results import write_section

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
CORPORA = {"sympy": ("sympy", "1.14.0"), "django": ("django", "6.1.3")}
SAMPLE_PER_KIND = 10

sys.path.insert(0, str(REPO))


def measure(name: str) -> dict[str, Any]:
    from steering_index.cli.index import build_index
    from steering_index.eval.contexts import CONTEXTS
    from steering_index.eval.mine import mine_tasks
    from steering_index.eval.repairs import drift_candidates
    from steering_index.eval.results import RunConfig
    from steering_index.eval.runner import Matrix, estimated_cost, request_for
    from steering_index.eval.tasks import held_out_candidates, source_files, tests_by_name
    from steering_index.llm.tiers import LadderSettings, Tier
    from steering_index.retrieval.context import workspace_for

    root = fetch_sdist(*CORPORA[name], cache=BENCH / ".cache")
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        store, _indexer, summary = build_index(root, Path(tmp) / "index.db")
        index_s = time.perf_counter() - started
        try:
            started = time.perf_counter()
            workspace = workspace_for(root, store)
            setup_s = time.perf_counter() - started

            started = time.perf_counter()
            files = source_files(store, root)
            tests = tests_by_name(store)
            read_s = time.perf_counter() - started
            started = time.perf_counter()
            definitions = held_out_candidates(files, tests)
            definitions_s = time.perf_counter() - started
            started = time.perf_counter()
            repairs = drift_candidates(files, workspace.conventions)
            repairs_s = time.perf_counter() - started
            # What `steering eval` does by default: 10 of each kind, all steps included.
            started = time.perf_counter()
            sample = mine_tasks(
                root, store, workspace.conventions, ("definition", "repair"), SAMPLE_PER_KIND
            )
            mine_s = time.perf_counter() - started

            settings = LadderSettings()
            matrix = Matrix(
                workspace,
                tuple(
                    RunConfig(t.value, settings.model_for(t), c)
                    for t in (Tier.SMALL, Tier.FRONTIER)
                    for c in CONTEXTS
                ),
                {t.value: settings for t in Tier},
                workspace.conventions,
            )
            started = time.perf_counter()
            costs: dict[str, float] = {}
            for config in matrix.configs:
                total = 0.0
                for task in sample:
                    _context, request = request_for(matrix, config, task, None)
                    total += estimated_cost(request, task, settings)
                costs[config.label] = total / max(1, len(sample))
            estimate_s = time.perf_counter() - started
        finally:
            store.close()
    tested = sum(1 for t in definitions if t.tests)
    return {
        "corpus": f"{CORPORA[name][0]} {CORPORA[name][1]}",
        "files": summary.scanned,
        "source_files": len(files),
        "index_s": index_s,
        "setup_s": setup_s,
        "read_s": read_s,
        "definitions": len(definitions),
        "definitions_s": definitions_s,
        "tested": tested,
        "repairs": len(repairs),
        "repairs_s": repairs_s,
        "sample": len(sample),
        "mine_s": mine_s,
        "estimate_s": estimate_s,
        "cost_per_task": costs,
    }


def section(results: list[dict[str, Any]]) -> list[str]:
    lines = [
        "## Evaluation: task mining (`bench/eval_dry.py`)",
        "",
        f"Machine: {platform.machine()}, Python {platform.python_version()}. No model called.",
        "Rerun: `python bench/eval_dry.py` (see bench/README.md).",
        "Times in seconds. Candidates: every definition that can be held out (a docstring,",
        "or a test file that names it: for a method, its class too) and every function a",
        "naming drift can be planted in; each candidate is made a task (a drift: checked,",
        "in a file with no finding of its own) only when picked. `steering eval` mines 10 of",
        "each kind by default: that whole step is `mine 10 + 10`. The index build is shown",
        "apart (a user has it already).",
        "",
        "| corpus | source files | index build | read + test map | held-out candidates "
        "| with a test | drift candidates | mine 10 + 10 | estimate 20 tasks x 6 configs |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for r in results:
        share = r["tested"] / r["definitions"] if r["definitions"] else 0.0
        lines.append(
            f"| {r['corpus']} | {r['source_files']:,} | {r['index_s']:.1f} "
            f"| {r['read_s']:.1f} | {r['definitions']:,} in {r['definitions_s']:.1f} "
            f"| {r['tested']:,} ({share:.0%}) | {r['repairs']:,} in {r['repairs_s']:.1f} "
            f"| {r['mine_s']:.1f} ({r['sample']} tasks) | {r['estimate_s']:.1f} |"
        )
    lines += ["", "Estimated cost per task (the dry run's estimate, list prices):", ""]
    labels = list(results[0]["cost_per_task"]) if results else []
    lines.append("| corpus | " + " | ".join(labels) + " |")
    lines.append("|---|" + "--:|" * len(labels))
    for r in results:
        cells = " | ".join(f"${r['cost_per_task'][label]:.4f}" for label in labels)
        lines.append(f"| {r['corpus']} | {cells} |")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", action="append", choices=sorted(CORPORA))
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()
    results = []
    for name in args.corpus or sorted(CORPORA):
        print(f"mining {name} ...", file=sys.stderr)
        results.append(measure(name))
    lines = section(results)
    print("\n".join(lines))
    if not args.no_write:
        write_section("eval-dry", lines)
    return 0


if __name__ == "__main__":
    sys.exit(main())
