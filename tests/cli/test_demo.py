"""`steering demo` as a newcomer runs it: a summary first, the request's outline, no key."""

from __future__ import annotations

from pathlib import Path

import pytest

from steering_index.cli import main as cli

EXAMPLE_SHOP = Path(__file__).resolve().parents[2] / "examples" / "shop"


@pytest.fixture(autouse=True)
def no_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    monkeypatch.delenv("ANTHROPIC_BASE_URL", raising=False)


def test_the_demo_leads_with_a_summary_and_shows_the_outline_of_the_request(capsys) -> None:
    assert cli.main(["demo", str(EXAMPLE_SHOP)]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == f"Steering demo on {EXAMPLE_SHOP}"
    summary = "\n".join(lines[:8])
    assert "2 finding(s)" in summary and "sample file: src/shop/api/orders.py" in summary
    assert "tokens for a sample task" in summary
    assert "Why each item is in it:" in out and "=== system[0]" not in out
    assert len(lines) < 250
    assert cli.main(["demo", str(EXAMPLE_SHOP), "--full"]) == 0
    full = capsys.readouterr().out
    assert "=== system[0] role ===" in full and "=== messages[0] user ===" in full


def test_the_demo_picks_a_file_that_rules_apply_to(tmp_path: Path, capsys) -> None:
    (tmp_path / "a.py").write_text("def a():\n    return 1\n", encoding="utf-8")
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "b.py").write_text("def b():\n    return 2\n", encoding="utf-8")
    (tmp_path / "lib" / "AGENTS.md").write_text("# Lib\n\n- Keep functions pure.\n")
    assert cli.main(["demo", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "sample file: lib/b.py, 1 rule section(s) apply to it" in out
    assert "Request for lib/b.py" in out


def test_the_demo_says_why_no_rule_applies(tmp_path: Path, capsys) -> None:
    (tmp_path / "a.py").write_text("def a():\n    return 1\n", encoding="utf-8")
    assert cli.main(["demo", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "No rule applies to a.py: the workspace has no steering files" in out
    assert "sample file: a.py, 0 rule section(s) apply to it: the workspace has no" in out
    assert "Request for a.py" in out  # the context step still runs: code and conventions


def test_the_demo_says_why_there_is_no_context(tmp_path: Path, capsys) -> None:
    (tmp_path / "AGENTS.md").write_text("# Notes\n\n- Be kind.\n", encoding="utf-8")
    assert cli.main(["demo", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "No context to show: no source file in a language steering reads" in out
    assert "sample file: none (no source file" in out and "No rule applies" not in out
