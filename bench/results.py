"""bench/RESULTS.md: one section per benchmark, each rewritten in place by its own script;
and how a benchmark runs one of its phases in a fresh process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def write_section(name: str, lines: list[str], results: Path = RESULTS) -> None:
    """Replace the section between `<!-- name:start -->` and `<!-- name:end -->`, or append it."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    block = "\n".join([start, *lines, end])
    text = results.read_text("utf-8") if results.exists() else "# Benchmark results\n"
    if start in text and end in text:
        before, rest = text.split(start, 1)
        text = before + block + rest.split(end, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    results.write_text(text, "utf-8")


def spawn_phase(script: str | Path, *args: object) -> dict[str, Any]:
    """Run `script --phase ARGS...` in a fresh Python process from the repository root; the
    last line it prints is its result, as JSON."""
    out = subprocess.run(
        [sys.executable, str(Path(script).resolve()), "--phase", *map(str, args)],
        check=True,
        capture_output=True,
        text=True,
        cwd=RESULTS.parent.parent,
    ).stdout
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return result
