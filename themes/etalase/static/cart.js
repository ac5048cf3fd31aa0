/* Etalase cart: see README "Cart" */
(() => {
// As order_text.py and links.py (tests/order_rules_cases.json)
const FIELD = /\{\{|\}\}|\{([^{}!:]*)(?:[!:][^{}]*)?\}/g;
const get = (v, n) => ({}).hasOwnProperty.call(v, n) && v[n] || ""; // own keys: not {constructor}
const fill = (t, v) => t.replace(FIELD, (m, n) => n == null ? m[0] : get(v, n));
const messageFromTemplate = (t, v) => t.split("\n").filter(line => {
  const names = [...line.matchAll(FIELD)].filter(m => m[1]);
  return !names.length || names.some(m => get(v, m[1]));
}).map(line => fill(line, v)).join("\n");
const encode = s => encodeURIComponent(s).replace(/[!'()*]/g, c => "%" + c.charCodeAt().toString(16).toUpperCase());
const whatsapp = (link, text) => link + "?text=" + encode(text);
const mailto = (link, subject, body) => link + "?subject=" + encode(subject) + "&body=" + encode(body);
self.etalaseOrder = { fill, messageFromTemplate, whatsapp, mailto };

const byId = id => document.getElementById(id), data = byId("cart-data");
if (!data) return;
const { shop: S, text: T } = JSON.parse(data.textContent);
const KEY = "etalase-cart:" + S.catalog; // one per shop; cart-link.js reads it
const $ = (s, r = document) => r.querySelector(s);
const el = (tag, className = "", textContent = "", more) => Object.assign(document.createElement(tag), { className, textContent }, more);
const load = (store, empty) => { try { return JSON.parse(window[store].getItem(KEY)) || empty; } catch { return empty; } };
const put = (store, value) => { try { window[store].setItem(KEY, JSON.stringify(value)); } catch { /* full */ } };
const stored = () => [].concat(load("localStorage", []))
  .filter(l => l && typeof l.slug == "string" && Array.isArray(l.options) && isFinite(l.price) && l.qty > 0);

// as formatting.money_format
const money = amount => {
  const cents = Math.round(amount * 100), rest = cents % 100, M = S.money;
  return M.prefix + String((cents - rest) / 100).replace(/\B(?=(\d{3})+$)/g, M.group) +
    (rest ? M.decimal + String(rest).padStart(2, "0") : "") + M.suffix;
};
const quantity = value => Math.min(99, Math.max(1, Math.round(value) || 1));
const name = l => l.title + (l.variant ? " (" + l.variant + ")" : "");

let lines = stored(), render = () => {};
const count = () => document.querySelectorAll(".cart-link").forEach(link => {
  const n = lines.reduce((sum, l) => sum + l.qty, 0), badge = $(".cart-count", link);
  link.hidden = !n;
  if (badge) badge.textContent = "(" + n + ")";
});
const save = () => { put("localStorage", lines); count(); };
const say = message => {
  const region = $(".cart-status");
  if (region) region.textContent = message + (region.textContent == message ? "\u00a0" : "");
};
addEventListener("storage", e => { if (e.key == KEY) { lines = stored(); count(); render(); } });

// "Add to cart"
for (const form of document.querySelectorAll("form.add-to-cart")) {
  form.hidden = false;
  form.addEventListener("submit", e => {
    e.preventDefault();
    const d = form.dataset, options = JSON.parse(d.values || "[]"), n = quantity($("input", form).value);
    lines = stored(); // another tab may have changed it
    let line = lines.find(l => l.slug == d.slug && l.options.join("\n") == options.join("\n"));
    if (line) line.qty = Math.min(99, line.qty + n);
    else lines.push(line = { slug: d.slug, options, qty: n });
    Object.assign(line, { title: d.title, url: d.url, price: +d.price, sku: d.sku || null, weight: +d.weight || null, flag: "", variant: d.variant, image: d.image });
    save();
    say(fill(T.added, { item: name(line) + " × " + line.qty }));
  });
}
count();

// The cart page
const root = byId("cart");
if (!root) return;
root.hidden = false;
const list = $(".cart-lines", root), details = load("sessionStorage", {}); // for this tab only
const sendable = () => lines.filter(l => !l.flag);
const total = items => items.reduce((sum, l) => sum + l.price * l.qty, 0);
const shipping = items => {
  if (!items.length) return "";
  if (S.shipping_flat != null) return money(S.shipping_flat);
  if (S.shipping_per_kg == null || items.some(l => !l.weight)) return "";
  const kg = Math.max(1, Math.ceil(items.reduce((g, l) => g + l.weight * l.qty, 0) / 1000)); // couriers round up
  return money(kg * S.shipping_per_kg) + " (" + kg + " kg)";
};
const lineText = l => "- " + name(l) + (l.sku ? ", SKU " + l.sku : "") + ": " + l.qty + " × " + money(l.price) +
  " = " + money(l.price * l.qty);

const update = () => {
  const items = sendable(), ship = shipping(items), wa = byId("cart-whatsapp"), email = byId("cart-email");
  const text = byId("cart-message").value = messageFromTemplate(S.message, { ...details, shop: S.shop,
    lines: items.map(lineText).join("\n"), total: money(total(items)), shipping: ship });
  $(".cart-empty").hidden = lines.length > 0;
  $(".cart-order").hidden = !items.length;
  byId("cart-total").textContent = money(total(items));
  byId("cart-shipping").hidden = !ship;
  $("#cart-shipping strong").textContent = ship;
  if (wa) wa.href = whatsapp(S.whatsapp_link, text);
  if (email) email.href = mailto(S.email_link, S.subject, text);
};

render = () => {
  list.textContent = "";
  for (const l of lines) {
    const item = el("li", "cart-line"), title = el("p", "cart-item"), link = el("a", "", l.title, { href: l.url });
    title.append(link, name(l).slice(l.title.length));
    if (l.image) item.append(el("img", "", "", { src: l.image, alt: "" }));
    item.append(title, el("p", "cart-price", money(l.price)));
    if (l.flag) item.append(el("p", "cart-flag", fill(T.left_out, { state: l.flag })));
    const label = el("label"), input = el("input", "", "", { type: "number", min: 1, max: 99, value: l.qty, inputMode: "numeric" }), amount = el("span", "cart-amount"), remove = el("button", "cart-remove", T.remove);
    const hidden = () => el("span", "visually-hidden", " " + name(l));
    label.append(T.quantity, hidden(), " ", input);
    const show = () => amount.textContent = l.flag ? "" : money(l.price * l.qty);
    show();
    input.addEventListener("change", () => {
      input.value = l.qty = quantity(input.value);
      show(); save(); update();
      say(fill(T.total, { total: money(total(sendable())) }));
    });
    remove.append(hidden());
    remove.addEventListener("click", () => {
      const index = lines.indexOf(l);
      lines.splice(index, 1);
      save(); render();
      (list.querySelectorAll(".cart-remove")[Math.min(index, lines.length - 1)] || byId("cart-heading")).focus();
      say(fill(T.removed, { item: name(l) }));
    });
    item.append(label, amount, remove);
    list.append(item);
  }
  update();
};

for (const field of ["name", "address", "notes"]) {
  const input = byId("cart-" + field);
  input.value = details[field] || "";
  input.addEventListener("input", () => { details[field] = input.value.trim(); put("sessionStorage", details); update(); });
}
byId("cart-copy").addEventListener("click", () => {
  const box = byId("cart-message");
  (navigator.clipboard?.writeText(box.value) || Promise.reject()).then(() => say(T.copied), () => { box.select(); say(T.copy_failed); });
});
render();

// Against the latest catalog.json
fetch(S.catalog, { cache: "no-cache" })
  .then(r => r.ok ? r.json() : Promise.reject())
  .then(catalog => {
    const news = [];
    for (const l of lines) {
      // its own combination (or the product, without options)
      const p = catalog[l.slug], o = l.options.join("\n"), v = p && (p.options.length ? p.variants.find(v => v.values.join("\n") == o) : !o && p);
      l.flag = "";
      if (!v || p.currency != S.currency) { l.flag = T.gone; continue; }
      Object.assign(l, { title: p.title, url: p.url + (v.key ? "?variant=" + encode(v.key) : ""), sku: v.sku, weight: v.weight_grams,
        variant: p.options.map((x, i) => x.name + " " + l.options[i]).join(", ") });
      if (!v.orderable) l.flag = v.availability_label;
      else if (v.price != l.price) {
        news.push(fill(T.changed, { item: name(l), old: money(l.price), new: money(v.price) }));
        l.price = v.price;
      }
    }
    save(); render();
    if (news.length) say(news.join(" "));
  })
  .catch(() => say(T.offline));
})();
