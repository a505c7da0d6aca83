from decimal import Decimal

import pytest

from shop.db import get_product, list_products, save_order, set_order_status
from shop.errors import NotFound
from shop.models import Order, OrderStatus


def test_get_product(db):
    assert get_product(db, "MUG-01").price == Decimal("12.50")


def test_missing_product_raises_not_found(db):
    with pytest.raises(NotFound):
        get_product(db, "NOPE")


def test_list_products_in_name_order(db):
    assert [p.name for p in list_products(db)] == ["Enamel mug", "Organic tee"]


def test_order_status_update(db):
    save_order(db, Order("o-1", "cust-1", Decimal("10.00")))
    set_order_status(db, "o-1", OrderStatus.PAID)
    row = db.execute("SELECT status FROM orders WHERE order_id = 'o-1'").fetchone()
    assert row["status"] == "paid"
