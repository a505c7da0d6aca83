"""Focused context for (file, range, task) under a token budget: what the model is told, and why.

    ws = RetrievalSources(root=root, ruleset=load_rules(root), store=store, conventions=conventions)
    context = build_context(ws, "src/shop/api/orders.py", LineRange(15, 33), "add a refund")

Applying is not sending. The rules that apply to the file (by scope, by name, or ranked by
BM25 when description-decided) are candidates; the sections sent are chosen for the task:
process, docs and persona sections are withheld unless the task is about them or names
them, and the rest go by relevance under a share of the budget (`rules.py`,
`rank.py`). A floor of the budget is kept for code, filled in order: the file's
imports and constants, the enclosing definition (outlined when large), signatures and class
outlines of what the target uses, definitions the task names, fixtures of a test target,
uses of a renamed name, the Kiro design sections of a named task, then examples of the same
pattern. Every item says why it is there; every item left out is in `omitted`, with why.

The request never exceeds its budget (`budget.py`). A target range too large for
its share of the budget is cut at a line boundary and the context's `lines` shrink to match
(the target's reason says so, with the narrower range), so an edit never replaces lines
the model did not see. Items are ordered stable first (rules in document order,
conventions) and volatile last, and the same inputs give the same context, byte for byte.

Secrets: a target that is a secret file (`.env`, keys, ...) is refused; examples and
signatures never come from one; every text passes through `secrets.redact`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

from steering_index.conventions.infer import (
    ConventionSettings,
    workspace_conventions,
    workspace_facts,
)
from steering_index.conventions.libraries import (
    LibraryTable,
    library_table,
    library_uses,
    workspace_library_table,
)
from steering_index.conventions.project import NO_PROJECT, ProjectFacts
from steering_index.index.extract import extract
from steering_index.index.files import DEFAULT_MAX_BYTES, ReadProblem, read_text, text_reader
from steering_index.index.languages import language_of
from steering_index.index.lines import split_lines
from steering_index.model import Convention, FileExtract, FocusedContext, LineRange
from steering_index.retrieval.budget import Candidate, Priority, Slot, make_item, pack
from steering_index.retrieval.code import (
    TargetFile,
    enclosing_candidate,
    signature_candidates,
    used_definitions,
    used_names,
)
from steering_index.retrieval.examples import example_candidates
from steering_index.retrieval.floor import (
    FileLines,
    fixture_candidates,
    header_candidate,
    named_candidates,
    outline_candidates,
    quoted_names,
    reference_candidates,
)
from steering_index.retrieval.rank import RuleQuery
from steering_index.retrieval.rules import (
    ConventionTarget,
    Ranking,
    choose_rules,
    convention_candidates,
    spec_candidates,
)
from steering_index.retrieval.strategies import strategy_candidates
from steering_index.rules import RuleSet, applicable_rules, load_rules, workspace_path
from steering_index.secrets import is_secret_path
from steering_index.store import IndexStore, content_hash
from steering_index.tokens import estimate_tokens

__all__ = [
    "ContextRefused",
    "Ranking",
    "RetrievalSettings",
    "RetrievalSources",
    "build_context",
    "over_budget",
    "workspace_for",
]


MAX_QUOTING_RULES = 3  # the best-ranked rules sent; the code they quote is looked up


class ContextRefused(Exception):
    """No context can be built for this target; the message says why, in words for the user."""


@dataclass(frozen=True, slots=True)
class RetrievalSettings:
    """Knobs of retrieval. Shares are fractions of `budget_tokens`."""

    budget_tokens: int = 6000
    max_examples: int = 2
    max_example_tokens: int = 700
    rule_ranking: Ranking = field(default_factory=Ranking)
    rule_share: float = 0.38  # rule sections are sent by relevance up to this share
    code_share: float = 0.4  # a floor kept for the code around the target, when it needs it
    target_share: float = 0.5  # the target is cut beyond this share of the budget
    enclosing_share: float = 0.2  # a larger enclosing definition is outlined
    max_strategies: int = 2  # strategies sent at most (0: none, as `eval` measures without)
    secret_globs: tuple[str, ...] = ()
    max_file_bytes: int = DEFAULT_MAX_BYTES


@dataclass(frozen=True, slots=True)
class RetrievalSources:
    """What retrieval reads for one workspace folder. `store` may be None before indexing.

    The store's rule table should hold `ruleset.rules` (`store.replace_rules`) for BM25 to
    rank description-decided rules; without it, those rules come in only by name.
    """

    root: Path
    ruleset: RuleSet
    store: IndexStore | None = None
    conventions: tuple[Convention, ...] = field(default=())
    libraries: LibraryTable | None = None  # None: the shipped table alone
    project: ProjectFacts = NO_PROJECT  # what the conventions judge names with (its API docs)


def workspace_for(
    root: Path, store: IndexStore | None, settings: ConventionSettings | None = None
) -> RetrievalSources:
    """Rules loaded, the store's rule search filled and conventions inferred, for `root`.

    Reads every indexed file's extract once (convention inference): a set-up step, not
    something to run per request.
    """
    ruleset = load_rules(root)
    libraries = workspace_library_table(ruleset.root)[0]  # its problems: `steering check`
    conventions: tuple[Convention, ...] = ()
    facts = NO_PROJECT
    if store is not None:
        store.replace_rules(ruleset.rules)
        facts = workspace_facts(store, ruleset.root)
        found = workspace_conventions(
            store, settings or ConventionSettings(), libraries, project=facts
        )
        conventions = tuple(found)
    return RetrievalSources(ruleset.root, ruleset, store, conventions, libraries, facts)


def over_budget(context: FocusedContext) -> int:
    """How many tokens the context is over its budget (0 when within it)."""
    return max(0, context.tokens - context.budget)


def build_context(
    workspace: RetrievalSources,
    path: str,
    lines: LineRange | None,
    task: str,
    settings: RetrievalSettings | None = None,
    text: str | None = None,
) -> FocusedContext:
    """The focused context for `lines` of `path` (None: the whole file) and `task`.

    `text` is the open buffer's text when the file is open in an editor (it wins over the
    disk). Raises `ContextRefused` for a path outside the workspace, a secret file, or a
    file that cannot be read as text, and for lines past the end of the file.
    """
    settings = settings or RetrievalSettings()
    budget = settings.budget_tokens
    target, cut_note = _target_file(workspace, path, lines, text, settings)
    answers = applicable_rules(workspace.ruleset, target.path, "".join(target.lines))
    must = [_target_candidate(target, cut_note), _task_candidate(task)]
    names = _identifiers(target)
    strategies = strategy_candidates(
        workspace.ruleset, task, target.path, names, settings.max_strategies
    )
    code = _code_candidates(workspace, target, task, settings)
    demand = sum(c.item.tokens for c in code if c.priority is not Priority.EXTRA)
    floor = min(int(budget * settings.code_share), demand)
    used = sum(c.item.tokens for c in [*must, *strategies.sent])
    rule_room = max(0, min(int(budget * settings.rule_share), budget - used - floor))
    query = RuleQuery(task, names, target.path)
    rules = choose_rules(
        workspace.ruleset, answers, query, workspace.store, settings.rule_ranking, rule_room
    )
    shown = frozenset(c.item.id.removesuffix("#outline") for c in code)
    texts = {c.item.id: c.item.text for c in rules.sent}
    quoted = quoted_names([texts[i] for i in rules.by_rank[:MAX_QUOTING_RULES] if i in texts])
    files = FileLines(workspace.root, target)
    by_rules = named_candidates(
        target, workspace.store, files, quoted, settings.secret_globs, "a rule sent", shown
    )
    candidates = [
        *rules.sent,
        *strategies.sent,
        *by_rules,
        *spec_candidates(workspace.ruleset.spec_items, task),
        *convention_candidates(_convention_target(workspace, target, task), workspace.conventions),
        *code,
        *must,
    ]
    packed = pack(candidates, budget, [*rules.withheld, *strategies.withheld])
    target_text = next(i.text for i in packed.items if i.kind == "target")
    return FocusedContext(
        path=target.path,
        lines=target.target,
        language=target.language,
        task=task,
        target_text=target_text,
        items=packed.items,
        omitted=packed.omitted,
        budget=settings.budget_tokens,
        tokens=packed.tokens,
    )


def _code_candidates(
    workspace: RetrievalSources, target: TargetFile, task: str, settings: RetrievalSettings
) -> list[Candidate]:
    """The code around the target, in the floor's order (priority, then rank)."""
    enclosing_cap = int(settings.budget_tokens * settings.enclosing_share)
    enclosing = enclosing_candidate(target, enclosing_cap)
    header = header_candidate(target)
    store, secrets = workspace.store, settings.secret_globs
    files = FileLines(workspace.root, target)
    used = used_definitions(target, store, secrets) if store and target.extract else None
    named = named_candidates(target, store, files, task, secrets)
    return [
        *([header] if header is not None else []),
        *([enclosing] if enclosing is not None else []),
        *signature_candidates(target, store, secrets, used),
        *outline_candidates(target, store, files, secrets, used),
        *named,
        *fixture_candidates(target, store, files),
        *reference_candidates(target, store, files, task, secrets),
        *example_candidates(
            workspace.root,
            target,
            store,
            task,
            settings.max_examples,
            settings.max_example_tokens,
            secrets,
            workspace.conventions,
            workspace.project,
            frozenset(c.item.id for c in named),
        ),
    ]


