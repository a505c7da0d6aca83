"""Retrieval benchmark: tokens against a naive baseline, recall of scope rules, latency on sympy.

    python bench/retrieval_bench.py                 # everything; updates bench/RESULTS.md
    python bench/retrieval_bench.py --targets 50 --no-tokenizer

1. On the example workspaces and the tasks in bench/retrieval_tasks.json: the tokens of our
   focused context against a naive baseline (every steering document in full plus the whole
   file), the reduction, and how many of the rules that apply by scope are accounted for:
   sent, or listed as not sent with why (must be 100%; which ones should be sent is
   bench/context_quality.py's question).
2. Context-build latency (p50/p95) on the sympy 1.14.0 source tree, indexed once, over
   seeded random targets (a function or method each), both as the editor calls it (buffer
   text given) and as the CLI does (file read from disk).
3. The token estimate's error against an offline reference tokenizer (bench/retrieval_tokens.py).

sympy is fetched into bench/.cache by bench/index_bench.py's `fetch` (pip download of the
sdist). Figures go between the retrieval markers of bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
TARGET_REDUCTION = 75.0
TARGET_P95_MS = 50.0

sys.path[:0] = [str(REPO), str(BENCH)]

from corpus import fetch_sdist  # noqa: E402
from index_bench import fetch, machine  # noqa: E402
from results import write_section  # noqa: E402

from steering_index.conventions.layout import is_test_file  # noqa: E402
from steering_index.index.indexer import Indexer  # noqa: E402
from steering_index.model import LineRange  # noqa: E402
from steering_index.retrieval.context import RetrievalSources, build_context, workspace_for  # noqa: E402
from steering_index.rules import applicable_rules  # noqa: E402
from steering_index.store import IndexStore  # noqa: E402
from steering_index.tokens import estimate_tokens  # noqa: E402


@dataclass(frozen=True, slots=True)
class TaskResult:
    workspace: str
    path: str
    task: str
    ours: int
    naive: int
    scope_rules: int
    recalled: int
    omitted: int
    must: int = 0  # what may never be dropped: scope rules (each text once), target, task
    naive_distinct: int = 0  # the baseline with identical documents counted once

    @property
    def reduction(self) -> float:
        return 100.0 * (1 - self.ours / self.naive) if self.naive else 0.0


def open_workspace(root: Path, db: Path) -> tuple[RetrievalSources, IndexStore]:
    store = IndexStore.open(db)
    Indexer(root, store).build()
    return workspace_for(root, store), store


def steering_documents(ws: RetrievalSources) -> list[str]:
    """The text of every steering document the rules came from, each file once."""
    sources = sorted(
        {source for rule in ws.ruleset.rules for source in rule.sources or (rule.source,)}
    )
    return [(ws.root / s).read_text("utf-8", errors="replace") for s in sources]


def naive_tokens(ws: RetrievalSources, path: str, task: str) -> tuple[int, int]:
    """Every steering document in full, the whole file and the task; and the same with
    documents of the same text counted once (a CLAUDE.md that copies AGENTS.md), a
    stricter baseline than the issue's "all steering documents"."""
    docs = steering_documents(ws)
    distinct = {d.strip(): d for d in docs}.values()
    rest = estimate_tokens((ws.root / path).read_text("utf-8", errors="replace"))
    rest += estimate_tokens(task)
    return (
        sum(estimate_tokens(d) for d in docs) + rest,
        sum(estimate_tokens(d) for d in distinct) + rest,
    )


def measure(
    ws: RetrievalSources, label: str, path: str, lines: LineRange | None, task: str
) -> TaskResult:
    """Our context for one task against the naive baseline, and the recall of scope rules."""
    context = build_context(ws, path, lines, task)
    scope = {a.rule.id for a in applicable_rules(ws.ruleset, path) if a.applies}
    sent = {i.id for i in context.items} | {i.id for i in context.omitted if i.kind == "rule"}
    must = sum(i.tokens for i in context.items if i.id in scope or i.kind in ("target", "task"))
    naive, naive_distinct = naive_tokens(ws, path, task)
    return TaskResult(
        label, path, task, context.tokens, naive,
        len(scope), len(scope & sent), len(context.omitted), must, naive_distinct,
    )  # fmt: skip


