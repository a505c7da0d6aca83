"""Errors the API turns into HTTP responses."""


class ShopError(Exception):
    """Base class: carries the HTTP status the API should answer with."""

    status = 500

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(ShopError):
    status = 404


class InvalidRequest(ShopError):
    status = 400


class PaymentDeclined(ShopError):
    status = 402
