"""Candidates from steering: scope rules, rules the task asks for, Kiro spec items, conventions.

Rules that apply by scope are always candidates. Manual rules come in only when the task
names them (`#name`, `@name`); description-decided rules come in when they are named or
when the index's BM25 search ranks them for the task text. A section whose text is the
same as one already included (CLAUDE.md copying AGENTS.md) is listed by id with a pointer
instead of its text: the model needs the words once, the user needs to see both ids.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from steering_index.conventions import conventions_for_file, conventions_for_symbol
from steering_index.model import Applicability, Convention, Rule, ScopeKind, SpecItem, Symbol
from steering_index.retrieval_budget import Candidate, Section, Tier, make_item
from steering_index.rules import RuleSet, rules_by_name

# `#name` or `@name` at the start or after a space/bracket, so `a@b.com` is no request.
_NAMED = re.compile(r"(?:^|(?<=[\s(\[,;:]))[#@]([A-Za-z0-9][\w./-]*)")
_SPEC_REF = re.compile(
    r"\b(task|requirement|req|criterion|acceptance criterion)s?\s*#?\s*(\d+(?:\.\d+)*)\b",
    re.IGNORECASE,
)
_KIND_RANK = {ScopeKind.ALWAYS: 0, ScopeKind.DIRECTORY: 0, ScopeKind.GLOB: 1}
_ORDINALS = {1: "1st", 2: "2nd", 3: "3rd"}


class RuleSearch(Protocol):
    """The part of the index retrieval needs for rules: BM25 over rule sections."""

    def search_rules(self, query: str, limit: int = 20) -> list[tuple[str, float]]: ...


@dataclass(frozen=True, slots=True)
class Ranking:
    """How many description-decided rules BM25 may bring in, and how good a match must be."""

    max_rules: int = 3
    min_score: float = 1.5
    min_ratio: float = 0.5  # of the best candidate's score


def precedence(rule: Rule) -> tuple[int, int, str]:
    """Prompt order of rules: root before nested (the nearer file comes later and wins)."""
    return (rule.depth, _KIND_RANK.get(rule.scope.kind, 2), rule.id)


def _normalised(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def scope_rule_candidates(answers: Sequence[Applicability]) -> list[Candidate]:
    """One never-dropped candidate per rule that applies by scope, in precedence order."""
    applied = sorted((a for a in answers if a.applies), key=lambda a: precedence(a.rule))
    first_with_text: dict[str, str] = {}
    found: list[Candidate] = []
    for rank, answer in enumerate(applied):
        rule = answer.rule
        key = _normalised(rule.text)
        same_as = first_with_text.setdefault(key, rule.id)
        text = rule.text if same_as == rule.id else f"(same text as rule {same_as})"
        reason = f"applies: {answer.reason}"
        item = make_item(
            "rule", rule.id, rule.title, text, reason, Section.SCOPE_RULE, rule.source, rule.lines
        )
        found.append(Candidate(item, Section.SCOPE_RULE, Tier.MUST, float(rank)))
    return found


def named_in_task(task: str) -> list[str]:
    """The names the task asks for with `#name` or `@name`, in order, without repeats."""
    names: list[str] = []
    for match in _NAMED.finditer(task):
        name = match.group(1).rstrip(".,;:")
        if name and name not in names:
            names.append(name)
    return names


def requested_rule_candidates(
    ruleset: RuleSet,
    answers: Sequence[Applicability],
    task: str,
    search: RuleSearch | None,
    ranking: Ranking,
) -> list[Candidate]:
    """Rules the task names, then description-decided rules BM25 ranks for the task."""
    taken = {a.rule.id for a in answers if a.applies}
    found: list[Candidate] = []
    for order, name in enumerate(named_in_task(task)):
        for rule in rules_by_name(ruleset, name):
            if rule.id in taken or rule.scope.kind is ScopeKind.NEVER:
                continue
            taken.add(rule.id)
            reason = f"asked for by name (#{name})"
            found.append(_rule_candidate(rule, reason, Tier.ASKED, float(order)))
    candidates = {a.rule.id: a for a in answers if a.candidate and not a.applies}
    if search is None or not candidates or not task.strip():
        return found
    hits = [
        (rule_id, score)
        for rule_id, score in search.search_rules(task, limit=max(20, 4 * ranking.max_rules))
        if rule_id in candidates and rule_id not in taken
    ]
    # A match on common words alone scores near zero; a rule far below the best match is
    # most likely about something else that shares a word with the task.
    floor = max(ranking.min_score, ranking.min_ratio * hits[0][1]) if hits else 0.0
    for position, (rule_id, score) in enumerate(hits[: ranking.max_rules], start=1):
        if score < floor:
            break
        answer = candidates[rule_id]
        ordinal = _ORDINALS.get(position, f"{position}th")
        reason = f"ranked {ordinal} by BM25 for the task (score {score:.1f}); {answer.reason}"
        found.append(_rule_candidate(answer.rule, reason, Tier.RANKED, float(position)))
    return found


def _rule_candidate(rule: Rule, reason: str, tier: Tier, rank: float) -> Candidate:
    item = make_item(
        "rule",
        rule.id,
        rule.title,
        rule.text,
        reason,
        Section.REQUESTED_RULE,
        rule.source,
        rule.lines,
    )
    return Candidate(item, Section.REQUESTED_RULE, tier, rank)


# --- Kiro spec items ------------------------------------------------------------------------


def _spec_kinds(word: str) -> frozenset[str]:
    word = word.lower()
    if word == "task":
        return frozenset({"task"})
    return frozenset({"requirement", "criterion"})


def _features_named(task: str, items: Sequence[SpecItem]) -> set[str]:
    lowered = task.lower()
    return {
        i.feature
        for i in items
        if re.search(rf"(?<![\w-]){re.escape(i.feature.lower())}(?![\w-])", lowered)
    }


def spec_candidates(items: Sequence[SpecItem], task: str) -> list[Candidate]:
    """Spec items the task names ("task 2.1", "requirement 1.2"), then the criteria they cite."""
    named = _features_named(task, items)
    pool = [i for i in items if i.feature in named] if named else list(items)
    found: dict[str, Candidate] = {}
    cited: list[tuple[SpecItem, SpecItem]] = []
    for order, match in enumerate(_SPEC_REF.finditer(task)):
        kinds, number = _spec_kinds(match.group(1)), match.group(2)
        for item in pool:
            if item.kind not in kinds or item.number != number:
                continue
            reason = f"Kiro spec {item.kind} {item.number} named in the task"
            found.setdefault(_spec_id(item), _spec_candidate(item, reason, Tier.ASKED, order))
            cited.extend((item, c) for c in _cited(item, items))
    for task_item, criterion in cited:
        reason = (
            f"Kiro spec {criterion.kind} {criterion.number}, cited by task {task_item.number} "
            "named in the task"
        )
        found.setdefault(_spec_id(criterion), _spec_candidate(criterion, reason, Tier.RANKED, 0))
    return list(found.values())


def _cited(task_item: SpecItem, items: Sequence[SpecItem]) -> Iterable[SpecItem]:
    for number in task_item.requirements:
        for item in items:
            if (
                item.feature == task_item.feature
                and item.kind in ("criterion", "requirement")
                and item.number == number
            ):
                yield item


def _spec_id(item: SpecItem) -> str:
    return f"spec:{item.feature}/{item.kind}/{item.number}"


def _spec_candidate(item: SpecItem, reason: str, tier: Tier, order: int) -> Candidate:
    title = f"{item.feature} {item.kind} {item.number}: {item.title}"
    ctx = make_item(
        "spec", _spec_id(item), title, item.text, reason, Section.SPEC, item.source, item.lines
    )
    return Candidate(ctx, Section.SPEC, tier, float(order))


# --- conventions ----------------------------------------------------------------------------


def convention_candidates(
    path: str,
    language: str | None,
    symbols: Sequence[Symbol],
    conventions: Sequence[Convention],
) -> list[Candidate]:
    """Strong conventions governing the file; those bearing on the target's symbols first."""
    if language is None or not conventions:
        return []
    bearing: dict[str, tuple[Convention, str]] = {}
    for symbol in symbols:
        for conv, fits in conventions_for_symbol(symbol, path, language, conventions):
            if not conv.strong or conv.id in bearing:
                continue
            drift = "" if fits else f"; `{symbol.name}` does not follow it"
            why = f"convention bearing on a {symbol.kind}: {_summary(conv)}{drift}"
            bearing[conv.id] = (conv, why)
    for conv in conventions_for_file(path, language, conventions):
        if conv.strong and conv.id not in bearing:
            where = f"under `{conv.scope}/`" if conv.scope else "in this workspace"
            bearing[conv.id] = (conv, f"convention of {language} code {where}: {_summary(conv)}")
    found: list[Candidate] = []
    for conv_id, (conv, why) in sorted(bearing.items()):
        text = conv.evidence or _summary(conv)
        title = f"{conv.category}: {conv.subject} is {conv.value}"
        item = make_item("convention", conv_id, title, text, why, Section.CONVENTION)
        found.append(Candidate(item, Section.CONVENTION, Tier.ASKED, 0.0))
    return found


def _summary(conv: Convention) -> str:
    return f"{conv.value} ({conv.count} of {conv.total})"
