"""Candidates from steering: rule sections chosen for the task, Kiro spec items, conventions.

Rules that apply by scope are candidates, and are sent by relevance to the task under a
share of the budget (`rank.py` says what a section is about and how it scores).
Manual rules come in only when the task names them (`#name`, `@name`); description-decided
rules come in when they are named or when the index's BM25 search ranks them for the task.
Text already included (a CLAUDE.md that copies or `@`-imports AGENTS.md, a nested file
repeating the root's advice) is sent once: a later rule lists the earlier rule's id in its
place, paragraph by paragraph. The model needs the words once; the user needs to see both ids.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Protocol

from steering_index.conventions.infer import (
    conventions_for_file,
    conventions_for_symbol,
    language_rule,
)
from steering_index.conventions.layout import is_test_file
from steering_index.conventions.project import NO_PROJECT, ProjectFacts
from steering_index.model import (
    Applicability,
    ContextItem,
    Convention,
    FileExtract,
    Rule,
    RuleFormat,
    ScopeKind,
    SpecItem,
    Symbol,
)
from steering_index.retrieval.budget import Candidate, Priority, Slot, make_item
from steering_index.retrieval.rank import (
    RuleQuery,
    RuleScore,
    score_rules,
    section_kinds,
    task_is_about,
    word_set,
)
from steering_index.rules import RuleSet, rules_by_name
from steering_index.rules.resolver import precedence

# `#name` or `@name` at the start or after a space/bracket, so `a@b.com` is no request.
_NAMED = re.compile(r"(?:^|(?<=[\s(\[,;:]))[#@]([A-Za-z0-9][\w./-]*)")
_SPEC_REF = re.compile(
    r"\b(task|requirement|req|criterion|acceptance criterion)s?\s*#?\s*(\d+(?:\.\d+)*)\b",
    re.IGNORECASE,
)


class RuleSearch(Protocol):
    """The part of the index retrieval needs for rules: BM25 over rule sections."""

    def search_rules(self, query: str, limit: int = 20) -> list[tuple[str, float]]: ...


@dataclass(frozen=True, slots=True)
class Ranking:
    """How many description-decided rules BM25 may bring in, and how good a match must be."""

    max_rules: int = 3
    min_score: float = 1.5
    min_ratio: float = 0.5  # of the best candidate's score


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


def named_in_task(task: str) -> list[str]:
    """The names the task asks for with `#name` or `@name`, in order, without repeats."""
    names: list[str] = []
    for match in _NAMED.finditer(task):
        name = match.group(1).rstrip(".,;:")
        if name and name not in names:
            names.append(name)
    return names


@dataclass(frozen=True, slots=True)
class RuleChoice:
    """The rule sections sent (already within their share of the budget) and those not."""

    sent: list[Candidate]
    withheld: list[ContextItem]
    by_rank: list[str] = field(default_factory=list)  # ids of the sent sections, best first


@dataclass(slots=True)
class _Pooled:
    rule: Rule
    reason: str
    named: str | None = None  # the name the task asked for it by
    order: float = 0.0  # rank for the ranked ones


def choose_rules(
    ruleset: RuleSet,
    answers: Sequence[Applicability],
    query: RuleQuery,
    search: RuleSearch | None,
    ranking: Ranking,
    share: int,
) -> RuleChoice:
    """The rule sections to send for this task, ranked, within `share` tokens.

    Every section that applies by scope, every section the task names (`#name`) and the
    description-decided sections BM25 ranks for the task are candidates. Process, docs and
    persona sections are withheld unless the task names them or is about them; the rest
    go by relevance until the share is spent. Named sections go first. Sent sections are
    put in document order (root file first, each file's sections as written), and text
    another sent section already carries is replaced by a pointer to it.
    """
    pool = _rule_pool(ruleset, answers, query.task, search, ranking)
    withheld: list[ContextItem] = []
    ranked: list[_Pooled] = []
    kinds = section_kinds(e.rule for e in pool)
    copies = _copies(tuple(e.rule for e in pool))
    for entry in pool:
        kind = kinds[entry.rule.id]
        if entry.named is None and entry.rule.id in copies:
            why = f"not sent: {copies[entry.rule.id]}, ranked and sent (or listed here) on its own"
            withheld.append(_rule_item(entry.rule, entry.rule.text, why))
            continue
        if entry.named is None and not task_is_about(kind, query.task, query.path):
            slug = entry.rule.id.rsplit("#", 1)[-1]
            why = (
                f"not sent: {_KIND_LABELS[kind]}, not about this edit; "
                f"name it in the task (#{slug}) to send it"
            )
            withheld.append(_rule_item(entry.rule, entry.rule.text, why))
            continue
        ranked.append(entry)
    scores = score_rules((e.rule for e in ranked), query)
    for entry in ranked:
        if entry.named is None:
            entry.order = -scores[entry.rule.id].score
    ranked.sort(key=lambda e: (e.named is None, e.order, precedence(e.rule)))
    chosen = _within_share(ranked, scores, share, withheld)
    items = _in_document_order(chosen)
    # Deduplicated in another order, the texts may come out a few tokens longer: the least
    # relevant section makes room, so that the share is a limit and not an estimate.
    while chosen and sum(item.tokens for item in items) > share:
        dropped, _ = chosen.pop()
        why = "not sent: the last ranked for the task, past the rules' share of the budget"
        withheld.append(_rule_item(dropped.rule, dropped.rule.text, why))
        items = _in_document_order(chosen)
    return RuleChoice(
        sent=[Candidate(item, Slot.RULE, Priority.MUST, float(n)) for n, item in enumerate(items)],
        withheld=withheld,
        by_rank=[entry.rule.id for entry, _ in chosen],
    )


@lru_cache(maxsize=256)
def _copies(rules: tuple[Rule, ...]) -> dict[str, str]:
    """Sections whose every paragraph is another section's (a CLAUDE.md that copies or
    `@`-imports AGENTS.md), with the pointer that says whose: the original is chosen on its
    own merits, so a copy can neither add it twice nor bring a withheld section back."""
    seen = SentText()
    found: dict[str, str] = {}
    for rule in sorted(rules, key=precedence):
        text = seen.deduplicated(rule)
        if text.startswith("(same text as ") and "\n" not in text:
            found[rule.id] = "a copy of" + text.removeprefix("(same text as").rstrip(")")
    return found


def _in_document_order(chosen: list[tuple[_Pooled, str]]) -> list[ContextItem]:
    sent = SentText()
    return [
        _rule_item(entry.rule, sent.deduplicated(entry.rule), reason)
        for entry, reason in sorted(chosen, key=lambda pair: precedence(pair[0].rule))
    ]


def _within_share(
    ranked: list[_Pooled],
    scores: dict[str, RuleScore],
    share: int,
    withheld: list[ContextItem],
) -> list[tuple[_Pooled, str]]:
    """The best-ranked sections whose text, each copy sent once, fits `share` tokens.

    A section's cost is its text less what the sections chosen before it already carry;
    the final texts are deduplicated in document order, which sends the same units.
    """
    sent = SentText()
    chosen: list[tuple[_Pooled, str]] = []
    used = 0
    for position, entry in enumerate(ranked, start=1):
        rule, score = entry.rule, scores[entry.rule.id]
        reason = entry.reason if entry.named else _ranked_reason(entry.reason, position, score)
        item = _rule_item(rule, sent.deduplicated(rule, remember=False), reason)
        if used + item.tokens > share:
            why = (
                f"not sent: ranked {_ordinal(position)} for the task, past the rules' share "
                f"of the budget ({share:,} tokens); name it in the task to send it"
            )
            withheld.append(_rule_item(rule, rule.text, why))
            continue
        sent.deduplicated(rule)
        used += item.tokens
        chosen.append((entry, reason))
    return chosen


_KIND_LABELS = {
    "process": "a process section (releases, commits, PRs, CI, installing, reviews)",
    "docs": "a section about product or user documentation",
    "persona": "an instruction about the agent's persona, tone or tools",
    "code": "a section about code",
}


def _ranked_reason(reason: str, position: int, score: RuleScore) -> str:
    why = [f"ranked {_ordinal(position)} for the task"]
    if score.matched:
        why.append("matches " + ", ".join(f"`{w}`" for w in score.matched))
    if score.hard:
        why.append("a short hard constraint")
    return f"{reason}; {'; '.join(why)}"


def _ordinal(number: int) -> str:
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10, 'th') }"


def _rule_item(rule: Rule, text: str, reason: str) -> ContextItem:
    return make_item("rule", rule.id, rule.title, text, reason, Slot.RULE, rule.source, rule.lines)


def _rule_pool(
    ruleset: RuleSet,
    answers: Sequence[Applicability],
    task: str,
    search: RuleSearch | None,
    ranking: Ranking,
) -> list[_Pooled]:
    """Named sections, sections that apply by scope, and description-decided ones BM25 ranks."""
    pool: dict[str, _Pooled] = {}
    for order, name in enumerate(named_in_task(task)):
        for rule in rules_by_name(ruleset, name):
            if rule.id not in pool and rule.scope.kind is not ScopeKind.NEVER and _is_rule(rule):
                pool[rule.id] = _Pooled(rule, f"asked for by name (#{name})", name, float(order))
    for answer in answers:
        if answer.applies and answer.rule.id not in pool:
            pool[answer.rule.id] = _Pooled(answer.rule, f"applies: {answer.reason}")
    # Strategies are ranked and sent in their own block (`retrieval/strategies.py`).
    candidates = {
        a.rule.id: a for a in answers if a.candidate and not a.applies and _is_rule(a.rule)
    }
    if search is None or not candidates or not task.strip():
        return list(pool.values())
    hits = [
        (rule_id, score)
        for rule_id, score in search.search_rules(task, limit=max(20, 4 * ranking.max_rules))
        if rule_id in candidates and rule_id not in pool
    ]
    # A match on common words alone scores near zero; a rule far below the best match is
    # most likely about something else that shares a word with the task.
    floor = max(ranking.min_score, ranking.min_ratio * hits[0][1]) if hits else 0.0
    for rule_id, score in hits[: ranking.max_rules]:
        if score < floor:
            break
        answer = candidates[rule_id]
        why = f"BM25 matches it to the task (score {score:.1f}); {answer.reason}"
        pool[rule_id] = _Pooled(answer.rule, why)
    return list(pool.values())


def _is_rule(rule: Rule) -> bool:
    return rule.format is not RuleFormat.STRATEGY


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
            found.setdefault(_spec_id(item), _spec_candidate(item, reason, Priority.ASKED, order))
            cited.extend((item, c) for c in _cited(item, items))
    for task_item, criterion in cited:
        reason = (
            f"Kiro spec {criterion.kind} {criterion.number}, cited by task {task_item.number} "
            "named in the task"
        )
        found.setdefault(
            _spec_id(criterion), _spec_candidate(criterion, reason, Priority.RANKED, 0)
        )
    named_tasks = {task_item.number: task_item for task_item, _ in cited}
    named_tasks.update((i.number, i) for i in pool if i.kind == "task" and _spec_id(i) in found)
    for design, why in _matching_design(list(named_tasks.values()), items, task):
        found.setdefault(_spec_id(design), _spec_candidate(design, why, Priority.RANKED, 1))
    return list(found.values())


MAX_DESIGN_SECTIONS = 2


def _matching_design(
    tasks: Sequence[SpecItem], items: Sequence[SpecItem], task: str
) -> list[tuple[SpecItem, str]]:
    """The design sections of the named tasks' features that share most words with them."""
    found: list[tuple[SpecItem, str]] = []
    for task_item in tasks:
        wanted = _content_words(f"{task_item.title} {task_item.text} {task}")
        scored: list[tuple[int, int, SpecItem]] = []
        for n, item in enumerate(items):
            if item.kind != "design" or item.feature != task_item.feature:
                continue
            shared = len(wanted & _content_words(f"{item.title} {item.text}"))
            if shared >= 2:
                scored.append((-shared, n, item))
        scored.sort(key=lambda row: row[:2])
        for _, _, item in scored[:MAX_DESIGN_SECTIONS]:
            why = (
                f"Kiro design section `{item.title}` of {item.feature}, matching task "
                f"{task_item.number} named in the task"
            )
            found.append((item, why))
    return found


