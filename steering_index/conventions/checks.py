"""Findings for drift: the message (what, and why, with the evidence) and the safe mechanical fix.

A rename is only offered when it is safe: the new name is a valid identifier, not a
keyword, and not already defined in the same scope of the file.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from steering_index.conventions.idioms import IDIOM_CATEGORY, idiom_message
from steering_index.conventions.language_data import (
    CSHARP_NAMING_RULES,
    language_facts,
    style_part,
)
from steering_index.conventions.layout import file_name, is_js, renamed_test_file
from steering_index.conventions.naming import (
    CAMEL,
    MIXED_CAPS,
    PASCAL,
    keeps_acronyms,
    naming_style,
    split_words,
    to_style,
)
from steering_index.conventions.observe import Observation
from steering_index.model import (
    Comment,
    Convention,
    Finding,
    LineRange,
    Location,
    Severity,
    Symbol,
)

SOURCE = "steering-conventions"

# Words no language here lets a definition be named (Python's come from `keyword`, each
# language's own from `LanguageFacts.keywords`).
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
    "property": "properties",
    "public-field": "public fields",
    "internal-field": "internal fields",
    "protected-field": "protected fields",
    "function-macro": "function-like macros",
    "static-field": "static fields",
    "static-readonly-field": "static readonly fields",
    "constant-table": "constant tables",
    "variable-template": "variable templates",
    "component-file": "component files",
    "template-file": "templates",
    "test-file": "test files",
    "import": "imports of the project's own modules",
    "package-import": "imports of modules in the file's own package",
    "outside-import": "imports of the project's modules outside the file's own package",
    "test-import": "imports of test modules by test modules",
    "module": "modules with definitions",
    "module in a package": "modules in a package",
}


def subject_plural(subject: str) -> str:
    """`function` -> `functions`, `class` -> `classes`: for evidence and messages."""
    if subject.startswith("import of "):  # an idiom's: `import of typing`
        return f"files importing {subject.removeprefix('import of ')}"
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


def safe_rename(
    name: str, value: str, taken: set[str], language: str, marker: str = ""
) -> str | None:
    """The name in the convention's style (behind its `marker`, `k` of `kMaxLevel` or the
    `_` of `_itemCount`, if it has one), or None when that rename would not be safe."""
    # Ruby's `valid?` keeps its `?`: the rename is of the part that has a style.
    core = style_part(name, language)
    ending = name[len(core) :]
    target = _target_style(core, value)
    if not keeps_acronyms(core, target):
        return None
    new = to_style(core, target)
    if target == PASCAL and language_facts(language).underscore_decorates:
        new = new.lstrip("_")  # NLog's protected `_matchingArgument` is `MatchingArgument`
    if marker == "_":  # `EventHandler` is to be `_eventHandler` beside `_call`
        new = new if core.startswith("_") else "_" + new
    elif marker and split_words(core)[:1] != [marker]:  # `k_max_level` has it already
        if not keeps_acronyms(core, PASCAL):
            return None
        new = marker + to_style(core, PASCAL)
    if new == core or new + ending in taken or not new.isidentifier():
        return None
    # Not into a keyword of another language either: a project may bind its names to one.
    if is_reserved(new, language) or (language != "python" and new in _RESERVED):
        return None
    return new + ending


def is_reserved(name: str, language: str) -> bool:
    """Whether `language` lets no definition be named `name` (a keyword); for a language
    whose keywords are not known, whether no language here does."""
    if language == "python":
        return keyword.iskeyword(name)
    keywords = language_facts(language).keywords
    return name in keywords if keywords else name in _RESERVED


def named_around_keyword(name: str, value: str, language: str) -> bool:
    """Whether `name` spelt in the style `value` is a keyword of `language` (`Namespace` as
    snake_case is `namespace`): it was named so to avoid the keyword, and keeps its name."""
    core = style_part(name, language)
    target = _target_style(core, value)
    return keeps_acronyms(core, target) and is_reserved(to_style(core, target), language)


def named_around_taken(symbol: Symbol, value: str, language: str, here: Iterable[Symbol]) -> bool:
    """Whether `symbol`'s name spelt in the style `value` is the name of another definition
    of its scope (`here`), in a language that allows one definition of a name per scope
    (`LanguageFacts.one_name_per_scope`), methods' overloads aside: it was named so to leave
    that name to the other (BenchmarkDotNet's `static readonly ... runtimeSpecificData`
    beside its nested class `RuntimeSpecificData`), and keeps its name."""
    if not language_facts(language).one_name_per_scope:
        return False
    core = style_part(symbol.name, language)
    target = _target_style(core, value)
    if not keeps_acronyms(core, target):
        return False
    spelt = to_style(core, target)
    overloads = symbol.kind in _OVERLOADED
    return spelt != symbol.name and any(
        other.name == spelt
        and other.scope == symbol.scope
        and not (overloads and other.kind in _OVERLOADED)
        for other in here
    )


# Kinds of which several may share a name, told apart by their parameters.
_OVERLOADED = frozenset({"method", "function", "constructor"})


def _naming_message(obs: Observation, conv: Convention, names: dict[str, set[str]]) -> Finding:
    style = naming_style(obs.text)
    plural = subject_plural(conv.subject)
    replacement: str | None = None
    if obs.symbol is not None:
        taken = names.get(obs.symbol.scope, set())
        replacement = safe_rename(obs.text, conv.value, taken, conv.language, conv.marker)
        message = f"`{obs.text}` is {style}; {plural} here are {conv.value} ({conv.evidence})"
        if replacement:
            message += f"; rename to `{replacement}`"
    else:
        target = _target_style(obs.text, conv.value)
        new = to_style(obs.text, target) if keeps_acronyms(obs.text, target) else obs.text
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
    suggested = obs.suggestion
    return message + (f"; import from `{suggested}`" if suggested else "")


_PLACES = {
    "beside-code": "beside the code",
    "tests-folder": "in a tests folder",
    "inline-module": "in a `#[cfg(test)]` module of the file they test",
}


def _tests_message(obs: Observation, conv: Convention) -> str:
    if conv.id.split("@")[0].endswith(".layout"):
        where = _PLACES.get(obs.choice, "in a tests folder")
        wanted = _PLACES.get(conv.value, "in a tests folder")
        return f"test file `{obs.text}` is {where}; tests here live {wanted} ({conv.evidence})"
    renamed = renamed_test_file(obs.path, conv.value)
    return (
        f"test file `{obs.text}` is named {obs.choice}; test files here are named "
        f"{conv.value} ({conv.evidence}); rename to `{renamed}`"
    )


# JavaScript's `const`s take either case by what they hold: camelCase for data,
# PascalCase for what acts as a class, a component, a schema or an enum object.
_JS_VALUE_KINDS = frozenset(("constant", "variable"))
_JS_VALUE_STYLES = frozenset((CAMEL, PASCAL))
# A class's getter or setter, as its signature starts: `get Values(): Values<T>`,
# `static get Enum()`, `public set Thing(v)`.
_JS_ACCESSOR = re.compile(
    r"^(?:(?:public|protected|private|static|override|declare|abstract|async)\s+)*"
    r"[gs]et\s+[\w$#]+\s*[(<]"
)


def both_idiomatic(obs: Observation, conv: Convention, file_uses_convention: bool) -> bool:
    """Whether an observation that differs from `conv` is still no drift, because both
    choices are idiomatic there: a library used beside the convention's own in the same
    file (`os.path.sep` next to `pathlib`, stdlib `unittest` cases run by `trial`), which
    is interop, not a different choice; or a JavaScript or TypeScript `const` in camelCase
    or PascalCase where the other is the convention (fixtures named like the data they
    stand for, schemas named like classes)."""
    if conv.category == "library":
        return file_uses_convention
    symbol = obs.symbol
    if conv.category != "naming" or symbol is None:
        return False
    return either_case_value(symbol, naming_style(obs.text), conv)


def either_case_value(symbol: Symbol, style: str, conv: Convention) -> bool:
    """A JavaScript or TypeScript `const` (or variable), or an accessor (`get Enum()`, read
    as a property, a value), in camelCase or PascalCase judged by a convention for the
    other, or a name of a kind the language names in either of two styles (Bash's
    variables): idiomatic either way (see `both_idiomatic`)."""
    return why_either_case(symbol, style, conv) is not None


def why_either_case(symbol: Symbol, style: str, conv: Convention) -> str | None:
    """Why `either_case_value` holds, in words that follow "`name` is"; None if not."""
    either = language_facts(conv.language).either_styles.get(symbol.kind)
    if either is not None and {style, conv.value} <= either[0]:
        return either[1]
    if _js_either_case(symbol, style, conv):
        return "a JavaScript value, which takes camelCase or PascalCase by what it holds"
    return None


def _js_either_case(symbol: Symbol, style: str, conv: Convention) -> bool:
    if not is_js(conv.language):
        return False
    if symbol.kind not in _JS_VALUE_KINDS and not _JS_ACCESSOR.match(symbol.signature or ""):
        return False
    return {style, conv.value} == _JS_VALUE_STYLES


def finding_for(obs: Observation, conv: Convention, names: dict[str, set[str]]) -> Finding:
    """The finding for one observation that does not conform to strong convention `conv`."""
    if conv.category == "naming":
        return _naming_message(obs, conv, names)
    if conv.category == "library":
        return _finding(obs, conv, _library_message(obs, conv))
    if conv.category == "import-style":
        return _finding(obs, conv, _import_message(obs, conv))
    if conv.category == IDIOM_CATEGORY:
        message = idiom_message(conv.subject, obs.choice, obs.text, conv.value, conv.evidence)
        return _finding(obs, conv, message)
    return _finding(obs, conv, _tests_message(obs, conv))


# --- suppressions -------------------------------------------------------------------------

# `steering: ignore` in a comment on a finding's line, `steering: ignore-next-line` on the
# line above it, `steering: ignore-file` anywhere in the file. Each may name what it
# silences: `steering: ignore[naming.python.function, imports]` (a convention id, or its
# first parts).
_NAMING_IDS = "naming, files"  # what a linter's naming suppression silences here
_SUPPRESSION = re.compile(
    r"\bsteering:\s*ignore(?P<where>-file|-next-line)?(?:\[(?P<ids>[^\]]*)\])?"
)


# A linter told to accept a name: flake8's `# noqa` (bare, or naming's N8xx codes),
# pylint's `disable=invalid-name`, golangci's `//nolint` (bare, or its naming linters),
# eslint's naming rules (`eslint-disable-line camelcase`, `eslint-disable-next-line
# @typescript-eslint/naming-convention`, a file's `/* eslint-disable camelcase */`),
# RuboCop's `# rubocop:disable Naming/ConstantName` (or `all`) at the end of a line,
# clang-tidy's `// NOLINT` and `// NOLINTNEXTLINE` (bare, or naming's check), SwiftLint's
# `// swiftlint:disable:this identifier_name` (or `:next`, or `type_name`).
# Each silences the naming findings of its line (the next one, or the file, as it says).
_NAMING_CODES = (
    r"(?:N8\d\d|invalid-name|revive|stylecheck|camelcase|new-cap|id-match"
    r"|[\w@/-]*naming-convention)"
)
_LINTER_NAMING = re.compile(
    r"#\s*noqa(?![:\w])|#\s*noqa:[^#]*\bN8\d\d|pylint:\s*disable=[\w,-]*invalid-name"
    r"|//\s*nolint(?![:\w])|//\s*nolint:[\w,]*\b(?:revive|stylecheck)"
    r"|eslint-disable(?P<where>-line|-next-line)?(?P<rules>[^*\n]*)"
    r"|rubocop:(?:disable|todo)\s+[\w/, ]*\b(?:Naming/\w+|all\b)"
    r"|NOLINT(?P<tidy_next>NEXTLINE)?(?:\((?P<checks>[^)]*)\))?"
    r"|swiftlint:disable:(?P<swift_where>this|next)\s+[\w ]*\b(?:identifier_name|type_name)"
)
_NAMING_RULE = re.compile(_NAMING_CODES)

# Linter comments that accept names over a stretch of lines:
# - swift-format's `// swift-format-ignore` (bare, or naming one of its naming rules) before
#   a declaration: that declaration and everything in it; `swift-format-ignore-file` the
#   whole file;
# - SwiftLint's `// swiftlint:disable identifier_name` up to its `swiftlint:enable`;
# - clang-tidy's `// NOLINTBEGIN` (bare, or naming's check) up to its `NOLINTEND`;
# - ReSharper's (and Rider's) `// ReSharper disable once InconsistentNaming` before a
#   declaration: that declaration (with what is in it), however many lines or directives
#   (`#pragma`) stand between; `// ReSharper disable InconsistentNaming` (or `All`) up to
#   its `// ReSharper restore` (or `enable`), or to the end of the file;
# - C#'s `#pragma warning disable` naming one of the analyzers' naming rules (StyleCop's
#   SA13xx, the IDE's IDE1006, the .NET analyzers' CA1707 and CA1709, the compiler's
#   CS8981) up to the `#pragma warning restore` of that rule (a bare `restore` restores
#   every rule), or to the end of the file; a bare `disable` disables every rule.
_SWIFT_FORMAT_NAMING = re.compile(r"AlwaysUseLowerCamelCase|TypeNamesShouldBeCapitalized")
_STRETCH_OPENS = re.compile(
    r"swift-format-ignore(?P<file>-file)?(?::(?P<rules>[^\n]*))?"
    r"|swiftlint:disable(?![:\w])(?P<lint_rules>[\w ]*)"
    r"|NOLINTBEGIN(?:\((?P<checks>[^)]*)\))?"
    r"|ReSharper\s+disable\s+(?P<once>once\s+)?(?P<inspections>[\w, ]*)"
    r"|#pragma\s+warning\s+disable(?![\w])(?P<warnings>[\w, ]*)"
)
_STRETCH_CLOSES = re.compile(
    r"swiftlint:enable(?![:\w])(?P<lint_rules>[\w ]*)|NOLINTEND"
    r"|ReSharper\s+(?:restore|enable)\s+(?P<inspections>[\w, ]*)"
    r"|#pragma\s+warning\s+restore(?![\w])(?P<warnings>[\w, ]*)"
)
_SWIFTLINT_NAMING = re.compile(r"\b(?:identifier_name|type_name|all)\b")
_RESHARPER_NAMING = re.compile(r"\b(?:InconsistentNaming|All)\b")
_CSHARP_NAMING_WARNING = re.compile(CSHARP_NAMING_RULES)
_TO_THE_END = 1 << 30


def _linter_accepts(comment: Comment) -> str | None:
    """Where a linter's comment accepts names: "line", "next-line" or "file"; None if not."""
    for match in _LINTER_NAMING.finditer(comment.text):
        text = match.group(0)
        if text.startswith("NOLINT"):
            checks = match.group("checks")
            if checks is not None and "naming" not in checks:
                continue
            return "next-line" if match.group("tidy_next") else "line"
        if text.startswith("swiftlint"):
            return "next-line" if match.group("swift_where") == "next" else "line"
        if not text.startswith("eslint"):
            return "line"
        rules = match.group("rules").split("--")[0].strip()
        if rules and not _NAMING_RULE.search(rules):
            continue
        where = match.group("where")
        return where.lstrip("-") if where else "file"
    return None


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


