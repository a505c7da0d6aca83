"""The dependency arrows of ARCHITECTURE.md, checked on the source: the engine never imports LSP."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ENGINE = ROOT / "steering_index"
SERVER = ROOT / "server"

LSP_MODULES = ("pygls", "lsprotocol", "server")


def imported_modules(path: Path, package: str | None = None) -> set[str]:
    """The absolute imports of `path`; `from <package> import name` counts as
    `<package>.name` (a module, or an attribute of the package)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == package:
                found.update(f"{package}.{alias.name}" for alias in node.names)
            else:
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


# --- the engine's own structure: no cycles, no private names across modules, the layout ------


def module_name(path: Path, root: Path) -> str:
    """`steering_index/index/extract.py` -> `steering_index.index.extract` (root: its parent)."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def engine_imports(path: Path, modules: set[str]) -> list[tuple[str, list[str]]]:
    """Every import of `path` (lazy ones inside functions too) that names one of `modules`,
    as (module, names taken from it); `from package import module` names the module."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[str, list[str]]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((alias.name, []) for alias in node.names if alias.name in modules)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [alias.name for alias in node.names]
            submodules = [n for n in names if f"{node.module}.{n}" in modules]
            found.extend((f"{node.module}.{n}", []) for n in submodules)
            rest = [n for n in names if n not in submodules]
            if node.module in modules and (rest or not submodules):
                found.append((node.module, rest))
    return found


def engine_graph(package: Path) -> dict[str, set[str]]:
    """Module -> the engine modules it imports, for the package at `package`."""
    files = sorted(package.rglob("*.py"))
    modules = {module_name(f, package.parent): f for f in files}
    return {
        name: {target for target, _ in engine_imports(f, set(modules)) if target != name}
        for name, f in modules.items()
    }


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(start: str) -> None:
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, edges = work[-1]
            for nxt in edges:
                if nxt not in index:
                    index[nxt] = low[nxt] = len(index)
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(sorted(graph[nxt]))))
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    group = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.append(member)
                        if member == node:
                            break
                    if len(group) > 1:
                        groups.append(sorted(group))

    for name in sorted(graph):
        if name not in index:
            visit(name)
    return sorted(groups)


def private_imports(package: Path) -> list[str]:
    """`importer: module._name` for each private name one engine module takes from another."""
    files = sorted(package.rglob("*.py"))
    modules = {module_name(f, package.parent) for f in files}
    bad = []
    for f in files:
        importer = module_name(f, package.parent)
        for target, names in engine_imports(f, modules):
            for name in names:
                if name.startswith("_") and not name.startswith("__") and target != importer:
                    bad.append(f"{importer}: {target}.{name}")
    return bad


# Prefixes of modules that now live in a subpackage; none may come back to the top level.
MOVED_PREFIXES = ("conventions_", "retrieval_", "extract", "index_", "indexer", "walk", "watch")
SUBPACKAGES = ("index", "conventions", "retrieval", "cli", "rules", "llm", "eval")


def layout_problems(package: Path) -> list[str]:
    problems = [
        f"{p.name} belongs in a subpackage"
        for p in sorted(package.glob("*.py"))
        if p.stem.startswith(MOVED_PREFIXES)
        or p.stem in {"cli", "demo", "conventions", "retrieval"}
    ]
    problems += [
        f"{name}/ is missing"
        for name in SUBPACKAGES
        if not (package / name / "__init__.py").exists()
    ]
    return problems


def test_engine_modules_import_no_cycle() -> None:
    assert import_cycles(engine_graph(ENGINE)) == []


def test_server_modules_import_no_cycle() -> None:
    assert import_cycles(engine_graph(SERVER)) == []


def test_engine_modules_take_no_private_name_from_each_other() -> None:
    assert private_imports(ENGINE) == []


def test_engine_keeps_its_subpackage_layout() -> None:
    assert layout_problems(ENGINE) == []


