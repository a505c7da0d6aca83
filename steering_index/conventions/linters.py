"""The naming settings of a project's own linters, for the languages of issue 22.

A team that configures its linter has said which names it checks and which it does not;
inference reads that before it counts votes, as it reads ruff's and eslint's settings
(`project._linter_naming`). Each linter's setting becomes one of two things:

- a naming rule turned off for the whole package: a rule on by default that the config
  turns off (RuboCop's `Naming/MethodName: Enabled: false`, a PHP_CodeSniffer standard's
  `<exclude name="PSR1.Methods.CamelCapsMethodName"/>`, detekt's `FunctionNaming:
  active: false`, ktlint's `ktlint_standard_function-naming = disabled`);
- an exemption: names (a regex) or files (globs) a rule leaves alone (clang-tidy's
  `readability-identifier-naming.FunctionIgnoredRegexp`, RuboCop's `AllowedPatterns` and
  `Exclude`, SwiftLint's `excluded` names and paths, a sniff's `<exclude-pattern>`).
  An exempt name or file neither votes nor is judged in that convention.

A linter config may also declare a style (clang-tidy's `FunctionCase: camelBack`, RuboCop's
`Naming/MethodName: EnforcedStyle: camelCase`, an `.editorconfig`'s `dotnet_naming_rule`
for private fields). A declared style is compared with what the code does: where they agree,
the convention's evidence says the config declares it too; where they differ, the
convention is not enforced (a config the code does not follow is not run, or the code is
not its own), and says why. A declaration is read only where it maps onto one convention
whole: one style for every kind of name the convention holds, no required prefix or suffix
that changes the style (`m_`, `s_`), a rule not set to `none` or `silent`.

Two settings are deliberately not read as "naming off". clang-tidy's
`-readability-identifier-naming` turns off a check that does nothing until its styles are
configured, and LLVM's own `.clang-tidy` turns it off "because there are too many
violations" while keeping its styles written down: the project still has a convention.
SwiftLint's `identifier_name` and `type_name` mostly judge a name's length (`id`, `x`),
which is why projects turn them off. Nor is a RuboCop `inherit_from` file read: a
`.rubocop_todo.yml` lists offences the team means to fix, not names it allows.

The mapping from each linter's rules to the conventions they judge is data (the tables
below); the readers only parse each file's format. Every file is read with a size limit,
and a file that cannot be read or parsed is treated as absent.
"""

from __future__ import annotations

import configparser
import functools
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Iterator
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from wcmatch import glob

_CONFIG_LIMIT = 256 * 1024


@dataclass(frozen=True, slots=True)
class NamingExemption:
    """Names or files a linter setting of the project leaves alone in some conventions."""

    conventions: tuple[str, ...]  # base convention ids: `naming.cpp.constant`
    source: str  # `.clang-tidy: ConstexprVariableIgnoredRegexp ^Is.+`
    pattern: str = ""  # a regex a name must contain a match of; "" for any name
    # Globs of files, relative to the workspace root; () for every file. `re:` marks a
    # PHP_CodeSniffer pattern (a regex in which `*` is any text), matched against
    # `/` + the path.
    paths: tuple[str, ...] = ()

    def covers(self, convention: str, path: str, name: str) -> bool:
        """Whether the setting leaves `name`, in `path`, alone in `convention`."""
        if convention not in self.conventions:
            return False
        if self.paths and not any(_path_matches(p, path) for p in self.paths):
            return False
        return not self.pattern or _search(self.pattern, name)


@dataclass(frozen=True, slots=True)
class DeclaredStyle:
    """A naming style a linter config of the package declares for some conventions."""

    conventions: tuple[str, ...]  # base convention ids: `naming.cpp.method`
    value: str  # snake_case | camelCase | PascalCase | UPPER_CASE
    source: str  # `.clang-tidy (FunctionCase camelBack)`


def covering(
    exemptions: Iterable[NamingExemption], convention: str, path: str, name: str
) -> NamingExemption | None:
    """The first of `exemptions` that leaves `name`, in `path`, alone in `convention`."""
    return next((e for e in exemptions if e.covers(convention, path, name)), None)


@functools.lru_cache(maxsize=512)
def _compiled(pattern: str) -> re.Pattern[str] | None:
    try:
        return re.compile(pattern)
    except (re.error, RecursionError, OverflowError):
        return None


def _search(pattern: str, name: str) -> bool:
    compiled = _compiled(pattern)
    return compiled is not None and compiled.search(name) is not None


