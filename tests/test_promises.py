"""Trust and freshness: expiring promises, availability in words, ask links, the feed, trust pages."""

from __future__ import annotations

import re
import subprocess
import urllib.parse
import xml.etree.ElementTree as ET

import pytest

from tests.helpers import git as _git, SHOP_TOML, WORDS, build, make_shop, product_md, run, snapshot

P = "content/products/kemeja.md"
TODAY = ["--today", "2026-11-23"]


def _product(front: str) -> dict:
    return {P: product_md("title: Kemeja Batik\nprice: 185000\nsku: KB-1\nphotos: [kemeja.jpg]\n" + front)}


def _page(shop, slug="kemeja"):
    return (shop / f"public/products/{slug}/index.html").read_text()


EXPIRY = {
    "sale ended": ("sale_price: 150000\nsale_until: 2026-11-22",
                   "content/products/kemeja.md:7: sale_until: the sale ended on 2026-11-22, so the normal price is shown; "
                   "remove sale_price and sale_until, or set a new sale_until"),
    "booking ended": ("availability: booked\nbooked_until: 2026-11-20",
                      "content/products/kemeja.md:7: booked_until: the booking ended on 2026-11-20, so the item shows as available again; "
                      "if it was paid, set availability: sold_out, else remove booked_until and availability"),
    "preorder late": ("availability: preorder\nready_date: 2026-11-01",
                      "content/products/kemeja.md:7: ready_date: 2026-11-01 has passed; shoppers who paid a deposit are waiting: "
                      "set the new estimate, or availability: in_stock if it has arrived"),
    "stale": ("updated: 2026-08-01",
              "content/products/kemeja.md: not updated for 114 days (since 2026-08-01): check that price, stock and photos are "
              "still right, then save it or set updated: 2026-11-23 (quality.stale_after_days = 90)"),
}


@pytest.mark.parametrize("case", list(EXPIRY))
def test_expired_promise_warns_and_strict_fails(tmp_path, case):
    front, message = EXPIRY[case]
    shop = make_shop(tmp_path, _product(front))
    code, err = build(shop, *TODAY)
    assert code == 0, err
    assert f"warning: {message}" in err.splitlines()
    before = snapshot(shop / "public")
    code, err = build(shop, *TODAY, "--strict")
    assert code == 1
    assert message in err.splitlines()
    assert snapshot(shop / "public") == before


def test_a_draft_is_a_reminder_that_strict_does_not_fail(tmp_path):
    """The daily strict check fails while something on the live site has become untrue; a draft the
    seller keeps on purpose is not that, so it is named (it is not in products.xml) without failing."""
    draft = "content/products/belum.md"
    pages = {f"content/pages/{slug}.md": f"---\ntitle: {slug}\n---\n{WORDS}\n" for slug in ("how-to-order", "payment", "returns", "shipping")}
    shop = make_shop(tmp_path, {**pages, P: _product("")[P].replace("[kemeja.jpg]", "[{src: kemeja.jpg, alt: Kemeja batik cokelat}]"),
                                draft: product_md("title: Belum Jadi\nprice: 5000\ndraft: true\nphotos: [kemeja.jpg]")})
    message = f"{draft}:4: draft: left out of products.xml (the product feed) until it is published"
    code, err = build(shop, *TODAY, "--strict")
    assert code == 0, err
    assert f"warning: {message}" in err.splitlines()
    # the same shop with one expired promise beside the draft fails, and names only the promise
    (shop / P).write_text((shop / P).read_text().replace("sku: KB-1", "sku: KB-1\n" + EXPIRY["sale ended"][0]))
    code, err = build(shop, *TODAY, "--strict")
    assert code == 1
    assert err.splitlines()[0] == EXPIRY["sale ended"][1].replace(":7:", ":6:")  # sale_until is the file's 6th line here
    assert not any("draft:" in line for line in err.splitlines())


