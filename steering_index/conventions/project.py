"""What a project declares about itself, which inference must read before it counts votes.

- Its packages: every folder below the root holding a manifest (`package.json`,
  `pyproject.toml`, `setup.py`, `setup.cfg`, `go.mod`, `Cargo.toml`; Maven's `pom.xml`,
  Gradle's `build.gradle(.kts)`, `composer.json`, a `.gemspec` or `Gemfile`, a `.csproj`,
  `Package.swift`). Each package gets conventions of its own; a monorepo's docs site is
  not judged by its core library's. What each manifest depends on is read too
  (`manifests.build_dependencies`): a library a package declares is its choice.
- The test runners each package declares, by config file or dependency (`jest.config.js`,
  `vitest` in devDependencies, `[tool.pytest.ini_options]`).
- Import aliases a package's `tsconfig.json` declares in `compilerOptions.paths` (`@/*`).
- Linter settings that turn naming rules off (ruff's or flake8's `ignore` of pep8-naming's
  `N` codes, pep8-naming's `ignore-names`, eslint's `camelcase: off`), and those of
  clang-tidy, RuboCop, PHP_CodeSniffer, SwiftLint, detekt and ktlint that turn a naming
  rule off or exempt names or files from it (`linters`).
- Rules written in its contributing or coding-standard documents that inference can read
  (today: relative or absolute imports), so that code breaking a written rule is reported
  as a conflict rather than taken as the project's choice.
- Whether a Python package publishes an API reference of every module it holds (pydoctor,
  sphinx-autoapi): then every public name of a public module is documented API, which a
  rename breaks.
- The holders and kind of each package's licence, which tell a file copied from another
  project by its header (`provenance`).
- Which folders hold code that is not tests (a test file in a folder of benchmarks, with
  no code beside it, is not "beside the code").

Everything is read once per inference from files next to the indexed ones; none of it is
indexed. The facts are plain data with a digest, which the remembered conventions key on.
"""

from __future__ import annotations

import configparser
import hashlib
import json
import re
import tomllib
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import suppress
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from steering_index.conventions.layout import folders, is_test_file
from steering_index.conventions.linters import (
    NESTED_CONFIGS,
    DeclaredStyle,
    LinterNaming,
    NamingExemption,
    linter_naming,
    nested_linter_naming,
)
from steering_index.conventions.manifests import (
    BUILD_MANIFESTS,
    MANIFEST_SUFFIXES,
    VersionCatalog,
    build_dependencies,
    folded,
    version_catalog,
)
from steering_index.conventions.naming import MIXED, naming_style
from steering_index.conventions.provenance import (
    NO_LICENCE,
    ProjectLicence,
    another_projects,
    holds_licence,
    plain_name,
    project_licence,
    project_names,
)

