"""Property: whatever line breaks and break-like characters a buffer holds, a finding's LSP
range covers its name, and hover at that range reports it (issue 24)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lsprotocol import types

from server.app import DocumentSnapshot
from server.convert import LineIndex
from server.features.hover import answer_hover
from server.settings import Settings, engine_settings
from steering_index.session import Session

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "shop"
PRICING = "src/shop/pricing.py"
NAMING = "convention/naming.python.function"
# What editors and LSP take for a line end, and characters `str.splitlines` also breaks at.
TERMINATORS = st.sampled_from(["\n", "\r\n", "\r"])
ODD = st.sampled_from(["", "\x0c", "\x0b", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"])


@pytest.fixture(scope="module")
def state(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Session]:
    tmp = tmp_path_factory.mktemp("breaks")
    root = tmp / "shop"
    shutil.copytree(EXAMPLE, root)
    (root / ".git").mkdir()
    workspace = Session(root, lambda: engine_settings(Settings(index_path=str(tmp / "index.db"))))
    workspace.build_index(None)
    yield workspace
    workspace.close()


def lsp_lines(text: str) -> list[str]:
    """Lines as the LSP specification counts them (written here, not taken from the server)."""
    return [line.rstrip("\r\n") for line in re.findall(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z", text)]


def covered(text: str, range_: types.Range) -> str:
    assert range_.start.line == range_.end.line, range_
    line = lsp_lines(text)[range_.start.line].encode("utf-16-le")
    return line[2 * range_.start.character : 2 * range_.end.character].decode("utf-16-le")


@st.composite
def rewritten(draw: st.DrawFn, source: str) -> str:
    """`source` with each line end drawn from the terminators, and a comment holding a
    break-like character (or nothing) before some of them."""
    out = []
    for line in source.split("\n"):
        odd = draw(ODD)
        if odd and not line.rstrip().endswith(("\\", ",", "(")) and '"""' not in line:
            line += f"  # {odd}"
        out.append(line)
        out.append(draw(TERMINATORS))
    return "".join(out[:-1])


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_odd_line_breaks_never_move_a_finding_off_its_name(
    state: Session, data: st.DataObject
) -> None:
    source = (state.root / PRICING).read_text(encoding="utf-8")
    text = data.draw(rewritten(source))
    state.update_buffer(PRICING, 1, text)
    findings = [f for f in state.findings_for(PRICING) if f.code == NAMING]
    assert findings, "the drift in pricing.py is found"
    index = LineIndex(text)
    for finding in findings:
        assert finding.location.span is not None
        range_ = index.span_to_range(finding.location.span)
        name = finding.message.split("`")[1]
        assert covered(text, range_) == name
        hover = answer_hover(
            DocumentSnapshot(state, "", PRICING, None, text, "utf-16"), range_.start
        )
        assert f"`{name}` **does not conform**" in hover
        assert f"(`{NAMING}`)" in hover.split("**Findings here**")[1]