def test_expired_sale_shows_normal_price_and_valid_on_its_last_day(tmp_path):
    shop = make_shop(tmp_path, _product("sale_price: 150000\nsale_until: 2026-11-23"))
    assert build(shop, *TODAY)[0] == 0
    html = _page(shop)
    assert "Rp 150.000" in html and "Harga promo sampai 23 November 2026" in html  # still valid on its own day
    assert build(shop, "--today", "2026-11-24")[0] == 0
    html = _page(shop)
    assert "Rp 150.000" not in html and "Rp 185.000" in html and "promo" not in html


def test_expired_booking_shows_available(tmp_path):
    shop = make_shop(tmp_path, _product("availability: booked\nbooked_until: 2026-11-30"))
    (shop / "shop.toml").write_text(SHOP_TOML + '\n[order]\nbooking_rule = "Kami simpan 2 × 24 jam."\n')
    assert build(shop, *TODAY)[0] == 0
    html = _page(shop)
    assert "Dipesan sampai 30 November 2026" in html and "Kami simpan 2 × 24 jam." in html
    assert "button-whatsapp" not in html  # no order button while someone else holds it
    assert build(shop, "--today", "2026-12-01")[0] == 0
    html = _page(shop)
    assert "Dipesan" not in html and "Tersedia" in html and "button-whatsapp" in html


def test_availability_in_words(tmp_path):
    shop = make_shop(tmp_path, {
        **_product("availability: low_stock\nstock: 2"),
        "content/products/kaos.md": product_md("title: Kaos\nprice: 5\nsku: K-2\navailability: preorder\nready_date: 2027-01-15\nphotos: [kemeja.jpg]"),
        "content/products/topi.md": product_md("title: Topi\nprice: 5\nsku: T-3\navailability: sold_out\nphotos: [kemeja.jpg]"),
    })
    code, err = build(shop, *TODAY)
    assert code == 0, err
    assert 'class="badge badge-low_stock">Tinggal 2</span>' in _page(shop)
    kaos = _page(shop, "kaos")
    assert "Pre-order: siap sekitar 15 Januari 2027" in kaos and "dalam 2 bulan" in kaos
    topi = _page(shop, "topi")
    assert ">Habis</span>" in topi and "button-whatsapp" not in topi
    restock = re.search(r'class="ask-whatsapp" href="([^"]+)"', topi).group(1)
    assert urllib.parse.unquote(restock.split("text=")[1]) == (
        "Halo Toko Uji, apakah produk ini akan tersedia lagi?\nTopi\nSKU: T-3\nhttps://tokouji.example/products/topi/")


def test_ask_links_and_configurable_messages(tmp_path):
    shop = make_shop(tmp_path)
    assert build(shop, *TODAY)[0] == 0
    html = _page(shop)
    ask = re.search(r'class="ask-whatsapp" href="([^"]+)"', html).group(1)
    assert urllib.parse.unquote(ask.split("text=")[1]) == (
        "Halo Toko Uji, saya mau bertanya tentang produk ini:\nKemeja Batik\nSKU: KB-1\nhttps://tokouji.example/products/kemeja/")
    mail = re.search(r'class="ask-email" href="([^"]+)"', html).group(1).replace("&amp;", "&")
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(mail).query)
    assert query["subject"] == ["Pertanyaan: Kemeja Batik"] and query["body"][0].endswith("/products/kemeja/")

    (shop / "shop.toml").write_text(SHOP_TOML + '\n[messages]\norder = "Pesan {product} ({variant}) {price}\\nKode: {sku}\\n{url}"\n')
    (shop / P).write_text(product_md("title: Kemeja Batik\nprice: 185000\nphotos: [kemeja.jpg]"))
    assert build(shop, *TODAY)[0] == 0
    order = re.search(r'class="button button-whatsapp" href="([^"]+)"', _page(shop)).group(1)
    # {variant} is empty but the line has {product}: kept; the SKU line has only empty placeholders: dropped
    assert urllib.parse.unquote(order.split("text=")[1]) == "Pesan Kemeja Batik () Rp 185.000\nhttps://tokouji.example/products/kemeja/"