MANIFESTS = (
    "package.json",
    "pyproject.toml",
    "setup.py",
    "setup.cfg",
    "go.mod",
    "Cargo.toml",
    *BUILD_MANIFESTS,
)
# Runner -> config file name prefixes (`jest.config.ts`, `.mocharc.yml`).
_RUNNER_CONFIGS = {
    "jest": ("jest.config.",),
    "vitest": ("vitest.config.", "vitest.workspace."),
    "mocha": (".mocharc",),
    "pytest": ("pytest.ini", "conftest.py"),
}
# Dependency name -> runner.
_RUNNER_PACKAGES = {
    "jest": "jest",
    "ts-jest": "jest",
    "@jest/globals": "jest",
    "vitest": "vitest",
    "mocha": "mocha",
    "pytest": "pytest",
}
# pep8-naming codes -> the naming conventions they check.
_PEP8_NAMING = {
    "N801": ("class",),
    "N802": ("function", "method"),
    "N815": ("variable",),
    "N816": ("variable",),
    "N806": ("variable",),
}
_ALL_PYTHON_NAMING = ("class", "function", "method", "variable", "constant")
_JS_LANGUAGES = ("javascript", "typescript", "tsx", "jsx")
_ESLINT_FILES = (
    ".eslintrc",
    ".eslintrc.json",
    ".eslintrc.js",
    ".eslintrc.cjs",
    ".eslintrc.yml",
    ".eslintrc.yaml",
    "eslint.config.js",
    "eslint.config.mjs",
    "eslint.config.cjs",
    "eslint.config.ts",
)
_ESLINT_CAMELCASE_OFF = re.compile(
    r"""["']?(camelcase|@typescript-eslint/naming-convention)["']?\s*:\s*\[?\s*(["']off["']|0)""",
    re.IGNORECASE,
)
_GOLANGCI_FILES = (".golangci.yml", ".golangci.yaml", ".golangci.toml", ".golangci.json")
# stylecheck's ST1003 (naming) excluded, or revive's var-naming rule disabled.
_GOLANGCI_NAMING_OFF = re.compile(
    r"[\"'\s]-ST1003|var-naming[\"']?\s*\n?\s*[\"']?disabled[\"']?\s*[:=]\s*true",
    re.IGNORECASE,
)
# Documents where a project writes its standards down.
_STANDARD_DOCS = re.compile(
    r"(contributing|coding[-_ ]?(standard|style|guidelines?)|style[-_ ]?guide|conventions)"
    r"\.(md|rst|txt)$",
    re.IGNORECASE,
)
_DOC_FOLDERS = ("", "docs", "doc", ".github", "docs/development", "doc/development")
_NEGATION = (
    r"(may not|must not|should not|shall not|do not|don't|never|avoid|no|not allowed"
    r"|forbidden|prohibited)"
)
_RELATIVE_FORBIDDEN = re.compile(
    rf"(relative imports?[^.\n]{{0,60}}\b{_NEGATION}\b"
    rf"|\b{_NEGATION}\b[^.\n]{{0,30}}relative imports?)",
    re.IGNORECASE,
)
_ABSOLUTE_WANTED = re.compile(
    r"\b(use|prefer|always use|must use)\b[^.\n]{0,20}\babsolute imports?", re.IGNORECASE
)
_RELATIVE_WANTED = re.compile(
    r"\b(use|prefer|always use|must use)\b[^.\n]{0,20}\brelative imports?", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class WrittenRule:
    """A rule a document of the project states, that a convention can be compared with."""

    convention: str  # the base convention id it bears on: `imports.python.style`
    value: str  # what it asks for: `absolute`
    source: str  # `docs/development/coding-standard.rst:127`
    text: str  # the sentence, shortened


@dataclass(frozen=True, slots=True)
class PackageFacts:
    """One package: the folder holding a manifest ("" for the workspace root)."""

    folder: str
    manifests: tuple[str, ...] = ()
    runners: frozenset[str] = frozenset()
    runner_sources: tuple[str, ...] = ()  # what declares them, for evidence
    aliases: tuple[str, ...] = ()  # import prefixes that name the package's own code: `@/`
    naming_off: tuple[tuple[str, str], ...] = ()  # (convention id, why)
    ignored_names: tuple[str, ...] = ()  # pep8-naming's ignore-names
    # What its manifest depends on, by name: `click`, `axios`, the last part of a Go module
    # path (`logrus`), a crate.
    dependencies: frozenset[str] = frozenset()
    # Files its build script names by their path from the package's folder
    # (`setup(app=["Twistzilla.py"])`, `scripts=["bin/run_Tool.py"]`), and a gem's file of
    # its own name (`lib/dry-validation.rb`): the build needs them by that name.
    built_files: frozenset[str] = frozenset()
    # What builds a reference of every module's public names, when something does
    # (`pydoctor in docs/conf.py`): each such name is documented API.
    api_reference: str = ""
    # Its licence file's holders and kind, which tell a file copied from another project by
    # its header (`provenance.foreign_origin`).
    licence: ProjectLicence = NO_LICENCE
    # Names or files its linters' settings leave alone in some naming conventions.
    exempt: tuple[NamingExemption, ...] = ()
    # The naming styles its linters' settings declare.
    declared_styles: tuple[DeclaredStyle, ...] = ()

    def declares(self, library: str) -> bool:
        """Whether the package depends on `library` (a library table's choice name): a
        dependency of that name, or of one of its parts (`kotlinx-serialization-json` for
        `kotlinx.serialization`, `mockito-core` for `mockito`)."""
        name = folded(_normal(library))
        return any(d == name or d.startswith(name + "-") for d in map(folded, self.dependencies))

    def depends_on(self, package: str) -> bool:
        """Whether the package depends on the package of exactly that name (Maven's
        `junit`, which is not `junit-jupiter`)."""
        name = folded(_normal(package))
        return any(folded(d) == name for d in self.dependencies)


@dataclass(frozen=True, slots=True)
class ProjectFacts:
    packages: tuple[PackageFacts, ...] = ()  # sorted by folder, the root ("") first if any
    code_folders: frozenset[str] = frozenset()  # folders holding a source file not a test
    written: tuple[WrittenRule, ...] = ()
    # Files named in a numbered family, 3 or more in one folder (`ISO8859_4Encoding.h`,
    # `brainpoolP160r1.php`): "folder/shape", digits in the shape as `#`.
    numbered: frozenset[str] = frozenset()
    # The names the project goes by: its git remote's owner and name (`project_names`).
    names: frozenset[str] = frozenset()
    # The naming settings of linter configs in folders that are no package's (a `.clang-tidy`
    # or an `.editorconfig` in `src/`), sorted by folder: they hold for the files below.
    linters: tuple[LinterNaming, ...] = ()
    # Files named after a file beside them, with a hyphen and what sets them apart: spdlog's
    # `tcp_client-windows.h` beside `tcp_client.h`, nlohmann/json's `unit-class_parser.cpp`
    # beside `unit.cpp` ("folder/stem"). Their names are the other file's, not their own.
    variants: frozenset[str] = frozenset()
    # Folders that are no package's and hold a licence file of other holders than their
    # package's (assimp's `contrib/zlib/`, `contrib/googletest/`): another project's code,
    # shipped inside this one. (folder, the licence's first holder), sorted.
    foreign_folders: tuple[tuple[str, str], ...] = ()
    # The rules of the grammars the workspace holds beside its code (`GRAMMAR_SUFFIXES`:
    # PEGTL's `peg.peg`), by name, dashes as underscores: (rule, the grammar's path), sorted.
    # Code that transcribes a grammar names its parts as the grammar's rules.
    grammar_rules: tuple[tuple[str, str], ...] = ()
    digest: str = field(default="", compare=False)

    def grammar_of(self, name: str) -> str | None:
        """The path of a grammar the workspace holds with a rule named `name`, or None."""
        at = bisect_left(self.grammar_rules, (name, ""))
        if at < len(self.grammar_rules) and self.grammar_rules[at][0] == name:
            return self.grammar_rules[at][1]
        return None

    def foreign_folder(self, path: str) -> tuple[str, str] | None:
        """The folder of `foreign_folders` holding `path` (a file), with its holder, or None."""
        return next(((f, h) for f, h in self.foreign_folders if path.startswith(f + "/")), None)

    def package_of(self, path: str) -> PackageFacts | None:
        """The nearest package holding `path` (a file), or None."""
        return next(self._holding(path), None)

    def _holding(self, path: str) -> Iterator[PackageFacts]:
        """The packages holding `path` (a file), nearest first."""
        holding = (p for p in self.packages if not p.folder or path.startswith(p.folder + "/"))
        return iter(sorted(holding, key=lambda p: len(p.folder), reverse=True))

    def package_folders(self) -> list[str]:
        """The packages below the root, outermost first."""
        return sorted(
            (p.folder for p in self.packages if p.folder), key=lambda f: (f.count("/"), f)
        )

    def _linter_settings(self, path: str) -> Iterator[LinterNaming]:
        """The naming settings of the linter configs of the folders holding `path` (a file),
        packages' and others', nearest first."""
        holding = (
            s
            for s in self.every_linter_setting()
            if not s.folder or path.startswith(s.folder + "/")
        )
        return iter(sorted(holding, key=lambda s: len(s.folder), reverse=True))

    def naming_exemptions(self, path: str) -> tuple[NamingExemption, ...]:
        """The linter settings of the folders holding `path` that exempt names or files from
        a naming convention, nearest folder first."""
        return tuple(e for settings in self._linter_settings(path) for e in settings.exempt)

    def declared_style(self, convention: str, scope: str) -> DeclaredStyle | None:
        """The style the linter settings of the nearest folder holding the folder `scope`
        that declares one declare for the base convention id `convention`, or None."""
        holding = self._linter_settings(f"{scope}/x" if scope else "x")
        declared = (d for s in holding for d in s.declared if convention in d.conventions)
        return next(declared, None)

    def every_linter_setting(self) -> list[LinterNaming]:
        """The naming settings of every folder's linter configs, packages' and others', by
        folder."""
        packages = [LinterNaming((), p.exempt, p.declared_styles, p.folder) for p in self.packages]
        return sorted((*packages, *self.linters), key=lambda s: s.folder)

    def licence_for(self, path: str) -> ProjectLicence:
        """The licence of the nearest package holding `path` that has one naming a holder
        (a monorepo's package without a licence file is under the root's)."""
        return next((p.licence for p in self._holding(path) if p.licence.holders), NO_LICENCE)

    def goes_by(self, name: str) -> bool:
        """Whether `name` (a library table's choice: `pest`, `Newtonsoft.Json`) is a name the
        project goes by: pest's own tests importing `Pest\\...`, RestSharp built on
        `HttpClient`. A project using itself makes no choice among libraries."""
        return plain_name(name) in self.names

    def aliases_for(self, path: str) -> tuple[str, ...]:
        package = self.package_of(path)
        return package.aliases if package is not None else ()

    def has_code(self, folder: str) -> bool:
        return folder in self.code_folders

    def numbered_family(self, path: str) -> str | None:
        """The shape of the numbered family of files `path` belongs to (`ISO#_#Encoding`),
        or None."""
        folder, _, name = path.rpartition("/")
        shape = numbered_shape(name.split(".", 1)[0])
        return shape if shape is not None and f"{folder}/{shape}" in self.numbered else None

    def variant_of(self, path: str) -> bool:
        """Whether the file at `path` is named after a file beside it (see `variants`)."""
        folder, _, name = path.rpartition("/")
        return f"{folder}/{name.split('.', 1)[0]}" in self.variants


_DIGITS = re.compile(r"\d+")


def numbered_shape(name: str) -> str | None:
    """`name` with each run of digits as `#` (`ISO8859_4Encoding`: `ISO#_#Encoding`), or None
    for a name without digits."""
    shape = _DIGITS.sub("#", name)
    return shape if shape != name else None


def _numbered(paths: Iterable[str]) -> frozenset[str]:
    """The numbered families of files: a shape 3 files or more of one folder share."""
    counts: dict[str, int] = {}
    for path in paths:
        folder, _, name = path.rpartition("/")
        shape = numbered_shape(name.split(".", 1)[0])
        if shape is not None:
            key = f"{folder}/{shape}"
            counts[key] = counts.get(key, 0) + 1
    return frozenset(key for key, count in counts.items() if count >= 3)


def _variants(paths: Iterable[str]) -> frozenset[str]:
    """The files named as a file of their folder is, and a hyphen and a part more:
    `tcp_client-windows.h` beside `tcp_client.h` (see `ProjectFacts.variants`). Not where
    the whole name is kebab-case (`button-group.ts` beside `button.ts`): that is a name of
    the project's style, which votes as any other."""
    stems: dict[str, set[str]] = defaultdict(set)
    for path in paths:
        folder, _, name = path.rpartition("/")
        stems[folder].add(name.split(".", 1)[0])
    found = set()
    for folder, here in stems.items():
        for stem in here:
            if naming_style(stem) != MIXED:
                continue
            parts = stem.split("-")
            if any("-".join(parts[:n]) in here for n in range(1, len(parts))):
                found.add(f"{folder}/{stem}")
    return frozenset(found)


NO_PROJECT = ProjectFacts()


def _ancestors(paths: Iterable[str]) -> set[str]:
    found = {""}
    for path in paths:
        parts = folders(path)
        for depth in range(1, len(parts) + 1):
            found.add("/".join(parts[:depth]))
    return found


def project_facts(root: Path, files: Iterable[tuple[str, str]]) -> ProjectFacts:
    """The facts of the workspace at `root` whose indexed files are `files` (path, language)."""
    listed = list(files)
    code_folders = frozenset(
        "/".join(folders(path)) for path, language in listed if not is_test_file(path, language)
    )
    packages = []
    linters = []
    licensed: list[tuple[str, ProjectLicence]] = []
    catalog = version_catalog(root)
    rules: dict[str, str] = {}
    for folder in sorted(_ancestors(p for p, _ in listed)):
        here = root / folder if folder else root
        names = _listing(here)
        for name in names:
            if name.endswith(GRAMMAR_SUFFIXES):
                grammar = f"{folder}/{name}" if folder else name
                for rule in grammar_rules(here / name):
                    rules.setdefault(rule, grammar)
        manifests = _manifests(here, names)
        if manifests or not folder:
            packages.append(_package(here, folder, manifests, catalog, names))
            continue
        if any(n in NESTED_CONFIGS for n in names) and (
            found := nested_linter_naming(here, folder)
        ):
            linters.append(found)
        if holds_licence(names):
            licensed.append((folder, project_licence(here)))
        elif (documented := _licence_in_docs(here, names)) is not None:
            licensed.append((folder, project_licence(documented)))
    written = tuple(_written_rules(root))
    numbered = _numbered(p for p, _ in listed)
    known_as = project_names(root)
    facts = ProjectFacts(
        tuple(packages),
        code_folders,
        written,
        numbered,
        known_as,
        linters=tuple(linters),
        variants=_variants(p for p, _ in listed),
        grammar_rules=tuple(sorted(rules.items())),
    )
    foreign = [
        (folder, licence.holders[0] if licence.holders else f"the {licence.kind} licence")
        for folder, licence in licensed
        if another_projects(licence, facts.licence_for(folder + "/"))
    ]
    # A folder inside another project's is that project's already.
    outermost = [(f, h) for f, h in foreign if not any(f.startswith(o + "/") for o, _ in foreign)]
    facts = replace(facts, foreign_folders=tuple(outermost))
    # Sets in sorted order: their repr follows string hashing, which differs per process.
    canonical = json.dumps(asdict(facts), sort_keys=True, default=_sorted_set)
    digest = hashlib.blake2b(canonical.encode(), digest_size=16).hexdigest()
    return replace(facts, digest=digest)


# The files of a grammar, whose rules code transcribing it is named after: PEG, ABNF, EBNF
# and BNF, ANTLR, yacc and bison, Lark, pest.
GRAMMAR_SUFFIXES = (".peg", ".abnf", ".ebnf", ".bnf", ".g4", ".y", ".yy", ".lark", ".pest")
# A grammar larger than this is no hand-written one (a generated parser's tables).
_GRAMMAR_MAX_BYTES = 1 << 20
# A rule's definition at the start of a line: `Name <- ...` (PEG), `name = ...` and
# `name =/ ...` (ABNF, pest), `<name> ::= ...` (BNF), `name : ...` (ANTLR, yacc, Lark, with
# ANTLR's `fragment` and Lark's `?` before it; yacc's colon often on the next line).
_GRAMMAR_RULE = re.compile(
    rb"^[ \t]*(?:fragment[ \t]+)?[?!]?<?([A-Za-z_][\w-]*)>?\s*(?:<-|::=|:=|=/?|:)", re.M
)


def grammar_rules(path: Path) -> frozenset[str]:
    """The names of the rules the grammar file at `path` defines, dashes as underscores (a
    C++ transcription of ABNF's `IP-literal` is `IP_literal`); none for a file that cannot be
    read or is larger than a hand-written grammar."""
    try:
        if path.stat().st_size > _GRAMMAR_MAX_BYTES:
            return frozenset()
        data = path.read_bytes()
    except OSError:
        return frozenset()
    found = (m.group(1).decode("ascii").replace("-", "_") for m in _GRAMMAR_RULE.finditer(data))
    return frozenset(found)


def _licence_in_docs(here: Path, names: list[str]) -> Path | None:
    """The documentation folder (`docs/`, `doc/`) of a folder that reads as a project of its
    own (a README beside it) and keeps its licence file there: cJSON's copy of the Unity
    test framework, `tests/unity/` with `docs/license.txt`. None when there is none."""
    if not any(name.lower().startswith("readme") for name in names):
        return None
    for docs in ("docs", "doc"):
        if docs in names and holds_licence(_listing(here / docs)):
            return here / docs
    return None


def _sorted_set(value: object) -> list[Any]:
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    raise TypeError(f"{type(value).__name__} in the project's facts")


def _listing(here: Path) -> list[str]:
    """The names in the folder `here`, sorted ([] if it cannot be read)."""
    try:
        return sorted(p.name for p in here.iterdir())
    except OSError:
        return []


def _manifests(here: Path, names: list[str]) -> tuple[str, ...]:
    """The manifests among `names`, those of the folder `here`: those of fixed names, in
    `MANIFESTS` order, then those named after their project (`rack.gemspec`,
    `Dapper.csproj`), sorted."""
    fixed = [m for m in MANIFESTS if (here / m).is_file()]
    named = [n for n in names if n.endswith(MANIFEST_SUFFIXES) and (here / n).is_file()]
    return (*fixed, *named)


def _package(
    here: Path,
    folder: str,
    manifests: tuple[str, ...],
    catalog: VersionCatalog,
    names: list[str],
) -> PackageFacts:
    runners: set[str] = set()
    sources: list[str] = []
    for runner, prefixes in _RUNNER_CONFIGS.items():
        for name in (n for n in names if n.startswith(prefixes)):
            if runner not in runners:
                runners.add(runner)
                sources.append(name)
    package_json = _read_json(here / "package.json")
    pyproject = _read_toml(here / "pyproject.toml")
    dependencies = _dependencies(package_json, pyproject) | _go_and_rust_dependencies(here)
    dependencies |= build_dependencies(here, manifests, catalog)
    for dependency in dependencies:
        declared = _RUNNER_PACKAGES.get(dependency)
        if declared is not None and declared not in runners:
            runners.add(declared)
            sources.append(f"{dependency} in the dependencies")
    if isinstance(package_json.get("jest"), dict) and "jest" not in runners:
        runners.add("jest")
        sources.append("`jest` in package.json")
    if _get(pyproject, "tool", "pytest") and "pytest" not in runners:
        runners.add("pytest")
        sources.append("[tool.pytest] in pyproject.toml")
    naming_off, ignored = _linter_naming(here, pyproject)
    linters = linter_naming(here, folder)
    naming_off = tuple(sorted(dict(linters.off + naming_off).items()))
    return PackageFacts(
        folder,
        manifests,
        frozenset(runners),
        tuple(sources),
        _tsconfig_aliases(here),
        naming_off,
        ignored,
        frozenset(map(_normal, dependencies)),
        _built_files(here, manifests),
        _api_reference(here, pyproject),
        project_licence(here),
        linters.exempt,
        linters.declared,
    )


# Sphinx configurations, from a package's folder.
_SPHINX_CONFS = ("docs/conf.py", "doc/conf.py", "docs/source/conf.py", "doc/source/conf.py")
# Tools that document every module of a package without being told each name: pydoctor
# (also as a Sphinx extension) and sphinx-autoapi (`autoapi.extension`).
_WHOLE_PACKAGE_DOCS = re.compile(r"""["'](pydoctor\b[\w.]*|autoapi\.extension)["']""")


def _api_reference(here: Path, pyproject: dict[str, Any]) -> str:
    """What generates the package's API reference from all its modules, or ""."""
    if _get(pyproject, "tool", "pydoctor"):
        return "[tool.pydoctor] in pyproject.toml"
    parser = configparser.ConfigParser(interpolation=None)
    with suppress(configparser.Error, UnicodeDecodeError):
        parser.read(here / "setup.cfg", encoding="utf-8")
    if parser.has_section("tool:pydoctor") or parser.has_section("pydoctor"):
        return "pydoctor's section in setup.cfg"
    for conf in _SPHINX_CONFS:
        try:
            text = (here / conf).read_text("utf-8", "replace")
        except OSError:
            continue
        match = _WHOLE_PACKAGE_DOCS.search(text)
        if match:
            return f"{match.group(1).partition('.')[0]} in {conf}"
    return ""


# A quoted relative path to a source file in a build script: `"Twistzilla.py"`, `'bin/x.py'`.
_QUOTED_SOURCE = re.compile(r"""["']((?:[\w.\-]+/)*[\w.\-]+\.py)["']""")
_BUILD_SCRIPT_LIMIT = 256 * 1024


def _built_files(here: Path, manifests: Sequence[str] = ()) -> frozenset[str]:
    """The files a package's build needs by their names, by their path from its folder,
    which exist: the Python files `setup.py` names, and a gem's `lib/<gem>.rb` beside its
    `<gem>.gemspec`. A gem named with dashes (`dry-validation`, `aws-sdk-s3`) keeps its
    code under `lib/dry/validation.rb` and a file of the gem's own name that loads it, as
    `Bundler.require` and `require "dry-validation"` ask for the gem by that name."""
    named = {f"lib/{m.removesuffix('.gemspec')}.rb" for m in manifests if m.endswith(".gemspec")}
    try:
        with (here / "setup.py").open("rb") as handle:
            text = handle.read(_BUILD_SCRIPT_LIMIT).decode("utf-8", "replace")
    except OSError:
        text = ""
    named |= {m.group(1).removeprefix("./") for m in _QUOTED_SOURCE.finditer(text)}
    return frozenset(path for path in named if ".." not in path and (here / path).is_file())


def _normal(name: str) -> str:
    """A dependency's name as compared: lower case, `-` for `_`, a path's last part."""
    return name.rstrip("/").rpartition("/")[2].lower().replace("_", "-")


_GO_REQUIRE = re.compile(r"^\s*(?:require\s+)?([\w.\-]+\.[\w]+/[\w./\-]+)\s+v", re.MULTILINE)


def _go_and_rust_dependencies(here: Path) -> set[str]:
    found: set[str] = set()
    with suppress(OSError):
        found.update(_GO_REQUIRE.findall((here / "go.mod").read_text("utf-8")))
    cargo = _read_toml(here / "Cargo.toml")
    for table in ("dependencies", "dev-dependencies"):
        value = cargo.get(table)
        if isinstance(value, dict):
            found.update(value)
    return found


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(_without_comments(path.read_text("utf-8")))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}


