import json

from shop.api.cart import add_item_handler, apply_coupon_handler


def test_add_item_returns_totals(request_for):
    response = add_item_handler(request_for({"sku": "MUG-01", "quantity": 2}, customer_id="c-add"))
    assert response.status == 201
    assert json.loads(response.body)["subtotal"] == "25.00"


def test_coupon_is_case_insensitive(request_for):
    add_item_handler(request_for({"sku": "MUG-01"}, customer_id="c-coupon"))
    response = apply_coupon_handler(request_for({"code": "welcome10"}, customer_id="c-coupon"))
    assert json.loads(response.body)["discount"] == "1.25"


def test_anonymous_cart_is_rejected(request_for):
    response = add_item_handler(request_for({"sku": "MUG-01"}, customer_id=None))
    assert response.status == 400
