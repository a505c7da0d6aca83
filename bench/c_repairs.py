"""C and C++ repairs: what reading the source as a preprocessor would leave it buys the index.

tree-sitter-c and tree-sitter-cpp cannot expand macros, so a header marked with export,
availability or inline macros, or with a conditional inside a class head, parses with
ERROR nodes that cost whole classes and namespaces. `extract` repairs a copy of such a
file (`directive_heads`, `attribute_macros`) and keeps it when its errors cover less.
This ablation extracts every C and C++ file of the drift benchmarks' corpora (fetched as
`bench/drift_precision.py` does; the same file in two corpora counts once) twice, as
shipped and with the repair step replaced by one that keeps the file as written, and
compares:

- parse errors (ERROR and MISSING nodes) and the files with any;
- definitions: found only with the repairs, lost with them, given another scope or kind;
- extraction time, best of `--repeat` passes over all the files, one process.

    .venv/bin/python bench/c_repairs.py [--repeat 3] [--show 20] [--no-write]

`--language csharp` does the same for C# files, whose repair reads a conditional the
grammar leaves in an error (`without_broken_conditionals`): on the C# corpora, or with
`--folder PATH` (repeatable) on any folders, such as clones of C# projects (printed only).
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import drift_precision as dp
from index_bench import machine
from results import write_section

from steering_index.index import extract as extract_module
from steering_index.index.languages import language_of
from steering_index.model import FileExtract

# (name, name's start byte) -> (kind, scope)
Definitions = dict[tuple[str, int], tuple[str, str]]


@dataclass
class Tally:
    files: int = 0
    megabytes: float = 0.0
    broken: list[int] = field(default_factory=lambda: [0, 0])  # files with errors: as is, repaired
    errors: list[int] = field(default_factory=lambda: [0, 0])
    definitions: list[int] = field(default_factory=lambda: [0, 0])
    found: int = 0
    lost: int = 0
    rescoped: int = 0
    rekinded: int = 0
    seconds: list[float] = field(default_factory=lambda: [0.0, 0.0])
    examples: dict[str, list[str]] = field(
        default_factory=lambda: {"found": [], "lost": [], "rescoped": []}
    )
    # corpus -> [errors as written, repaired, definitions as written, repaired]
    by_corpus: dict[str, list[int]] = field(default_factory=dict)


@dataclass(frozen=True)
class Family:
    """Languages measured together: their corpora's note prefix, the index's names for
    them, how the section names them, and the section's id in RESULTS.md."""

    notes: tuple[str, ...]
    languages: tuple[str, ...]
    label: str
    section_id: str


FAMILIES = {
    "c-family": Family(("C:", "C++:"), ("c", "cpp"), "C and C++", "c-repairs"),
    "csharp": Family(("C#:",), ("csharp",), "C#", "csharp-repairs"),
}
C_FAMILY = FAMILIES["c-family"]


def c_family_corpora(family: Family = C_FAMILY) -> Iterator[dp.Corpus]:
    seen: set[str] = set()
    for corpora in dp.GROUPS.values():
        for corpus in corpora:
            if corpus.note.startswith(family.notes) and corpus.name not in seen:
                seen.add(corpus.name)
                yield corpus


def c_family_files(
    roots: list[tuple[str, Path]], family: Family = C_FAMILY
) -> list[tuple[str, bytes, str]]:
    """(path, bytes, language) of every file of the `family` (C and C++ unless said) under
    the `roots` (corpus name, folder), each content once; the path is the corpus's name,
    then the file's path in it."""
    seen: set[bytes] = set()
    files: list[tuple[str, bytes, str]] = []
    for name, root in roots:
        for path in sorted(root.rglob("*")):
            if not path.is_file() or path.is_symlink():
                continue
            data = path.read_bytes()
            language = language_of(path.name, data)
            if language not in family.languages:
                continue
            digest = hashlib.sha256(data).digest()
            if digest in seen:
                continue
            seen.add(digest)
            files.append((f"{name}/{path.relative_to(root).as_posix()}", data, language))
    return files


def _as_written(data: bytes, language: str, root: object) -> tuple[bytes, object, int]:
    """The ablation: the file as written, its own tree and error count."""
    problems = extract_module._problem_nodes(root)  # type: ignore[arg-type]
    return data, root, len(problems)


def _extract_all(
    files: list[tuple[str, bytes, str]], repaired: bool
) -> tuple[list[FileExtract], float]:
    shipped: Callable[..., tuple[bytes, object, int]] = extract_module._repaired
    if not repaired:
        extract_module._repaired = _as_written  # type: ignore[assignment]
    try:
        start = time.perf_counter()
        found = [extract_module.extract(path, data, language) for path, data, language in files]
        return found, time.perf_counter() - start
    finally:
        extract_module._repaired = shipped  # type: ignore[assignment]


def _definitions(one: FileExtract) -> Definitions:
    return {(s.name, s.name_span.start_byte): (s.kind, s.scope) for s in one.symbols}


