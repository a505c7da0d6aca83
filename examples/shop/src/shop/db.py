"""SQLite access: every query the service runs lives here."""

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

from shop.errors import NotFound
from shop.models import Order, OrderStatus, Product

SCHEMA = """
CREATE TABLE IF NOT EXISTS products (
    sku TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    price TEXT NOT NULL,
    stock INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS orders (
    order_id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL,
    total TEXT NOT NULL,
    status TEXT NOT NULL
);
"""


def connect(path: str) -> sqlite3.Connection:
    """Open the database and make sure the schema exists."""
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    conn.executescript(SCHEMA)
    return conn


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """Commit on success, roll back on any error."""
    try:
        yield conn
        conn.commit()
    except Exception:
        conn.rollback()
        raise


def get_product(conn: sqlite3.Connection, sku: str) -> Product:
    """Load one product or raise NotFound."""
    row = conn.execute("SELECT * FROM products WHERE sku = ?", (sku,)).fetchone()
    if row is None:
        raise NotFound(f"no product {sku}")
    return Product(sku=row["sku"], name=row["name"], price=Decimal(row["price"]), stock=row["stock"])


def list_products(conn: sqlite3.Connection, limit: int = 100) -> list[Product]:
    """Products in name order."""
    rows = conn.execute("SELECT * FROM products ORDER BY name LIMIT ?", (limit,)).fetchall()
    return [
        Product(sku=r["sku"], name=r["name"], price=Decimal(r["price"]), stock=r["stock"])
        for r in rows
    ]


def save_product(conn: sqlite3.Connection, product: Product) -> None:
    """Insert or replace a product."""
    conn.execute(
        "INSERT OR REPLACE INTO products (sku, name, price, stock) VALUES (?, ?, ?, ?)",
        (product.sku, product.name, str(product.price), product.stock),
    )


def save_order(conn: sqlite3.Connection, order: Order) -> None:
    """Insert a new order."""
    conn.execute(
        "INSERT INTO orders (order_id, customer_id, total, status) VALUES (?, ?, ?, ?)",
        (order.order_id, order.customer_id, str(order.total), order.status.value),
    )


def set_order_status(conn: sqlite3.Connection, order_id: str, status: OrderStatus) -> None:
    """Move an order to a new status."""
    cur = conn.execute("UPDATE orders SET status = ? WHERE order_id = ?", (status.value, order_id))
    if cur.rowcount == 0:
        raise NotFound(f"no order {order_id}")
