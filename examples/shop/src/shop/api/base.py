"""The request and response types every handler uses, and the error mapping."""

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps

from shop.config import Settings
from shop.errors import ShopError

JSON_TYPE = "application/json"


@dataclass
class Request:
    """An incoming request, already routed."""

    method: str
    path: str
    params: dict[str, str] = field(default_factory=dict)
    body: dict = field(default_factory=dict)
    customer_id: str | None = None
    db: sqlite3.Connection | None = None
    settings: Settings | None = None


@dataclass(frozen=True)
class Response:
    """What a handler returns."""

    status: int
    body: str
    content_type: str = JSON_TYPE


def json_response(data: object, status: int = 200) -> Response:
    """A JSON response; Decimals are written as strings."""
    return Response(status=status, body=json.dumps(data, default=str))


def error_response(error: ShopError) -> Response:
    """The JSON error envelope the storefront expects."""
    return json_response({"error": {"message": error.message}}, status=error.status)


def handles_errors(handler: Callable[..., Response]) -> Callable[..., Response]:
    """Turn ShopError into its HTTP response instead of a 500."""

    @wraps(handler)
    def wrapper(request: Request, *args: object) -> Response:
        try:
            return handler(request, *args)
        except ShopError as error:
            return error_response(error)

    return wrapper
