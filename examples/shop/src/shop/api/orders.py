"""Checkout: POST /orders turns the cart into a paid order."""

import uuid

from shop.api.base import Request, Response, handles_errors, json_response
from shop.api.cart import cart_for
from shop.db import save_order, set_order_status, transaction
from shop.http_client import ServiceClient
from shop.inventory import check_stock, reserve_stock
from shop.models import Order, OrderStatus
from shop.payments import charge
from shop.pricing import cart_total


@handles_errors
def create_order_handler(request: Request) -> Response:
    """Check stock, charge the card, then record the order and reserve stock."""
    cart = cart_for(request)
    check_stock(request.db, cart)
    order = Order(
        order_id=uuid.uuid4().hex, customer_id=cart.customer_id, total=cart_total(cart)
    )
    client = ServiceClient(request.settings.payments_url, request.settings)
    try:
        charge(client, order.order_id, order.total, request.body["payment_token"])
    finally:
        client.close()
    with transaction(request.db) as conn:
        save_order(conn, order)
        set_order_status(conn, order.order_id, OrderStatus.PAID)
        low_stock = reserve_stock(conn, cart)
    cart.items.clear()
    return json_response({"order_id": order.order_id, "low_stock": low_stock}, status=201)
