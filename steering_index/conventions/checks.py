"""Findings for drift: the message (what, and why, with the evidence) and the safe mechanical fix.

A rename is only offered when it is safe: the new name is a valid identifier, not a
keyword, and not already defined in the same scope of the file.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Sequence

from steering_index.conventions.layout import (
    absolute_module,
    file_name,
    relative_module,
    renamed_test_file,
)
from steering_index.conventions.naming import (
    CAMEL,
    MIXED_CAPS,
    PASCAL,
    naming_style,
    to_style,
)
from steering_index.conventions.observe import Observation
from steering_index.model import Comment, Convention, Finding, LineRange, Location, Severity

SOURCE = "steering-conventions"

# Words no language here lets a definition be named (Python's come from `keyword`).
_RESERVED = frozenset(
    (
        "break",
        "case",
        "catch",
        "class",
        "const",
        "continue",
        "default",
        "delete",
        "do",
        "else",
        "enum",
        "export",
        "extends",
        "false",
        "finally",
        "for",
        "func",
        "function",
        "go",
        "if",
        "import",
        "in",
        "instanceof",
        "interface",
        "let",
        "new",
        "null",
        "package",
        "return",
        "static",
        "struct",
        "super",
        "switch",
        "this",
        "throw",
        "true",
        "try",
        "type",
        "typeof",
        "var",
        "void",
        "while",
        "with",
        "yield",
        "fn",
        "impl",
        "mod",
        "pub",
        "self",
        "trait",
        "use",
        "where",
        "match",
        "loop",
        "async",
        "await",
    )
)


_PLURAL = {
    "class": "classes",
    "component-file": "component files",
    "test-file": "test files",
    "import": "imports of the project's own modules",
    "package-import": "imports of modules in the file's own package",
    "outside-import": "imports of the project's modules outside the file's own package",
}


def subject_plural(subject: str) -> str:
    """`function` -> `functions`, `class` -> `classes`: for evidence and messages."""
    return _PLURAL.get(subject, subject + "s")


def _location(obs: Observation) -> Location:
    span = obs.span
    if span is None:
        return Location(obs.path, LineRange(1, 1))
    return Location(obs.path, LineRange(span.start_line + 1, span.end_line + 1), span)


def _target_style(name: str, value: str) -> str:
    if value != MIXED_CAPS:
        return value
    # Go: the first letter says whether the name is exported; keep that.
    return PASCAL if name.lstrip("_")[:1].isupper() else CAMEL


def safe_rename(name: str, value: str, taken: set[str], language: str) -> str | None:
    """The name in the convention's style, or None when that rename would not be safe."""
    new = to_style(name, _target_style(name, value))
    if new == name or new in taken or not new.isidentifier():
        return None
    if keyword.iskeyword(new) if language == "python" else new in _RESERVED:
        return None
    return new


def _naming_message(obs: Observation, conv: Convention, names: dict[str, set[str]]) -> Finding:
    style = naming_style(obs.text)
    plural = subject_plural(conv.subject)
    replacement: str | None = None
    if obs.symbol is not None:
        taken = names.get(obs.symbol.scope, set())
        replacement = safe_rename(obs.text, conv.value, taken, conv.language)
        message = f"`{obs.text}` is {style}; {plural} here are {conv.value} ({conv.evidence})"
        if replacement:
            message += f"; rename to `{replacement}`"
    else:
        new = to_style(obs.text, _target_style(obs.text, conv.value))
        name = file_name(obs.path)
        message = f"file name `{name}` is {style}; {plural} here are {conv.value} ({conv.evidence})"
        if new != obs.text:
            message += f"; rename to `{name.replace(obs.text, new, 1)}`"
    return _finding(obs, conv, message, replacement)


def _finding(
    obs: Observation, conv: Convention, message: str, replacement: str | None = None
) -> Finding:
    return Finding(
        code=f"convention/{conv.id}",
        message=message,
        location=_location(obs),
        severity=Severity.INFORMATION,
        source=SOURCE,
        replacement=replacement,
    )


