"""Shipping quotes from the carrier's rate API."""

from decimal import Decimal

import requests

CARRIER_URL = "https://rates.carrier.example.com/v1/quote"
FREE_SHIPPING_OVER = Decimal("75.00")


def shipping_quote(postcode: str, weight_grams: int, order_total: Decimal) -> Decimal:
    """Price of shipping an order; free above FREE_SHIPPING_OVER."""
    if order_total >= FREE_SHIPPING_OVER:
        return Decimal("0.00")
    response = requests.get(
        CARRIER_URL, params={"postcode": postcode, "grams": weight_grams}, timeout=10
    )
    response.raise_for_status()
    return Decimal(str(response.json()["price"]))
