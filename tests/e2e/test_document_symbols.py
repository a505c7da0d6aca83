"""textDocument/documentSymbol through the real server: an outline for every indexed language,
methods under their class, whole-definition ranges (what :SteeringContext and "go to symbol"
select), positions in UTF-16 past non-ASCII text, and the text being edited, not the text
last extracted.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from lsprotocol import types
from pytest_lsp import client_capabilities

from tests.e2e.conftest import PROFILES, Session, copy_example
from tests.workspaces import write_tree

SOURCES = {
    "outline/cart.py": (
        "class Cart:\n"
        '    """A shopping cart."""\n'
        "\n"
        "    def add(self, sku: str) -> None:\n"
        "        self.items.append(sku)\n"
        "        self.count += 1\n"
        "\n"
        "\n"
        "def total(cart: Cart) -> int:\n"
        "    return cart.count\n"
    ),
    "outline/cart.js": (
        "class Cart {\n"
        "  add(sku) {\n"
        "    this.items.push(sku);\n"
        "  }\n"
        "}\n"
        "\n"
        "function total(cart) {\n"
        "  return cart.items.length;\n"
        "}\n"
    ),
    "outline/cart.ts": (
        "export class Cart {\n"
        "  add(sku: string): void {\n"
        "    this.items.push(sku);\n"
        "  }\n"
        "}\n"
        "\n"
        "export function total(cart: Cart): number {\n"
        "  return cart.items.length;\n"
        "}\n"
    ),
    "outline/cart.go": (
        "package outline\n"
        "\n"
        "type Cart struct {\n"
        "\tItems []string\n"
        "}\n"
        "\n"
        "func (c *Cart) Add(sku string) {\n"
        "\tc.Items = append(c.Items, sku)\n"
        "}\n"
        "\n"
        "func Total(c *Cart) int {\n"
        "\treturn len(c.Items)\n"
        "}\n"
    ),
    "outline/cart.rs": (
        "pub struct Cart {\n"
        "    items: Vec<String>,\n"
        "}\n"
        "\n"
        "impl Cart {\n"
        "    pub fn add(&mut self, sku: String) {\n"
        "        self.items.push(sku);\n"
        "    }\n"
        "}\n"
        "\n"
        "pub fn total(cart: &Cart) -> usize {\n"
        "    cart.items.len()\n"
        "}\n"
    ),
    "outline/Cart.java": (
        "public class Cart {\n"
        "    public void add(String sku) {\n"
        "        items.add(sku);\n"
        "    }\n"
        "\n"
        "    public static int total(Cart cart) {\n"
        "        return cart.items.size();\n"
        "    }\n"
        "}\n"
    ),
}
LANGUAGE_IDS = {"py": "python", "js": "javascript", "ts": "typescript", "go": "go"}
LANGUAGE_IDS |= {"rs": "rust", "java": "java"}


def open_file(session: Session, rel: str, text: str | None = None) -> str:
    uri = session.uri(rel)
    text = (session.root / rel).read_text(encoding="utf-8") if text is None else text
    session.texts[uri] = text
    session.versions[uri] = 1
    session.client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id=LANGUAGE_IDS[rel.rsplit(".")[-1]], version=1, text=text
            )
        )
    )
    return uri


async def symbols(session: Session, uri: str) -> Any:
    return await session.client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )


def lines(symbol: types.DocumentSymbol) -> tuple[int, int]:
    return symbol.range.start.line, symbol.range.end.line


def by_name(found: list[types.DocumentSymbol]) -> dict[str, types.DocumentSymbol]:
    return {symbol.name: symbol for symbol in found}


async def start(launch: Any, tmp_path: Path, profile: str, **kwargs: Any) -> Session:
    root = write_tree(copy_example(tmp_path / "ws"), SOURCES)
    return await launch(profile, root=root, **kwargs)


@pytest.mark.parametrize("profile", PROFILES)
async def test_the_outline_nests_methods_in_their_class_in_every_language(
    launch: Any, tmp_path: Path, profile: str
) -> None:
    session = await start(launch, tmp_path, profile)
    Kind = types.SymbolKind
    for rel in ("outline/cart.py", "outline/cart.js", "outline/cart.ts", "outline/Cart.java"):
        found = await symbols(session, open_file(session, rel))
        assert all(isinstance(s, types.DocumentSymbol) for s in found), (rel, found)
        top = by_name(found)
        cart = top["Cart"]
        assert cart.kind == Kind.Class, rel
        (add,) = [c for c in cart.children or [] if c.name == "add"]
        assert add.kind == Kind.Method, rel
        text = session.texts[session.uri(rel)].splitlines()
        # The whole method, from its header to its last line; the name selected in it.
        assert "add(" in text[add.range.start.line], rel
        assert text[add.range.end.line].strip() == "}" or "self.count" in text[add.range.end.line]
        assert add.selection_range.start.line == add.range.start.line
        start_char = add.selection_range.start.character
        assert text[add.range.start.line][start_char : start_char + 3] == "add", rel
        total = top.get("total") or by_name(cart.children or [])["total"]
        assert total.kind in (Kind.Function, Kind.Method), rel
    assert lines(by_name(await symbols(session, session.uri("outline/cart.py")))["Cart"]) == (0, 5)

    go = by_name(await symbols(session, open_file(session, "outline/cart.go")))
    assert go["Cart"].kind == Kind.Struct
    # A Go method is declared outside its struct: at the top level, naming its receiver.
    assert go["Add"].kind == Kind.Method and go["Add"].detail == "Cart"
    assert lines(go["Add"]) == (6, 8)
    assert go["Total"].kind == Kind.Function

    rust = by_name(await symbols(session, open_file(session, "outline/cart.rs")))
    assert rust["Cart"].kind == Kind.Struct
    assert rust["add"].kind == Kind.Method and rust["add"].detail == "Cart"
    assert lines(rust["add"]) == (5, 7)
    assert rust["total"].kind == Kind.Function


async def test_positions_are_utf16_and_follow_the_edited_text(launch: Any, tmp_path: Path) -> None:
    session = await start(launch, tmp_path, "visual-studio-code", options={"debounceMs": 60_000})
    rel = "outline/cart.ts"
    uri = open_file(session, rel)
    before = by_name(await symbols(session, uri))
    assert lines(before["total"]) == (6, 8)

    # Re-extraction waits a minute after a change: the outline must not.
    edited = "/* café ☕ 😀 */ export const label = 'x';\n\n" + session.texts[uri]
    session.change(uri, edited)
    after = by_name(await symbols(session, uri))
    assert lines(after["total"]) == (8, 10)
    label = after["label"].selection_range.start
    prefix = "/* café ☕ 😀 */ export const "
    assert label == types.Position(line=0, character=len(prefix.encode("utf-16-le")) // 2)
    assert label.character != len(prefix.encode("utf-8"))


async def test_a_client_without_tree_support_gets_a_flat_list(launch: Any, tmp_path: Path) -> None:
    capabilities = client_capabilities("visual-studio-code")
    assert capabilities.text_document and capabilities.text_document.document_symbol
    capabilities.text_document.document_symbol.hierarchical_document_symbol_support = False
    session = await start(launch, tmp_path, "visual-studio-code", capabilities=capabilities)
    uri = open_file(session, "outline/cart.py")
    found = await symbols(session, uri)
    assert all(isinstance(s, types.SymbolInformation) for s in found), found
    containers = {s.name: s.container_name for s in found}
    assert containers == {"Cart": None, "add": "Cart", "total": None}
