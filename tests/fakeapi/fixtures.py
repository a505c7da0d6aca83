"""pytest fixtures for the fake Messages API; import them into a conftest to use them.

    from tests.fakeapi.fixtures import fake_api, fake_api_process  # noqa: F401

`fake_api` runs the server in the test process (script it with `fake_api.script([...])`);
`fake_api_process` runs `python -m tests.fakeapi` as a child process, for servers and
editors started as separate processes, and yields its base URL.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fakeapi.server import FakeMessagesAPI

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def fake_api() -> Iterator[FakeMessagesAPI]:
    with FakeMessagesAPI() as api:
        yield api


def start_fake_api_process(script: Path | None = None) -> tuple[subprocess.Popen[str], str]:
    """Start the fake API as a process; returns it and its base URL. Terminate it when done."""
    command = [sys.executable, "-m", "tests.fakeapi", "--port", "0"]
    if script is not None:
        command += ["--script", str(script)]
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    line = process.stdout.readline().strip()
    if not line.startswith("listening on "):
        process.kill()
        raise RuntimeError(f"the fake API did not start: {line!r}")
    return process, line.removeprefix("listening on ")


@pytest.fixture
def fake_api_process() -> Iterator[str]:
    process, url = start_fake_api_process()
    try:
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
