"""The LSP features, each a module with `register(server)`; `build_server` puts them together.

Features import `server.app` for the server type; `server.app` imports no feature.
"""

from __future__ import annotations

from server.app import SteeringServer
from server.features import (
    baseline,
    code_actions,
    diagnostics,
    document_symbols,
    documents,
    execute_command,
    hover,
    lifecycle,
    review,
)

FEATURES = (
    lifecycle,
    documents,
    diagnostics,
    hover,
    document_symbols,
    code_actions,
    execute_command,
    review,
    baseline,
)


def build_server() -> SteeringServer:
    """A new server with every feature registered."""
    server = SteeringServer()
    for feature in FEATURES:
        feature.register(server)
    return server
