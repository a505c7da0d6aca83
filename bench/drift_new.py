"""Drift a release brings: the findings a team with a baseline would be shown.

For each pair of releases of a package, the older one is checked and its findings recorded
in a baseline, as `steering check --write-baseline` records them; the newer one is checked
and the baseline's findings left out, as a later `steering check` leaves them out. What
remains is the drift the changes between the two releases brought (or made visible: a
convention that became strong). As with a baseline, public API is judged (its names there
are recorded, a new one is reported), and a file moved under the same name keeps what was
recorded for it. Each is labelled by reading its code in `bench/drift_labels/<name>.json`
(the pair's name), as `drift_precision` labels findings.

The figure is the precision of what a team adopting the check on a mature codebase sees
from then on, where `drift_precision` measures what it would see on the first day.

    .venv/bin/python bench/drift_new.py
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import drift_precision as dp
from results import write_section

from steering_index.cli.conventions import workspace_findings
from steering_index.conventions.baseline import Baseline, flagged_text
from steering_index.conventions.libraries import workspace_library_table
from steering_index.index.files import text_reader, workspace_exists
from steering_index.index.indexer import Indexer
from steering_index.model import Finding
from steering_index.store import IndexStore


@dataclass(frozen=True)
class Pair:
    """Two releases of one package, the older first; `name` labels the newer's findings."""

    name: str
    older: dp.Corpus
    newer: dp.Corpus


def _pypi(
    name: str, package: str, old: str, new: str, suffixes: tuple[str, ...], note: str
) -> Pair:
    def corpus(version: str) -> dp.Corpus:
        return dp.Corpus(
            f"{name}-{version}", "pypi", ((package, version),), suffixes=suffixes, note=note
        )

    return Pair(f"{name}-since-{old}", corpus(old), corpus(new))


def _npm(name: str, package: str, old: str, new: str, folder: str, suffix: str, note: str) -> Pair:
    def corpus(version: str) -> dp.Corpus:
        return dp.Corpus(
            f"{name}-{version}",
            "npm",
            ((package, version),),
            keep=(folder,),
            suffixes=(suffix,),
            note=note,
        )

    return Pair(f"{name}-since-{old}", corpus(old), corpus(new))


# Chosen before any of their findings was read: months to years of changes each, in C++,
# C, C#, Kotlin and Swift (PyPI and npm keep old releases; Debian's archive holds one),
# between releases whose sdists lay their files out alike (pybind11 2.x and ujson 5.x were
# packed otherwise: every file would have moved, and every finding been new).
PAIRS = (
    _pypi("pybind11", "pybind11", "3.0.0", "3.1.0", (".h",), "C++: pybind11's headers"),
    _pypi("pycryptodome", "pycryptodome", "3.20.0", "4.4.0", (".c", ".h"), "C: its C sources"),
    _pypi("lz4", "lz4", "4.3.3", "4.4.5", (".c", ".h"), "C: python-lz4 with the lz4 library"),
    _pypi("ujson", "ujson", "6.0.0", "6.1.0", (".c", ".h"), "C: ujson's C sources"),
    _pypi("pillow", "pillow", "11.0.0", "13.0.0", (".c", ".h"), "C: Pillow's C sources"),
    _pypi("psutil", "psutil", "6.0.0", "7.2.2", (".c", ".h"), "C: psutil's C sources"),
    _pypi("multidict", "multidict", "6.1.0", "7.2.1", (".c", ".h"), "C: multidict's C sources"),
    _pypi("bitarray", "bitarray", "3.0.0", "3.12.3", (".c", ".h"), "C: bitarray's C sources"),
    _pypi("pythonnet", "pythonnet", "3.0.3", "3.0.5", (".cs",), "C#: pythonnet's .NET runtime"),
    _npm("expo-camera-kt", "expo-camera", "16.0.18", "57.0.6", "android", ".kt", "Kotlin"),
    _npm("expo-camera-swift", "expo-camera", "16.0.18", "57.0.6", "ios", ".swift", "Swift"),
    _npm("rn-screens-kt", "react-native-screens", "4.4.0", "4.28.0", "android", ".kt", "Kotlin"),
)


