"""`import os` then `os.path.join(...)`: the most common way to use os.path, with no import
of os.path by name. Extraction keeps the first use of each `module.attribute`; the library
conventions count it, and a drift finding points at it."""

from __future__ import annotations

import argparse
from pathlib import Path

from steering_index.cli.conventions import run_check, run_conventions
from steering_index.conventions.libraries import library_table, library_uses
from steering_index.index.extract import extract
from steering_index.model import FileExtract, Import, Reference, Span
from tests.workspaces import write_tree

AT = Span(0, 10, 0, 0, 0, 10)

OS_PATH_MODULE = """\
import os


def load(folder):
    # os.path is named in a comment, and "os.path" in a string: neither is a use.
    config = os.environ.get("CONFIG", "app.toml")
    return os.path.join(folder, config)
"""


def _dotted(src: str) -> list[tuple[str, int, int]]:
    found = extract("m.py", src.encode(), "python").references
    return [(r.name, r.span.start_line + 1, r.span.start_col) for r in found if "." in r.name]


def test_the_first_use_of_each_module_attribute_is_kept_with_its_place() -> None:
    src = OS_PATH_MODULE + "\n\ndef other(p):\n    return os.path.exists(p), os . sep\n"
    assert _dotted(src) == [("os.environ", 6, 13), ("os.path", 7, 11)]


def test_only_names_bound_by_a_plain_import_count() -> None:
    src = (
        "import numpy as np\nimport xml.etree.ElementTree\nfrom os import sep\n"
        "x = np.array([]), xml.etree, sep.join([]), self.np.array, os.path\n"
    )
    assert _dotted(src) == [("np.array", 4, 4), ("xml.etree", 4, 18)]


def uses(*imports: Import, references: tuple[Reference, ...] = ()) -> set:
    extract = FileExtract("app/x.py", "python", imports=imports, references=references)
    return {(u.job, u.choice, u.what) for u in library_uses(extract, library_table())}


def test_a_module_attribute_counts_as_the_library_once() -> None:
    os_path = (Reference("os.path", AT, False),)
    plain_os = Import("os", (), None, False, AT)
    assert uses(plain_os, references=os_path) == {("paths", "os.path", "os.path")}
    # `import os as o` then `o.path.join(...)`
    aliased = Import("os", (), "o", False, AT)
    assert uses(aliased, references=(Reference("o.path", AT, False),)) == {
        ("paths", "os.path", "os.path")
    }
    # Already imported by name: not counted twice.
    both = Import("os.path", (), None, False, AT)
    assert uses(both, references=os_path) == {("paths", "os.path", "os.path")}
    # Without the import, `os.path` is some other object's attribute.
    assert uses(references=os_path) == set()
    assert uses(plain_os, references=(Reference("os.environ", AT, False),)) == set()


def _args(root: Path, **extra: object) -> argparse.Namespace:
    return argparse.Namespace(root=str(root), db=str(root.parent / "index.db"), **extra)


def test_check_flags_os_path_through_import_os_where_pathlib_is_the_convention(
    tmp_path: Path, capsys
) -> None:
    files = {
        f"app/mod{i}.py": f"from pathlib import Path\n\n\ndef f{i}(p):\n    return Path(p)\n"
        for i in range(10)
    }
    files["app/legacy.py"] = OS_PATH_MODULE
    root = write_tree(tmp_path / "ws", files)
    assert run_conventions(_args(root, json=False, all=False)) == 0
    assert "pathlib: 10 of 11 files" in capsys.readouterr().out
    assert run_check(_args(root, paths=[], format="text")) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("app/legacy.py:7:12: convention/library.python.paths ")
    assert out[-1] == "1 finding"


def test_os_path_through_import_os_is_the_convention_it_makes(tmp_path: Path, capsys) -> None:
    files = {f"app/mod{i}.py": OS_PATH_MODULE for i in range(10)}
    files["app/new.py"] = "from pathlib import Path\n\nHOME = Path.home()\n"
    root = write_tree(tmp_path / "ws", files)
    assert run_check(_args(root, paths=[], format="text")) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("app/new.py:1:1: convention/library.python.paths ")
    assert "os.path" in out[0]
