"""Typing into real modules: an edited Python buffer re-extracted only around each edit
(`index/window.py`) must give exactly what a full extraction of the same text gives.

    python bench/window_check.py                  # sympy and django, 60 modules each
    python bench/window_check.py --modules 10 --edits 5

The test suite checks this with random edits on small fixtures; this runs it on the
benchmark corpora, with edits shaped like typing (a comment, an assignment or a method
inserted at a line with that line's indentation, a word changed), and says how often the
window was used rather than a full extraction (modules with `__all__`, and edits that leave
the code broken, are extracted in full). A correctness check, not a timing: it prints
counts and exits 1 on the first difference.
"""

from __future__ import annotations

import argparse
import random
import sys

from corpus import fetch_sdist
from index_bench import CORPORA, REPO

sys.path.insert(0, str(REPO))

from steering_index.index import buffers
from steering_index.index.buffers import BufferTrees
from steering_index.index.extract import extract_packed

MAX_BYTES = 300_000


def typed(data: bytes, rng: random.Random) -> bytes:
    """`data` with one edit of the kind typing makes, at a random line."""
    lines = data.split(b"\n")
    at = rng.randrange(len(lines))
    line = lines[at]
    indent = line[: len(line) - len(line.lstrip())]
    kind = rng.random()
    if kind < 0.4:
        new = [indent + b"# typed"]
    elif kind < 0.7:
        new = [indent + b"typed_value = os.path.join(a)"]
    elif kind < 0.85:
        new = [indent + b"def typed(self):", indent + b"    return self"]
    else:
        lines[at] = line.replace(b"self", b"me", 1)
        return b"\n".join(lines)
    return b"\n".join(lines[:at] + new + lines[at:])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--modules", type=int, default=60, help="modules per corpus")
    parser.add_argument("--edits", type=int, default=15, help="edits per module")
    parser.add_argument("--seed", type=int, default=20261129)
    args = parser.parse_args()
    windowed = 0
    real = buffers.reextract

    def counting(*a: object, **k: object) -> object:
        nonlocal windowed
        found = real(*a, **k)  # type: ignore[arg-type]
        windowed += found is not None
        return found

    buffers.reextract = counting  # type: ignore[assignment]  # counted, not changed
    rng = random.Random(args.seed)
    for name, (project, version) in CORPORA.items():
        root = fetch_sdist(project, version)
        modules = sorted(p for p in root.rglob("*.py") if p.stat().st_size <= MAX_BYTES)
        edits = windowed = 0
        for path in rng.sample(modules, min(args.modules, len(modules))):
            data = path.read_bytes()
            trees = BufferTrees()
            trees.extract("buffer", "m.py", data, "python")
            for _ in range(args.edits):
                data = typed(data, rng)
                edits += 1
                if trees.extract("buffer", "m.py", data, "python") != extract_packed(
                    "m.py", data, "python"
                ):
                    print(f"{name}: {path.relative_to(root)}: differs after edit {edits}")
                    return 1
        print(f"{name}: {edits} edits, all equal to a full extraction; {windowed} windowed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
