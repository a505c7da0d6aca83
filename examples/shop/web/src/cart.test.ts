import { describe, expect, it } from "vitest";

import { EMPTY_CART, renderCartSummary } from "./cart";

describe("renderCartSummary", () => {
  it("hides the discount line when there is none", () => {
    expect(renderCartSummary(EMPTY_CART)).not.toContain("Discount");
  });

  it("shows the discount when a coupon applies", () => {
    const text = renderCartSummary({ items: 2, subtotal: "25", discount: "2.5", total: "27" });
    expect(text).toContain("Discount -€2.50");
  });
});
