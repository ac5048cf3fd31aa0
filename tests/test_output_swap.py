"""Builds killed while the new site goes live: the next build puts things right, and git never sees the leftovers."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from generator.build import BuildOptions, Builder
from tests.helpers import GOOD_PRODUCT, REPO, build, copy_demo, git, make_shop, snapshot

# Run `etalase build` in a child process that dies (as under kill -9) at the moment `when` names.
KILLED_BUILD = textwrap.dedent("""
    import os, shutil, sys
    import generator.in_place as in_place
    import generator.write as write
    from generator.cli import main

    when, shop = sys.argv[1], sys.argv[2]
    rename, rmtree, replace = os.rename, shutil.rmtree, os.replace
    moved = []

    def killing_replace(source, target):
        replace(source, target)
        if os.path.basename(str(target)) != ".etalase-site":
            moved.append(target)
        if when == "moving files in place" and len(moved) == 2:
            os._exit(9)
        if when == "after the marker" and os.path.basename(str(target)) == ".etalase-site":
            os._exit(9)  # the new site is complete; the folders of removed files are still there

    def is_previous_site(path):
        name = os.path.basename(str(path))
        return name.startswith(("old-", "tmp-")) or "etalase-old-" in name

    def killing_rename(source, target):
        rename(source, target)
        if when == "between renames" and "old-" in os.path.basename(str(target)):
            os._exit(9)

    def killing_rmtree(path, *args, **kwargs):
        if when == "removing the previous site" and is_previous_site(path) and os.path.exists(os.path.join(path, ".etalase-site")):
            os._exit(9)
        rmtree(path, *args, **kwargs)

    if when == "between renames":
        write._exchange = lambda a, b: False  # the two-rename swap of systems without an atomic exchange
    if when == "after the marker":
        in_place.LARGEST_SHARE = 1.0  # a product removed from a two-product shop is still moved in place
    elif when != "moving files in place":
        in_place.LARGEST_SHARE = -1  # a new tree swapped in, as for a large change
    os.rename, shutil.rmtree, os.replace = killing_rename, killing_rmtree, killing_replace
    main(["build", "--shop", shop, "--no-git", "-q"])
    sys.exit(3)  # not killed: the test is wrong