_JSONC_NOISE = re.compile(r'("(?:\\.|[^"\\])*")|//[^\n]*|/\*.*?\*/|,(\s*[}\]])', re.DOTALL)


def _without_comments(text: str) -> str:
    """JSON with comments and trailing commas (tsconfig.json) made plain JSON."""
    return _JSONC_NOISE.sub(lambda m: m.group(1) or m.group(2) or "", text)


def _get(data: dict[str, Any], *keys: str) -> Any:
    for key in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(key)  # type: ignore[assignment]
    return data


def _dependencies(package_json: dict[str, Any], pyproject: dict[str, Any]) -> set[str]:
    found: set[str] = set()
    for key in ("dependencies", "devDependencies", "peerDependencies"):
        value = package_json.get(key)
        if isinstance(value, dict):
            found.update(value)
    specs: list[Any] = list(_get(pyproject, "project", "dependencies") or [])
    for group in ("optional-dependencies",):
        extras = _get(pyproject, "project", group)
        if isinstance(extras, dict):
            for items in extras.values():
                specs.extend(items if isinstance(items, list) else [])
    groups = pyproject.get("dependency-groups")
    if isinstance(groups, dict):
        for items in groups.values():
            specs.extend(items if isinstance(items, list) else [])
    for spec in specs:
        if isinstance(spec, str):
            name = re.match(r"[A-Za-z0-9_.\-]+", spec.strip())
            if name:
                found.add(name.group(0).lower())
    return found