def _findings(
    root: Path, recording: Baseline | None = None, baseline: Baseline | None = None
) -> list[Finding]:
    """Every finding of the workspace, public API's too, as a check with `baseline` judges;
    with `recording`, those `steering check --write-baseline` records (`with_latent`), whose
    files' unread names (`Baseline.add_unread_of`) go to `recording`."""
    table, _problems = workspace_library_table(root)
    with tempfile.TemporaryDirectory() as tmp, IndexStore.open(Path(tmp) / "i.db") as store:
        Indexer(root, store).build()
        findings, _silenced, _conventions = workspace_findings(
            store,
            [""],
            table,
            root=root,
            public_api=True,
            recording=recording is not None,
            recorded=baseline.records_name if baseline is not None else None,
        )
        if recording is not None:
            recording.add_unread_of(store, text_reader(root))
    return findings


def new_findings(pair: Pair) -> tuple[int, list[dp.Sampled]]:
    """(findings of the newer release, those the older one's baseline does not hold)."""
    cache = dp.cache_dir()
    return findings_since(dp.fetch(pair.older, cache), dp.fetch(pair.newer, cache))


def findings_since(older: Path, newer: Path) -> tuple[int, list[dp.Sampled]]:
    """(findings in the workspace `newer`, those a baseline of `older`'s does not hold)."""
    baseline = Baseline()
    baseline.add(_findings(older, recording=baseline), text_reader(older))
    everything = _findings(newer, baseline=baseline)
    read = text_reader(newer)
    exists = workspace_exists(newer)
    by_path: dict[str, list[Finding]] = {}
    for finding in everything:
        by_path.setdefault(finding.location.path, []).append(finding)
    seen: Counter[tuple[str, str, str]] = Counter()
    found: list[dp.Sampled] = []
    for path, findings in by_path.items():
        data = read(path)
        new, _recorded = baseline.split(path, findings, data, exists)
        for finding in new:
            text = flagged_text(finding, data)
            key = (finding.code.partition("/")[2].split("@", 1)[0], path, text)
            seen[key] += 1
            fid = dp.finding_id(finding.code, path, text, seen[key])
            line = finding.location.lines.first
            found.append(dp.Sampled(fid, finding.code, path, line, text, finding.message))
    return len(everything), found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pair", action="append", help="only this pair (repeatable)")
    parser.add_argument("--json", type=Path, help="also write every new finding here")
    parser.add_argument("--no-write", action="store_true", help="leave RESULTS.md alone")
    args = parser.parse_args()
    rows = [
        "| pair | newer release | findings | recorded in the older's baseline | new | accept |"
        " noise | unlabelled | precision of the new |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    dump: dict[str, list[dict[str, object]]] = {}
    totals = Counter[str]()
    for pair in PAIRS:
        if args.pair and pair.name not in args.pair:
            continue
        print(f"{pair.name}: fetching, indexing and checking both releases", file=sys.stderr)
        count, new = new_findings(pair)
        labels = dp.load_labels(pair.name)
        verdicts = Counter(labels.get(f.id, {}).get("verdict", "unlabelled") for f in new)
        accept, noise = verdicts["accept"], verdicts["noise"]
        share = f"{100 * accept / (accept + noise):.0f}%" if accept + noise else "-"
        (package, version), *_ = pair.newer.packages
        rows.append(
            f"| {pair.name} | {package} {version} | {count} | {count - len(new)} | {len(new)}"
            f" | {accept} | {noise} | {verdicts['unlabelled']} | {share} |"
        )
        totals.update({"findings": count, "new": len(new), "accept": accept, "noise": noise})
        dump[pair.name] = [asdict(f) for f in new]
    accept, noise = totals["accept"], totals["noise"]
    share = f"{100 * accept / (accept + noise):.0f}%" if accept + noise else "-"
    rows.append(
        f"| all | | {totals['findings']} | {totals['findings'] - totals['new']} |"
        f" {totals['new']} | {accept} | {noise} | {totals['new'] - accept - noise} | {share} |"
    )
    print("\n".join(rows))
    if not args.no_write and not args.pair:
        write_section(
            "drift-new",
            [
                "## Drift a release brings, past a baseline of the release before",
                "",
                f"Run {date.today().isoformat()}: `.venv/bin/python bench/drift_new.py`. The"
                " older release's findings are recorded in a baseline as `steering check"
                " --write-baseline` records them; the newer release is checked with it. The"
                " new findings are labelled in `bench/drift_labels/<pair>.json`.",
                "",
                *rows,
            ],
        )
    if args.json:
        args.json.write_text(json.dumps(dump, indent=1, ensure_ascii=False) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