def run_tasks(tmp: Path) -> list[TaskResult]:
    spec = json.loads((BENCH / "retrieval_tasks.json").read_text("utf-8"))
    results: list[TaskResult] = []
    opened: dict[str, tuple[RetrievalSources, IndexStore]] = {}
    for n, entry in enumerate(spec["tasks"]):
        name = entry["workspace"]
        if name not in opened:
            opened[name] = open_workspace(REPO / name, tmp / f"ws{n}.sqlite3")
        ws, _ = opened[name]
        lines = LineRange(*entry["lines"]) if entry["lines"] else None
        results.append(measure(ws, name, entry["path"], lines, entry["task"]))
    for _, store in opened.values():
        store.close()
    return results


# --- public projects with their own steering documents -----------------------------------


@dataclass(frozen=True, slots=True)
class ProjectResult:
    name: str
    steering: str
    documents: int
    document_tokens: int
    tasks: list[TaskResult]


def run_public(tmp: Path, count: int, seed: int) -> list[ProjectResult]:
    spec = json.loads((BENCH / "retrieval_tasks.json").read_text("utf-8"))
    projects: list[ProjectResult] = []
    for n, entry in enumerate(spec["public"]):
        root = fetch_sdist(entry["project"], entry["version"])
        ws, store = open_workspace(root, tmp / f"public{n}.sqlite3")
        label = f"{entry['project']} {entry['version']}"
        tasks = [
            measure(ws, label, path, lines, task)
            for path, lines, task in _targets(store, count, seed, tests=False)
        ]
        docs = steering_documents(ws)
        projects.append(
            ProjectResult(
                label, entry["steering"], len(docs), sum(estimate_tokens(d) for d in docs), tasks
            )
        )
        store.close()
        print(f"  {label}: {len(tasks)} targets", file=sys.stderr)
    return projects


# --- latency on sympy -----------------------------------------------------------------------


def _targets(
    store: IndexStore, count: int, seed: int, tests: bool = True
) -> list[tuple[str, LineRange, str]]:
    """Seeded random functions and methods of the indexed Python files (test files too)."""
    rng = random.Random(seed)
    paths = [
        row.path
        for row in store.files()
        if row.language == "python" and (tests or not is_test_file(row.path, "python"))
    ]
    targets: list[tuple[str, LineRange, str]] = []
    for _ in range(50 * count):  # a project with few functions must not loop for ever
        if len(targets) >= count or not paths:
            break
        path = rng.choice(paths)
        symbols = [s for s in store.symbols_in(path) if s.kind in ("function", "method")]
        if symbols:
            symbol = rng.choice(symbols)
            span = LineRange(symbol.span.start_line + 1, symbol.span.end_line + 1)
            targets.append((path, span, f"add input validation to {symbol.name} and document it"))
    return targets


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def run_latency(tmp: Path, count: int, seed: int) -> dict[str, float]:
    root = fetch("sympy")
    started = time.perf_counter()
    ws, store = open_workspace(root, tmp / "sympy.sqlite3")
    setup_s = time.perf_counter() - started
    targets = _targets(store, count, seed)
    texts = {p: (root / p).read_text("utf-8") for p, _, _ in targets}
    for path, lines, task in targets[:5]:  # warm the parser, the query and SQLite's cache
        build_context(ws, path, lines, task, text=texts[path])
    timings: dict[str, list[float]] = {"buffer": [], "disk": []}
    tokens: list[int] = []
    naive: list[int] = []
    for path, lines, task in targets:
        naive.append(naive_tokens(ws, path, task)[0])
        for mode in ("buffer", "disk"):
            text = texts[path] if mode == "buffer" else None
            t0 = time.perf_counter()
            context = build_context(ws, path, lines, task, text=text)
            timings[mode].append((time.perf_counter() - t0) * 1000)
        tokens.append(context.tokens)
    files, symbols = store.counts()
    store.close()
    return {
        "files": files,
        "symbols": symbols,
        "targets": len(targets),
        "setup_s": setup_s,
        "buffer_p50": _percentile(timings["buffer"], 0.5),
        "buffer_p95": _percentile(timings["buffer"], 0.95),
        "disk_p50": _percentile(timings["disk"], 0.5),
        "disk_p95": _percentile(timings["disk"], 0.95),
        "tokens_median": statistics.median(tokens) if tokens else 0,
        "naive_median": statistics.median(naive) if naive else 0,
    }


