"""Quality gates on the built demo shop: valid HTML, no accessibility violations, no CSP violations,
no broken link under a sub-path. Each gate is also shown to fail on a planted problem."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import node_tool
from tests.helpers import build, built_demo, copy_demo, make_shop

pytestmark = pytest.mark.browser  # Chromium, Java and the npm tools

PAGE_TYPES = {  # every page type of the demo shop (issue: gates cover home, catalog, category, product states, page, 404)
    "home": "",
    "catalog": "products/",
    "category": "category/batik/",
    "product in stock": "products/kemeja-batik-parang/",
    "product on sale": "products/blus-batik-kawung/",
    "product preorder": "products/kain-tenun-ikat-sumba/",
    "product sold out": "products/sarung-tenun-samarinda/",
    "product low stock": "products/dompet-kulit-lipat/",
    "product booked": "products/tas-tote-tenun/",
    "page": "privacy/",
    "404": "404.html",
    "cart": "cart/",
    "search": "search/",
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    return built_demo(tmp_path_factory.mktemp("gates") / "shop", "--today", "2026-11-23")


def vnu_errors(folder: Path) -> list[dict]:
    done = subprocess.run(
        ["java", "-jar", str(node_tool("vnu-jar", "build", "dist", "vnu.jar")), "--errors-only", "--skip-non-html",
         "--format", "json", str(folder)],
        capture_output=True, text=True, timeout=300,
    )
    return [m for m in json.loads(done.stderr or '{"messages": []}')["messages"] if m.get("type") == "error"]


def test_every_page_is_valid_html(demo):
    errors = vnu_errors(demo / "public")
    assert errors == [], "\n".join(f"{e.get('url')}:{e.get('lastLine')}: {e.get('message')}" for e in errors)


@pytest.fixture(scope="module")
def pasar_demo(tmp_path_factory):
    """The demo shop in the second bundled theme: the gates hold for its look too."""
    shop = copy_demo(tmp_path_factory.mktemp("gates-pasar") / "shop")
    toml = shop / "shop.toml"
    toml.write_text(toml.read_text().replace('theme = "etalase"', 'theme = "pasar"'))
    assert build(shop, "--today", "2026-11-23")[0] == 0
    return shop


def test_pasar_theme_is_valid_html(pasar_demo):
    assert vnu_errors(pasar_demo / "public") == []


def test_html_gate_fails_on_a_planted_error(tmp_path):
    shop = make_shop(tmp_path, {"templates/page.html": (
        '{% extends "base.html" %}{% block main %}<ul><div>{{ page.title }}</div></ul>{% endblock %}')})
    assert build(shop)[0] == 0
    errors = vnu_errors(shop / "public")
    assert errors and all("privacy" in e["url"] for e in errors)


AXE = "async () => (await axe.run(document, {resultTypes: ['violations']})).violations.map(v => v.id + ': ' + v.nodes.map(n => n.target).join(' '))"


def axe_violations(page, url: str) -> list[str]:
    page.goto(url)
    page.add_script_tag(path=str(node_tool("axe-core", "axe.min.js")))
    return page.evaluate(AXE)


@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_no_accessibility_violations(demo, serve_folder, page, kind):
    base = serve_folder(demo / "public")  # without the host headers: their CSP would block the injected axe
    assert axe_violations(page, f"{base}/{PAGE_TYPES[kind]}") == []


@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_no_accessibility_violations_in_the_pasar_theme(pasar_demo, serve_folder, page, kind):
    assert axe_violations(page, f"{serve_folder(pasar_demo / 'public')}/{PAGE_TYPES[kind]}") == []


def test_accessibility_gate_fails_on_a_planted_violation(tmp_path, serve_folder, page):
    shop = make_shop(tmp_path, {"templates/page.html": (
        '{% extends "base.html" %}{% block main %}<img src="x.png"><a href="/"></a>{{ page.body }}{% endblock %}')})
    assert build(shop)[0] == 0
    violations = axe_violations(page, serve_folder(shop / "public") + "/privacy/")
    assert any(v.startswith("image-alt") for v in violations) and any(v.startswith("link-name") for v in violations)


def test_no_content_security_policy_violation_on_any_page(demo, serve_site, browser):
    """Served with the _headers the build writes, no page breaks its own Content-Security-Policy."""
    base = serve_site(demo / "public")
    context = browser.new_context()
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    pages = sorted(p.relative_to(demo / "public").as_posix() for p in (demo / "public").rglob("*.html"))
    for path in pages:
        response = page.goto(f"{base}/{path}")
        assert "default-src 'self'" in response.headers["content-security-policy"]
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => setTimeout(r, 50)))")
    page.goto(f"{base}/search/?q=batik")  # the search runs Pagefind's WebAssembly: allowed by 'wasm-unsafe-eval' only
    page.wait_for_function("() => document.querySelectorAll('.search-results li').length > 0")
    context.close()
    assert problems == []


def test_sub_path_site_has_no_broken_link(tmp_path, serve_site, page):
    """Built for https://example.test/shop/ and served under /shop/: follow every link from the home page."""
    shop = copy_demo(tmp_path / "shop")
    code, err = build(shop, "--base-url", "https://example.test/shop/")
    assert code == 0, err
    base = serve_site(shop / "public", "/shop/")
    origin = base.removesuffix("/shop")
    seen: set[str] = set()
    queue = [base + "/"]
    broken: list[str] = []
    failed_assets: list[str] = []
    page.on("response", lambda r: failed_assets.append(r.url) if r.status >= 400 else None)
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = page.goto(url)
        if response is None or response.status >= 400:
            broken.append(url)
            continue
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        for href in page.locator("a[href], link[href]").evaluate_all("els => els.map(e => e.href)"):
            href = href.split("#", 1)[0]
            if href.startswith("https://example.test/shop/"):
                href = base + "/" + href.removeprefix("https://example.test/shop/")
            if href.startswith(origin) and href not in seen:
                queue.append(href)
    assert len(seen) > 30
    assert broken == [] and failed_assets == []
