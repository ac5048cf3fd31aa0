"""The publish workflow of a new shop: what it installs, and that photos are not processed again."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import yaml

from generator import __version__
from tests.helpers import build, make_photo, run


def _workflow(shop: Path) -> dict:
    return yaml.safe_load((shop / ".github/workflows/publish.yml").read_text())


def _step(steps: list[dict], name: str) -> dict:
    return next(step for step in steps if step.get("name") == name)


def _which_etalase(shop: Path, step: dict, tmp_path: Path) -> dict[str, str]:
    """Run the workflow's "Which Etalase" step as the runner would, and read what it outputs."""
    output = tmp_path / "github-output"
    output.write_text("")
    subprocess.run(["bash", "-e", "-c", step["run"]], cwd=shop, check=True, env={**os.environ, "GITHUB_OUTPUT": str(output)})
    return dict(line.split("=", 1) for line in output.read_text().splitlines())


def test_new_shop_installs_the_version_that_made_it(tmp_path):
    assert run("new", tmp_path / "toko")[0] == 0
    shop = tmp_path / "toko"
    workflow = _workflow(shop)
    for job in ("build", "check"):
        steps = workflow["jobs"][job]["steps"]
        outputs = _which_etalase(shop, _step(steps, "Which Etalase"), tmp_path)
        assert outputs["install"] == f"etalase=={__version__}"
        install = _step(steps, "Install Etalase")
        # the value reaches pip through the environment, never pasted into the script
        assert install["run"] == 'pip install "$INSTALL"'
        assert install["env"]["INSTALL"] == "${{ steps.etalase.outputs.install }}"
        cache = _step(steps, "Photos processed by earlier runs")
        assert cache["with"]["path"] == ".etalase-cache"
        assert cache["with"]["key"].startswith("etalase-${{ steps.etalase.outputs.key }}-${{ hashFiles('content/**'")
        assert cache["with"]["restore-keys"] == "etalase-${{ steps.etalase.outputs.key }}-"
    assert _step(workflow["jobs"]["build"]["steps"], "Photos processed by earlier runs")["uses"].startswith("actions/cache@")


def test_publish_install_in_shop_toml_is_what_the_workflow_installs(tmp_path):
    assert run("new", tmp_path / "toko")[0] == 0
    shop = tmp_path / "toko"
    install = "etalase @ git+https://github.com/etalase/etalase@v0.1.0"
    toml = shop / "shop.toml"
    toml.write_text(toml.read_text() + f'\n[publish]\ninstall = "{install}"\n')
    assert build(shop)[0] == 0  # the key is part of the contract
    steps = _workflow(shop)["jobs"]["build"]["steps"]
    outputs = _which_etalase(shop, _step(steps, "Which Etalase"), tmp_path)
    assert outputs["install"] == install
    assert run("new", tmp_path / "default")[0] == 0
    default = _which_etalase(tmp_path / "default", _step(steps, "Which Etalase"), tmp_path)
    assert len(outputs["key"]) == 16 and outputs["key"] != default["key"]  # another Etalase: another photo cache


def test_publish_install_must_install_etalase(tmp_path):
    assert run("new", tmp_path / "toko")[0] == 0
    toml = tmp_path / "toko/shop.toml"
    lines = toml.read_text().count("\n")
    toml.write_text(toml.read_text() + '\n[publish]\ninstall = "requests"\n')
    code, err = build(tmp_path / "toko")
    assert code == 1
    assert f'shop.toml:{lines + 3}: publish.install: must install etalase, not "requests"' in err
    toml.write_text(toml.read_text().replace('"requests"', '"etalase = = 1"'))
    code, err = build(tmp_path / "toko")
    assert code == 1 and "publish.install: must be what pip installs Etalase from" in err


def test_restored_cache_processes_no_photo_again(tmp_path):
    """What actions/cache gives a daily run: yesterday's .etalase-cache in a fresh checkout (new file times)."""
    from generator.build import BuildOptions, Builder

    assert run("new", tmp_path / "toko")[0] == 0
    shop = tmp_path / "toko"
    make_photo(shop / "content/products/kaos-kawung/detail.jpg", (1000, 1000))
    first = Builder(BuildOptions(root=shop, use_git=False)).build()
    assert first.photos_decoded == 1
    for photo in (shop / "content").rglob("*.jpg"):  # a fresh clone: same bytes, new times
        os.utime(photo, (photo.stat().st_atime + 86400, photo.stat().st_mtime + 86400))
    again = Builder(BuildOptions(root=shop, use_git=False, force=True)).build()
    assert again.photos_decoded == 0 and again.pages == first.pages


def test_which_etalase_reads_shop_toml_as_the_build_does(tmp_path):
    """A byte-order mark (accepted by the build) is read; a shop.toml that does not read falls back to the pinned
    version (the build then says what to fix); a value that is not one line of text stops the step."""
    assert run("new", tmp_path / "toko")[0] == 0
    shop = tmp_path / "toko"
    step = _step(_workflow(shop)["jobs"]["build"]["steps"], "Which Etalase")
    toml = shop / "shop.toml"
    original = toml.read_text()
    toml.write_text("\ufeff" + original + '\n[publish]\ninstall = "etalase @ git+https://example.test/etalase@v1"\n', encoding="utf-8")
    assert _which_etalase(shop, step, tmp_path)["install"] == "etalase @ git+https://example.test/etalase@v1"
    toml.write_text(original + 'title = "twice"\n')
    assert _which_etalase(shop, step, tmp_path)["install"] == f"etalase=={__version__}"
    for bad in ('"etalase\\nkey=evil"', "1.2"):
        toml.write_text(original + f"\n[publish]\ninstall = {bad}\n")
        done = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=shop, capture_output=True, text=True,
                              env={**os.environ, "GITHUB_OUTPUT": str(tmp_path / "out")})
        assert done.returncode != 0 and "[publish] install must be one line of text" in done.stderr
    assert all(step.get("with", {}).get("persist-credentials") is False
               for job in _workflow(shop)["jobs"].values() for step in job.get("steps", []) if step.get("uses", "").startswith("actions/checkout"))
