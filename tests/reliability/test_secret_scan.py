"""The last word on secrets: no request any fake API received in this session carries one.

Every fake Messages API in tests/reliability hands its recorded requests to one session-wide
list when it stops; this test runs after all of them (see conftest) and scans every body.
"""

from __future__ import annotations

import pytest

from tests.reliability.conftest import SECRET_VALUES, SESSION_REQUESTS

RELIABILITY_GROUP = "security"


@pytest.mark.after_all_requests
def test_no_recorded_request_of_the_session_carries_a_planted_secret() -> None:
    if not SESSION_REQUESTS:
        pytest.skip("no test that sends model requests ran in this session")
    leaks = [
        (request.path, secret)
        for request in SESSION_REQUESTS
        for secret in SECRET_VALUES
        if secret in request.text or any(secret in value for value in request.headers.values())
    ]
    assert leaks == []
    # The scan looked at real requests: the workspace code around the secrets went out.
    assert any("ledger" in request.text for request in SESSION_REQUESTS)
