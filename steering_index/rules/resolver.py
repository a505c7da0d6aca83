"""Which rules apply to a path, and why, in words a user can check.

Every rule gets an answer: rules that apply by their scope come first, ordered root to
leaf so the more specific text comes later and wins; then description-decided
candidates the model may bring in; then the rules that do not apply, each saying what
would bring it in. Globs are compiled once per `RuleSet`, so this is cheap enough for
every hover.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from steering_index.model import Applicability, Rule, RuleFormat, ScopeKind
from steering_index.rules.ruleset import RuleSet
from steering_index.rules.sections import slugify

NESTED_FORMATS = frozenset({RuleFormat.AGENTS, RuleFormat.CLAUDE, RuleFormat.GEMINI})
_KIND_RANK = {ScopeKind.ALWAYS: 0, ScopeKind.DIRECTORY: 0, ScopeKind.GLOB: 1}


def precedence(rule: Rule) -> tuple[int, int, str, int]:
    """The one order of rules, weakest first: root before nested (the nearer file wins), a
    folder's own or always-on text before a glob-scoped one at the same depth (the narrower
    scope wins), then by file and each file's sections as written. The resolver lists
    applying rules in it, a prompt sends them in it, hover shows it reversed."""
    return (rule.depth, _KIND_RANK.get(rule.scope.kind, 2), rule.source, rule.lines.first)


def most_specific_first(answers: Iterable[Applicability]) -> list[list[Applicability]]:
    """Answers grouped by steering file, the file whose rule wins first (hover's order):
    `precedence` reversed. Files it ranks alike (the resolver keeps them in load order)
    show a folder's own file (AGENTS.md, CLAUDE.md) before always-on ones, then by name."""
    groups: dict[str, list[Applicability]] = {}
    for answer in answers:
        groups.setdefault(answer.rule.source, []).append(answer)

    def strongest_first(group: list[Applicability]) -> tuple[int, int, bool, str]:
        depth, rank = max(precedence(a.rule)[:2] for a in group)
        own_folder = any(a.rule.scope.kind is ScopeKind.DIRECTORY for a in group)
        return (-depth, -rank, not own_folder, group[0].rule.source)

    return sorted(groups.values(), key=strongest_first)


def workspace_path(ruleset: RuleSet, path: str) -> str | None:
    """`path` (relative to the root, or absolute inside it) as a clean POSIX relative path."""
    candidate = Path(path)
    if candidate.is_absolute():
        try:
            candidate = candidate.relative_to(ruleset.root)
        except ValueError:
            try:
                candidate = candidate.resolve().relative_to(ruleset.root)
            except (ValueError, OSError):
                return None
    parts = PurePosixPath(candidate.as_posix()).parts
    if ".." in parts:
        return None
    clean = PurePosixPath(*[p for p in parts if p != "."]).as_posix() if parts else ""
    return None if clean in ("", ".") else clean


# The last answers by (rule set, path, content): hover and code actions ask the same question
# about an open file on every request, and a burst of them asks it hundreds of times.
# Keyed by the rule set's identity (a reload makes a new one); the entry keeps the objects
# alive so an id is never reused while cached. A str caches its own hash, so a lookup with
# the same buffer text costs nothing more.
_ANSWERS: dict[tuple[int, str, str | None], tuple[RuleSet, list[Applicability]]] = {}
_MAX_ANSWERS = 64


def applicable_rules(
    ruleset: RuleSet, path: str, content: str | None = None
) -> list[Applicability]:
    """Every rule with whether it applies to `path` and why; `content` feeds regex scopes."""
    # Content matters only to regex scopes; without one, every text of the file shares an
    # entry (and no old buffer text is kept alive here).
    needs_content = any(rule.scope.regex is not None for rule in ruleset.rules)
    key = (id(ruleset), path, content if needs_content else None)
    cached = _ANSWERS.get(key)
    if cached is not None and cached[0] is ruleset:
        return list(cached[1])
    answers = _applicable_rules(ruleset, path, content)
    if len(_ANSWERS) >= _MAX_ANSWERS:
        _ANSWERS.clear()
    _ANSWERS[key] = (ruleset, answers)
    return list(answers)


def _applicable_rules(ruleset: RuleSet, path: str, content: str | None) -> list[Applicability]:
    rel = workspace_path(ruleset, path)
    if rel is None:
        reason = f"`{path}` is outside the workspace"
        return [Applicability(rule, False, reason) for rule in ruleset.rules]
    nearest = _nearest_folders(ruleset, rel)
    answers = [
        (index, _judge(ruleset, rule, rel, content, nearest))
        for index, rule in enumerate(ruleset.rules)
    ]
    applied = [(i, a) for i, a in answers if a.applies]
    # Within a rank, the order the rules were loaded in (each format's own order).
    applied.sort(key=lambda pair: (precedence(pair[1].rule)[:2], pair[0]))
    candidates = [a for _, a in answers if not a.applies and a.candidate]
    others = [a for _, a in answers if not a.applies and not a.candidate]
    return [a for _, a in applied] + candidates + others


def files_governed(ruleset: RuleSet, rule: Rule, paths: Iterable[str]) -> list[str]:
    """The paths `rule` applies to by its scope (regex scopes need content: not counted)."""
    governed: list[str] = []
    for path in paths:
        rel = workspace_path(ruleset, path)
        if (
            rel is not None
            and _judge(ruleset, rule, rel, None, _nearest_folders(ruleset, rel)).applies
        ):
            governed.append(path)
    return governed


def rules_by_name(ruleset: RuleSet, name: str) -> list[Rule]:
    """Rules asked for as `#name` or `@name`: by document name, title or id, case-insensitive."""
    # `/release.md` is how Cline invokes a workflow.
    wanted = name.strip().lstrip("#@/").strip().lower().removesuffix(".md")
    if not wanted:
        return []
    found: list[Rule] = []
    for rule in ruleset.rules:
        document = rule.id.split("#", 1)[0].split(":", 1)[-1].split("@", 1)[0]
        names = {rule.name.lower(), rule.title.lower(), rule.id.lower(), document.lower()}
        if wanted in names or slugify(wanted) in names:
            found.append(rule)
    return found


def _nearest_folders(ruleset: RuleSet, rel: str) -> dict[RuleFormat, tuple[str, str]]:
    """For each nested format, (folder, source) of the deepest such file above `rel`."""
    nearest: dict[RuleFormat, tuple[str, str]] = {}
    for rule in ruleset.rules:
        folder = rule.scope.directory
        if rule.format not in NESTED_FORMATS or rule.scope.kind is not ScopeKind.DIRECTORY:
            continue
        if folder is None or not _under(rel, folder):
            continue
        best = nearest.get(rule.format)
        if best is None or len(folder) > len(best[0]):
            nearest[rule.format] = (folder, rule.source)
    return nearest


def _under(rel: str, folder: str) -> bool:
    return not folder or rel == folder or rel.startswith(folder.rstrip("/") + "/")


def _judge(
    ruleset: RuleSet,
    rule: Rule,
    rel: str,
    content: str | None,
    nearest: dict[RuleFormat, tuple[str, str]],
) -> Applicability:
    scope = rule.scope
    why = ruleset.why.get(rule.id, rule.format.value)
    folder = scope.directory or ""
    if folder and not _under(rel, folder):
        return Applicability(rule, False, f"{why}: governs `{folder}/` only")
    if scope.kind is ScopeKind.ALWAYS:
        return Applicability(rule, True, f"always: {why}")
    if scope.kind is ScopeKind.DIRECTORY:
        return Applicability(rule, True, _directory_reason(rule, why, nearest))
    if scope.kind is ScopeKind.GLOB:
        return _judge_glob(
            ruleset, rule, rel[len(folder) :].lstrip("/") if folder else rel, content
        )
    if rule.format is RuleFormat.STRATEGY:
        return _judge_strategy(ruleset, rule, rel)
    if scope.kind is ScopeKind.DESCRIPTION:
        described = f"“{scope.description}”" if scope.description else "its description"
        reason = f"description-decided: the model brings it in when the task fits {described}"
        return Applicability(rule, False, reason, candidate=True)
    if scope.kind is ScopeKind.MANUAL:
        reason = f"manual: applies only when asked for by name (`#{rule.name}`)"
        if rule.format is RuleFormat.CLINE:
            reason = f"manual: {why} (or asked for as `#{rule.name}`)"
        return Applicability(rule, False, reason)
    return Applicability(rule, False, f"never: {why}")


def _judge_strategy(ruleset: RuleSet, rule: Rule, rel: str) -> Applicability:
    """A strategy never applies as a rule; it is a candidate unless its globs rule it out."""
    globs = rule.scope.globs
    matcher = ruleset.matchers.get(rule.id)
    if globs and (matcher is None or matcher.first_match(rel) is None):
        listed = ", ".join(f"`{g}`" for g in globs)
        return Applicability(rule, False, f"strategy: its globs ({listed}) do not match")
    reason = (
        "strategy: sent in its own block when it ranks high for the task "
        f"(“{rule.scope.description}”)"
    )
    return Applicability(rule, False, reason, candidate=True)


def _directory_reason(rule: Rule, why: str, nearest: dict[RuleFormat, tuple[str, str]]) -> str:
    label = PurePosixPath(rule.source).name
    if rule.format not in NESTED_FORMATS:
        return f"{why}: applies under `{rule.scope.directory}/`"
    folder = rule.scope.directory or ""
    closest, nearer = nearest.get(rule.format, (folder, rule.source))
    if closest == folder:
        return f"nearest {label} for this folder (`{rule.source}`)"
    return (
        f"{label} of a parent folder (`{rule.source}`) still applies; "
        f"`{nearer}` is nearer and wins where they conflict"
    )


def _judge_glob(ruleset: RuleSet, rule: Rule, rel: str, content: str | None) -> Applicability:
    scope = rule.scope
    matcher = ruleset.matchers.get(rule.id)
    written = matcher.first_match(rel) if matcher is not None and scope.globs else None
    if scope.globs and written is None:
        listed = ", ".join(f"`{g}`" for g in scope.globs)
        reason = (
            f"glob {listed} did not match"
            if len(scope.globs) == 1
            else f"no glob matched ({listed})"
        )
        if scope.description:
            reason += (
                f"; the model may still bring it in from its description “{scope.description}”"
            )
            return Applicability(rule, False, reason, candidate=True)
        return Applicability(rule, False, reason)
    matched = f"glob `{written}` matched" if written else ""
    if scope.regex is None:
        return Applicability(rule, True, matched)
    regex = f"regex `{scope.regex}`"
    if content is None:
        reason = f"{regex} is matched against the file's content, which was not given"
        return Applicability(rule, False, _joined(matched, "; ", reason), candidate=True)
    if re.search(scope.regex, content, re.MULTILINE):
        return Applicability(rule, True, _joined(matched, " and ", f"content matches {regex}"))
    return Applicability(rule, False, _joined(matched, " but ", f"content does not match {regex}"))


def _joined(first: str, joint: str, second: str) -> str:
    return f"{first}{joint}{second}" if first else second