_SPEC_STOP = word_set("the a an and or of to in on for with when is are be it its that")


def _content_words(text: str) -> set[str]:
    return {_stem(w) for w in _WORD.findall(text.lower()) if w not in _SPEC_STOP and len(w) > 2}


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


def _spec_candidate(item: SpecItem, reason: str, priority: Priority, order: int) -> Candidate:
    title = f"{item.feature} {item.kind} {item.number}: {item.title}"
    ctx = make_item(
        "spec", _spec_id(item), title, item.text, reason, Slot.SPEC, item.source, item.lines
    )
    return Candidate(ctx, Slot.SPEC, priority, float(order))


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
    # All the file's definitions (a class's methods), or its whole extract (what its imports
    # and references dictate); with `read` and `project`, the names are judged as the checks
    # judge them (documented public API, names a runtime dictates).
    file_symbols: Sequence[Symbol] | FileExtract = ()
    read: Callable[[str], bytes | None] | None = None
    project: ProjectFacts = NO_PROJECT


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
            symbol, path, language, conventions, target.file_symbols, target.read, target.project
        ):
            if not conv.strong or conv.id in bearing or language_rule(conv):
                continue
            drift = "" if fits else f"; `{symbol.name}` does not follow it"
            why = f"convention bearing on a {symbol.kind}: {_summary(conv)}{drift}"
            bearing[conv.id] = (conv, why)
    said = _WORD.findall(target.task.lower())
    words = frozenset(said) | {_stem(w) for w in said}
    for conv in conventions_for_file(path, language, conventions):
        if language_rule(conv) or not conv.strong or conv.id in bearing:
            continue
        if _bears_on_edit(conv, target, words):
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
        item = make_item("convention", conv_id, title, text, why, Slot.CONVENTION)
        found.append(Candidate(item, Slot.CONVENTION, Priority.ASKED, 0.0))
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
