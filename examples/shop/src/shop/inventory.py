"""Stock checks and reservations at checkout."""

import sqlite3

from shop.db import get_product, save_product
from shop.errors import InvalidRequest
from shop.models import Cart

LOW_STOCK_LEVEL = 5


def check_stock(conn: sqlite3.Connection, cart: Cart) -> None:
    """Raise InvalidRequest naming the first line the shop cannot fulfil."""
    for item in cart.items:
        product = get_product(conn, item.sku)
        if product.stock < item.quantity:
            raise InvalidRequest(f"only {product.stock} of {product.name} left")


def reserve_stock(conn: sqlite3.Connection, cart: Cart) -> list[str]:
    """Take the cart's items out of stock; returns the SKUs now running low."""
    low: list[str] = []
    for item in cart.items:
        product = get_product(conn, item.sku)
        remaining = product.stock - item.quantity
        save_product(conn, product.__class__(product.sku, product.name, product.price, remaining))
        if remaining <= LOW_STOCK_LEVEL:
            low.append(product.sku)
    return low