def _library_message(obs: Observation, conv: Convention) -> str:
    job = conv.subject.replace("-", " ")
    if obs.text == obs.choice:
        used = f"`{obs.text}` is used here"
    else:
        used = f"`{obs.text}` means {obs.choice}"
    return f"{used}; this project's {job} library is {conv.value} ({conv.evidence})"


def _import_message(obs: Observation, conv: Convention) -> str:
    message = (
        f"{obs.choice} import of `{obs.text}`; {subject_plural(conv.subject)} "
        f"are {conv.value} ({conv.evidence})"
    )
    if conv.language != "python":
        return message
    if obs.choice == "relative":
        suggested = absolute_module(obs.text, obs.path)
    else:
        suggested = relative_module(obs.text, obs.path)
    return message + (f"; import from `{suggested}`" if suggested else "")


def _tests_message(obs: Observation, conv: Convention) -> str:
    if conv.id.split("@")[0].endswith(".layout"):
        where = "beside the code" if obs.choice == "beside-code" else "in a tests folder"
        wanted = "in a tests folder" if conv.value == "tests-folder" else "beside the code"
        return f"test file `{obs.text}` is {where}; tests here live {wanted} ({conv.evidence})"
    renamed = renamed_test_file(obs.path, conv.value)
    return (
        f"test file `{obs.text}` is named {obs.choice}; test files here are named "
        f"{conv.value} ({conv.evidence}); rename to `{renamed}`"
    )


def finding_for(obs: Observation, conv: Convention, names: dict[str, set[str]]) -> Finding:
    """The finding for one observation that does not conform to strong convention `conv`."""
    if conv.category == "naming":
        return _naming_message(obs, conv, names)
    if conv.category == "library":
        return _finding(obs, conv, _library_message(obs, conv))
    if conv.category == "import-style":
        return _finding(obs, conv, _import_message(obs, conv))
    return _finding(obs, conv, _tests_message(obs, conv))


# --- suppressions -------------------------------------------------------------------------

# `steering: ignore` in a comment on a finding's line, `steering: ignore-next-line` on the
# line above it, `steering: ignore-file` anywhere in the file. Each may name what it
# silences: `steering: ignore[naming.python.function, imports]` (a convention id, or its
# first parts).
_SUPPRESSION = re.compile(
    r"\bsteering:\s*ignore(?P<where>-file|-next-line)?(?:\[(?P<ids>[^\]]*)\])?"
)


def convention_of(code: str) -> str:
    """The convention id a finding's code names, without its subtree:
    `convention/naming.python.function@src/legacy` -> `naming.python.function`."""
    return code.partition("/")[2].split("@", 1)[0]


def _silences(ids: str | None, code: str) -> bool:
    if ids is None:
        return True
    convention = convention_of(code)
    for wanted in (part.strip() for part in ids.split(",")):
        if wanted and (convention == wanted or convention.startswith(wanted + ".")):
            return True
    return False


def split_silenced(
    findings: Sequence[Finding], comments: Sequence[Comment]
) -> tuple[list[Finding], list[Finding]]:
    """(the findings left, those a `steering: ignore` comment of the file silences)."""
    by_line: dict[int, list[str | None]] = {}
    whole_file: list[str | None] = []
    for comment in comments:
        for match in _SUPPRESSION.finditer(comment.text):
            where, ids = match.group("where"), match.group("ids")
            if where == "-file":
                whole_file.append(ids)
                continue
            # Findings count lines from 1, spans from 0: the comment's line is start_line + 1.
            line = comment.span.end_line + 2 if where else comment.span.start_line + 1
            by_line.setdefault(line, []).append(ids)
    if not by_line and not whole_file:
        return list(findings), []
    kept: list[Finding] = []
    silenced: list[Finding] = []
    for finding in findings:
        silencers = [*whole_file, *by_line.get(finding.location.lines.first, ())]
        if any(_silences(ids, finding.code) for ids in silencers):
            silenced.append(finding)
        else:
            kept.append(finding)
    return kept, silenced
