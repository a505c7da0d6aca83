"""Reliability fixtures: the ledger workspace with planted secrets, the fake API, outcome records.

With `RELIABILITY_REPORT=path` set, every case appends one JSON line to that file:
{group, case, survived, skipped, reason, data_lost}. `bench/reliability.py` runs this folder
with it and renders the figures table. A module names its group in `RELIABILITY_GROUP`; a
test that can lose data says how much it lost with `data_loss.record(n)` before asserting.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.fakeapi import FakeMessagesAPI, RecordedRequest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "reliability"
REPORT_ENV = "RELIABILITY_REPORT"

# Planted at test time rather than committed, so no secret scanner ever flags the repo.
# Each value is distinctive: finding any of them in a request body is a leak.
PLANTED: dict[str, str] = {
    ".env": (
        "LEDGER_DB_PASSWORD=Pl4nted-Env-Passw0rd\n"
        "STRIPE_SECRET_KEY=sk_live_PlantedEnvStripeKey0123456789\n"
    ),
    "deploy/id_rsa": (
        "-----BEGIN OPENSSH PRIVATE KEY-----\n"
        "b3BlbnNzaC1rZXktdjEAAAAAPLANTEDKEYMATERIALDONOTSEND000000000000\n"
        "-----END OPENSSH PRIVATE KEY-----\n"
    ),
    "config/secrets.yaml": "gateway:\n  signing_secret: Pl4nted-Yaml-Signing-Secret\n",
}
# A token left in a source file: the code around it may be sent, the token never.
GATEWAY_SECRETS = (
    "# Left here during an incident; rotated since (still: never send it anywhere).\n"
    'GATEWAY_TOKEN = "ghp_PlantedGatewayToken0123456789abcdefXYZ"\n'
    'WEBHOOK_URL = "https://hooks:Pl4nted-Hook-Passw0rd@gateway.internal/settled"\n'
)
SECRET_VALUES = (
    "Pl4nted-Env-Passw0rd",
    "sk_live_PlantedEnvStripeKey0123456789",
    "PLANTEDKEYMATERIALDONOTSEND",
    "Pl4nted-Yaml-Signing-Secret",
    "ghp_PlantedGatewayToken0123456789abcdefXYZ",
    "Pl4nted-Hook-Passw0rd",
    "Pl4nted-Db-Passw0rd",  # in CLAUDE.md, a rule file: the URL may go, the password not
)

# Every request any fake API received in this session, for the final scan.
SESSION_REQUESTS: list[RecordedRequest] = []


def plant_secrets(root: Path) -> None:
    for rel, text in PLANTED.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    gateway = root / "src/ledger/gateway.py"
    text = gateway.read_text(encoding="utf-8")
    gateway.write_text(text.replace('WEBHOOK_PATH = "/settled"\n', GATEWAY_SECRETS), "utf-8")


def copy_ledger(destination: Path) -> Path:
    """A private copy of the ledger workspace, its own git root, with secrets planted."""
    root = destination / "ledger"
    shutil.copytree(FIXTURES / "ledger", root)
    (root / ".git").mkdir()
    plant_secrets(root)
    return root


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    return copy_ledger(tmp_path)


@pytest.fixture
def fake_api() -> Iterator[FakeMessagesAPI]:
    with FakeMessagesAPI() as api:
        yield api
        SESSION_REQUESTS.extend(api.requests)


@pytest.fixture(scope="module")
def module_api() -> Iterator[FakeMessagesAPI]:
    """One fake API for a module whose tests share one server session."""
    with FakeMessagesAPI() as api:
        yield api
        SESSION_REQUESTS.extend(api.requests)


# --- outcome records ------------------------------------------------------------------------


@dataclass
class DataLoss:
    """How many user edits or committed records a case lost (the figures need 0)."""

    lost: int = 0
    checked: bool = False

    def record(self, lost: int) -> None:
        self.lost = lost
        self.checked = True


@pytest.fixture
def data_loss() -> DataLoss:
    return DataLoss()


def _record_line(item: pytest.Item, report: pytest.TestReport) -> dict[str, Any]:
    group = getattr(item.module, "RELIABILITY_GROUP", item.module.__name__)  # type: ignore[attr-defined]
    loss = getattr(item, "funcargs", {}).get("data_loss")
    skipped = report.skipped
    reason = ""
    if skipped and isinstance(report.longrepr, tuple):
        reason = str(report.longrepr[2]).removeprefix("Skipped: ")
    return {
        "group": group,
        "case": item.name,
        "survived": report.passed,
        "skipped": skipped,
        "reason": reason,
        "data_lost": loss.lost if isinstance(loss, DataLoss) else 0,
        "data_checked": bool(isinstance(loss, DataLoss) and loss.checked),
    }


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report: pytest.TestReport = yield
    target = os.environ.get(REPORT_ENV)
    decisive = report.when == "call" or (report.when == "setup" and not report.passed)
    if target and decisive:
        with open(target, "a", encoding="utf-8") as out:
            out.write(json.dumps(_record_line(item, report)) + "\n")
    return report


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The session-wide secret scan runs after every test that talks to a fake API."""
    last = [i for i in items if i.get_closest_marker("after_all_requests")]
    rest = [i for i in items if not i.get_closest_marker("after_all_requests")]
    items[:] = rest + last


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "after_all_requests: runs once every other test has sent its requests"
    )
