/* Etalase: the header's cart link on every page, shown once the cart holds something (cart.js keeps the cart,
   under the same key: "etalase-cart:" + the catalog's URL). */
for (const link of document.querySelectorAll(".cart-link[data-cart]")) {
  let lines = [];
  try { lines = [].concat(JSON.parse(localStorage.getItem("etalase-cart:" + link.dataset.cart)) || []); } catch (e) { /* storage off */ }
  const items = lines.reduce((sum, line) => sum + (line && line.qty > 0 ? line.qty : 0), 0);
  if (items) {
    link.hidden = false;
    const badge = link.querySelector(".cart-count");
    if (badge) badge.textContent = "(" + items + ")";
  }
}