def _tsconfig_aliases(here: Path) -> tuple[str, ...]:
    """`compilerOptions.paths` keys as import prefixes: `@/*` -> `@/`, `~utils` -> `~utils`."""
    paths = _get(_read_json(here / "tsconfig.json"), "compilerOptions", "paths")
    if not isinstance(paths, dict):
        return ()
    return tuple(sorted(key.removesuffix("*") for key in paths if isinstance(key, str) and key))


def _linter_naming(
    here: Path, pyproject: dict[str, Any]
) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]]:
    """Naming conventions a linter setting of this package turns off, and names it exempts."""
    off: dict[str, str] = {}
    ignored: list[str] = []
    for source, codes, names in _python_lint_settings(here, pyproject):
        for code in codes:
            code = code.strip().upper()
            if not code.startswith("N"):
                continue
            kinds = _PEP8_NAMING.get(code) or (_ALL_PYTHON_NAMING if len(code) <= 2 else ())
            for kind in kinds:
                off.setdefault(f"naming.python.{kind}", f"{source} ignores {code}")
        ignored.extend(names)
    for name in _ESLINT_FILES:
        try:
            text = (here / name).read_text("utf-8")
        except OSError:
            continue
        match = _ESLINT_CAMELCASE_OFF.search(text)
        if match:
            for language in _JS_LANGUAGES:
                for kind in ("function", "variable", "constant", "method"):
                    off.setdefault(
                        f"naming.{language}.{kind}", f"{name} turns {match.group(1)} off"
                    )
    for name in _GOLANGCI_FILES:
        try:
            text = (here / name).read_text("utf-8")
        except OSError:
            continue
        if _GOLANGCI_NAMING_OFF.search(text):
            for kind in ("function", "method", "variable", "constant", "type", "struct"):
                off.setdefault(f"naming.go.{kind}", f"{name} turns Go's naming checks off")
    for root_file, lint, kinds in _rust_crate_allows(here):
        for kind in kinds:
            off.setdefault(f"naming.rust.{kind}", f"{root_file} allows {lint} in the whole crate")
    return tuple(sorted(off.items())), tuple(sorted(set(ignored)))


