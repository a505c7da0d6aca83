"""`steering demo`: the engine end to end on one workspace, with no API key and no network.

It runs the real commands one after another on the bundled example (or any workspace):
the rules that apply to a file and why, lint of the rule files, the index, the conventions
with their evidence, the findings for drifting code, and the exact focused context a
small model would get for a sample task. The index goes to a temporary folder so the demo
leaves nothing behind.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

# The sample file and task; present in examples/shop, and looked up in any other workspace.
SAMPLE_FILE = "src/shop/api/orders.py"
SAMPLE_TASK = "Add a handler that cancels an order, following the project's rules (task 2.1)"


def _heading(text: str) -> None:
    print(f"\n{'=' * 78}\n{text}\n{'=' * 78}", flush=True)


def _sample_file(root: Path) -> Path | None:
    if (root / SAMPLE_FILE).is_file():
        return root / SAMPLE_FILE
    for path in sorted(root.rglob("*.py")):
        if ".venv" not in path.parts and "node_modules" not in path.parts:
            return path
    return None


def run_demo(args: argparse.Namespace) -> int:
    from steering_index.conventions_commands import run_check, run_conventions
    from steering_index.index_commands import run_index
    from steering_index.llm.commands import run_context
    from steering_index.rules.commands import run_lint_rules, run_rules

    root = Path(args.root).resolve()
    if not root.is_dir():
        print(f"steering demo: {args.root} is not a folder", file=sys.stderr)
        return 2
    sample = _sample_file(root)
    with tempfile.TemporaryDirectory(prefix="steering-demo-") as cache:
        db = str(Path(cache) / "index.sqlite")
        common = {"root": str(root), "db": db}
        shown = sample.relative_to(root) if sample else "a file"
        _heading(f"1. Steering rules in {root.name}, and the ones that apply to {shown}")
        run_rules(argparse.Namespace(path=str(sample) if sample else None, json=False, **common))
        _heading("2. Problems in the steering files themselves (steering lint-rules)")
        run_lint_rules(argparse.Namespace(json=False, **common))
        _heading("3. The code index (steering index)")
        run_index(argparse.Namespace(workers=None, rebuild=False, quiet=True, **common))
        _heading("4. Conventions the code follows, with evidence (steering conventions)")
        run_conventions(argparse.Namespace(json=False, all=False, **common))
        _heading("5. Code that drifts from them (steering check)")
        run_check(argparse.Namespace(paths=[], format="text", **common))
        if sample is not None:
            _heading(
                "6. The focused context a small model would get (steering context)\n"
                f"   task: {SAMPLE_TASK}"
            )
            run_context(
                argparse.Namespace(
                    target=str(sample), task=SAMPLE_TASK, json=False, budget=None, **common
                )
            )
    print("\nNo model was called. Set ANTHROPIC_API_KEY and try `steering ask` to run one.")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    from steering_index.cli import main

    sys.exit(main(["demo", *sys.argv[1:]]))
