"""Plain data shared across the engine: spans, rules, symbols, imports, conventions, findings.

Everything here is a frozen dataclass with no behaviour beyond small derived properties, so
that any module (and the LSP layer) can pass these values around without importing the
module that produced them. Paths are always POSIX strings relative to the workspace root.
Lines are 0-based in `Span` (tree-sitter's convention) and 1-based in `LineRange` (what
users and the CLI see); columns in `Span` are UTF-8 byte offsets. Conversion to LSP
positions (UTF-16) happens only in `server/convert.py`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from enum import StrEnum
from operator import attrgetter
from typing import overload


@dataclass(frozen=True, slots=True)
class Span:
    """A region of a file: byte offsets and 0-based (line, byte column) points."""

    start_byte: int
    end_byte: int
    start_line: int
    start_col: int
    end_line: int
    end_col: int


# A span's six values, in the order of its fields: one call into C, for the hot loops that
# turn spans into table rows.
span_values: Callable[[Span], tuple[int, int, int, int, int, int]] = attrgetter(
    *(f.name for f in fields(Span))
)


@dataclass(frozen=True, slots=True)
class LineRange:
    """1-based, inclusive line range, as shown to users (`lines: [first, last]`)."""

    first: int
    last: int

    def contains(self, line: int) -> bool:
        return self.first <= line <= self.last


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFORMATION = "information"
    HINT = "hint"


@dataclass(frozen=True, slots=True)
class Location:
    """A place in the workspace that a finding points at or refers to."""

    path: str
    lines: LineRange
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    """Something a user should look at: a rule-file lint result or a convention drift.

    `code` is stable and machine-readable (e.g. `rules/invalid-front-matter` or
    `convention/naming.python.function`); `source` names the producer (`steering-rules`,
    `steering-conventions`). `replacement` carries the mechanical fix where there is one.
    """

    code: str
    message: str
    location: Location
    severity: Severity = Severity.WARNING
    source: str = "steering"
    related: tuple[Location, ...] = ()
    replacement: str | None = None


# --- rules -------------------------------------------------------------------------------


class RuleFormat(StrEnum):
    KIRO = "kiro"
    KIRO_SPEC = "kiro-spec"
    CURSOR = "cursor"
    COPILOT = "copilot"
    AGENTS = "agents"
    CLAUDE = "claude"
    WINDSURF = "windsurf"
    CONTINUE = "continue"
    CLINE = "cline"
    AIDER = "aider"
    GEMINI = "gemini"
    STRATEGY = "strategy"  # our own: `.steering/strategies/*.md`, playbooks a model wrote


class ScopeKind(StrEnum):
    """How a rule comes to apply to a file."""

    ALWAYS = "always"
    GLOB = "glob"
    DIRECTORY = "directory"
    DESCRIPTION = "description"  # the agent/model decides from the description
    MANUAL = "manual"  # only when asked for by name
    NEVER = "never"


@dataclass(frozen=True, slots=True)
class RuleScope:
    """When a rule applies. `globs` are relative to the workspace root unless `directory` is set.

    `directory` is the folder a nested file (AGENTS.md, CLAUDE.md, nested .cursor/rules)
    governs, relative to the root ("" for the root itself). `regex` (Continue) is matched
    against the file's content. `exclude_agents` (Copilot's `excludeAgent`) is informational.
    """

    kind: ScopeKind
    globs: tuple[str, ...] = ()
    directory: str | None = None
    description: str | None = None
    regex: str | None = None
    exclude_agents: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Rule:
    """One section of a steering document (split at markdown headings).

    `id` is stable across runs: derived from the source path and the heading path, not from
    line numbers, so that editing an unrelated section does not change it. `name` is the
    name a user can ask for (`#name` / `@name`): the document's file stem. `sources` lists
    every path where identical content was found (symlinks, copies, the same rule in two
    tools' folders); `source` is the first, and `format` its format.
    """

    id: str
    name: str
    title: str
    text: str
    source: str
    lines: LineRange
    format: RuleFormat
    scope: RuleScope
    sources: tuple[str, ...] = ()
    # Depth of the governing directory (0 = root); deeper files are more specific.
    depth: int = 0
    # The format of each source, in the same order (a `.cursor/rules` file copied into
    # `.windsurf/rules` is one rule of both formats).
    formats: tuple[RuleFormat, ...] = ()
    # Titles of the headings above this section and its own, outermost first.
    heading_path: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Applicability:
    """Whether `rule` applies to a path, and the reason in words."""

    rule: Rule
    applies: bool
    reason: str
    # A description-decided or manual rule that retrieval may still bring in.
    candidate: bool = False


@dataclass(frozen=True, slots=True)
class SpecItem:
    """A Kiro spec item: a requirement (or acceptance criterion) or a task."""

    feature: str
    kind: str  # "requirement" | "criterion" | "task" | "design"
    number: str  # "1", "1.2", "2.1"
    title: str
    text: str
    source: str
    lines: LineRange
    requirements: tuple[str, ...] = ()  # a task's `_Requirements: 1.1, 1.2_`
    done: bool = False


# --- code index ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Symbol:
    """A definition found by extraction."""

    name: str
    kind: str  # function, method, class, interface, struct, enum, constant, variable, type, ...
    span: Span  # the whole definition
    name_span: Span  # just the identifier
    scope: str  # enclosing qualified name, "" at module level
    exported: bool
    docstring: str | None = None
    signature: str | None = None


@dataclass(frozen=True, slots=True)
class Import:
    """An import statement (one per imported module)."""

    module: str
    names: tuple[str, ...]
    alias: str | None
    relative: bool
    span: Span

    @property
    def python_binding(self) -> tuple[str, str] | None:
        """For a plain Python `import` (no names taken from the module): the name it binds
        and the module that name stands for. `import a.b` binds `a`, the package;
        `import a.b as c` binds `c`, the module a.b. None for any other import."""
        if self.names or self.relative:
            return None
        if self.alias:
            return self.alias, self.module
        package = self.module.partition(".")[0]
        return package, package


@dataclass(frozen=True, slots=True)
class Reference:
    """A use of a name: a call or a plain reference."""

    name: str
    span: Span
    is_call: bool
    # A call of a member (`app.fetch(req)`), named by the member alone: not the global of
    # the same name (`fetch(url)`). Only JavaScript and TypeScript tell the two apart.
    member: bool = False


@dataclass(frozen=True, slots=True)
class Comment:
    text: str
    span: Span


@dataclass(frozen=True, slots=True)
class FileExtract:
    """Everything extraction finds in one file."""

    path: str
    language: str
    symbols: tuple[Symbol, ...] = ()
    imports: tuple[Import, ...] = ()
    references: Sequence[Reference] = ()  # a tuple, or `FlatReferences` built when read
    comments: tuple[Comment, ...] = ()
    error_count: int = 0  # ERROR + MISSING nodes in the parse tree


# --- building values cheaply ---------------------------------------------------------------
#
# A sympy build makes about half a million spans and references, and reading them all back
# from the index as many. The classes here are frozen dataclasses, whose generated `__init__`
# costs three times more than filling the slots directly, so extraction and the index fill
# them directly: each field through its own slot
# descriptor, which is exactly what `__init__` ends up doing, minus the frozen check. The
# check below falls back to the real constructor if a class ever stops being a plain slotted
# dataclass with exactly these fields.


def _slot_setters(
    cls: type, names: tuple[str, ...]
) -> tuple[Callable[[object, object], None], ...]:
    """The slot descriptors' setters of `cls`'s fields, or () when filling slots is unsafe."""
    if tuple(f.name for f in fields(cls)) != names or hasattr(cls, "__post_init__"):
        return ()
    setters = [getattr(cls.__dict__.get(name), "__set__", None) for name in names]
    return tuple(s for s in setters if s is not None) if all(setters) else ()


_new = object.__new__
_SPAN_SET = _slot_setters(
    Span, ("start_byte", "end_byte", "start_line", "start_col", "end_line", "end_col")
)
_REFERENCE_SET = _slot_setters(Reference, ("name", "span", "is_call", "member"))
_SYMBOL_SET = _slot_setters(
    Symbol,
    ("name", "kind", "span", "name_span", "scope", "exported", "docstring", "signature"),
)


def make_span(
    start_byte: int, end_byte: int, start_line: int, start_col: int, end_line: int, end_col: int
) -> Span:
    if not _SPAN_SET:
        return Span(start_byte, end_byte, start_line, start_col, end_line, end_col)
    span = _new(Span)
    set_start_byte, set_end_byte, set_start_line, set_start_col, set_end_line, set_end_col = (
        _SPAN_SET
    )
    set_start_byte(span, start_byte)
    set_end_byte(span, end_byte)
    set_start_line(span, start_line)
    set_start_col(span, start_col)
    set_end_line(span, end_line)
    set_end_col(span, end_col)
    return span


def make_reference(name: str, span: Span, is_call: bool, member: bool = False) -> Reference:
    if not _REFERENCE_SET:
        return Reference(name, span, is_call, member)
    reference = _new(Reference)
    set_name, set_span, set_is_call, set_member = _REFERENCE_SET
    set_name(reference, name)
    set_span(reference, span)
    set_is_call(reference, is_call)
    set_member(reference, member)
    return reference


# How a reference's kind is stored in the first of its seven flat ints.
REFERENCE = 0
CALL = 1
MEMBER_CALL = 2


def reference_kind(ref: Reference) -> int:
    """The stored int of a reference's kind (`REFERENCE`, `CALL`, `MEMBER_CALL`)."""
    if not ref.is_call:
        return REFERENCE
    return MEMBER_CALL if ref.member else CALL


def make_symbol(
    name: str,
    kind: str,
    span: Span,
    name_span: Span,
    scope: str,
    exported: bool,
    docstring: str | None,
    signature: str | None,
) -> Symbol:
    if not _SYMBOL_SET:
        return Symbol(name, kind, span, name_span, scope, exported, docstring, signature)
    symbol = _new(Symbol)
    set_name, set_kind, set_span, set_name_span, set_scope, set_exported, set_doc, set_sig = (
        _SYMBOL_SET
    )
    set_name(symbol, name)
    set_kind(symbol, kind)
    set_span(symbol, span)
    set_name_span(symbol, name_span)
    set_scope(symbol, scope)
    set_exported(symbol, exported)
    set_doc(symbol, docstring)
    set_sig(symbol, signature)
    return symbol


def references_from_flat(
    names: str, values: list[int], keep: Callable[[str], bool] | None = None
) -> tuple[Reference, ...]:
    """References stored flat: one name per line in `names`, seven ints each in `values`
    (`is_call`, then the span's six values); with `keep`, only those whose name it keeps."""
    if not values:  # not `names`: a lone reference may be a MISSING (empty) identifier
        return ()
    return tuple(
        make_reference(
            name, make_span(*values[i + 1 : i + 7]), values[i] >= CALL, values[i] == MEMBER_CALL
        )
        for name, i in zip(names.split("\n"), range(0, len(values), 7), strict=True)
        if keep is None or keep(name)
    )


class FlatReferences(Sequence[Reference]):
    """A file's references kept in their flat stored form (`references_from_flat`) until
    they are read: an editor buffer's extract is made on every keystroke, and building a
    big file's thousands of references as objects cost more than the checks that read the
    few they need (`references_where`). Equal to the tuple of the same references."""

    __slots__ = ("_built", "_names", "_values")

    def __init__(self, names: str, values: Sequence[int]) -> None:
        self._names = names
        self._values = values
        self._built: tuple[Reference, ...] | None = None

    def _all(self) -> tuple[Reference, ...]:
        built = self._built
        if built is None:  # two threads may both build it: the same value, harmlessly
            built = self._built = references_from_flat(self._names, list(self._values))
        return built

    @property
    def built(self) -> bool:
        """Whether all of them have been built as objects (read whole) yet."""
        return self._built is not None

    def where(self, keep: Callable[[str], bool]) -> tuple[Reference, ...]:
        """The references whose name `keep` keeps, building only those."""
        if self._built is not None:
            return tuple(ref for ref in self._built if keep(ref.name))
        return references_from_flat(self._names, list(self._values), keep)

    def __len__(self) -> int:
        return len(self._values) // 7

    def __iter__(self) -> Iterator[Reference]:
        return iter(self._all())

    @overload
    def __getitem__(self, index: int) -> Reference: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Reference, ...]: ...
    def __getitem__(self, index: int | slice) -> Reference | tuple[Reference, ...]:
        return self._all()[index]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FlatReferences | tuple):
            return self._all() == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._all())

    def __repr__(self) -> str:
        return f"FlatReferences({self._all()!r})"

    def __reduce__(self) -> tuple[type, tuple[tuple[Reference, ...]]]:
        return tuple, (self._all(),)


