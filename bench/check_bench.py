"""Convention checks on real public code: the time and memory of `steering check` on a built
index, and what it flags (for reading, by eye, whether the findings are drift a team would
fix).

    python bench/check_bench.py                 # all corpora, update RESULTS.md
    python bench/check_bench.py --corpus django --no-write

The corpora are those of the index benchmark (sympy, django) and the five public projects of
the retrieval benchmark, fetched with pip into bench/.cache. Each index is built in its own
process, then each check runs in a fresh process of its own, as a CI job would run it.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from corpus import fetch_sdist
from index_bench import CACHE, CORPORA, REPO, machine
from results import spawn_phase, write_section

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(REPO))


def corpora() -> dict[str, tuple[str, str]]:
    """Name -> (project, version): the index benchmark's and the retrieval benchmark's."""
    found = dict(CORPORA)
    tasks = json.loads((BENCH / "retrieval_tasks.json").read_text("utf-8"))
    for entry in tasks["public"]:
        found[entry["project"]] = (entry["project"], entry["version"])
    return found


# --- phases (each in its own process) ------------------------------------------------------


def phase_build(root: Path, db: Path) -> dict[str, Any]:
    from steering_index.conventions.infer import workspace_conventions
    from steering_index.index.indexer import Indexer
    from steering_index.store import IndexStore

    started = time.perf_counter()
    with IndexStore.open(db) as store:
        summary = Indexer(root, store).build()
        seconds = time.perf_counter() - started
        workspace_conventions(store)  # remembered in the index, as `steering check` leaves it
    return {"seconds": seconds, "files": summary.added}


def phase_check(db: Path) -> dict[str, Any]:
    """What `steering check` does on an index that is up to date, timed step by step."""
    import resource

    from steering_index.conventions.infer import (
        check_file,
        infer_conventions,
        reference_filter,
        workspace_conventions,
    )
    from steering_index.store import IndexStore

    started = time.perf_counter()
    with IndexStore.open(db) as store:
        extracts = list(store.iter_extracts(reference_filter()))
    read = time.perf_counter()
    conventions = infer_conventions(extracts)
    inferred = time.perf_counter()
    findings = [f for extract in extracts for f in check_file(extract, conventions)]
    checked = time.perf_counter()
    # A pre-commit hook's check of one file: conventions remembered in the index.
    one = time.perf_counter()
    with IndexStore.open(db) as store:
        remembered = workspace_conventions(store)
        paths = [row.path for row in store.files()]
        extract = store.extract_for(paths[len(paths) // 2], reference_filter())
        if extract is not None:
            check_file(extract, remembered)
    one_file_s = time.perf_counter() - one
    by_code = Counter(f.code.split("/", 1)[1].split(".", 1)[0] for f in findings)
    names = Counter(f"{f.message.split('`')[1]}" for f in findings if f.message.count("`") >= 2)
    return {
        "read_s": read - started,
        "infer_s": inferred - read,
        "check_s": checked - inferred,
        "one_file_s": one_file_s,
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "findings": len(findings),
        "by_kind": dict(by_code),
        "top_names": names.most_common(5),
        "strong": sum(1 for c in conventions if c.strong),
    }


def spawn(*args: object) -> dict[str, Any]:
    return spawn_phase(__file__, *args)


# --- orchestration ------------------------------------------------------------------------


def measure(name: str, project: str, version: str, repeat: int) -> dict[str, Any]:
    root = fetch_sdist(project, version, cache=CACHE)
    with tempfile.TemporaryDirectory(prefix="check-bench-") as tmp:
        db = Path(tmp) / "index.sqlite3"
        build = spawn("build", root, db)
        runs = [spawn("check", db) for _ in range(repeat)]
    best = min(runs, key=lambda r: r["read_s"] + r["infer_s"] + r["check_s"])
    return {"name": f"{project} {version}", "files": build["files"], **best}


_KINDS = ("naming", "files", "imports", "library", "tests")


def section(results: list[dict[str, Any]], repeat: int) -> list[str]:
    lines = [
        "## Convention checks on public code",
        "",
        f"`python bench/check_bench.py` (best of {repeat} runs, each in a fresh process on an "
        "index that is up to date).",
        "",
        *machine(),
        "",
        "| corpus | files | read the index | infer | check every file | total | one file, "
        "conventions remembered | peak RSS | strong conventions | findings: "
        + " / ".join(_KINDS)
        + " |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        total = r["read_s"] + r["infer_s"] + r["check_s"]
        kinds = " / ".join(str(r["by_kind"].get(k, 0)) for k in _KINDS)
        lines.append(
            f"| {r['name']} | {r['files']:,} | {r['read_s']:.2f} s | {r['infer_s']:.2f} s "
            f"| {r['check_s']:.2f} s | {total:.2f} s | {r['one_file_s']:.2f} s "
            f"| {r['rss_mb']:.0f} MB | {r['strong']} "
            f"| {r['findings']:,}: {kinds} |"
        )
    lines += ["", "Most flagged names or modules, per corpus (with how many findings):", ""]
    for r in results:
        top = ", ".join(f"`{name}` {n}" for name, n in r["top_names"]) or "none"
        lines.append(f"- {r['name']}: {top}")
    return lines


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--phase":
        phase, rest = sys.argv[2], sys.argv[3:]
        if phase == "build":
            result = phase_build(Path(rest[0]), Path(rest[1]))
        else:
            result = phase_check(Path(rest[0]))
        print(json.dumps(result))
        return 0
    known = corpora()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", action="append", choices=sorted(known), help="repeatable")
    parser.add_argument("--repeat", type=int, default=3, help="check runs per corpus")
    parser.add_argument("--no-write", action="store_true", help="print, do not touch RESULTS.md")
    args = parser.parse_args()
    results = []
    for name in args.corpus or list(known):
        print(f"{name}: building the index, then checking ...", file=sys.stderr)
        results.append(measure(name, *known[name], args.repeat))
    lines = section(results, args.repeat)
    print("\n".join(lines))
    if not args.no_write:
        write_section("check", lines)
    return 0


if __name__ == "__main__":
    sys.exit(main())
