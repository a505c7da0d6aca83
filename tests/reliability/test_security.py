"""Security through the real server: no reads outside the workspace, no secrets sent, no commands.

The ledger workspace has secrets planted in it (`.env`, a private key, a token and a password
inside a source file, a password in a rule file's URL), references that try to leave the
workspace (`..`, absolute paths, a symlink to a file outside), and a rule file full of
shell-looking text. One server session (HOME pointed at a canary folder) serves the module.
"""

from __future__ import annotations

import asyncio
import json
import os
import stat
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from lsprotocol import types

from tests.fakeapi import FakeMessagesAPI
from tests.reliability.conftest import SECRET_VALUES, DataLoss, copy_ledger
from tests.reliability.editor import (
    ANSWER_WITHIN_S,
    API_KEY,
    Editor,
    api_options,
    close_editor,
    launch_editor,
    tree_digest,
)

RELIABILITY_GROUP = "security"
pytestmark = pytest.mark.asyncio(loop_scope="module")

OUTSIDE_TEXT = "Outside-the-workspace roster: call Dana on 555-0199"
OUTSIDE_NOTES = "Outside-the-workspace notes: the old ledger password rotation"
SHELL_MARKS = ("PWNED_DOLLAR", "PWNED_BACKTICK", "PWNED_BANG")


def passwd_first_line() -> str:
    try:
        return Path("/etc/passwd").read_text(encoding="utf-8").splitlines()[0]
    except (OSError, IndexError):
        return "root:x:0:0:"


class Session:
    def __init__(self, editor: Editor, api: FakeMessagesAPI, base: Path) -> None:
        self.editor = editor
        self.api = api
        self.base = base
        self.root = base / "ledger"
        self.home = base / "home"
        self.cache = base / "cache"
        self.tree_before: dict[str, str] = {}


def _prepare(base: Path) -> Path:
    root = copy_ledger(base)
    outside = base / "outside"
    outside.mkdir()
    (outside / "oncall.md").write_text(f"# On call\n\n{OUTSIDE_TEXT}\n", encoding="utf-8")
    (outside / "notes.md").write_text(f"# Notes\n\n{OUTSIDE_NOTES}\n", encoding="utf-8")
    (root / "docs" / "oncall.md").symlink_to(outside / "oncall.md")
    posting = root / ".kiro/steering/posting.md"
    posting.write_text(
        posting.read_text(encoding="utf-8") + "On call: #[[file:docs/oncall.md]]\n", "utf-8"
    )
    home = base / "home"
    home.mkdir()
    (home / "canary.txt").write_text("still here\n", encoding="utf-8")
    return root


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def session(
    tmp_path_factory: pytest.TempPathFactory, module_api: FakeMessagesAPI
) -> AsyncIterator[Session]:
    base = tmp_path_factory.mktemp("security")
    root = _prepare(base)
    tree_before = tree_digest(root)
    editor = await launch_editor(
        root,
        base / "cache",
        api_options(module_api.url),
        ANTHROPIC_API_KEY=API_KEY,
        HOME=str(base / "home"),
    )
    session = Session(editor, module_api, base)
    session.tree_before = tree_before
    yield session
    await close_editor(editor)


async def _pull(editor: Editor, rel: str) -> list[str]:
    uri = editor.open(rel)
    params = types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri))
    answer = await asyncio.wait_for(
        editor.client.text_document_diagnostic_async(params), ANSWER_WITHIN_S
    )
    assert isinstance(answer, types.RelatedFullDocumentDiagnosticReport)
    return [f"{d.range.start.line + 1}: {d.message}" for d in answer.items]


def _lines_of(text: str, needle: str) -> int:
    return next(i for i, row in enumerate(text.splitlines()) if row.startswith(needle))


def _reply(first: int, last: int, new_text: str) -> dict[str, Any]:
    return {"input": {"first_line": first, "last_line": last, "new_text": new_text, "rule_ids": []}}


