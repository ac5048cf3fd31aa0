"""The preview's build loop without the HTTP side: its mirror on disk, written by write_site."""

from __future__ import annotations

import datetime as dt
import pickle
from pathlib import Path

from generator.build import BuildOptions
from generator.reporter import Reporter
from generator.serve.preview import Preview
from generator.state import CACHE_DIR, STATE_FILE
from generator.write import MARKER, read_marker
from tests.helpers import make_shop, product_md, snapshot

TODAY = dt.date(2026, 12, 2)
SHOP = {"content/products/kaos.md": product_md("title: Kaos\nprice: 90000\ncategory: Kaos\nsku: K-1\nphotos: [kemeja.jpg]")}


def preview_of(shop: Path) -> Preview:
    return Preview(BuildOptions(root=shop, use_git=False, today=TODAY), Reporter(0))


def served(preview: Preview) -> dict[str, bytes]:
    """The site the preview serves, as files: its pages in memory and its photos."""
    snapshot_ = preview.state.snapshot
    assert snapshot_ is not None
    return {**snapshot_.files, **{path: source.read_bytes() for path, source in snapshot_.links.items()}}


def mirror_files(preview: Preview) -> dict[str, bytes]:
    return {path: data for path, data in snapshot(preview.mirror).items() if path != MARKER and not path.startswith("pagefind/")}


def save(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_the_mirror_is_written_apart_from_the_rebuild_as_build_writes_public(tmp_path):
    shop = make_shop(tmp_path / "shop", SHOP)
    preview = preview_of(shop)
    preview.rebuild()
    assert preview.state.snapshot is not None and not preview.mirror.exists() and not preview.mirrored  # a rebuild writes nothing
    preview.write_mirror()
    assert preview.mirrored and mirror_files(preview) == served(preview)
    assert preview.search_dir == preview.mirror / "pagefind" and (preview.search_dir / "pagefind.js").is_file()
    inodes = {path: (preview.mirror / path).stat().st_ino for path in mirror_files(preview)}

    product = shop / "content/products/kemeja.md"
    save(product, "price: 185000", "price: 199000")
    preview.rebuild({str(product)})
    assert not preview.mirrored
    preview.write_mirror()
    assert preview.mirrored and mirror_files(preview) == served(preview)
    after = {path: (preview.mirror / path).stat().st_ino for path in mirror_files(preview)}
    rewritten = {path for path in after if after[path] != inodes.get(path)}
    assert "products/kemeja/index.html" in rewritten and "products/kaos/index.html" not in rewritten  # the rest is hard-linked
    assert "privacy/index.html" not in rewritten and not any(path.startswith("photos/") for path in rewritten)
    state = pickle.loads((shop / CACHE_DIR / STATE_FILE).read_bytes())
    assert state["outputs"][str(preview.mirror)]["build"] == read_marker(preview.mirror)["build"]  # the mirror's records, kept
    assert not list(preview.mirror.parent.glob(".preview.etalase-work*"))  # nothing left of the swap


def test_a_failed_search_index_keeps_the_mirror_and_its_index(tmp_path, monkeypatch):
    from generator.outputs import search

    shop = make_shop(tmp_path / "shop", SHOP)
    preview = preview_of(shop)
    preview.rebuild()
    preview.write_mirror()
    before = snapshot(preview.mirror)
    product = shop / "content/products/kemeja.md"
    save(product, "price: 185000", "price: 199000")
    preview.rebuild({str(product)})

    def fails(folder: Path, timeout: float = 0) -> None:
        (folder / "pagefind").mkdir()
        (folder / "pagefind/half.js").write_text("half")  # written before it failed
        raise search.BuildError([search.Problem("search", None, "the search index could not be made (test)", kind="search")])

    monkeypatch.setattr(search, "index_site", fails)
    preview.write_mirror()
    assert not preview.mirrored and snapshot(preview.mirror) == before  # the whole old tree, index and all
