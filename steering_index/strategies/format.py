"""The strategy file: `.steering/strategies/NAME.md`, front matter then a short playbook.

    ---
    title: Add a CLI subcommand
    when: adding a new `steering` subcommand or an option to one
    globs: ["steering_index/cli/**"]
    written_by: claude-opus-5-5
    written_on: 2026-12-04
    from: "add a `strategies` subcommand"
    ---
    1. Build the parser in `cli/main.py` ...

`title` and `when` (the tasks it is for) are what ranking reads first; `globs`, optional,
limit it to targets they match; `written_by`, `written_on` and `from` (the task that
produced it) say where it came from. The body is sent whole, so it should stay under
`MAX_TOKENS`. A file that breaks any of this is still read (nothing is lost): each problem
becomes a finding with a clear message, a missing title falls back to the file's name, a
missing `when` to the title, and a glob that would leave the workspace is dropped. A
strategy is text: it is never executed and its references are never followed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import PurePosixPath, PureWindowsPath

import yaml

from steering_index.model import Finding, LineRange, RuleFormat, Severity
from steering_index.rules.documents import RuleDocument, check_keys, glob_values, string_value
from steering_index.rules.findings import finding
from steering_index.rules.frontmatter import FrontMatter, parse_front_matter
from steering_index.rules.sections import slugify
from steering_index.tokens import estimate_tokens

FOLDER = ".steering/strategies"
MAX_TOKENS = 300
KNOWN_KEYS = ("title", "when", "globs", "written_by", "written_on", "from")
REQUIRED_KEYS = ("title", "when", "written_by", "written_on", "from")
_WHY_REQUIRED = {
    "title": "the file's name stands in for it",
    "when": "the title stands in for it, and ranking has less to match the task against",
    "written_by": "nobody can tell which model wrote it",
    "written_on": "nobody can tell how old it is",
    "from": "nobody can tell which task it came from",
}


@dataclass(frozen=True, slots=True)
class Strategy:
    """One strategy file as read. `id` is `strategy:NAME`; `lines` are the body's lines."""

    id: str
    name: str
    source: str
    title: str
    when: str
    body: str
    lines: LineRange
    globs: tuple[str, ...] = ()
    written_by: str = ""
    written_on: str = ""
    origin: str = ""  # the `from` key: the task that produced it
    tokens: int = 0


def is_strategy_file(rel: str) -> bool:
    """A markdown file directly inside `.steering/strategies/`."""
    path = PurePosixPath(rel)
    return path.parent.as_posix() == FOLDER and path.suffix == ".md"


def strategy_id(name: str) -> str:
    return f"{RuleFormat.STRATEGY.value}:{slugify(name)}"


@lru_cache(maxsize=512)
def parse_strategy(rel: str, text: str) -> tuple[Strategy, tuple[Finding, ...]]:
    """The strategy in `text` (the file `rel`) and every problem with it; never raises."""
    fm = parse_front_matter(text, rel)
    problems = list(fm.findings)
    if not fm.present:
        message = (
            "a strategy starts with front matter (title, when, written_by, written_on, "
            "from); without it the file's name is its title and only its text is ranked"
        )
        problems.append(finding("strategy/no-front-matter", message, rel, 1))
    else:
        problems += check_keys(fm, KNOWN_KEYS, rel, "strategy")
        problems += _missing_keys(fm, rel)
    globs, glob_problems = glob_values(fm, "globs", rel)
    problems += glob_problems
    kept, escaping = _inside_globs(globs, rel, fm.line_of("globs"))
    problems += escaping
    name = PurePosixPath(rel).stem
    title = string_value(fm, "title") or name.replace("-", " ").replace("_", " ")
    body = fm.body.strip("\n")
    first = fm.body_line + len(fm.body) - len(fm.body.lstrip("\n"))
    tokens = estimate_tokens(body)
    if tokens > MAX_TOKENS:
        message = (
            f"about {tokens:,} tokens; a strategy is sent whole with every task it matches, "
            f"so keep it under {MAX_TOKENS}: the steps, the helpers to use, what to avoid"
        )
        problems.append(finding("strategy/oversized", message, rel, fm.body_line))
    strategy = Strategy(
        id=strategy_id(name),
        name=name,
        source=rel,
        title=title,
        when=string_value(fm, "when") or title,
        body=body,
        lines=LineRange(first, max(first, first + body.count("\n"))),
        globs=kept,
        written_by=string_value(fm, "written_by") or "",
        written_on=_date_text(fm),
        origin=string_value(fm, "from") or "",
        tokens=tokens,
    )
    return strategy, tuple(problems)


def _missing_keys(fm: FrontMatter, rel: str) -> list[Finding]:
    found = []
    for key in REQUIRED_KEYS:
        if string_value(fm, key) is None:
            message = f"`{key}` is missing or empty; {_WHY_REQUIRED[key]}"
            found.append(finding("strategy/missing-key", message, rel, 1))
    return found


def _date_text(fm: FrontMatter) -> str:
    raw = fm.values.get("written_on")
    if isinstance(raw, date):
        return raw.isoformat()
    return string_value(fm, "written_on") or ""


def escapes_workspace(pattern: str) -> bool:
    """A glob that names something outside the workspace: absolute, `~`, or with `..`."""
    text = pattern.strip().replace("\\", "/")
    if text.startswith(("/", "~")) or PureWindowsPath(pattern.strip()).drive:
        return True
    return ".." in PurePosixPath(text).parts


def _inside_globs(
    globs: tuple[str, ...], rel: str, line: int
) -> tuple[tuple[str, ...], list[Finding]]:
    kept: list[str] = []
    problems: list[Finding] = []
    for pattern in globs:
        if escapes_workspace(pattern):
            message = (
                f"glob `{pattern}` points outside the workspace; a strategy is about this "
                "workspace's files only, so the glob is ignored"
            )
            problems.append(
                finding("strategy/glob-outside-workspace", message, rel, line, Severity.ERROR)
            )
        else:
            kept.append(pattern)
    return tuple(kept), problems


def strategies_of(documents: Iterable[RuleDocument]) -> tuple[Strategy, ...]:
    """The strategies among the rule documents the rules engine read (with text to send)."""
    found = []
    for document in documents:
        if document.format is RuleFormat.STRATEGY:
            strategy, _problems = parse_strategy(document.source, document.text)
            if strategy.body.strip():
                found.append(strategy)
    return tuple(found)


@dataclass(frozen=True, slots=True)
class StrategyDraft:
    """A strategy before it is a file: what a model wrote, and where it came from."""

    title: str
    when: str
    body: str
    written_by: str
    written_on: str
    origin: str
    globs: tuple[str, ...] = ()


def render_strategy(draft: StrategyDraft) -> str:
    """The file text of `draft`: YAML front matter (safely quoted) and the body."""
    values: dict[str, object] = {"title": draft.title, "when": draft.when}
    if draft.globs:
        values["globs"] = list(draft.globs)
    values |= {
        "written_by": draft.written_by,
        "written_on": draft.written_on,
        "from": draft.origin,
    }
    head = yaml.safe_dump(values, sort_keys=False, allow_unicode=True, width=1000)
    return f"---\n{head}---\n{draft.body.strip()}\n"