def qualified(symbol: Symbol) -> str:
    """`symbol`'s name under its scope (`Cart.add_item`)."""
    return f"{symbol.scope}.{symbol.name}" if symbol.scope else symbol.name


def references_where(
    references: Sequence[Reference], keep: Callable[[str], bool]
) -> Sequence[Reference]:
    """The references whose name `keep` keeps; of a `FlatReferences`, only those are built."""
    if isinstance(references, FlatReferences):
        return references.where(keep)
    return [ref for ref in references if keep(ref.name)]


@dataclass(frozen=True, slots=True)
class Convention:
    """A convention the code follows, with its evidence.

    `id` is stable, e.g. `naming.python.function` or `library.python.http-client`, with a
    subtree suffix (`naming.python.function@src/legacy`) for a subtree that differs.
    `evidence` is a human sentence ("snake_case: 412 of 418 functions under src/").
    """

    id: str
    category: str  # naming | library | import-style | test-layout | idiom
    language: str
    subject: str  # what is being measured: "function", "http-client", "test-file", ...
    value: str  # the dominant choice: "snake_case", "httpx", "absolute", "tests-folder"
    count: int
    total: int
    scope: str = ""  # subtree ("" = whole workspace)
    evidence: str = ""
    strong: bool = False
    alternatives: tuple[tuple[str, int], ...] = field(default=())  # (choice, count)
    # Names that break it alike in many files, which something else dictates (a framework's
    # hook): (name, files). They do not vote and are not flagged.
    shared_names: tuple[tuple[str, int], ...] = field(default=())
    # Why the convention is not enforced though the code follows it: a written rule of the
    # project that it breaks, a linter setting or a declaration of the package ("" = none).
    overruled: str = ""
    # Whether `overruled` is only that all the workspace's code, its packages' too, follows
    # it less strongly than the rest of the code does: votes a change can tip, unlike a
    # declaration (`infer._held_by_all`).
    outvoted: bool = False
    # Names a package re-exports as its public API (`from .client import fetchData` in an
    # `__init__.py`) that break it: renaming them would break their users. They do not
    # vote and are not flagged.
    public_names: tuple[str, ...] = field(default=())
    # Names that break it and that code elsewhere in the workspace looks up by a string it
    # builds (`const_get("XmlMini_#{name}")` finds `XmlMini_Nokogiri`): renaming them
    # breaks the lookup. They do not vote and are not flagged.
    looked_up_names: tuple[str, ...] = field(default=())
    # A marker nearly all its names carry, one lower-case letter before a capital (Hungarian
    # `k` of `kMaxLevel`, `e` of `eState`) or `_` before a camelCase name (.NET's
    # `_itemCount`): a rename into its style keeps it ("" = none).
    marker: str = ""
    # Short lower-case prefixes the project puts before a family of its types' or
    # functions' names, the rest in the convention's style (a library's: assimp's `ai` of
    # `aiScene`, Bullet's `bt` of `btRigidBody`, raylib's `rl` of `rlPushMatrix`): a name
    # behind one, a capital after it, does not vote and is not flagged.
    prefixes: tuple[str, ...] = field(default=())
    # The folder holding every name that voted: the scope, or for the whole workspace the
    # folder its votes share ("" = none shared). A linter config of that folder or above
    # speaks for it. Not compared: it follows from the votes.
    home: str = field(default="", compare=False)

    @property
    def confidence(self) -> float:
        return self.count / self.total if self.total else 0.0

    def shares(self, name: str, public: bool = True) -> bool:
        """Whether `name` is one of `shared_names`, `public_names` (unless not `public`) or
        `looked_up_names`, or is named behind one of `prefixes`."""
        return (
            (public and name in self.public_names)
            or name in self.looked_up_names
            or any(shared == name for shared, _ in self.shared_names)
            or bool(self.prefix_of(name))
        )

    def prefix_of(self, name: str) -> str:
        """The one of `prefixes` `name` is named behind (`ai` of `aiScene`), or ""."""
        return next(
            (
                p
                for p in self.prefixes
                if name.startswith(p) and name[len(p) : len(p) + 1].isupper()
            ),
            "",
        )


