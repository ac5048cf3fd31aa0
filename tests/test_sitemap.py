"""sitemap.xml is written out as text: it must be the bytes ElementTree makes of the same tree, and parse back."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest

from generator.outputs.hosting import SITEMAP_NS, SitemapEntry, sitemap


def _element_tree_sitemap(entries: list[SitemapEntry]) -> bytes:
    ET.register_namespace("", SITEMAP_NS)
    root = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    for entry in entries:
        url = ET.SubElement(root, f"{{{SITEMAP_NS}}}url")
        ET.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = entry.url
        ET.SubElement(url, f"{{{SITEMAP_NS}}}lastmod").text = entry.lastmod.isoformat()
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


URLS = [
    "https://toko.example/",
    "https://toko.example/products/kopi/?a=1&b=2",
    "https://toko.example/tag/<script>alert(1)</script>/",
    "https://toko.example/\"quoted\"/'single'/",
    "https://toko.example/kategori/kain-tenun-é-ß-日本/",
    "https://toko.example/&amp;already-escaped/",
]


@pytest.mark.parametrize("count", [1, 2, len(URLS)])
def test_the_sitemap_is_the_bytes_element_tree_makes(count):
    entries = [SitemapEntry(url, dt.date(2026, 1, 1) + dt.timedelta(days=n)) for n, url in enumerate(URLS[:count])]
    made = sitemap(entries)
    assert made == _element_tree_sitemap(entries)
    parsed = ET.fromstring(made)
    assert [loc.text for loc in parsed.iter(f"{{{SITEMAP_NS}}}loc")] == URLS[:count]
    assert [mod.text for mod in parsed.iter(f"{{{SITEMAP_NS}}}lastmod")] == [entry.lastmod.isoformat() for entry in entries]
