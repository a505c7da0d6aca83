"""`steering review` end to end: real index, real SDK, the fake Messages API."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from steering_index.cli.main import main
from tests.fakeapi import FakeMessagesAPI

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SCHEMA = json.loads((FIXTURES / "conventions" / "sarif-schema-2.1.0.json").read_text("utf-8"))
FILE = "src/billing/invoices.py"


def _reply(reviewer: str, findings: list[dict[str, object]]) -> dict[str, object]:
    return {
        "match": f"the {reviewer} reviewer",
        "name": "report_findings",
        "input": {"findings": findings},
    }


def _args(root: Path, *extra: str) -> list[str]:
    return ["review", FILE, "--root", str(root), "--db", str(root.parent / "index.db"), *extra]


def test_sarif_is_valid_fails_on_high_and_the_second_run_hits_the_cache(
    billing: Path, fake_api: FakeMessagesAPI, capsys: pytest.CaptureFixture[str]
) -> None:
    high = {"first_line": 9, "last_line": 9, "severity": "high", "message": "no docstring"}
    fake_api.script([_reply("rules", [high]), _reply("security", [])])
    code = main(_args(billing, "--reviewers", "rules,security", "--format", "sarif"))
    out = capsys.readouterr()
    assert code == 1, out.err
    log = json.loads(out.out)
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    (result,) = log["runs"][0]["results"]
    assert result["ruleId"] == "review.rules" and result["properties"]["reviewers"] == ["rules"]
    assert result["level"] == "error"
    assert "2 request(s), 0 cached; estimated $" in out.err and "actual $" in out.err
    assert len(fake_api.requests) == 2
    # Unchanged file, same reviewers: nothing is sent, the same finding comes back.
    assert main(_args(billing, "--reviewers", "rules,security", "--format", "json")) == 1
    again = capsys.readouterr()
    assert "0 request(s), 2 cached" in again.err
    assert json.loads(again.out)["findings"][0]["message"] == "no docstring"
    assert len(fake_api.requests) == 2
    # With --fail-on above the finding, exit 0; a changed file is reviewed again.
    (billing / FILE).write_text((billing / FILE).read_text() + "\n# changed\n")
    fake_api.script([_reply("rules", [])])
    assert main(_args(billing, "--reviewers", "rules")) == 0
    assert "1 request(s), 0 cached" in capsys.readouterr().err
    assert len(fake_api.requests) == 3


def test_a_review_above_max_cost_is_refused_before_sending(
    billing: Path, fake_api: FakeMessagesAPI, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(_args(billing, "--max-cost", "0.000001")) == 2
    assert "is above --max-cost" in capsys.readouterr().err
    assert fake_api.requests == []


def test_an_unknown_reviewer_is_a_clear_error(
    billing: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(_args(billing, "--reviewers", "rules,nope")) == 2
    assert "unknown reviewer(s): nope" in capsys.readouterr().err