def _tool(text: str) -> str:
    """Which linter a stretch's opening or closing comment is of."""
    for tool in ("swift-format", "swiftlint", "ReSharper", "#pragma"):
        if text.startswith(tool):
            return tool
    return "NOLINT"


def _naming_warnings(listed: str) -> list[str] | None:
    """The naming rules a `#pragma warning` names (`SA1310, SA1311 // why`): each one, or
    ["*"] when it names none (every rule); None when it names only other rules."""
    warnings = [w for w in re.split(r"[\s,]+", listed) if w]
    if not warnings:
        return ["*"]
    naming = [w for w in warnings if _CSHARP_NAMING_WARNING.fullmatch(w)]
    return naming or None


def _stretches(
    comments: Sequence[Comment], symbols: Sequence[Symbol]
) -> tuple[list[tuple[int, int]], bool]:
    """The 1-based stretches of lines (first, last) where a linter's comment accepts names
    (see `_STRETCH_OPENS`), and whether one accepts every name of the file."""
    stretches: list[tuple[int, int]] = []
    whole_file = False
    open_at: dict[str, int] = {}  # what opened a stretch -> its first line
    starts: list[tuple[int, int]] | None = None  # the definitions' lines, sorted when asked
    for comment in sorted(comments, key=lambda c: c.span.start_line):
        after = comment.span.end_line + 2  # the line after the comment, 1-based
        for match in _STRETCH_CLOSES.finditer(comment.text):
            opener = _tool(match.group(0))
            if opener == "swiftlint" and not _SWIFTLINT_NAMING.search(match.group("lint_rules")):
                continue
            if opener == "ReSharper" and not _RESHARPER_NAMING.search(match.group("inspections")):
                continue
            if opener == "#pragma":
                # `restore` ends the stretch of each rule it names; a bare one, every rule's.
                restored = _naming_warnings(match.group("warnings")) or []
                for key in [k for k in open_at if k.startswith("#pragma")]:
                    if restored == ["*"] or key.partition(" ")[2] in restored:
                        stretches.append((open_at.pop(key), comment.span.start_line + 1))
                continue
            if opener in open_at:
                stretches.append((open_at.pop(opener), comment.span.start_line + 1))
        for match in _STRETCH_OPENS.finditer(comment.text):
            tool = _tool(match.group(0))
            if tool == "#pragma":
                for warning in _naming_warnings(match.group("warnings")) or ():
                    open_at.setdefault(f"{tool} {warning}", after)
            elif tool == "ReSharper":
                if not _RESHARPER_NAMING.search(match.group("inspections")):
                    continue
                if not match.group("once"):
                    open_at.setdefault(tool, after)
                    continue
                # `once`: the next declaration, up to the line of its name.
                heads = sorted((s.span.start_line, s.name_span.start_line) for s in symbols)
                declared = next((h for h in heads if h[0] >= after - 1), None)
                if declared is not None:
                    stretches.append((declared[0] + 1, declared[1] + 1))
            elif tool == "swift-format":
                rules = match.group("rules")
                if rules is not None and not _SWIFT_FORMAT_NAMING.search(rules):
                    continue
                if match.group("file"):
                    whole_file = True
                    continue
                if starts is None:
                    starts = sorted((s.span.start_line, s.span.end_line) for s in symbols)
                declared = next((se for se in starts if se[0] >= after - 1), None)
                if declared is not None:
                    stretches.append((declared[0] + 1, declared[1] + 1))
            elif tool == "swiftlint":
                if _SWIFTLINT_NAMING.search(match.group("lint_rules")):
                    open_at.setdefault(tool, after)
            else:
                checks = match.group("checks")
                if checks is None or "naming" in checks:
                    open_at.setdefault(tool, after)
    stretches.extend((first, _TO_THE_END) for first in open_at.values())
    return stretches, whole_file


