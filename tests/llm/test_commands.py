"""`steering context`, `steering ask` and `steering usage` as a user runs them."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from steering_index.llm import commands
from steering_index.model import LineRange, ModelCall
from steering_index.store import IndexStore


def ask_args(root: Path, target: str, **extra: object) -> argparse.Namespace:
    values = {
        "target": target,
        "task": "add a docstring and type hints",
        "root": str(root),
        "db": str(root.parent / "index.db"),
        "budget": None,
        "tier": "small",
        "diff": False,
        "apply": False,
        "json": False,
        **extra,
    }
    return argparse.Namespace(**values)


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("src/a.py", ("src/a.py", None)),
        ("src/a.py:3-9", ("src/a.py", LineRange(3, 9))),
        ("src/a.py:7", ("src/a.py", LineRange(7, 7))),
    ],
)
def test_targets_name_a_file_and_optional_lines(
    target: str, expected: tuple[str, LineRange | None]
) -> None:
    assert commands.parse_target(target) == expected


@pytest.mark.parametrize("target", ["src/a.py:0-3", "src/a.py:9-3"])
def test_impossible_line_ranges_are_refused(target: str) -> None:
    with pytest.raises(commands.InputError, match="1-based"):
        commands.parse_target(target)


def test_ask_without_key_or_url_says_how_to_configure_one(
    billing: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    monkeypatch.delenv("ANTHROPIC_BASE_URL", raising=False)
    code = commands.run_ask(ask_args(billing, str(billing / "src/billing/invoices.py:9-13")))
    assert code == 2
    err = capsys.readouterr().err
    assert "set ANTHROPIC_API_KEY" in err and "ANTHROPIC_BASE_URL" in err


def test_secret_files_are_never_read_for_a_request(
    billing: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (billing / ".env").write_text("STRIPE_KEY=sk_live_abc\n", encoding="utf-8")
    code = commands.run_context(ask_args(billing, str(billing / ".env")))
    assert code == 2
    assert ".env looks like a secret file" in capsys.readouterr().err


def test_lines_past_the_end_of_the_file_are_refused(
    billing: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = commands.run_context(ask_args(billing, str(billing / "src/billing/invoices.py:18-40")))
    assert code == 2
    assert "has 19 lines" in capsys.readouterr().err


def recorded(day: str, tier: str, model: str, cost: float) -> ModelCall:
    return ModelCall(
        started_at=f"{day}T09:30:00+00:00",
        tier=tier,
        model=model,
        input_tokens=12_000,
        output_tokens=800,
        cache_creation_tokens=0,
        cache_read_tokens=4_000,
        cost_usd=cost,
        rule_ids=("agents:python-style",),
        outcome="proposed",
        duration_ms=1500,
        path="src/billing/invoices.py",
        lines=LineRange(9, 13),
        action="ask",
    )


def test_usage_shows_days_tiers_and_the_saving(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "index.db"
    with IndexStore.open(db) as store:
        store.record_model_call(recorded("2026-11-03", "small", "claude-haiku-5-5", 0.0016))
        store.record_model_call(recorded("2026-11-03", "small", "claude-haiku-5-5", 0.0016))
        store.record_model_call(recorded("2026-11-04", "frontier", "claude-opus-5-5", 0.0656))
    args = argparse.Namespace(root=str(tmp_path), db=str(db), json=False)
    assert commands.run_usage(args) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[1].split()[:3] == ["2026-11-03", "small", "2"]
    assert lines[2].split()[:3] == ["2026-11-04", "frontier", "1"]
    assert lines[3].startswith("total")
    assert "saving against running everything on the frontier tier: $0.1280 (65%)" in out

    assert commands.run_usage(argparse.Namespace(root=str(tmp_path), db=str(db), json=True)) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["total"]["calls"] == 3
    assert data["saving_usd"] == pytest.approx(0.128)


def test_usage_without_an_index_says_nothing_was_recorded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = argparse.Namespace(root=str(tmp_path), db=str(tmp_path / "none.db"), json=False)
    assert commands.run_usage(args) == 0
    assert "no model calls recorded yet" in capsys.readouterr().out