""")

SHOP_GITIGNORE = "/public/\n.etalase-cache/\n"  # what `etalase new` writes


def committed_shop(root: Path, files: dict[str, str] | None = None) -> Path:
    shop = make_shop(root, {".gitignore": SHOP_GITIGNORE, **(files or {})})
    git(shop, "init", "-q")
    git(shop, "add", ".")
    git(shop, "commit", "-q", "-m", "shop")
    return shop


def git_status(shop: Path) -> str:
    return subprocess.run(["git", "-C", str(shop), "status", "--porcelain", "--untracked-files=all"],
                          capture_output=True, text=True, check=True).stdout


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if "etalase-" in p.name and p.name != ".etalase-cache")


def killed_build(shop: Path, when: str) -> None:
    done = subprocess.run([sys.executable, "-c", KILLED_BUILD, when, str(shop)], cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 9, done.stderr


def edit_price(shop: Path, price: str) -> None:
    product = shop / "content/products/kemeja.md"
    product.write_text(product.read_text().replace("price: 185000", f"price: {price}").replace("price: 99000", f"price: {price}"))


def dead_pid() -> int:
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def built_then_edited(folder: Path) -> Path:
    """A committed shop, built, then its price changed and committed: the next build has a new site to swap in."""
    shop = committed_shop(folder)
    assert build(shop)[0] == 0
    edit_price(shop, "99000")
    git(shop, "commit", "-q", "-am", "new price")
    return shop


def test_build_killed_between_the_two_renames(tmp_path):
    shop = built_then_edited(tmp_path / "shop")
    killed_build(shop, "between renames")
    assert not (shop / "public").exists()  # what a kill at that moment leaves
    assert git_status(shop) == ""  # the previous site, moved aside, is not for `git add .`
    code, err = build(shop)
    assert code == 0, err
    assert "Rp 99.000" in (shop / "public/products/kemeja/index.html").read_text()
    assert leftovers(shop) == [] and git_status(shop) == ""


def test_missing_output_comes_back_before_up_to_date(tmp_path):
    """As an earlier version left it: the output renamed to .public.etalase-old-PID, the new site never moved in."""
    shop = make_shop(tmp_path / "shop")
    assert build(shop)[0] == 0
    before = snapshot(shop / "public")
    (shop / "public").rename(shop / f".public.etalase-old-{dead_pid()}")
    result = Builder(BuildOptions(root=shop, use_git=False)).build()
    assert result.up_to_date  # the inputs did not change: the old site is the right one
    assert snapshot(shop / "public") == before
    assert leftovers(shop) == []


def test_build_killed_while_removing_the_previous_site(tmp_path):
    shop = built_then_edited(tmp_path / "shop")
    killed_build(shop, "removing the previous site")
    assert "Rp 99.000" in (shop / "public/products/kemeja/index.html").read_text()  # the new site is live
    assert git_status(shop) == ""
    assert build(shop)[0] == 0
    assert leftovers(shop) == [] and git_status(shop) == ""


@pytest.mark.parametrize("place", ["beside the output", "in the work folder"])
def test_leftovers_of_dead_builds_go_and_those_of_running_builds_stay(tmp_path, place):
    shop = make_shop(tmp_path / "shop")
    assert build(shop)[0] == 0
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        def folder(kind: str, pid: int) -> Path:
            path = shop / (f".public.etalase-{kind}-{pid}" if place == "beside the output" else f".public.etalase-work/{kind}-{pid}")
            (path / "products").mkdir(parents=True)
            (path / "products/index.html").write_text("half a site")
            return path

        dead = [folder("tmp", dead_pid()), folder("old", dead_pid())]
        alive = folder("tmp", running.pid)
        result = Builder(BuildOptions(root=shop, use_git=False)).build()
        assert result.up_to_date  # cleaned on the no-op path too
        assert not any(path.exists() for path in dead)
        assert (alive / "products/index.html").read_text() == "half a site"  # another build may be writing it
    finally:
        running.kill()
        running.wait()
    assert build(shop)[0] == 0
    assert leftovers(shop) == []


def test_output_elsewhere_is_swapped_beside_itself(tmp_path):
    shop = make_shop(tmp_path / "shop")
    out = tmp_path / "disk" / "site"
    assert build(shop, "--output", str(out))[0] == 0
    edit_price(shop, "99000")
    assert build(shop, "--output", str(out))[0] == 0
    assert "Rp 99.000" in (out / "products/kemeja/index.html").read_text()
    assert leftovers(out.parent) == [] and leftovers(shop) == []


def test_build_killed_while_moving_files_in_place(tmp_path):
    """A small change is moved into the live site file by file: killed half way, the next build first puts
    the old files back (the site as it was, whole), then builds."""
    from generator.write import recover_output

    shop = built_then_edited(tmp_path / "shop")
    before = snapshot(shop / "public")
    killed_build(shop, "moving files in place")
    assert snapshot(shop / "public") != before  # two files of the new site are in
    assert git_status(shop) == ""
    notes = recover_output(shop / "public")
    assert any("put back" in note for note in notes), notes
    assert snapshot(shop / "public") == before
    code, err = build(shop)
    assert code == 0, err
    assert "Rp 99.000" in (shop / "public/products/kemeja/index.html").read_text()
    assert leftovers(shop) == [] and git_status(shop) == ""


def test_a_failed_move_in_place_puts_every_old_file_back(tmp_path, monkeypatch):
    import os

    import generator.in_place as in_place

    shop = built_then_edited(tmp_path / "shop")
    before = snapshot(shop / "public")
    real, calls = os.replace, []

    def failing(source, target):
        calls.append(target)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        real(source, target)

    monkeypatch.setattr(in_place.os, "replace", failing)
    with pytest.raises(OSError):
        Builder(BuildOptions(root=shop, use_git=False)).build()
    monkeypatch.setattr(in_place.os, "replace", real)
    assert len(calls) == 3 and snapshot(shop / "public") == before
    assert leftovers(shop) == []
    assert build(shop)[0] == 0 and "Rp 99.000" in (shop / "public/products/kemeja/index.html").read_text()


def test_a_small_change_is_made_in_place_and_a_large_one_as_a_new_tree(tmp_path):
    shop = make_shop(tmp_path / "shop")
    assert build(shop)[0] == 0
    site, unchanged = shop / "public", shop / "public/cart/index.html"
    folder, page = site.stat().st_ino, unchanged.stat().st_ino
    edit_price(shop, "99000")
    assert build(shop)[0] == 0
    assert "Rp 99.000" in (site / "products/kemeja/index.html").read_text()
    assert site.stat().st_ino == folder and unchanged.stat().st_ino == page  # the same folder, the page untouched
    config = shop / "shop.toml"
    config.write_text(config.read_text().replace('title = "', 'title = "Baru ', 1))  # every page shows the title
    assert build(shop)[0] == 0
    assert site.stat().st_ino != folder  # a new tree, swapped in


def test_the_marker_of_a_change_in_place_lists_the_site_as_it_is(tmp_path):
    """The marker's listing of an update in place is the listing the build began with and the moved files' stat
    (not the whole site listed again): it must be the site's own, or the next build would see damage everywhere."""
    from generator.write import MARKER, listing

    shop = make_shop(tmp_path / "shop")
    assert build(shop)[0] == 0
    site = shop / "public"
    before = snapshot(site)
    edit_price(shop, "99000")
    assert build(shop)[0] == 0
    after = snapshot(site)
    assert {path for path in after if after[path] != before.get(path)} - {MARKER}  # pages and index files moved
    assert {path for path in before if path not in after}  # the index's old files removed
    assert json.loads((site / MARKER).read_text())["files"] == listing(site)
    code, said = build(shop, "-v")
    assert code == 0 and "nothing changed" in said


