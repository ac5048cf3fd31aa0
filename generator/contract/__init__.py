"""The quality contract: the rules a shop is held to, named for when they run.

- `schema`: the typed fields of shop.toml and front matter (every error collected, then reported).
- `before_render`: products, pages and photos checked before anything is rendered.
- `promises`: dates that expire (preorders, sales, bookings) held to today.
- `after_render`: what every rendered page must carry (contact, privacy, order links).
- `published_site`: `etalase check`, run on a built or published site (links, unsafe schemes, pages).
"""
