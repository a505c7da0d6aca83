"""The dependency arrows of ARCHITECTURE.md, checked on the source: the engine never imports LSP."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ENGINE = ROOT / "steering_index"
SERVER = ROOT / "server"

LSP_MODULES = ("pygls", "lsprotocol", "server")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def top(name: str) -> str:
    return name.split(".", 1)[0]


ENGINE_FILES = sorted(ENGINE.rglob("*.py"))


@pytest.mark.parametrize("path", ENGINE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_engine_never_imports_the_lsp_layer(path: Path) -> None:
    bad = {m for m in imported_modules(path) if top(m) in LSP_MODULES}
    assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}"


@pytest.mark.parametrize(
    "path",
    [p for p in ENGINE_FILES if "llm" not in p.relative_to(ENGINE).parts],
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_only_llm_imports_anthropic(path: Path) -> None:
    bad = {m for m in imported_modules(path) if top(m) == "anthropic"}
    assert not bad, f"{path.relative_to(ROOT)} imports anthropic outside steering_index/llm"


def test_the_checker_sees_a_forbidden_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("import os\nfrom pygls.lsp.server import LanguageServer\n")
    assert "pygls.lsp.server" in imported_modules(sample)


def test_server_modules_exist_and_engine_is_nonempty() -> None:
    assert len(ENGINE_FILES) > 3
    assert (SERVER / "__init__.py").exists()