# --- report ---------------------------------------------------------------------------------


def _task_table(results: list[TaskResult]) -> list[str]:
    lines = [
        "| workspace | file | task | ours | naive | reduction | scope rules accounted for | "
        "left out |",
        "|---|---|---|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {Path(r.workspace).name} | `{r.path}` | {r.task} | {r.ours:,} | {r.naive:,} | "
            f"{r.reduction:.0f}% | {r.recalled}/{r.scope_rules} | {r.omitted} |"
        )
    return lines


def _verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def report(
    results: list[TaskResult],
    latency: dict[str, float] | None,
    tokens: list[str],
    public: list[str] | None = None,
) -> list[str]:
    ours = sum(r.ours for r in results)
    naive = sum(r.naive for r in results)
    overall = 100.0 * (1 - ours / naive) if naive else 0.0
    scope = sum(r.scope_rules for r in results)
    recalled = sum(r.recalled for r in results)
    recall = 100.0 * recalled / scope if scope else 100.0
    out = [
        "## Retrieval: focused context",
        "",
        "Rerun: `.venv/bin/python bench/retrieval_bench.py` (fetches sympy into bench/.cache "
        "on first use; add `--no-tokenizer` to skip the token-estimate section).",
        "",
        *machine(),
        "",
        f"Over {len(results)} tasks on the example workspaces (default budget 6,000 tokens): "
        f"**{overall:.0f}%** fewer tokens than the naive baseline ({ours:,} against {naive:,}; "
        f"target {TARGET_REDUCTION:.0f}%: {_verdict(overall >= TARGET_REDUCTION)}), "
        f"rules that apply by scope sent or listed with why **{recall:.0f}%** "
        f"({recalled} of {scope}). "
        f"Ceiling at 100% recall (only the scope rules, each text once, the target and the "
        f"task): {_share(sum(r.must for r in results), naive)}.",
        "",
        "The naive baseline is every steering document in full (AGENTS.md, CLAUDE.md, Copilot, "
        "Kiro steering and specs, Cursor rules) plus the whole file and the task. Our context "
        "adds what the baseline lacks (signatures of the modules used, examples from other "
        "files, conventions with evidence), so the reduction is net of those.",
        "",
        *_task_table(results),
    ]
    if public:
        out += ["", *public]
    if latency is not None:
        met = latency["buffer_p95"] <= TARGET_P95_MS and latency["disk_p95"] <= TARGET_P95_MS
        out += [
            "",
            f"Latency on sympy 1.14.0 ({latency['files']:,.0f} files, {latency['symbols']:,.0f} "
            f"symbols; index built and conventions inferred once in {latency['setup_s']:.1f} s), "
            f"{latency['targets']:.0f} seeded random function/method targets, median context "
            f"{latency['tokens_median']:,.0f} tokens against {latency['naive_median']:,.0f} for "
            f"the naive baseline (target p95 under {TARGET_P95_MS:.0f} ms: "
            f"{_verdict(met)}):",
            "",
            "| call | p50 | p95 |",
            "|---|---:|---:|",
            f"| editor (buffer text given) | {latency['buffer_p50']:.1f} ms | "
            f"{latency['buffer_p95']:.1f} ms |",
            f"| CLI (file read from disk) | {latency['disk_p50']:.1f} ms | "
            f"{latency['disk_p95']:.1f} ms |",
        ]
    return out + (["", *tokens] if tokens else [])


