"""textDocument/documentSymbol: the outline of a code file, from the definitions the index extracts.

Every indexed language (see `steering_index.index.languages`) gets the same
outline: a definition is the child of the innermost definition whose span holds it, so a
method sits under its class and a nested function under its function. Go methods and Rust
impl items stay at the top level, as their source does, with the receiver or impl type as
their detail. Clients that cannot show a tree get a flat list naming each container.
Pure reads; never a model call.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field

from lsprotocol import types

from server.app import DocumentSnapshot, SteeringServer
from server.convert import LineIndex
from steering_index.model import Symbol

_KINDS = {
    "function": types.SymbolKind.Function,
    "method": types.SymbolKind.Method,
    "constructor": types.SymbolKind.Constructor,
    "class": types.SymbolKind.Class,
    "interface": types.SymbolKind.Interface,
    "trait": types.SymbolKind.Interface,
    "struct": types.SymbolKind.Struct,
    "record": types.SymbolKind.Struct,
    "enum": types.SymbolKind.Enum,
    "type": types.SymbolKind.TypeParameter,
    "module": types.SymbolKind.Module,
    "macro": types.SymbolKind.Function,
    "constant": types.SymbolKind.Constant,
    "variable": types.SymbolKind.Variable,
    "property": types.SymbolKind.Property,
    "field": types.SymbolKind.Field,
}

Outline = list[types.DocumentSymbol] | list[types.SymbolInformation]


def register(server: SteeringServer) -> None:
    server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)(document_symbols)


async def document_symbols(
    ls: SteeringServer, params: types.DocumentSymbolParams
) -> Outline | None:
    await ls.wait_ready()
    document = ls.snapshot(params.text_document.uri)
    if document is None:
        return None
    tree = await asyncio.to_thread(_outline_of, document)
    if tree is None or ls.client.hierarchical_symbols:
        return tree
    return flatten(tree, document.uri)


def _outline_of(document: DocumentSnapshot) -> list[types.DocumentSymbol] | None:
    symbols = document.session.outline(document.path, document.text)
    if symbols is None:
        return None
    return outline(symbols, LineIndex(document.text, document.encoding))


@dataclass
class _Node:
    symbol: Symbol
    children: list[_Node] = field(default_factory=list)


def _holds(outer: Symbol, inner: Symbol) -> bool:
    a, b = outer.span, inner.span
    if (a.start_byte, a.end_byte) == (b.start_byte, b.end_byte):
        return False  # names declared together (`a, b = ...`) are siblings
    return a.start_byte <= b.start_byte and b.end_byte <= a.end_byte


def outline(symbols: Sequence[Symbol], index: LineIndex) -> list[types.DocumentSymbol]:
    """Definitions as a tree, each under the innermost definition whose span holds it."""
    roots: list[_Node] = []
    open_nodes: list[_Node] = []
    ordered = sorted(symbols, key=lambda s: (s.span.start_byte, -s.span.end_byte))
    for symbol in ordered:
        while open_nodes and not _holds(open_nodes[-1].symbol, symbol):
            open_nodes.pop()
        node = _Node(symbol)
        (open_nodes[-1].children if open_nodes else roots).append(node)
        open_nodes.append(node)
    return [_document_symbol(node, index, root=True) for node in roots]


def _document_symbol(node: _Node, index: LineIndex, root: bool = False) -> types.DocumentSymbol:
    symbol = node.symbol
    # A Go method or Rust impl item sits at the top level: name the type it belongs to.
    detail = symbol.scope if root and symbol.scope else symbol.signature
    return types.DocumentSymbol(
        name=symbol.name,
        kind=_KINDS.get(symbol.kind, types.SymbolKind.Variable),
        detail=detail or None,
        range=index.span_to_range(symbol.span),
        selection_range=index.span_to_range(symbol.name_span),
        children=[_document_symbol(child, index) for child in node.children] or None,
    )


def flatten(tree: list[types.DocumentSymbol], uri: str) -> list[types.SymbolInformation]:
    """The tree as a flat list for clients without hierarchical support, parents first."""
    out: list[types.SymbolInformation] = []

    def visit(symbols: Sequence[types.DocumentSymbol], container: str | None) -> None:
        for symbol in symbols:
            out.append(
                types.SymbolInformation(
                    name=symbol.name,
                    kind=symbol.kind,
                    location=types.Location(uri=uri, range=symbol.range),
                    container_name=container,
                )
            )
            visit(symbol.children or [], symbol.name)

    visit(tree, None)
    return out
