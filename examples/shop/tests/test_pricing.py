from decimal import Decimal

from shop.models import Cart, CartItem
from shop.pricing import cart_subtotal, cart_total, computeDiscount, round_money


def make_cart(quantity=1, coupon=None):
    return Cart("cust-1", [CartItem("MUG-01", quantity, Decimal("12.50"))], coupon=coupon)


def test_subtotal_sums_lines():
    assert cart_subtotal(make_cart(quantity=2)) == Decimal("25.00")


def test_coupon_discount():
    assert computeDiscount(make_cart(quantity=2, coupon="WELCOME10")) == Decimal("2.50")


def test_bulk_discount_applies_from_ten_items():
    assert computeDiscount(make_cart(quantity=10)) == Decimal("6.25")


def test_unknown_coupon_gives_nothing():
    assert computeDiscount(make_cart(coupon="FREE")) == Decimal("0.00")


def test_total_includes_tax():
    assert cart_total(make_cart()) == Decimal("15.00")


def test_round_money_rounds_half_up():
    assert round_money(Decimal("0.125")) == Decimal("0.13")
