"""Every fault of the model API, through the real server: a clear message, nothing applied.

One server serves the whole module, as one editor session would: each fault is followed at
once by a hover and by the next fault, so "the server still answers" is tested by the very
next case too. The fake Messages API speaks real HTTP to the real `anthropic` SDK inside
the server process; the server finds the key in ANTHROPIC_API_KEY, as users set it.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from tests.fakeapi import FakeMessagesAPI
from tests.reliability.conftest import DataLoss, copy_ledger
from tests.reliability.editor import (
    API_KEY,
    Editor,
    api_options,
    close_editor,
    launch_editor,
    tree_digest,
)

RELIABILITY_GROUP = "model API faults"
pytestmark = pytest.mark.asyncio(loop_scope="module")

ENTRIES = "src/ledger/entries.py"
TASK = "add a docstring and type hints to post_entry"
GOOD = (
    "def post_entry(lines: list[EntryLine]) -> Decimal:\n"
    '    """Check that an entry balances and return its total."""\n'
    "    check_balanced(lines)\n"
    "    return entry_total(lines)\n"
)


def error(status: int, error_type: str, **headers: str) -> dict[str, Any]:
    return {"type": "error", "status": status, "error_type": error_type, "headers": headers}


def answer(first: int, last: int, new_text: str = GOOD, **extra: Any) -> dict[str, Any]:
    data = {"first_line": first, "last_line": last, "new_text": new_text, "rule_ids": []}
    return {"input": data, **extra}


class Session:
    """The module's editor, fake API and workspace."""

    def __init__(self, editor: Editor, api: FakeMessagesAPI, root: Path) -> None:
        self.editor = editor
        self.api = api
        self.root = root
        self.uri = editor.open(ENTRIES)
        text = editor.text(self.uri)
        rows = text.splitlines()
        self.first = next(i for i, row in enumerate(rows) if row.startswith("def post_entry"))
        self.last = self.first + 2  # 0-based, inclusive: the function's three lines

    @property
    def target(self) -> tuple[int, int]:
        """The 1-based lines a model may edit."""
        return self.first + 1, self.last + 1


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def session(
    tmp_path_factory: pytest.TempPathFactory, module_api: FakeMessagesAPI
) -> AsyncIterator[Session]:
    base = tmp_path_factory.mktemp("faults")
    root = copy_ledger(base)
    editor = await launch_editor(
        root, base / "cache", api_options(module_api.url), ANTHROPIC_API_KEY=API_KEY
    )
    yield Session(editor, module_api, root)
    await close_editor(editor)


def _faults(first: int, last: int) -> dict[str, tuple[list[dict[str, Any]], str]]:
    """Case -> (the replies the fake API plays, what the user must be told)."""
    outside = answer(first - 2, last)
    cut = f'{{"first_line": {first}, "last_line": {last}, "new_text": "def po'
    truncated = {"input_json": cut}
    return {
        "401 key refused": ([error(401, "authentication_error")], "set the ANTHROPIC_API_KEY"),
        "403 no access": ([error(403, "permission_error")], "check your plan or the steering"),
        "404 unknown model": (
            [error(404, "not_found_error")],
            "model id claude-haiku-5-5 unknown (404): check the steering.models.small setting",
        ),
        "429 retry-after 3600": (
            [error(429, "rate_limit_error", **{"retry-after": "3600"})],
            "rate limited: try again in 3600 s",
        ),
        "500 twice": ([error(500, "api_error")] * 2, "the API failed (500): try again"),
        "529 twice": ([error(529, "overloaded_error")] * 2, "overloaded: try again in a minute"),
        "timeout twice": (
            [answer(first, last, delay_s=4)] * 2,
            "raise the steering.requestTimeoutSeconds setting",
        ),
        "connection reset mid-stream": (
            [answer(first, last, drop_after_events=5)],
            "connection lost mid-answer: nothing was applied",
        ),
        "malformed SSE": (
            [answer(first, last, malformed_after_events=4)],
            "malformed answer: nothing was applied; try again",
        ),
        "error event mid-stream": (
            [answer(first, last, error_after_events=4, stream_error_type="overloaded_error")],
            "overloaded",
        ),
        "truncated tool-call JSON": (
            [truncated, truncated],
            "was cut off or is not valid JSON",
        ),
        "empty answer": ([{"type": "empty"}] * 2, "the model's answer was empty"),
        "text instead of a tool call": (
            [{"type": "text", "text": "Sure! Here is the code."}] * 2,
            "answered in text instead of calling replace_range",
        ),
        "edit outside its range": (
            [outside, outside],
            f"new_text may only replace the target lines {first}-{last}",
        ),
        "cut off at max_tokens": (
            [answer(first, last, stop_reason="max_tokens")],
            "cut off at the output limit",
        ),
    }


CASES = list(_faults(0, 0))


@pytest.mark.parametrize("case", CASES)
async def test_a_fault_applies_nothing_and_says_what_to_do(
    session: Session, case: str, data_loss: DataLoss
) -> None:
    editor, api = session.editor, session.api
    replies, advice = _faults(*session.target)[case]
    api.script(replies)
    before_disk = tree_digest(session.root)
    before_buffer = editor.text(session.uri)
    shown, applied, requests = len(editor.shown()), len(editor.applied), len(api.requests)

    result = await editor.run_action(session.uri, session.first, session.last, TASK)

    message = f"{result['message']} | {' | '.join(editor.shown()[shown:])}"
    lost = int(tree_digest(session.root) != before_disk) + int(
        editor.text(session.uri) != before_buffer
    )
    data_loss.record(lost + len(editor.applied) - applied)
    assert result["status"] in ("error", "rejected"), result
    assert advice in message
    assert any(m.startswith("steering: nothing applied") for m in editor.shown()[shown:])
    assert len(editor.applied) == applied, "a workspace/applyEdit was sent"
    assert lost == 0
    assert api.pending == 0, "retried more or less often than the settings allow"
    if case == "429 retry-after 3600":
        assert len(api.requests) == requests + 1  # an hour is never waited for
    hover = await editor.hover(session.uri, session.first)
    assert hover is not None and "Python style" in json.dumps(
        editor.client.protocol._converter.unstructure(hover)
    )


async def test_a_good_answer_after_the_faults_is_applied_once(
    session: Session, data_loss: DataLoss
) -> None:
    """The control case: the harness does see an applied edit, so "nothing applied" means it."""
    editor, api = session.editor, session.api
    api.script([answer(*session.target)])
    result = await editor.run_action(session.uri, session.first, session.last, TASK)
    assert result["status"] == "applied", result
    assert len(editor.applied) == 1
    text = editor.text(session.uri)
    data_loss.record(0 if GOOD in text and "def check_balanced" in text else 1)
    assert GOOD in text
    assert text.count("def ") == (session.root / ENTRIES).read_text().count("def ")
    assert api.requests[-1].headers["authorization"] == f"Bearer {API_KEY}"
