"""Editing with the real server, under the VS Code and Neovim profiles: hover, diagnostics,
buffers, code-action listing, file watching and bad requests. No model key is configured
here: listing actions and previewing the context must work without one.

One server per profile serves the whole module; each test edits its own file, or puts the
file back the way it found it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.uris import to_fs_path

from steering_index.llm.tiers import Models
from tests.e2e.conftest import Session, wait_for

pytestmark = pytest.mark.asyncio(loop_scope="module")

PRICING = "src/shop/pricing.py"
SHIPPING = "src/shop/shipping.py"
INVENTORY = "src/shop/inventory.py"
NAMING = "convention/naming.python.function"
MODELS = Models()


def whole_line(line: int) -> types.Range:
    return types.Range(
        start=types.Position(line=line, character=0), end=types.Position(line=line + 1, character=0)
    )


def cursor(position: types.Position) -> types.Range:
    return types.Range(start=position, end=position)


def named(diagnostics: list[types.Diagnostic], name: str) -> list[types.Diagnostic]:
    return [d for d in diagnostics if d.code == NAMING and f"`{name}`" in d.message]


async def open_with_conventions(session: Session, rel: str) -> str:
    """Open `rel` once the index has inferred conventions (the drift in pricing.py shows)."""
    uri = await session.open_indexed(rel)
    pricing = await session.open_indexed(PRICING)
    await session.wait_diagnostics(pricing, lambda found: bool(named(found, "computeDiscount")))
    return uri


def line_of(path: Path, number: int) -> str:
    return path.read_text(encoding="utf-8").splitlines()[number - 1]


# --- hover --------------------------------------------------------------------------------


async def test_hover_in_code_shows_rules_conventions_and_findings(shared: Session) -> None:
    uri = await open_with_conventions(shared, PRICING)
    text = await shared.hover(uri, shared.position(uri, "def computeDiscount", 5))
    assert text is not None
    # The rule: title, an excerpt, why it applies, and a link to its heading line.
    assert "**Python style**" in text
    assert "snake_case for functions and variables" in text
    assert "nearest AGENTS.md" in text
    link = re.search(
        r"\[AGENTS\.md:(\d+)\]\((file://[^)#]+)#L(\d+)\)", text.split("Python style")[1]
    )
    assert link is not None, text
    assert link.group(1) == link.group(3)
    assert line_of(Path(to_fs_path(link.group(2)) or ""), int(link.group(3))) == "## Python style"
    # The convention for this identifier, its evidence, and the verdict on this code.
    assert "`computeDiscount` **does not conform**" in text
    assert re.search(r"snake_case: \d+ of \d+ functions", text)
    assert f"(`{NAMING}`)" in text.split("**Findings here**")[1]

    conforming = await shared.hover(uri, shared.position(uri, "def cart_subtotal", 5))
    assert conforming is not None
    assert "`cart_subtotal` conforms" in conforming
    assert "**Findings here**" not in conforming


async def test_hover_leads_with_the_identifier_and_ends_with_the_files_rules(
    shared: Session,
) -> None:
    uri = await open_with_conventions(shared, PRICING)
    text = await shared.hover(uri, shared.position(uri, "def computeDiscount", 5))
    assert text is not None
    first_line = text.splitlines()[0]
    assert first_line == "**Conventions**", text
    order = [
        text.index("`computeDiscount` **does not conform**"),
        text.index("**Findings here**"),
        text.index("**Steering rules for this file**"),
        text.index("**Python style**"),
    ]
    assert order == sorted(order), text
    # Sections are paragraphs of their own, not continuations of the list above them.
    assert "\n\n---\n\n**Steering rules for this file**" in text

    # Where nothing is about the spot (a blank line), the file's rules are all there is.
    blank = next(i for i, line in enumerate(shared.texts[uri].splitlines()) if not line.strip())
    rules_only = await shared.hover(uri, types.Position(line=blank, character=0))
    assert rules_only is not None and rules_only.startswith("**Steering rules for this file**")


async def test_hover_on_a_nested_rule_lists_the_files_it_governs(shared: Session) -> None:
    uri = shared.open("src/shop/api/AGENTS.md")
    await open_with_conventions(shared, PRICING)  # the index is complete by then
    text = await shared.hover(uri, shared.position(uri, "## Handler shape", 4))
    assert text is not None
    assert "**Handler shape**" in text
    found = re.search(r"Applies to (\d+) indexed files: (.*)", text)
    assert found is not None, text
    examples = re.findall(r"`([^`]+)`", found.group(2))
    assert 0 < len(examples) <= int(found.group(1))
    for example in examples:
        assert example.startswith("src/shop/api/") or example.startswith("tests/"), example
        assert (shared.root / example).is_file()


async def test_drifted_claude_md_is_a_lint_finding(shared: Session) -> None:
    uri = shared.open("CLAUDE.md")
    diagnostics = await shared.wait_diagnostics(uri, bool)
    (drift,) = [d for d in diagnostics if d.code == "rules/drifted-copy"]
    assert drift.source == "steering-rules"
    assert "AGENTS.md" in drift.message
    # It points at the line that differs, and at the original's line.
    assert "Run the Python tests" in shared.texts[uri].splitlines()[drift.range.start.line]
    (related,) = drift.related_information or []
    original = Path(to_fs_path(related.location.uri) or "")
    assert original == shared.root / "AGENTS.md"
    assert "Run both test suites" in line_of(original, related.location.range.start.line + 1)

    text = await shared.hover(uri, types.Position(line=drift.range.start.line, character=3))
    assert text is not None
    assert "has drifted" in text and "`rules/drifted-copy`" in text


# --- documents and diagnostics ------------------------------------------------------------


async def test_drift_typed_into_a_buffer_is_reported_then_cleared(shared: Session) -> None:
    uri = await open_with_conventions(shared, SHIPPING)
    original = shared.texts[uri]
    shared.change(uri, original + "\n\ndef labelText(order_id: int) -> str:\n    return ''\n")
    found = await shared.wait_diagnostics(uri, lambda d: bool(named(d, "labelText")))
    (diagnostic,) = named(found, "labelText")
    assert diagnostic.source == "steering-conventions"
    assert diagnostic.severity == types.DiagnosticSeverity.Information
    assert "label_text" in diagnostic.message
    assert diagnostic.range.start.line == len(original.splitlines()) + 2
    # The applying rules that spell the convention out are linked, at their heading lines.
    related = diagnostic.related_information or []
    rules = {Path(to_fs_path(r.location.uri) or "").name: r for r in related}
    assert set(rules) == {"AGENTS.md", "CLAUDE.md"}, [r.message for r in related]
    style = rules["AGENTS.md"]
    assert "“Python style”" in style.message
    assert line_of(shared.root / "AGENTS.md", style.location.range.start.line + 1) == (
        "## Python style"
    )

    shared.change(uri, original)
    await shared.wait_diagnostics(uri, lambda d: not named(d, "labelText"))


async def test_a_burst_of_changes_ends_with_the_last_text(shared: Session) -> None:
    uri = await open_with_conventions(shared, INVENTORY)
    original = shared.texts[uri]
    for number in range(300):
        shared.change(uri, original + f"\n\ndef draftName{number}() -> None:\n    pass\n")
    final = original + "\n\ndef finalName() -> None:\n    pass\n"
    shared.change(uri, final)
    found = await shared.wait_diagnostics(uri, lambda d: bool(named(d, "finalName")))
    assert not [d for d in found if "draftName" in d.message]
    # The server still answers at once, from the last text.
    text = await shared.hover(uri, shared.position(uri, "def finalName", 5))
    assert text is not None and "`finalName` **does not conform**" in text
    shared.change(uri, original)
    await shared.wait_diagnostics(uri, lambda d: not named(d, "finalName"))


# --- code actions -------------------------------------------------------------------------


async def test_model_actions_on_a_drift_diagnostic(shared: Session) -> None:
    uri = await open_with_conventions(shared, PRICING)
    (drift,) = named(await shared.diagnostics(uri), "computeDiscount")
    actions = await shared.actions(uri, drift.range, [drift])
    titles = [a.title for a in actions]
    assert f"Fix with {MODELS.small}" in titles
    assert f"Fix with {MODELS.frontier}" in titles
    # api/cart.py imports computeDiscount: renaming it in this file alone would break that.
    assert not [t for t in titles if t.startswith("Rename")]
    fix = next(a for a in actions if a.title == f"Fix with {MODELS.small}")
    assert list(fix.diagnostics or ()) == [drift]


async def test_safe_rename_quick_fix_renames_definition_and_uses(shared: Session) -> None:
    uri = await open_with_conventions(shared, SHIPPING)
    original = shared.texts[uri]
    helper = (
        "\n\ndef parcelCount(weight_grams: int) -> int:\n"
        '    """How many parcels an order ships in."""\n'
        "    return weight_grams // 20_000 + 1\n\n\n"
        "def parcels_label(weight_grams: int) -> str:\n"
        '    """The parcel count as printed on the label."""\n'
        '    return f"{parcelCount(weight_grams)} parcel(s)"\n'
    )
    version = shared.change(uri, original + helper)
    found = await shared.wait_diagnostics(uri, lambda d: bool(named(d, "parcelCount")))
    (drift,) = named(found, "parcelCount")
    actions = await shared.actions(uri, drift.range, [drift])
    (listed,) = [a for a in actions if a.title.startswith("Rename")]
    # Clients that resolve edits get the rename's edit from codeAction/resolve.
    assert (listed.edit is None) == shared.resolves_action_edits
    rename = await shared.resolved(listed)
    assert rename.kind == types.CodeActionKind.QuickFix
    assert rename.title == "Rename `parcelCount` to `parcel_count` (project convention)"
    assert rename.edit is not None and rename.edit.document_changes
    assert rename.edit.document_changes[0].text_document.version == version
    renamed = shared.apply(rename.edit)
    assert "parcelCount" not in renamed
    assert renamed.count("parcel_count(") == 2
    await shared.wait_diagnostics(uri, lambda d: not named(d, "parcel_count"))
    shared.change(uri, original)


async def test_accepting_drift_here_adds_an_ignore_comment_that_clears_it(
    shared: Session,
) -> None:
    uri = await open_with_conventions(shared, INVENTORY)
    original = shared.texts[uri]
    added = "\n\ndef stockLevel(sku: str) -> int:\n    return 0\n"
    version = shared.change(uri, original + added)
    found = await shared.wait_diagnostics(uri, lambda d: bool(named(d, "stockLevel")))
    (drift,) = named(found, "stockLevel")
    actions = await shared.actions(uri, drift.range, [drift])
    (accept,) = [a for a in actions if a.title.startswith("Accept")]
    assert accept.title == "Accept here: add `steering: ignore[naming.python.function]`"
    assert accept.kind == types.CodeActionKind.QuickFix
    assert accept.edit is not None and accept.edit.document_changes
    assert accept.edit.document_changes[0].text_document.version == version
    accepted = shared.apply(accept.edit)
    assert accepted == original + added.replace(
        "-> int:\n", "-> int:  # steering: ignore[naming.python.function]\n"
    )
    await shared.wait_diagnostics(uri, lambda d: not named(d, "stockLevel"))
    # Already silenced: not offered again (even for the stale diagnostic).
    again = await shared.actions(uri, drift.range, [drift])
    assert not [a for a in again if a.title.startswith("Accept")]
    shared.change(uri, original)
    await shared.wait_diagnostics(uri, lambda d: not named(d, "stockLevel"))


async def test_rewrite_is_offered_for_a_selection_only(shared: Session) -> None:
    uri = await open_with_conventions(shared, PRICING)
    start = shared.position(uri, "def cart_total")
    selection = types.Range(start=start, end=types.Position(line=start.line + 3, character=0))
    titles = [a.title for a in await shared.actions(uri, selection)]
    rewrite = "Rewrite the selection following the project's rules"
    assert f"{rewrite} with {MODELS.small}" in titles
    assert f"{rewrite} with {MODELS.frontier}" in titles
    assert "Show the context that would be sent (no model call)" in titles
    at_cursor = [a.title for a in await shared.actions(uri, cursor(start))]
    assert not [t for t in at_cursor if t.startswith(rewrite)]


async def test_instruction_comment_offers_implement(shared: Session) -> None:
    uri = await open_with_conventions(shared, "src/shop/payments.py")
    original = shared.texts[uri]
    comment = "# refund a charge through ServiceClient, with the default timeout AI!"
    shared.change(uri, original + "\n\n" + comment + "\n")
    line = len(original.splitlines()) + 2  # after one blank line

    async def offered() -> list[types.CodeAction]:
        actions = await shared.actions(uri, cursor(types.Position(line=line, character=3)))
        return [a for a in actions if a.title.startswith("Implement this instruction: refund")]

    actions = await wait_for(offered)
    assert [a.title.rsplit(" with ", 1)[1] for a in actions] == [MODELS.small, MODELS.frontier]
    for action in actions:
        assert action.command is not None and action.command.arguments
        (argument,) = action.command.arguments
        assert argument["task"] == "refund a charge through ServiceClient, with the default timeout"
        assert argument["range"]["start"]["line"] == line
    # Not from the blank line above it.
    assert await _no_instruction(shared, uri, line - 1)
    # Without the marker it is an ordinary comment.
    shared.change(uri, original + "\n\n# refund a charge through ServiceClient\n")
    await wait_for(lambda: _no_instruction(shared, uri, line))
    shared.change(uri, original)


async def _no_instruction(session: Session, uri: str, line: int) -> bool:
    actions = await session.actions(uri, cursor(types.Position(line=line, character=3)))
    return not [a for a in actions if a.title.startswith("Implement this instruction")]


async def test_show_context_works_without_a_key(shared: Session) -> None:
    uri = await open_with_conventions(shared, PRICING)
    start = shared.position(uri, "def cart_total")
    actions = await shared.actions(uri, cursor(start))
    (show,) = [a for a in actions if a.title.startswith("Show the context")]
    result = await shared.run(show)
    assert result["tokens"] > 0
    assert "def cart_total" in result["markdown"]
    assert "snake_case for functions and variables" in result["markdown"]
    assert result["request"]

    # Model actions, with no key anywhere, explain how to configure one and change nothing.
    selection = types.Range(start=start, end=types.Position(line=start.line + 3, character=0))
    rewrite = next(
        a for a in await shared.actions(uri, selection) if a.title.endswith(MODELS.small)
    )
    answer = await shared.run(rewrite)
    assert answer["status"] == "no-key"
    assert "ANTHROPIC_API_KEY" in answer["message"]
    # Clients name the server before the answer themselves ("Steering: ...").
    assert answer["message"].startswith("no model key is configured"), answer["message"]
    assert any("ANTHROPIC_API_KEY" in m for m in shared.messages())
    assert not shared.edits


# --- indexing and watching ----------------------------------------------------------------


async def test_indexing_reports_work_done_progress(shared: Session) -> None:
    await open_with_conventions(shared, PRICING)
    reports = shared.indexing_reports()
    assert reports is not None
    assert isinstance(reports[0], types.WorkDoneProgressBegin)
    assert reports[0].title == "Indexing shop"
    middle = [r for r in reports if isinstance(r, types.WorkDoneProgressReport)]
    assert middle and middle[-1].percentage == 100
    assert re.fullmatch(r"\d+/\d+ files", middle[-1].message or "")


def _tell_client_watcher(session: Session, path: Path, change: types.FileChangeType) -> None:
    """What an editor that watches files does; with the server's own watcher, nothing."""
    watched = [r for r in session.registrations if r.method == "workspace/didChangeWatchedFiles"]
    if session.profile.startswith("visual-studio-code"):
        # The client offers dynamic registration: it watches, and the server listens.
        assert len(watched) == 1
        session.client.workspace_did_change_watched_files(
            types.DidChangeWatchedFilesParams(
                changes=[types.FileEvent(uri=path.as_uri(), type=change)]
            )
        )
    else:
        assert not watched  # Neovim cannot: the server's own watcher must see the change