@functools.lru_cache(maxsize=512)
def _glob(pattern: str) -> Any:
    try:
        return glob.compile(pattern, flags=glob.GLOBSTAR | glob.BRACE | glob.DOTGLOB)
    except Exception:  # wcmatch raises several types for patterns it cannot expand
        return None


def _path_matches(pattern: str, path: str) -> bool:
    if pattern.startswith("re:"):
        return _search(pattern[3:], "/" + path)
    matcher = _glob(pattern)
    return matcher is not None and bool(matcher.match(path))


# --- the rules of each linter and the conventions they judge --------------------------------

_C_FAMILY = ("c", "cpp")
# clang-tidy's readability-identifier-naming: the kind in an option's name
# (`FunctionIgnoredRegexp`) and the kinds of definitions it covers.
_CLANG_TIDY_KINDS = {
    "AbstractClass": ("class",),
    "Class": ("class",),
    "Struct": ("struct",),
    "Union": ("struct",),
    "Enum": ("enum",),
    "EnumConstant": ("constant",),
    "ScopedEnumConstant": ("constant",),
    "Function": ("function",),
    "GlobalFunction": ("function",),
    "ConstexprFunction": ("function",),
    "Method": ("method",),
    "ClassMethod": ("method",),
    "ConstexprMethod": ("method",),
    "PrivateMethod": ("method",),
    "ProtectedMethod": ("method",),
    "PublicMethod": ("method",),
    "VirtualMethod": ("method",),
    "Member": ("field", "public-field"),
    "ClassMember": ("field", "public-field"),
    "ConstantMember": ("field", "public-field"),
    "PrivateMember": ("field",),
    "ProtectedMember": ("field",),
    "PublicMember": ("field", "public-field"),
    "Variable": ("variable",),
    "GlobalVariable": ("variable",),
    "GlobalPointer": ("variable",),
    "StaticVariable": ("variable",),
    "Constant": ("constant",),
    "ClassConstant": ("constant",),
    "ConstexprVariable": ("constant",),
    "GlobalConstant": ("constant",),
    "GlobalConstantPointer": ("constant",),
    "StaticConstant": ("constant",),
    "MacroDefinition": ("macro", "function-macro"),
    "Typedef": ("type",),
    "TypeAlias": ("type",),
}
_CLANG_TIDY_OPTION = re.compile(r"readability-identifier-naming\.(\w+)IgnoredRegexp")
_CLANG_TIDY_STYLE = re.compile(r"readability-identifier-naming\.(\w+?)(Case|Prefix|Suffix)")
# clang-tidy's casings that are one of the styles conventions are inferred in.
_CLANG_TIDY_CASES = {
    "lower_case": "snake_case",
    "UPPER_CASE": "UPPER_CASE",
    "camelBack": "camelCase",
    "CamelCase": "PascalCase",
}
# The clang-tidy kinds that set a convention's style for all its names; the narrower ones
# (`ClassMethod` for static methods, `EnumConstant`) only have to agree with them.
_CLANG_TIDY_GENERAL = {
    "class": ("Class",),
    "struct": ("Struct",),
    "enum": ("Enum",),
    "function": ("Function", "GlobalFunction"),
    "method": ("Method",),
    "field": ("Member", "PrivateMember"),
    "public-field": ("Member", "PublicMember"),
    "variable": ("Variable", "GlobalVariable"),
    "constant": ("Constant", "GlobalConstant", "ConstexprVariable"),
    "macro": ("MacroDefinition",),
    "function-macro": ("MacroDefinition",),
    "type": ("Typedef", "TypeAlias"),
}
# The narrower kinds of each convention's names, which must agree where they are set.
# Enumerators are not constants here (they are not definitions conventions count).
_CLANG_TIDY_NARROWER = {
    "class": ("AbstractClass",),
    "struct": ("Union",),
    "function": ("ConstexprFunction",),
    "method": (
        "ClassMethod",
        "ConstexprMethod",
        "PrivateMethod",
        "ProtectedMethod",
        "PublicMethod",
        "VirtualMethod",
    ),
    "field": ("ProtectedMember", "ClassMember"),
    "public-field": ("ClassMember",),
    "variable": ("GlobalPointer", "StaticVariable"),
    "constant": ("ClassConstant", "GlobalConstantPointer", "StaticConstant", "ConstantMember"),
}
# The conventions a clang-tidy kind's style also sets, which clang-tidy does not tell apart:
# a constant's style is a C constant table's too, and a C++ variable template's.
_CLANG_TIDY_ALSO = {"constant": ("naming.c.constant-table", "naming.cpp.variable-template")}


