"""'Last updated': front matter `updated`, else the last git commit of the file or its photos, else mtime."""

from __future__ import annotations

import os

from tests.helpers import git as _git, make_photo, make_shop, product_md, run


def test_dates_from_git_front_matter_and_photos(tmp_path):
    shop = make_shop(tmp_path, {
        "content/products/kaos.md": product_md("title: Kaos\nprice: 5\nphotos: [kaos.jpg]"),
        "content/products/topi.md": product_md("title: Topi\nprice: 5\nupdated: 2026-03-03\nphotos: [kemeja.jpg]"),
    }, photos=("content/products/kemeja.jpg", "content/products/kaos.jpg"))
    (shop / ".gitignore").write_text("public/\n.etalase-cache/\n")
    _git(shop, "init", "-q")
    _git(shop, "add", ".")
    _git(shop, "commit", "-qm", "first", date="2026-01-10")
    make_photo(shop / "content/products/kaos.jpg", color=(10, 20, 200))  # a new photo makes the product newer
    _git(shop, "commit", "-qam", "new photo", date="2026-02-20")

    code, _, err = run("build", "--shop", shop)
    assert code == 0, err
    kemeja = (shop / "public/products/kemeja/index.html").read_text()
    kaos = (shop / "public/products/kaos/index.html").read_text()
    topi = (shop / "public/products/topi/index.html").read_text()
    assert '<time datetime="2026-01-10">10 Januari 2026</time>' in kemeja
    assert '<time datetime="2026-02-20">20 Februari 2026</time>' in kaos
    assert '<time datetime="2026-03-03">3 Maret 2026</time>' in topi
    # site-wide: the newest of them, in every footer
    assert 'Terakhir diperbarui: <time datetime="2026-03-03">' in kemeja


def test_uncommitted_edit_uses_file_time(tmp_path):
    shop = make_shop(tmp_path)
    (shop / ".gitignore").write_text("public/\n.etalase-cache/\n")
    _git(shop, "init", "-q")
    _git(shop, "add", ".")
    _git(shop, "commit", "-qm", "first", date="2025-05-05")
    product = shop / "content/products/kemeja.md"
    product.write_text(product.read_text().replace("185000", "190000"))
    os.utime(product, (1_790_000_000, 1_790_000_000))  # 2026-09-21 (UTC)
    assert run("build", "--shop", shop)[0] == 0
    assert 'datetime="2026-09-2' in (shop / "public/products/kemeja/index.html").read_text()


def test_without_git_uses_file_time(tmp_path):
    shop = make_shop(tmp_path)
    for path in (shop / "content").rglob("*"):
        os.utime(path, (1_767_225_600, 1_767_225_600))  # 2026-01-01 00:00 UTC
    assert run("build", "--shop", shop, "--no-git")[0] == 0
    html = (shop / "public/products/kemeja/index.html").read_text()
    assert 'datetime="2026-01-01"' in html or 'datetime="2025-12-31"' in html


def test_a_new_commit_is_seen_by_a_builder_that_stays_alive(tmp_path):
    """The preview keeps one builder: git history is remembered per HEAD, so a new commit must count."""
    from generator.build import BuildOptions, Builder

    shop = make_shop(tmp_path / "shop")
    _git(shop, "init", "-q")
    _git(shop, "add", ".")
    _git(shop, "commit", "-qm", "first", date="2026-01-05")
    builder = Builder(BuildOptions(root=shop, use_git=True))
    assert "2026-01-05" in builder.compose().files["products/kemeja/index.html"].decode()
    product = shop / "content/products/kemeja.md"
    product.write_text(product.read_text().replace("185000", "175000"))
    _git(shop, "commit", "-qam", "price", date="2026-02-07")
    assert "2026-02-07" in builder.compose().files["products/kemeja/index.html"].decode()


def test_a_builder_asks_git_for_the_log_once_per_commit(tmp_path, monkeypatch):
    """The log is remembered by the builder that read it (per HEAD), not by the module: one `rev-parse`
    each build, one `git log` per commit, and a second builder asks for its own."""
    from generator import freshness
    from generator.build import BuildOptions, Builder

    asked: list[str] = []
    git = freshness._git
    monkeypatch.setattr(freshness, "_git", lambda root, *args: asked.append(args[0]) or git(root, *args))
    shop = make_shop(tmp_path / "shop")
    _git(shop, "init", "-q")
    _git(shop, "add", ".")
    _git(shop, "commit", "-qm", "first", date="2026-01-05")
    builder = Builder(BuildOptions(root=shop, use_git=True))
    builder.compose()
    builder.compose()
    assert (asked.count("rev-parse"), asked.count("log")) == (2, 1)
    product = shop / "content/products/kemeja.md"
    product.write_text(product.read_text().replace("185000", "175000"))
    _git(shop, "commit", "-qam", "price", date="2026-02-07")
    builder.compose()
    assert (asked.count("rev-parse"), asked.count("log")) == (3, 2)
    Builder(BuildOptions(root=shop, use_git=True)).compose()
    assert (asked.count("rev-parse"), asked.count("log")) == (4, 3)


def test_file_dates_take_the_times_the_reader_found_until_a_file_is_saved(tmp_path):
    """The reader stat-ed every Markdown file: its times are used, not a second stat; a file saved since
    (the preview's edited-first pages) is looked at again."""
    import datetime as dt

    from generator.freshness import FileDates

    path = tmp_path / "kaos.md"
    path.write_text("x")
    os.utime(path, (1_767_225_600, 1_767_225_600))  # on disk: 2026-01-01
    found = dt.date.fromtimestamp(1_790_000_000)
    dates = FileDates(tmp_path, use_git=False, mtimes={str(path): 1_790_000_000 * 10**9})
    assert (dates.last_change(path), dates.added(path), dates.newest([path])) == (found, found, found)
    assert dates.with_edited([path]).last_change(path) == dt.date.fromtimestamp(1_767_225_600)
