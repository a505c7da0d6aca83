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
from collections.abc import Sequence
from pathlib import Path

from lsprotocol import types
from pygls.uris import from_fs_path

from server.app import SteeringServer
from server.convert import line_index
from server.workspace import WorkspaceState
from steering_index import rules as rules_mod
from steering_index.conventions import infer as conventions_mod
from steering_index.index.languages import language_for_path
from steering_index.index.lines import parser_bytes
from steering_index.model import Applicability, Finding, Rule, Symbol

MAX_DOCUMENTS_SHOWN = 6
MAX_SECTIONS_SHOWN = 5
MAX_EXAMPLES = 5


def register(server: SteeringServer) -> None:
    server.feature(types.TEXT_DOCUMENT_HOVER)(hover)


async def hover(ls: SteeringServer, params: types.HoverParams) -> types.Hover | None:
    await ls.wait_ready()
    found = ls.folder_for(params.text_document.uri)
    if found is None:
        return None
    state, path = found
    document = ls.document_text(params.text_document.uri)
    if document is None:
        return None
    source, version = document
    encoding = ls.workspace.position_encoding or "utf-16"

    def answer() -> str:
        state.current_buffer(path, version, source)  # about this text, not the last extract's
        return answer_hover(state, path, source, params.position, encoding)

    text = await asyncio.to_thread(answer)
    if not text:
        return None
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text))


def answer_hover(
    state: WorkspaceState, path: str, source: str, position: types.Position, encoding: str
) -> str:
    """The hover's markdown; runs in a worker thread (line indexing a big buffer takes time)."""
    if rules_mod.is_steering_file(path):
        return steering_file_hover(state, path, position.line + 1)
    offset = line_index(source, encoding).position_to_byte(position)
    return code_hover(state, path, source, offset)


# --- code files -------------------------------------------------------------------------


def _link(state: WorkspaceState, source: str, line: int) -> str:
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


_SCOPE_ORDER = {"directory": 0, "glob": 1, "always": 2}


def _specific_first(answers: list[Applicability]) -> list[list[Applicability]]:
    """Applied rules grouped by document, the most specific document first."""
    groups: dict[str, list[Applicability]] = {}
    for answer in answers:
        groups.setdefault(answer.rule.source, []).append(answer)
    return sorted(
        groups.values(),
        key=lambda group: (
            -group[0].rule.depth,
            _SCOPE_ORDER.get(group[0].rule.scope.kind.value, 3),
            group[0].rule.source,
        ),
    )


def rules_section(state: WorkspaceState, answers: list[Applicability]) -> list[str]:
    applied = [a for a in answers if a.applies]
    candidates = [a for a in answers if a.candidate and not a.applies]
    groups = _specific_first(applied)
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


def _symbol_at(symbols: Sequence[Symbol], offset: int) -> Symbol | None:
    """The definition whose name is under (or just before) the cursor.

    The buffer's extract already holds every definition's name span: looking there costs
    nothing, where parsing the text again on every hover cost milliseconds on big files.
    """
    for symbol in symbols:
        if symbol.name_span.start_byte <= offset <= symbol.name_span.end_byte:
            return symbol
    return None


def conventions_section(state: WorkspaceState, path: str, offset: int) -> list[str]:
    """How the naming convention judges the name under the cursor, or why it leaves it alone."""
    language = language_for_path(path)
    extract = state.extract_for(path)
    if language is None or not state.conventions or extract is None:
        return []
    symbol = _symbol_at(extract.symbols, offset)
    if symbol is None:
        return []
    conventions, symbols = state.conventions, extract.symbols
    reason = conventions_mod.left_alone(symbol, path, language, conventions, symbols)
    if reason is not None:
        return ["**Conventions**", f"- left alone: {reason}"]
    bearing = conventions_mod.conventions_for_symbol(symbol, path, language, conventions, symbols)
    out = []
    for convention, conforms in bearing:
        mark = "conforms" if conforms else "**does not conform**"
        out.append(f"- `{symbol.name}` {mark}: {convention.evidence} (`{convention.id}`)")
    return ["**Conventions**", *out] if out else []


def findings_section(findings: list[Finding], line: int) -> list[str]:
    here = [f for f in findings if f.location.lines.contains(line)]
    out = [f"- {f.message} (`{f.code}`)" for f in here]
    return ["**Findings here**", *out] if out else []


def provenance_section(state: WorkspaceState, path: str, line: int) -> list[str]:
    """Who wrote this line, if a model did: the model, the date and the rules it followed."""
    if state.store is None:
        return []
    out = []
    for call in state.store.model_calls(path=path):
        if call.outcome != "applied" or call.lines is None or not call.lines.contains(line):
            continue
        if call.rules_followed:
            rules = "following " + ", ".join(f"`{r}`" for r in call.rules_followed)
        else:
            rules = f"given {len(call.rule_ids)} rules and conventions (it named none it followed)"
        out.append(f"- written by {call.model} on {call.started_at[:10]}, {rules}")
    return ["**Provenance**", *out[-3:]] if out else []


def code_hover(state: WorkspaceState, path: str, text: str, offset: int) -> str:
    """What is about the code under the cursor first, then the rules for the whole file."""
    line = parser_bytes(text.encode("utf-8")[:offset]).count(b"\n") + 1  # the parser's rows
    answers = rules_mod.applicable_rules(state.ruleset, path, content=text)
    here = [
        conventions_section(state, path, offset),
        findings_section(state.findings_for(path), line),
        provenance_section(state, path, line),
    ]
    # Blank lines between sections: a line right after a list item would continue it.
    about_here = "\n\n".join("\n".join(section) for section in here if section)
    rules = "\n".join(rules_section(state, answers))
    return f"{about_here}\n\n---\n\n{rules}" if about_here else rules


# --- steering files ---------------------------------------------------------------------


def steering_file_hover(state: WorkspaceState, path: str, line: int) -> str:
    rule = next(
        (
            r
            for r in state.ruleset.rules
            if path in (r.source, *r.sources) and r.lines.contains(line)
        ),
        None,
    )
    findings = [
        f
        for f in state.rule_findings()
        if f.location.path == path and f.location.lines.contains(line)
    ]
    parts: list[str] = []
    if rule is not None:
        files = [row.path for row in state.store.files()] if state.store is not None else []
        governed = rules_mod.files_governed(state.ruleset, rule, files)
        parts.append(
            f"**{rule.title}** (`{rule.id}`, {rule.format.value}, {rule.scope.kind.value})"
        )
        examples = ", ".join(f"`{p}`" for p in governed[:MAX_EXAMPLES])
        more = f" and {len(governed) - MAX_EXAMPLES} more" if len(governed) > MAX_EXAMPLES else ""
        parts.append(
            f"Applies to {len(governed)} indexed files{': ' + examples if examples else ''}{more}"
        )
        if len(rule.sources) > 1:
            parts.append("Same content in: " + ", ".join(f"`{s}`" for s in rule.sources))
    parts += [f"- {f.message} (`{f.code}`)" for f in findings]
    return "\n\n".join(parts[:3]) + ("\n" + "\n".join(parts[3:]) if parts[3:] else "")
