"""The reviewers, end to end through the real SDK and the fake Messages API."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from steering_index.llm.tiers import Credentials, LadderSettings
from steering_index.model import ContextItem
from steering_index.review.engine import merge, review_text
from steering_index.review.reviewed import Reviewed
from steering_index.review.reviewers import (
    BUILTIN,
    load_project_reviewers,
    select_reviewers,
)
from tests.fakeapi import FakeMessagesAPI

PATH = "src/billing/fees.py"
TEXT = (
    "import pickle\n"
    "API_KEY = 'sk-ant-api03-" + "A" * 40 + "'\n"
    "def lateFee(total, days):\n"
    "    return float(total) * 0.02 * days\n"
    "def load(blob):\n"
    "    return pickle.loads(blob)\n"
)
MONEY = ContextItem("rule", "agents:money", "Money", "Money is Decimal, never float.", "r", 8, True)
NAMES = ContextItem(
    "convention", "naming.python.function", "snake_case", "snake_case: 41 of 42", "c", 6, True
)
SPEC = ContextItem("spec", "REQ-7", "Late fee", "REQ-7: 2% per started month.", "s", 8, False)
ITEMS = [MONEY, NAMES, SPEC]


def _reply(match: str, findings: list[dict[str, object]], delay: float = 0.3) -> dict[str, object]:
    return {
        "match": match,
        "name": "report_findings",
        "delay_s": delay,
        "input": {"findings": findings},
    }


def _finding(first: int, last: int, severity: str, message: str, **extra: object) -> dict:
    return {
        "first_line": first,
        "last_line": last,
        "severity": severity,
        "message": message,
    } | extra


@pytest.fixture
def settings(fake_api: FakeMessagesAPI) -> LadderSettings:
    return LadderSettings(base_url=fake_api.url, max_retries=0)


def _credentials(settings: LadderSettings) -> Credentials:
    return Credentials(api_key="test-key", base_url=settings.base_url)


async def test_reviewers_run_concurrently_each_with_its_own_context_and_findings_merge(
    fake_api: FakeMessagesAPI, settings: LadderSettings, caplog: pytest.LogCaptureFixture
) -> None:
    fee_float = _finding(4, 4, "medium", "money as float", rule_id="agents:money")
    fake_api.script(
        [
            _reply(
                "the rules reviewer",
                [fee_float, _finding(9, 12, "high", "out of range")],
            ),
            _reply(
                "the conventions reviewer",
                [
                    _finding(
                        3,
                        3,
                        "low",
                        "camelCase",
                        rule_id="naming.python.function",
                        replacement="def late_fee(total, days):",
                    ),
                    _finding(3, 3, "low", "cites a rule it was not shown", rule_id="agents:money"),
                ],
            ),
            _reply("the security reviewer", [_finding(6, 6, "high", "pickle on untrusted data")]),
            _reply(
                "the spec reviewer", [fee_float | {"severity": "high", "rule_id": "agents:money"}]
            ),
        ]
    )
    reviewers = select_reviewers(("rules", "conventions", "security", "spec"), {})
    with caplog.at_level(logging.WARNING):
        runs = await review_text(
            Reviewed(PATH, TEXT), ITEMS, reviewers, settings, _credentials(settings)
        )
    assert [r.error for r in runs] == [None] * 4
    requests = fake_api.finished_requests()
    assert len(requests) == 4
    # All four were in flight at the same time: each began before any had finished.
    assert max(r.started for r in requests) < min(r.finished for r in requests)
    by_reviewer = {
        name: next(r for r in requests if f"the {name} reviewer" in r.text)
        for name in ("rules", "conventions", "security", "spec")
    }
    assert "Money is Decimal" in by_reviewer["rules"].text
    assert "snake_case: 41" not in by_reviewer["rules"].text
    assert "REQ-7" not in by_reviewer["rules"].text
    assert "snake_case: 41" in by_reviewer["conventions"].text
    assert "Money is Decimal" not in by_reviewer["conventions"].text
    assert (
        "REQ-7" in by_reviewer["spec"].text and "Money is Decimal" not in by_reviewer["spec"].text
    )
    # The key in the reviewed text never left the machine.
    assert all("sk-ant-api03-AAAA" not in r.text for r in requests)
    assert all(
        r.body["tool_choice"] == {"type": "tool", "name": "report_findings"} for r in requests
    )
    # Malformed findings are rejected with a logged reason.
    rejected = [reason for r in runs for reason in r.rejected]
    assert any("lines 9-12 are not in the reviewed text (1-6)" in x for x in rejected)
    # The spec reviewer was not shown agents:money, so its citing finding is rejected.
    assert sum("cites 'agents:money'" in x for x in rejected) == 2
    assert "lines 9-12 are not in the reviewed text" in caplog.text
    merged = merge([f for r in runs for f in r.findings])
    assert [(f.first_line, f.severity, f.reviewers) for f in merged] == [
        (3, "low", ("conventions",)),
        (4, "medium", ("rules",)),
        (6, "high", ("security",)),
    ]
    assert merged[0].replacement == "def late_fee(total, days):"


def test_duplicates_from_two_reviewers_merge_into_one_at_the_higher_severity() -> None:
    from steering_index.review.engine import Finding

    a = Finding(PATH, 4, 4, "medium", "float money", ("rules",), "agents:money")
    b = Finding(PATH, 4, 4, "high", "money must be Decimal", ("conventions",), "agents:money")
    (one,) = merge([a, b])
    assert one.severity == "high" and one.reviewers == ("rules", "conventions")


async def test_bounded_concurrency_one_at_a_time(
    fake_api: FakeMessagesAPI, settings: LadderSettings
) -> None:
    fake_api.script([_reply(f"the {n} reviewer", [], delay=0.1) for n in ("rules", "security")])
    reviewers = select_reviewers(("rules", "security"), {})
    await review_text(
        Reviewed(PATH, TEXT), ITEMS, reviewers, settings, _credentials(settings), concurrency=1
    )
    first, second = sorted(fake_api.requests, key=lambda r: r.started)
    assert second.started >= first.finished


def test_project_reviewers_load_and_an_unknown_name_is_a_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / ".steering" / "reviewers"
    folder.mkdir(parents=True)
    (folder / "money.md").write_text("name: money\nkinds: rule\n\nCheck money is Decimal.\n")
    (folder / "empty.md").write_text("name: empty\n\n")
    project = load_project_reviewers(tmp_path)
    assert set(project) == {"money"}
    assert project["money"].kinds == ("rule",) and "Decimal" in project["money"].focus
    assert select_reviewers(("money", "rules"), project)[1] is BUILTIN["rules"]
    with pytest.raises(ValueError, match="unknown reviewer\\(s\\): nope; known: "):
        select_reviewers(("nope",), project)
