"""What the build manifests of the JVM, .NET, PHP, Ruby and Swift ecosystems depend on.

A folder holding one of these manifests is a package, as one holding a `package.json` is
(`project.MANIFESTS`), and what it depends on says which libraries it chose. Each format
is read for its dependencies' names only, with a size limit, and a file that cannot be
read yields nothing:

- Maven's `pom.xml`: each `<dependency>`'s `artifactId`;
- Gradle's `build.gradle` and `build.gradle.kts`: the artifact of each `"group:artifact"`
  coordinate, and each version-catalog accessor (`libs.square.moshi`) through the root's
  `gradle/libs.versions.toml`;
- `composer.json`: the packages `require` and `require-dev` name;
- a `.gemspec` and a `Gemfile`: each `add_dependency` (runtime or development) and `gem`;
- a `.csproj`: each `PackageReference`;
- `Package.swift`: each `.package(url:)`'s repository name and each `.product(name:)`.

Names are compared folded (`folded`): lower case, with `.` and `_` as `-`, so that
Maven's `kotlinx-serialization-json` is a part of the library table's
`kotlinx.serialization`.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path

BUILD_MANIFESTS = (
    "pom.xml",
    "build.gradle",
    "build.gradle.kts",
    "composer.json",
    "Gemfile",
    "Package.swift",
)
# Manifests named after their project: `rack.gemspec`, `Dapper.csproj`.
MANIFEST_SUFFIXES = (".gemspec", ".csproj")
_LIMIT = 512 * 1024

# A Gradle version catalog: accessor as written after `libs.` (`square.moshi.kotlin`) ->
# the library's artifact (`moshi-kotlin`).
VersionCatalog = Mapping[str, str]
_CATALOG = "gradle/libs.versions.toml"

_POM_DEPENDENCY = re.compile(
    r"<dependency>.*?<artifactId>\s*([\w.\-]+)\s*</artifactId>.*?</dependency>", re.DOTALL
)
_GRADLE_COORDINATE = re.compile(r"""["']([\w.\-]+):([\w.\-]+)(?::[^"'\s]*)?["']""")
_GRADLE_NAMED = re.compile(r"""\bname\s*[:=]\s*["']([\w.\-]+)["']""")
_GRADLE_ACCESSOR = re.compile(r"\blibs\.((?:\w+\.)*\w+)")
_GEM = re.compile(
    r"""^\s*(?:gem|\w+\.add_(?:runtime_|development_)?dependency)\s*\(?\s*["']([\w.\-]+)["']""",
    re.MULTILINE,
)
_PACKAGE_REFERENCE = re.compile(r"""<PackageReference\s+(?:Include|Update)\s*=\s*["']([^"']+)""")
_SWIFT_PACKAGE_URL = re.compile(r"""\.package\s*\([^)]*?\burl\s*:\s*"([^"]+)\"""", re.DOTALL)
_SWIFT_PRODUCT = re.compile(r"""\.product\s*\(\s*name\s*:\s*"([^"]+)\"""")


def folded(name: str) -> str:
    """A dependency's name as compared across ecosystems: `Newtonsoft.Json` and
    `newtonsoft-json` are one name."""
    return name.lower().replace(".", "-").replace("_", "-")


def version_catalog(root: Path) -> dict[str, str]:
    """The root's Gradle version catalog, accessor -> artifact; empty when there is none."""
    text = _read(root / _CATALOG)
    try:
        data = tomllib.loads(text) if text else {}
    except ValueError:
        return {}
    libraries = data.get("libraries")
    found: dict[str, str] = {}
    for alias, spec in (libraries if isinstance(libraries, dict) else {}).items():
        artifact = _catalog_artifact(spec)
        if artifact:
            found[re.sub(r"[-_]", ".", alias.lower())] = artifact
    return found


def _catalog_artifact(spec: object) -> str:
    """The artifact of a catalog entry: `"g:a:v"`, `{module = "g:a"}` or `{name = "a"}`."""
    if isinstance(spec, str):
        parts = spec.split(":")
        return parts[1] if len(parts) >= 2 else ""
    if isinstance(spec, dict):
        module = spec.get("module")
        if isinstance(module, str) and ":" in module:
            return module.split(":")[1]
        name = spec.get("name")
        return name if isinstance(name, str) else ""
    return ""


def build_dependencies(here: Path, manifests: Iterable[str], catalog: VersionCatalog) -> set[str]:
    """What the build manifests among `manifests`, in the folder `here`, depend on."""
    found: set[str] = set()
    for manifest in manifests:
        reader = _READERS.get(manifest) or _READERS.get(Path(manifest).suffix)
        if reader is not None:
            found.update(reader(_read(here / manifest), catalog))
    return found


def _maven(text: str, catalog: VersionCatalog) -> Iterable[str]:
    return _POM_DEPENDENCY.findall(text)


def _gradle(text: str, catalog: VersionCatalog) -> Iterable[str]:
    yield from (artifact for _, artifact in _GRADLE_COORDINATE.findall(text))
    yield from _GRADLE_NAMED.findall(text)
    for accessor in _GRADLE_ACCESSOR.findall(text):
        accessor = accessor.lower().removesuffix(".get")
        if accessor in catalog:
            yield catalog[accessor]


def _composer(text: str, catalog: VersionCatalog) -> Iterable[str]:
    try:
        data = json.loads(text) if text else {}
    except ValueError:
        return
    for key in ("require", "require-dev"):
        value = data.get(key) if isinstance(data, dict) else None
        if isinstance(value, dict):
            yield from (name for name in value if isinstance(name, str))


def _ruby(text: str, catalog: VersionCatalog) -> Iterable[str]:
    return _GEM.findall(text)


def _dotnet(text: str, catalog: VersionCatalog) -> Iterable[str]:
    return _PACKAGE_REFERENCE.findall(text)


def _swift(text: str, catalog: VersionCatalog) -> Iterable[str]:
    for url in _SWIFT_PACKAGE_URL.findall(text):
        yield url.rstrip("/").rpartition("/")[2].removesuffix(".git")
    yield from _SWIFT_PRODUCT.findall(text)


_READERS = {
    "pom.xml": _maven,
    "build.gradle": _gradle,
    "build.gradle.kts": _gradle,
    "composer.json": _composer,
    "Gemfile": _ruby,
    ".gemspec": _ruby,
    ".csproj": _dotnet,
    "Package.swift": _swift,
}


def _read(path: Path) -> str:
    try:
        with path.open("rb") as handle:
            return handle.read(_LIMIT).decode("utf-8", "replace")
    except OSError:
        return ""
