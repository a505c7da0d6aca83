"""Code a small model needs beside the target: the file's header, outlines, named code, fixtures.

These fill the budget's floor for code, in this order (priority and rank carry it to `pack`):
the file's import block and module-level constants; class outlines (fields, constructor,
public method signatures) for the classes the target uses; definitions of identifiers the
task names; for a test target, the fixtures it and its neighbours take (same file, then
`conftest.py` up the tree); for a rename, the uses of the name outside the target. The
enclosing definition, one-line signatures and examples live in `code.py` and
`examples.py`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path, PurePosixPath
from typing import Protocol

from steering_index.conventions.layout import is_test_file
from steering_index.index.files import ReadProblem, read_text
from steering_index.index.languages import language_for_path, same_family
from steering_index.model import LineRange, Symbol
from steering_index.retrieval.budget import Candidate, Priority, Slot, make_item
from steering_index.retrieval.code import (
    CLASS_KINDS,
    TargetFile,
    UsedDefinitions,
    is_secret,
    local_used,
    qualified,
    used_definitions,
    used_names,
)
from steering_index.retrieval.rank import word_set
from steering_index.tokens import estimate_tokens

RANK_OUTLINE = 50.0  # after the one-line signatures of the functions the target uses
RANK_NAMED = 100.0  # after the signatures of what the target uses
RANK_FIXTURE = 200.0
RANK_REFERENCE = 300.0
MAX_NAMED = 4
MAX_OUTLINES = 4  # classes a target uses, outlined; a test using twenty gets the first few
MAX_QUOTED = 3
MAX_NAMED_WORDS = 10
MAX_WEAK_NAMES = 12  # plain words and their joins: each costs an indexed lookup
MAX_DEFINITION_TOKENS = 350  # a named definition larger than this is sent as its outline
MAX_FIXTURE_TOKENS = 300
MAX_REFERENCES = 20
MAX_CONSTANT_LINES = 3
_IDENT = re.compile(r"`([^`]+)`|([A-Za-z_][\w]*(?:\.[A-Za-z_]\w*)*)")
_PARAM = re.compile(r"[(,]\s*\*{0,2}([A-Za-z_]\w*)")
_COMMON = word_set("""the and for with from into that this when then than test tests file code make
    add adds added use uses used new return returns value values list dict none true false
    self cls args kwargs data name names type types error errors when what where which
    should must never always only call calls caller callers rename function method class
    module handler handlers keep write update change fix support order value""")


class FloorIndex(Protocol):
    """The part of the index the floor reads."""

    def find_definitions(self, name: str) -> list[tuple[str, Symbol]]: ...

    def symbols_in(self, path: str) -> list[Symbol]: ...

    def files_referencing(self, name: str) -> list[str]: ...

    def file_language(self, path: str) -> str | None: ...


class FileLines:
    """Files read once per context, as lines; None for one that cannot be read."""

    def __init__(self, root: Path, target: TargetFile) -> None:
        self.root = root
        self._read: dict[str, tuple[str, ...] | None] = {target.path: target.lines}

    def get(self, path: str) -> tuple[str, ...] | None:
        if path not in self._read:
            read = read_text(self.root / path, self.root)
            lines = None if isinstance(read, ReadProblem) else read.text.splitlines(True)
            self._read[path] = None if lines is None else tuple(lines)
        return self._read[path]

    def text(self, path: str, symbol: Symbol) -> str | None:
        lines = self.get(path)
        if lines is None or symbol.span.end_line >= len(lines):
            return None
        return "".join(lines[symbol.span.start_line : symbol.span.end_line + 1])


# --- the file's header ----------------------------------------------------------------------


def header_candidate(target: TargetFile) -> Candidate | None:
    """The file's import block and module-level constants, outside the target's lines."""
    if target.extract is None:
        return None
    wanted: set[int] = set()
    for imp in target.extract.imports:
        if imp.span.start_col == 0:
            wanted.update(range(imp.span.start_line, imp.span.end_line + 1))
    for symbol in target.extract.symbols:
        if not symbol.scope and symbol.kind in ("constant", "variable", "type"):
            last = min(symbol.span.end_line, symbol.span.start_line + MAX_CONSTANT_LINES - 1)
            wanted.update(range(symbol.span.start_line, last + 1))
    inside = range(target.target.first - 1, target.target.last)
    numbers = sorted(n for n in wanted if n not in inside and n < len(target.lines))
    if not numbers:
        return None
    parts: list[str] = []
    for position, number in enumerate(numbers):
        if position and number != numbers[position - 1] + 1:
            parts.append("...\n")
        line = target.lines[number]
        parts.append(line if line.endswith("\n") else line + "\n")
    item = make_item(
        "header",
        f"{target.path}#header",
        f"{target.path} imports and constants",
        "".join(parts),
        "the file's import block and module-level constants (what new code can use as is)",
        Slot.HEADER,
        target.path,
        LineRange(numbers[0] + 1, numbers[-1] + 1),
    )
    return Candidate(item, Slot.HEADER, Priority.ASKED, 0.0)


# --- outlines -------------------------------------------------------------------------------


MAX_OUTLINE_TOKENS = 600  # a class outline larger than this keeps the members that matter most
# Lines of a class body an outline leaves out: comments, doc comments and decorators.
_NOT_OUTLINED = ("#", '"""', "'''", "@", "//", "/*", "*")
# Members whose bodies an outline elides (` ...`); a field or a property is shown as it is.
_WITH_BODIES = frozenset({"method", "function", "constructor", "module", *CLASS_KINDS})


