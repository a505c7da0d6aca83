"""Checks a model's answer before anything is applied: shape, ranges, syntax, names, conventions.

An answer is one `replace_range` call. Its `new_text` replaces the target lines (or a part
of them: the answer names the lines it replaces, and they must lie inside the target); its
`imports` are merged into the file's import block (`llm.imports`); each of its `edits`
finds its `old_text` among the lines of the file the model was shown (not the target) and
replaces it. Everything lands in one new file text, which is acceptable when it has no
more ERROR/MISSING parse nodes than the original, uses no name that is not defined (Python;
compared before and after, so existing ones do not count), and adds no convention finding
the original did not have. New text that repeats the lines just outside its range counts
as editing outside it. Every failure is a sentence a user (and, in a repair turn, the
model) can act on; `Verdict.protocol` says the answer broke the answer format rather than
producing bad code, which is not a reason to ask a bigger model.
"""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from steering_index.conventions.infer import check_file
from steering_index.index import extract
from steering_index.index.lines import split_lines
from steering_index.llm.client import ModelReply
from steering_index.llm.edits import (
    OtherEdit,
    apply_pieces,
    locate_edits,
    region,
    shifted,
)
from steering_index.llm.imports import ImportProblem, merge_imports
from steering_index.llm.prompts import TOOL_NAME
from steering_index.llm.undefined import lines_using, new_undefined_names
from steering_index.model import Convention, Finding, LineRange, Span
from steering_index.secrets import restore

_MAX_QUOTED = 12  # lines quoted in one problem


@dataclass(frozen=True, slots=True)
class ReplaceRange:
    """A parsed `replace_range` answer."""

    first_line: int
    last_line: int
    new_text: str
    rule_ids: tuple[str, ...]
    summary: str = ""
    plan: str = ""
    self_check: str = ""
    imports: tuple[str, ...] = ()
    edits: tuple[OtherEdit, ...] = ()


@dataclass(frozen=True, slots=True)
class EditChecks:
    """How to check a whole file's text: its parse problems and its convention findings.

    The caller binds these to the file's language and the workspace's conventions
    (`extract.parse_problems`, `conventions.check_file`); `None` skips that check (for
    example for a language without a grammar). `language` decides how imports are merged
    and whether undefined names are looked for (Python).
    """

    syntax_problems: Callable[[bytes], Sequence[Span]] | None = None
    findings: Callable[[bytes], Sequence[Finding]] | None = None
    language: str | None = None


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

    return EditChecks(syntax_problems=syntax, findings=findings, language=lang)


@dataclass(frozen=True, slots=True)
class Verdict:
    answer: ReplaceRange | None
    new_file_text: str | None
    problems: tuple[str, ...]
    protocol: bool = False  # every problem is a breach of the answer format
    new_lines: LineRange | None = None  # where the target's new text sits in the new file
    revealed: frozenset[int] = frozenset()  # lines the problems quote: shown from now on

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
    return ReplaceRange(
        first_line=data["first_line"],
        last_line=data["last_line"],
        new_text=data["new_text"],
        rule_ids=tuple(data["rule_ids"]),
        summary=_text(data.get("summary")),
        plan=_text(data.get("plan")),
        self_check=_text(data.get("self_check")),
        imports=tuple(data.get("imports") or ()),
        edits=tuple(_other_edit(e) for e in data.get("edits") or ()),
    )


def range_problem(answer: ReplaceRange, target: LineRange) -> str | None:
    """Why the lines the answer names cannot be the ones it replaces (None when they can)."""
    first, last = answer.first_line, answer.last_line
    if target.first <= first <= last <= target.last:
        return None
    return (
        f"first_line/last_line say {first}-{last}, but new_text may only replace the target "
        f"lines {target.first}-{target.last} (all of them, or a part of them); send "
        f"first_line={target.first}, last_line={target.last} with new text for exactly those "
        "lines, and put any change to other lines you were shown in `edits`"
    )


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _other_edit(data: dict[str, Any]) -> OtherEdit:
    hint = data.get("first_line")
    hint = hint if isinstance(hint, int) and not isinstance(hint, bool) else None
    return OtherEdit(data["old_text"], data["new_text"], hint)


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
    imports = data.get("imports")
    if imports is not None and (
        not isinstance(imports, list) or not all(isinstance(i, str) for i in imports)
    ):
        problems.append("imports is not a list of import statements (strings)")
    edits = data.get("edits")
    if edits is not None and not isinstance(edits, list):
        problems.append("edits is not a list of {old_text, new_text} objects")
    for number, edit in enumerate(edits if isinstance(edits, list) else [], 1):
        if not (
            isinstance(edit, dict)
            and isinstance(edit.get("old_text"), str)
            and edit["old_text"].strip()
            and isinstance(edit.get("new_text"), str)
        ):
            problems.append(f"edits[{number}] needs a non-empty old_text and a new_text string")
    return problems


