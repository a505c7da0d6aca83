"""Code actions on findings about a whole file, through the real server: a Go file named in
kebab-case gets "Accept in this file", never "Fix with <model>" (a model edits a range of
text; it cannot rename the file), while drift inside the same file keeps its model fixes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from lsprotocol import types

from steering_index.llm.tiers import Models
from tests.e2e.conftest import PROFILES
from tests.e2e.test_document_symbols import open_file
from tests.workspaces import write_tree

MODELS = Models()


def go_file(name: str) -> str:
    return (
        "package tools\n\n"
        f"func {name}Count(items []string) int {{\n\treturn len(items)\n}}\n\n"
        f"func {name}First(items []string) string {{\n\treturn items[0]\n}}\n"
    )


SNAKE_NAMES = (
    "http_client",
    "tool_list",
    "resource_map",
    "prompt_store",
    "session_cache",
    "auth_token",
    "rate_limit",
    "event_log",
    "json_codec",
    "error_codes",
)
FILES = {
    "go.mod": "module example.com/tools\n\ngo 1.22\n",
    "AGENTS.md": "# Tools\n\nGo files are named in snake_case.\n",
    **{f"tools/{name}.go": go_file(name.replace("_", "")) for name in SNAKE_NAMES},
    "tools/mcp-tools.go": (
        "package tools\n\nfunc list_tools(items []string) []string {\n\treturn items\n}\n"
    ),
}


@pytest.mark.parametrize("profile", PROFILES)
async def test_a_file_name_finding_offers_no_model_edit(
    launch: Any, tmp_path: Path, profile: str
) -> None:
    root = write_tree(tmp_path / "tools-repo", FILES)
    (root / ".git").mkdir()
    session = await launch(profile, root=root)
    uri = open_file(session, "tools/mcp-tools.go")
    await session.open_indexed("tools/mcp-tools.go")

    def found(diagnostics: list[types.Diagnostic]) -> bool:
        codes = {str(d.code) for d in diagnostics}
        return "convention/files.go.naming" in codes and "convention/naming.go.function" in codes

    diagnostics = await session.wait_diagnostics(uri, found)
    (file_name,) = [d for d in diagnostics if d.code == "convention/files.go.naming"]
    assert "rename to `mcp_tools.go`" in file_name.message
    actions = await session.actions(uri, file_name.range, [file_name])
    titles = [a.title for a in actions]
    assert "Accept in this file: add `steering: ignore-file[files.go.naming]`" in titles
    assert not [t for t in titles if t.startswith("Fix with")], titles
    assert not [a for a in actions if a.diagnostics and a.command], titles

    # Drift inside the text, in the same file: a model's range edit can fix that.
    (function,) = [d for d in diagnostics if d.code == "convention/naming.go.function"]
    titles = [a.title for a in await session.actions(uri, function.range, [function])]
    assert f"Fix with {MODELS.small}" in titles
    assert f"Fix with {MODELS.frontier}" in titles


@pytest.mark.parametrize("profile", PROFILES[:1])
async def test_a_finding_the_baseline_records_is_not_a_diagnostic(
    launch: Any, tmp_path: Path, profile: str
) -> None:
    baseline = (
        '{"version": 1, "findings": [{"path": "tools/mcp-tools.go", "convention":'
        ' "convention/files.go.naming", "text": "mcp-tools.go", "count": 1}]}\n'
    )
    root = write_tree(tmp_path / "tools-repo", {**FILES, ".steering/baseline.json": baseline})
    (root / ".git").mkdir()
    session = await launch(profile, root=root)
    uri = open_file(session, "tools/mcp-tools.go")
    await session.open_indexed("tools/mcp-tools.go")

    def found(diagnostics: list[types.Diagnostic]) -> bool:
        return "convention/naming.go.function" in {str(d.code) for d in diagnostics}

    diagnostics = await session.wait_diagnostics(uri, found)
    # The file's name was recorded as kept; the function's drift came after, and shows.
    assert sorted(str(d.code) for d in diagnostics) == ["convention/naming.go.function"]


@pytest.mark.parametrize("profile", PROFILES[:1])
async def test_accepting_the_findings_writes_the_baseline_and_clears_them(
    launch: Any, tmp_path: Path, profile: str
) -> None:
    files = {**FILES, "tools/more.go": "package tools\n\nfunc load_more() int {\n\treturn 1\n}\n"}
    root = write_tree(tmp_path / "tools-repo", files)
    (root / ".git").mkdir()
    session = await launch(profile, root=root)
    uri = open_file(session, "tools/mcp-tools.go")
    await session.open_indexed("tools/mcp-tools.go")
    await session.wait_diagnostics(uri, lambda found: len(found) == 2)
    # This file's findings: recorded, and its diagnostics go.
    answer = await session.execute("steering.acceptFindings", {"uri": uri})
    assert answer["status"] == "recorded", answer
    assert answer["findings"] == 2 and "tools/mcp-tools.go recorded" in answer["message"]
    assert await session.wait_diagnostics(uri, lambda found: not found) == []
    recorded = json.loads((root / ".steering" / "baseline.json").read_text("utf-8"))
    assert {e["path"] for e in recorded["findings"]} == {"tools/mcp-tools.go"}
    # The whole workspace: the other file's finding joins them, with progress.
    answer = await session.execute("steering.acceptFindings", {"uri": uri, "workspace": True})
    assert answer["status"] == "recorded" and answer["findings"] == 3, answer
    assert session.progress("Recording the drift findings")
    # New drift typed afterwards is reported.
    session.client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[
                types.TextDocumentContentChangeWholeDocument(
                    text=FILES["tools/mcp-tools.go"] + "\nfunc count_tools() int {\n\treturn 0\n}\n"
                )
            ],
        )
    )
    found = await session.wait_diagnostics(uri, lambda found: len(found) == 1)
    assert "count_tools" in found[0].message
    # A baseline that cannot be read is left as it is, and the answer says why.
    (root / ".steering" / "baseline.json").write_text("{oops", "utf-8")
    answer = await session.execute("steering.acceptFindings", {"uri": uri})
    assert answer["status"] == "error" and "not JSON" in answer["message"], answer
    assert (root / ".steering" / "baseline.json").read_text("utf-8") == "{oops"
    outside = (tmp_path / "elsewhere.go").as_uri()
    answer = await session.execute("steering.acceptFindings", {"uri": outside})
    assert answer["status"] == "error" and "not inside a workspace folder" in answer["message"]
