// Shapes of the JSON the shop API returns. Money arrives as decimal strings.

export interface Product {
  sku: string;
  name: string;
  price: string;
  stock: number;
}

export interface CartSummary {
  items: number;
  subtotal: string;
  discount: string;
  total: string;
}

export interface ApiError {
  error: { message: string };
}
