"""Catalogue endpoints: GET /products and GET /products/{sku}."""

from shop.api.base import Request, Response, handles_errors, json_response
from shop.db import get_product, list_products

DEFAULT_PAGE_SIZE = 20


@handles_errors
def list_products_handler(request: Request) -> Response:
    """The catalogue, one page at a time."""
    limit = int(request.params.get("limit", DEFAULT_PAGE_SIZE))
    products = list_products(request.db, limit=limit)
    return json_response([p.__dict__ for p in products])


@handles_errors
def get_product_handler(request: Request, sku: str) -> Response:
    """One product by SKU; 404 when unknown."""
    product = get_product(request.db, sku)
    return json_response(product.__dict__)