async def test_code_file_created_on_disk_is_indexed(shared: Session) -> None:
    uri = shared.uri("src/shop/api/AGENTS.md")
    if uri not in shared.texts:
        shared.open("src/shop/api/AGENTS.md")
    await open_with_conventions(shared, PRICING)
    position = shared.position(uri, "## Handler shape", 4)
    before = await shared.hover(uri, position)
    assert before is not None and "returns.py" not in before
    count = int(re.findall(r"Applies to (\d+) indexed files", before)[0])
    created = shared.root / "src/shop/api/returns.py"
    created.write_text(
        '"""Returns: refunds for delivered orders."""\n\n\n'
        "def list_returns_handler(request):\n"
        '    """Every return the customer asked for."""\n'
        "    return []\n",
        encoding="utf-8",
    )
    _tell_client_watcher(shared, created, types.FileChangeType.Created)
    await wait_for(
        lambda: _hover_with(shared, uri, position, f"Applies to {count + 1} indexed files")
    )


async def test_steering_file_changed_on_disk_is_picked_up(shared: Session) -> None:
    uri = await open_with_conventions(shared, "src/shop/api/orders.py")
    nested = shared.root / "src/shop/api/AGENTS.md"
    nested.write_text(
        nested.read_text(encoding="utf-8")
        + "\n## Logging\n\n- Log with `logging.getLogger(__name__)`; never print.\n",
        encoding="utf-8",
    )
    _tell_client_watcher(shared, nested, types.FileChangeType.Changed)
    position = shared.position(uri, "def ", 5)
    text = await wait_for(lambda: _hover_with(shared, uri, position, "**Logging**"), 20)
    assert "src/shop/api/AGENTS.md" in text


async def _hover_with(
    session: Session, uri: str, position: types.Position, needle: str
) -> str | None:
    text = await session.hover(uri, position)
    return text if text and needle in text else None


# --- robustness ---------------------------------------------------------------------------


async def test_bad_requests_get_answers_and_the_server_goes_on(shared: Session) -> None:
    uri = await open_with_conventions(shared, PRICING)
    with pytest.raises(JsonRpcException):
        await shared.execute("steering.runAction")  # no argument object at all
    answer = await shared.execute("steering.showContext", {"uri": uri, "range": "lines 3-4"})
    assert answer["status"] == "error" and "`range`" in answer["message"]
    answer = await shared.execute("steering.runAction", {"uri": "file:///elsewhere/x.py"})
    assert answer["status"] == "error" and "not inside a workspace folder" in answer["message"]
    outside = await shared.hover("file:///elsewhere/x.py", types.Position(line=0, character=0))
    assert outside is None
    missing = shared.uri("src/shop/no_such_module.py")
    # A file that is neither open nor on disk has nothing to say about it.
    assert await shared.hover(missing, types.Position(line=3, character=2)) is None
    text = await shared.hover(uri, shared.position(uri, "def cart_total", 5))
    assert text is not None and "Python style" in text