def class_outline(
    lines: Sequence[str],
    symbol: Symbol,
    members: Sequence[Symbol],
    language: str | None = None,
    wanted: Iterable[str] = (),
) -> str:
    """A class's (or a module's) header, its fields and class constants, and the signatures of
    its constructor and public methods: what code using the class needs, without the bodies.
    The header runs to where its brackets close (a Kotlin primary constructor). An elided
    body reads `: ...` in Python and ` ...` in the languages whose bodies are braces or `end`
    (`def close ...`, `public void Close() ...`).

    An outline over `MAX_OUTLINE_TOKENS` (gin's `Context` has a hundred methods) keeps its
    header and fields, then the members named in `wanted` (what the target uses), the
    constructors, and the others in their order while they fit, and says how many it left out.
    """
    python = language in (None, "python")
    head_end = min(_header_end(lines, symbol.name_span.start_line, python), symbol.span.end_line)
    rows: dict[int, str] = {n: lines[n] for n in range(symbol.span.start_line, head_end + 1)}
    body_lines = range(head_end + 1, min(symbol.span.end_line + 1, len(lines)))
    inside_member: set[int] = set()
    for member in members:
        inside_member.update(range(member.span.start_line, member.span.end_line + 1))
    indent: int | None = None
    for number in body_lines:
        line = lines[number]
        if number in inside_member or not line.strip():
            continue
        width = len(line) - len(line.lstrip())
        if indent is None:
            indent = width
        stripped = line.strip()
        if width == indent and not stripped.startswith(_NOT_OUTLINED):
            rows[number] = line
    pad = " " * (indent if indent is not None else 4)
    heads: dict[int, tuple[Symbol, str]] = {}
    for member in members:
        public = not member.name.startswith("_") or member.name in ("__init__", "constructor")
        if public:
            head = member.signature or f"{member.kind} {member.name}"
            elided = ": ..." if python else " ..." if member.kind in _WITH_BODIES else ""
            heads[member.span.start_line] = (member, f"{pad}{head.strip()}{elided}\n")
    rows = {n: text if text.endswith("\n") else text + "\n" for n, text in rows.items()}
    left = MAX_OUTLINE_TOKENS - sum(estimate_tokens(text) for text in rows.values())
    want = set(wanted)

    def order(at: int) -> tuple[int, int]:
        member = heads[at][0]
        first = member.name in want
        built = member.kind == "constructor" or member.name in ("__init__", symbol.name)
        return (0 if first else 1 if built else 2, at)

    dropped = 0
    for at in sorted(heads, key=order):
        text = heads[at][1]
        cost = estimate_tokens(text)
        if cost > left:
            dropped += 1
            continue
        rows[at] = text
        left -= cost
    shown = "".join(text for _, text in sorted(rows.items()))
    if dropped:
        comment = "#" if language in (None, "python", "ruby", "bash") else "//"
        shown += f"{pad}{comment} ... {dropped} more members not shown\n"
    return shown


