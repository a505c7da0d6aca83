"""`steering check --diff REF` and `--staged`: only the files a change added, changed or
renamed are checked, as CI checks a pull request. A name that an older file holds and a
convention made strong since (the vendored header a commit deleted) is not the change's."""

from __future__ import annotations

import argparse
import shutil
import subprocess
from pathlib import Path

from steering_index.cli.conventions import run_check


def _check(root: Path, *paths: str, **options: object) -> argparse.Namespace:
    db = str(root.parent / f"{root.name}.db")
    options.setdefault("no_baseline", True)
    return argparse.Namespace(root=str(root), db=db, paths=list(paths), format="text", **options)


def _git(root: Path, *args: str) -> None:
    who = ["-c", "user.name=Ada", "-c", "user.email=ada@example.org"]
    subprocess.run(["git", "-C", str(root), *who, *args], check=True, capture_output=True)


def _repository(workspace) -> Path:
    root = workspace("pyshop")
    (root / ".git").rmdir()
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "start")
    return root


def _paths(out: str) -> set[str]:
    return {line.split(":", 1)[0] for line in out.splitlines()[:-1]}


def test_only_the_files_changed_since_the_ref_are_checked(workspace, capsys) -> None:
    root = _repository(workspace)
    assert run_check(_check(root)) == 1
    everywhere = _paths(capsys.readouterr().out)
    assert "shop/shipping.py" in everywhere and "shop/catalog.py" not in everywhere
    assert run_check(_check(root, diff="HEAD")) == 0
    assert "no file changed since HEAD; nothing to check" in capsys.readouterr().err
    catalog = root / "shop" / "catalog.py"
    catalog.write_text(catalog.read_text("utf-8") + "\n\ndef listItems(p):\n    return p\n")
    assert run_check(_check(root, diff="HEAD")) == 1
    out = capsys.readouterr().out
    assert _paths(out) == {"shop/catalog.py"} and "`listItems`" in out
    # PATHS narrow the change down; a file renamed is checked under its new name.
    assert run_check(_check(root, str(root / "shop" / "shipping.py"), diff="HEAD")) == 0
    assert "nothing to check" in capsys.readouterr().err
    _git(root, "mv", "shop/shipping.py", "shop/delivery.py")
    assert run_check(_check(root, diff="HEAD")) == 1
    assert _paths(capsys.readouterr().out) == {"shop/catalog.py", "shop/delivery.py"}
    # --staged: what `git add` staged, not the rest of the working tree.
    assert run_check(_check(root, staged=True)) == 1
    assert _paths(capsys.readouterr().out) == {"shop/delivery.py"}


def test_a_bad_ref_a_folder_outside_git_and_both_options_say_what_to_do(
    workspace, tmp_path: Path, capsys
) -> None:
    root = _repository(workspace)
    assert run_check(_check(root, diff="no-such-branch")) == 2
    err = capsys.readouterr().err
    assert "'no-such-branch' is not a commit, branch or tag" in err
    assert run_check(_check(root, diff="HEAD", staged=True)) == 2
    assert "--diff REF and --staged: use one of them" in capsys.readouterr().err
    plain = tmp_path / "plain"
    shutil.copytree(root, plain, ignore=shutil.ignore_patterns(".git"))
    (plain / ".steering").mkdir()  # a workspace root, outside any git repository
    assert run_check(_check(plain, staged=True)) == 2
    assert "cannot find the git repository" in capsys.readouterr().err
