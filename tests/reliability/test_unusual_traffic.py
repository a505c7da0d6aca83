"""Unusual but possible LSP traffic, through the real server over stdio (issue 24).

Line breaks other than `\\n`, file names with `%XX` in them, odd URIs, lone surrogates.
The raw JSON-RPC cases (bad frames, bad params, lifecycle) are in test_raw_protocol.py.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from lsprotocol import types

from tests.e2e.conftest import Session, start_session, stop_session, wait_for

RELIABILITY_GROUP = "unusual traffic"
pytestmark = pytest.mark.asyncio(loop_scope="module")

PRICING = "src/shop/pricing.py"
NAMING = "convention/naming.python.function"
WITHIN_S = 30.0


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def session(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Session]:
    """One VS Code session on a copy of examples/shop, indexed, with conventions known."""
    tmp = tmp_path_factory.mktemp("traffic")
    started = await start_session(tmp, options={"fileWatching": "off"})
    await wait_for(started.indexing_reports, timeout=WITHIN_S)
    yield started
    await stop_session(started)


# Written here rather than taken from server.convert, so that the test judges the server by
# the LSP specification and not by the server's own arithmetic.
def split_lines(text: str, keepends: bool = False) -> list[str]:
    """Lines as LSP counts them: they end at \\n, \\r\\n or \\r, nothing else."""
    lines = re.findall(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z", text)
    return lines if keepends else [line.rstrip("\r\n") for line in lines]


def offset(text: str, position: types.Position) -> int:
    """A UTF-16 LSP position -> an index into `text`."""
    lines = split_lines(text, keepends=True)
    start = sum(len(line) for line in lines[: position.line])
    line = lines[position.line] if position.line < len(lines) else ""
    units = 0
    for index, char in enumerate(line):
        if units >= position.character:
            return start + index
        units += len(char.encode("utf-16-le")) // 2
    return start + len(line.rstrip("\r\n"))


def text_at(text: str, range_: types.Range) -> str:
    return text[offset(text, range_.start) : offset(text, range_.end)]


def apply_change(text: str, range_: types.Range, new_text: str) -> str:
    return text[: offset(text, range_.start)] + new_text + text[offset(text, range_.end) :]


def position_of(text: str, needle: str) -> types.Position:
    for number, line in enumerate(split_lines(text)):
        column = line.find(needle)
        if column >= 0:
            units = len(line[:column].encode("utf-16-le")) // 2
            return types.Position(line=number, character=units)
    raise AssertionError(f"{needle!r} not in the text")


def drift_named(found: list[types.Diagnostic], name: str) -> list[types.Diagnostic]:
    return [d for d in found if d.code == NAMING and f"`{name}`" in d.message]


async def published(session: Session, uri: str, name: str) -> types.Diagnostic:
    """The drift diagnostic about `name`, once the server has published it for this version."""

    def probe() -> types.Diagnostic | None:
        found = drift_named(list(session.client.diagnostics.get(uri, ())), name)
        return found[0] if found else None

    return await wait_for(probe, timeout=WITHIN_S)


# --- line breaks ----------------------------------------------------------------------------

BREAKS = {
    "form feed on its own line": ("\x0c\n", "\n"),
    "U+2028 in a comment": ("# see\u2028below\n", "\n"),
    "U+0085 in a string": ('NOTE = "a\x85b"\n', "\n"),
    "vertical tab and U+2029": ("# \x0b\u2029\x1c\n", "\n"),
    "CR-only line ends": ("", "\r"),
    "CRLF line ends": ("\x0c\r\n", "\r\n"),
}


@pytest.mark.parametrize("case", list(BREAKS))
async def test_odd_line_breaks_keep_the_finding_on_its_name_and_accept_here_safe(
    session: Session, case: str
) -> None:
    head, newline = BREAKS[case]
    original = (session.root / PRICING).read_text(encoding="utf-8")
    text = head + original.replace("\n", newline)
    rel = f"src/shop/pricing_{list(BREAKS).index(case)}.py"
    (session.root / rel).write_text("", encoding="utf-8")
    uri = session.open(rel, text)
    try:
        drift = await published(session, uri, "computeDiscount")
        assert text_at(text, drift.range) == "computeDiscount", drift.range
        hover = await session.hover(uri, drift.range.start)
        assert hover is not None and "**Findings here**" in hover, hover
        assert f"(`{NAMING}`)" in hover.split("**Findings here**")[1]
        actions = await session.actions(uri, drift.range, [drift])
        (accept,) = [a for a in actions if a.title.startswith("Accept here")]
        assert accept.edit is not None and accept.edit.document_changes
        change = accept.edit.document_changes[0]
        assert isinstance(change, types.TextDocumentEdit)
        (edit,) = change.edits
        accepted = apply_change(text, edit.range, edit.new_text)  # type: ignore[union-attr]
        def_line = split_lines(accepted)[drift.range.start.line]
        assert def_line.startswith("def computeDiscount(cart: Cart) -> Decimal:  # steering:")
    finally:
        session.client.text_document_did_close(
            types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
        )


async def test_an_incremental_edit_below_a_form_feed_lands_where_the_editor_put_it(
    session: Session,
) -> None:
    original = (session.root / PRICING).read_text(encoding="utf-8")
    text = "\x0c\n" + original
    rel = "src/shop/pricing_incremental.py"
    (session.root / rel).write_text("", encoding="utf-8")
    uri = session.open(rel, text)
    try:
        await published(session, uri, "computeDiscount")
        # Rename the drift in the editor with a ranged edit, as VS Code sends it.
        at = position_of(text, "computeDiscount(cart: Cart)")
        range_ = types.Range(
            start=at, end=types.Position(line=at.line, character=at.character + 15)
        )
        new_text = apply_change(text, range_, "compute_discount")
        session.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
                content_changes=[
                    types.TextDocumentContentChangePartial(range=range_, text="compute_discount")
                ],
            )
        )

        def renamed() -> bool:
            found = session.client.diagnostics.get(uri, [])
            return not drift_named(list(found), "computeDiscount")

        await wait_for(renamed, timeout=WITHIN_S)
        hover = await session.hover(uri, position_of(new_text, "compute_discount(cart: Cart)"))
        assert hover is not None and "`compute_discount` conforms" in hover, hover
    finally:
        session.client.text_document_did_close(
            types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
        )


async def test_a_lone_surrogate_does_not_stop_hover_or_diagnostics(session: Session) -> None:
    original = (session.root / PRICING).read_text(encoding="utf-8")
    text = 'BROKEN = "\ud800"\n' + original
    rel = "src/shop/pricing_surrogate.py"
    (session.root / rel).write_text("", encoding="utf-8")
    uri = session.open(rel, text)
    try:
        drift = await published(session, uri, "computeDiscount")
        assert text_at(text, drift.range) == "computeDiscount"
        hover = await asyncio.wait_for(session.hover(uri, drift.range.start), WITHIN_S)
        assert hover is not None and "**Findings here**" in hover
    finally:
        session.client.text_document_did_close(
            types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
        )


# --- file names -----------------------------------------------------------------------------


async def test_a_percent_escape_in_a_file_name_does_not_stop_indexing(tmp_path: Path) -> None:
    """`data%41.py` opened at once: its URI is `data%2541.py`, decoded once it is the file's
    name, decoded twice it is `dataA.py`, which does not exist."""
    session = await start_session(tmp_path, options={"fileWatching": "off"})
    try:
        odd = session.root / "src/shop/data%41.py"
        odd.write_text("def fetchRows():\n    return []\n", encoding="utf-8")
        odd_uri = session.open("src/shop/data%41.py")
        assert "%2541" in odd_uri
        pricing = session.open(PRICING)
        await published(session, pricing, "computeDiscount")  # conventions were inferred
        await published(session, odd_uri, "fetchRows")  # under the URI the editor knows
        hover = await session.hover(odd_uri, types.Position(line=0, character=6))
        assert hover is not None and "`fetchRows` **does not conform**" in hover
        assert not [m for m in session.messages() if "failed" in m], session.messages()
    finally:
        await stop_session(session)


# --- settings -------------------------------------------------------------------------------


async def test_settings_out_of_bounds_are_refused_with_a_message_and_editing_goes_on(
    tmp_path: Path,
) -> None:
    # A directory stands for /dev/null here: a server that took a device for its index would
    # delete it to rebuild the "corrupt" index, which no test may risk on a real machine.
    (tmp_path / "a-directory").mkdir()
    options = {
        "fileWatching": "off",
        "debounceMs": 10**400,
        "tokenBudget": 10**19,
        "indexPath": str(tmp_path / "a-directory"),
        "excludes": ["["],
    }
    session = await start_session(tmp_path, options=options)
    try:
        await wait_for(session.indexing_reports, timeout=WITHIN_S)
        shown = "\n".join(session.messages())
        for key in options.keys() - {"fileWatching"}:
            assert f"steering.{key} " in shown, shown
        uri = session.open(PRICING)
        await published(session, uri, "computeDiscount")
        text = session.texts[uri] + "\n\ndef stockLevel() -> int:\n    return 0\n"
        session.change(uri, text)  # re-extracted after the default debounce, not never
        await published(session, uri, "stockLevel")
    finally:
        await stop_session(session)


# --- hover right after an edit --------------------------------------------------------------


async def test_hover_right_after_an_edit_is_about_the_new_text(tmp_path: Path) -> None:
    session = await start_session(tmp_path, options={"fileWatching": "off", "debounceMs": 5000})
    try:
        uri = session.open(PRICING)
        await published(session, uri, "computeDiscount")
        text = "# one\n# two\n# three\n" + session.texts[uri]
        session.change(uri, text)  # the re-extraction waits 5 s; the hover does not
        hover = await session.hover(uri, position_of(text, "computeDiscount(cart: Cart)"))
        assert hover is not None
        assert "`computeDiscount` **does not conform**" in hover, hover
        assert f"(`{NAMING}`)" in hover.split("**Findings here**")[1]
    finally:
        await stop_session(session)


# --- URIs -----------------------------------------------------------------------------------


async def test_a_file_uri_with_localhost_gets_its_hover(session: Session) -> None:
    path = (session.root / PRICING).as_posix()
    uri = f"file://localhost{path}"
    text = (session.root / PRICING).read_text(encoding="utf-8")
    session.client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="python", version=1, text=text
            )
        )
    )
    try:
        hover = await session.hover(uri, position_of(text, "computeDiscount(cart"))
        assert hover is not None and "`computeDiscount` **does not conform**" in hover, hover
    finally:
        session.client.text_document_did_close(
            types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
        )


async def test_a_directory_uri_gets_an_empty_answer_not_a_traceback(session: Session) -> None:
    uri = (session.root / "src/shop").as_uri()
    assert await session.hover(uri, types.Position(line=0, character=0)) is None
    here = types.Position(line=0, character=0)
    assert await session.actions(uri, types.Range(start=here, end=here)) == []


async def test_hover_after_a_deleted_file_was_closed_is_empty(session: Session) -> None:
    rel = "src/shop/short_lived.py"
    (session.root / rel).write_text("def fetchRows():\n    return []\n", encoding="utf-8")
    uri = session.open(rel)
    await published(session, uri, "fetchRows")
    (session.root / rel).unlink()
    session.client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert await session.hover(uri, types.Position(line=0, character=6)) is None
