"""Indexing benchmark on real public code: cold build, no-change start, single-file updates, RSS.

    python bench/index_bench.py            # fetch the corpora once, measure, update RESULTS.md
    python bench/index_bench.py --repeat 3 --corpus sympy
    python bench/index_bench.py --languages  # C#, Ruby, PHP, C, C++, Kotlin, Swift, Bash

The corpora are the source distributions of sympy 1.14.0 and django 6.1.3, fetched with
`pip download --no-binary :all: --no-deps` into bench/.cache (gitignored) and unpacked there.
With `--languages`, the corpora are those of the drift precision benchmark's `languages`
group (one per language the index learned after the first six), and only the cold index
is timed against the raw parse of the same files, one process each.
Every measurement runs in a fresh process over a private copy of the corpus, on the same
file list, so the raw tree-sitter baseline and our index see exactly the same files.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from corpus import fetch_sdist
from results import spawn_phase, write_section

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
CACHE = BENCH / ".cache"
CORPORA = {"sympy": ("sympy", "1.14.0"), "django": ("django", "6.1.3")}
TARGETS = {"ratio": 1.5, "warm_s": 0.5, "update_p95_ms": 30.0, "rss_mb": 300.0}

sys.path.insert(0, str(REPO))


# --- corpus -------------------------------------------------------------------------------


def fetch(name: str) -> Path:
    """The unpacked sdist of corpus `name`, downloading it on first use."""
    return fetch_sdist(*CORPORA[name], cache=CACHE)


# --- phases (each runs in its own process) -------------------------------------------------


def _peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _own_cpu_s() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class WorkerPeaks:
    """Peak RSS of every descendant process, sampled from /proc (Linux only).

    Pool workers are children of the fork server, not of us, so RUSAGE_CHILDREN misses them;
    VmHWM is each process's own high-water mark, so sampling it often enough is exact.
    """

    def __init__(self) -> None:
        import threading

        self.peaks: dict[int, float] = {}
        self.cpu: dict[int, float] = {}  # last seen user + system seconds
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> WorkerPeaks:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(0.05):
            for pid in self._descendants(os.getpid()):
                try:
                    status = Path(f"/proc/{pid}/status").read_text()
                    stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                self.cpu[pid] = (int(stat[11]) + int(stat[12])) / os.sysconf("SC_CLK_TCK")
                for line in status.splitlines():
                    if line.startswith("VmHWM:"):
                        self.peaks[pid] = max(self.peaks.get(pid, 0), int(line.split()[1]) / 1024)

    @staticmethod
    def _descendants(root: int) -> list[int]:
        children: dict[int, list[int]] = {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
        found, todo = [], [root]
        while todo:
            for child in children.get(todo.pop(), []):
                found.append(child)
                todo.append(child)
        return found


def _raw_chunk(root: str, paths: list[str]) -> int:
    from steering_index.index.extract import raw_parse_and_query
    from steering_index.index.languages import language_for_path

    captures = 0
    for path in paths:
        data = (Path(root) / path).read_bytes()
        captures += raw_parse_and_query(data, language_for_path(path) or "python")
    return captures


def phase_raw(root: Path, workers: int) -> dict[str, float]:
    """The practical limit: read, parse, run the query over every file; nothing else."""
    from steering_index.index.indexer import worker_pool
    from steering_index.index.walk import workspace_files

    paths = sorted(workspace_files(root))
    cpu_before = _own_cpu_s()
    with WorkerPeaks() as workers_cpu:
        started = time.perf_counter()
        if workers == 1:
            captures = _raw_chunk(str(root), paths)
        else:
            size = max(1, min(32, len(paths) // (workers * 8)))
            chunks = [paths[i : i + size] for i in range(0, len(paths), size)]
            # The same process start method and chunking as the indexer: a like-for-like limit.
            with worker_pool(workers) as pool:
                captures = sum(pool.map(_raw_chunk, [str(root)] * len(chunks), chunks))
        seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "cpu_s": _own_cpu_s() - cpu_before + sum(workers_cpu.cpu.values()),
        "files": len(paths),
        "megabytes": sum((root / p).stat().st_size for p in paths) / 1e6,
        "captures": captures,
    }


def phase_cold(root: Path, workers: int, db: Path) -> dict[str, float]:
    from steering_index.index.indexer import Indexer, IndexSettings
    from steering_index.store import IndexStore

    cpu_before = _own_cpu_s()
    with WorkerPeaks() as workers_rss:
        started = time.perf_counter()
        store = IndexStore.open(db)
        summary = Indexer(root, store, IndexSettings(workers=workers)).build()
        seconds = time.perf_counter() - started
    cpu_s = _own_cpu_s() - cpu_before + sum(workers_rss.cpu.values())
    files, symbols = store.counts()
    store.close()
    return {
        "seconds": seconds,
        "cpu_s": cpu_s,
        "files": files,
        "symbols": symbols,
        "added": summary.added,
        "rss_mb": _peak_rss_mb(),
        "worker_rss_mb": max(workers_rss.peaks.values(), default=0.0),
        "all_rss_mb": _peak_rss_mb() + sum(workers_rss.peaks.values()),
        "db_mb": db.stat().st_size / 1e6,
    }


def phase_warm(root: Path, db: Path) -> dict[str, float]:
    """A start with nothing changed: open the index, scan, find nothing to do."""
    imports_started = time.perf_counter()
    from steering_index.index.indexer import Indexer, IndexSettings
    from steering_index.store import IndexStore

    started = time.perf_counter()
    store = IndexStore.open(db)
    summary = Indexer(root, store, IndexSettings()).build()
    seconds = time.perf_counter() - started
    store.close()
    return {
        "seconds": seconds,
        "import_seconds": started - imports_started,
        "unchanged": summary.unchanged,
        "reread": summary.added + summary.updated,
    }


def phase_stages(root: Path, db: Path) -> dict[str, float]:
    """CPU seconds of each stage of a cold build, one process: robust to load.

    File by file, as the indexer goes (a reader per 32 files, a write per 256), so that
    every stage runs with the memory and caches it has in a build; the raw parse plus query
    runs on each file just before its extraction, so drift in machine speed hits both alike.
    """
    from steering_index.index.extract import extract_packed, raw_parse_and_query
    from steering_index.index.files import ReadProblem, WorkspaceReader
    from steering_index.index.languages import language_for_path
    from steering_index.index.walk import workspace_files
    from steering_index.store import EncodedFile, IndexStore, content_hash, encode_file

    paths = sorted(workspace_files(root))
    clock = time.process_time
    spent = dict.fromkeys(("read_s", "raw_s", "extract_s", "encode_s", "write_s"), 0.0)
    store = IndexStore.open(db)
    batch: list[EncodedFile] = []
    reader = WorkspaceReader(root)
    for i, path in enumerate(paths):
        started = clock()
        if i % 32 == 0:
            reader = WorkspaceReader(root)
        read = reader.read(root / path)
        if isinstance(read, ReadProblem):
            continue
        digest = content_hash(read.data)
        language = language_for_path(path) or "python"
        read_done = clock()
        raw_parse_and_query(read.data, language)
        raw_done = clock()
        found = extract_packed(path, read.data, language)
        extract_done = clock()
        batch.append(encode_file(found, read.size, read.mtime_ns, 1, digest, "disk"))
        encode_done = clock()
        if len(batch) == 256 or i == len(paths) - 1:
            store.put_files(batch)
            batch = []
        for key, begin, end in (
            ("read_s", started, read_done),
            ("raw_s", read_done, raw_done),
            ("extract_s", raw_done, extract_done),
            ("encode_s", extract_done, encode_done),
            ("write_s", encode_done, clock()),
        ):
            spent[key] += end - begin
    started = clock()
    store.put_files(batch)
    store.checkpoint()
    spent["write_s"] += clock() - started
    store.close()
    return spent


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def phase_updates(root: Path, db: Path, edits: int) -> dict[str, float]:
    """Single-file updates: an editor buffer's text, and a file saved to disk.

    Each update is followed by the raw parse plus query of the same text, so that every
    p95 can be read against the practical limit on the same files at the same moment.
    """
    import random

    from steering_index.index.extract import raw_parse_and_query
    from steering_index.index.indexer import Indexer, IndexSettings
    from steering_index.index.languages import language_for_path
    from steering_index.store import IndexStore

    def raw_ms(path: str, data: bytes) -> float:
        started = time.perf_counter()
        raw_parse_and_query(data, language_for_path(path) or "python")
        return (time.perf_counter() - started) * 1000

    store = IndexStore.open(db)
    indexer = Indexer(root, store, IndexSettings(workers=1))
    rows = store.files()
    rng = random.Random(20261128)
    picks = [rng.choice(rows).path for _ in range(edits)]
    spent: dict[str, list[float]] = {k: [] for k in ("buffer", "typing", "saved")}
    raw: dict[str, list[float]] = {k: [] for k in ("buffer", "typing", "saved")}
    for i, path in enumerate(picks):
        original = (root / path).read_text("utf-8")
        text = original + f"\n\ndef bench_edit_{i}(value):\n    return value\n"
        started = time.perf_counter()
        indexer.update_file(path, text)  # a buffer's first text: a full parse
        spent["buffer"].append((time.perf_counter() - started) * 1000)
        raw["buffer"].append(raw_ms(path, text.encode("utf-8")))
        indexer.close_buffer(path)
    for i, path in enumerate(picks):
        original = (root / path).read_text("utf-8")
        indexer.update_file(path, original)  # the file is open in the editor...
        middle = len(original) // 2
        newline = original.rfind("\n", 0, middle) + 1
        typed = original[:newline] + f"# typed {i}\n" + original[newline:]
        started = time.perf_counter()
        indexer.update_file(path, typed)  # ...and one line is typed into it
        spent["typing"].append((time.perf_counter() - started) * 1000)
        raw["typing"].append(raw_ms(path, typed.encode("utf-8")))
        indexer.close_buffer(path)
    for i, path in enumerate(picks):
        target = root / path
        target.write_text(target.read_text("utf-8") + f"\n# saved edit {i}\n", "utf-8")
        started = time.perf_counter()
        indexer.apply_changes([path])
        spent["saved"].append((time.perf_counter() - started) * 1000)
        raw["saved"].append(raw_ms(path, target.read_bytes()))
    store.close()
    result: dict[str, float] = {"edits": edits}
    for kind in spent:
        result[f"{kind}_p50_ms"] = _percentile(spent[kind], 0.5)
        result[f"{kind}_p95_ms"] = _percentile(spent[kind], 0.95)
        result[f"{kind}_raw_p50_ms"] = _percentile(raw[kind], 0.5)
        result[f"{kind}_raw_p95_ms"] = _percentile(raw[kind], 0.95)
    return result


def phase_switch(root: Path, db: Path, touched: int, workers: int) -> dict[str, float]:
    """A branch switch under the watcher: `touched` files created, rewritten or deleted at
    once; the index must end up equal to a fresh build, in few batches, with bounded memory."""
    from steering_index.index.indexer import Indexer, IndexSettings
    from steering_index.index.watch import IndexWatcher
    from steering_index.store import IndexStore

    store = IndexStore.open(db)
    indexer = Indexer(root, store, IndexSettings(workers=workers))
    watcher = IndexWatcher(root, indexer.apply_changes)
    watcher.start()
    existing = sorted(r.path for r in store.files())
    rewrite, delete = (
        existing[: touched // 10],
        existing[touched // 10 : touched // 10 + touched // 20],
    )
    create = touched - len(rewrite) - len(delete)
    with WorkerPeaks() as workers_rss:
        # Written by another process, as git would: in this one the writes would share the
        # interpreter with the watcher's event thread and crawl.
        began = time.perf_counter()
        subprocess.run(
            [sys.executable, __file__, "--phase", "branch-write", str(root),
             json.dumps({"rewrite": rewrite, "delete": delete, "create": create})],
            check=True,
        )  # fmt: skip
        written = time.perf_counter()
        while not watcher.idle or time.perf_counter() - written < 1.0:
            time.sleep(0.05)
        settled = time.perf_counter() - written
    watcher.stop()
    incremental = {(r.path, r.hash) for r in store.file_rows()}
    store.close()
    fresh_db = db.with_name("fresh-after-switch.sqlite3")
    with IndexStore.open(fresh_db) as fresh:
        Indexer(root, fresh, IndexSettings(workers=workers)).build()
        expected = {(r.path, r.hash) for r in fresh.file_rows()}
    return {
        "touched": touched,
        "batches": watcher.batches,
        "write_s": written - began,
        "settled_s": settled,
        "converged": float(incremental == expected),
        "rss_mb": _peak_rss_mb(),
        "all_rss_mb": _peak_rss_mb() + sum(workers_rss.peaks.values()),
    }


def write_branch(root: Path, plan: dict[str, Any]) -> None:
    """The branch switch's writes: rewrite, delete and create files, as fast as we can."""
    for path in plan["rewrite"]:
        (root / path).write_text((root / path).read_text("utf-8") + "\n# on the branch\n")
    for path in plan["delete"]:
        (root / path).unlink()
    branch = root / "branch_only"
    branch.mkdir()
    for i in range(plan["create"]):
        (branch / f"module_{i:05}.py").write_text(f"def feature_{i}(x):\n    return x + {i}\n")