def split_silenced(
    findings: Sequence[Finding], comments: Sequence[Comment], symbols: Sequence[Symbol] = ()
) -> tuple[list[Finding], list[Finding]]:
    """(the findings left, those a `steering: ignore` comment of the file, or a linter's
    comment that accepts names, silences); `symbols` are the file's definitions, for a
    comment that accepts the declaration after it (swift-format's)."""
    by_line: dict[int, list[str | None]] = {}
    whole_file: list[str | None] = []
    stretches, every_name = _stretches(comments, symbols)
    if every_name:
        whole_file.append(_NAMING_IDS)
    for comment in comments:
        accepted = _linter_accepts(comment)
        if accepted == "file":
            whole_file.append(_NAMING_IDS)
        elif accepted is not None:
            line = (
                comment.span.end_line + 2
                if accepted == "next-line"
                else comment.span.start_line + 1
            )
            by_line.setdefault(line, []).append(_NAMING_IDS)
        for match in _SUPPRESSION.finditer(comment.text):
            where, ids = match.group("where"), match.group("ids")
            if where == "-file":
                whole_file.append(ids)
                continue
            # Findings count lines from 1, spans from 0: the comment's line is start_line + 1.
            line = comment.span.end_line + 2 if where else comment.span.start_line + 1
            by_line.setdefault(line, []).append(ids)
    if not by_line and not whole_file and not stretches:
        return list(findings), []
    kept: list[Finding] = []
    silenced: list[Finding] = []
    for finding in findings:
        line = finding.location.lines.first
        silencers = [*whole_file, *by_line.get(line, ())]
        if any(first <= line <= last for first, last in stretches):
            silencers.append(_NAMING_IDS)
        if any(_silences(ids, finding.code) for ids in silencers):
            silenced.append(finding)
        else:
            kept.append(finding)
    return kept, silenced