def outline_or_text(
    files: FileLines, index: FloorIndex, path: str, symbol: Symbol, max_tokens: int
) -> tuple[str, str] | None:
    """(text, how) of a definition: in full when small, a class outline or signature if not."""
    text = files.text(path, symbol)
    if text is None:
        return None
    # A text of more than 8 characters a token is far too large without counting it.
    if len(text) <= 8 * max_tokens and estimate_tokens(text) <= max_tokens:
        return text, "in full"
    language = language_for_path(path)
    if symbol.kind in OUTLINED_KINDS:
        members = [s for s in index.symbols_in(path) if s.scope == qualified(symbol)]
        lines = files.get(path) or ()
        return class_outline(lines, symbol, members, language), "outlined"
    return function_outline(text, symbol, language), "outlined"


# Definitions outlined by their members: classes and their kin, and modules and namespaces
# (a Ruby `module`, a C++ `namespace`), whose bodies are their members.
OUTLINED_KINDS = CLASS_KINDS | {"module"}


def _header_end(lines: Sequence[str], first: int, python: bool) -> int:
    """The index of the last line of a definition's header, from `lines[first]` (the name's
    line): where its brackets close, and in Python where the line (its comment aside) ends
    with `:`. A header that never closes is its first line alone."""
    depth = 0
    for number in range(first, len(lines)):
        code = lines[number].split("#", 1)[0] if python else lines[number]
        depth += sum(code.count(c) for c in "([") - sum(code.count(c) for c in ")]")
        if depth <= 0 and (not python or code.rstrip().endswith(":")):
            return number
    return first


def function_outline(text: str, symbol: Symbol, language: str | None = "python") -> str:
    """A large function as its header, its docstring's first line and what it gives back
    (`return` and `yield` lines): enough to call it, or to use it as a fixture. In the
    languages whose bodies end with `}` or `end`, that closing line ends the outline."""
    lines = text.splitlines(keepends=True)
    python = language in (None, "python")
    head_end = _header_end(lines, symbol.name_span.start_line - symbol.span.start_line, python)
    kept = lines[: head_end + 1]
    doc = (symbol.docstring or "").strip().splitlines()
    body = lines[len(kept) :]
    indent = next((ln[: len(ln) - len(ln.lstrip())] for ln in body if ln.strip()), "    ")
    if doc and python:
        kept.append(f'{indent}"""{doc[0]}"""\n')
    kept.append(f"{indent}...\n")
    kept += [ln for ln in body if re.match(r"\s*(return|yield)\b", ln)]
    closing = body[-1] if body and not python else ""
    if closing.strip() in ("}", "};", "end"):
        kept.append(closing if closing.endswith("\n") else closing + "\n")
    return "".join(kept)


