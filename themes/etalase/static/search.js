// Etalase search page: reads ?q=, runs Pagefind over the product pages and lists what it finds.
// Pagefind (pagefind/pagefind.js, its WebAssembly and the index chunks a query needs) is loaded
// on the first search only. Words and settings come from the page's JSON block (#search-data).
const data = JSON.parse(document.getElementById("search-data").textContent);
const form = document.querySelector(".search-form");
const input = document.getElementById("search-q");
const status = document.querySelector(".search-status");
const list = document.querySelector(".search-results");
const LIMIT = 30; // results shown; the count says how many there are
// The index is made at the site's root, beside assets/ (one for every language: Pagefind picks <html lang>'s).
const PAGEFIND = new URL("../pagefind/pagefind.js", import.meta.url).pathname;
let pagefind = null;
let serial = 0;
let timer = 0;

const fill = (text, values) => text.replace(/\{(\w+)\}/g, (whole, key) => (key in values ? values[key] : whole));

function load() {
  pagefind ??= import(PAGEFIND).then(async (module) => {
    await module.options({ excerptLength: 24 });
    await module.init();
    return module;
  });
  return pagefind;
}

// Pagefind's excerpt is page text with <mark> around the words found: keep the text and the marks only.
function excerpt(html) {
  const paragraph = document.createElement("p");
  paragraph.className = "search-excerpt";
  for (const node of new DOMParser().parseFromString(html, "text/html").body.childNodes) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      paragraph.append(mark);
    } else {
      paragraph.append(node.textContent);
    }
  }
  return paragraph;
}

function item(result) {
  const li = document.createElement("li");
  const link = document.createElement("a");
  link.href = result.url;
  if (result.meta.image) {
    const img = document.createElement("img");
    Object.assign(img, { src: result.meta.image, alt: "", width: 64, height: 64, loading: "lazy", decoding: "async" });
    link.append(img);
  }
  const title = document.createElement("span");
  title.className = "search-title";
  title.textContent = result.meta.title || result.url;
  link.append(title);
  li.append(link);
  // the price and the stock words each in their own element (the product page's metadata), then the excerpt
  const facts = document.createElement("p");
  facts.className = "search-facts";
  for (const [name, className] of [["price", "search-price"], ["stock", "search-stock"]]) {
    if (!result.meta[name]) continue;
    const fact = document.createElement("span");
    fact.className = className;
    // each amount of a range ("Rp 150.000 – Rp 295.000") on one line: the range may break at its dash only
    result.meta[name].split(" – ").forEach((part, index) => {
      const piece = document.createElement("span");
      piece.textContent = part;
      fact.append(...(index ? [" – ", piece] : [piece]));
    });
    facts.append(fact, " ");
  }
  if (facts.childNodes.length) li.append(facts);
  li.append(excerpt(result.excerpt || ""));
  return li;
}

async function run(query) {
  const mine = ++serial;
  query = query.trim();
  if (!query) {
    list.replaceChildren();
    status.textContent = data.text.prompt;
    return;
  }
  status.textContent = data.text.searching;
  let found;
  let shown;
  try {
    const module = await load();
    found = await module.search(query);
    shown = await Promise.all(found.results.slice(0, LIMIT).map((result) => result.data()));
  } catch (error) {
    if (mine === serial) status.textContent = data.text.failed;
    return;
  }
  if (mine !== serial) return; // a newer search has started
  list.replaceChildren(...shown.map(item));
  const count = found.results.length;
  const text = count === 0 ? data.text.none : count === 1 ? data.text.found_one : data.text.found_many;
  status.textContent = fill(text, { count, query });
}

function remember(query) {
  const url = new URL(location.href);
  if (query) url.searchParams.set("q", query);
  else url.searchParams.delete("q");
  history.replaceState(null, "", url);
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  clearTimeout(timer);
  remember(input.value.trim());
  run(input.value);
});

input.addEventListener("input", () => {
  clearTimeout(timer);
  timer = setTimeout(() => {
    remember(input.value.trim());
    run(input.value);
  }, 250);
});

const initial = new URLSearchParams(location.search).get("q") || "";
input.value = initial;
if (initial.trim()) run(initial);
else status.textContent = data.text.prompt;
