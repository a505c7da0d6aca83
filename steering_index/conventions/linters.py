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
from collections.abc import Iterable, Iterator
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
    "MacroDefinition": ("macro",),
    "Typedef": ("type",),
    "TypeAlias": ("type",),
}
_CLANG_TIDY_OPTION = re.compile(r"readability-identifier-naming\.(\w+)IgnoredRegexp")

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
# A section of .editorconfig that covers every Kotlin file.
_EVERY_KOTLIN_FILE = re.compile(
    r"\*|\*\*|\*\.kts?|\*\.\{kts?,kts?\}|\*\*/\*\.kts?|\*\*/\*\.\{kts?,kts?\}"
)


@dataclass(frozen=True, slots=True)
class LinterNaming:
    """What a package's linter configs say about naming (see the module docstring)."""

    off: tuple[tuple[str, str], ...] = ()  # (base convention id, why)
    exempt: tuple[NamingExemption, ...] = ()


def linter_naming(here: Path, folder: str) -> LinterNaming:
    """The naming settings of the linter configs in the package folder `here` (`folder`
    from the workspace root, "" for the root)."""
    off: dict[str, str] = {}
    exempt: list[NamingExemption] = []
    for reader in (_clang_tidy, _rubocop, _phpcs, _swiftlint, _detekt, _ktlint):
        for item in reader(here, folder):
            if isinstance(item, NamingExemption):
                exempt.append(item)
            else:
                conv_id, why = item
                off.setdefault(conv_id, why)
    return LinterNaming(tuple(sorted(off.items())), tuple(exempt))


_Setting = NamingExemption | tuple[str, str]


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
    for key, value in pairs:
        match = _CLANG_TIDY_OPTION.fullmatch(str(key))
        kinds = _CLANG_TIDY_KINDS.get(match.group(1), ()) if match else ()
        if kinds and isinstance(value, str) and value.strip():
            conventions = tuple(f"naming.{lang}.{kind}" for lang in _C_FAMILY for kind in kinds)
            source = f"{_rooted(folder, '.clang-tidy')}: {key} {value.strip()}"
            # clang-tidy anchors the pattern so: a name must match it whole.
            pattern = f"^{value.strip()}$"
            yield NamingExemption(conventions, source, pattern)


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


def _ktlint(here: Path, folder: str) -> Iterator[_Setting]:
    text = _read(here / ".editorconfig")
    if text is None or "ktlint_" not in text:
        return
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    with suppress(configparser.Error):
        parser.read_string(text)
    where = _rooted(folder, ".editorconfig")
    for section in parser.sections():
        for rule, conventions in _KTLINT_NAMING.items():
            value = parser[section].get(f"ktlint_standard_{rule}", "").strip().lower()
            if value != "disabled":
                continue
            if _EVERY_KOTLIN_FILE.fullmatch(section.strip()):
                for conv_id in conventions:
                    yield conv_id, f"{where} disables ktlint's {rule} rule"
            else:
                glob_ = section.strip() if "/" in section else f"**/{section.strip()}"
                source = f"{where}: [{section}] disables ktlint's {rule} rule"
                yield NamingExemption(conventions, source, paths=(_rooted(folder, glob_),))