def _clang_tidy_conventions(kinds: Iterable[str]) -> tuple[str, ...]:
    """The conventions of C and C++ whose names are of clang-tidy's `kinds`."""
    kinds = tuple(kinds)
    named = [f"naming.{lang}.{kind}" for lang in _C_FAMILY for kind in kinds]
    return tuple(sorted({*named, *(c for k in kinds for c in _CLANG_TIDY_ALSO.get(k, ()))}))


# Where clang-tidy looks when a kind of its own has no style: a method takes a function's
# style, a struct a class's and a class a struct's, a constant a variable's (a static
# member's, a global's) (its IdentifierNamingCheck).
_CLANG_TIDY_FALLBACK = {
    "method": ("Function",),
    "struct": ("Class",),
    "class": ("Struct",),
    "constant": ("Variable", "GlobalVariable", "ClassMember"),
}

# RuboCop's naming cops with a style to choose (`EnforcedStyle`), and those of its styles
# that conventions know.
_RUBOCOP_STYLED = frozenset({"Naming/MethodName", "Naming/VariableName"})
_RUBOCOP_STYLES = frozenset({"snake_case", "camelCase"})

_RUBY_NAMING = {
    "Naming/MethodName": ("naming.ruby.method", "naming.ruby.function"),
    "Naming/VariableName": ("naming.ruby.variable",),
    "Naming/ConstantName": ("naming.ruby.constant",),
    "Naming/ClassAndModuleCamelCase": ("naming.ruby.class", "naming.ruby.module"),
    "Naming/FileName": ("files.ruby.naming",),
}
# RuboCop's keys that list names (exact) or patterns (regexes) a cop allows.
_RUBOCOP_NAMES = ("AllowedNames", "AllowedIdentifiers")
_RUBOCOP_PATTERNS = ("AllowedPatterns", "IgnoredPatterns")

_PHP_CLASSES = ("naming.php.class", "naming.php.interface", "naming.php.trait", "naming.php.enum")
_PHP_FUNCTIONS = ("naming.php.method", "naming.php.function")
# PHP_CodeSniffer's naming sniffs and what they judge.
_PHPCS_NAMING = {
    "PSR1.Methods.CamelCapsMethodName": ("naming.php.method",),
    "Generic.NamingConventions.CamelCapsFunctionName": _PHP_FUNCTIONS,
    "PEAR.NamingConventions.ValidFunctionName": _PHP_FUNCTIONS,
    "Squiz.NamingConventions.ValidFunctionName": _PHP_FUNCTIONS,
    "Squiz.NamingConventions.ValidVariableName": ("naming.php.property", "naming.php.variable"),
    "Zend.NamingConventions.ValidVariableName": ("naming.php.property", "naming.php.variable"),
    "PEAR.NamingConventions.ValidVariableName": ("naming.php.property",),
    "Squiz.Classes.ValidClassName": _PHP_CLASSES,
    "PEAR.NamingConventions.ValidClassName": _PHP_CLASSES,
    "Generic.NamingConventions.UpperCaseConstantName": ("naming.php.constant",),
}
_PHPCS_FILES = ("phpcs.xml", "phpcs.xml.dist", ".phpcs.xml", ".phpcs.xml.dist")

_SWIFT_MEMBERS = tuple(
    f"naming.swift.{k}" for k in ("property", "variable", "constant", "method", "function")
)
_SWIFT_TYPES = tuple(f"naming.swift.{k}" for k in ("class", "struct", "enum", "interface", "type"))
_SWIFTLINT_RULES = {"identifier_name": _SWIFT_MEMBERS, "type_name": _SWIFT_TYPES}

