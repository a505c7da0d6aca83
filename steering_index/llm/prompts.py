"""From a focused context and a task to the exact Messages API request the ladder sends.

Layout, stable first so that prompt caching can reuse it: the `system` blocks hold the role
with a short scaffold of steps, the rule sections chosen for the task with their ids (in
document order), the conventions, then a strategy block when one matches (a reserved slot:
`strategy` items); the user message holds the code (the file's header, signatures and
outlines, fixtures, examples, the enclosing definition, then the target lines) and the task.
Markup inside rule text (`<guidelines>`, or a `</rule>` mimicking our own delimiters) is
neutralised so that it cannot open or close a block of the request. The model must
answer through the `replace_range` tool, whose schema puts a short `plan` (and on the
frontier tier a `self_check`) before the code fields, and which may carry `imports` to add
and `edits` to other lines of the file it was shown. A repair turn continues the same conversation
with the problems as a failed tool result; an escalation starts afresh on the next tier
with the earlier attempt and why it was rejected.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from steering_index.model import ContextItem, FocusedContext, LineRange
from steering_index.secrets import redact
from steering_index.tokens import estimate_tokens

TOOL_NAME = "replace_range"

ROLE_AND_SCAFFOLD = """\
You edit code in a software project so that the result follows the project's own rules \
and the conventions its code already uses.