def _folder_times(site: Path) -> dict[str, int]:
    from generator.write import listing

    folders: dict[str, int] = {}
    listing(site, folders)
    return folders


def _no_op_without_listing(shop: Path, monkeypatch) -> bool:
    """Whether a build of `shop` is up to date, found so with no folder of the site listed but its top."""
    import generator.write

    def listing(*args, **kwargs):
        raise AssertionError("the no-op listed the site")

    with monkeypatch.context() as patch:
        patch.setattr(generator.write, "listing", listing)
        return Builder(BuildOptions(root=shop, use_git=False)).build().up_to_date


def test_the_marker_holds_every_folders_time_so_a_no_op_lists_no_folder(tmp_path, monkeypatch):
    """A no-op stats the files and folders the marker lists instead of reading every folder (4,000 files in 3,300
    folders: 45 ms of listing against 17 ms of stat); the folder times must be the site's, after a new tree and after
    an update in place (files moved into folders, a product's folder removed), or a no-op would miss an added file."""
    from generator.write import MARKER

    shop = copy_demo(tmp_path / "shop")
    assert build(shop)[0] == 0
    site = shop / "public"
    assert json.loads((site / MARKER).read_text())["folders"] == _folder_times(site)
    assert _no_op_without_listing(shop, monkeypatch)
    inode = site.stat().st_ino
    product = shop / "content/products/dompet-kulit-lipat.md"
    (shop / "content/products/kopi-robusta-temanggung.md").unlink()  # its folder goes; lists and feeds change
    assert build(shop)[0] == 0 and site.stat().st_ino == inode  # in place
    assert not (site / "products/kopi-robusta-temanggung").exists()
    assert json.loads((site / MARKER).read_text())["folders"] == _folder_times(site)
    assert _no_op_without_listing(shop, monkeypatch)
    product.write_text(product.read_text(encoding="utf-8").replace('\ntitle: "', '\ntitle: "Baru ', 1), encoding="utf-8")
    assert build(shop)[0] == 0 and site.stat().st_ino == inode
    assert json.loads((site / MARKER).read_text())["folders"] == _folder_times(site)
    # and a file added after an update in place is seen, in a folder the update moved files into and in one it did not
    for stray in (site / "products/stray.html", site / "privacy/stray.html"):
        stray.write_text("<p>not from the shop</p>")
        assert not Builder(BuildOptions(root=shop, use_git=False)).build().up_to_date
        assert not stray.exists()


