"""An index records the extraction that wrote it: the index package's modules, its queries
and the grammar versions. Any change to them is another extraction (files are read again),
and the conventions remembered in the index are keyed by it too."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from steering_index.conventions import infer
from steering_index.index import extractor

PACKAGE = Path(extractor.__file__).resolve().parent


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    package = tmp_path / "steering_index" / "index"
    shutil.copytree(PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    return package


def test_the_digest_in_use_is_this_package_s() -> None:
    assert extractor.extractor_digest() == extractor.extraction_digest(PACKAGE)


@pytest.mark.parametrize("changed", ["extract.py", "languages.py", "queries/ruby.scm"])
def test_changing_extraction_code_or_a_query_changes_the_digest(copy: Path, changed: str) -> None:
    before = extractor.extraction_digest(copy)
    with (copy / changed).open("a", encoding="utf-8") as f:
        f.write("\n; changed\n" if changed.endswith(".scm") else "\n# changed\n")
    assert extractor.extraction_digest(copy) != before


def test_the_conventions_key_follows_the_extraction(monkeypatch: pytest.MonkeyPatch) -> None:
    conventions = Path(infer.__file__).resolve().parent
    libraries = conventions.parent / "data" / "libraries.toml"
    before = infer.code_digest(conventions, libraries)
    monkeypatch.setattr(infer, "extractor_digest", lambda: "another extraction")
    assert infer.code_digest(conventions, libraries) != before
