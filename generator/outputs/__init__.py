"""What a build makes, one module per kind of output.

- `pages`: the page plan (one job per output path) and rendering with the build graph's records.
- `listing`: the sorted, filtered, paginated lists (catalog, categories, tags).
- `seo`: structured data (JSON-LD) for product and shop pages.
- `hosting`: sitemap, robots.txt, host headers, redirects, CNAME.
- `icons`: favicon, touch icons and the web manifest.
- `catalog`: catalog.json, what the cart checks its lines against.
- `feed`: products.xml, the product feed for Google Merchant Center and Meta's catalog.
- `search`: the Pagefind index, made from the written product pages.
"""