def test_a_file_renamed_in_case_only_is_written_as_a_new_tree(tmp_path):
    """On a disk that ignores case, removing Logo.png after writing logo.png would remove the new file."""
    from generator.in_place import plan_change

    live = {"index.html", "assets/Logo.png", *(f"p{n}.html" for n in range(10))}
    kept = live - {"assets/Logo.png"}
    assert plan_change(tmp_path, live, {"assets/logo.png": b"x"}, {}, kept) is None
    assert plan_change(tmp_path, live, {"assets/other.png": b"x"}, {}, kept) is not None


def folders(site: Path) -> set[str]:
    return {path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_dir()}


SECOND_PRODUCT = GOOD_PRODUCT.replace("Kemeja Batik", "Kain Batik").replace("KB-1", "KB-2")


def test_a_build_killed_after_its_site_was_complete_leaves_no_empty_folder(tmp_path):
    """The folders of a removed product go after the marker; killed between, the next build removes them."""
    shop = committed_shop(tmp_path / "shop", {"content/products/kain.md": SECOND_PRODUCT})
    assert build(shop)[0] == 0
    assert (shop / "public/products/kain/index.html").is_file()
    git(shop, "rm", "-q", "content/products/kain.md")
    git(shop, "commit", "-q", "-m", "kain sold for good")
    killed_build(shop, "after the marker")
    assert (shop / "public/products/kain").is_dir() and not any((shop / "public/products/kain").iterdir())
    assert build(shop)[0] == 0
    assert not (shop / "public/products/kain").exists()
    assert leftovers(shop) == [] and git_status(shop) == ""


def test_a_build_killed_while_adding_a_product_in_place_leaves_no_folder_of_it(tmp_path):
    from generator.write import recover_output

    shop = committed_shop(tmp_path / "shop")
    assert build(shop)[0] == 0
    before, made = snapshot(shop / "public"), folders(shop / "public")
    (shop / "content/products/kain.md").write_text(SECOND_PRODUCT)  # its page, moved in first, makes products/kain/
    git(shop, "add", ".")
    git(shop, "commit", "-q", "-m", "kain")
    killed_build(shop, "moving files in place")
    assert folders(shop / "public") != made
    assert any("put back" in note for note in recover_output(shop / "public"))
    assert snapshot(shop / "public") == before and folders(shop / "public") == made


def test_a_journal_is_rolled_back_whatever_process_now_has_its_id(tmp_path):
    """Ids are reused (and on Windows cannot be asked about): the output's lock, not the id, says that no build is
    writing, so a half-made update in place is undone even when a running process has the id of the one killed."""
    from generator.write import recover_output

    shop = built_then_edited(tmp_path / "shop")
    before = snapshot(shop / "public")
    killed_build(shop, "moving files in place")
    work = shop / ".public.etalase-work"
    [journal] = work.glob("journal-*.json")
    dead = journal.stem.split("-")[1]
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        for kind in ("journal", "aside", "staged"):
            for path in work.glob(f"{kind}-{dead}*"):
                path.rename(work / path.name.replace(dead, str(running.pid)))
        assert any("put back" in note for note in recover_output(shop / "public"))
        assert snapshot(shop / "public") == before
        assert leftovers(shop) == []  # its folders too: the lock, not the id, says no one writes them
    finally:
        running.kill()
        running.wait()