def test_unknown_placeholder_is_an_error(tmp_path):
    shop = make_shop(tmp_path, {"shop.toml": SHOP_TOML + '\n[messages]\nask = "Halo {toko}"\n'})
    code, err = build(shop)
    assert code == 1
    assert ("shop.toml:12: messages.ask: unknown placeholder {toko}: use {shop}, {product}, {variant}, {sku}, {price}, {url}"
            in err.splitlines())


def test_trust_pages_warn_and_payment_methods_show(tmp_path):
    shop = make_shop(tmp_path, {
        "shop.toml": SHOP_TOML + '\n[order]\npayment_methods = ["Transfer BCA", "QRIS"]\n',
        "content/pages/how-to-order.md": "---\ntitle: Cara Memesan\n---\nPilih produk lalu tekan tombol pesan.\n",
    })
    code, err = build(shop, *TODAY)
    assert code == 0
    for slug in ("shipping", "returns", "payment"):
        assert f"warning: content/pages/{slug}.md: missing: shoppers trust a shop that explains" in err
    assert "how-to-order.md: missing" not in err
    how = (shop / "public/how-to-order/index.html").read_text()
    assert "<li>Transfer BCA</li>" in how and "<li>QRIS</li>" in how
    assert "Pembayaran: Transfer BCA, QRIS" in _page(shop)
    for page in (shop / "public").rglob("*.html"):
        assert 'href="/how-to-order/"' in page.read_text()


def test_new_badge_from_first_commit_and_created(tmp_path):
    shop = make_shop(tmp_path, {
        "content/products/kaos.md": product_md("title: Kaos\nprice: 5\nsku: K-2\nphotos: [kemeja.jpg]"),
        "content/products/topi.md": product_md("title: Topi\nprice: 5\nsku: T-3\ncreated: 2026-11-20\nphotos: [kemeja.jpg]"),
        ".gitignore": "public/\n.etalase-cache/\n",
    })
    _git(shop, "init", "-q")
    _git(shop, "add", "shop.toml", "content/pages", "content/products/kemeja.md", "content/products/kemeja.jpg", "content/products/topi.md")
    _git(shop, "commit", "-qm", "old", date="2026-09-01")
    _git(shop, "add", "content/products/kaos.md")
    _git(shop, "commit", "-qm", "new", date="2026-11-15")
    kemeja = shop / P
    kemeja.write_text(kemeja.read_text().replace("185000", "175000"))
    _git(shop, "commit", "-qam", "price", date="2026-11-18")  # updated, but not new
    code, _, err = run("build", "--shop", shop, *TODAY)
    assert code == 0, err
    assert "badge-new" in _page(shop, "kaos") and "badge-new" in _page(shop, "topi")
    assert "badge-new" not in _page(shop, "kemeja")
    home = (shop / "public/index.html").read_text()
    new_section = home.split('id="new-heading"')[1].split("</section>")[0]
    assert "Kaos" in new_section and "Topi" in new_section and "Kemeja" not in new_section
    recent = home.split('id="recent-heading"')[1].split("</section>")[0]
    assert recent.index("Kemeja") < recent.index("Kaos") < recent.index("Topi")  # 18 Nov, 15 Nov, 1 Sep


