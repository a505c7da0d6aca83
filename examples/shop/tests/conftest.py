"""Shared fixtures: an in-memory database with a small catalogue."""

from decimal import Decimal

import pytest

from shop.api.base import Request
from shop.db import connect, save_product
from shop.models import Product


@pytest.fixture
def db():
    conn = connect(":memory:")
    save_product(conn, Product("MUG-01", "Enamel mug", Decimal("12.50"), stock=8))
    save_product(conn, Product("TEE-02", "Organic tee", Decimal("24.00"), stock=3))
    conn.commit()
    yield conn
    conn.close()


@pytest.fixture
def request_for(db):
    def make(body=None, customer_id="cust-1", params=None):
        return Request("POST", "/", params=params or {}, body=body or {}, customer_id=customer_id, db=db)

    return make
