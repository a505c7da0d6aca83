import { describe, expect, it } from "vitest";

import { formatMoney, stockLabel } from "./format";

describe("formatMoney", () => {
  it("formats decimal strings as euros", () => {
    expect(formatMoney("12.5")).toBe("€12.50");
  });
});

describe("stockLabel", () => {
  it("warns when stock is low", () => {
    expect(stockLabel(3)).toBe("Only 3 left");
  });

  it("says when a product is gone", () => {
    expect(stockLabel(0)).toBe("Out of stock");
  });
});