def outline_candidates(
    target: TargetFile,
    index: FloorIndex | None,
    files: FileLines,
    secret_globs: Sequence[str],
    defined: UsedDefinitions | None = None,
) -> list[Candidate]:
    """Outlines of the first classes the target uses: fields, constructor, public method
    signatures. `defined` is `used_definitions` when the caller has it already."""
    if index is None or target.extract is None:
        return []
    used: list[tuple[str, Symbol]] = [
        (target.path, s) for s in local_used(target) if s.kind in CLASS_KINDS
    ]
    if defined is None:
        defined = used_definitions(target, index, secret_globs)
    for path, (_imp, symbols) in defined.items():
        used.extend((path, s) for s in symbols.values() if s.kind in CLASS_KINDS)
    found: list[Candidate] = []
    symbols_of: dict[str, list[Symbol]] = {}
    for path, symbol in used[:MAX_OUTLINES]:
        lines = files.get(path)
        if lines is None or symbol.span.end_line >= len(lines):
            continue
        if path not in symbols_of:
            symbols_of[path] = index.symbols_in(path)
        members = [s for s in symbols_of[path] if s.scope == qualified(symbol)]
        item = make_item(
            "outline",
            f"{path}::{qualified(symbol)}#outline",
            f"{symbol.kind} {qualified(symbol)} ({path})",
            class_outline(lines, symbol, members, language_for_path(path), used_names(target)),
            f"the target uses {symbol.kind} `{symbol.name}`: its fields, constructor and "
            "public method signatures",
            Slot.SIGNATURE,
            path,
            LineRange(symbol.span.start_line + 1, symbol.span.end_line + 1),
        )
        found.append(Candidate(item, Slot.SIGNATURE, Priority.RANKED, RANK_OUTLINE + len(found)))
    return found


# --- what the task names --------------------------------------------------------------------


def task_identifiers(task: str) -> tuple[list[str], list[str]]:
    """Names the task may mean as code: (strong: `quoted`, snake_case, CamelCase, dotted;
    weak: plain words, and runs of words joined the ways code joins them: "cache write
    tokens" may be `cache_write_tokens`, `_cache_write_tokens` or `CacheWriteTokens`)."""
    strong: list[str] = []
    weak: list[str] = []
    plain: list[str] = []
    for match in _IDENT.finditer(task):
        quoted, bare = match.group(1), match.group(2)
        name = (quoted or bare or "").strip().strip("()")
        if not name or not re.fullmatch(r"[A-Za-z_][\w.]*", name):
            plain.append("")
            continue
        if quoted or "_" in name or "." in name or re.search(r"[a-z][A-Z]|^[A-Z]\w*[a-z]", name):
            if name not in strong:
                strong.append(name)
            plain.append("")
            continue
        plain.append(name.lower())
        if len(name) >= 4 and name.lower() not in _COMMON and name not in weak:
            weak.append(name)
    for size in (3, 2):
        for start in range(len(plain) - size + 1):
            run = plain[start : start + size]
            if all(w and len(w) > 2 and w not in _STOP_JOIN for w in run):
                snake = "_".join(run)
                weak += [snake, f"_{snake}", "".join(w.title() for w in run)]
    return strong[:MAX_NAMED_WORDS], list(dict.fromkeys(weak))[:MAX_WEAK_NAMES]


# Words never part of a name the task spells out in words: glue and the task's own verbs.
_STOP_JOIN = word_set(
    """the and for with from into that this when then than a an of to in on add make use
    fix keep update change support rename check also its their all any each every"""
)


def _definitions(index: FloorIndex, name: str, language: str | None) -> list[tuple[str, Symbol]]:
    owner, _, member = name.rpartition(".")
    found = index.find_definitions(member or name)
    if owner:
        tail = owner.rsplit(".", 1)[-1]
        found = [(p, s) for p, s in found if s.scope.rsplit(".", 1)[-1] == tail] or [
            (p, s) for p, s in found if not s.scope
        ]
    return [(p, s) for p, s in found if same_family(p, language, index.file_language)]