def run_phase(argv: list[str]) -> None:
    name, root = argv[0], Path(argv[1])
    if name == "branch-write":
        write_branch(root, json.loads(argv[2]))
        return
    if name == "raw":
        result = phase_raw(root, int(argv[2]))
    elif name == "cold":
        result = phase_cold(root, int(argv[2]), Path(argv[3]))
    elif name == "warm":
        result = phase_warm(root, Path(argv[2]))
    elif name == "stages":
        result = phase_stages(root, Path(argv[2]))
    elif name == "switch":
        result = phase_switch(root, Path(argv[2]), int(argv[3]), int(argv[4]))
    else:
        result = phase_updates(root, Path(argv[2]), int(argv[3]))
    print(json.dumps(result))


def spawn(*args: object) -> dict[str, float]:
    return spawn_phase(__file__, *args)


# --- orchestration ----------------------------------------------------------------------------


@dataclass
class CorpusResult:
    name: str
    files: int
    megabytes: float
    raw: dict[int, dict[str, float]]  # processes -> best run (seconds, cpu_s)
    cold: dict[int, dict[str, float]]
    pairs: dict[int, list[tuple[float, float]]]  # processes -> (wall, CPU) cold/raw per pair
    stages: dict[str, float]
    symbols: int
    db_mb: float
    rss_mb: float
    worker_rss_mb: float
    all_rss_mb: float
    warm_s: float
    warm_import_s: float
    warm_reread: int
    updates: dict[str, float]
    switch: dict[str, float]


