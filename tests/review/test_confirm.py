"""The frontier confirmation pass (`--confirm`) and the review calls in the model-call ledger,
end to end: real index and ledger, real SDK, the fake Messages API."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from steering_index.cli.main import main
from steering_index.llm.tiers import LadderSettings, Tier
from steering_index.store import IndexStore
from tests.fakeapi import FakeMessagesAPI

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
FILE = "src/billing/invoices.py"
STYLE = "agents:agents#python-style"
CONFIRMER = "junior code reviewers"


def _db(root: Path) -> Path:
    return root.parent / "index.db"


def _review(root: Path, *extra: str) -> int:
    args = ["review", FILE, "--root", str(root), "--db", str(_db(root)), "--reviewers", "rules"]
    return main([*args, "--format", "json", *extra])


def _findings() -> dict[str, object]:
    high = {"severity": "high", "rule_id": STYLE}
    return {
        "match": "the rules reviewer",
        "name": "report_findings",
        "input": {
            "findings": [
                high | {"first_line": 9, "last_line": 9, "message": "no docstring"},
                high | {"first_line": 12, "last_line": 12, "message": "total is float"},
                {"first_line": 19, "last_line": 19, "severity": "low", "message": "terse"},
            ]
        },
    }


def _verdicts(*verdicts: tuple[int, bool, str]) -> dict[str, object]:
    return {
        "match": CONFIRMER,
        "name": "confirm_findings",
        "input": {
            "verdicts": [{"finding": n, "confirmed": c, "reason": r} for n, c, r in verdicts]
        },
    }


def _shown(out: str) -> list[tuple[int, str, str | None]]:
    return [(f["first_line"], f["message"], f["note"]) for f in json.loads(out)["findings"]]


def test_the_frontier_tier_confirms_or_rejects_high_findings_once_and_calls_are_recorded(
    billing: Path, fake_api: FakeMessagesAPI, capsys: pytest.CaptureFixture[str]
) -> None:
    fake_api.script(
        [_findings(), _verdicts((1, True, "public, no docstring"), (2, False, "it is Decimal"))]
    )
    assert _review(billing, "--confirm") == 1
    out = capsys.readouterr()
    frontier = LadderSettings().model_for(Tier.FRONTIER)
    assert _shown(out.out) == [
        (9, "no docstring", f"confirmed by {frontier}: public, no docstring"),
        (19, "terse", None),  # low: never sent for confirmation
    ]
    assert "the frontier tier rejected src/billing/invoices.py:12-12 total is float" in out.err
    assert "to confirm high findings" in out.err
    (asked,) = [r for r in fake_api.requests if CONFIRMER in r.text]
    assert asked.body["model"] == frontier
    assert asked.body["tool_choice"] == {"type": "tool", "name": "confirm_findings"}
    assert "no docstring" in asked.text and "total is float" in asked.text
    assert "terse" not in asked.text
    assert "Every public function has a one-line docstring" in asked.text  # the cited rule
    # Both calls are in the ledger, which `steering usage` reads.
    with IndexStore.open(_db(billing)) as store:
        calls = store.model_calls()
    assert sorted((c.tier, c.action, c.outcome) for c in calls) == [
        ("frontier", "review:confirm", "reviewed"),
        ("small", "review:rules", "reviewed"),
    ]
    assert all(c.id is not None and c.input_tokens > 0 and c.cost_usd > 0 for c in calls)
    assert main(["usage", "--root", str(billing), "--db", str(_db(billing)), "--json"]) == 0
    usage = json.loads(capsys.readouterr().out)
    assert {row["tier"] for row in usage["rows"]} == {"small", "frontier"}
    # Unchanged file: the findings and the verdicts come from the cache; nothing is sent.
    assert _review(billing, "--confirm") == 1
    again = capsys.readouterr()
    assert [line for line, _, _ in _shown(again.out)] == [9, 19]
    assert "rejected (in an earlier run) src/billing/invoices.py:12-12" in again.err
    assert len(fake_api.requests) == 2


def test_a_failed_confirmation_keeps_every_finding_with_a_note(
    billing: Path, fake_api: FakeMessagesAPI, capsys: pytest.CaptureFixture[str]
) -> None:
    refused = {"match": CONFIRMER, "type": "error", "status": 400, "message": "bad request"}
    fake_api.script([_findings(), refused])
    assert _review(billing, "--confirm") == 1
    out = capsys.readouterr()
    shown = _shown(out.out)
    assert [line for line, _, _ in shown] == [9, 12, 19]
    notes = [note or "" for line, _, note in shown if line in (9, 12)]
    assert all(n.startswith("not confirmed: the frontier tier could not be asked") for n in notes)
    assert "confirmation failed" in out.err
    with IndexStore.open(_db(billing)) as store:
        outcomes = sorted((c.action, c.outcome) for c in store.model_calls())
    assert outcomes == [("review:confirm", "error"), ("review:rules", "reviewed")]


def test_a_finding_without_a_verdict_is_kept_and_a_malformed_answer_loses_nothing() -> None:
    from steering_index.review.confirm import apply_verdicts
    from steering_index.review.engine import Finding

    a, b = (Finding(FILE, n, n, "high", f"problem {n}", ("rules",)) for n in (3, 4))
    done = apply_verdicts([a, b], '{"verdicts": [{"finding": 2, "confirmed": false}]}', "m")
    assert [f.note for f in done.kept] == ["not confirmed: m gave no verdict"]
    assert done.rejected == [(b, "")]
    broken = apply_verdicts([a, b], '{"verdicts": [{"finding": 7, "confirmed": "yes"}', "m")
    assert [f.first_line for f in broken.kept] == [3, 4] and broken.rejected == []


def _estimate(err: str) -> float:
    found = re.search(r"estimated \$([0-9.]+)", err)
    assert found, err
    return float(found.group(1))


def test_the_confirmation_counts_in_the_estimate_and_the_cap(
    billing: Path, fake_api: FakeMessagesAPI, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _review(billing, "--max-cost", "0") == 2
    alone = _estimate(capsys.readouterr().err)
    assert _review(billing, "--confirm", "--max-cost", "0") == 2
    with_confirm = _estimate(capsys.readouterr().err)
    assert with_confirm > alone > 0
    between = f"{(alone + with_confirm) / 2:.6f}"
    assert _review(billing, "--confirm", "--max-cost", between) == 2
    assert "is above --max-cost" in capsys.readouterr().err
    assert fake_api.requests == []
    fake_api.script([_findings()])
    assert _review(billing, "--max-cost", between) == 1
    assert len(fake_api.requests) == 1


def test_at_most_twenty_high_findings_are_sent_for_confirmation(
    billing: Path, fake_api: FakeMessagesAPI, capsys: pytest.CaptureFixture[str]
) -> None:
    ranges = [(n, n) for n in range(1, 20)] + [(1, 2), (2, 3), (3, 4)]
    findings = [
        {"first_line": a, "last_line": b, "severity": "high", "message": f"problem {a}-{b}"}
        for a, b in ranges
    ]
    reviewer = {"match": "the rules reviewer", "name": "report_findings"}
    verdicts = [(n, True, "real") for n in range(1, 21)]
    fake_api.script([reviewer | {"input": {"findings": findings}}, _verdicts(*verdicts)])
    assert _review(billing, "--confirm") == 1
    notes = [note or "" for _, _, note in _shown(capsys.readouterr().out)]
    assert len(notes) == 22
    assert sum(n.startswith("confirmed by") for n in notes) == 20
    assert sum("only the first 20 high findings are confirmed" in n for n in notes) == 2
    (asked,) = [r for r in fake_api.requests if CONFIRMER in r.text]
    assert '<finding n=\\"20\\"' in asked.text and '<finding n=\\"21\\"' not in asked.text
