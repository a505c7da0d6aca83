"""Shop: catalogue, carts, pricing and checkout."""

__version__ = "0.4.0"
