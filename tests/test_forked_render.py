"""A build with many pages renders every other one in a forked second process (outputs/forked_share.py):
what it writes, the records later builds trust, and the errors it says are those of a build in one process."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.outputs import pages
from tests.helpers import REPO, build, copy_demo, snapshot

pytestmark = pytest.mark.skipif(not hasattr(os, "fork") or sys.platform == "darwin", reason="forked on POSIX but macOS only")

# The build, in a process of its own (no thread of the test runner is copied into the fork), with every page
# count forked; FORK_TEST says which jobs the second process does ("half", as builds do, or "all") and whether
# it dies ("kill:N": after sending N outcomes, as a second process killed by the system would).
DRIVER = """
import os, signal, sys
from generator.outputs import pages
pages.FORK_FROM = 0
mode = os.environ["FORK_TEST"]
from generator.outputs import forked_share
real_init = forked_share.ForkedShare.__init__
def init(self, *args):
    print("forking", file=sys.stderr)
    if mode == "no fork":
        os.fork = lambda: (_ for _ in ()).throw(OSError(11, "Resource temporarily unavailable"))
    real_init(self, *args)
forked_share.ForkedShare.__init__ = init
if mode == "all":
    pages.forked_jobs = lambda count: range(count)
if mode.startswith("kill:"):
    parent, sent, real = os.getpid(), [0], pages._outcome
    def outcome(env, job, graph):
        if os.getpid() != parent:
            if sent[0] == int(mode[5:]):
                os.kill(os.getpid(), signal.SIGKILL)
            sent[0] += 1
        return real(env, job, graph)
    pages._outcome = outcome
from generator.cli import main
sys.exit(main(sys.argv[1:]))
"""


def forked_build(shop: Path, mode: str, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", DRIVER, "build", "--shop", str(shop), "--no-git", "-v", *extra],
                          cwd=REPO, env={**os.environ, "FORK_TEST": mode}, capture_output=True, text=True, timeout=300)


def serial_build(shop: Path, monkeypatch, *extra: str) -> tuple[int, str]:
    monkeypatch.setattr(pages, "FORK_FROM", 10**9)
    try:
        return build(shop, *extra)
    finally:
        monkeypatch.undo()


def site(folder: Path) -> dict[str, bytes]:
    files = snapshot(folder)
    marker = json.loads(files.pop(".etalase-site"))
    return {**files, "listing": json.dumps(sorted(marker["files"])).encode()}  # the times differ, the files do not


def test_pages_done_in_a_second_process_are_those_of_one_process(tmp_path, monkeypatch):
    forked, one = copy_demo(tmp_path / "forked"), copy_demo(tmp_path / "one")
    done = forked_build(forked, "half")
    assert done.returncode == 0, done.stderr
    assert "seen to in a second process" in done.stderr
    assert serial_build(one, monkeypatch)[0] == 0
    assert site(forked / "public") == site(one / "public")
    # The records the fork sent are those a later build trusts: an edit re-renders the pages it does in one
    # process, and its site equals a clean build's.
    for shop in (forked, one):
        product = shop / "content/products/kopi-robusta-temanggung.md"
        product.write_text(product.read_text(encoding="utf-8").replace('\ntitle: "', '\ntitle: "Baru ', 1), encoding="utf-8")
    done = forked_build(forked, "half")
    code, said = serial_build(one, monkeypatch, "-v")
    assert done.returncode == code == 0, done.stderr
    assert rendered_now(done.stderr) == rendered_now(said) and 0 < max(rendered_now(said)) < 100
    assert serial_build(one, monkeypatch, "--force", "--output", str(tmp_path / "clean"))[0] == 0
    assert site(forked / "public") == site(one / "public") == site(tmp_path / "clean")


def rendered_now(said: str) -> list[int]:
    return [int(count) for count in re.findall(r"(\d+) rendered now", said)]


@pytest.mark.parametrize("share", ["all", "half"])  # the error in the second process, or in the first while the second renders
def test_a_template_error_in_either_process_is_said_as_one_process_says_it(tmp_path, monkeypatch, share):
    shop = copy_demo(tmp_path / "shop")
    template = (REPO / "themes/etalase/templates/product.html").read_text(encoding="utf-8")
    broken = template.replace("{% block main %}", "{% block main %}{% if product.variants %}{{ product.nama.x }}{% endif %}", 1)
    assert broken != template
    (shop / "templates").mkdir()
    (shop / "templates/product.html").write_text(broken, encoding="utf-8")
    code, said = serial_build(shop, monkeypatch)
    done = forked_build(shop, share)
    assert "forking" in done.stderr
    assert code == done.returncode == 1
    assert "product.html" in said and [line for line in said.splitlines() if "error" in line] == \
        [line for line in done.stderr.splitlines() if "error" in line]
    assert not (shop / "public").exists()


def test_a_second_process_that_dies_leaves_its_pages_to_the_first(tmp_path, monkeypatch):
    shop = copy_demo(tmp_path / "shop")
    done = forked_build(shop, "kill:3")
    assert done.returncode == 0, done.stderr
    assert "3 of the pages were seen to in a second process" in done.stderr
    assert serial_build(shop, monkeypatch, "--output", str(tmp_path / "one"))[0] == 0
    assert site(shop / "public") == site(tmp_path / "one")


def test_a_second_process_that_cannot_be_made_leaves_all_pages_to_the_first(tmp_path, monkeypatch):
    shop = copy_demo(tmp_path / "shop")
    done = forked_build(shop, "no fork")
    assert done.returncode == 0, done.stderr
    assert "forking" in done.stderr and "second process" not in done.stderr
    assert serial_build(shop, monkeypatch, "--output", str(tmp_path / "one"))[0] == 0
    assert site(shop / "public") == site(tmp_path / "one")