def _best(runs: list[dict[str, float]]) -> dict[str, float]:
    """The fastest run's wall time, and the smallest CPU time (both are least disturbed)."""
    return {
        "seconds": min(r["seconds"] for r in runs),
        "cpu_s": min(r["cpu_s"] for r in runs),
    }


def measure(name: str, workers: int, repeat: int, edits: int, switch_files: int) -> CorpusResult:
    source = fetch(name)
    with tempfile.TemporaryDirectory(prefix="index-bench-") as tmp:
        root = Path(tmp) / source.name
        shutil.copytree(source, root, symlinks=True)
        raw: dict[int, dict[str, float]] = {}
        cold: dict[int, dict[str, float]] = {}
        pairs: dict[int, list[tuple[float, float]]] = {}
        last: dict[str, float] = {}
        for n in sorted({1, workers}):
            # Alternating raw and cold runs spreads any drift in machine load over both.
            raw_runs, cold_runs = [], []
            for attempt in range(repeat):
                raw_runs.append(spawn("raw", root, n))
                cold_runs.append(spawn("cold", root, n, Path(tmp) / f"cold-{n}-{attempt}.sqlite3"))
            raw[n] = _best(raw_runs)
            cold[n] = _best(cold_runs)
            # Each cold run against the raw run just before it: machine speed drifts by up
            # to a third over minutes here, and the two best runs may come from different
            # moments. The median pair is the ratio that counts.
            pairs[n] = [
                (c["seconds"] / r["seconds"], c["cpu_s"] / r["cpu_s"])
                for r, c in zip(raw_runs, cold_runs, strict=True)
            ]
            last = cold_runs[-1]
            print(
                f"  {name}: raw x{n} {raw[n]['seconds']:.2f} s,"
                f" cold x{n} {cold[n]['seconds']:.2f} s",
                flush=True,
            )
        stages = spawn("stages", root, Path(tmp) / "stages.sqlite3")
        db = Path(tmp) / f"cold-{workers}-{repeat - 1}.sqlite3"
        warm = [spawn("warm", root, db) for _ in range(max(3, repeat))]
        updates = spawn("updates", root, db, edits)
        switch = spawn("switch", root, db, switch_files, workers)
    return CorpusResult(
        name=f"{CORPORA[name][0]} {CORPORA[name][1]}",
        files=int(raw_runs[0]["files"]),
        megabytes=raw_runs[0]["megabytes"],
        raw=raw,
        cold=cold,
        pairs=pairs,
        stages=stages,
        symbols=int(last["symbols"]),
        db_mb=last["db_mb"],
        rss_mb=last["rss_mb"],
        worker_rss_mb=last["worker_rss_mb"],
        all_rss_mb=last["all_rss_mb"],
        warm_s=min(w["seconds"] for w in warm),
        warm_import_s=min(w["import_seconds"] for w in warm),
        warm_reread=int(max(w["reread"] for w in warm)),
        updates=updates,
        switch=switch,
    )