# Conventions about a whole file (where its tests live, what it is called): a finding of
# theirs is silenced for the file, and no edit inside the file's text can fix it.
_FILE_LEVEL = ("tests.", "files.")


def is_file_level(code: str) -> bool:
    """Whether a finding's code names a convention about a whole file."""
    return convention_of(code).startswith(_FILE_LEVEL)


@dataclass(frozen=True, slots=True)
class Suppression:
    """The comment that accepts one finding where it is, and where it goes.

    `line` is 0-based. `at_line_end`: the comment is appended to that line; otherwise it
    is a line of its own inserted before it.
    """

    title: str
    line: int
    at_line_end: bool
    text: str


# The lines a file must begin with, which an accepting comment goes after: a shebang, PHP's
# opening tag (before it, the comment would be text the page prints, and a later
# `declare(strict_types=1)` a fatal error), and Python's encoding line (PEP 263 reads it on
# the first two lines only).
_PROLOGUE = re.compile(r"#!|<\?php\b|<\?(?:\s|$)|#.*coding[:=]")


def suppression_for(
    code: str, language: str, lines: Sequence[str], line: int
) -> Suppression | None:
    """The `steering: ignore[...]` comment that `split_silenced` would read as silencing a
    finding with `code` on 0-based `line` of a file in `language` with these `lines`, in the
    language's comment (`#` in Python, Ruby and Bash, `/* */` in C); None when there is
    none to write (no convention, no such line, a line already silenced, or a continued
    line a trailing comment would break)."""
    convention = convention_of(code)
    if not convention or line >= len(lines):
        return None
    opening, closing = language_facts(language).comment
    if is_file_level(code):
        top = 0
        while top < min(len(lines), 2) and _PROLOGUE.match(lines[top]):
            top += 1
        text = f"{opening} steering: ignore-file[{convention}]{closing}"
        if language == "php" and lines[:1] and not top:
            # A PHP template's first line is the page's: the comment goes in a PHP block of
            # its own, whose `?>` swallows the newline after it.
            text = f"<?php {text} ?>"
        return Suppression(
            title=f"Accept in this file: add `steering: ignore-file[{convention}]`",
            line=top,
            at_line_end=False,
            text=text + "\n",
        )
    text = lines[line]
    if "steering: ignore" in text or text.rstrip().endswith("\\"):
        return None
    return Suppression(
        title=f"Accept here: add `steering: ignore[{convention}]`",
        line=line,
        at_line_end=True,
        text=f"  {opening} steering: ignore[{convention}]{closing}",
    )
