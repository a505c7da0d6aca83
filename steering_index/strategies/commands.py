"""`steering strategies draft|list`, and what `steering ask --learn` does after an escalation.

`draft` asks the frontier tier once for strategies for the repository's most common kinds
of change: it prints the most the call can cost first, refuses above `--max-cost`, and
sends only after a yes (`--yes`, or an answer at the prompt). `list` shows the strategy
files with when each was last sent (from the model-call ledger). Exit codes: 0 ok,
1 the model gave no usable strategy (or failed), 2 bad input, refused or no model set up.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from steering_index.index.files import ReadProblem, read_text
from steering_index.index.workspace_root import RootRefused, announced_root, command_root
from steering_index.llm.tiers import (
    LadderSettings,
    Tier,
    no_credentials_message,
    resolve_credentials,
)
from steering_index.model import RuleFormat
from steering_index.strategies.format import FOLDER, Strategy, parse_strategy

if TYPE_CHECKING:
    from steering_index.llm.ladder import ActionOutcome
    from steering_index.model import Rule
    from steering_index.rules import RuleSet
    from steering_index.session import Session
    from steering_index.store import IndexStore
    from steering_index.strategies.writing import LastUse, StrategyRequest, WriteOutcome

EXIT_OK = 0
EXIT_NO_STRATEGY = 1
EXIT_BAD_INPUT = 2
DEFAULT_MAX_COST = 0.50
EXCERPT_LINES = 60
RULES_TOKENS = 2500  # rule text sent with a draft, at most


class InputError(Exception):
    """What the user asked for cannot be done; the message is shown as is."""


def add_arguments(sub: argparse._SubParsersAction) -> None:
    """`steering strategies draft|list` (the `strategies` parser is made in cli/main.py)."""
    p = sub.add_parser("draft", help="ask the frontier tier once for strategies (cost first)")
    p.add_argument("--kinds", type=int, default=5, help="kinds of change to cover (default 5)")
    p.add_argument(
        "--max-cost",
        type=float,
        default=DEFAULT_MAX_COST,
        help=f"refuse if the call could cost more, in USD (default {DEFAULT_MAX_COST:.2f})",
    )
    p.add_argument("--yes", action="store_true", help="send without asking")
    _common(p)
    p.set_defaults(handler=run_draft)
    p = sub.add_parser("list", help="the strategies, and when each was last used")
    _common(p)
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=run_list)


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--root", help="workspace root (default: nearest ancestor holding .git)")
    p.add_argument("--db", help="index file (default: in the user's cache directory)")


# --- steering strategies list ----------------------------------------------------------------


def run_list(args: argparse.Namespace) -> int:
    from steering_index.rules import load_rules

    root = command_root("strategies", args.root)
    if root is None:
        return EXIT_BAD_INPUT
    ruleset = load_rules(root)
    strategies = [
        parse_strategy(d.source, d.text)[0]
        for d in ruleset.documents
        if d.format is RuleFormat.STRATEGY
    ]
    uses = _last_uses(root, args.db)
    problems = [f for f in ruleset.findings if f.location.path.startswith(f"{FOLDER}/")]
    if args.json:
        print(json.dumps([_strategy_json(s, uses) for s in strategies], indent=2))
    else:
        print(list_text(strategies, uses))
    if problems:
        count = len(problems)
        print(f"{count} problem(s) in strategy files: run `steering lint-rules`", file=sys.stderr)
    return EXIT_OK


def _last_uses(root: Path, db: str | None) -> dict[str, LastUse]:
    """When each strategy was last sent, from the ledger beside the index (none: {})."""
    from steering_index.store import default_db_path, ledger_path
    from steering_index.store.ledger import Ledger
    from steering_index.strategies.writing import last_uses

    path = ledger_path(Path(db) if db else default_db_path(root))
    if not path.exists():
        return {}
    try:
        with Ledger.open(path) as ledger:
            return last_uses(ledger.calls())
    except OSError as exc:
        print(f"steering strategies: the ledger cannot be read ({exc})", file=sys.stderr)
        return {}


def list_text(strategies: Sequence[Strategy], uses: dict[str, LastUse]) -> str:
    if not strategies:
        return (
            f"no strategies yet in {FOLDER}/: write some with `steering strategies draft`, "
            "or `steering ask --learn` after an escalation"
        )
    lines = [f"{len(strategies)} strateg{'y' if len(strategies) == 1 else 'ies'} in {FOLDER}/"]
    for s in strategies:
        use = uses.get(s.id)
        used = f"last used {use.last} ({use.calls} call(s))" if use else "never used yet"
        lines.append(f"  {s.id}  {s.title}  ({s.source}, {s.tokens:,} tokens)")
        lines.append(f"      when: {s.when}")
        if s.globs:
            lines.append(f"      globs: {', '.join(s.globs)}")
        written = f"written by {s.written_by or '?'} on {s.written_on or '?'}"
        lines.append(f"      {written}" + (f", from: {s.origin}" if s.origin else ""))
        lines.append(f"      {used}")
    return "\n".join(lines)


def _strategy_json(strategy: Strategy, uses: dict[str, LastUse]) -> dict[str, Any]:
    use = uses.get(strategy.id)
    return {
        "id": strategy.id,
        "title": strategy.title,
        "when": strategy.when,
        "globs": list(strategy.globs),
        "source": strategy.source,
        "tokens": strategy.tokens,
        "written_by": strategy.written_by,
        "written_on": strategy.written_on,
        "from": strategy.origin,
        "last_used": use.last if use else None,
        "calls": use.calls if use else 0,
    }


# --- steering strategies draft ---------------------------------------------------------------


def run_draft(args: argparse.Namespace) -> int:
    try:
        return _draft(args)
    except InputError as exc:
        print(f"steering strategies draft: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT


def _draft(args: argparse.Namespace) -> int:
    from steering_index.cli.index import workspace_index

    if args.kinds < 1:
        raise InputError("--kinds must be at least 1")
    try:
        root = announced_root("strategies", args.root)
    except RootRefused as exc:
        raise InputError(str(exc)) from exc
    settings = LadderSettings()
    credentials = resolve_credentials(settings)
    if not credentials.usable:
        raise InputError(no_credentials_message(settings))
    with workspace_index(root, args.db, InputError) as store:
        request = draft_request_for(root, store, args.kinds, settings)
        _confirm(request, settings, args.max_cost, args.yes)
        outcome = _send(request, root, settings, args.max_cost, store)
    return _report(outcome)


def draft_request_for(
    root: Path, store: IndexStore, count: int, settings: LadderSettings
) -> StrategyRequest:
    from steering_index.cli.conventions import workspace_libraries
    from steering_index.conventions.infer import workspace_conventions, workspace_facts
    from steering_index.rules import load_rules
    from steering_index.strategies.format import strategies_of
    from steering_index.strategies.kinds import change_kinds
    from steering_index.strategies.writing import draft_request

    ruleset = load_rules(root)
    # Files that define the most make the best examples.
    files = sorted(store.files(), key=lambda f: (-f.symbol_count, f.path))
    paths = [f.path for f in files if f.problem is None and f.language]
    kinds = change_kinds(paths, count)
    if not kinds:
        raise InputError(f"the index of {root} holds no code file to draft strategies from")
    excerpts: dict[str, str] = {}
    for kind in kinds:
        text = _excerpt(root, kind.examples)
        if text is not None:
            excerpts[kind.examples[0]] = text
    rules = _rules_for(ruleset, [k.examples[0] for k in kinds])
    table = workspace_libraries(root, "strategies")
    conventions = workspace_conventions(store, table=table, project=workspace_facts(store, root))
    existing = strategies_of(ruleset.documents)
    model = settings.model_for(Tier.FRONTIER)
    return draft_request(kinds, excerpts, rules, conventions, existing, model)


def _excerpt(root: Path, paths: Sequence[str]) -> str | None:
    """The first lines of the first example, as text (None when it cannot be read)."""
    if not paths:
        return None
    read = read_text(root / paths[0], root)
    if isinstance(read, ReadProblem):
        return None
    lines = read.text.splitlines(keepends=True)
    return "".join(lines[:EXCERPT_LINES])


def _rules_for(ruleset: RuleSet, paths: Sequence[str]) -> list[Rule]:
    """The code rules that apply to the examples, once each, within `RULES_TOKENS`."""
    from steering_index.retrieval.rank import section_kinds
    from steering_index.rules import applicable_rules
    from steering_index.tokens import estimate_tokens

    chosen: dict[str, Rule] = {}
    for path in paths:
        for answer in applicable_rules(ruleset, path):
            if answer.applies and answer.rule.format is not RuleFormat.STRATEGY:
                chosen.setdefault(answer.rule.id, answer.rule)
    kinds = section_kinds(chosen.values())
    kept, used = [], 0
    for rule in chosen.values():
        tokens = estimate_tokens(rule.text)
        if kinds[rule.id] == "code" and used + tokens <= RULES_TOKENS:
            kept.append(rule)
            used += tokens
    return kept


def _confirm(
    request: StrategyRequest, settings: LadderSettings, max_cost: float, yes: bool
) -> None:
    from steering_index.strategies.writing import cost_line, worst_case_cost

    print(f"strategies: {cost_line(request, settings)}", file=sys.stderr)
    worst = worst_case_cost(request, settings) or 0.0
    if worst > max_cost:
        raise InputError(
            f"refused: up to ${worst:.4f} is above --max-cost ${max_cost:.2f}; nothing was sent"
        )
    if yes:
        return
    if not sys.stdin.isatty():
        raise InputError("nothing was sent: add --yes to send without a prompt")
    answer = input("Send it? [y/N] ").strip().lower()
    if answer not in ("y", "yes"):
        raise InputError("nothing was sent")


def _send(
    request: StrategyRequest,
    root: Path,
    settings: LadderSettings,
    max_cost: float,
    store: IndexStore | None,
) -> WriteOutcome:
    from steering_index.strategies.writing import send_for_strategies

    try:
        return asyncio.run(
            send_for_strategies(
                request,
                root,
                settings,
                resolve_credentials(settings),
                max_cost_usd=max_cost,
                recorder=store.record_model_call if store is not None else None,
            )
        )
    except OSError as exc:
        raise InputError(f"cannot write the strategies: {exc}") from exc


def _report(outcome: WriteOutcome) -> int:
    for problem in outcome.problems:
        print(f"  - {problem}", file=sys.stderr)
    if outcome.status == "refused":
        print(f"strategies: {outcome.message}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if outcome.status != "written":
        print(f"strategies: {outcome.message}", file=sys.stderr)
        return EXIT_NO_STRATEGY
    print(f"strategies: actual cost ${outcome.cost_usd:.4f}", file=sys.stderr)
    for path in outcome.written:
        print(f"wrote {path}")
    print("review them, edit what is wrong, and commit them like any steering file")
    return EXIT_OK


# --- steering ask --learn --------------------------------------------------------------------


def learn_after(session: Session, outcome: ActionOutcome, max_cost: float) -> int:
    """After `steering ask --learn`: write a strategy when the frontier tier succeeded where
    the small tier failed; say why not otherwise. Returns the exit code of that step."""
    from steering_index.strategies.writing import cost_line

    call_id = outcome.calls[-1].id if outcome.calls else None
    request = session.strategy_request(call_id) if call_id is not None else None
    if call_id is None or request is None:
        print(
            f"--learn: nothing to learn: the {outcome.tier} tier's edit was accepted without "
            "an escalation (a strategy is written when the frontier tier succeeds where the "
            "small tier failed)",
            file=sys.stderr,
        )
        return EXIT_OK
    print(f"--learn: {cost_line(request, session.settings.ladder)}", file=sys.stderr)
    try:
        written = asyncio.run(session.save_strategy(call_id, max_cost))
    except OSError as exc:
        print(f"--learn: cannot write the strategy: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return _report(written)