_KOTLIN_FUNCTIONS = ("naming.kotlin.function", "naming.kotlin.method")
_KOTLIN_PROPERTIES = ("naming.kotlin.property", "naming.kotlin.variable", "naming.kotlin.constant")
_KOTLIN_CLASSES = ("naming.kotlin.class", "naming.kotlin.interface", "naming.kotlin.enum")
_DETEKT_NAMING = {
    "FunctionNaming": _KOTLIN_FUNCTIONS,
    "TopLevelPropertyNaming": _KOTLIN_PROPERTIES,
    "ObjectPropertyNaming": _KOTLIN_PROPERTIES,
    "VariableNaming": ("naming.kotlin.variable", "naming.kotlin.property"),
    "ClassNaming": _KOTLIN_CLASSES,
    "MatchingDeclarationName": ("files.kotlin.naming",),
}
_DETEKT_FILES = (
    "detekt.yml",
    "detekt.yaml",
    ".detekt.yml",
    "detekt-config.yml",
    "config/detekt.yml",
    "config/detekt/detekt.yml",
    "detekt/detekt.yml",
)
_KTLINT_NAMING = {
    "function-naming": _KOTLIN_FUNCTIONS,
    "property-naming": _KOTLIN_PROPERTIES,
    "class-naming": _KOTLIN_CLASSES,
    "filename": ("files.kotlin.naming",),
}
# An .editorconfig section's pattern of files by suffix: `*.kt`, `**/*.cs`, `*.{kt,kts}`.
_SECTION_SUFFIXES = re.compile(r"(?:\*\*/)?\*{1,2}\.(?:\{([\w,]+)\}|(\w+))")


@dataclass(frozen=True, slots=True)
class LinterNaming:
    """What the linter configs of a folder say about naming (see the module docstring)."""

    off: tuple[tuple[str, str], ...] = ()  # (base convention id, why)
    exempt: tuple[NamingExemption, ...] = ()
    declared: tuple[DeclaredStyle, ...] = ()
    folder: str = ""  # from the workspace root, "" for the root

    def __bool__(self) -> bool:
        return bool(self.off or self.exempt or self.declared)


# The configs a linter reads from the folder nearest a file, not only from where it is run:
# clang-tidy's `.clang-tidy`, RuboCop's `.rubocop.yml`, SwiftLint's nested `.swiftlint.yml`
# and an `.editorconfig` (whose cascade is taken as its nearest file winning). They count in
# any folder; PHP_CodeSniffer's rulesets and detekt's configs only in a package's folder.
NESTED_CONFIGS = (".clang-tidy", ".rubocop.yml", ".swiftlint.yml", ".editorconfig")


def linter_naming(here: Path, folder: str) -> LinterNaming:
    """The naming settings of the linter configs in the package folder `here` (`folder`
    from the workspace root, "" for the root)."""
    readers = (_clang_tidy, _rubocop, _phpcs, _swiftlint, _detekt, _editorconfig_settings)
    return _naming(here, folder, readers)


def nested_linter_naming(here: Path, folder: str) -> LinterNaming:
    """The naming settings of the `NESTED_CONFIGS` in `here`, a folder that is no package's
    (`folder` from the workspace root): they hold for the files below it."""
    return _naming(here, folder, (_clang_tidy, _rubocop, _swiftlint, _editorconfig_settings))


def _naming(
    here: Path, folder: str, readers: Iterable[Callable[[Path, str], Iterator[_Setting]]]
) -> LinterNaming:
    off: dict[str, str] = {}
    exempt: list[NamingExemption] = []
    declared: list[DeclaredStyle] = []
    for reader in readers:
        for item in reader(here, folder):
            if isinstance(item, NamingExemption):
                exempt.append(item)
            elif isinstance(item, DeclaredStyle):
                declared.append(item)
            else:
                conv_id, why = item
                off.setdefault(conv_id, why)
    return LinterNaming(tuple(sorted(off.items())), tuple(exempt), tuple(declared), folder)


_Setting = NamingExemption | DeclaredStyle | tuple[str, str]


def _read(path: Path) -> str | None:
    try:
        with path.open("rb") as handle:
            data = handle.read(_CONFIG_LIMIT + 1)
    except OSError:
        return None
    if len(data) > _CONFIG_LIMIT:
        return None
    return data.decode("utf-8", "replace")


def _yaml(path: Path) -> dict[str, Any]:
    text = _read(path)
    if text is None:
        return {}
    try:
        data = yaml.safe_load(text)
    except (yaml.YAMLError, RecursionError):
        return {}
    return data if isinstance(data, dict) else {}


