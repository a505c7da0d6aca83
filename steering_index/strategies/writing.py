"""Writing strategies with the frontier tier: the request, its worst-case cost, the new files.

Two requests, one answer format (the `write_strategies` tool):

- a draft (`steering strategies draft`): the repository's most common kinds of change, an
  excerpt of an example of each, the rules that apply to them and the strong conventions;
- a lesson (`steering ask --learn`, the editor's "Save what worked as a strategy"): the
  task, the small tier's rejected attempt and why it failed, the accepted frontier edit
  and the rules it was given.

The cost is known before anything is sent: the estimated input plus the whole output
allowance at the model's price, a ceiling the call cannot pass. `send_for_strategies`
refuses a request above the caller's cap. Answers become new files in
`.steering/strategies/` for the user to review: a file is never overwritten (a name
taken gets `-2`, `-3`, ...), every text is redacted for secrets before it is written, and
a glob that would leave the workspace is dropped. Nothing is committed.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from steering_index.llm.client import ModelError, Usage, call_model
from steering_index.llm.prompts import (
    Message,
    ModelRequest,
    PriorAttempt,
    SystemBlock,
    TextBlock,
    neutralise_markup,
)
from steering_index.llm.tiers import Credentials, LadderSettings, Tier
from steering_index.llm.usage import cost_usd
from steering_index.model import ContextItem, Convention, ModelCall, Rule
from steering_index.rules.sections import slugify
from steering_index.secrets import redact
from steering_index.strategies.format import (
    FOLDER,
    MAX_TOKENS,
    Strategy,
    StrategyDraft,
    escapes_workspace,
    render_strategy,
)
from steering_index.strategies.kinds import ChangeKind
from steering_index.tokens import estimate_tokens

TOOL = "write_strategies"
# Room for one strategy's fields and JSON frame, beyond its body.
OUTPUT_TOKENS_PER_STRATEGY = MAX_TOKENS + 200
MAX_NAME_CHARS = 60
_STRATEGY_ITEM = {
    "type": "object",
    "properties": {
        "title": {"type": "string", "description": "a few words: the kind of task"},
        "when": {
            "type": "string",
            "description": "one sentence: the tasks this is for, in the words a user asks them",
        },
        "globs": {
            "type": "array",
            "items": {"type": "string"},
            "description": "workspace-relative globs of the files it is for; empty if any",
        },
        "body": {
            "type": "string",
            "description": f"the playbook in markdown, at most {MAX_TOKENS} tokens",
        },
    },
    "required": ["title", "when", "body"],
}
STRATEGY_TOOL: dict[str, Any] = {
    "name": TOOL,
    "description": "Save the strategies written for this repository.",
    "input_schema": {
        "type": "object",
        "properties": {"strategies": {"type": "array", "items": _STRATEGY_ITEM}},
        "required": ["strategies"],
    },
}

ROLE = f"""\
You write strategies: short playbooks for one kind of change in this repository, which a \
small model will follow every time it is asked for that kind of change. A strategy says \
how to do it *here*: the steps in order, which project helpers, modules and patterns to use \
(by name and path, only ones you were shown), what to avoid, and how to check the result. \
Keep each body under {MAX_TOKENS} tokens (about {MAX_TOKENS * 2 // 3} words): numbered \
steps, then short "Avoid" and "Check" lists. Do not restate general programming advice or \
the rules themselves; point at them. Globs are relative to the workspace root and never \
leave it. Answer only by calling {TOOL}."""


@dataclass(frozen=True, slots=True)
class StrategyRequest(ModelRequest):
    """A request answered through `write_strategies` instead of `replace_range`."""

    purpose: str = "draft"  # draft | learn
    origins: tuple[str, ...] = ()  # the `from` of each strategy asked for, in order

    def payload(self) -> dict[str, Any]:
        body = ModelRequest.payload(self)
        return body | {"tools": [STRATEGY_TOOL], "tool_choice": {"type": "tool", "name": TOOL}}


def _request(
    purpose: str,
    system: Sequence[SystemBlock],
    user: str,
    count: int,
    model: str,
    origins: tuple[str, ...],
    rule_ids: tuple[str, ...],
) -> StrategyRequest:
    stable = estimate_tokens(json.dumps(STRATEGY_TOOL)) + sum(
        estimate_tokens(b.text) for b in system
    )
    return StrategyRequest(
        model=model,
        max_tokens=OUTPUT_TOKENS_PER_STRATEGY * count + 200,
        system=tuple(system),
        messages=(Message("user", (TextBlock(user),)),),
        rule_ids=rule_ids,
        stable_tokens=stable,
        tokens=stable + estimate_tokens(user),
        purpose=purpose,
        origins=origins,
    )


def _rules_block(rules: Sequence[Rule], conventions: Sequence[Convention]) -> list[SystemBlock]:
    blocks = [SystemBlock("role", ROLE)]
    if rules:
        body = "\n".join(
            f'<rule id="{r.id}" title="{r.title}">\n{neutralise_markup(r.text.strip())}\n</rule>'
            for r in rules
        )
        blocks.append(SystemBlock("rules", f"The project's rules:\n{body}"))
    strong = [c for c in conventions if c.strong]
    if strong:
        body = "\n".join(
            f"- {c.language} {c.subject}: {c.value} ({c.count} of {c.total})" for c in strong
        )
        blocks.append(SystemBlock("conventions", f"Conventions the code follows:\n{body}"))
    return blocks


def draft_request(
    kinds: Sequence[ChangeKind],
    excerpts: dict[str, str],
    rules: Sequence[Rule],
    conventions: Sequence[Convention],
    existing: Sequence[Strategy],
    model: str,
) -> StrategyRequest:
    """One request for one strategy per kind in `kinds`, from examples, rules, conventions."""
    parts = [f"Write one strategy for each of these {len(kinds)} kinds of change."]
    if existing:
        listed = "\n".join(f"- {s.title}: {s.when}" for s in existing)
        parts.append(f"Strategies already written (do not repeat them):\n{listed}")
    for kind in kinds:
        paths = "\n".join(f"  - {p}" for p in kind.examples)
        section = f"## {kind.name}: {kind.description} ({kind.count} files)\nExamples:\n{paths}"
        for path in kind.examples:
            if path in excerpts:
                section += f'\n<example path="{path}">\n{excerpts[path]}</example>'
                break
        parts.append(section)
    origins = tuple(f"steering strategies draft: {k.name} ({k.description})" for k in kinds)
    return _request(
        "draft",
        _rules_block(rules, conventions),
        "\n\n".join(parts),
        len(kinds),
        model,
        origins,
        tuple(r.id for r in rules),
    )


@dataclass(frozen=True, slots=True)
class Lesson:
    """What an escalation taught: the task, the rejected small attempt, the accepted edit."""

    task: str
    path: str
    rejected: PriorAttempt
    accepted_text: str
    items: tuple[ContextItem, ...] = ()  # the rules and conventions the edit was given
    language: str | None = None


def lesson_request(lesson: Lesson, model: str) -> StrategyRequest:
    """One request for one strategy: how to do this kind of task so the small tier succeeds."""
    rules = [i for i in lesson.items if i.kind in ("rule", "convention", "spec")]
    system = [SystemBlock("role", ROLE)]
    if rules:
        body = "\n".join(
            f'<{i.kind} id="{i.id}">\n{neutralise_markup(i.text.strip())}\n</{i.kind}>'
            for i in rules
        )
        system.append(
            SystemBlock("rules", f"The rules and conventions the edit was given:\n{body}")
        )
    reasons = [*lesson.rejected.problems]
    if lesson.rejected.reason:
        reasons.append(f"the user asked again: {lesson.rejected.reason}")
    why = "\n".join(f"- {p}" for p in reasons) or "- (no reason recorded)"
    language = f" ({lesson.language})" if lesson.language else ""
    user = (
        f"The small tier failed this task on {lesson.path}{language} and the frontier tier's "
        "edit was accepted. Write ONE strategy for this kind of task (not only this "
        "instance), so that next time the small tier gets it right.\n\n"
        f"Task: {lesson.task}\n\n"
        f"The small tier's attempt ({lesson.rejected.model}), rejected:\n"
        f"<rejected_attempt>\n{lesson.rejected.new_text}</rejected_attempt>\n"
        f"Why it was rejected:\n{why}\n\n"
        f"The accepted edit:\n<accepted_edit>\n{lesson.accepted_text}</accepted_edit>"
    )
    return _request("learn", system, user, 1, model, (lesson.task,), tuple(i.id for i in rules))


def worst_case_cost(request: ModelRequest, settings: LadderSettings) -> float | None:
    """The most the call can cost: the estimated input and the whole output allowance.

    None when the model's price is unknown (the caller says so and counts it as $0).
    """
    price = settings.price_for(request.model)
    if price is None:
        return None
    return cost_usd(Usage(input_tokens=request.tokens, output_tokens=request.max_tokens), price)


def cost_line(request: StrategyRequest, settings: LadderSettings) -> str:
    """What the call will cost at most, in words, before anything is sent."""
    worst = worst_case_cost(request, settings)
    price = f"at most ${worst:.4f}" if worst is not None else "no price known: counted as $0"
    return (
        f"1 call to the frontier tier ({request.model}): about {request.tokens:,} tokens in, "
        f"at most {request.max_tokens:,} out; {price}"
    )


@dataclass(frozen=True, slots=True)
class WriteOutcome:
    """What came of asking for strategies. status: written | refused | error."""

    status: str
    message: str
    written: tuple[Path, ...] = ()
    problems: tuple[str, ...] = ()  # strategies of the answer that were not written, and why
    cost_usd: float = 0.0
    call_id: int | None = None


Recorder = Callable[[ModelCall], int | None]


async def send_for_strategies(
    request: StrategyRequest,
    root: Path,
    settings: LadderSettings,
    credentials: Credentials,
    *,
    max_cost_usd: float,
    recorder: Recorder | None = None,
) -> WriteOutcome:
    """Send `request` if its worst-case cost is within `max_cost_usd`; write the answer."""
    worst = worst_case_cost(request, settings) or 0.0
    if worst > max_cost_usd:
        return WriteOutcome(
            "refused",
            f"not sent: the call could cost up to ${worst:.4f}, above the cap of "
            f"${max_cost_usd:.2f}",
        )
    try:
        strategy_folder(root)  # before paying for an answer that could not be saved
    except OSError as exc:
        return WriteOutcome("refused", f"not sent: {exc}")
    started_at = datetime.now(UTC).isoformat(timespec="seconds")
    started = time.monotonic()
    try:
        reply = await call_model(request, settings, credentials, Tier.FRONTIER.value)
    except ModelError as error:
        _record(recorder, request, settings, error.usage, "error", started_at, started)
        return WriteOutcome("error", error.message)
    call_id = _record(
        recorder, request, settings, reply.usage, "proposed", started_at, started, reply.model
    )
    cost = cost_usd(reply.usage, settings.price_for(reply.model))
    drafts, problems = parse_answer(reply.tool_input_json, request, reply.model)
    try:
        written = write_drafts(root, drafts)
    except OSError as exc:
        # Paid for: shown rather than lost.
        shown = "\n".join(render_strategy(_redacted(d)) for d in drafts)
        message = f"the strategies could not be written ({exc}); here they are:\n\n{shown}"
        return WriteOutcome("error", message, (), tuple(problems), cost, call_id)
    if not written:
        return WriteOutcome(
            "error", "the answer held no usable strategy", (), tuple(problems), cost, call_id
        )
    message = f"wrote {len(written)} strategy file(s) for review"
    return WriteOutcome("written", message, tuple(written), tuple(problems), cost, call_id)


def _record(
    recorder: Recorder | None,
    request: StrategyRequest,
    settings: LadderSettings,
    usage: Usage,
    outcome: str,
    started_at: str,
    started: float,
    model: str | None = None,
) -> int | None:
    if recorder is None:
        return None
    model = model or request.model
    return recorder(
        ModelCall(
            started_at=started_at,
            tier=Tier.FRONTIER.value,
            model=model,
            input_tokens=usage.input_tokens,
            output_tokens=usage.output_tokens,
            cache_creation_tokens=usage.cache_creation_tokens,
            cache_read_tokens=usage.cache_read_tokens,
            cost_usd=cost_usd(usage, settings.price_for(model)),
            rule_ids=request.rule_ids,
            outcome=outcome,
            duration_ms=int((time.monotonic() - started) * 1000),
            action=f"strategy-{request.purpose}",
            task=request.origins[0] if request.purpose == "learn" else None,
        )
    )


def parse_answer(
    raw_json: str, request: StrategyRequest, model: str, today: str | None = None
) -> tuple[list[StrategyDraft], list[str]]:
    """The usable strategies of an answer, and why each other one was not kept."""
    try:
        data = json.loads(raw_json or "null")
    except ValueError:
        return [], ["the answer was not the write_strategies call asked for"]
    items = data.get("strategies") if isinstance(data, dict) else None
    if not isinstance(items, list):
        return [], ["the answer held no list of strategies"]
    day = today or datetime.now(UTC).date().isoformat()
    drafts: list[StrategyDraft] = []
    problems: list[str] = []
    for number, item in enumerate(items):
        fields = _fields(item)
        if isinstance(fields, str):
            problems.append(f"strategy {number + 1}: {fields}; not written")
            continue
        title, when, body, globs = fields
        kept = tuple(g for g in globs if not escapes_workspace(g))
        problems += [
            f"“{title}”: glob `{g}` points outside the workspace; dropped"
            for g in globs
            if g not in kept
        ]
        origin = request.origins[min(number, len(request.origins) - 1)] if request.origins else ""
        drafts.append(StrategyDraft(title, when, body, model, day, origin, kept))
    return drafts, problems


def _fields(item: object) -> tuple[str, str, str, tuple[str, ...]] | str:
    if not isinstance(item, dict):
        return "not an object"
    text = {k: item.get(k) for k in ("title", "when", "body")}
    missing = [k for k, v in text.items() if not isinstance(v, str) or not v.strip()]
    if missing:
        return f"no {', '.join(missing)}"
    globs = item.get("globs") or []
    if not isinstance(globs, list) or not all(isinstance(g, str) for g in globs):
        return "globs is not a list of strings"
    title, when, body = (str(text[k]).strip() for k in ("title", "when", "body"))
    return title, when, body, tuple(g.strip() for g in globs if g.strip())


def write_drafts(root: Path, drafts: Sequence[StrategyDraft]) -> list[Path]:
    """Each draft as a new file in `.steering/strategies/` of `root`, secrets redacted.

    Never overwrites: a taken name gets a number. Refuses (writes nothing) when the folder
    would resolve outside the workspace (a symlinked `.steering`, say).
    """
    folder = strategy_folder(root)
    written = []
    for draft in drafts:
        clean = _redacted(draft)
        text = render_strategy(clean)
        stem = slugify(clean.title)[:MAX_NAME_CHARS].strip("-") or "strategy"
        written.append(_new_file(folder, stem, text))
    return written


def strategy_folder(root: Path) -> Path:
    """`.steering/strategies/` of `root`, made if missing. Raises OSError when it cannot be
    made, or resolves outside the workspace (a symlinked `.steering`, say)."""
    folder = root / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    real_root = root.resolve()
    if not folder.resolve().is_relative_to(real_root):
        raise OSError(f"{FOLDER} resolves outside the workspace {real_root}; nothing written")
    return folder


def _redacted(draft: StrategyDraft) -> StrategyDraft:
    def clean(text: str) -> str:
        return redact(text)[0]

    return replace(
        draft,
        title=clean(draft.title),
        when=clean(draft.when),
        body=clean(draft.body),
        origin=clean(draft.origin),
        globs=tuple(clean(g) for g in draft.globs),
    )


def _new_file(folder: Path, stem: str, text: str) -> Path:
    number = 1
    while True:
        path = folder / (f"{stem}.md" if number == 1 else f"{stem}-{number}.md")
        try:
            with path.open("x", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
            return path
        except FileExistsError:
            number += 1


@dataclass(frozen=True, slots=True)
class LastUse:
    """When a strategy was last sent, and how many calls carried it."""

    last: str
    calls: int = 0


def last_uses(calls: Sequence[ModelCall]) -> dict[str, LastUse]:
    """For each strategy id in the recorded calls, its last use (calls in start order)."""
    uses: dict[str, LastUse] = {}
    for call in calls:
        for strategy_id in call.strategy_ids:
            seen = uses.get(strategy_id)
            count = seen.calls + 1 if seen else 1
            uses[strategy_id] = LastUse(call.started_at, count)
    return uses
