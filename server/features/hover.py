"""textDocument/hover: what applies at the cursor (conventions, findings, provenance), then rules.

In code, what is about the spot under the cursor comes first: the conventions bearing on
the identifier with their evidence and whether it conforms, findings at the cursor, and who
wrote this code if a model did; then the rules that apply to the file (title, a short
excerpt, the reason, a link to the source lines). In a steering file: which files the rule
under the cursor governs, and its lint findings. Pure reads of the index; never a model call.
"""

from __future__ import annotations

import asyncio
import functools
from pathlib import Path

from lsprotocol import types
from pygls.uris import from_fs_path

from server.app import DocumentSnapshot, SteeringServer
from server.convert import line_index
from steering_index.model import Applicability, ModelCall, Rule, RuleFormat
from steering_index.session import CodeHover, RuleHover, Session, most_specific_first

MAX_DOCUMENTS_SHOWN = 6
MAX_SECTIONS_SHOWN = 5
MAX_EXAMPLES = 5


def register(server: SteeringServer) -> None:
    server.feature(types.TEXT_DOCUMENT_HOVER)(hover)


async def hover(ls: SteeringServer, params: types.HoverParams) -> types.Hover | None:
    await ls.wait_ready()
    document = ls.snapshot(params.text_document.uri)
    if document is None:
        return None
    text = await asyncio.to_thread(answer_hover, document, params.position)
    if not text:
        return None
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text))


def answer_hover(document: DocumentSnapshot, position: types.Position) -> str:
    """The hover's markdown; runs in a worker thread (line indexing a big buffer takes time)."""
    session, path = document.session, document.path
    # About this text, not the last extract's.
    session.current_buffer(path, document.version or 0, document.text)
    if session.is_steering_file(path):
        return steering_file_hover(session, session.rule_hover(path, position.line + 1))
    offset = line_index(document.text, document.encoding).position_to_byte(position)
    return code_hover(session, session.code_hover(path, document.text, offset))


# --- code files -------------------------------------------------------------------------


def _link(state: Session, source: str, line: int) -> str:
    uri = _file_uri(state.root, source)
    return f"[{source}:{line}]({uri}#L{line})"


@functools.lru_cache(maxsize=1024)
def _file_uri(root: Path, source: str) -> str:
    """A rule file's URI: asked for every rule on every hover, and the same every time."""
    return from_fs_path(str(root / source)) or source


def _excerpt(rule: Rule) -> str:
    lines = [line.strip() for line in rule.text.splitlines() if line.strip()]
    body = [line for line in lines if not line.startswith("#")][:2]
    text = " ".join(body)
    return text[:200] + ("…" if len(text) > 200 else "")


def rules_section(state: Session, answers: list[Applicability]) -> list[str]:
    applied = [a for a in answers if a.applies]
    candidates = [a for a in answers if a.candidate and not a.applies]
    groups = most_specific_first(applied)
    out = [f"**Steering rules for this file**: {len(applied)} sections from {len(groups)} files"]
    for number, group in enumerate(groups[:MAX_DOCUMENTS_SHOWN]):
        first = group[0]
        out.append(f"- `{first.rule.source}` — _{first.reason}_")
        for answer in group[:MAX_SECTIONS_SHOWN]:
            rule = answer.rule
            link = _link(state, rule.source, rule.lines.first)
            detail = f": {_excerpt(rule)}" if number == 0 else ""
            out.append(f"  - **{rule.title}** ({link}){detail}")
        if len(group) > MAX_SECTIONS_SHOWN:
            out.append(f"  - … {len(group) - MAX_SECTIONS_SHOWN} more sections")
    if len(groups) > MAX_DOCUMENTS_SHOWN:
        out.append(f"- … and {len(groups) - MAX_DOCUMENTS_SHOWN} more files (`steering rules`)")
    if candidates:
        unique = list(dict.fromkeys(a.rule.name for a in candidates))
        names = ", ".join(f"`#{name}`" for name in unique[:6])
        out.append(f"\n{len(candidates)} more apply only when a task asks for them: {names}")
    return out


def conventions_section(facts: CodeHover) -> list[str]:
    """How the naming convention judges the name under the cursor, or why it leaves it alone."""
    if facts.symbol is None:
        return []
    if facts.left_alone is not None:
        return ["**Conventions**", f"- left alone: {facts.left_alone}"]
    out = []
    for convention, conforms in facts.bearing:
        mark = "conforms" if conforms else "**does not conform**"
        out.append(f"- `{facts.symbol.name}` {mark}: {convention.evidence} (`{convention.id}`)")
    return ["**Conventions**", *out] if out else []


def findings_section(facts: CodeHover) -> list[str]:
    out = [f"- {f.message} (`{f.code}`)" for f in facts.findings]
    return ["**Findings here**", *out] if out else []


def provenance_section(written_by: list[ModelCall]) -> list[str]:
    """Who wrote this line, if a model did: the model, the date and the rules it followed."""
    out = []
    for call in written_by:
        if call.rules_followed:
            rules = "following " + ", ".join(f"`{r}`" for r in call.rules_followed)
        else:
            rules = f"given {len(call.rule_ids)} rules and conventions (it named none it followed)"
        if call.strategy_ids:
            rules += ", with strategy " + ", ".join(f"`{s}`" for s in call.strategy_ids)
        out.append(f"- written by {call.model} on {call.started_at[:10]}, {rules}")
    return ["**Provenance**", *out[-3:]] if out else []


def code_hover(session: Session, facts: CodeHover) -> str:
    """What is about the code under the cursor first, then the rules for the whole file."""
    here = [
        conventions_section(facts),
        findings_section(facts),
        provenance_section(facts.written_by),
    ]
    # Blank lines between sections: a line right after a list item would continue it.
    about_here = "\n\n".join("\n".join(section) for section in here if section)
    rules = "\n".join(rules_section(session, facts.applicable))
    return f"{about_here}\n\n---\n\n{rules}" if about_here else rules


# --- steering files ---------------------------------------------------------------------


def steering_file_hover(session: Session, facts: RuleHover) -> str:
    parts: list[str] = []
    rule, governed = facts.rule, facts.governed
    if rule is not None:
        parts.append(
            f"**{rule.title}** (`{rule.id}`, {rule.format.value}, {rule.scope.kind.value})"
        )
        examples = ", ".join(f"`{p}`" for p in governed[:MAX_EXAMPLES])
        more = f" and {len(governed) - MAX_EXAMPLES} more" if len(governed) > MAX_EXAMPLES else ""
        if rule.format is RuleFormat.STRATEGY:
            parts.append(
                "A strategy: never applied as a rule; sent in its own block when it ranks "
                f"high for a task (“{rule.scope.description}”)"
            )
        else:
            parts.append(
                f"Applies to {len(governed)} indexed files"
                f"{': ' + examples if examples else ''}{more}"
            )
        if len(rule.sources) > 1:
            parts.append("Same content in: " + ", ".join(f"`{s}`" for s in rule.sources))
    parts += [f"- {f.message} (`{f.code}`)" for f in facts.findings]
    return "\n\n".join(parts[:3]) + ("\n" + "\n".join(parts[3:]) if parts[3:] else "")
