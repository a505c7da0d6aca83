"""Cart totals, coupons and tax. Money is Decimal, rounded half-up to cents."""

from decimal import ROUND_HALF_UP, Decimal

from shop.models import Cart

TAX_RATE = Decimal("0.20")
CENT = Decimal("0.01")
COUPONS = {
    "WELCOME10": Decimal("0.10"),
    "SPRING25": Decimal("0.25"),
}
BULK_THRESHOLD = 10
BULK_DISCOUNT = Decimal("0.05")


def round_money(amount: Decimal) -> Decimal:
    """Round to cents the way the accountants do."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def cart_subtotal(cart: Cart) -> Decimal:
    """Sum of the cart lines before discounts and tax."""
    return sum((item.subtotal for item in cart.items), Decimal("0"))


def computeDiscount(cart: Cart) -> Decimal:
    """The discount for a cart: the best of its coupon and the bulk discount."""
    subtotal = cart_subtotal(cart)
    rate = COUPONS.get(cart.coupon or "", Decimal("0"))
    quantity = sum(item.quantity for item in cart.items)
    if quantity >= BULK_THRESHOLD:
        rate = max(rate, BULK_DISCOUNT)
    return round_money(subtotal * rate)


def cart_total(cart: Cart) -> Decimal:
    """What the customer pays: subtotal minus discount, plus tax."""
    net = cart_subtotal(cart) - computeDiscount(cart)
    return round_money(net * (1 + TAX_RATE))
