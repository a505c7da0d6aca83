from decimal import Decimal

import pytest

from shop.errors import InvalidRequest
from shop.inventory import check_stock, reserve_stock
from shop.models import Cart, CartItem


def test_check_stock_names_the_short_product(db):
    cart = Cart("cust-1", [CartItem("TEE-02", 4, Decimal("24.00"))])
    with pytest.raises(InvalidRequest, match="only 3 of Organic tee left"):
        check_stock(db, cart)


def test_reserve_stock_reports_low_items(db):
    cart = Cart("cust-1", [CartItem("MUG-01", 4, Decimal("12.50"))])
    assert reserve_stock(db, cart) == ["MUG-01"]