def _rooted(folder: str, pattern: str) -> str:
    """A glob written relative to a config in `folder`, made relative to the root."""
    pattern = pattern.strip()
    while pattern.startswith("./"):
        pattern = pattern[2:]
    pattern = pattern.lstrip("/")
    return f"{folder}/{pattern}" if folder and pattern else pattern


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def _clang_tidy(here: Path, folder: str) -> Iterator[_Setting]:
    options = _yaml(here / ".clang-tidy").get("CheckOptions")
    pairs: Iterable[tuple[object, object]] = ()
    if isinstance(options, dict):  # the newer form: `key: value`
        pairs = options.items()
    elif isinstance(options, list):  # the older form: `- {key: k, value: v}`
        pairs = ((o.get("key"), o.get("value")) for o in options if isinstance(o, dict))
    where = _rooted(folder, ".clang-tidy")
    # clang-tidy kind -> {"Case" | "Prefix" | "Suffix": value}
    styles: dict[str, dict[str, str]] = {}
    for key, value in pairs:
        match = _CLANG_TIDY_OPTION.fullmatch(str(key))
        kinds = _CLANG_TIDY_KINDS.get(match.group(1), ()) if match else ()
        if kinds and isinstance(value, str) and value.strip():
            conventions = _clang_tidy_conventions(kinds)
            source = f"{where}: {key} {value.strip()}"
            # clang-tidy anchors the pattern so: a name must match it whole.
            pattern = f"^{value.strip()}$"
            yield NamingExemption(conventions, source, pattern)
        style = _CLANG_TIDY_STYLE.fullmatch(str(key))
        if style and style.group(1) in _CLANG_TIDY_KINDS and isinstance(value, str):
            styles.setdefault(style.group(1), {})[style.group(2)] = value.strip()
    yield from _clang_tidy_declared(styles, where)


def _clang_tidy_declared(styles: dict[str, dict[str, str]], where: str) -> Iterator[DeclaredStyle]:
    """The style each convention of C and C++ is declared in: where a general kind of it
    (or, with none set, one clang-tidy falls back to) has a style, and it and every kind of
    the convention's names that has one have one casing that conventions know and neither
    a prefix nor a suffix."""
    for kind, general_kinds in _CLANG_TIDY_GENERAL.items():
        general = [k for k in general_kinds if k in styles]
        if not general:
            general = [k for k in _CLANG_TIDY_FALLBACK.get(kind, ()) if k in styles]
        narrower = [k for k in _CLANG_TIDY_NARROWER.get(kind, ()) if k in styles]
        used = general + narrower
        values = {_CLANG_TIDY_CASES.get(styles[k].get("Case", "")) for k in used}
        affixed = any(styles[k].get("Prefix") or styles[k].get("Suffix") for k in used)
        if not general or affixed or len(values) != 1 or None in values:
            continue
        (value,) = values
        said = ", ".join(f"{k}Case {styles[k]['Case']}" for k in used)
        conventions = _clang_tidy_conventions((kind,))
        yield DeclaredStyle(conventions, str(value), f"{where} ({said})")


def _rubocop(here: Path, folder: str) -> Iterator[_Setting]:
    config = _yaml(here / ".rubocop.yml")
    where = _rooted(folder, ".rubocop.yml")
    every = tuple(c for conventions in _RUBY_NAMING.values() for c in conventions)
    all_cops = config.get("AllCops")
    if isinstance(all_cops, dict) and _strings(all_cops.get("Exclude")):
        globs = tuple(_rooted(folder, g) for g in _strings(all_cops.get("Exclude")))
        yield NamingExemption(every, f"{where}: AllCops excludes them", paths=globs)
    department = config.get("Naming")
    yield from _switched_rules(
        config, _RUBY_NAMING, ("Enabled", "Exclude"), department, where, folder
    )
    department_off = isinstance(department, dict) and department.get("Enabled") is False
    for cop, conventions in _RUBY_NAMING.items():
        settings = config.get(cop)
        if (
            isinstance(settings, dict)
            and settings.get("Enabled") is not False
            and not department_off
        ):
            yield from _rubocop_allowed(settings, cop, conventions, where)
            style = settings.get("EnforcedStyle")
            if cop in _RUBOCOP_STYLED and isinstance(style, str) and style in _RUBOCOP_STYLES:
                source = f"{where} ({cop} EnforcedStyle {style})"
                yield DeclaredStyle(conventions, style, source)


