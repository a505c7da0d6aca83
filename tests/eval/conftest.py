"""A small shop repository with history and steering, and the fake Messages API."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.fakeapi.fixtures import fake_api

# A documented function with a test that names it: a held-out definition task.
DOCUMENTED = '''\
def parse_settings(text: str) -> dict[str, str]:
    """Settings from KEY=VALUE lines; blank lines and # comments are skipped."""
    found = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            key, _, value = line.partition("=")
            found[key.strip()] = value.strip()
    return found
'''

__all__ = ["fake_api"]

PYSHOP = Path(__file__).resolve().parent.parent / "fixtures" / "conventions" / "pyshop"
AGENTS = """\
# Working on the shop

## Python style

- Functions and variables are snake_case; classes are PascalCase.
- Money is an int of cents, never a float.
- HTTP goes through httpx.
"""


def git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(root), "-c", "user.name=Dev", "-c", "user.email=dev@example.com",
         "-c", "commit.gpgsign=false", *args],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return done.stdout


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    """The pyshop fixture as a git repository: an initial commit, one small one-file change
    (the loyalty cap), then the steering file."""
    root = tmp_path / "shop"
    shutil.copytree(PYSHOP, root)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Start the shop")
    pricing = root / "shop" / "pricing.py"
    pricing.write_text(
        pricing.read_text().replace("min(loyalty_years, 5)", "min(loyalty_years, 10)")
    )
    git(root, "commit", "-qam", "Cap the loyalty discount at ten years")
    (root / "AGENTS.md").write_text(AGENTS)
    git(root, "add", "AGENTS.md")
    git(root, "commit", "-qm", "Write down how we work")
    return root
