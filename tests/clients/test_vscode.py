"""The VS Code extension's own checks, run from the Python suite: `npm run test:unit`
(pure modules, activation with the editor API stubbed), `npm run test:e2e` (the real
server over stdio through vscode-languageserver-protocol) and `npm run package` (vsce).

`npm test` runs both test groups; they are split here so a failure names its side.
Without npm the tests skip, except under CI, where they fail.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

EXTENSION = Path(__file__).resolve().parents[2] / "clients" / "vscode"
VSIX = EXTENSION / "steering.vsix"


def npm_or_skip() -> str:
    npm = shutil.which("npm")
    if npm is None:
        if os.environ.get("CI"):
            pytest.fail("npm is missing and CI must build the VS Code extension: install Node 20")
        pytest.skip("npm is not installed")
    return npm


def npm(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    command = [npm_or_skip(), *args]
    if not (EXTENSION / "node_modules").is_dir():
        installed = subprocess.run(
            [command[0], "ci", "--no-audit", "--no-fund"],
            cwd=EXTENSION,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert installed.returncode == 0, installed.stdout + installed.stderr
    return subprocess.run(
        command,
        cwd=EXTENSION,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=240,
    )


def test_unit_tests_pass_and_vsce_packages_a_vsix() -> None:
    unit = npm("run", "test:unit")
    assert unit.returncode == 0, unit.stdout[-4000:] + unit.stderr[-2000:]
    assert "# fail 0" in unit.stdout

    VSIX.unlink(missing_ok=True)
    packaged = npm("run", "package")
    assert packaged.returncode == 0, packaged.stdout[-4000:] + packaged.stderr[-2000:]
    assert VSIX.is_file() and VSIX.stat().st_size > 10_000


def test_end_to_end_against_the_real_server() -> None:
    e2e = npm("run", "test:e2e", env={"STEERING_PYTHON": sys.executable})
    assert e2e.returncode == 0, e2e.stdout[-6000:] + e2e.stderr[-2000:]
    assert "# fail 0" in e2e.stdout
