import json

from shop.api.products import get_product_handler, list_products_handler


def test_list_products(request_for):
    response = list_products_handler(request_for(params={"limit": "1"}))
    assert response.status == 200
    assert len(json.loads(response.body)) == 1


def test_unknown_product_is_404(request_for):
    response = get_product_handler(request_for(), "NOPE")
    assert response.status == 404
    assert json.loads(response.body)["error"]["message"] == "no product NOPE"
