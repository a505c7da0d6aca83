"""Expanding `#[[file:...]]` references (Kiro) and `@path` imports (Claude, Gemini) in rule text.

Expansion is confined to the workspace: a reference whose real location (after `..` and
symlinks) lies outside it is reported and left as written. Imports are followed at most
five hops deep, as Claude Code and Gemini CLI document; a cycle or a deeper chain is
reported at the line that would continue it, never followed. References inside code spans
and fenced blocks are text, not imports.

What counts as an `@path` import: `@` followed by something that is clearly a path,
either starting with `./`, `../`, `~/` or `/`, or ending in a document extension
(`@docs/testing.md`, `@README.md`). `@handles_errors`, `@team` and `@types/node` are prose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from steering_index.index.files import ReadProblem, inside_workspace, read_text, relative_posix
from steering_index.model import Finding, Severity
from steering_index.rules.findings import at_line, finding

MAX_HOPS = 5
_KIRO_MARK = "#[[file:"
_KIRO_FILE = re.compile(r"#\[\[file:([^\]\n]+)\]\]")
_AT_PATH = re.compile(r"(?<![\w@`/.])@((?:~/|\.{1,2}/|/)?[\w\-.]+(?:/[\w\-.]+)*)")
_DOC_SUFFIX = re.compile(r"\.(md|mdc|markdown|txt|rst|ya?ml|json|toml)$", re.IGNORECASE)
_EXPLICIT_PATH = ("./", "../", "~/", "/")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_CODE_SPAN = re.compile(r"(`+)[^`].*?\1|``", re.DOTALL)


class Syntax(StrEnum):
    KIRO_FILE = "kiro-file"  # #[[file:path]], relative to the workspace root
    AT_PATH = "at-path"  # @path, relative to the importing file


@dataclass(frozen=True, slots=True)
class Expansion:
    """Expanded text, what went wrong, and every workspace file pulled in."""

    text: str
    findings: tuple[Finding, ...] = ()
    files: tuple[str, ...] = ()


@dataclass
class _Walk:
    root: Path
    syntax: Syntax
    findings: list[Finding] = field(default_factory=list)
    files: list[str] = field(default_factory=list)


def expand_references(
    text: str, source: str, first_line: int, root: Path, syntax: Syntax
) -> Expansion:
    """Expand the references in `text`, a piece of `source` starting at line `first_line`."""
    if (_KIRO_MARK if syntax is Syntax.KIRO_FILE else "@") not in text:
        return Expansion(text)
    walk = _Walk(root.resolve(), syntax)
    start = (walk.root / source).resolve()
    expanded = _expand(walk, text, source, first_line, (start,))
    return Expansion(expanded, tuple(walk.findings), tuple(dict.fromkeys(walk.files)))


def references_in(text: str, syntax: Syntax) -> list[tuple[int, int, str]]:
    """(start, end, reference) of each reference outside code, in order."""
    masked = mask_code(text)
    pattern = _KIRO_FILE if syntax is Syntax.KIRO_FILE else _AT_PATH
    found: list[tuple[int, int, str]] = []
    for match in pattern.finditer(masked):
        ref = text[match.start(1) : match.end(1)].strip()
        if syntax is Syntax.AT_PATH:
            ref = ref.rstrip(".")
            if not (ref.startswith(_EXPLICIT_PATH) or _DOC_SUFFIX.search(ref)):
                continue
        end = match.end() if syntax is Syntax.KIRO_FILE else match.start(1) + len(ref)
        found.append((match.start(), end, ref))
    return found


def mask_code(text: str) -> str:
    """`text` with fenced blocks and code spans blanked out (same length, same newlines)."""
    out: list[str] = []
    fenced = False
    for line in text.splitlines(keepends=True):
        if _FENCE.match(line):
            fenced = not fenced
            out.append(_blank(line))
        elif fenced:
            out.append(_blank(line))
        else:
            out.append(_CODE_SPAN.sub(lambda m: _blank(m.group(0)), line))
    return "".join(out)


def _blank(piece: str) -> str:
    return re.sub(r"[^\n]", " ", piece)


def _expand(walk: _Walk, text: str, source: str, first_line: int, chain: tuple[Path, ...]) -> str:
    """A reference alone on its line is replaced by the text it names; one inside a
    sentence stays, and the text follows that line, so the sentence still reads."""
    lines = text.splitlines(keepends=True)
    offset = 0
    out: list[str] = []
    refs = references_in(text, walk.syntax)
    for number, line in enumerate(lines):
        end_of_line = offset + len(line)
        on_line = [r for r in refs if offset <= r[0] < end_of_line]
        after: list[str] = []
        for start, end, ref in reversed(on_line):
            included = _include(walk, ref, source, first_line + number, chain)
            if included is None:
                continue
            local = slice(start - offset, end - offset)
            if not (line[: local.start] + line[local.stop :]).strip():
                line = line[: local.start] + included + line[local.stop :]
            else:
                after.insert(0, included)
        out.append(line)
        if after:
            out.append(("" if line.endswith("\n") else "\n") + "\n" + "\n\n".join(after) + "\n\n")
        offset = end_of_line
    return "".join(out)


def _include(walk: _Walk, ref: str, source: str, line: int, chain: tuple[Path, ...]) -> str | None:
    """The text that replaces one reference, or None (with a finding) to leave it as written."""
    target = _target(walk, ref, source)
    if target is None or not inside_workspace(target, walk.root):
        walk.findings.append(
            finding(
                "rules/reference-outside-workspace",
                f"`{ref}` points outside the workspace; not included",
                source,
                line,
            )
        )
        return None
    real = target.resolve()
    if real in chain:
        walk.findings.append(_cycle(walk, ref, source, line, chain, real))
        return None
    if len(chain) > MAX_HOPS:
        message = f"`{ref}` is more than {MAX_HOPS} imports deep; not followed"
        walk.findings.append(finding("rules/import-too-deep", message, source, line))
        return None
    read = read_text(target, walk.root)
    if isinstance(read, ReadProblem):
        walk.findings.append(_broken(ref, read, source, line))
        return None
    rel = relative_posix(real, walk.root) or ref
    walk.files.append(rel)
    content = _expand(walk, read.text, rel, 1, (*chain, real)).rstrip("\n")
    if walk.syntax is Syntax.AT_PATH or real.suffix.lower() in (".md", ".mdc", ".markdown"):
        return content
    return f"{ref}:\n```{real.suffix.lstrip('.')}\n{content}\n```"


def _target(walk: _Walk, ref: str, source: str) -> Path | None:
    if walk.syntax is Syntax.KIRO_FILE:
        return walk.root / ref.lstrip("/")
    if ref.startswith("~/"):
        try:
            return Path(ref).expanduser()
        except RuntimeError:  # no home directory to expand to
            return None
    if ref.startswith("/"):
        return Path(ref)
    return (walk.root / source).parent / ref


def _cycle(
    walk: _Walk, ref: str, source: str, line: int, chain: tuple[Path, ...], real: Path
) -> Finding:
    names = [relative_posix(p, walk.root) or p.name for p in chain]
    begin = chain.index(real)
    loop = " -> ".join([*names[begin:], names[begin]])
    related = tuple(at_line(name, 1) for name in dict.fromkeys(names[begin:]) if name != source)
    return finding(
        "rules/import-cycle",
        f"`{ref}` closes an import cycle ({loop}); not followed",
        source,
        line,
        related=related,
    )


def _broken(ref: str, problem: ReadProblem, source: str, line: int) -> Finding:
    if problem.kind == "missing":
        message = f"`{ref}` does not exist; the reference will reach the model unexpanded"
    else:
        message = f"`{ref}` cannot be included: {problem.message}"
    return finding("rules/broken-reference", message, source, line, Severity.WARNING)