def named_candidates(
    target: TargetFile,
    index: FloorIndex | None,
    files: FileLines,
    task: str,
    secret_globs: Sequence[str],
    named_by: str = "the task",
    skip: frozenset[str] = frozenset(),
) -> list[Candidate]:
    """Definitions of the identifiers the task names (`refund`, `FastMCP.tool`), each once.

    With `named_by`, the same for names a sent rule quotes (`InvalidRequest`), which come
    after everything else (a rule says to use them, the task did not ask)."""
    if index is None or target.extract is None:
        return []
    shown = (target.target.first - 1, target.target.last - 1)
    imported = {i.module.rsplit(".", 1)[-1] for i in target.extract.imports}
    found: list[Candidate] = []
    seen: set[tuple[str, str]] = set()
    strong, weak = task_identifiers(task)
    names = [*strong, *weak]
    for name in names:
        hits = _definitions(index, name, target.language)
        hits = [
            (p, s)
            for p, s in hits
            if not is_secret(p, tuple(secret_globs))
            and not (p == target.path and shown[0] <= s.span.start_line <= shown[1])
        ]
        near = [(p, s) for p, s in hits if p == target.path or PurePosixPath(p).stem in imported]
        if name in weak:  # a plain word names code only in this file or a module it imports
            hits = near
        elif len(hits) > 2:  # a common name: keep those of the modules the file imports
            hits = near or hits[:1]
        for path, symbol in hits[:2]:
            key = (path, qualified(symbol))
            cap = MAX_NAMED if named_by == "the task" else MAX_QUOTED
            if key in seen or f"{path}::{qualified(symbol)}" in skip or len(found) >= cap:
                continue
            seen.add(key)
            shaped = outline_or_text(files, index, path, symbol, MAX_DEFINITION_TOKENS)
            if shaped is None:
                continue
            text, how = shaped
            alias = _ALIAS.match(text)
            if alias and alias.group(1) not in names:
                names.append(alias.group(1))  # `tool = function_tool`: what it stands for
                strong.append(alias.group(1))
            reason = f"{named_by} names `{name}`: {symbol.kind} {qualified(symbol)}, {how}"
            item = make_item(
                "definition",
                f"{path}::{qualified(symbol)}",
                f"{symbol.kind} {qualified(symbol)} ({path})",
                text,
                reason,
                Slot.SIGNATURE,
                path,
                LineRange(symbol.span.start_line + 1, symbol.span.end_line + 1),
            )
            priority = Priority.RANKED if named_by == "the task" else Priority.EXTRA
            rank = RANK_NAMED + len(found) if priority is Priority.RANKED else 10.0 + len(found)
            found.append(Candidate(item, Slot.SIGNATURE, priority, rank))
    return found


_ALIAS = re.compile(r"\s*[A-Za-z_]\w*\s*(?::[^=]+)?=\s*([A-Za-z_][\w.]*)\s*$")
_QUOTED = re.compile(r"`@?([A-Za-z_][\w.]*)")


def quoted_names(texts: Sequence[str]) -> str:
    """The code names rule texts quote (`InvalidRequest`, `@handles_errors`), backticked."""
    names: dict[str, None] = {}
    for text in texts:
        for name in _QUOTED.findall(text):
            if "_" in name or "." in name or re.search(r"[a-z][A-Z]|^[A-Z]\w*[a-z]", name):
                names.setdefault(name.rstrip("."), None)
    return " ".join(f"`{n}`" for n in list(names)[:MAX_NAMED_WORDS])


# --- fixtures of a test target --------------------------------------------------------------


def _parameters(signature: str | None) -> list[str]:
    if not signature or "(" not in signature:
        return []
    inner = signature[signature.index("(") :]
    return [n for n in _PARAM.findall(inner) if n not in ("self", "cls")]


def _conftests(path: str) -> list[str]:
    """conftest.py files from the test's folder up to the root, nearest first."""
    parent = PurePosixPath(path).parent
    found = []
    while True:
        found.append((parent / "conftest.py").as_posix().removeprefix("./"))
        if parent == parent.parent or parent.as_posix() in ("", "."):
            break
        parent = parent.parent
    return found