# rustc's naming lints and the kinds of definitions each one judges.
_RUST_NAMING_LINTS = {
    "non_snake_case": ("function", "method", "variable", "module"),
    "non_camel_case_types": ("struct", "enum", "trait", "type"),
    "non_upper_case_globals": ("constant", "static"),
}
# An inner attribute at a crate root: `#![allow(non_snake_case, dead_code)]`.
_INNER_ALLOW = re.compile(r"#!\[\s*allow\s*\(([^)]*)\)\s*\]")


def _rust_crate_allows(here: Path) -> Iterable[tuple[str, str, tuple[str, ...]]]:
    """(crate root, lint, kinds) for each naming lint a crate root of the package in `here`
    allows for the whole crate (`#![allow(non_upper_case_globals)]` in `src/lib.rs`): the
    lib target (`[lib] path`, else `src/lib.rs`) and `src/main.rs`."""
    cargo = _read_toml(here / "Cargo.toml")
    if not cargo:
        return
    lib = _get(cargo, "lib", "path")
    roots = [lib if isinstance(lib, str) else "src/lib.rs", "src/main.rs"]
    for root in dict.fromkeys(roots):
        try:
            text = (here / root).read_text("utf-8", errors="replace")
        except OSError:
            continue
        for match in _INNER_ALLOW.finditer(text):
            for lint in match.group(1).split(","):
                kinds = _RUST_NAMING_LINTS.get(lint.strip())
                if kinds:
                    yield root, lint.strip(), kinds