Work in this order:
1. Read the project rules and conventions below, and note the ids of those that bear on \
the task.
2. Plan the smallest change that does the task, and write that plan, in a few short \
lines, in the `plan` field before any code.
3. Write the replacement for the target lines in `new_text`. Lines outside the target stay \
as they are, so do not repeat lines that come before or after the target.
4. If the new code needs an import the file lacks, list the import statement in `imports` \
(it is merged into the file's imports for you); never write imports into `new_text`. If \
another place in this file that you were shown must change too (a caller of a renamed \
function, say), put it in `edits`: the exact lines as shown (`old_text`) and their \
replacement. Nothing you were not shown may change.
5. Check the new text against each rule and convention you noted, and that every name it \
uses is defined or imported, and fix anything that is not.

Answer only by calling the replace_range tool once. Keep the file's indentation; the new \
text replaces the target lines exactly."""

_CODE_FIELDS: dict[str, Any] = {
    "first_line": {"type": "integer", "description": "first target line, 1-based"},
    "last_line": {"type": "integer", "description": "last target line, inclusive"},
    "new_text": {
        "type": "string",
        "description": "the complete replacement for those lines, with indentation",
    },
    "imports": {
        "type": "array",
        "items": {"type": "string"},
        "description": (
            "import statements the new code needs that the file lacks, one per item, "
            "written as in the file's language (e.g. `from decimal import Decimal`); "
            "they are merged into the file's imports"
        ),
    },
    "edits": {
        "type": "array",
        "description": (
            "changes to other lines of this file that you were shown (outside the target), "
            "such as a caller to update; usually empty"
        ),
        "items": {
            "type": "object",
            "properties": {
                "old_text": {
                    "type": "string",
                    "description": "the whole lines to change, copied exactly as shown",
                },
                "new_text": {"type": "string", "description": "what replaces those lines"},
                "first_line": {
                    "type": "integer",
                    "description": "the line old_text starts on, if you know it",
                },
            },
            "required": ["old_text", "new_text"],
        },
    },
    "rule_ids": {
        "type": "array",
        "items": {"type": "string"},
        "description": "ids of the rules and conventions the new text follows",
    },
    "summary": {"type": "string", "description": "one sentence: what changed"},
}
_PLAN_FIELD: dict[str, Any] = {
    "type": "string",
    "description": "written first: the steps of the smallest change, in a few short lines",
}
_SELF_CHECK_FIELD: dict[str, Any] = {
    "type": "string",
    "description": (
        "written before the code: the risks of the plan (names, imports, callers, rules) "
        "and how the code will avoid them"
    ),
}


def answer_tool(self_check: bool = False) -> dict[str, Any]:
    """The `replace_range` tool; `plan` (and `self_check`) come before the code fields.

    The tool is forced through `tool_choice`, which leaves the model no text turn before the
    call: the fields written first are where it thinks. Only the code fields are required
    by the validator; an answer without a plan is still accepted.
    """
    thinking = {"plan": _PLAN_FIELD} | ({"self_check": _SELF_CHECK_FIELD} if self_check else {})
    return {
        "name": TOOL_NAME,
        "description": (
            "Replace the target lines first_line..last_line (1-based, inclusive, exactly the "
            "range you were given) with new_text, add the imports it needs, apply any edits "
            "to other lines you were shown, and list the ids of the rules and conventions "
            "the new text follows."
        ),
        "input_schema": {
            "type": "object",
            "properties": thinking | _CODE_FIELDS,
            "required": ["plan", "first_line", "last_line", "new_text", "rule_ids"],
        },
    }


REPLACE_RANGE_TOOL: dict[str, Any] = answer_tool()
FRONTIER_TOOL: dict[str, Any] = answer_tool(self_check=True)


@dataclass(frozen=True, slots=True)
class SystemBlock:
    name: str  # role | rules | conventions | reference: for people reading `steering context`
    text: str
    cache: bool = False


@dataclass(frozen=True, slots=True)
class TextBlock:
    text: str


@dataclass(frozen=True, slots=True)
class ToolUseBlock:
    id: str
    input_json: str  # the tool input exactly as the model sent it


@dataclass(frozen=True, slots=True)
class ToolResultBlock:
    tool_use_id: str
    text: str
    is_error: bool


Block = TextBlock | ToolUseBlock | ToolResultBlock


@dataclass(frozen=True, slots=True)
class Message:
    role: str  # user | assistant
    content: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class ModelRequest:
    """One request to the Messages API, plus what we know about it before sending."""

    model: str
    max_tokens: int
    system: tuple[SystemBlock, ...]
    messages: tuple[Message, ...]
    rule_ids: tuple[str, ...]  # the rule and convention ids sent
    stable_tokens: int  # estimated tokens of the cacheable prefix (tool + system)
    tokens: int  # estimated input tokens of the whole request
    self_check: bool = False  # the frontier tier's tool, with a `self_check` field
    strategy_ids: tuple[str, ...] = ()  # the strategies sent (provenance records them)

    @property
    def tool(self) -> dict[str, Any]:
        return FRONTIER_TOOL if self.self_check else REPLACE_RANGE_TOOL

    @property
    def cached(self) -> bool:
        return any(block.cache for block in self.system)

    def payload(self) -> dict[str, Any]:
        """The request body, as the SDK's `messages.create` keywords."""
        system: list[dict[str, Any]] = []
        for block in self.system:
            entry: dict[str, Any] = {"type": "text", "text": block.text}
            if block.cache:
                entry["cache_control"] = {"type": "ephemeral"}
            system.append(entry)
        return {
            "model": self.model,
            "max_tokens": self.max_tokens,
            "system": system,
            "messages": [_message_payload(m) for m in self.messages],
            "tools": [self.tool],
            "tool_choice": {"type": "tool", "name": TOOL_NAME},
        }

    def redacted(self) -> tuple[ModelRequest, int]:
        """The same request with every secret-looking string replaced by a marker."""
        count = 0

        def clean(text: str) -> str:
            nonlocal count
            text, found = redact(text)
            count += found
            return text

        system = tuple(replace(b, text=clean(b.text)) for b in self.system)
        messages = tuple(
            Message(m.role, tuple(_redact_block(b, clean) for b in m.content))
            for m in self.messages
        )
        return replace(self, system=system, messages=messages), count


def _redact_block(block: Block, clean: Any) -> Block:
    if isinstance(block, TextBlock):
        return TextBlock(clean(block.text))
    if isinstance(block, ToolResultBlock):
        return replace(block, text=clean(block.text))
    return replace(block, input_json=clean(block.input_json))


def _message_payload(message: Message) -> dict[str, Any]:
    content: list[dict[str, Any]] = []
    for block in message.content:
        if isinstance(block, TextBlock):
            content.append({"type": "text", "text": block.text})
        elif isinstance(block, ToolUseBlock):
            content.append(
                {"type": "tool_use", "id": block.id, "name": TOOL_NAME, "input": _loads(block)}
            )
        else:
            content.append(
                {
                    "type": "tool_result",
                    "tool_use_id": block.tool_use_id,
                    "content": block.text,
                    "is_error": block.is_error,
                }
            )
    return {"role": message.role, "content": content}


def _loads(block: ToolUseBlock) -> Any:
    # Only a well-formed answer is ever replayed (see `repair_request`), but stay total.
    return _loads_object(block.input_json) or {}


# --- building -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PriorAttempt:
    """An earlier answer that was not accepted, and why: what escalation hands the next tier."""

    tier: str
    model: str
    new_text: str
    problems: tuple[str, ...]
    reason: str = ""  # the user's words when they escalated by hand
    imports: tuple[str, ...] = ()  # the imports the attempt asked for
    edits: tuple[tuple[str, str], ...] = ()  # its other edits: (old_text, new_text)


def build_request(
    context: FocusedContext,
    model: str,
    max_tokens: int,
    min_cache_tokens: int,
    prior: PriorAttempt | None = None,
    self_check: bool = False,
) -> ModelRequest:
    """The request for `context` on `model`; with `prior`, the escalation variant.

    `self_check` (the frontier tier) adds the tool's `self_check` field.
    """
    stable = [item for item in context.items if item.stable]
    volatile = [item for item in context.items if not item.stable]
    system = _system_blocks(stable)
    tool = FRONTIER_TOOL if self_check else REPLACE_RANGE_TOOL
    stable_tokens = estimate_tokens(json.dumps(tool)) + sum(
        estimate_tokens(block.text) for block in system
    )
    if stable_tokens >= min_cache_tokens:
        # One breakpoint on the last stable block caches tools + all of system.
        system[-1] = replace(system[-1], cache=True)
    user = _user_text(context, volatile, prior)
    return ModelRequest(
        model=model,
        max_tokens=max_tokens,
        system=tuple(system),
        messages=(Message("user", (TextBlock(user),)),),
        rule_ids=tuple(item.id for item in context.items if item.kind in ("rule", "convention")),
        stable_tokens=stable_tokens,
        tokens=stable_tokens + estimate_tokens(user),
        self_check=self_check,
        strategy_ids=tuple(item.id for item in context.items if item.kind == "strategy"),
    )


def repair_request(
    request: ModelRequest,
    tool_use_id: str | None,
    answer_json: str,
    problems: Sequence[str],
    target: LineRange | None = None,
) -> ModelRequest:
    """`request` continued after a rejected answer, listing the problems.

    The feedback restates the target range and where imports and other edits go, so a
    breach of the answer format is corrected rather than repeated.

    A well-formed tool call is replayed and answered with a failed tool result, as the
    tool-use protocol expects; an answer that was no usable call (text, empty, cut-off JSON)
    cannot be replayed, so the problems are added to the user turn instead.
    """
    listed = "\n".join(f"- {p}" for p in problems)
    lines = f" (first_line={target.first}, last_line={target.last})" if target else ""
    if tool_use_id and isinstance(_loads_object(answer_json), dict):
        feedback = (
            f"The edit was not applied because:\n{listed}\n"
            f"Call replace_range again for the target lines{lines}, fixing every problem "
            "above: new_text replaces the target lines, imports the code needs go in "
            "`imports`, and changes to other lines you were shown go in `edits`."
        )
        messages = (
            *request.messages,
            Message("assistant", (ToolUseBlock(tool_use_id, answer_json),)),
            Message("user", (ToolResultBlock(tool_use_id, feedback, is_error=True),)),
        )
        extra = estimate_tokens(answer_json) + estimate_tokens(feedback)
    else:
        feedback = (
            f"A previous answer could not be used:\n{listed}\n"
            f"Answer by calling replace_range{lines} with every required field."
        )
        last = request.messages[-1]
        messages = (
            *request.messages[:-1],
            Message(last.role, (*last.content, TextBlock(feedback))),
        )
        extra = estimate_tokens(feedback)
    return replace(request, messages=messages, tokens=request.tokens + extra)


def _loads_object(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return None


def _system_blocks(stable: list[ContextItem]) -> list[SystemBlock]:
    blocks = [SystemBlock("role", ROLE_AND_SCAFFOLD)]
    rules = [i for i in stable if i.kind in ("rule", "spec")]
    conventions = [i for i in stable if i.kind == "convention"]
    strategies = [i for i in stable if i.kind == "strategy"]
    other = [i for i in stable if i.kind not in ("rule", "spec", "convention", "strategy")]
    if rules:
        body = "\n".join(_tagged("rule", item) for item in rules)
        blocks.append(SystemBlock("rules", f"Project rules (cite them by id):\n{body}"))
    if conventions:
        body = "\n".join(_tagged("convention", item) for item in conventions)
        blocks.append(SystemBlock("conventions", f"Conventions the code already follows:\n{body}"))
    if strategies:
        body = "\n".join(_tagged("strategy", item) for item in strategies)
        blocks.append(SystemBlock("strategy", f"A strategy that worked for this task:\n{body}"))
    if other:
        body = "\n".join(_tagged(item.kind, item) for item in other)
        blocks.append(SystemBlock("reference", f"Reference:\n{body}"))
    return blocks


_PROSE_KINDS = frozenset({"rule", "spec", "convention", "strategy"})
# The tags this module wraps items in, and those of an escalation's earlier attempt.
OWN_TAGS = frozenset(
    {
        "rule",
        "convention",
        "strategy",
        "reference",
        "spec",
        "header",
        "signature",
        "outline",
        "definition",
        "fixture",
        "references",
        "example",
        "enclosing",
        "target",
        "task",
        "rejected_attempt",
    }
)
_TAG = re.compile(r"<(/?)([A-Za-z][\w:.-]*)((?:\s[^<>]*)?/?)>")
_FENCE = re.compile(r"^\s*(```|~~~)")


def neutralise_markup(text: str) -> str:
    """`text` with tags that could open or close a block of the request made inert.

    In prose every XML-like tag (`<guidelines>`) becomes `‹guidelines›`; inside a code
    fence, where `<T>` or `<div>` are code, only tags that mimic ours (`</rule>`) do.
    """
    out: list[str] = []
    fenced = False
    for line in text.splitlines(keepends=True):
        if _FENCE.match(line):
            fenced = not fenced
            out.append(line)
            continue
        out.append(_TAG.sub(_inert_code if fenced else _inert_prose, line))
    return "".join(out)


def _inert_prose(match: re.Match[str]) -> str:
    return f"‹{match.group(1)}{match.group(2)}{match.group(3)}›"


def _inert_code(match: re.Match[str]) -> str:
    return _inert_prose(match) if match.group(2).lower() in OWN_TAGS else match.group(0)


def _attribute(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def _tagged(tag: str, item: ContextItem) -> str:
    where = ""
    if item.source:
        lines = f":{item.lines.first}-{item.lines.last}" if item.lines else ""
        where = f' source="{_attribute(item.source)}{lines}"'
    text = item.text.strip()
    if item.kind in _PROSE_KINDS:
        text = neutralise_markup(text)
    head = f'<{tag} id="{_attribute(item.id)}" title="{_attribute(item.title)}"{where}>'
    return f"{head}\n{text}\n</{tag}>"


def _user_text(
    context: FocusedContext, volatile: list[ContextItem], prior: PriorAttempt | None
) -> str:
    first, last = context.lines.first, context.lines.last
    language = context.language or ""
    parts = [f"File: {context.path}" + (f" ({language})" if language else "")]
    for item in volatile:
        if item.kind in ("target", "task"):
            continue
        parts.append(_tagged(item.kind, item))
    parts.append(
        f'<target first_line="{first}" last_line="{last}">\n{context.target_text}</target>'
    )
    if prior is not None:
        parts.append(_prior_text(prior))
    parts.append(f"Task: {context.task}")
    parts.append(
        f"Call replace_range with your plan first, then first_line={first}, last_line={last}, "
        "the new text for exactly those lines, any imports it needs, any edits to other lines "
        "you were shown, and the ids of the rules and conventions you followed."
    )
    return "\n\n".join(parts)


def _prior_text(prior: PriorAttempt) -> str:
    why = "\n".join(f"- {p}" for p in prior.problems) or "- (no problem was detected)"
    reason = f"\nThe user's reason for asking again: {prior.reason}" if prior.reason else ""
    extra = "".join(f"<rejected_import>{line}</rejected_import>\n" for line in prior.imports)
    extra += "".join(
        f"<rejected_edit>\n<old_text>\n{old}</old_text>\n<new_text>\n{new}</new_text>\n"
        "</rejected_edit>\n"
        for old, new in prior.edits
    )
    return (
        f"An earlier attempt ({prior.tier} tier, {prior.model}) was rejected:\n"
        f"<rejected_attempt>\n{prior.new_text}</rejected_attempt>\n{extra}"
        f"Why it was rejected:\n{why}{reason}\n"
        "Do better than this attempt: fix every problem listed."
    )