def _identifiers(target: TargetFile) -> list[str]:
    """The names at the target a rule section may speak of: used, defined, around it."""
    names = used_names(target)
    names += [s.name for s in target.symbols_in_target()]
    around = target.enclosing()
    return [*names, around.name] if around is not None else names


def _convention_target(
    workspace: RetrievalSources, target: TargetFile, task: str
) -> ConventionTarget:
    """The edit as the conventions see it: its names judged as the checks judge them, with
    the target's own text (the open buffer's, when it is open) and the workspace's facts."""
    table = workspace.libraries or library_table()
    inside = target.symbols_in_target()
    around = target.enclosing()
    jobs = (
        frozenset(use.job for use in library_uses(target.extract, table))
        if target.extract is not None
        else frozenset()
    )
    symbols = inside + ([around] if around is not None else [])
    everything = target.extract if target.extract is not None else ()
    disk = text_reader(workspace.root)
    own = "".join(target.lines).encode("utf-8")

    def read(path: str) -> bytes | None:
        return own if path == target.path else disk(path)

    return ConventionTarget(
        target.path, target.language, symbols, jobs, task, everything, read, workspace.project
    )


# --- the target -----------------------------------------------------------------------------


def _target_file(
    workspace: RetrievalSources,
    path: str,
    lines: LineRange | None,
    text: str | None,
    settings: RetrievalSettings,
) -> tuple[TargetFile, str]:
    rel = workspace_path(workspace.ruleset, path)
    if rel is None:
        raise ContextRefused(f"{path}: not a file inside the workspace {workspace.root}")
    if is_secret_path(rel, settings.secret_globs):
        raise ContextRefused(f"{rel} looks like a secret file; it is never sent to a model")
    data: bytes | None = None
    if text is None:
        read = read_text(workspace.root / rel, workspace.root, settings.max_file_bytes)
        if isinstance(read, ReadProblem):
            raise ContextRefused(f"{rel}: {read.message}")
        text, data = read.text, read.data
    language = language_of(rel, data if data is not None else text.encode("utf-8"))
    file_extract = _extract_for(workspace.store, rel, language, text, data)
    all_lines = tuple(split_lines(text, keepends=True)) or ("",)
    wanted = lines or LineRange(1, len(all_lines))
    if wanted.first < 1 or wanted.last < wanted.first:
        raise ContextRefused(f"lines {wanted.first}-{wanted.last}: not a valid 1-based range")
    if wanted.first > len(all_lines):
        raise ContextRefused(
            f"{rel} has {len(all_lines)} lines; line {wanted.first} does not exist"
        )
    clamped = LineRange(wanted.first, min(wanted.last, len(all_lines)))
    target = TargetFile(rel, language, all_lines, file_extract, clamped)
    share = int(settings.budget_tokens * settings.target_share)
    return _cut_to_share(target, share, wanted)


