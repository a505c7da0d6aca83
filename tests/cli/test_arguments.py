"""What `steering` says about the arguments themselves, before any work is done."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from steering_index import __version__
from steering_index.cli import main as cli
from tests.conventions.conftest import FIXTURES as CONVENTION_FIXTURES
from tests.workspaces import write_tree

PRICING = CONVENTION_FIXTURES / "pyshop" / "shop" / "pricing.py"


def test_version_is_printed_by_the_installed_command() -> None:
    steering = Path(sys.executable).parent / "steering"
    done = subprocess.run([steering, "--version"], capture_output=True, text=True, check=False)
    assert (done.returncode, done.stdout) == (0, f"steering {__version__}\n")


@pytest.mark.parametrize("command", ["context", "ask"])
@pytest.mark.parametrize("task", ["", "   "])
def test_an_empty_task_is_refused(command: str, task: str, capsys) -> None:
    with pytest.raises(SystemExit) as exited:
        cli.main([command, str(PRICING), "--task", task])
    assert exited.value.code == 2
    assert "the task is empty" in capsys.readouterr().err


@pytest.mark.parametrize("suffix", ["abc", "3-", "x-9"])
def test_a_bad_line_range_is_named_as_such(suffix: str, capsys) -> None:
    assert cli.main(["context", f"{PRICING}:{suffix}", "--task", "tidy"]) == 2
    err = capsys.readouterr().err
    assert f"bad line range '{suffix}'" in err and "does not exist" not in err


def test_a_missing_file_is_said_to_be_missing(capsys) -> None:
    assert cli.main(["rules", "no/such/file.py"]) == 2
    assert "no/such/file.py does not exist" in capsys.readouterr().err
    assert cli.main(["context", "no/such/file.py:3", "--task", "tidy"]) == 2
    assert "no/such/file.py does not exist" in capsys.readouterr().err


def test_an_internal_error_is_said_to_be_one_with_its_own_exit_code(tmp_path: Path) -> None:
    # An index whose stored references were damaged (what a bug in writing them once did,
    # rvm's in b7edf03): `steering check` used to end in a bare traceback with exit code 1,
    # which CI reads as "drift found".
    root = write_tree(
        tmp_path / "ws",
        {f"app/part_{i}.py": f"def load_part_{i}(x):\n    return len(x)\n" for i in range(6)},
    )
    db = str(tmp_path / "index.db")
    steering = Path(sys.executable).parent / "steering"
    built = subprocess.run(
        [steering, "index", "--root", str(root), "--db", db, "--quiet"], capture_output=True
    )
    assert built.returncode == 0
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE extracts SET ref_spans = x'0102'")
    done = subprocess.run(
        [steering, "check", "--root", str(root), "--db", db], capture_output=True, text=True
    )
    assert done.returncode == 3
    assert "Traceback" in done.stderr  # kept for the report
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("steering check: internal error (")
    assert "please report it" in last and "`steering index --rebuild`" in last