# --- focused context and model calls ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ContextItem:
    """One piece of a focused context, with the reason it was included.

    `stable` items (rules, conventions) form the cacheable prefix of a request and come
    first; volatile ones (code, examples, the task) come last.
    """

    kind: str  # rule | convention | spec | target | enclosing | example | signature | task
    id: str
    title: str
    text: str
    reason: str
    tokens: int
    stable: bool
    source: str | None = None
    lines: LineRange | None = None


@dataclass(frozen=True, slots=True)
class FocusedContext:
    """What retrieval hands the model ladder for one (file, range, task).

    `omitted` lists what was not sent, each with why: rule sections not about this edit
    (process, docs, persona), copies, those past the rules' share, and items that did not
    fit the budget. Every rule that applies is either in `items` or here.
    """

    path: str
    lines: LineRange
    language: str | None
    task: str
    target_text: str
    items: tuple[ContextItem, ...]
    omitted: tuple[ContextItem, ...]
    budget: int
    tokens: int


@dataclass(frozen=True, slots=True)
class ModelCall:
    """One recorded call to a model: what `steering usage` and hover provenance read."""

    started_at: str  # ISO 8601, UTC
    tier: str
    model: str
    input_tokens: int
    output_tokens: int
    cache_creation_tokens: int
    cache_read_tokens: int
    cost_usd: float
    rule_ids: tuple[str, ...]
    outcome: str  # applied | rejected | error | cancelled | proposed | unreached (no response)
    duration_ms: int
    path: str | None = None
    lines: LineRange | None = None
    action: str | None = None
    # The ids the model listed as followed by its (applied) edit: hover provenance.
    rules_followed: tuple[str, ...] = ()
    id: int | None = None  # the ledger's row id; None until recorded
    task: str | None = None  # what the model was asked to do
    applied_text: str | None = None  # the text its edit put at `lines`, once applied
    strategy_ids: tuple[str, ...] = ()  # the strategies sent with the request