def _fixture_names(target: TargetFile) -> list[str]:
    """Parameters of the tests at the target and of their nearest neighbours."""
    assert target.extract is not None
    tests = [s for s in target.extract.symbols if s.kind in ("function", "method")]
    tests.sort(key=lambda s: s.span.start_line)
    first, last = target.target.first - 1, target.target.last - 1
    at = [n for n, s in enumerate(tests) if s.span.start_line <= last and s.span.end_line >= first]
    if not at:
        return []
    chosen = range(max(0, at[0] - 1), min(len(tests), at[-1] + 2))
    names: list[str] = []
    for n in chosen:
        for name in _parameters(tests[n].signature):
            if name not in names:
                names.append(name)
    return names


def fixture_candidates(
    target: TargetFile, index: FloorIndex | None, files: FileLines
) -> list[Candidate]:
    """For a test target: the fixtures its tests (and their neighbours) take, nearest first."""
    if index is None or target.extract is None or not target.language:
        return []
    if not is_test_file(target.path, target.language):
        return []
    places = [target.path, *_conftests(target.path)]
    found: list[Candidate] = []
    for name in _fixture_names(target):
        hits = [(p, s) for p, s in index.find_definitions(name) if p in places and not s.scope]
        hits.sort(key=lambda hit: places.index(hit[0]))
        if not hits:
            continue
        path, symbol = hits[0]
        shaped = outline_or_text(files, index, path, symbol, MAX_FIXTURE_TOKENS)
        if shaped is None:
            continue
        text, how = shaped
        where = "this file" if path == target.path else path
        item = make_item(
            "fixture",
            f"{path}::{name}",
            f"fixture {name} ({path})",
            text,
            f"fixture `{name}` the tests here take, from {where}, {how}",
            Slot.FIXTURE,
            path,
            LineRange(symbol.span.start_line + 1, symbol.span.end_line + 1),
        )
        found.append(Candidate(item, Slot.FIXTURE, Priority.RANKED, RANK_FIXTURE + len(found)))
    return found


# --- uses of a renamed name -----------------------------------------------------------------

_RENAME = re.compile(r"\brenam(e|es|ed|ing)\b", re.IGNORECASE)


def _renamed(target: TargetFile, task: str) -> str | None:
    assert target.extract is not None
    defined = [s.name for s in target.symbols_in_target()]
    strong, weak = task_identifiers(task)
    for name in [*strong, *weak]:
        if name in defined:
            return name
    return defined[0] if defined else None


def reference_candidates(
    target: TargetFile,
    index: FloorIndex | None,
    files: FileLines,
    task: str,
    secret_globs: Sequence[str],
) -> list[Candidate]:
    """For a rename: the lines outside the target that use the name, file by file."""
    if index is None or target.extract is None or not _RENAME.search(task):
        return []
    name = _renamed(target, task)
    if name is None:
        return []
    word = re.compile(rf"(?<![\w.]){re.escape(name)}\b|(?<=\.){re.escape(name)}\b")
    rows: list[str] = []
    paths = sorted(set(index.files_referencing(name)) | {target.path})
    for path in paths:
        if is_secret(path, tuple(secret_globs)):
            continue
        lines = files.get(path) or ()
        for number, line in enumerate(lines, start=1):
            if path == target.path and target.target.contains(number):
                continue
            if word.search(line) and len(rows) < MAX_REFERENCES:
                rows.append(f"{path}:{number}: {line.strip()}\n")
    if not rows:
        return []
    item = make_item(
        "references",
        f"references:{name}",
        f"uses of {name} outside the target",
        "".join(rows),
        f"the task renames `{name}`: its uses outside the target ({len(rows)} lines)",
        Slot.REFERENCE,
    )
    return [Candidate(item, Slot.REFERENCE, Priority.RANKED, RANK_REFERENCE)]