def machine() -> list[str]:
    cpu = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = ", ".join(
        f"{dist} {metadata.version(dist)}"
        for dist in ("tree-sitter", "tree-sitter-python", "tree-sitter-javascript")
    )
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return [
        f"- Machine: {cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}",
        f"- Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, {versions}",
        f"- Load average when the run started: {load}",
    ]


def _ratio(r: CorpusResult, n: int) -> str:
    walls = [wall for wall, _ in r.pairs[n]]
    wall = statistics.median(walls)
    cpu = statistics.median(c for _, c in r.pairs[n])
    spread = f"; pairs {min(walls):.2f}-{max(walls):.2f}x" if len(walls) > 1 else ""
    return f"{wall:.2f}x ({cpu:.2f}x){spread}, {verdict(wall <= TARGETS['ratio'])}"


def verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def table(results: list[CorpusResult], workers: int) -> list[str]:
    lines = [
        "| | " + " | ".join(r.name for r in results) + " |",
        "|---|" + "---|" * len(results),
    ]

    def row(label: str, cells: list[str]) -> None:
        lines.append(f"| {label} | " + " | ".join(cells) + " |")

    row("files indexed (MB on disk)", [f"{r.files:,} ({r.megabytes:.0f} MB)" for r in results])
    for n in sorted({1, workers}):
        row(
            f"raw parse + query, {n} process(es): wall (CPU)",
            [f"{r.raw[n]['seconds']:.2f} s ({r.raw[n]['cpu_s']:.1f} s)" for r in results],
        )
        row(
            f"cold index, {n} worker(s): wall (CPU)",
            [f"{r.cold[n]['seconds']:.2f} s ({r.cold[n]['cpu_s']:.1f} s)" for r in results],
        )
        row(
            f"**ratio cold / raw, {n}**: wall (CPU), median of back-to-back pairs",
            [_ratio(r, n) for r in results],
        )
    row(
        "CPU by stage, 1 process: raw parse + query = 1.00",
        [
            " / ".join(
                f"{label} {r.stages[key] / r.stages['raw_s']:.2f}"
                for label, key in (
                    ("extract", "extract_s"),
                    ("encode", "encode_s"),
                    ("write", "write_s"),
                    ("read+hash", "read_s"),
                )
            )
            for r in results
        ],
    )
    row("symbols; index size", [f"{r.symbols:,}; {r.db_mb:.0f} MB" for r in results])
    row(
        "start, nothing changed",
        [
            f"{r.warm_s:.3f} s (+{r.warm_import_s:.2f} s imports), {r.warm_reread} re-read"
            f" ({verdict(r.warm_s < TARGETS['warm_s'])})"
            for r in results
        ],
    )
    labels = {
        "buffer": "a buffer's first text",
        "typing": "a line typed into an open buffer",
        "saved": "file saved",
    }
    for kind, label in labels.items():
        row(
            f"single-file update ({label}) p50 / p95; raw parse + query of the same texts",
            [
                f"{r.updates[kind + '_p50_ms']:.1f} / {r.updates[kind + '_p95_ms']:.1f} ms"
                f" ({verdict(r.updates[kind + '_p95_ms'] < TARGETS['update_p95_ms'])});"
                f" raw {r.updates[kind + '_raw_p50_ms']:.1f} /"
                f" {r.updates[kind + '_raw_p95_ms']:.1f} ms"
                for r in results
            ],
        )
    row(
        "peak RSS: indexer / largest worker / all processes",
        [
            f"{r.rss_mb:.0f} / {r.worker_rss_mb:.0f} / {r.all_rss_mb:.0f} MB"
            f" ({verdict(r.all_rss_mb < TARGETS['rss_mb'])})"
            for r in results
        ],
    )
    row(
        "branch switch under the watcher",
        [
            f"{r.switch['touched']:,.0f} files written in {r.switch['write_s']:.1f} s:"
            f" {r.switch['batches']:.0f} batch(es), settled"
            f" {r.switch['settled_s']:.1f} s after the last write, "
            + (
                "equal to a fresh build"
                if r.switch["converged"]
                else "**not** equal to a fresh build"
            )
            + f", peak RSS {r.switch['all_rss_mb']:.0f} MB"
            for r in results
        ],
    )
    return lines


