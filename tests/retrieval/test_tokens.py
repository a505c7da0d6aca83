"""The local token estimate: zero for nothing, close to a real tokenizer's count, monotone."""

from __future__ import annotations

import pytest

from steering_index.tokens import estimate_tokens

# Counts from the offline reference tokenizer (the Claude tokenizer.json that anthropic
# 0.34.2 shipped, loaded with `tokenizers`); bench/retrieval_tokens.py measures the same
# reference over a larger corpus.
SAMPLES = {
    "python": (
        102,
        '''def apply_discount(order: Order, percent: Decimal) -> Money:
    """Return the order total after a percentage discount, rounded to cents."""
    if not 0 <= percent <= 100:
        raise ValueError(f"discount must be between 0 and 100, got {percent}")
    total = sum(line.unit_price * line.quantity for line in order.lines)
    return Money((total * (100 - percent) / 100).quantize(Decimal("0.01")))
''',
    ),
    "typescript": (
        92,
        """export async function fetchCart(client: ApiClient, cartId: string): Promise<Cart> {
  const response = await client.get(`/carts/${encodeURIComponent(cartId)}`);
  if (!response.ok) {
    throw new CartError(`cart ${cartId} could not be loaded: ${response.status}`);
  }
  return (await response.json()) as Cart;
}
""",
    ),
    "go": (
        120,
        """func (s *Store) FindOrder(ctx context.Context, id int64) (*Order, error) {
\trow := s.db.QueryRowContext(ctx, "SELECT id, total_cents FROM orders WHERE id = $1", id)
\tvar o Order
\tif err := row.Scan(&o.ID, &o.TotalCents); err != nil {
\t\treturn nil, fmt.Errorf("find order %d: %w", id, err)
\t}
\treturn &o, nil
}
""",
    ),
    "markdown": (
        61,
        """## Error handling

- Raise domain errors from `shop.errors` (`NotFound`, `Conflict`), never bare `Exception`.
- API handlers translate them into HTTP status codes in one place: `api/base.py`.
- Log with the module logger; do not print.
""",
    ),
}


def test_empty_text_costs_nothing_and_any_text_costs_something() -> None:
    assert estimate_tokens("") == 0
    assert estimate_tokens(" ") == 1
    assert estimate_tokens("x") == 1


@pytest.mark.parametrize("language", sorted(SAMPLES))
def test_estimate_is_close_to_the_reference_tokenizer(language: str) -> None:
    reference, text = SAMPLES[language]
    assert abs(estimate_tokens(text) - reference) <= 0.15 * reference


def test_more_text_never_costs_fewer_tokens() -> None:
    _, text = SAMPLES["python"]
    assert estimate_tokens(text * 3) >= 2 * estimate_tokens(text)
    lines = text.splitlines(keepends=True)
    counts = [estimate_tokens("".join(lines[:n])) for n in range(1, len(lines) + 1)]
    assert counts == sorted(counts)


def test_non_ascii_text_is_counted_not_ignored() -> None:
    assert estimate_tokens("日本語のテキストです。") >= 8
    assert estimate_tokens("😀🎉🚀👍") >= 8
    assert estimate_tokens("café") > estimate_tokens("caf")
