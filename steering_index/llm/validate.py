"""Checks a model's answer before anything is applied: shape, range, syntax, conventions.

An answer is acceptable when it is one `replace_range` call with the required fields, it
names exactly the target range (the tool echoes `first_line`/`last_line`: any other range,
or new text that repeats the lines just outside the range, counts as editing outside it),
the file with the new text spliced in has no more ERROR/MISSING parse nodes than the
original, and it adds no convention finding that the original did not have. Every failure
is a sentence a user (and, in a repair turn, the model) can act on.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from steering_index import extract
from steering_index.conventions import check_file
from steering_index.lines import split_lines
from steering_index.llm.client import ModelReply
from steering_index.llm.prompts import TOOL_NAME
from steering_index.model import Convention, Finding, LineRange, Span
from steering_index.secrets import restore


@dataclass(frozen=True, slots=True)
class ReplaceRange:
    """A parsed `replace_range` answer."""

    first_line: int
    last_line: int
    new_text: str
    rule_ids: tuple[str, ...]
    summary: str = ""


@dataclass(frozen=True, slots=True)
class EditChecks:
    """How to check a whole file's text: its parse problems and its convention findings.

    The caller binds these to the file's language and the workspace's conventions
    (`extract.parse_problems`, `conventions.check_file`); `None` skips that check (for
    example for a language without a grammar).
    """

    syntax_problems: Callable[[bytes], Sequence[Span]] | None = None
    findings: Callable[[bytes], Sequence[Finding]] | None = None


def edit_checks_for(
    path: str, language: str | None, conventions: Sequence[Convention]
) -> EditChecks:
    """The real checks for a file: tree-sitter parse problems and strong-convention drift."""
    if language is None:
        return EditChecks()
    lang = language

    def syntax(data: bytes) -> list[Span]:
        return extract.parse_problems(data, lang)

    def findings(data: bytes) -> list[Finding]:
        return check_file(extract.extract(path, data, lang), conventions)

    return EditChecks(syntax_problems=syntax, findings=findings)


@dataclass(frozen=True, slots=True)
class Verdict:
    answer: ReplaceRange | None
    new_file_text: str | None
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return self.answer is not None and not self.problems


def parse_answer(reply: ModelReply, target: LineRange) -> ReplaceRange | list[str]:
    """The answer as a `ReplaceRange`, or why it is not a usable one."""
    if reply.tool_name is None:
        if reply.text.strip():
            excerpt = " ".join(reply.text.split())[:160]
            return [f"the model answered in text instead of calling {TOOL_NAME}: {excerpt!r}"]
        return ["the model's answer was empty"]
    if reply.tool_name != TOOL_NAME:
        return [f"the model called an unknown tool {reply.tool_name!r}"]
    try:
        data: Any = json.loads(reply.tool_input_json or "{}")
    except ValueError:
        return [f"the {TOOL_NAME} call was cut off or is not valid JSON"]
    if not isinstance(data, dict):
        return [f"the {TOOL_NAME} input is not an object"]
    problems = _field_problems(data)
    if problems:
        return problems
    answer = ReplaceRange(
        first_line=data["first_line"],
        last_line=data["last_line"],
        new_text=data["new_text"],
        rule_ids=tuple(data["rule_ids"]),
        summary=str(data.get("summary") or ""),
    )
    if (answer.first_line, answer.last_line) != (target.first, target.last):
        return [
            f"the answer edits lines {answer.first_line}-{answer.last_line}, but only lines "
            f"{target.first}-{target.last} may change"
        ]
    return answer


def _field_problems(data: dict[str, Any]) -> list[str]:
    problems = []
    for name in ("first_line", "last_line"):
        value = data.get(name)
        if not isinstance(value, int) or isinstance(value, bool):
            problems.append(f"{name} is missing or not a whole number")
    if not isinstance(data.get("new_text"), str):
        problems.append("new_text is missing or not a string")
    rule_ids = data.get("rule_ids")
    if not isinstance(rule_ids, list) or not all(isinstance(r, str) for r in rule_ids):
        problems.append("rule_ids is missing or not a list of strings")
    return problems


def splice(file_text: str, lines: LineRange, new_text: str) -> str:
    """`file_text` with lines `first..last` (1-based, inclusive) replaced by `new_text`."""
    kept = split_lines(file_text, keepends=True)
    before, replaced, after = (
        kept[: lines.first - 1],
        kept[lines.first - 1 : lines.last],
        kept[lines.last :],
    )
    newline = "\n"
    if any(line.endswith("\r\n") for line in replaced):
        newline = "\r\n"
    elif any(line.endswith("\r") for line in replaced):
        newline = "\r"  # an old Mac file: CR alone ends its lines
    if newline != "\n":
        new_text = new_text.replace("\r\n", "\n").replace("\n", newline)
    # Keep the line structure: the replacement ends with a newline when what it replaced did
    # (or when more lines follow), so the next line is never glued on.
    ended = bool(replaced) and replaced[-1].endswith(("\n", "\r"))
    if new_text and not new_text.endswith(("\n", "\r")) and (ended or after):
        new_text += newline
    return "".join(before) + new_text + "".join(after)


def check_edit(
    file_text: str,
    target: LineRange,
    reply: ModelReply,
    checks: EditChecks,
) -> Verdict:
    """Parse the answer and check the file it would produce against the original."""
    parsed = parse_answer(reply, target)
    if isinstance(parsed, list):
        return Verdict(None, None, tuple(parsed))
    target_text = "".join(split_lines(file_text, keepends=True)[target.first - 1 : target.last])
    new_text, unmatched = restore(parsed.new_text, target_text)
    problems: list[str] = []
    if unmatched:
        problems.append(
            f"the new text holds {unmatched} redaction marker(s) with no secret behind them "
            "in the target lines; keep secrets out of the new text"
        )
    problems += _boundary_problems(file_text, target, new_text)
    new_file = splice(file_text, target, new_text)
    problems += _syntax_problems(file_text, new_file, checks)
    problems += _finding_problems(file_text, new_file, checks)
    answer = ReplaceRange(
        parsed.first_line, parsed.last_line, new_text, parsed.rule_ids, parsed.summary
    )
    return Verdict(answer, new_file, tuple(problems))


def _boundary_problems(file_text: str, target: LineRange, new_text: str) -> list[str]:
    """New text that starts (ends) with the line just before (after) the range edits outside it."""
    lines = split_lines(file_text)
    new_lines = [line for line in split_lines(new_text) if line.strip()]
    old_lines = [line for line in lines[target.first - 1 : target.last] if line.strip()]
    if not new_lines:
        return []
    problems = []
    before = lines[target.first - 2] if target.first >= 2 else ""
    if before.strip() and new_lines[0] == before and (not old_lines or old_lines[0] != before):
        problems.append(
            f"the new text repeats line {target.first - 1}, which lies before the target lines"
        )
    after = lines[target.last] if target.last < len(lines) else ""
    if after.strip() and new_lines[-1] == after and (not old_lines or old_lines[-1] != after):
        problems.append(
            f"the new text repeats line {target.last + 1}, which lies after the target lines"
        )
    return problems


def _syntax_problems(old_file: str, new_file: str, checks: EditChecks) -> list[str]:
    if checks.syntax_problems is None:
        return []
    before = list(checks.syntax_problems(old_file.encode("utf-8")))
    after = list(checks.syntax_problems(new_file.encode("utf-8")))
    if len(after) <= len(before):
        return []
    old_lines = {span.start_line for span in before}
    fresh = sorted({span.start_line + 1 for span in after if span.start_line not in old_lines})
    where = f" (line {', '.join(map(str, fresh[:5]))})" if fresh else ""
    return [
        f"the edited file does not parse: {len(after) - len(before)} new syntax error(s){where}"
    ]


def _finding_problems(old_file: str, new_file: str, checks: EditChecks) -> list[str]:
    if checks.findings is None:
        return []
    before = Counter((f.code, f.message) for f in checks.findings(old_file.encode("utf-8")))
    problems = []
    for finding in checks.findings(new_file.encode("utf-8")):
        key = (finding.code, finding.message)
        if before[key] > 0:
            before[key] -= 1
            continue
        problems.append(f"line {finding.location.lines.first}: {finding.message} [{finding.code}]")
    return problems
