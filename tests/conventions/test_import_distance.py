"""Import style by distance. Real projects that mix relative and absolute imports mostly mix
them by one line: relative within a package, absolute across packages (django, sympy, mcp and
instructor import from outside the file's own package absolutely in over 98% of cases, and
mix the two styles within a package). One convention over all imports flagged every relative
import of a sibling as drift (193 findings on django); two conventions, one per side of that
line, find the imports that really break a habit."""

from __future__ import annotations

import argparse
from pathlib import Path

from steering_index.cli.conventions import run_check
from steering_index.conventions.infer import ConventionSettings, check_file, infer_conventions
from steering_index.conventions.layout import relative_module, within_own_package
from steering_index.index.extract import extract
from steering_index.model import Convention, FileExtract, Finding
from tests.workspaces import write_tree


def _extracts(files: dict[str, str]) -> list[FileExtract]:
    return [extract(path, text.encode(), "python") for path, text in sorted(files.items())]


def _by_id(conventions: list[Convention]) -> dict[str, Convention]:
    return {c.id: c for c in conventions}


def _findings(files: dict[str, str]) -> list[Finding]:
    extracts = _extracts(files)
    settings = ConventionSettings()
    conventions = infer_conventions(extracts, settings)
    return [f for one in extracts for f in check_file(one, conventions, settings)]


def _django_like() -> dict[str, str]:
    """Two subpackages: each imports its siblings either way, and the other package
    absolutely; one module reaches across with `..`."""
    files: dict[str, str] = {}
    for package in ("db", "http"):
        other = "http" if package == "db" else "db"
        for i in range(6):
            sibling = "." if i % 2 else f"app.{package}."
            files[f"app/{package}/mod_{i}.py"] = (
                f"from {sibling}mod_{(i + 1) % 6} import f_{(i + 1) % 6}\n"
                f"from app.{other}.mod_{i} import f_{i} as g_{i}\n\n\n"
                f"def f_{i}():\n    return g_{i}()\n"
            )
    files["app/db/odd.py"] = "from ..http.mod_1 import f_1\n"
    return files


def test_the_two_sides_of_the_package_line_are_two_conventions() -> None:
    conventions = _by_id(infer_conventions(_extracts(_django_like())))
    outside = conventions["imports.python.style.outside"]
    assert (outside.value, outside.count, outside.total) == ("absolute", 12, 13)
    assert outside.subject == "outside-import"
    # Within a package the project is split 6 to 6: no convention, so nothing to flag.
    within = conventions["imports.python.style"]
    assert (within.value, within.count, within.total) == ("absolute", 6, 12)
    assert not within.strong


def test_only_the_import_that_breaks_its_own_side_is_flagged() -> None:
    findings = _findings(_django_like())
    assert [(f.location.path, f.code) for f in findings] == [
        ("app/db/odd.py", "convention/imports.python.style.outside")
    ]
    message = findings[0].message
    assert message.startswith("relative import of `..http.mod_1`; imports of the project's")
    assert "absolute: 12 of 13" in message
    assert message.endswith("; import from `app.http.mod_1`")


def test_a_package_that_imports_its_siblings_relatively_is_told_the_relative_form() -> None:
    # fastmcp's habit: relative within a package (91 of 93), absolute across (42 of 42).
    files = {
        f"proj/server/part_{i}.py": f"from .part_{(i + 1) % 10} import run_{(i + 1) % 10}\n"
        f"from proj.client.part_{i} import call_{i}\n\n\n"
        f"def run_{i}():\n    return call_{i}()\n"
        for i in range(10)
    }
    files["proj/server/stray.py"] = "from proj.server.part_0 import run_0\n"
    findings = _findings(files)
    assert [(f.location.path, f.code) for f in findings] == [
        ("proj/server/stray.py", "convention/imports.python.style")
    ]
    message = findings[0].message
    assert message.startswith(
        "absolute import of `proj.server.part_0`; imports of modules in the file's own package"
        " are relative (relative: 10 of 11"
    )
    assert message.endswith("; import from `.part_0`")


def test_where_a_module_sits_against_its_own_package() -> None:
    path = "src/pkg/sub/views.py"  # `src/` is not part of the package
    assert within_own_package(".models", path)
    assert within_own_package(".", path)
    assert within_own_package("pkg.sub.models", path)
    assert within_own_package("pkg.sub", path)
    assert within_own_package(".inner.deep", path)
    assert not within_own_package("..core", path)
    assert not within_own_package("pkg.core", path)
    assert not within_own_package("pkg", path)
    assert not within_own_package("....too.far", path)
    assert not within_own_package("pkg.sub", "script.py")  # a top-level file: no package
    assert relative_module("pkg.sub.models", path) == ".models"
    assert relative_module("pkg.sub", path) == "."
    assert relative_module("pkg.core", path) is None


def test_steering_check_reports_the_outside_import_in_a_workspace(tmp_path: Path, capsys) -> None:
    root = write_tree(tmp_path / "ws", _django_like())
    args = argparse.Namespace(
        root=str(root), db=str(tmp_path / "index.db"), paths=[], format="text"
    )
    assert run_check(args) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("app/db/odd.py:1:1: convention/imports.python.style.outside ")
    assert out[-1] == "1 finding"
