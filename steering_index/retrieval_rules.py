"""Candidates from steering: scope rules, rules the task asks for, Kiro spec items, conventions.

Rules that apply by scope are always candidates. Manual rules come in only when the task
names them (`#name`, `@name`); description-decided rules come in when they are named or
when the index's BM25 search ranks them for the task text. Text already included (a
CLAUDE.md that copies or `@`-imports AGENTS.md, a nested file repeating the root's advice)
is sent once: a later rule lists the earlier rule's id in its place, paragraph by
paragraph. The model needs the words once; the user needs to see both ids.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from steering_index.conventions import conventions_for_file, conventions_for_symbol
from steering_index.conventions_layout import is_test_file
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


_HEADING = re.compile(r"^#{1,6}\s")
_FENCE = re.compile(r"^\s*(```|~~~)")
_MIN_SHARED_WORDS = 4  # shorter paragraphs ("---", "## Notes") say too little to share


_LIST_ITEM = re.compile(r"^(\s*)([-*+]|\d+[.)])\s+")


@dataclass(frozen=True, slots=True)
class _Unit:
    """A heading, a list item or a paragraph; `opens` when it starts a new paragraph."""

    text: str
    opens: bool

    @property
    def heading_level(self) -> int:
        return len(self.text) - len(self.text.lstrip("#")) if _HEADING.match(self.text) else 0


def _paragraphs(text: str) -> list[list[str]]:
    """Blank-line separated paragraphs as lists of lines; a fenced block is never split."""
    found: list[list[str]] = []
    current: list[str] = []
    fenced = False
    for line in text.strip().splitlines():
        if _FENCE.match(line):
            fenced = not fenced
        if not line.strip() and not fenced:
            if current:
                found.append(current)
                current = []
            continue
        current.append(line.rstrip())
    if current:
        found.append(current)
    return found


def _units(text: str) -> list[_Unit]:
    """Headings, list items (with their continuation and sub-items) and other paragraphs.

    A list item is the unit because copies drift item by item: a CLAUDE.md that changed
    one bullet of AGENTS.md's list should send that bullet, not the whole list again.
    """
    units: list[_Unit] = []
    for lines in _paragraphs(text):
        if _HEADING.match(lines[0]):
            units.append(_Unit(lines[0], True))
            lines = lines[1:]
            if not lines:
                continue
        first = _LIST_ITEM.match(lines[0])
        if first is None or _FENCE.match(lines[0]):
            units.append(_Unit("\n".join(lines), True))
            continue
        indent = len(first.group(1))
        items: list[list[str]] = []
        for line in lines:
            item = _LIST_ITEM.match(line)
            if not items or (item is not None and len(item.group(1)) <= indent):
                items.append([line])
            else:
                items[-1].append(line)
        units.extend(_Unit("\n".join(item), n == 0) for n, item in enumerate(items))
    return units


def _shareable(unit: _Unit) -> bool:
    return not unit.heading_level and len(unit.text.split()) >= _MIN_SHARED_WORDS


@dataclass(slots=True)
class SentText:
    """The text already in the prompt, unit by unit, each with the first rule that carried it."""

    whole: dict[str, str] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)

    def deduplicated(self, rule: Rule, remember: bool = True) -> str:
        """`rule`'s text with paragraphs and list items already sent replaced by a pointer.

        CLAUDE.md files that copy AGENTS.md (`@AGENTS.md`, or pasted with a few edits),
        nested files repeating the root's advice: the model needs the words once. A rule
        that may yet be pruned (`remember=False`) points to others but is never pointed to.
        """
        key = _normalised(rule.text)
        same_as = self.whole.setdefault(key, rule.id) if remember else self.whole.get(key)
        if same_as is not None and same_as != rule.id:
            return f"(same text as rule {same_as})"
        kept: list[_Unit] = []
        pointers: list[str] = []  # owners of the shared units since the last kept one
        owners: list[str] = []  # every owner, in order
        headings: list[_Unit] = []  # headings over units not yet kept
        units = _units(rule.text)
        unique = False
        for unit in units:
            if unit.heading_level:
                headings = [h for h in headings if h.heading_level < unit.heading_level]
                headings.append(unit)
                continue
            owner = self.units.get(unit.text) if _shareable(unit) else None
            if owner is not None and owner != rule.id:
                if headings:  # a section's heading goes before what it points to
                    _flush(kept, pointers, headings)
                if owner not in pointers:
                    pointers.append(owner)
                if owner not in owners:
                    owners.append(owner)
                continue
            unique = True
            opens = unit.opens or bool(pointers) or bool(headings)
            _flush(kept, pointers, headings)
            kept.append(_Unit(unit.text, opens))
        if remember:
            for unit in units:
                if _shareable(unit):
                    self.units.setdefault(unit.text, rule.id)
        if not owners:
            return rule.text
        if not unique:
            return _pointer(owners)
        _flush(kept, pointers, [])
        return "".join(
            ("\n\n" if unit.opens else "\n") + unit.text if n else unit.text
            for n, unit in enumerate(kept)
        )


def _flush(kept: list[_Unit], pointers: list[str], headings: list[_Unit]) -> None:
    """Move a run of pointers, then the pending headings, into `kept` (both lists emptied)."""
    if pointers:
        kept.append(_Unit(_pointer(pointers), True))
        pointers.clear()
    kept.extend(headings)
    headings.clear()


def _pointer(owners: list[str]) -> str:
    return f"(same text as {'rule' if len(owners) == 1 else 'rules'} {', '.join(owners)})"


def scope_rule_candidates(
    answers: Sequence[Applicability], sent: SentText | None = None
) -> list[Candidate]:
    """One never-dropped candidate per rule that applies by scope, in precedence order."""
    applied = sorted((a for a in answers if a.applies), key=lambda a: precedence(a.rule))
    sent = SentText() if sent is None else sent
    found: list[Candidate] = []
    for rank, answer in enumerate(applied):
        rule = answer.rule
        text = sent.deduplicated(rule)
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
    sent: SentText | None = None,
) -> list[Candidate]:
    """Rules the task names, then description-decided rules BM25 ranks for the task.

    `sent` holds the text the scope rules already carry, so a copy is not sent twice.
    """
    sent = SentText() if sent is None else sent
    taken = {a.rule.id for a in answers if a.applies}
    found: list[Candidate] = []
    for order, name in enumerate(named_in_task(task)):
        for rule in rules_by_name(ruleset, name):
            if rule.id in taken or rule.scope.kind is ScopeKind.NEVER:
                continue
            taken.add(rule.id)
            reason = f"asked for by name (#{name})"
            found.append(_rule_candidate(rule, sent, reason, Tier.ASKED, float(order)))
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
        found.append(_rule_candidate(answer.rule, sent, reason, Tier.RANKED, float(position)))
    return found


def _rule_candidate(rule: Rule, sent: SentText, reason: str, tier: Tier, rank: float) -> Candidate:
    item = make_item(
        "rule",
        rule.id,
        rule.title,
        sent.deduplicated(rule, remember=False),
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


_WORD = re.compile(r"[a-z0-9]+")
_FILE_WORDS = frozenset({"file", "files", "module", "modules", "rename", "move", "create", "new"})
_TEST_WORDS = frozenset({"test", "tests", "testing", "spec", "specs", "fixture", "fixtures"})


@dataclass(frozen=True, slots=True)
class ConventionTarget:
    """What decides whether a workspace convention bears on an edit."""

    path: str
    language: str | None
    symbols: Sequence[Symbol] = ()
    library_jobs: frozenset[str] = frozenset()  # jobs the file already picks a library for
    task: str = ""
    file_symbols: Sequence[Symbol] = ()  # all the file's definitions (a class's methods)


def _stem(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") else word


def _bears_on_edit(conv: Convention, target: ConventionTarget, words: frozenset[str]) -> bool:
    """A file-wide convention worth sending for this edit.

    Names of code the edit may write, and import style, always bear. A library choice bears
    when the file already uses one of its alternatives or the task speaks of its job or a
    library of it ("log", "http", "httpx"); test layout and file naming when the target is a
    test file or the task is about tests or files. The rest would be noise to the model.
    """
    if conv.category == "naming" and not conv.id.startswith("files."):
        return True
    if conv.category == "import-style":
        return True
    if conv.category == "library":
        job_words = {_stem(w) for w in _WORD.findall(conv.subject.lower())}
        choices = {conv.value.lower(), *(name.lower() for name, _ in conv.alternatives)}
        return conv.subject in target.library_jobs or bool(words & (job_words | choices))
    if conv.category == "test-layout":
        language = target.language or ""
        return is_test_file(target.path, language) or bool(words & _TEST_WORDS)
    return bool(words & _FILE_WORDS)


def convention_candidates(
    target: ConventionTarget, conventions: Sequence[Convention]
) -> list[Candidate]:
    """Strong conventions bearing on the edit; those bearing on the target's symbols first."""
    path, language = target.path, target.language
    if language is None or not conventions:
        return []
    bearing: dict[str, tuple[Convention, str]] = {}
    for symbol in target.symbols:
        for conv, fits in conventions_for_symbol(
            symbol, path, language, conventions, target.file_symbols
        ):
            if not conv.strong or conv.id in bearing:
                continue
            drift = "" if fits else f"; `{symbol.name}` does not follow it"
            why = f"convention bearing on a {symbol.kind}: {_summary(conv)}{drift}"
            bearing[conv.id] = (conv, why)
    said = _WORD.findall(target.task.lower())
    words = frozenset(said) | {_stem(w) for w in said}
    for conv in conventions_for_file(path, language, conventions):
        if conv.strong and conv.id not in bearing and _bears_on_edit(conv, target, words):
            where = f"under `{conv.scope}/`" if conv.scope else "in this workspace"
            bearing[conv.id] = (conv, f"convention of {language} code {where}: {_summary(conv)}")
    found: list[Candidate] = []
    merged, said_there = _merged_import_styles([conv for conv, _ in bearing.values()])
    for conv_id, (conv, why) in sorted(bearing.items()):
        if conv_id in said_there:
            continue
        text = conv.evidence or _summary(conv)
        title = f"{conv.category}: {conv.subject} is {conv.value}"
        if conv_id in merged:
            text, title = merged[conv_id]
        item = make_item("convention", conv_id, title, text, why, Section.CONVENTION)
        found.append(Candidate(item, Section.CONVENTION, Tier.ASKED, 0.0))
    return found


def _merged_import_styles(
    conventions: list[Convention],
) -> tuple[dict[str, tuple[str, str]], set[str]]:
    """For a language whose two import conventions (within the file's own package, and
    outside it) agree, one fact, not two: the merged item's text and title by the id it goes
    under, and the ids it says for."""
    by_language: dict[str, list[Convention]] = {}
    for conv in conventions:
        if conv.category == "import-style":
            by_language.setdefault(conv.language, []).append(conv)
    merged: dict[str, tuple[str, str]] = {}
    said_there: set[str] = set()
    for convs in by_language.values():
        if len(convs) != 2 or convs[0].value != convs[1].value:
            continue
        within, outside = sorted(convs, key=lambda c: c.subject != "package-import")
        text = (
            f"{within.value}: imports of the project's own modules, within the file's own"
            f" package ({within.count} of {within.total}) and outside it"
            f" ({outside.count} of {outside.total})"
        )
        merged[within.id] = (text, f"import-style: import is {within.value}")
        said_there.add(outside.id)
    return merged, said_there


def _summary(conv: Convention) -> str:
    return f"{conv.value} ({conv.count} of {conv.total})"
