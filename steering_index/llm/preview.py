"""What a model would be sent, for a person to read: the request's outline with why each item
is in it, then every block as it would leave the machine; or the same as JSON.

`steering context` prints it and the editor's "Show the context that would be sent" shows it.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from steering_index.model import ContextItem, FocusedContext

if TYPE_CHECKING:
    from steering_index.llm.prompts import ModelRequest, SystemBlock


def _item_json(item: ContextItem) -> dict[str, Any]:
    data = asdict(item)
    data["lines"] = [item.lines.first, item.lines.last] if item.lines else None
    return data


def context_json(
    context: FocusedContext, sent: ModelRequest, redactions: int, min_cache: int
) -> dict[str, Any]:
    return {
        "path": context.path,
        "lines": [context.lines.first, context.lines.last],
        "task": context.task,
        "model": sent.model,
        "estimated_input_tokens": sent.tokens,
        "stable_prefix_tokens": sent.stable_tokens,
        "cached": sent.cached,
        "min_cacheable_tokens": min_cache,
        "budget": context.budget,
        "redactions": redactions,
        "items": [_item_json(i) for i in context.items],
        "omitted": [_item_json(i) for i in context.omitted],
        "request": sent.payload(),
    }


def context_text(
    context: FocusedContext,
    sent: ModelRequest,
    redactions: int,
    min_cache: int,
    full: bool = True,
) -> str:
    """The request's outline (every item, its tokens and why it is in), then, when `full`,
    every block of the request as it would be sent."""
    from steering_index.llm.prompts import TextBlock

    first, last = context.lines.first, context.lines.last
    cache = "yes" if sent.cached else f"no (needs {min_cache:,})"
    out = [
        f"Request for {context.path} lines {first}-{last}, model {sent.model}",
        f"Estimated input tokens: {sent.tokens:,} (stable prefix {sent.stable_tokens:,}; "
        f"cached: {cache}); context budget {context.budget:,}",
    ]
    if redactions:
        out.append(f"Redacted: {redactions} secret-looking string(s)")
    out += ["", "Why each item is in it:"]
    out += [_item_line(item) for item in context.items] or [
        "  (no rules or code beyond the target)"
    ]
    if context.omitted:
        out += ["", "Not sent, and why:"] + [_item_line(i) for i in context.omitted]
    if not full:
        blocks = len(sent.system) + len(sent.messages)
        out += ["", f"The request itself ({blocks} blocks and a tool) is not shown here."]
        return "\n".join(out)
    for number, block in enumerate(sent.system):
        out += ["", _rule(f"system[{number}] {block.name}", block), block.text]
    for number, message in enumerate(sent.messages):
        out += ["", f"=== messages[{number}] {message.role} ==="]
        out += [b.text for b in message.content if isinstance(b, TextBlock)]
    fields = ", ".join(sent.tool["input_schema"]["properties"])
    out += ["", "=== tools ===", f"replace_range (forced by tool_choice): {fields}"]
    return "\n".join(out)


def _rule(title: str, block: SystemBlock) -> str:
    return f"=== {title}{' (cache_control)' if block.cache else ''} ==="


def _item_line(item: ContextItem) -> str:
    where = ""
    if item.source:
        where = f" ({item.source}" + (
            f":{item.lines.first}-{item.lines.last})" if item.lines else ")"
        )
    return f"  {item.kind:<10} {item.id}{where}, {item.tokens:,} tokens: {item.reason}"
