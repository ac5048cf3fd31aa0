"""A plain, non-editable install works from any folder: the themes travel inside the package."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

from tests.helpers import REPO, run


def test_wheel_carries_themes_and_builds_from_elsewhere(tmp_path):
    wheels = tmp_path / "wheels"
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(REPO), "--no-deps", "-q", "-w", str(wheels)],
        capture_output=True, text=True, cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    wheel = next(wheels.glob("etalase-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for needed in ("generator/themes/etalase/theme.toml", "generator/themes/etalase/templates/product.html",
                   "generator/themes/etalase/static/style.css", "generator/themes/etalase/locales/id/LC_MESSAGES/messages.po",
                   "generator/themes/pasar/theme.toml"):
        assert needed in names
    assert not any(name.startswith(("content/", "tests/")) for name in names)

    target = tmp_path / "site-packages"
    done = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(wheel)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    run("new", tmp_path / "toko")
    # run the installed copy, from a folder far from the repository
    env = {**os.environ, "PYTHONPATH": str(target)}
    done = subprocess.run([sys.executable, "-m", "generator", "build", "--no-git"], cwd=tmp_path / "toko",
                          capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "toko/public/products/kaos-kawung/index.html").is_file()
    done = subprocess.run([sys.executable, "-c", "import generator; print(generator.__file__)"], cwd=tmp_path,
                          capture_output=True, text=True, env=env)
    assert done.stdout.startswith(str(target))


def test_every_package_of_the_code_is_in_the_wheel():
    """A subpackage missing from pyproject's list passes every test run from the checkout and breaks the
    installed command (as `etalase import` once did): each folder of generator/ with an __init__.py is listed."""
    import tomllib

    from tests.helpers import REPO

    listed = set(tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {".".join(init.parent.relative_to(REPO).parts) for init in (REPO / "generator").rglob("__init__.py")}
    assert found - {"generator.themes"} <= listed, sorted(found - listed)
