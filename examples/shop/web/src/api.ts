// Thin wrappers over fetch for the shop API; every call goes through requestJson.

import type { ApiError, CartSummary, Product } from "./types";

export const API_BASE = "/api";

export class ShopApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export async function requestJson<T>(path: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(`${API_BASE}${path}`, {
    ...init,
    headers: { "Content-Type": "application/json", ...init.headers },
  });
  if (!response.ok) {
    const body = (await response.json()) as ApiError;
    throw new ShopApiError(body.error.message, response.status);
  }
  return (await response.json()) as T;
}

export function fetchProducts(limit = 20): Promise<Product[]> {
  return requestJson<Product[]>(`/products?limit=${limit}`);
}

export function addToCart(sku: string, quantity: number): Promise<CartSummary> {
  return requestJson<CartSummary>("/cart/items", {
    method: "POST",
    body: JSON.stringify({ sku, quantity }),
  });
}

export function applyCoupon(code: string): Promise<CartSummary> {
  return requestJson<CartSummary>("/cart/coupon", {
    method: "POST",
    body: JSON.stringify({ code }),
  });
}
