"""`steering context`, `steering ask` and `steering usage`: the model ladder in a terminal.

`context` prints the exact request that would be sent (redacted, as it would leave the
machine) with the reason for every item, and needs no key. `ask` runs the ladder and shows
a unified diff, or with `--apply` writes the file, but only if it did not change on disk
while the model worked. `usage` reads the recorded calls from the index database.
Exit codes: 0 ok, 1 the model produced no acceptable edit, 2 bad input or no model set up.
"""

from __future__ import annotations

import argparse
import asyncio
import difflib
import hashlib
import json
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from steering_index.index.files import ReadProblem, read_text, relative_posix
from steering_index.index.lines import split_lines
from steering_index.index.workspace_root import RootRefused, announced_root, command_root, located
from steering_index.llm.tiers import (
    LadderSettings,
    Tier,
    no_credentials_message,
    resolve_credentials,
)
from steering_index.model import LineRange
from steering_index.secrets import is_secret_path

if TYPE_CHECKING:
    from steering_index.llm.ladder import ActionOutcome
    from steering_index.llm.usage import UsageRow, UsageSummary
    from steering_index.session import EditProposal, Session

# The ladder, prompts and usage modules are imported inside the handlers: `cli/main.py` builds
# every subcommand's parser, and `steering index` should not pay for (or depend on) them.

EXIT_OK = 0
EXIT_NO_EDIT = 1
EXIT_BAD_INPUT = 2

_TARGET = re.compile(r"^(?P<path>.+?)(?::(?P<first>\d+)(?:-(?P<last>\d+))?)?$")


class InputError(Exception):
    """What the user asked for cannot be done; the message is shown as is."""


@dataclass(frozen=True, slots=True)
class Target:
    root: Path
    path: Path
    rel: str
    text: str
    digest: str  # of the bytes read, to refuse applying over a file that changed meanwhile
    lines: LineRange
    language: str | None


def parse_target(target: str) -> tuple[str, LineRange | None]:
    """`FILE` or `FILE:FIRST-LAST` (or `FILE:LINE`), lines 1-based and inclusive."""
    match = _TARGET.match(target)
    if match is None or not match.group("path"):
        raise InputError(f"{target!r}: expected FILE or FILE:FIRST-LAST")
    if match.group("first") is None:
        _, colon, suffix = target.rpartition(":")
        plain = suffix and not any(c in suffix for c in "/\\")
        if colon and plain and not Path(target).exists():
            raise InputError(
                f"{target!r}: bad line range {suffix!r}; expected FILE:FIRST-LAST or "
                "FILE:LINE, lines 1-based"
            )
        return match.group("path"), None
    first = int(match.group("first"))
    last = int(match.group("last") or first)
    if first < 1 or last < first:
        raise InputError(f"{target!r}: lines are 1-based and FIRST must not exceed LAST")
    return match.group("path"), LineRange(first, last)


def load_target(args: argparse.Namespace, command: str) -> Target:
    """Resolve, check and read the file the user pointed at."""
    raw, lines = parse_target(args.target)
    raw = located(raw, args.root)
    path = Path(raw).expanduser().resolve()
    try:
        root = announced_root(command, args.root, [raw])
    except RootRefused as exc:
        raise InputError(str(exc)) from exc
    rel = relative_posix(path, root)
    if rel is None:
        raise InputError(f"{raw}: outside the workspace {root}")
    if is_secret_path(rel):
        raise InputError(f"{rel} looks like a secret file; it is never sent to a model")
    read = read_text(path, root)
    if isinstance(read, ReadProblem):
        raise InputError(f"{rel}: {read.message}")
    count = max(1, len(split_lines(read.text)))
    lines = lines or LineRange(1, count)
    if lines.last > count:
        raise InputError(f"{rel} has {count} lines; lines {lines.first}-{lines.last} do not exist")
    from steering_index.index.languages import language_of

    digest = hashlib.sha256(read.data).hexdigest()
    return Target(root, path, rel, read.text, digest, lines, language_of(rel, read.data))


