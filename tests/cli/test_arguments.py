"""What `steering` says about the arguments themselves, before any work is done."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from steering_index import __version__
from steering_index.cli import main as cli
from tests.conventions.conftest import FIXTURES as CONVENTION_FIXTURES

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
