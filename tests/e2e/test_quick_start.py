"""The first answers at start do not wait for the whole workspace to be read.

A steering file elsewhere in the workspace is a named pipe that the test holds shut: reading
it waits until the test writes to it, as a file on a slow network mount would. Loading the
whole workspace's rules is held back by it; hover on an open file must still name the rules
of that file, root and nested, and the rest arrives once the pipe is released.
"""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import wait_for

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")

ROOT_AGENTS = """\
# Orders service

## Python style

- Functions and variables are snake_case; classes are PascalCase.
"""

API_AGENTS = """\
# API handlers

## Handler shape

- Every handler takes a request and returns a response; no global state.
"""

VENDOR_AGENTS = """\
# Vendored code

## Leave vendored code alone

- Never edit files under vendor/; update the pinned copy instead.
"""

HANDLERS = '''\
"""Handlers of the orders API."""


def list_orders(request: dict) -> dict:
    """Every order of the customer in `request`."""
    return {"orders": [], "customer": request.get("customer")}
'''

VENDORED = '''\
"""A vendored helper."""


def slugify(text: str) -> str:
    return text.lower().replace(" ", "-")
'''


def write_workspace(root: Path) -> Path:
    """A workspace whose vendor/AGENTS.md is a named pipe (returned): the gate."""
    (root / ".git").mkdir(parents=True)
    (root / "AGENTS.md").write_text(ROOT_AGENTS, encoding="utf-8")
    api = root / "src" / "orders" / "api"
    api.mkdir(parents=True)
    (api / "AGENTS.md").write_text(API_AGENTS, encoding="utf-8")
    (api / "handlers.py").write_text(HANDLERS, encoding="utf-8")
    vendor = root / "vendor"
    vendor.mkdir()
    (vendor / "slug.py").write_text(VENDORED, encoding="utf-8")
    gate = vendor / "AGENTS.md"
    os.mkfifo(gate)
    return gate


def release(gate: Path, text: str) -> bool:
    """Write `text` to the pipe if someone is reading it, then put a plain file with the same
    text in its place (later reads must not wait again). False when nobody reads it yet."""
    try:
        fd = os.open(gate, os.O_WRONLY | os.O_NONBLOCK)
    except OSError as exc:
        if exc.errno == errno.ENXIO:  # no reader has opened it
            return False
        raise
    with open(fd, "w", encoding="utf-8") as pipe:
        pipe.write(text)
    plain = gate.with_name("AGENTS.md.plain")
    plain.write_text(text, encoding="utf-8")
    os.replace(plain, gate)
    return True


def rules_loaded(session: Any) -> bool:
    return any("rules of" in m.message for m in session.client.log_messages)


async def test_hover_names_an_open_files_rules_while_the_workspace_is_still_being_read(
    launch: Any, tmp_path: Path
) -> None:
    root = tmp_path / "orders"
    gate = write_workspace(root)
    session = await launch("visual-studio-code", root=root)
    try:
        uri = session.open("src/orders/api/handlers.py")
        text = await session.hover(uri, session.position(uri, "def list_orders", 5))

        assert text is not None, "no answer while a steering file elsewhere is unread"
        assert "**Python style**" in text and "**Handler shape**" in text
        assert (root / "src/orders/api/AGENTS.md").as_uri() in text
        assert "Leave vendored code alone" not in text
        assert not rules_loaded(session), "the pipe was read: the test's gate did not hold"
    finally:
        # The server's whole load of the rules is waiting on the pipe: let it go on.
        with contextlib.suppress(AssertionError):
            await wait_for(lambda: release(gate, VENDOR_AGENTS), timeout=20)

    await wait_for(lambda: rules_loaded(session))
    vendored = session.open("vendor/slug.py")
    text = await session.hover(vendored, session.position(vendored, "def slugify", 5))
    assert text is not None and "**Leave vendored code alone**" in text
    assert "**Python style**" in text and "Handler shape" not in text
