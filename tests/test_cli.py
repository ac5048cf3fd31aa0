"""The command line: --version, --help, `new`, `python -m generator`, exit codes."""

from __future__ import annotations

import re
import subprocess
import sys

from generator import __version__
from tests.helpers import REPO, build, run


def test_version():
    code, out, _ = run("--version")
    assert code == 0 and out.strip() == f"etalase {__version__}"


def test_help_for_each_command():
    for args in ([], ["build"], ["new"]):
        code, out, _ = run(*args, "--help")
        assert code == 0 and "usage: etalase" in out
    code, out, _ = run("build", "--help")
    for option in ("--output", "--base-url", "--quiet", "--verbose", "--shop"):
        assert option in out


def test_no_command_prints_help_and_exit_2():
    code, out, _ = run()
    assert code == 2 and "build" in out and "new" in out


def test_new_shop_builds(tmp_path):
    code, out, _ = run("new", tmp_path / "tokoku")
    assert code == 0 and "etalase build" in out
    code, err = build(tmp_path / "tokoku")
    assert code == 0, err
    assert (tmp_path / "tokoku/public/products/kaos-kawung/index.html").is_file()


def test_new_shop_is_ready_for_the_browser_editor(tmp_path):
    """Its product is written as the editor writes one (options, photo objects); shop.toml shows how to turn the editor on."""
    assert run("new", tmp_path / "toko")[0] == 0
    product = (tmp_path / "toko/content/products/kaos-kawung/index.md").read_text(encoding="utf-8")
    assert "options:\n  Ukuran: [S, M, L, XL]\n" in product and "variants" not in product
    assert run("convert-photos", "--shop", tmp_path / "toko", "--check")[0] == 0
    toml = (tmp_path / "toko/shop.toml").read_text(encoding="utf-8")
    assert ('# [editor]\n# repo = "owner/name"   # the shop\'s GitHub repository, for the browser editor at /admin/\n'
            '# branch = "main"\n') in toml
    code, err = build(tmp_path / "toko")
    assert code == 0, err
    page = (tmp_path / "toko/public/products/kaos-kawung/index.html").read_text(encoding="utf-8")
    assert "Ukuran" in page and ">XL<" in page


def test_new_shop_has_a_readme_for_the_seller_that_is_not_published(tmp_path):
    assert run("new", tmp_path / "toko")[0] == 0
    readme = (tmp_path / "toko/README.md").read_text(encoding="utf-8")
    for step in ("https://github.com/signup", "https://github.com/settings/personal-access-tokens/new",
                 "**Only select repositories**", "**Contents**: pilih **Read and write**", "`https://<alamat toko>/admin/`",
                 "**Sign In with Token**", "Foto diperkecil", "sebelum menekan **Save**", "tab **Actions**", "email", "`etalase serve`",
                 "http://127.0.0.1:8000/admin/"):
        assert step in readme, step
    code, err = build(tmp_path / "toko")
    assert code == 0, err
    published = [path for path in (tmp_path / "toko/public").rglob("*") if path.is_file()]
    assert not [path for path in published if "readme" in path.name.lower()]
    assert not [path for path in published if b"Sign In with Token" in path.read_bytes()]


def test_new_shop_readme_shows_the_error_the_build_really_gives(tmp_path):
    """The README's example of a rejected edit is the line the build prints for it."""
    assert run("new", tmp_path / "toko")[0] == 0
    example = re.search(r"`([^`]*must be a number[^`]*)`", (tmp_path / "toko/README.md").read_text(encoding="utf-8")).group(1)
    product = tmp_path / "toko/content/products/kaos-kawung/index.md"
    product.write_text(product.read_text(encoding="utf-8").replace("price: 125000", 'price: "murah"'), encoding="utf-8")
    code, err = build(tmp_path / "toko")
    assert code == 1 and example in err.splitlines()


def test_new_refuses_a_non_empty_folder(tmp_path):
    (tmp_path / "file.txt").write_text("x")
    code, _, err = run("new", tmp_path)
    assert code == 1 and "not empty" in err
    assert (tmp_path / "file.txt").read_text() == "x"


def test_python_dash_m_and_quiet(tmp_path):
    run("new", tmp_path / "toko")
    done = subprocess.run([sys.executable, "-m", "generator", "build", "-q", "--no-git"], cwd=tmp_path / "toko",
                          capture_output=True, text=True, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    assert done.stdout == "" and done.stderr == ""
    done = subprocess.run([sys.executable, "-m", "generator", "build", "-v", "--no-git", "--force"], cwd=tmp_path / "toko",
                          capture_output=True, text=True, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0 and "rendered now" in done.stderr and "built 1 products" in done.stderr


def test_failed_build_exits_1_with_summary(tmp_path):
    run("new", tmp_path / "toko")
    (tmp_path / "toko/content/pages/privacy.md").unlink()
    code, err = build(tmp_path / "toko")
    assert code == 1
    assert err.splitlines()[-1] == "build failed: 1 problem to fix; nothing was written"
