"""Fixtures of the review tests: the fake Messages API and the billing workspace."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.fakeapi import FakeMessagesAPI
from tests.fakeapi.fixtures import fake_api

__all__ = ["fake_api"]

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture
def billing(tmp_path: Path, fake_api: FakeMessagesAPI, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the billing workspace, with the model calls going to the fake API."""
    root = tmp_path / "billing"
    shutil.copytree(FIXTURES / "llm" / "billing", root)
    monkeypatch.setenv("ANTHROPIC_API_KEY", "test-key")
    monkeypatch.setenv("ANTHROPIC_BASE_URL", fake_api.url)
    return root
