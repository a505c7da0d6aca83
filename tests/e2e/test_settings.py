"""Settings from initializationOptions, workspace/configuration and didChangeConfiguration:
a bad value gets a message and the default; the client's values are applied and updated.
The visible effect checked is the severity of the drift diagnostic in pricing.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from lsprotocol import types

from tests.e2e.conftest import PROFILES, Session, copy_example, wait_for
from tests.e2e.test_editor import PRICING, named
from tests.workspaces import write_tree


async def drift_shown_as(session: Session, uri: str, expected: types.DiagnosticSeverity) -> None:
    """Wait until computeDiscount's drift shows with `expected` severity."""

    def shown(found: list[types.Diagnostic]) -> bool:
        return [d.severity for d in named(found, "computeDiscount")] == [expected]

    await session.wait_diagnostics(uri, shown)


@pytest.mark.parametrize("profile", PROFILES)
async def test_bad_initialization_options_get_a_message_and_the_default(
    launch: Any, profile: str
) -> None:
    options = {"diagnosticSeverity": "loud", "tokenBudget": "lots", "colour": "blue"}
    session = await launch(profile, options=options)
    uri = await session.open_indexed(PRICING)
    await drift_shown_as(session, uri, types.DiagnosticSeverity.Information)
    shown = "\n".join(session.messages())
    assert "steering.diagnosticSeverity must be one of error, warning, information, hint" in shown
    assert "using 'information'" in shown
    assert "steering.tokenBudget must be a whole number from 500 to 200,000; using 6000" in shown
    assert "unknown setting steering.colour" in shown
    # The rest of the server works as usual.
    hover = await session.hover(uri, session.position(uri, "def cart_total", 5))
    assert hover is not None and "Python style" in hover


@pytest.mark.parametrize("profile", PROFILES)
async def test_an_empty_section_from_a_lua_client_is_no_setting(launch: Any, profile: str) -> None:
    # Neovim encodes an empty Lua table as a JSON array: `setup({ cmd = ... })` sends these.
    session = await launch(profile, options={"steering": []}, configuration={"steering": []})
    uri = await session.open_indexed(PRICING)  # messages about settings come before indexing
    await drift_shown_as(session, uri, types.DiagnosticSeverity.Information)
    assert not [m for m in session.messages() if "setting" in m], session.messages()


@pytest.mark.parametrize("profile", PROFILES)
async def test_client_configuration_is_applied_and_updated(launch: Any, profile: str) -> None:
    configuration = {"steering": {"diagnosticSeverity": "warning"}}
    session = await launch(profile, configuration=configuration)
    uri = await session.open_indexed(PRICING)
    # Pulled with workspace/configuration after initialize.
    await drift_shown_as(session, uri, types.DiagnosticSeverity.Warning)

    # Pushed with the notification.
    session.client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"steering": {"diagnosticSeverity": "hint"}})
    )
    await drift_shown_as(session, uri, types.DiagnosticSeverity.Hint)

    # An empty notification means "ask me": the server pulls the new values.
    session.client.set_configuration({"steering": {"diagnosticSeverity": "error"}})
    session.client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings=None)
    )
    await drift_shown_as(session, uri, types.DiagnosticSeverity.Error)

    # A bad value later on is refused with a message, and the current value stays.
    session.client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"steering": {"diagnosticSeverity": 3}})
    )
    await wait_for(lambda: any("steering.diagnosticSeverity" in m for m in session.messages()))
    await drift_shown_as(session, uri, types.DiagnosticSeverity.Error)


async def test_a_bad_workspace_library_table_gets_a_message(launch: Any, tmp_path: Path) -> None:
    root = copy_example(tmp_path / "ws")
    write_tree(root, {".steering/libraries.toml": "[python.http-client\nacme = ['acme']\n"})
    session = await launch(root=root)
    uri = await session.open_indexed(PRICING)
    await drift_shown_as(session, uri, types.DiagnosticSeverity.Information)  # the rest works
    await wait_for(
        lambda: any(".steering/libraries.toml: not valid TOML" in m for m in session.messages())
    )
