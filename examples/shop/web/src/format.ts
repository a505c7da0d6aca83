// Display helpers: money and stock labels as the storefront shows them.

export const CURRENCY = "EUR";
export const LOW_STOCK_LEVEL = 5;

const moneyFormat = new Intl.NumberFormat("en-IE", { style: "currency", currency: CURRENCY });

export function formatMoney(amount: string): string {
  return moneyFormat.format(Number(amount));
}

export function stockLabel(stock: number): string {
  if (stock === 0) {
    return "Out of stock";
  }
  return stock <= LOW_STOCK_LEVEL ? `Only ${stock} left` : "In stock";
}
