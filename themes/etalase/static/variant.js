/* Etalase variant picker, on the pages of products with options (product.html).
   Reads every combination from the page's table (the page without JavaScript), shows the options as
   pills instead, and gives the page the chosen combination's price, stock words, photo, order links
   and cart data. The address carries the choice (?variant=<key>), so a shared link opens it.
   A row has one order link (WhatsApp, else e-mail); the e-mail button gets the same message. */
(() => {
const $ = (s, r = document) => r.querySelector(s), $$ = (s, r = document) => [...r.querySelectorAll(s)];
const picker = $(".variant-picker"), table = $(".combinations");
if (!picker || !table) return;
const fieldsets = $$("fieldset", picker), n = fieldsets.length;
const names = $$("thead th", table).slice(0, n).map(th => th.textContent);
const values = row => [...row.cells].slice(0, n).map(cell => cell.textContent); // the first cells: one per option
const rows = new Map($$("tbody tr", table).map(row => [values(row).join("\n"), row]));
const orderable = row => row && !row.classList.contains("not-orderable");
const clone = node => node.cloneNode(true);

const price = $(".product .price"), saleUntil = $(".product .sale-until"), stockNote = $(".product .availability-note");
const note = $(".variant-note"), order = $(".order"), status = $(".variant-status", picker);
const whatsapp = $(".order .button-whatsapp"), email = $(".email-order"); // the e-mail order: in the bar, or below it
const form = $("form.add-to-cart"), gallery = $(".gallery"), photos = gallery ? [...gallery.children] : [];
const sku = $(".fact-sku"), weight = $(".fact-weight");
const thumbs = $$(".thumbs img").map(img => img.getAttribute("src")); // each photo's, for the cart line
let badge = $(".product .availability .badge"), current;

const text = (element, words) => { if (element) { element.textContent = words || ""; element.hidden = !words; } };
const chosen = () => fieldsets.map(f => ($("input:checked", f) || {}).value).join("\n");

const show = (row, announce) => {
  current = row;
  const d = row.dataset, ok = orderable(row), own = values(row), photo = +d.photo || 0;
  const label = own.map((value, i) => names[i] + " " + value).join(", ");
  const url = location.pathname + "?variant=" + encodeURIComponent(d.key), link = $("td a", row);
  price.replaceChildren(...[...$(".variant-price", row).childNodes].map(clone));
  badge.replaceWith(badge = clone($(".badge", row)));
  text(saleUntil, d.saleUntil);
  text(stockNote, d.note);
  if (photos[photo]) { gallery.replaceChildren(photos[photo], ...photos.filter(p => p != photos[photo])); gallery.scrollLeft = 0; }
  if (sku && d.sku) sku.textContent = d.sku;
  if (weight && d.weight) weight.textContent = d.weight + " g";
  // each pill: struck through when, with the other choices kept, its combination cannot be ordered
  fieldsets.forEach((f, i) => $$("input", f).forEach(input => {
    const other = rows.get(own.map((value, j) => j == i ? input.value : value).join("\n")), pill = input.labels[0];
    pill.classList.toggle("unavailable", !orderable(other));
    $(".visually-hidden", pill).textContent = orderable(other) || !other ? "" : " (" + $(".badge", other).textContent + ")";
    input.checked = own[i] == input.value;
  }));
  if (email) email.hidden = !ok;
  if (order) {
    order.hidden = !ok;
    if (whatsapp && ok) whatsapp.href = link.href;
    if (email && ok) email.href = link.protocol == "mailto:" ? link.href : email.href.split("?")[0] + "?subject="
      + encodeURIComponent(email.dataset.subject.replace(/(.*){variant}/s, (_, before) => before + label)) + "&body=" + encodeURIComponent(new URL(link.href).searchParams.get("text"));
  }
  if (note) note.hidden = ok;
  if (form) {
    Object.assign(form.dataset, { price: d.amount, sku: d.sku || "", weight: d.weight || "", url, variant: label, values: JSON.stringify(own),
      image: thumbs[photo] || form.dataset.image });
    $("button", form).disabled = !ok;
  }
  if (announce) {
    status.textContent = label + ": " + price.textContent.replace(/\s+/g, " ").trim() + ", " + badge.textContent;
    history.replaceState(history.state, "", url);
  }
};

// Nothing that cannot be ordered goes into the cart: this runs before cart.js's own submit handler
if (form) form.addEventListener("submit", e => {
  if (!orderable(current)) { e.preventDefault(); e.stopImmediatePropagation(); }
}, true);
picker.addEventListener("change", () => { const row = rows.get(chosen()); if (row) show(row, true); });

const all = [...rows.values()], wanted = new URLSearchParams(location.search).get("variant");
show(all.find(row => row.dataset.key == wanted) || all.find(orderable) || all[0], false);
picker.classList.add("ready"); // style.css shows it already where the browser knows scripts run
table.hidden = true; // the pills show the same choices: one list, not two
})();
