"""Domain types shared by the API handlers, pricing and the database layer."""

from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum


class OrderStatus(str, Enum):
    """Where an order is in its life."""

    PENDING = "pending"
    PAID = "paid"
    SHIPPED = "shipped"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class Product:
    """A product in the catalogue. Prices are in the shop's currency."""

    sku: str
    name: str
    price: Decimal
    stock: int = 0


@dataclass(frozen=True)
class CartItem:
    """One line of a cart."""

    sku: str
    quantity: int
    unit_price: Decimal

    @property
    def subtotal(self) -> Decimal:
        return self.unit_price * self.quantity


@dataclass
class Cart:
    """A customer's cart before checkout."""

    customer_id: str
    items: list[CartItem] = field(default_factory=list)
    coupon: str | None = None


@dataclass(frozen=True)
class Order:
    """A placed order."""

    order_id: str
    customer_id: str
    total: Decimal
    status: OrderStatus = OrderStatus.PENDING
