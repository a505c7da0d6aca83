"""A small wrapper around httpx with the service's timeouts and auth header."""

import httpx

from shop.config import REQUEST_TIMEOUT_SECONDS, Settings

USER_AGENT = "shop/0.4"


class ServiceClient:
    """Calls another HTTP service with our API key and timeouts."""

    def __init__(self, base_url: str, settings: Settings) -> None:
        self._client = httpx.Client(
            base_url=base_url,
            timeout=REQUEST_TIMEOUT_SECONDS,
            headers={"Authorization": f"Bearer {settings.api_key}", "User-Agent": USER_AGENT},
        )

    def post_json(self, path: str, payload: dict) -> dict:
        """POST a JSON body and return the decoded JSON answer; raises on HTTP errors."""
        response = self._client.post(path, json=payload)
        response.raise_for_status()
        return response.json()

    def get_json(self, path: str, params: dict | None = None) -> dict:
        """GET and return the decoded JSON answer."""
        response = self._client.get(path, params=params)
        response.raise_for_status()
        return response.json()

    def close(self) -> None:
        self._client.close()