def check_edit(
    file_text: str,
    target: LineRange,
    reply: ModelReply,
    checks: EditChecks,
    shown: frozenset[int] = frozenset(),
) -> Verdict:
    """Parse the answer and check the file it would produce against the original.

    `shown` holds the lines outside the target that the model was shown (`shown_lines`):
    the only lines its `edits` may change.
    """
    parsed = parse_answer(reply, target)
    if isinstance(parsed, list):
        return Verdict(None, None, tuple(parsed))
    wrong = range_problem(parsed, target)
    if wrong is not None:
        return Verdict(None, None, (wrong,), protocol=True)
    lines = LineRange(parsed.first_line, parsed.last_line)
    located, misplaced = locate_edits(file_text, parsed.edits, shown, target)
    if misplaced:
        return Verdict(None, None, tuple(misplaced), protocol=True)
    pieces, problems = _restored(file_text, [(lines, parsed.new_text), *located])
    new_file, new_lines = apply_pieces(file_text, pieces)
    try:
        merged = merge_imports(new_file, checks.language, parsed.imports)
    except ImportProblem as exc:
        problems.append(str(exc))
        merged = new_file
    new_lines = shifted(new_file, merged, new_lines)
    problems += _syntax_problems(file_text, merged, checks)
    names, revealed = _name_problems(file_text, merged, checks, [w for w, _ in pieces])
    problems += names
    problems += _finding_problems(file_text, merged, checks)
    edits = tuple(
        OtherEdit(region(file_text, where), text, where.first) for where, text in pieces[1:]
    )
    answer = dataclasses.replace(parsed, new_text=pieces[0][1], edits=edits)
    return Verdict(answer, merged, tuple(problems), new_lines=new_lines, revealed=revealed)


def _restored(
    file_text: str, pieces: list[tuple[LineRange, str]]
) -> tuple[list[tuple[LineRange, str]], list[str]]:
    """Each piece with the secrets its markers stand for put back, and the boundary checks.

    The first piece is the target's; the others are the answer's `edits`.
    """
    problems: list[str] = []
    restored_pieces = []
    for number, (where, text) in enumerate(pieces):
        restored, unmatched = restore(text, region(file_text, where))
        if unmatched:
            problems.append(
                f"the new text holds {unmatched} redaction marker(s) with no secret behind them "
                f"in lines {where.first}-{where.last}; keep secrets out of the new text"
            )
        whose = f"the new text of edits[{number}]" if number else "the new text"
        problems += _boundary_problems(file_text, where, restored, whose)
        restored_pieces.append((where, restored))
    return restored_pieces, problems


def _name_problems(
    old_file: str, new_file: str, checks: EditChecks, changed: Sequence[LineRange]
) -> tuple[list[str], frozenset[int]]:
    """New undefined names, and the unchanged lines that still use them (quoted, so that a
    repair turn shows the model the lines it must update, say the callers of a renamed
    function). Those lines count as shown from then on."""
    if checks.language != "python":
        return [], frozenset()
    names = new_undefined_names(old_file, new_file)
    if not names:
        return [], frozenset()
    listed = ", ".join(f"`{name}`" for name in names[:8])
    problems = [
        f"the edited file uses {listed}, which {'is' if len(names) == 1 else 'are'} not "
        "defined, imported or built in; add the import to `imports` (or define it), or "
        "use a name the file already has"
    ]
    old_lines = split_lines(old_file)
    stale = [
        number
        for number in lines_using(old_file, set(names))
        if not any(r.first <= number <= r.last for r in changed)
    ][:_MAX_QUOTED]
    if stale:
        quoted = "\n".join(f"  line {n}: {old_lines[n - 1].strip()}" for n in stale)
        problems.append(
            "these unchanged lines still use a name the edit removed; update them through "
            f"`edits` (old_text = the line as quoted here, with its indentation):\n{quoted}"
        )
    return problems, frozenset(stale)


def _boundary_problems(
    file_text: str, target: LineRange, new_text: str, whose: str = "the new text"
) -> list[str]:
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
            f"{whose} repeats line {target.first - 1}, which lies before the lines it replaces"
        )
    after = lines[target.last] if target.last < len(lines) else ""
    if after.strip() and new_lines[-1] == after and (not old_lines or old_lines[-1] != after):
        problems.append(
            f"{whose} repeats line {target.last + 1}, which lies after the lines it replaces"
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