@contextmanager
def _session(
    target: Target,
    args: argparse.Namespace,
    command: str,
    ladder: LadderSettings | None = None,
) -> Iterator[Session]:
    """The workspace's session over its index, brought up to date first."""
    from steering_index import session as engine
    from steering_index.cli.index import workspace_index

    retrieval = engine.RetrievalSettings(budget_tokens=args.budget) if args.budget else None
    settings = engine.EngineSettings(
        ladder=ladder or LadderSettings(), retrieval=retrieval or engine.RetrievalSettings()
    )
    session = engine.Session(target.root, lambda: settings)
    for problem in session.library_problems:
        print(f"steering {command}: warning: {problem}", file=sys.stderr)
    with workspace_index(target.root, args.db, InputError) as store:
        session.use_store(store)
        session.refresh_conventions()
        yield session


# --- steering context ---------------------------------------------------------------------


def run_context(args: argparse.Namespace) -> int:
    """Print the request that `steering ask` would send, and why each item is in it."""
    from steering_index.session import ContextRefused

    try:
        target = load_target(args, "context")
        with _session(target, args, "context") as session:
            try:
                context = session.build_context(target.rel, target.lines, args.task, target.text)
            except ContextRefused as exc:
                raise InputError(str(exc)) from exc
            preview = session.preview(context, full=not getattr(args, "outline", False))
    except InputError as exc:
        print(f"steering context: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    from steering_index.strategies.routing import choose_tier

    route = choose_tier(context)  # what `steering ask --tier auto` would pick, and why
    if args.json:
        auto = {"tier": route.tier.value, "reason": route.reason}
        print(json.dumps(preview.data | {"auto_tier": auto}, indent=2))
    else:
        print(preview.text)
        print(f"\nWith --tier auto: the {route.tier.value} tier ({route.reason})")
    return EXIT_OK


# --- steering ask -------------------------------------------------------------------------


def run_ask(args: argparse.Namespace) -> int:
    """Run the ladder on the target; print a diff, or apply the edit with --apply."""
    from steering_index.session import Action, EditRequest

    learn = bool(getattr(args, "learn", False))
    # Learning needs the frontier tier's answer to a rejected small attempt.
    settings = LadderSettings(auto_escalate=learn)
    if not resolve_credentials(settings).usable:
        print(f"steering ask: {no_credentials_message(settings)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    auto = args.tier == "auto"
    try:
        target = load_target(args, "ask")
        with _session(target, args, "ask", settings) as session:
            tier = Tier.SMALL if auto else Tier(args.tier)
            request = EditRequest(
                target.rel, target.lines, args.task, target.text, tier, Action.ASK, route=auto
            )
            proposal = asyncio.run(session.propose_edit(request, _progress_printer()))
            code = _show_proposal(args, target, proposal)
            if code == EXIT_OK and learn and proposal.outcome is not None:
                from steering_index.strategies.commands import learn_after

                code = learn_after(session, proposal.outcome, args.max_cost)
    except InputError as exc:
        print(f"steering ask: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return code


def _show_proposal(args: argparse.Namespace, target: Target, proposal: EditProposal) -> int:
    """What came of `steering ask`: the diff, or the file written, or why not."""
    if proposal.route is not None:
        print(f"tier: {proposal.route.tier.value} (auto: {proposal.route.reason})", file=sys.stderr)
    if proposal.outcome is None:  # refused before any model call
        print(f"steering ask: {proposal.message}", file=sys.stderr)
        return EXIT_BAD_INPUT
    outcome = proposal.outcome
    print(_cost_line(outcome), file=sys.stderr)
    if proposal.status != "proposed" or outcome.new_file_text is None:
        print(f"steering ask: {outcome.message}", file=sys.stderr)
        for problem in outcome.problems:
            print(f"  - {problem}", file=sys.stderr)
        return EXIT_NO_EDIT
    if outcome.plan:
        print(f"plan: {' '.join(outcome.plan.split())}", file=sys.stderr)
    if args.apply:
        return _apply(target, outcome.new_file_text, outcome)
    sys.stdout.write(unified_diff(target, outcome.new_file_text))
    print(outcome.message, file=sys.stderr)
    return EXIT_OK


def _progress_printer() -> Any:
    interactive = sys.stderr.isatty()

    def show(progress: Any) -> None:
        if interactive:
            print(f"\rreceiving: {progress.received_chars:,} characters", end="", file=sys.stderr)

    return show


def _cost_line(outcome: ActionOutcome) -> str:
    from steering_index.llm.usage import totals_of

    prefix = "\r" if sys.stderr.isatty() else ""
    return prefix + totals_of(outcome.calls).line()


def unified_diff(target: Target, new_file_text: str) -> str:
    return "".join(
        difflib.unified_diff(
            split_lines(target.text, keepends=True),
            split_lines(new_file_text, keepends=True),
            fromfile=f"a/{target.rel}",
            tofile=f"b/{target.rel}",
        )
    )


def _apply(target: Target, new_file_text: str, outcome: ActionOutcome) -> int:
    try:
        now = hashlib.sha256(target.path.read_bytes()).hexdigest()
    except OSError as exc:
        print(f"steering ask: cannot re-read {target.rel}: {exc.strerror}", file=sys.stderr)
        return EXIT_NO_EDIT
    if now != target.digest:
        print(
            f"steering ask: {target.rel} changed on disk while the model worked; "
            "nothing was written (run the command again)",
            file=sys.stderr,
        )
        return EXIT_NO_EDIT
    with target.path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(new_file_text)
    print(f"applied to {target.rel}: {outcome.message}")
    return EXIT_OK


# --- steering usage -----------------------------------------------------------------------


def run_usage(args: argparse.Namespace) -> int:
    """Tokens and cost per day and tier, and the saving against frontier-only."""
    from steering_index.llm.usage import summarize
    from steering_index.store import IndexStore, StoreError, default_db_path, ledger_path

    root = command_root("usage", args.root)
    if root is None:
        return EXIT_BAD_INPUT
    db = Path(args.db) if args.db else default_db_path(root)
    if not db.exists() and not ledger_path(db).exists():
        print(f"no model calls recorded yet for {root} (no index at {db})")
        return EXIT_OK
    try:
        with IndexStore.open(db) as store:
            calls = store.model_calls()
            if store.ledger_notice:
                print(f"note: {store.ledger_notice}", file=sys.stderr)
    except StoreError as exc:
        print(f"steering usage: cannot open the index: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    summary = summarize(calls, LadderSettings())
    if args.json:
        print(json.dumps(usage_json(summary), indent=2))
    else:
        print(usage_text(summary))
    return EXIT_OK


def usage_json(summary: UsageSummary) -> dict[str, Any]:
    return {
        "rows": [asdict(row) for row in summary.rows],
        "total": asdict(summary.total),
        "saving_usd": summary.saving_usd,
        "unpriced_models": list(summary.unpriced_models),
        "unreached_attempts": summary.unreached,
    }


def usage_text(summary: UsageSummary) -> str:
    unreached = (
        f"{summary.unreached} attempt(s) got no response (address unreachable): "
        "not counted as calls, no tokens"
        if summary.unreached
        else None
    )
    if not summary.rows:
        return "\n".join(["no model calls recorded yet", *([unreached] if unreached else [])])
    header = (
        f"{'day':<10}  {'tier':<8}  {'calls':>5}  {'input':>10}  {'output':>9}  "
        f"{'cache w':>9}  {'cache r':>9}  {'cost':>9}  {'frontier-only':>13}"
    )
    lines = [header] + [_usage_line(row) for row in summary.rows]
    lines.append(_usage_line(summary.total, label="total"))
    total = summary.total.frontier_cost_usd
    share = f" ({summary.saving_usd / total:.0%})" if total > 0 else ""
    lines.append(
        f"saving against running everything on the frontier tier: ${summary.saving_usd:.4f}{share}"
    )
    if summary.unpriced_models:
        lines.append(f"no price known for {', '.join(summary.unpriced_models)}; counted as $0")
    if unreached:
        lines.append(unreached)
    return "\n".join(lines)


def _usage_line(row: UsageRow, label: str | None = None) -> str:
    day = label or row.day
    return (
        f"{day:<10}  {row.tier:<8}  {row.calls:>5}  {row.input_tokens:>10,}  "
        f"{row.output_tokens:>9,}  {row.cache_creation_tokens:>9,}  {row.cache_read_tokens:>9,}  "
        f"{_dollars(row.cost_usd):>9}  {_dollars(row.frontier_cost_usd):>13}"
    )


def _dollars(amount: float) -> str:
    return f"${amount:.4f}"
