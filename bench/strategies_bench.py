"""Strategies on real code: the kinds of change found, what a draft costs at most, ranking time.

    python bench/strategies_bench.py                 # this repository and django; RESULTS.md
    python bench/strategies_bench.py --corpus self --no-write

For each corpus: the index build (a user has it already), the most common kinds of change
`steering strategies draft` would ask for (5, the default) with their file counts, and the
draft request it would send: estimated tokens in, the output allowance, and the most the
call can cost at list price (what the command prints before asking). Then the time to
rank N strategies against a task (N = 10, 100, 1,000 synthetic strategies built from the
corpus's own file names, 50 tasks each), which every request pays. No model is called.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from corpus import fetch_sdist
from results import write_section

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
CORPORA = {"self": None, "django": ("django", "6.1.3")}
KINDS = 5
SIZES = (10, 100, 1000)
TASKS = 50

sys.path.insert(0, str(REPO))


def _root(name: str) -> Path:
    spec = CORPORA[name]
    return REPO if spec is None else fetch_sdist(*spec, cache=BENCH / ".cache")


def measure(name: str) -> dict[str, Any]:
    from steering_index.cli.index import build_index
    from steering_index.llm.tiers import LadderSettings, Tier
    from steering_index.strategies import commands
    from steering_index.strategies.writing import worst_case_cost

    root = _root(name)
    spec = CORPORA[name]
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        store, _indexer, _summary = build_index(root, Path(tmp) / "index.db")
        index_s = time.perf_counter() - started
        try:
            settings = LadderSettings()
            started = time.perf_counter()
            request = commands.draft_request_for(root, store, KINDS, settings)
            draft_s = time.perf_counter() - started
            paths = [f.path for f in store.files() if f.problem is None and f.language]
        finally:
            store.close()
    from steering_index.strategies.kinds import change_kinds

    kinds = change_kinds(paths, KINDS)
    model = settings.model_for(Tier.FRONTIER)
    return {
        "corpus": "this repository" if spec is None else f"{spec[0]} {spec[1]}",
        "files": len(paths),
        "index_s": index_s,
        "draft_s": draft_s,
        "kinds": [(k.name, k.count) for k in kinds],
        "tokens_in": request.tokens,
        "max_out": request.max_tokens,
        "worst_usd": worst_case_cost(request, settings) or 0.0,
        "model": model,
        "ranking": ranking_times(paths),
    }


def ranking_times(paths: list[str]) -> dict[int, float]:
    """Median milliseconds to rank N strategies against one task, for each N."""
    from steering_index.model import LineRange
    from steering_index.strategies.format import Strategy
    from steering_index.strategies.ranking import rank_strategies

    words = sorted({p.rsplit("/", 1)[-1].split(".")[0] for p in paths}) or ["module"]
    times: dict[int, float] = {}
    for size in SIZES:
        pool = [
            Strategy(
                id=f"strategy:s{n}",
                name=f"s{n}",
                source=f".steering/strategies/s{n}.md",
                title=f"Change {words[n % len(words)]} safely",
                when=f"changing {words[n % len(words)]} or {words[(n * 7) % len(words)]}",
                body="1. Read the module.\n2. Change it.\n3. Run its tests.\n" * 4,
                lines=LineRange(8, 20),
                globs=(f"**/{words[n % len(words)]}*",) if n % 3 == 0 else (),
            )
            for n in range(size)
        ]
        samples = []
        for task in range(TASKS):
            word = words[(task * 13) % len(words)]
            path = paths[(task * 17) % len(paths)] if paths else "a.py"
            started = time.perf_counter()
            rank_strategies(pool, f"change {word} so that it handles errors", path)
            samples.append((time.perf_counter() - started) * 1000)
        times[size] = statistics.median(samples)
    return times


def report(rows: list[dict[str, Any]]) -> list[str]:
    lines = [
        "## Strategies (`bench/strategies_bench.py`)",
        "",
        f"Machine: {platform.machine()}, Python {platform.python_version()}. No model called.",
        "Rerun: `python bench/strategies_bench.py` (django is fetched as in bench/README.md).",
        f"The draft is `steering strategies draft --kinds {KINDS}`: the request it would send",
        "and the most the call can cost (estimated input plus the whole output allowance, at",
        "list price), which it prints before asking. Ranking: the median time to rank N",
        f"strategies against one task ({TASKS} tasks), paid by every request; the first",
        "ranking of a strategy also reads its words once (cached after).",
        "",
        "| corpus | code files | index build (s) | kinds of change (files) "
        "| draft: tokens in / max out | at most | building it (s) |",
        "|---|--:|--:|---|--:|--:|--:|",
    ]
    for row in rows:
        kinds = ", ".join(f"{name} ({count:,})" for name, count in row["kinds"])
        lines.append(
            f"| {row['corpus']} | {row['files']:,} | {row['index_s']:.1f} | {kinds} "
            f"| {row['tokens_in']:,} / {row['max_out']:,} | ${row['worst_usd']:.4f} "
            f"({row['model']}) | {row['draft_s']:.2f} |"
        )
    lines += [
        "",
        "| corpus | " + " | ".join(f"rank {n:,} (ms)" for n in SIZES) + " |",
        "|---|" + "--:|" * len(SIZES),
    ]
    for row in rows:
        times = " | ".join(f"{row['ranking'][n]:.2f}" for n in SIZES)
        lines.append(f"| {row['corpus']} | {times} |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", choices=sorted(CORPORA), action="append")
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()
    rows = [measure(name) for name in args.corpus or list(CORPORA)]
    lines = report(rows)
    print("\n".join(lines))
    if not args.no_write:
        write_section("strategies", lines)


if __name__ == "__main__":
    main()