def write_results(section: list[str]) -> None:
    write_section("index-bench", section)


def measure_languages(repeat: int) -> list[str]:
    """Cold index against raw parse + query, one process, on each language corpus: the
    best of `repeat` runs of each, and the median ratio of back-to-back pairs."""
    import drift_precision

    cache = drift_precision.cache_dir()
    rows = [
        "| corpus | language | files | MB | raw parse + query | cold index | ratio (median pair) "
        "| symbols |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for corpus in drift_precision.LANGUAGE_CORPORA:
        source = drift_precision.fetch(corpus, cache)
        raws: list[dict[str, float]] = []
        colds: list[dict[str, float]] = []
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "corpus"
            shutil.copytree(source, root)
            for i in range(repeat):
                raws.append(spawn("raw", root, 1))
                colds.append(spawn("cold", root, 1, Path(tmp) / f"index-{i}.db"))
        pairs = sorted(c["seconds"] / r["seconds"] for r, c in zip(raws, colds, strict=True))
        raw, cold = _best(raws), _best(colds)
        language = corpus.note.split(":", 1)[0]
        rows.append(
            f"| {corpus.name} | {language} | {raws[0]['files']:,.0f} "
            f"| {raws[0]['megabytes']:.1f} | {raw['seconds']:.2f} s | {cold['seconds']:.2f} s "
            f"| {statistics.median(pairs):.2f}x | {colds[0]['symbols']:,.0f} |"
        )
        print(rows[-1], flush=True)
    return rows


def _languages_section(header: list[str], rows: list[str], repeat: int) -> list[str]:
    return [
        "## Indexing in C#, Ruby, PHP, C, C++, Kotlin, Swift and Bash",
        "",
        f"Run {time.strftime('%Y-%m-%d')}: `.venv/bin/python bench/index_bench.py --languages` "
        f"(the corpora of `bench/drift_precision.py --group languages`; best of {repeat} per "
        "timing, one process; the ratio is the median of back-to-back cold/raw pairs). Raw "
        "parse + query reads, parses and runs the language's query over every file and "
        "nothing else; the cold index walks, extracts and writes the SQLite index.",
        "",
        *header,
        "",
        *rows,
    ]


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--phase":
        run_phase(sys.argv[2:])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=sorted(CORPORA), action="append")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="runs per timing: the best counts, and the ratio is the median raw/cold pair",
    )
    parser.add_argument("--edits", type=int, default=200)
    parser.add_argument("--switch-files", type=int, default=10_000)
    parser.add_argument("--no-write", action="store_true", help="print, leave RESULTS.md alone")
    parser.add_argument("--languages", action="store_true", help="the eight-language corpora")
    args = parser.parse_args()
    header = machine()
    print("\n".join(header), flush=True)
    if args.languages:
        rows = measure_languages(args.repeat)
        if not args.no_write:
            write_section("index-languages", _languages_section(header, rows, args.repeat))
        return 0
    started = time.perf_counter()
    results = [
        measure(c, args.workers, args.repeat, args.edits, args.switch_files)
        for c in args.corpus or CORPORA
    ]
    lines = table(results, args.workers)
    print("\n".join(lines))
    if not args.no_write:
        write_results(
            [
                "## Indexing",
                "",
                f"`python bench/index_bench.py` ({time.perf_counter() - started:.0f} s for this"
                f" run, best of {args.repeat} per timing, cold/raw the median of {args.repeat}"
                f" back-to-back pairs, {args.edits} edits).",
                "",
                *header,
                "",
                *lines,
            ]
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