def _sample_package(root: Path, files: dict[str, str]) -> Path:
    package = root / "steering_index"
    for name, text in files.items():
        path = package / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    for name in SUBPACKAGES:
        (package / name).mkdir(exist_ok=True)
        (package / name / "__init__.py").touch()
    (package / "__init__.py").touch()
    return package


def test_the_cycle_check_sees_a_cycle_even_through_a_lazy_import(tmp_path: Path) -> None:
    package = _sample_package(
        tmp_path,
        {
            "index/a.py": "from steering_index.index.b import run\n",
            "index/b.py": "def run():\n    from steering_index.index import c\n",
            "index/c.py": "import steering_index.index.a\n",
            "index/d.py": "from steering_index.index.a import run\n",
        },
    )
    assert import_cycles(engine_graph(package)) == [
        ["steering_index.index.a", "steering_index.index.b", "steering_index.index.c"]
    ]


def test_the_private_name_check_sees_one_taken_from_another_module(tmp_path: Path) -> None:
    package = _sample_package(
        tmp_path,
        {
            "index/a.py": "_hidden = 1\nshown = 2\n",
            "index/b.py": "from steering_index.index.a import _hidden, shown\n",
            "index/c.py": "from steering_index import __version__\n",
        },
    )
    assert private_imports(package) == ["steering_index.index.b: steering_index.index.a._hidden"]


def test_the_layout_check_sees_a_module_back_at_the_top(tmp_path: Path) -> None:
    package = _sample_package(tmp_path, {"conventions_naming.py": "", "model.py": ""})
    assert layout_problems(package) == ["conventions_naming.py belongs in a subpackage"]
    (package / "cli" / "__init__.py").unlink()
    assert layout_problems(package)[-1] == "cli/ is missing"


# The server reaches the engine through the session alone. `model` holds the plain frozen
# data the session's answers are made of, `lines` the one definition of a line break that
# position conversion must share with the parsers; `__version__` is the package's version.
SERVER_MAY_IMPORT = frozenset(
    {
        "steering_index.__version__",
        "steering_index.session",
        "steering_index.model",
        "steering_index.index.lines",
    }
)
SERVER_FILES = sorted(SERVER.rglob("*.py"))


def engine_imports_beyond_the_session(path: Path) -> set[str]:
    engine = {m for m in imported_modules(path, "steering_index") if top(m) == "steering_index"}
    return engine - SERVER_MAY_IMPORT


@pytest.mark.parametrize("path", SERVER_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_server_reaches_the_engine_only_through_the_session(path: Path) -> None:
    bad = engine_imports_beyond_the_session(path)
    assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}; go through the session"


def test_the_session_boundary_check_sees_every_way_of_importing(tmp_path: Path) -> None:
    sample = tmp_path / "feature.py"
    sample.write_text(
        "from steering_index import __version__\n"
        "from steering_index.session import Session\n"
        "from steering_index import rules as rules_mod\n"
        "from steering_index.llm.ladder import run_action\n"
        "def f():\n    import steering_index.store\n"
    )
    assert engine_imports_beyond_the_session(sample) == {
        "steering_index.rules",
        "steering_index.llm.ladder",
        "steering_index.store",
    }


def ladder_callers(paths: list[Path]) -> list[str]:
    """The modules that import the model ladder's entry point."""
    found = []
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.ImportFrom)
                and node.module == "steering_index.llm.ladder"
                and any(alias.name == "run_ladder" for alias in node.names)
            ):
                shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
                found.append(shown.as_posix())
    return found


def test_the_cli_and_the_server_share_one_model_workflow() -> None:
    """Only the session runs the ladder: the editor and the terminal both call it."""
    assert ladder_callers([*ENGINE_FILES, *SERVER_FILES]) == ["steering_index/session.py"]


def test_the_workflow_check_sees_a_second_caller(tmp_path: Path) -> None:
    sample = tmp_path / "ask.py"
    sample.write_text("def ask():\n    from steering_index.llm.ladder import run_ladder\n")
    assert ladder_callers([sample]) != []