def measure(
    files: list[tuple[str, bytes, str]], repeat: int, corpus_of: Callable[[str], str] | None = None
) -> Tally:
    tally = Tally(files=len(files), megabytes=sum(len(d) for _, d, _ in files) / 1e6)
    runs = [_extract_all(files, repaired) for _ in range(repeat) for repaired in (False, True)]
    tally.seconds = [
        min(seconds for i, (_, seconds) in enumerate(runs) if i % 2 == mode) for mode in (0, 1)
    ]
    before, after = runs[0][0], runs[1][0]
    for old, new in zip(before, after, strict=True):
        row = tally.by_corpus.setdefault(corpus_of(old.path) if corpus_of else "", [0, 0, 0, 0])
        for mode, one in enumerate((old, new)):
            tally.errors[mode] += one.error_count
            tally.broken[mode] += one.error_count > 0
            tally.definitions[mode] += len(one.symbols)
            row[mode] += one.error_count
            row[2 + mode] += len(one.symbols)
        was, now = _definitions(old), _definitions(new)
        for key, (kind, scope) in now.items():
            if key not in was:
                tally.found += 1
                tally.examples["found"].append(f"{old.path}: {kind} `{_join(scope, key[0])}`")
            elif was[key][1] != scope:
                tally.rescoped += 1
                tally.examples["rescoped"].append(
                    f"{old.path}: `{key[0]}` in `{was[key][1]}` -> `{scope}`"
                )
            elif was[key][0] != kind:
                tally.rekinded += 1
        for key, (kind, scope) in was.items():
            if key not in now:
                tally.lost += 1
                tally.examples["lost"].append(f"{old.path}: {kind} `{_join(scope, key[0])}`")
    return tally


def _join(scope: str, name: str) -> str:
    return f"{scope}.{name}" if scope else name


def section(
    tally: Tally,
    corpora: list[str],
    repeat: int,
    header: list[str],
    family: Family = C_FAMILY,
    where: str = "",
) -> list[str]:
    """The RESULTS.md section; `where` names the files when they are not the corpora's."""

    def pair(values: list[int]) -> str:
        return f"{values[0]:,} | {values[1]:,}"

    slower = tally.seconds[1] / tally.seconds[0] if tally.seconds[0] else 0.0
    option = "" if family is C_FAMILY else " --language csharp"
    where = where or (
        f"Every {family.label} file of the drift benchmarks' corpora ({len(corpora)}: "
        f"{', '.join(corpora)})"
    )
    repairs = (
        "`directive_heads`, `attribute_macros`"
        if family is C_FAMILY
        else "`without_broken_conditionals`"
    )
    return [
        f"## {family.label} repairs: the index with and without them",
        "",
        f"Run {time.strftime('%Y-%m-%d')}: `.venv/bin/python bench/c_repairs.py --repeat "
        f"{repeat}{option}`. {where}, each content once: {tally.files:,} files, "
        f"{tally.megabytes:.1f} MB. Each file extracted as shipped and with the repair step "
        f"({repairs}) replaced by one that keeps it as written.",
        "",
        *header,
        "",
        "| measure | as written | repaired |",
        "|---|---:|---:|",
        f"| files with parse errors | {pair(tally.broken)} |",
        f"| parse errors (ERROR and MISSING nodes) | {pair(tally.errors)} |",
        f"| definitions | {pair(tally.definitions)} |",
        f"| extraction, best of {repeat} | {tally.seconds[0]:.2f} s | {tally.seconds[1]:.2f} s "
        f"({slower:.2f}x) |",
        "",
        f"Of the definitions: {tally.found:,} found only with the repairs, {tally.lost:,} "
        f"lost with them, {tally.rescoped:,} in another scope, {tally.rekinded:,} of another "
        "kind (a definition is its name at its place in the file).",
        "",
        "| corpus | errors as written | repaired | definitions as written | repaired |",
        "|---|---:|---:|---:|---:|",
        *(
            f"| {name} | {row[0]:,} | {row[1]:,} | {row[2]:,} | {row[3]:,} |"
            for name, row in tally.by_corpus.items()
            if name
        ),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--show", type=int, default=0, help="print this many of each change")
    parser.add_argument("--seed", type=int, default=dp.SEED)
    parser.add_argument("--no-write", action="store_true", help="leave RESULTS.md alone")
    parser.add_argument("--language", choices=sorted(FAMILIES), default="c-family")
    parser.add_argument(
        "--folder", action="append", type=Path, help="measure these folders (printed only)"
    )
    args = parser.parse_args()
    family = FAMILIES[args.language]
    header = machine()
    roots: list[tuple[str, Path]] = []
    corpora: list[str] = []
    for folder in args.folder or ():
        if not folder.is_dir():
            print(f"{folder}: no such folder", file=sys.stderr)
            return 2
        roots.append((folder.resolve().name, folder))
    if not roots:
        cache = dp.cache_dir()
        for corpus in c_family_corpora(family):
            print(f"{corpus.name}: fetching", flush=True)
            roots.append((corpus.name, dp.fetch(corpus, cache)))
            corpora.append(corpus.name)
    files = c_family_files(roots, family)
    print(f"{len(files):,} {family.label} files; extracting", flush=True)
    tally = measure(files, args.repeat, lambda path: path.split("/", 1)[0])
    where = (
        "" if corpora else f"Every {family.label} file under {', '.join(name for name, _ in roots)}"
    )
    lines = section(tally, corpora, args.repeat, header, family, where)
    print("\n".join(lines))
    chooser = random.Random(args.seed)
    for what, examples in tally.examples.items():
        shown = chooser.sample(examples, min(args.show, len(examples)))
        for line in shown:
            print(f"{what}: {line}")
    if corpora and not args.no_write:
        write_section(family.section_id, lines)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