def _python_lint_settings(
    here: Path, pyproject: dict[str, Any]
) -> Iterable[tuple[str, list[str], list[str]]]:
    """(file, ignored codes, pep8-naming ignore-names) from ruff's and flake8's settings."""
    for name, data in (
        ("pyproject.toml", _get(pyproject, "tool", "ruff")),
        ("ruff.toml", _read_toml(here / "ruff.toml")),
        (".ruff.toml", _read_toml(here / ".ruff.toml")),
    ):
        if not isinstance(data, dict) or not data:
            continue
        codes: list[str] = []
        names: list[str] = []
        for table in (data, data.get("lint") or {}):
            for key in ("ignore", "extend-ignore"):
                value = table.get(key)
                codes.extend(v for v in value or [] if isinstance(v, str))
            naming = table.get("pep8-naming") or {}
            for key in ("ignore-names", "extend-ignore-names"):
                names.extend(v for v in naming.get(key) or [] if isinstance(v, str))
        yield name, codes, names
    for name in ("setup.cfg", "tox.ini", ".flake8"):
        parser = configparser.ConfigParser(interpolation=None)
        try:
            parser.read(here / name, encoding="utf-8")
        except (configparser.Error, UnicodeDecodeError):
            continue
        if not parser.has_section("flake8"):
            continue
        section = parser["flake8"]
        codes = re.split(
            r"[,\s]+", f"{section.get('ignore', '')},{section.get('extend-ignore', '')}"
        )
        names = re.split(r"[,\s]+", section.get("ignore-names", ""))
        yield name, [c for c in codes if c], [n for n in names if n]


def _written_rules(root: Path) -> Iterable[WrittenRule]:
    """Import-style rules stated in the project's contributing or coding-standard documents."""
    for folder in _DOC_FOLDERS:
        here = root / folder if folder else root
        try:
            docs = sorted(
                p for p in here.iterdir() if p.is_file() and _STANDARD_DOCS.search(p.name)
            )
        except OSError:
            continue
        for doc in docs:
            try:
                lines = doc.read_text("utf-8", "replace").splitlines()
            except OSError:
                continue
            relative = doc.relative_to(root).as_posix()
            for number, line in enumerate(lines, 1):
                value = _import_rule(line)
                if value is not None:
                    yield WrittenRule(
                        "imports.python.style", value, f"{relative}:{number}", line.strip()[:120]
                    )


def _import_rule(line: str) -> str | None:
    if "import" not in line.lower():
        return None
    if _RELATIVE_FORBIDDEN.search(line) or _ABSOLUTE_WANTED.search(line):
        return "absolute"
    if _RELATIVE_WANTED.search(line):
        return "relative"
    return None
