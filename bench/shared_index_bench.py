"""A shared index (`steering index --export` in CI, `--from` on a fresh clone) against a cold
build of the same clone, on public sdists fetched at run time.

For each corpus: index a checkout cold and export it, copy the checkout to another folder (so
every mtime is new and only contents can match), then time `steering index --from` there, and,
for comparison, a cold `steering index` of a third copy. Each command runs in its own process;
wall time, CPU time (user + system, the worker processes included) and the peak RSS of its
largest process are read from the kernel.

    .venv/bin/python bench/shared_index_bench.py [--corpus django] [--workers N] [--no-write]
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


def measure(name: str, workers: int) -> Row:
    tree = fetch_sdist(*CORPORA[name], cache=CACHE)
    with tempfile.TemporaryDirectory(prefix="shared-index-") as tmp:
        top = Path(tmp)
        env = {**os.environ, "STEERING_CACHE_DIR": str(top / "cache")}
        ci, laptop, cold = top / "ci" / name, top / "laptop" / name, top / "cold" / name
        for copy in (ci, laptop, cold):
            shutil.copytree(tree, copy)
        shared = top / f"{name}.idx"
        common = ("--quiet", "--workers", str(workers))
        subprocess.run(
            [str(STEERING), "index", "--root", str(ci), *common, "--export", str(shared)],
            check=True,
            env=env,
            stdout=subprocess.DEVNULL,
        )
        seeded, said = _timed(
            "index", "--root", str(laptop), *common, "--from", str(shared), env=env
        )
        if not re.search(r" 0 added, 0 updated, 0 removed", said):
            raise RuntimeError(f"the seeded index parsed files again: {said!r}")
        cold_run, _ = _timed("index", "--root", str(cold), *common, env=env)
        source_mb = sum(p.stat().st_size for p in ci.rglob("*") if p.is_file()) / 1e6
        shared_mb = shared.stat().st_size / 1e6
        return Row(name, _files(said), source_mb, shared_mb, cold_run, seeded)


def section(rows: list[Row], workers: int) -> list[str]:
    load = os.getloadavg()[0]
    lines = [
        "## Shared index: a fresh clone started from one built in CI",
        "",
        f"`.venv/bin/python bench/shared_index_bench.py`, {workers} worker(s), load {load:.1f}"
        " when it finished. Each command is its own process; CPU is user + system.",
        "",
        "| corpus | source files | unpacked sdist | shared file | cold `steering index` | "
        "`steering index --from` | speed-up (wall) |",
        "|---|---:|---:|---:|---|---|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r.corpus} | {r.files:,} | {r.source_mb:.1f} MB | {r.shared_mb:.1f} MB | "
            f"{r.cold.wall_s:.1f} s wall, {r.cold.cpu_s:.1f} s CPU, {r.cold.rss_mb:.0f} MB | "
            f"{r.seeded.wall_s:.1f} s wall, {r.seeded.cpu_s:.1f} s CPU, "
            f"{r.seeded.rss_mb:.0f} MB | {r.cold.wall_s / r.seeded.wall_s:.1f}x |"
        )
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=sorted(CORPORA), action="append")
    parser.add_argument("--workers", type=int, default=1, help="1: every CPU second is counted")
    parser.add_argument("--no-write", action="store_true", help="print, leave RESULTS.md alone")
    args = parser.parse_args()
    rows = [measure(name, args.workers) for name in args.corpus or sorted(CORPORA)]
    lines = section(rows, args.workers)
    print("\n".join(lines))
    if not args.no_write:
        write_section("shared-index-bench", lines)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
