// Storefront entry point: loads the catalogue and wires the add-to-cart buttons.

import { fetchProducts } from "./api";
import { addItemAndRender } from "./cart";
import { formatMoney, stockLabel } from "./format";

export async function renderCatalogue(root: HTMLElement): Promise<void> {
  const products = await fetchProducts();
  root.innerHTML = products
    .map(
      (p) =>
        `<li data-sku="${p.sku}">${p.name} ${formatMoney(p.price)} <small>${stockLabel(p.stock)}</small>` +
        `<button>Add</button></li>`,
    )
    .join("");
  root.querySelectorAll("button").forEach((button) => {
    button.addEventListener("click", async () => {
      const sku = button.parentElement?.dataset.sku ?? "";
      document.getElementById("cart")!.textContent = await addItemAndRender(sku);
    });
  });
}

renderCatalogue(document.getElementById("catalogue")!);