def _switched_rules(
    config: dict[str, Any],
    rules: dict[str, tuple[str, ...]],
    keys: tuple[str, str],
    department: object,
    where: str,
    folder: str,
) -> Iterator[_Setting]:
    """From a YAML config keyed by rule name (RuboCop's, detekt's): every rule off when the
    `department` section is switched off, else each rule switched off and the files each
    one excludes. `keys` are the config's words for the switch and the excluded files."""
    switch, excludes = keys
    if isinstance(department, dict) and department.get(switch) is False:
        for conventions in rules.values():
            for conv_id in conventions:
                yield conv_id, f"{where} turns its naming rules off"
        return
    for rule, conventions in rules.items():
        settings = config.get(rule)
        if not isinstance(settings, dict):
            continue
        if settings.get(switch) is False:
            for conv_id in conventions:
                yield conv_id, f"{where} turns {rule} off"
            continue
        excluded = tuple(_rooted(folder, g) for g in _strings(settings.get(excludes)))
        if excluded:
            yield NamingExemption(conventions, f"{where}: {rule} excludes them", paths=excluded)


def _rubocop_allowed(
    settings: dict[str, Any], cop: str, conventions: tuple[str, ...], where: str
) -> Iterator[NamingExemption]:
    """The names or patterns a cop allows."""
    for key in _RUBOCOP_NAMES:
        for name in _strings(settings.get(key)):
            source = f"{where}: {cop} {key} {name}"
            yield NamingExemption(conventions, source, rf"\A{re.escape(name)}\Z")
    for key in _RUBOCOP_PATTERNS:
        for pattern in _strings(settings.get(key)):
            regex = (
                pattern[1:-1] if len(pattern) > 1 and pattern[0] == pattern[-1] == "/" else pattern
            )
            yield NamingExemption(conventions, f"{where}: {cop} {key} {pattern}", regex)


def _phpcs(here: Path, folder: str) -> Iterator[_Setting]:
    for name in _PHPCS_FILES:
        text = _read(here / name)
        if text is None:
            continue
        try:
            ruleset = ET.fromstring(text)
        except ET.ParseError:
            continue
        where = _rooted(folder, name)
        unchecked = _phpcs_patterns(ruleset)
        if unchecked:
            every = (*{c for cs in _PHPCS_NAMING.values() for c in cs}, "files.php.naming")
            yield NamingExemption(tuple(sorted(every)), f"{where} excludes them", paths=unchecked)
        for rule in ruleset.iter("rule"):
            yield from _phpcs_rule(rule, where)
        return  # PHP_CodeSniffer reads the first of its default files it finds


def _phpcs_rule(rule: ET.Element, where: str) -> Iterator[_Setting]:
    ref = rule.get("ref", "")
    for excluded in rule.iter("exclude"):
        code = excluded.get("name", "")
        for sniff in _sniffs_under(code):
            for conv_id in _PHPCS_NAMING[sniff]:
                yield conv_id, f"{where} excludes {code}"
    severity = rule.findtext("severity")
    sniffs = _sniffs_under(ref)
    if severity is not None and severity.strip() == "0":
        for sniff in sniffs:
            for conv_id in _PHPCS_NAMING[sniff]:
                yield conv_id, f"{where} sets {ref}'s severity to 0"
        return
    patterns = _phpcs_patterns(rule)
    conventions = tuple(c for sniff in sniffs for c in _PHPCS_NAMING[sniff])
    if patterns and conventions:
        yield NamingExemption(conventions, f"{where}: {ref} excludes them", paths=patterns)


def _phpcs_patterns(element: ET.Element) -> tuple[str, ...]:
    """The `<exclude-pattern>`s directly inside `element`, as `re:` paths."""
    return tuple(
        "re:" + p.text.strip().replace("*", ".*")
        for p in element.findall("exclude-pattern")
        if p.text and p.text.strip()
    )


def _sniffs_under(code: str) -> list[str]:
    """The naming sniffs a code names: itself, the sniffs of a standard or a category
    (`PSR1.Methods`), or the sniff of one of its messages (`....NotCamelCaps`)."""
    code = code.strip()
    if not code:
        return []
    return [
        s
        for s in _PHPCS_NAMING
        if s == code or s.startswith(code + ".") or code.startswith(s + ".")
    ]


def _swiftlint(here: Path, folder: str) -> Iterator[_Setting]:
    config = _yaml(here / ".swiftlint.yml")
    where = _rooted(folder, ".swiftlint.yml")
    paths = tuple(_rooted(folder, p).rstrip("/") for p in _strings(config.get("excluded")))
    if paths:
        every = (*_SWIFT_MEMBERS, *_SWIFT_TYPES, "files.swift.naming")
        globs = tuple(g for p in paths for g in (p, f"{p}/**"))
        yield NamingExemption(every, f"{where}: SwiftLint excludes them", paths=globs)
    for rule, conventions in _SWIFTLINT_RULES.items():
        settings = config.get(rule)
        if not isinstance(settings, dict):
            continue
        for name in _strings(settings.get("excluded")):
            source = f"{where}: {rule} excludes {name}"
            yield NamingExemption(conventions, source, rf"\A{re.escape(name)}\Z")