def test_feed_is_valid_atom_newest_first(tmp_path):
    shop = make_shop(tmp_path, {
        P: product_md("title: Kemeja <Batik> & Co\nprice: 5\nsku: K-1\nupdated: 2026-11-01\nphotos: [kemeja.jpg]"),
        "content/products/kaos.md": product_md("title: Kaos\nprice: 5\nsku: K-2\nupdated: 2026-11-20\nphotos: [kemeja.jpg]"),
    })
    assert build(shop, *TODAY)[0] == 0
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ET.parse(shop / "public/feed.xml").getroot()
    assert feed.tag == "{http://www.w3.org/2005/Atom}feed"
    for required in ("a:id", "a:title", "a:updated", "a:author/a:name"):
        assert feed.find(required, ns) is not None and (feed.find(required, ns).text or "").strip(), required
    entries = feed.findall("a:entry", ns)
    assert [e.find("a:title", ns).text for e in entries] == ["Kaos", "Kemeja <Batik> & Co"]
    for entry in entries:
        for required in ("a:id", "a:title", "a:updated", "a:link"):
            assert entry.find(required, ns) is not None, required
    assert entries[0].find("a:updated", ns).text == "2026-11-20T00:00:00Z"
    assert "<p>" in entries[0].find("a:content", ns).text  # the description, as escaped HTML
    assert 'type="application/atom+xml" href="/feed.xml"' in (shop / "public/index.html").read_text()


def test_today_from_source_date_epoch_in_the_shop_timezone(tmp_path, monkeypatch):
    shop = make_shop(tmp_path, _product("sale_price: 150000\nsale_until: 2026-11-23"))
    # 2026-11-23 18:00 UTC is already 24 November in Jakarta (UTC+7)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795456800")
    code, err = build(shop)
    assert code == 0 and "the sale ended on 2026-11-23" in err
    (shop / "shop.toml").write_text(SHOP_TOML.replace('currency = "IDR"', 'currency = "IDR"\ntimezone = "America/New_York"'))
    code, err = build(shop)
    assert code == 0 and "the sale ended" not in err  # still the 23rd in New York


def test_bad_timezone(tmp_path):
    shop = make_shop(tmp_path, {"shop.toml": SHOP_TOML.replace('currency = "IDR"', 'currency = "IDR"\ntimezone = "Jakarta"')})
    code, err = build(shop)
    assert code == 1
    assert ('shop.toml:5: timezone: must be a time zone name such as "Asia/Jakarta", "Asia/Makassar" or "Asia/Jayapura" '
            '(got "Jakarta")') in err.splitlines()


def test_shallow_clone_warns(tmp_path):
    origin = make_shop(tmp_path / "origin", {".gitignore": "public/\n.etalase-cache/\n"})
    _git(origin, "init", "-q")
    _git(origin, "add", ".")
    _git(origin, "commit", "-qm", "one", date="2026-10-01")
    (origin / "content/pages/about.md").write_text("---\ntitle: Tentang\n---\nKami toko kecil.\n")
    _git(origin, "add", ".")
    _git(origin, "commit", "-qm", "two", date="2026-10-02")
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{origin}", str(tmp_path / "clone")], check=True)
    code, _, err = run("build", "--shop", tmp_path / "clone", *TODAY)
    assert code == 0
    assert "this is a shallow git clone: dates come from the few commits present and are wrong" in err
    assert WORDS


def test_daily_publish_workflow_in_new_shops(tmp_path):
    import yaml

    from tests.helpers import REPO

    assert run("new", tmp_path / "toko")[0] == 0
    for path, install in ((tmp_path / "toko/.github/workflows/publish.yml", 'pip install "$INSTALL"'),
                          (REPO / ".github/workflows/publish.yml", "pip install .")):
        text = path.read_text()
        workflow = yaml.safe_load(text)
        triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
        assert triggers["schedule"][0]["cron"] and "push" in triggers
        build_steps = workflow["jobs"]["build"]["steps"]
        assert build_steps[0]["with"]["fetch-depth"] == 0
        assert any(step.get("run") == "etalase build" for step in build_steps)
        assert install in text
        assert workflow["jobs"]["check"]["needs"] == "deploy"
        assert any("--strict" in step.get("run", "") for step in workflow["jobs"]["check"]["steps"])
