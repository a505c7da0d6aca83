"""The VS Code extension in a real VS Code: code-server (VS Code 1.139 in the browser) driven
by headless Chromium, on a copy of examples/shop, with the real server and the fake Messages
API. The steps and their assertions live in clients/vscode/test/browser/ (node's test runner
and puppeteer-core); this test builds the .vsix, runs them and reports what they saw.

code-server is installed by `.ci/install-code-server` (cached under the user's cache
directory) or named by STEERING_CODE_SERVER. Without it or without chromium the test skips
and says how to install them, except under CI, where it fails.

Screenshots go to a temporary folder, or to STEERING_SCREENSHOTS: running this test with
STEERING_SCREENSHOTS=clients/vscode/images regenerates the README's (clients/vscode/README.md).
Those of a failed step go to `failures/` in the test's temporary folder.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
EXTENSION = REPO / "clients" / "vscode"
BROWSER_TESTS = EXTENSION / "test" / "browser"
CODE_SERVER_VERSION = "4.139.1"
INSTALL = ".ci/install-code-server"


def cached_code_server() -> Path:
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache / "steering-ci" / f"code-server-{CODE_SERVER_VERSION}" / "bin" / "code-server"


def code_server_or_skip() -> Path:
    named = os.environ.get("STEERING_CODE_SERVER")
    found = Path(named) if named else cached_code_server()
    chromium = shutil.which("chromium")
    missing = []
    if not (found.is_file() and os.access(found, os.X_OK)):
        missing.append(f"code-server {CODE_SERVER_VERSION} (looked for {found})")
    if chromium is None:
        missing.append("chromium")
    if missing:
        message = f"{' and '.join(missing)} not installed: run {INSTALL}"
        if os.environ.get("CI"):
            pytest.fail(f"the VS Code browser tests must run in CI, but {message}")
        pytest.skip(message)
    return found


def run(command: list[str], cwd: Path, env: dict[str, str], timeout: float) -> str:
    done = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, f"{' '.join(command)} failed:\n{output[-8000:]}"
    return output


def test_the_extension_in_a_real_vscode(tmp_path: Path) -> None:
    code_server = code_server_or_skip()
    # code-server's own Node (24, beside it from the install script) runs the browser tests.
    node_bin = code_server.resolve().parent
    env = {**os.environ, "PATH": f"{node_bin}{os.pathsep}{os.environ.get('PATH', '')}"}
    node = shutil.which("node", path=env["PATH"])
    assert node is not None, "node is missing: it runs the browser tests"
    npm = shutil.which("npm", path=env["PATH"])
    assert npm is not None, "npm is missing: it builds the extension"
    run([npm, "run", "package"], EXTENSION, env, timeout=300)
    if not (BROWSER_TESTS / "node_modules" / "puppeteer-core").is_dir():
        run([npm, "ci", "--no-audit", "--no-fund"], BROWSER_TESTS, env, timeout=300)

    screenshots = Path(os.environ.get("STEERING_SCREENSHOTS") or tmp_path / "screenshots")
    suite = subprocess.run(
        [node, "--test", "--test-concurrency=1", "--test-reporter=tap", "extension.test.mjs"],
        cwd=BROWSER_TESTS,
        env={
            **env,
            "STEERING_CODE_SERVER": str(code_server),
            "STEERING_CHROMIUM": shutil.which("chromium") or "chromium",
            "STEERING_VSIX": str(EXTENSION / "steering.vsix"),
            # steering-lsp is found on the PATH of the code-server process, as after
            # `pipx install`; the fake Messages API runs on this interpreter.
            "STEERING_SERVER_BIN": str(Path(sys.executable).parent),
            "STEERING_PYTHON": sys.executable,
            "STEERING_REPO": str(REPO),
            "STEERING_WORK": str(tmp_path),
            "STEERING_SCREENSHOTS": str(screenshots.resolve()),
        },
        capture_output=True,
        text=True,
        timeout=1200,
    )
    report = suite.stdout[-12000:] + suite.stderr[-4000:]
    assert suite.returncode == 0, report
    assert "# fail 0" in suite.stdout, report
    assert "# skipped 0" in suite.stdout, report
