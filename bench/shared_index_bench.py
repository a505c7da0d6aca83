"""A shared index (`steering index --export` in CI, `--from` on a fresh clone) against a cold
build of the same clone, on public sdists fetched at run time.

For each corpus: index a checkout cold and export it, as CI would, copy the checkout to
another folder (so every mtime is new and only contents can match), then time
`steering index --from` there. `--tree DIR` measures a folder of your own instead (the
100,000-file workspace `bench/scale_bench.py --keep` leaves, say). Each command runs in its
own process; wall time, CPU time (user + system, the worker processes included) and the
peak RSS of its largest process are read from the kernel.

    .venv/bin/python bench/shared_index_bench.py [--corpus django] [--tree DIR] [--workers N]
        [--no-write]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import CACHE, fetch_sdist
from results import write_section

CORPORA = {"sympy": ("sympy", "1.14.0"), "django": ("django", "6.1.3")}
STEERING = Path(sys.executable).parent / "steering"


@dataclass(frozen=True)
class Run:
    wall_s: float
    cpu_s: float
    rss_mb: float


@dataclass(frozen=True)
class Row:
    corpus: str
    files: int
    source_mb: float
    shared_mb: float
    cold: Run
    exported: Run  # a nothing-changed scan, then the export
    seeded: Run


_MEASURE = """
import json, resource, subprocess, sys, time
started = time.perf_counter()
out = subprocess.run(sys.argv[1:], check=True, capture_output=True, text=True).stdout
wall = time.perf_counter() - started
use = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps([wall, use.ru_utime + use.ru_stime, use.ru_maxrss / 1024, out]))
"""


def _timed(*args: str, env: dict[str, str]) -> tuple[Run, str]:
    """Run `steering ARGS` in a process of its own: its wall and CPU time (the worker
    processes it waited for included), its largest process's peak RSS, and its output."""
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(STEERING), *args],
        check=True,
        env=env,
        capture_output=True,
        text=True,
    )
    wall, cpu, rss, out = json.loads(done.stdout)
    return Run(wall, cpu, rss), out


def _files(summary: str) -> int:
    """How many source files `steering index` said it found."""
    found = re.search(r"([0-9,]+) source files found", summary)
    if found is None:
        raise RuntimeError(f"unexpected output of steering index: {summary!r}")
    return int(found.group(1).replace(",", ""))


def measure(name: str, tree: Path, workers: int) -> Row:
    """Index `tree` cold (as CI would) and export it, then start a copy of it elsewhere from
    the exported file."""
    with tempfile.TemporaryDirectory(prefix="shared-index-", dir=tree.parent) as tmp:
        top = Path(tmp)
        env = {**os.environ, "STEERING_CACHE_DIR": str(top / "cache")}
        laptop = top / "laptop" / tree.name
        shutil.copytree(tree, laptop, symlinks=True)  # new folder, new mtimes
        shared = top / f"{name}.idx"
        common = ("--quiet", "--workers", str(workers))
        cold, _ = _timed("index", "--root", str(tree), *common, env=env)
        exported, _ = _timed(
            "index", "--root", str(tree), *common, "--export", str(shared), env=env
        )
        seeded, said = _timed(
            "index", "--root", str(laptop), *common, "--from", str(shared), env=env
        )
        if not re.search(r" 0 added, 0 updated, 0 removed", said):
            raise RuntimeError(f"the seeded index parsed files again: {said!r}")
        source_mb = sum(p.stat().st_size for p in tree.rglob("*") if p.is_file()) / 1e6
        shared_mb = shared.stat().st_size / 1e6
        return Row(name, _files(said), source_mb, shared_mb, cold, exported, seeded)


def section(rows: list[Row], workers: int) -> list[str]:
    load = os.getloadavg()[0]
    lines = [
        "## Shared index: a fresh clone started from one built in CI",
        "",
        f"`.venv/bin/python bench/shared_index_bench.py`, {workers} worker(s), load {load:.1f}"
        " when it finished. Each command is its own process; CPU is user + system.",
        "",
        "| corpus | source files | source tree | shared file | cold `steering index` (CI) | "
        "`steering index --export` after it | `steering index --from` (a clone) | speed-up |",
        "|---|---:|---:|---:|---|---|---|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r.corpus} | {r.files:,} | {r.source_mb:.1f} MB | {r.shared_mb:.1f} MB | "
            f"{r.cold.wall_s:.1f} s wall, {r.cold.cpu_s:.1f} s CPU, {r.cold.rss_mb:.0f} MB | "
            f"{r.exported.wall_s:.1f} s wall, {r.exported.rss_mb:.0f} MB | "
            f"{r.seeded.wall_s:.1f} s wall, {r.seeded.cpu_s:.1f} s CPU, "
            f"{r.seeded.rss_mb:.0f} MB | {r.cold.wall_s / r.seeded.wall_s:.1f}x |"
        )
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=sorted(CORPORA), action="append")
    parser.add_argument("--workers", type=int, default=1, help="1: every CPU second is counted")
    parser.add_argument(
        "--tree",
        type=Path,
        action="append",
        default=[],
        help="also measure this folder (a workspace kept by scale_bench.py --keep, say)",
    )
    parser.add_argument("--no-write", action="store_true", help="print, leave RESULTS.md alone")
    args = parser.parse_args()
    names = args.corpus if args.corpus is not None else [] if args.tree else sorted(CORPORA)
    trees = [(n, fetch_sdist(*CORPORA[n], cache=CACHE)) for n in names]
    trees += [(t.resolve().name, t.resolve()) for t in args.tree]
    rows = [measure(name, tree, args.workers) for name, tree in trees]
    lines = section(rows, args.workers)
    print("\n".join(lines))
    if not args.no_write:
        write_section("shared-index-bench", lines)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