def test_a_write_that_could_not_put_the_old_files_back_is_undone_by_the_next_write(tmp_path, monkeypatch):
    """The preview writes its mirror many times in one process: the next write first undoes a half-made one
    (before, it cleared the old files set aside), and the error said is the first one, not the rollback's."""
    import os

    import generator.in_place as in_place
    from generator.write import write_site

    shop = built_then_edited(tmp_path / "shop")
    site = shop / "public"
    before = snapshot(site)
    real, calls = os.replace, []

    def failing(source, target):  # fails on the move after the product's page was replaced
        if any(str(done).endswith("products/kemeja/index.html") for done in calls):
            raise OSError(28, "No space left on device")
        calls.append(target)
        real(source, target)

    def failing_roll_back(*args):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(in_place.os, "replace", failing)
    monkeypatch.setattr(in_place, "roll_back", failing_roll_back)
    with pytest.raises(OSError) as raised:
        Builder(BuildOptions(root=shop, use_git=False)).build()
    assert raised.value.errno == 28
    assert any("putting the previous files back failed" in note for note in raised.value.__notes__)
    monkeypatch.undo()
    assert "Rp 99.000" in (site / "products/kemeja/index.html").read_text()  # half made
    # The next write (without a search index, so pagefind/ goes) keeps the files of the build before.
    kept = {path for path in before if path != ".etalase-site" and not path.startswith("pagefind/")}
    write_site(site, {"extra.txt": b"x"}, {}, {"build": "next"}, kept={path: site / path for path in kept})
    after = snapshot(site)
    assert json.loads(after.pop(".etalase-site"))["build"] == "next"
    assert after == {**{path: before[path] for path in kept}, "extra.txt": b"x"}


def test_a_second_build_of_one_output_waits_for_the_first(tmp_path):
    """Both would plan from the same live site and mix their files: the second waits, and says so."""
    import queue
    import threading

    from generator.work_folder import writing

    shop = built_then_edited(tmp_path / "shop")
    page = shop / "public/products/kemeja/index.html"
    lines: queue.Queue = queue.Queue()
    with writing((shop / "public").resolve()):  # as a build in another process holds it
        second = subprocess.Popen([sys.executable, "-m", "generator", "build", "--shop", str(shop), "--no-git"],
                                  cwd=REPO, stderr=subprocess.PIPE, text=True)
        threading.Thread(target=lambda: [lines.put(line) for line in second.stderr], daemon=True).start()
        said = ""
        while "waiting for another build" not in said:
            said += lines.get(timeout=60)
        assert "Rp 99.000" not in page.read_text() and second.poll() is None
    assert second.wait(timeout=120) == 0
    assert "Rp 99.000" in page.read_text()
    assert leftovers(shop) == []


def test_a_failed_write_of_a_new_tree_stops_the_other_writers(tmp_path, monkeypatch):
    """A full disk or Ctrl-C in one of the threads that write a new tree ends the write: the others finish the
    files they hold and take no more, rather than filling the disk with a tree that will be removed."""
    import time

    from generator import write

    written = []

    def slow_or_full(self, data):
        if self.name == "0.html":
            raise OSError(28, "No space left on device")
        time.sleep(0.001)
        written.append(self.name)

    monkeypatch.setattr(Path, "write_bytes", slow_or_full)
    files = {f"p/{n}.html": b"x" for n in range(4000)}
    with pytest.raises(OSError) as raised:
        write._write_files(tmp_path / "tree", files, {})
    assert raised.value.errno == 28
    assert len(written) < len(files) / 4
