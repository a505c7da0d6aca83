"""`steering demo`: the engine end to end on one workspace, with no API key and no network.

It runs the real commands one after another on the bundled example (or any workspace):
the rules that apply to a file and why, lint of the rule files, the index, the conventions
with their evidence, the findings for drifting code, and the outline of the focused
context a small model would get for a sample task (the full request with `--full`). A
short summary of all of it comes first. The index goes to a temporary folder so the demo
leaves nothing behind.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import itertools
import json
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from steering_index.rules.ruleset import RuleSet

# The sample file and task; present in examples/shop, and looked up in any other workspace.
SAMPLE_FILE = "src/shop/api/orders.py"
SAMPLE_TASK = "Add a handler that cancels an order, following the project's rules (task 2.1)"
# Files weighed when choosing a sample elsewhere: enough to find one with rules, quickly.
_SAMPLE_CANDIDATES = 500


@dataclass(frozen=True, slots=True)
class Sample:
    """The file the demo shows, or why there is none; `note` says why it has no rules."""

    path: Path | None
    applying: int
    note: str | None


def _heading(text: str) -> None:
    print(f"\n{'=' * 78}\n{text}\n{'=' * 78}", flush=True)


def _applying(ruleset: RuleSet, rel: str) -> int:
    from steering_index.rules.resolver import applicable_rules

    return sum(1 for answer in applicable_rules(ruleset, rel) if answer.applies)


def choose_sample(root: Path, ruleset: RuleSet) -> Sample:
    """SAMPLE_FILE when the workspace has it, else the source file most rules apply to."""
    from steering_index.index.walk import workspace_files

    if (root / SAMPLE_FILE).is_file():
        return Sample(root / SAMPLE_FILE, _applying(ruleset, SAMPLE_FILE), None)
    candidates = list(itertools.islice(workspace_files(root), _SAMPLE_CANDIDATES))
    if not candidates:
        note = f"no source file in a language steering reads was found under {root}"
        return Sample(None, 0, note)
    counts = {rel: _applying(ruleset, rel) for rel in candidates}
    best = max(candidates, key=lambda rel: counts[rel])  # the first of the best, in walk order
    if counts[best]:
        return Sample(root / best, counts[best], None)
    if not ruleset.rules:
        note = "the workspace has no steering files (AGENTS.md, CLAUDE.md, .kiro/steering/, ...)"
    else:
        note = "its steering rules apply to no source file (only by name or description)"
    return Sample(root / best, 0, note)


def _captured(handler: Callable[[argparse.Namespace], int], **values: Any) -> str:
    """A handler's stdout, with its stderr dropped (the visible run says the same)."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        handler(argparse.Namespace(**values))
    return out.getvalue()


def _summary(root: Path, ruleset: RuleSet, sample: Sample, common: dict[str, Any]) -> list[str]:
    """The demo's findings in a few lines, from the commands' own JSON output."""
    from steering_index.cli.conventions import run_check, run_conventions
    from steering_index.llm.commands import run_context
    from steering_index.rules.lint import lint_rules
    from steering_index.store import IndexStore

    files = len({d.source for d in ruleset.documents})
    problems = len(lint_rules(ruleset, ruleset.files))
    with IndexStore.open(Path(common["db"])) as store:
        indexed, symbols = store.counts()
    strong = json.loads(_captured(run_conventions, json=True, all=False, **common))
    checked = json.loads(_captured(run_check, paths=[], format="json", **common))
    lines = [
        f"Steering demo on {root}",
        f"  rules:       {len(ruleset.rules)} sections in {files} steering file(s); "
        f"{problems} problem(s) in them",
        f"  index:       {indexed:,} source files, {symbols:,} symbols",
        f"  conventions: {len(strong['conventions'])} strong; {checked['count']} finding(s) "
        "of code that drifts from them",
    ]
    if sample.path is None:
        return [*lines, f"  sample file: none ({sample.note})"]
    rel = sample.path.relative_to(root).as_posix()
    why = f": {sample.note}" if sample.note else ""
    lines.append(f"  sample file: {rel}, {sample.applying} rule section(s) apply to it{why}")
    text = _captured(
        run_context, target=str(sample.path), task=SAMPLE_TASK, json=True, budget=None, **common
    )
    if text:
        context = json.loads(text)
        kinds = Counter(item["kind"] for item in context["items"])
        parts = ", ".join(f"{count} {kind}" for kind, count in kinds.items())
        lines.append(
            f"  context:     {context['estimated_input_tokens']:,} tokens for a sample task "
            f"(budget {context['budget']:,}): {parts}"
        )
    return lines


def run_demo(args: argparse.Namespace) -> int:
    from steering_index.rules import load_rules

    root = Path(args.root).resolve()
    if not root.is_dir():
        print(f"steering demo: {args.root} is not a folder", file=sys.stderr)
        return 2
    ruleset = load_rules(root)
    sample = choose_sample(root, ruleset)
    full = bool(getattr(args, "full", False))
    with tempfile.TemporaryDirectory(prefix="steering-demo-") as cache:
        common = {"root": str(root), "db": str(Path(cache) / "index.sqlite")}
        index_text = _captured(_run_index, **common)
        print("\n".join(_summary(root, ruleset, sample, common)))
        more = "" if full else "; `steering demo --full` adds the full request"
        print(f"\nEach step below is a `steering` command you can run yourself{more}.")
        _steps(root, sample, common, index_text, full)
    print("\nNo model was called. Set ANTHROPIC_API_KEY and try `steering ask` to run one.")
    return 0


def _run_index(args: argparse.Namespace) -> int:
    from steering_index.cli.index import run_index

    return run_index(
        argparse.Namespace(
            workers=None, rebuild=False, quiet=True, seed=None, export=None, **vars(args)
        )
    )


def _steps(root: Path, sample: Sample, common: dict[str, Any], index_text: str, full: bool) -> None:
    from steering_index.cli.conventions import run_check, run_conventions
    from steering_index.llm.commands import run_context
    from steering_index.rules.commands import run_lint_rules, run_rules

    shown = sample.path.relative_to(root) if sample.path else "a file"
    _heading(f"1. Steering rules in {root.name}, and the ones that apply to {shown}")
    if sample.path is not None and sample.note:
        print(f"No rule applies to {shown}: {sample.note}.")
    run_rules(
        argparse.Namespace(path=str(sample.path) if sample.path else None, json=False, **common)
    )
    _heading("2. Problems in the steering files themselves (steering lint-rules)")
    run_lint_rules(argparse.Namespace(json=False, **common))
    _heading("3. The code index (steering index)")
    print(index_text, end="")
    _heading("4. Conventions the code follows, with evidence (steering conventions)")
    run_conventions(argparse.Namespace(json=False, all=False, **common))
    _heading("5. Code that drifts from them (steering check)")
    run_check(argparse.Namespace(paths=[], format="text", **common))
    what = "request" if full else "context (its outline: items, tokens, why)"
    _heading(
        f"6. The focused {what} a small model would get (steering context)\n   task: {SAMPLE_TASK}"
    )
    if sample.path is None:
        print(f"No context to show: {sample.note}.")
        return
    run_context(
        argparse.Namespace(
            target=str(sample.path),
            task=SAMPLE_TASK,
            json=False,
            outline=not full,
            budget=None,
            **common,
        )
    )