def _extract_for(
    store: IndexStore | None, rel: str, language: str | None, text: str, data: bytes | None
) -> FileExtract | None:
    """The index's extract when it holds exactly this text, else a fresh parse of it."""
    if language is None:
        return None
    data = data if data is not None else text.encode("utf-8")
    if store is not None:
        row = store.file(rel)
        if row is not None and row.problem is None and row.hash == content_hash(data):
            indexed = store.extract_for(rel)
            if indexed is not None:
                return indexed
    return extract(rel, data, language)


def _cut_to_share(target: TargetFile, share: int, wanted: LineRange) -> tuple[TargetFile, str]:
    """`target` with its range cut at the last line that fits `share` tokens, and a note."""
    first, last = target.target.first, target.target.last
    notes: list[str] = []
    if last < wanted.last:
        notes.append(f"the file ends at line {last}")
    if estimate_tokens(target.text_of(first, last)) > share:
        used = 0
        end = first
        for number in range(first, last + 1):
            used += estimate_tokens(target.lines[number - 1])
            if used > share and number > first:
                break
            end = number
        notes.append(
            f"lines {first}-{last} are more than the target's share of the budget "
            f"({share:,} tokens); cut to lines {first}-{end}"
        )
        target = dataclasses.replace(target, target=LineRange(first, end))
    return target, "; ".join(notes)


def _target_candidate(target: TargetFile, cut_note: str) -> Candidate:
    first, last = target.target.first, target.target.last
    reason = f"the target: lines {first}-{last} of {target.path}"
    if cut_note:
        reason += f" ({cut_note})"
    item = make_item(
        "target",
        f"{target.path}:{first}-{last}",
        f"{target.path} lines {first}-{last}",
        target.text_of(first, last),
        reason,
        Slot.TARGET,
        target.path,
        target.target,
    )
    return Candidate(item, Slot.TARGET, Priority.MUST, 0.0)


def _task_candidate(task: str) -> Candidate:
    item = make_item("task", "task", "Task", task, "what the user asked for", Slot.TASK)
    return Candidate(item, Slot.TASK, Priority.MUST, 0.0)
