"""`steering`: the engine in a terminal and in CI (rules, index, conventions, check, context, ask).

This module only defines the command line and dispatches; each command's work lives beside
the engine part it drives (`rules/commands.py`, `cli/index.py`, `cli/conventions.py`,
`llm/commands.py`), so
the handlers stay small and testable. Exit codes: 0 ok, 1 findings (lint-rules, check),
2 usage or input errors, 3 an internal error (a bug, which CI must not take for findings).
"""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Callable, Sequence

Handler = Callable[[argparse.Namespace], int]
INTERNAL_ERROR = 3


def _add_root(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--root",
        help="workspace root (default: nearest ancestor holding .git, else the current folder)",
    )


def _rules_parsers(sub: argparse._SubParsersAction) -> None:
    from steering_index.rules import commands

    p = sub.add_parser("rules", help="list the steering rules, or those that apply to PATH")
    p.add_argument("path", nargs="?", help="a file: show the rules that apply to it and why")
    _add_root(p)
    p.add_argument("--json", action="store_true", help="print a JSON array")
    p.set_defaults(handler=commands.run_rules)

    p = sub.add_parser("lint-rules", help="check the steering files themselves")
    _add_root(p)
    p.add_argument("--json", action="store_true", help="print a JSON array")
    p.set_defaults(handler=commands.run_lint_rules)


def _index_parsers(sub: argparse._SubParsersAction) -> None:
    from steering_index.cli import index as index_commands

    p = sub.add_parser("index", help="build or update the code index")
    _add_root(p)
    p.add_argument("--db", help="index file (default: in the user's cache directory)")
    p.add_argument("--workers", type=int, help="parallel workers for a cold build")
    p.add_argument("--rebuild", action="store_true", help="discard the index and build anew")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    shared = p.add_mutually_exclusive_group()
    shared.add_argument(
        "--export",
        metavar="FILE",
        help="after the update, write the index to FILE to share (built once in CI, say)",
    )
    shared.add_argument(
        "--from",
        dest="seed",
        metavar="FILE",
        help="start from a shared index FILE (see --export): only files that differ are parsed",
    )
    p.set_defaults(handler=index_commands.run_index)

    from steering_index.cli import conventions as conventions_commands

    p = sub.add_parser("conventions", help="conventions the code follows, with evidence")
    _add_root(p)
    p.add_argument("--db", help="index file (default: in the user's cache directory)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--all", action="store_true", help="include weak conventions")
    _add_thresholds(p)
    p.set_defaults(handler=conventions_commands.run_conventions)

    p = sub.add_parser("check", help="report code that drifts from strong conventions")
    p.add_argument("paths", nargs="*", help="files or folders (default: the whole workspace)")
    _add_root(p)
    p.add_argument("--db", help="index file (default: in the user's cache directory)")
    p.add_argument("--format", choices=("text", "json", "jsonl", "sarif"), default="text")
    p.add_argument(
        "--workers",
        type=int,
        help="processes to infer the conventions with, from 2,000 files (default: one per core)",
    )
    p.add_argument(
        "--baseline",
        metavar="FILE",
        help="findings recorded as kept, left out of the report (default:"
        " .steering/baseline.json in the workspace, when it exists)",
    )
    p.add_argument(
        "--write-baseline",
        action="store_true",
        help="record every finding of the checked files in the baseline instead of reporting"
        " them (commit the file; later checks report only new drift)",
    )
    p.add_argument(
        "--no-baseline", action="store_true", help="report every finding, recorded or not"
    )
    p.add_argument(
        "--diff",
        metavar="REF",
        help="check only the files added, changed or renamed since REF (git; the working"
        " tree), as CI checks a pull request: `--diff origin/main`",
    )
    p.add_argument(
        "--staged", action="store_true", help="check only the files staged for commit (git)"
    )
    _add_thresholds(p)
    p.set_defaults(handler=conventions_commands.run_check)


def _add_thresholds(p: argparse.ArgumentParser) -> None:
    """When a convention is strong: the editor's conventionMinShare / conventionMinCount."""
    from steering_index.conventions.infer import DEFAULT_SETTINGS

    p.add_argument(
        "--min-share",
        type=_share,
        default=DEFAULT_SETTINGS.min_share,
        help="share of the votes a convention needs to be strong, above 0 and at most 1"
        f" (default {DEFAULT_SETTINGS.min_share})",
    )
    p.add_argument(
        "--min-count",
        type=_count,
        default=DEFAULT_SETTINGS.min_count,
        help=f"votes a convention needs to be strong (default {DEFAULT_SETTINGS.min_count})",
    )