def _detekt(here: Path, folder: str) -> Iterator[_Setting]:
    for name in _DETEKT_FILES:
        naming = _yaml(here / name).get("naming")
        if not isinstance(naming, dict):
            continue
        where = _rooted(folder, name)
        yield from _switched_rules(
            naming, _DETEKT_NAMING, ("active", "excludes"), naming, where, folder
        )
        return


_PREAMBLE = "\0preamble"


def _covers_every(section: str, suffix: str) -> bool:
    """Whether an .editorconfig section's pattern covers every file ending in `.suffix`:
    `*`, `**`, `*.cs`, `**/*.cs`, `*.{cs,vb}`, `{*.kt,*.kts}`."""
    if section in ("*", "**"):
        return True
    if section.startswith("{") and section.endswith("}"):
        return any(_covers_every(part.strip(), suffix) for part in section[1:-1].split(","))
    match = _SECTION_SUFFIXES.fullmatch(section)
    if match is None:
        return False
    return suffix in (match.group(1) or match.group(2)).split(",")


def _editorconfig(text: str) -> list[tuple[str, dict[str, str]]]:
    """An `.editorconfig`'s sections: (the pattern in its header, its settings with their
    keys in lower case). What comes before the first header (`root = true`) is no section;
    a file that cannot be parsed whole gives the sections read before the error."""
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    with suppress(configparser.Error):
        parser.read_string(f"[{_PREAMBLE}]\n{text}")
    return [
        (name.strip(), {k.strip(): v.strip() for k, v in parser[name].items()})
        for name in parser.sections()
        if name != _PREAMBLE
    ]


def _editorconfig_settings(here: Path, folder: str) -> Iterator[_Setting]:
    """The naming settings of the package's `.editorconfig`, read and parsed once: ktlint's
    and the .NET naming rules."""
    text = _read(here / ".editorconfig")
    if text is None or ("ktlint_" not in text and "dotnet_naming_rule" not in text):
        return
    sections = _editorconfig(text)
    where = _rooted(folder, ".editorconfig")
    yield from _ktlint(sections, where, folder)
    yield from _dotnet_naming(sections, where)


def _ktlint(
    sections: list[tuple[str, dict[str, str]]], where: str, folder: str
) -> Iterator[_Setting]:
    for section, settings in sections:
        for rule, conventions in _KTLINT_NAMING.items():
            value = settings.get(f"ktlint_standard_{rule}", "").lower()
            if value != "disabled":
                continue
            if _covers_every(section, "kt"):
                for conv_id in conventions:
                    yield conv_id, f"{where} disables ktlint's {rule} rule"
            else:
                glob_ = section if "/" in section else f"**/{section}"
                source = f"{where}: [{section}] disables ktlint's {rule} rule"
                yield NamingExemption(conventions, source, paths=(_rooted(folder, glob_),))


# --- .editorconfig's .NET naming rules ----------------------------------------------------

_DOTNET_RULE = re.compile(r"dotnet_naming_rule\.(.+)\.(symbols|style|severity)")
_DOTNET_CASES = {"pascal_case": "PascalCase", "camel_case": "camelCase"}
_DOTNET_SEPARATED = {"all_upper": "UPPER_CASE", "all_lower": "snake_case"}
# Accessibilities of members that are not public API.
_DOTNET_NOT_PUBLIC = frozenset(
    {
        "private",
        "internal",
        "friend",
        "protected",
        "private_protected",
        "protected_internal",
        "protected_friend",
    }
)
# Accessibilities of the whole assembly, which `internal-field` names.
_DOTNET_INTERNAL = frozenset({"internal", "friend"})
# Accessibilities that reach derived classes, which `protected-field` names.
_DOTNET_PROTECTED = frozenset(
    {"protected", "private_protected", "protected_internal", "protected_friend"}
)
# Kinds of symbols a rule may name whole, with any accessibility and no modifier.
_DOTNET_KINDS = ("class", "struct", "interface", "enum", "method", "property")
# A suffix that keeps the style it ends (`Async`, `Attribute`).
_DOTNET_WORD = re.compile(r"[A-Z][a-z0-9]*")


