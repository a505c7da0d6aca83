"""Splicing an answer into a file, and usage totals with the saving against frontier-only."""

from __future__ import annotations

from steering_index.llm.edits import splice
from steering_index.llm.tiers import LadderSettings, Price
from steering_index.llm.usage import summarize
from steering_index.model import LineRange, ModelCall

FILE = "import os\n\ndef a():\n    return 1\n\ndef b():\n    return 2\n"


def test_splice_replaces_exactly_the_target_lines() -> None:
    assert splice(FILE, LineRange(3, 4), "def a():\n    return 10\n") == FILE.replace(
        "return 1\n", "return 10\n"
    )


def test_splice_never_glues_the_next_line_on() -> None:
    result = splice(FILE, LineRange(3, 4), "def a():\n    return 10")
    assert "    return 10\n\ndef b():" in result


def test_splice_keeps_windows_line_endings() -> None:
    crlf = FILE.replace("\n", "\r\n")
    result = splice(crlf, LineRange(3, 4), "def a():\n    return 10\n")
    assert result == crlf.replace("return 1\r\n", "return 10\r\n")


def test_splice_keeps_cr_only_line_endings_and_counts_lines_as_lsp_does() -> None:
    cr = "\x0c\n".replace("\n", "\r") + FILE.replace("\n", "\r")  # a form feed is no line end
    result = splice(cr, LineRange(4, 5), "def a():\n    return 10\n")
    assert result == cr.replace("return 1\r", "return 10\r")


def test_splice_can_delete_lines_and_handles_a_last_line_without_newline() -> None:
    assert splice(FILE, LineRange(1, 2), "") == FILE.split("\n", 2)[2]
    assert splice("a\nb", LineRange(2, 2), "c") == "a\nc"


def call(
    day: str, tier: str, model: str, tokens_in: int, tokens_out: int, cost: float
) -> ModelCall:
    return ModelCall(
        started_at=f"{day}T10:00:00+00:00",
        tier=tier,
        model=model,
        input_tokens=tokens_in,
        output_tokens=tokens_out,
        cache_creation_tokens=0,
        cache_read_tokens=0,
        cost_usd=cost,
        rule_ids=(),
        outcome="proposed",
        duration_ms=800,
    )


def test_usage_is_totalled_per_day_and_tier_with_the_frontier_saving() -> None:
    settings = LadderSettings(
        prices={
            "claude-haiku-5-5": Price(1.0, 5.0, 1.25, 0.1),
            "claude-opus-5-5": Price(10.0, 50.0, 12.5, 1.0),
        }
    )
    calls = [
        call("2026-11-02", "small", "claude-haiku-5-5", 1_000_000, 0, 1.0),
        call("2026-11-01", "small", "claude-haiku-5-5", 0, 100_000, 0.5),
        call("2026-11-02", "small", "claude-haiku-5-5", 1_000_000, 0, 1.0),
        call("2026-11-02", "frontier", "claude-opus-5-5", 100_000, 0, 1.0),
    ]
    summary = summarize(calls, settings)
    assert [(r.day, r.tier, r.calls) for r in summary.rows] == [
        ("2026-11-01", "small", 1),
        ("2026-11-02", "frontier", 1),
        ("2026-11-02", "small", 2),
    ]
    assert summary.rows[2].input_tokens == 2_000_000
    assert summary.total.cost_usd == 3.5
    # On the frontier: 2M in at $10 + 100k out at $50 + 100k in at $10.
    assert summary.total.frontier_cost_usd == 20.0 + 5.0 + 1.0
    assert summary.saving_usd == 26.0 - 3.5


def test_models_without_a_price_are_named() -> None:
    summary = summarize([call("2026-11-01", "small", "local-llama", 10, 10, 0.0)], LadderSettings())
    assert summary.unpriced_models == ("local-llama",)
    assert summary.total.cost_usd == 0.0


def test_unknown_models_of_a_known_family_get_the_family_price() -> None:
    settings = LadderSettings()
    assert settings.price_for("claude-haiku-5-5-20261007") == settings.price_for("claude-haiku-5-5")
    assert settings.price_for("my-local-model") is None