def _share(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 < value <= 1:
        raise argparse.ArgumentTypeError(f"{text!r}: a share above 0 and at most 1, e.g. 0.9")
    return value


def _count(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: a whole number, 1 or more")
    return int(text)


def _task(text: str) -> str:
    if not text.strip():
        raise argparse.ArgumentTypeError("the task is empty: say in words what to do")
    return text


def _llm_parsers(sub: argparse._SubParsersAction) -> None:
    from steering_index.llm import commands

    for name, text in (
        ("context", "print the exact request that would be sent (needs no key)"),
        ("ask", "send the focused context to a model and show or apply its edit"),
    ):
        p = sub.add_parser(name, help=text)
        p.add_argument("target", help="FILE or FILE:FIRST-LAST (1-based lines)")
        p.add_argument("--task", type=_task, required=True, help="what to do, in words")
        _add_root(p)
        p.add_argument("--db", help="index file (default: in the user's cache directory)")
        p.add_argument("--budget", type=int, help="token budget for the context")
        if name == "context":
            p.add_argument("--json", action="store_true", help="print JSON")
            p.add_argument(
                "--outline",
                action="store_true",
                help="only the items, their tokens and why each is sent, not the request",
            )
            p.set_defaults(handler=commands.run_context)
        else:
            p.add_argument(
                "--tier",
                choices=("small", "middle", "frontier", "auto"),
                default="small",
                help="the tier to ask (default small); auto picks one from the task and says why",
            )
            mode = p.add_mutually_exclusive_group()
            mode.add_argument("--diff", action="store_true", help="print a unified diff (default)")
            mode.add_argument("--apply", action="store_true", help="write the edit to the file")
            p.add_argument(
                "--learn",
                action="store_true",
                help="escalate a rejected edit to the frontier tier and, when that edit is "
                "accepted, write what worked as a new strategy file for review",
            )
            p.add_argument(
                "--max-cost",
                type=float,
                default=0.50,
                help="with --learn: refuse the strategy-writing call above this, in USD "
                "(default 0.50)",
            )
            p.set_defaults(handler=commands.run_ask)

    p = sub.add_parser("usage", help="model calls: tokens and cost per day and tier")
    _add_root(p)
    p.add_argument("--db", help="index file (default: in the user's cache directory)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=commands.run_usage)


def _strategies_parser(sub: argparse._SubParsersAction) -> None:
    from steering_index.strategies import commands

    p = sub.add_parser("strategies", help="playbooks a frontier model writes for the small one")
    actions = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    commands.add_arguments(actions)


def _eval_parser(sub: argparse._SubParsersAction) -> None:
    from steering_index.eval import commands

    p = sub.add_parser("eval", help="measure tiers x context on tasks mined from this repository")
    commands.add_arguments(p)
    p.set_defaults(handler=commands.run_eval)


def _demo_parser(sub: argparse._SubParsersAction) -> None:
    from steering_index.cli import demo

    p = sub.add_parser("demo", help="walk through the engine on a workspace (no API key needed)")
    p.add_argument("root", nargs="?", default="examples/shop", help="workspace to show")
    p.add_argument(
        "--full", action="store_true", help="print the full request, not only its outline"
    )
    p.set_defaults(handler=demo.run_demo)


def _review_parser(sub: argparse._SubParsersAction) -> None:
    from steering_index.review import commands

    p = sub.add_parser("review", help="review files by several small specialised reviewers")
    commands.add_arguments(p)
    p.set_defaults(handler=commands.run_review)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="steering",
        description="Project steering rules, code conventions and focused model context.",
    )
    from steering_index import __version__

    parser.add_argument("--version", action="version", version=f"steering {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _rules_parsers(sub)
    _index_parsers(sub)
    _llm_parsers(sub)
    _strategies_parser(sub)
    _eval_parser(sub)
    _demo_parser(sub)
    _review_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler = args.handler
    try:
        return handler(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug: said to be one, with an exit code no finding gives
        traceback.print_exc()
        print(
            f"steering {args.command}: internal error ({type(exc).__name__}: {exc}). This is a"
            " bug, not your input: please report it with the traceback above. If the index"
            " may be at fault, `steering index --rebuild` builds it anew.",
            file=sys.stderr,
        )
        return INTERNAL_ERROR


if __name__ == "__main__":
    sys.exit(main())
