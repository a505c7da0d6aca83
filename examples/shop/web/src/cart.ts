// Cart widget state: keeps the last summary from the API and renders it.

import { addToCart, applyCoupon } from "./api";
import { formatMoney } from "./format";
import type { CartSummary } from "./types";

export const EMPTY_CART: CartSummary = { items: 0, subtotal: "0", discount: "0", total: "0" };

export function renderCartSummary(summary: CartSummary): string {
  const lines = [`${summary.items} item(s)`, `Subtotal ${formatMoney(summary.subtotal)}`];
  if (Number(summary.discount) > 0) {
    lines.push(`Discount -${formatMoney(summary.discount)}`);
  }
  lines.push(`Total ${formatMoney(summary.total)}`);
  return lines.join("\n");
}

export async function addItemAndRender(sku: string, quantity = 1): Promise<string> {
  const summary = await addToCart(sku, quantity);
  return renderCartSummary(summary);
}

export async function redeemCoupon(code: string): Promise<string> {
  const summary = await applyCoupon(code.trim());
  return renderCartSummary(summary);
}