def _share(part: int, whole: int) -> str:
    return f"{100.0 * (1 - part / whole):.0f}%" if whole else "n/a"


def public_report(projects: list[ProjectResult]) -> list[str]:
    tasks = [t for p in projects for t in p.tasks]
    ours = sum(t.ours for t in tasks)
    naive = sum(t.naive for t in tasks)
    scope = sum(t.scope_rules for t in tasks)
    recalled = sum(t.recalled for t in tasks)
    out = [
        "### Public projects with their own steering documents",
        "",
        f"{len(tasks)} seeded random function/method targets in {len(projects)} public "
        "projects whose source distributions ship their steering documents (list and "
        "versions in `bench/retrieval_tasks.json`; fetched with pip into bench/.cache), task "
        '"add input validation to NAME and document it", default budget. Overall: '
        f"**{_share(ours, naive)}** fewer tokens than the naive baseline ({ours:,} against "
        f"{naive:,}; ceiling at 100% recall {_share(sum(t.must for t in tasks), naive)}; "
        f"target {TARGET_REDUCTION:.0f}%: "
        f"{_verdict(100 * (1 - ours / naive) >= TARGET_REDUCTION if naive else False)}), "
        f"recall of scope rules **{100.0 * recalled / scope if scope else 100:.0f}%** "
        f"({recalled:,} of {scope:,}).",
        "",
        "- *reduction*: 1 - ours / naive, over the project's targets summed.",
        "- *copies once*: the same against a stricter baseline that counts identical "
        "documents once (a CLAUDE.md that copies AGENTS.md).",
        "- *ceiling*: the best reduction any context could reach at 100% recall, sending only "
        "what may never be dropped (the rules that apply by scope, each text once, the "
        "target and the task) and nothing else.",
        "",
        "| project | steering documents | targets | ours, median | naive, median | reduction "
        "| copies once | ceiling | scope rules recalled |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for p in projects:
        o = sum(t.ours for t in p.tasks)
        n = sum(t.naive for t in p.tasks)
        d = sum(t.naive_distinct for t in p.tasks)
        m = sum(t.must for t in p.tasks)
        sc = sum(t.scope_rules for t in p.tasks)
        rc = sum(t.recalled for t in p.tasks)
        med_o = statistics.median(t.ours for t in p.tasks) if p.tasks else 0
        med_n = statistics.median(t.naive for t in p.tasks) if p.tasks else 0
        out.append(
            f"| {p.name} | {p.documents} files, {p.document_tokens:,} tokens: {p.steering} "
            f"| {len(p.tasks)} | {med_o:,.0f} | {med_n:,.0f} | {_share(o, n)} | "
            f"{_share(o, d)} | {_share(m, n)} | {rc:,}/{sc:,} |"
        )
    return out


def write_results(section: list[str]) -> None:
    write_section("retrieval", section)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--targets", type=int, default=200, help="sympy targets to time")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-sympy", action="store_true", help="skip the latency run")
    parser.add_argument(
        "--public", type=int, default=40, help="targets per public project (0: skip them)"
    )
    parser.add_argument("--no-tokenizer", action="store_true", help="skip the token estimate")
    parser.add_argument("--no-write", action="store_true", help="print, do not touch RESULTS.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="retrieval-bench-") as folder:
        tmp = Path(folder)
        results = run_tasks(tmp)
        # Latency first: the public projects' indexes would leave a larger heap behind.
        latency = None if args.no_sympy else run_latency(tmp, args.targets, args.seed)
        public = public_report(run_public(tmp, args.public, args.seed)) if args.public else None
    tokens: list[str] = []
    if not args.no_tokenizer:
        from retrieval_tokens import token_report

        tokens = token_report()
    section = report(results, latency, tokens, public)
    print("\n".join(section))
    if not args.no_write:
        write_results(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
