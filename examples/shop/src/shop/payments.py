"""Charging customers through the payment provider."""

from decimal import Decimal

import httpx

from shop.errors import PaymentDeclined
from shop.http_client import ServiceClient

CHARGE_PATH = "/v2/charges"


def charge(client: ServiceClient, order_id: str, amount: Decimal, token: str) -> str:
    """Charge a card token; returns the provider's charge id."""
    try:
        answer = client.post_json(
            CHARGE_PATH,
            {"reference": order_id, "amount": str(amount), "source": token},
        )
    except httpx.HTTPStatusError as exc:
        if exc.response.status_code == 402:
            raise PaymentDeclined("the card was declined") from exc
        raise
    return answer["id"]


def refund(client: ServiceClient, charge_id: str) -> None:
    """Refund a charge in full."""
    client.post_json(f"{CHARGE_PATH}/{charge_id}/refund", {})
