"""One rule for the workspace root, in every `steering` subcommand that takes a path.

The commands run through `steering_index.cli.main.main`, from the folders a user would run them
in; the index goes to a cache folder under tmp_path, so a test can see whether one was made.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from steering_index.cli import main as cli
from steering_index.index.workspace_root import RootRefused, decide_root
from tests.conventions.conftest import FIXTURES as CONVENTION_FIXTURES

DRIFTING = "shop/pricing.py"  # pyshop's planted naming drift, at line 12


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("STEERING_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """pyshop as a git checkout, inside a folder that holds other things too."""
    root = tmp_path / "projects" / "pyshop"
    shutil.copytree(CONVENTION_FIXTURES / "pyshop", root)
    (root / ".git").mkdir()
    return root


def indexes(cache: Path) -> list[str]:
    """The index files in the cache (each index's model-call ledger lives beside it)."""
    files = (cache / "index").glob("*.sqlite3")
    return sorted(p.name for p in files if not p.name.endswith("-ledger.sqlite3"))


def test_a_file_outside_every_workspace_is_refused_by_every_command(
    tmp_path: Path, repo: Path, cache: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    stray = tmp_path / "etc" / "passwd"
    stray.parent.mkdir()
    stray.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    monkeypatch.chdir(repo)
    for argv in (
        ["context", str(stray), "--task", "x"],
        ["rules", str(stray)],
        ["check", str(stray)],
    ):
        assert cli.main(argv) == 2, argv
        captured = capsys.readouterr()
        assert "root:x:0:0" not in captured.out
        assert f"{stray} is outside the current folder" in captured.err, argv
    assert indexes(cache) == []


def test_a_file_outside_the_given_root_is_refused_by_every_command(
    tmp_path: Path, repo: Path, cache: Path, capsys
) -> None:
    other = tmp_path / "other.py"
    other.write_text("x = 1\n", encoding="utf-8")
    for argv in (
        ["context", str(other), "--task", "x", "--root", str(repo)],
        ["rules", str(other), "--root", str(repo)],
        ["check", str(other), "--root", str(repo)],
    ):
        assert cli.main(argv) == 2, argv
        assert f"{other} is outside the workspace {repo}" in capsys.readouterr().err, argv
    assert indexes(cache) == []


def test_findings_are_the_same_from_above_the_repository(
    repo: Path, cache: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.chdir(repo)
    assert cli.main(["check", DRIFTING]) == 1
    inside = capsys.readouterr()
    monkeypatch.chdir(repo.parent.parent)  # holds `projects/`, no .git of its own
    assert cli.main(["check", f"projects/pyshop/{DRIFTING}"]) == 1
    above = capsys.readouterr()
    assert above.out == inside.out and "naming.python.function" in above.out
    assert above.err == inside.err == ""  # the repository decided the root: nothing to say
    assert len(indexes(cache)) == 1  # one index, of the repository, from both folders


def test_a_root_guessed_without_a_repository_marker_is_said(
    repo: Path, cache: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    shutil.rmtree(repo / ".git")  # an unpacked archive: pyproject.toml is the only marker
    monkeypatch.chdir(repo.parent.parent)
    assert cli.main(["check", f"projects/pyshop/{DRIFTING}"]) == 1
    captured = capsys.readouterr()
    assert "naming.python.function" in captured.out
    assert f"using {repo} (it holds pyproject.toml) as the workspace root" in captured.err
    (repo / "pyproject.toml").unlink()
    assert cli.main(["check", f"projects/pyshop/{DRIFTING}"]) == 1
    current = repo.parent.parent.resolve()
    assert f"using the current folder {current} as the workspace root" in capsys.readouterr().err


def test_a_sub_project_with_its_own_steering_folder_is_its_own_workspace(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    sub = repo / "tools" / "shop"
    shutil.copytree(Path(__file__).parents[2] / "examples" / "shop", sub)
    monkeypatch.chdir(sub)
    assert cli.main(["lint-rules", "--json"]) == 1
    paths = {finding["path"] for finding in json.loads(capsys.readouterr().out)}
    assert paths == {"CLAUDE.md"}  # the shop's own drifted copy, relative to the shop
    monkeypatch.chdir(repo)
    assert cli.main(["rules", "tools/shop/src/shop/api/orders.py", "--json"]) == 0
    sources = {rule["source"] for rule in json.loads(capsys.readouterr().out)}
    assert ".github/copilot-instructions.md" in sources  # read as the shop's root file


def test_the_decision_in_one_function(tmp_path: Path) -> None:
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    deep = tmp_path / "repo" / "a" / "b"
    deep.mkdir(parents=True)
    (deep / "m.py").write_text("x = 1\n", encoding="utf-8")
    repo = (tmp_path / "repo").resolve()
    assert decide_root(None, [str(deep / "m.py")], cwd=tmp_path).root == repo
    assert decide_root(None, [], cwd=deep).root == repo
    assert decide_root(str(repo), [str(deep)], cwd=tmp_path).note is None
    with pytest.raises(RootRefused, match="does not exist"):
        decide_root(None, [str(deep / "missing.py")], cwd=deep)
    (tmp_path / "two" / ".hg").mkdir(parents=True)
    with pytest.raises(RootRefused, match="different workspaces"):
        decide_root(None, [str(deep), str(tmp_path / "two")], cwd=tmp_path)


def test_user_wide_rules_in_the_home_folder_make_no_workspace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    (home / ".claude" / "rules").mkdir(parents=True)
    (home / ".git").mkdir()  # a dotfiles repository still counts: it is a repository
    project = home / "src" / "tool"
    (project / ".kiro" / "steering").mkdir(parents=True)
    (project / "pkg").mkdir()
    monkeypatch.setenv("HOME", str(home))
    assert decide_root(None, [], cwd=project / "pkg").root == project.resolve()
    shutil.rmtree(home / ".git")
    shutil.rmtree(project / ".kiro")
    decided = decide_root(None, [], cwd=project / "pkg")
    assert decided.root == (project / "pkg").resolve() and decided.note is not None


def test_a_relative_path_is_read_under_the_given_root_from_elsewhere(
    tmp_path: Path, repo: Path, cache: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    given = str(repo.relative_to(tmp_path).as_posix())  # projects/pyshop
    monkeypatch.chdir(tmp_path)
    assert cli.main(["rules", DRIFTING, "--root", given]) == 0
    assert f"Rules for {DRIFTING}" in capsys.readouterr().out
    assert cli.main(["check", DRIFTING, "--root", given]) == 1
    assert "pricing.py:12" in capsys.readouterr().out
    assert cli.main(["context", f"{DRIFTING}:12", "--task", "x", "--root", given]) == 0
    capsys.readouterr()
    # A path that exists from the current folder keeps its meaning.
    (tmp_path / "shop").mkdir()
    (tmp_path / "shop" / "pricing.py").write_text("x = 1\n", encoding="utf-8")
    assert cli.main(["rules", DRIFTING, "--root", given]) == 2
    assert "is outside the workspace" in capsys.readouterr().err