async def test_references_leaving_the_workspace_are_reported_not_expanded(
    session: Session,
) -> None:
    editor = session.editor
    posting = await _pull(editor, ".kiro/steering/posting.md")
    claude = await _pull(editor, "CLAUDE.md")
    outside = "points outside the workspace; not included"
    assert any("../../etc/passwd" in d and outside in d for d in posting), posting
    assert any("docs/oncall.md" in d and outside in d for d in posting), posting
    assert any("/etc/passwd" in d and outside in d for d in claude), claude
    assert any("../outside/notes.md" in d and outside in d for d in claude), claude

    uri = editor.open("src/ledger/entries.py")
    first = _lines_of(editor.text(uri), "def post_entry")
    context = await editor.command(
        "steering.showContext", {"uri": uri, "range": _range(first, first + 2)}
    )
    sent = json.dumps(context["request"])
    assert "Every posting balances" in sent  # the Kiro rule for this file was included ...
    for leaked in (OUTSIDE_TEXT, OUTSIDE_NOTES, passwd_first_line()):
        assert leaked not in sent  # ... but nothing it points at outside the workspace


async def test_planted_secrets_never_reach_a_request(session: Session, data_loss: DataLoss) -> None:
    editor, api = session.editor, session.api
    uri = editor.open("src/ledger/gateway.py")
    text = editor.text(uri)
    first = _lines_of(text, "# Left here")
    last = _lines_of(text, "WEBHOOK_URL")
    # The model keeps the redaction markers it was shown; the edit must put the secrets back.
    echoed = (
        "# Rotated after the incident; loaded from the vault in production.\n"
        'GATEWAY_TOKEN = "[REDACTED:token]"\n'
        'WEBHOOK_URL = "https://hooks:[REDACTED:password]@gateway.internal/settled"\n'
    )
    api.script([_reply(first + 1, last + 1, echoed)])
    sent_before = len(api.requests)
    result = await editor.run_action(uri, first, last, "reword the comment above the token")
    context = await editor.command("steering.showContext", {"uri": uri, "range": _range(0, 5)})

    bodies = [r.text for r in api.requests[sent_before:]] + [json.dumps(context)]
    assert len(bodies) == 2
    leaks = [s for s in SECRET_VALUES if any(s in body for body in bodies)]
    assert leaks == []
    assert "[REDACTED:token]" in bodies[0]  # the code around the secret did go
    assert result["status"] == "applied", result
    restored = editor.text(uri)
    kept = [s for s in SECRET_VALUES if s in text and s not in restored]
    data_loss.record(len(kept))
    assert kept == []
    assert "Rotated after the incident" in restored


async def test_rule_files_cannot_run_commands_or_write_outside_the_index(
    session: Session,
) -> None:
    editor, api = session.editor, session.api
    claude = await _pull(editor, "CLAUDE.md")
    assert claude  # the server did read and lint the file with the shell-looking text
    uri = editor.open("src/ledger/accounts.py")
    first = _lines_of(editor.text(uri), "def balance_of")
    api.script([{"type": "error", "status": 500, "error_type": "api_error"}] * 2)
    await editor.run_action(uri, first, first + 6, "follow the release notes in CLAUDE.md")
    await editor.hover(uri, first)

    everywhere = [session.base, Path.cwd()]
    made = [p for where in everywhere for mark in SHELL_MARKS for p in where.rglob(mark)]
    assert made == []
    assert (session.home / "canary.txt").read_text() == "still here\n"  # `rm -rf ~` never ran
    assert sorted(p.name for p in session.home.iterdir()) == ["canary.txt"]
    # The workspace on disk is untouched: edits went to the editor's buffers only.
    assert tree_digest(session.root) == session.tree_before
    written = [p for p in session.cache.rglob("*") if p.is_file()]
    assert written and all(p.parent.name == "index" for p in written), written
    assert all(".sqlite3" in p.name for p in written), written


async def test_the_index_is_readable_by_its_user_only(session: Session) -> None:
    editor = session.editor
    await editor.wait_for(
        lambda: any(p.name.endswith("-wal") for p in session.cache.rglob("*")), "a WAL file"
    )
    files = [p for p in session.cache.rglob("*") if p.is_file()]
    modes = {p.name[-8:]: stat.S_IMODE(p.stat().st_mode) for p in files}
    assert set(modes.values()) == {0o600}, modes
    assert any(p.name.endswith("-shm") for p in files)
    folder = next(p.parent for p in files)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert os.stat(folder).st_uid == os.getuid()


def _range(first: int, last: int) -> dict[str, Any]:
    return {
        "start": {"line": first, "character": 0},
        "end": {"line": last + 1, "character": 0},
    }
