"""Cart endpoints: add an item, apply a coupon, show the totals."""

from decimal import Decimal

from shop.api.base import Request, Response, handles_errors, json_response
from shop.config import MAX_CART_ITEMS
from shop.db import get_product
from shop.errors import InvalidRequest
from shop.models import Cart, CartItem

from ..pricing import cart_subtotal, cart_total, computeDiscount

_CARTS: dict[str, Cart] = {}


def cart_for(request: Request) -> Cart:
    """The current customer's cart, created on first use."""
    if request.customer_id is None:
        raise InvalidRequest("sign in to use a cart")
    return _CARTS.setdefault(request.customer_id, Cart(customer_id=request.customer_id))


@handles_errors
def add_item_handler(request: Request) -> Response:
    """Add `quantity` of `sku` to the cart."""
    cart = cart_for(request)
    quantity = int(request.body.get("quantity", 1))
    if quantity < 1 or len(cart.items) >= MAX_CART_ITEMS:
        raise InvalidRequest("quantity must be at least 1 and the cart not full")
    product = get_product(request.db, request.body["sku"])
    cart.items.append(CartItem(sku=product.sku, quantity=quantity, unit_price=product.price))
    return json_response(summary(cart), status=201)


@handles_errors
def apply_coupon_handler(request: Request) -> Response:
    """Set the cart's coupon code."""
    cart = cart_for(request)
    cart.coupon = str(request.body.get("code", "")).upper() or None
    return json_response(summary(cart))


def summary(cart: Cart) -> dict[str, Decimal | int]:
    """The numbers the storefront shows under the cart."""
    return {
        "items": len(cart.items),
        "subtotal": cart_subtotal(cart),
        "discount": computeDiscount(cart),
        "total": cart_total(cart),
    }
