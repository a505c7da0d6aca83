"""Settings read once from the environment at start-up."""

import os
from dataclasses import dataclass

DEFAULT_DB_PATH = "shop.sqlite3"
DEFAULT_PAYMENTS_URL = "https://payments.example.com"
REQUEST_TIMEOUT_SECONDS = 10.0
MAX_CART_ITEMS = 50


@dataclass(frozen=True)
class Settings:
    """Runtime settings for the service."""

    api_key: str
    db_path: str
    payments_url: str


def load_settings() -> Settings:
    """Build the settings from SHOP_* environment variables."""
    return Settings(
        api_key=os.environ.get("SHOP_API_KEY", ""),
        db_path=os.environ.get("SHOP_DB_PATH", DEFAULT_DB_PATH),
        payments_url=os.environ.get("SHOP_PAYMENTS_URL", DEFAULT_PAYMENTS_URL),
    )
