"""Listing code actions on a real indexed workspace, without a client: the rename fix carries
its edit, or leaves it to codeAction/resolve for clients that resolve edits, and both give
the same edit; the accept-here comment lands at the end of the finding's line."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from lsprotocol import types

from server.app import DocumentSnapshot
from server.convert import line_index
from server.features.code_actions import ActionSettings, RenameData, list_actions, rename_edit
from server.features.diagnostics import to_diagnostic
from steering_index.session import EngineSettings, Models, Session
from tests.workspaces import write_tree

DRIFT = "def computeTotal(x):\n    return x + 1\n\n\ndef report(x):\n    return computeTotal(x)\n"


def _module(i: int) -> str:
    return "".join(f"def compute_part_{i}_{k}(x):\n    return x + {k}\n\n\n" for k in range(4))


@pytest.fixture
def document(tmp_path: Path) -> Iterator[DocumentSnapshot]:
    files: dict[str, str | bytes] = {f"app/part_{i}.py": _module(i) for i in range(6)}
    files["app/drift.py"] = DRIFT
    root = write_tree(tmp_path / "ws", files)
    settings = EngineSettings(index_path=str(tmp_path / "index.db"))
    session = Session(root, lambda: settings)
    session.build_index(None)
    session.update_buffer("app/drift.py", 3, DRIFT)
    yield DocumentSnapshot(session, "file:///ws/app/drift.py", "app/drift.py", 3, DRIFT, "utf-16")
    session.close()


def _listed(document: DocumentSnapshot, resolve_edits: bool) -> list[types.CodeAction]:
    session = document.session
    index = line_index(document.text, document.encoding)
    [finding] = [f for f in session.findings_for(document.path) if "computeTotal" in f.message]
    diag = to_diagnostic(finding, session.root, index, "information")
    settings = ActionSettings(Models(), "AI!", resolve_edits)
    return list_actions(document, diag.range, [diag], settings)


def test_the_rename_is_listed_with_its_edit_or_left_to_resolve(document: DocumentSnapshot) -> None:
    [eager] = [a for a in _listed(document, False) if a.title.startswith("Rename")]
    [lazy] = [a for a in _listed(document, True) if a.title.startswith("Rename")]
    assert eager.edit is not None and lazy.edit is None
    assert (
        eager.title == lazy.title == "Rename `computeTotal` to `compute_total` (project convention)"
    )
    assert isinstance(lazy.data, dict)
    resolved = rename_edit(document, RenameData(**lazy.data["rename"]))
    assert resolved == eager.edit
    [change] = resolved.document_changes or []
    assert isinstance(change, types.TextDocumentEdit) and change.text_document.version == 3
    assert [e.new_text for e in change.edits] == ["compute_total", "compute_total"]


def test_accept_here_appends_the_comment_to_the_findings_line(document: DocumentSnapshot) -> None:
    [accept] = [a for a in _listed(document, False) if a.title.startswith("Accept here")]
    assert accept.edit is not None
    [change] = accept.edit.document_changes or []
    assert isinstance(change, types.TextDocumentEdit)
    [insert] = change.edits
    end = len("def computeTotal(x):")
    assert insert.range.start == types.Position(line=0, character=end)
    assert insert.new_text == "  # steering: ignore[naming.python.function]"


def test_the_rename_comes_from_the_findings_of_the_text_not_from_the_diagnostic(
    document: DocumentSnapshot,
) -> None:
    # Clients need not send a diagnostic's `data` back: the rename is worked out again from
    # the text the action is asked about.
    session = document.session
    index = line_index(document.text, document.encoding)
    [finding] = [f for f in session.findings_for(document.path) if "computeTotal" in f.message]
    diag = to_diagnostic(finding, session.root, index, "information")
    diag.data = {"replacement": "something_else"}
    settings = ActionSettings(Models(), "AI!", False)
    titles = [a.title for a in list_actions(document, diag.range, [diag], settings)]
    assert "Rename `computeTotal` to `compute_total` (project convention)" in titles
    # Once the name conforms, a diagnostic the client still holds offers no rename.
    fixed = DRIFT.replace("computeTotal", "compute_total")
    session.update_buffer(document.path, 4, fixed)
    now = DocumentSnapshot(session, document.uri, document.path, 4, fixed, "utf-16")
    titles = [a.title for a in list_actions(now, diag.range, [diag], settings)]
    assert not [t for t in titles if t.startswith("Rename")]


def test_accept_here_writes_the_files_own_comment(tmp_path: Path) -> None:
    # Ruby and Bash comments start with `#`: a `//` appended to the line would be code.
    def module(i: int) -> str:
        return "".join(f"def compute_part_{i}_{k}(x)\n  x + {k}\nend\n\n" for k in range(4))

    files: dict[str, str | bytes] = {f"lib/part_{i}.rb": module(i) for i in range(6)}
    text = "def computeTotal(x)\n  x + 1\nend\n"
    files["lib/drift.rb"] = text
    root = write_tree(tmp_path / "ws", files)
    session = Session(root, lambda: EngineSettings(index_path=str(tmp_path / "index.db")))
    try:
        session.build_index(None)
        session.update_buffer("lib/drift.rb", 1, text)
        document = DocumentSnapshot(
            session, "file:///ws/lib/drift.rb", "lib/drift.rb", 1, text, "utf-16"
        )
        [finding] = [f for f in session.findings_for(document.path) if "computeTotal" in f.message]
        diag = to_diagnostic(finding, session.root, line_index(text, "utf-16"), "information")
        actions = list_actions(document, diag.range, [diag], ActionSettings(Models(), "AI!", False))
        [accept] = [a for a in actions if a.title.startswith("Accept here")]
        assert accept.edit is not None
        [change] = accept.edit.document_changes or []
        assert isinstance(change, types.TextDocumentEdit)
        assert [e.new_text for e in change.edits] == ["  # steering: ignore[naming.ruby.function]"]
    finally:
        session.close()