def _dotnet_naming(sections: list[tuple[str, dict[str, str]]], where: str) -> Iterator[_Setting]:
    """The styles an `.editorconfig`'s .NET naming rules declare for C#'s conventions, each
    rule mapped where its symbols are one convention's names whole (private fields, static
    readonly ones, constants, or a kind of any accessibility)."""
    found: dict[str, set[tuple[str, str]]] = {}
    for section, options in sections:
        if not _covers_every(section, "cs"):
            continue
        rules: dict[str, dict[str, str]] = {}
        for key, setting in options.items():
            match = _DOTNET_RULE.fullmatch(key)
            if match:
                rules.setdefault(match.group(1), {})[match.group(2)] = setting.lower()
        for name, rule in rules.items():
            if rule.get("severity", "none").split(":")[0].strip() in ("none", "silent"):
                continue
            value = _dotnet_style(options, rule.get("style", ""))
            if value is None:
                continue
            for conv_id in _dotnet_conventions(options, rule.get("symbols", "")):
                found.setdefault(conv_id, set()).add((value, f"dotnet_naming_rule.{name}"))
    for conv_id, declared in sorted(found.items()):
        if len({value for value, _ in declared}) == 1:  # rules that differ say nothing
            style = next(iter(declared))[0]
            named = ", ".join(sorted(rule for _, rule in declared))
            yield DeclaredStyle((conv_id,), style, f"{where} ({named})")


def _listed(options: dict[str, str], key: str) -> frozenset[str]:
    return frozenset(p.strip().lower() for p in options.get(key, "").split(",") if p.strip())


def _dotnet_style(options: dict[str, str], style: str) -> str | None:
    """The style a naming style of .editorconfig asks for, or None where it is not one of
    the conventions' or a prefix or suffix changes the style (`s_`, `m_`)."""
    if not style:
        return None
    capitalization = options.get(f"dotnet_naming_style.{style}.capitalization", "").lower()
    separator = options.get(f"dotnet_naming_style.{style}.word_separator", "")
    prefix = options.get(f"dotnet_naming_style.{style}.required_prefix", "")
    suffix = options.get(f"dotnet_naming_style.{style}.required_suffix", "")
    value = _DOTNET_CASES.get(capitalization)
    if value is None and separator == "_":
        value = _DOTNET_SEPARATED.get(capitalization)
    if value is None:
        return None
    # A leading underscore is decoration; an `I` before a PascalCase name keeps it PascalCase.
    if prefix.strip("_") and not (value == "PascalCase" and re.fullmatch("[A-Z]", prefix)):
        return None
    if suffix and not (value in _DOTNET_CASES.values() and _DOTNET_WORD.fullmatch(suffix)):
        return None
    return value


def _dotnet_conventions(options: dict[str, str], symbols: str) -> list[str]:
    """The C# conventions whose names a rule's symbols are, whole."""
    if not symbols:
        return []
    kinds = _listed(options, f"dotnet_naming_symbols.{symbols}.applicable_kinds")
    access = _listed(options, f"dotnet_naming_symbols.{symbols}.applicable_accessibilities")
    modifiers = _listed(options, f"dotnet_naming_symbols.{symbols}.required_modifiers")
    every = not access or "*" in access
    private = bool(access) and access <= _DOTNET_NOT_PUBLIC
    found: list[str] = []
    if "field" in kinds or "*" in kinds:
        if modifiers == {"const"} and every:
            found.append("naming.csharp.constant")
        elif modifiers == {"static", "readonly"} and private:
            found.append("naming.csharp.static-readonly-field")
        elif modifiers == {"static"} and private:
            found.append("naming.csharp.static-field")
        elif not modifiers and private:
            # `private, internal`: both conventions; `internal` (or VB's `friend`) alone: one.
            if "private" in access:
                found.append("naming.csharp.field")
            if access & _DOTNET_INTERNAL:
                found.append("naming.csharp.internal-field")
            if access & _DOTNET_PROTECTED:
                found.append("naming.csharp.protected-field")
        elif not modifiers and access == {"public"}:
            found.append("naming.csharp.public-field")
    if not modifiers and every:
        found.extend(f"naming.csharp.{k}" for k in _DOTNET_KINDS if k in kinds or "*" in kinds)
    return found
