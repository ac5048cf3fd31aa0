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

from generator import build as build_module, content
from generator.outputs import pages
from tests.helpers import REPO, build, copy_demo, snapshot

pytestmark = pytest.mark.skipif(not hasattr(os, "fork") or sys.platform == "darwin", reason="forked on POSIX but macOS only")

# The build, in a process of its own (no thread of the test runner is copied into the fork), with every page
# count forked; FORK_TEST says which jobs the second process does ("half", as builds do, or "all") and whether
# it dies ("kill:N": after sending N outcomes, as a second process killed by the system would).
DRIVER = """
import os, signal, sys
from generator import build, content
from generator.outputs import pages
pages.FORK_FROM = content.READ_IN_TWO_FROM = build.VIEWS_IN_TWO_FROM = build.CHECK_IN_TWO_FROM = 0
mode = os.environ["FORK_TEST"]
from generator.outputs import forked_share
real_init = forked_share.ForkedShare.__init__
def init(self, *args):
    print("forking", file=sys.stderr)
    real_fork = os.fork
    if mode == "no fork":  # for this share only: the photos' process pool forks too
        os.fork = lambda: (_ for _ in ()).throw(OSError(11, "Resource temporarily unavailable"))
    try:
        real_init(self, *args)
    finally:
        os.fork = real_fork
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
    monkeypatch.setattr(content, "READ_IN_TWO_FROM", 10**9)
    monkeypatch.setattr(build_module, "VIEWS_IN_TWO_FROM", 10**9)
    monkeypatch.setattr(build_module, "CHECK_IN_TWO_FROM", 10**9)
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


def test_files_read_and_views_made_in_a_second_process_are_those_of_one_process(tmp_path, monkeypatch):
    forked, one = copy_demo(tmp_path / "forked"), copy_demo(tmp_path / "one")
    done = forked_build(forked, "half")
    assert done.returncode == 0, done.stderr
    products, pages_, files, in_fork, valid = map(int, re.search(
        r"(\d+) products and (\d+) pages \((\d+) files read, (\d+) of them in a second process\), (\d+) products valid", done.stderr).groups())
    assert files == products + pages_ and in_fork == files // 2 > 0
    assert f"{valid} product views made, {valid // 2} of them in a second process" in done.stderr
    assert serial_build(one, monkeypatch)[0] == 0
    assert site(forked / "public") == site(one / "public")
    # The files the second process read are remembered as the first's are: a later build reads only what changed.
    product = forked / "content/products/kopi-robusta-temanggung.md"
    product.write_text(product.read_text(encoding="utf-8").replace('\ntitle: "', '\ntitle: "Baru ', 1), encoding="utf-8")
    done = forked_build(forked, "half")
    assert done.returncode == 0, done.stderr
    assert "(1 files read)" in done.stderr


def test_products_checked_in_a_second_process_say_the_problems_of_one_process(tmp_path, monkeypatch):
    """Every other product is checked in the fork: its errors and warnings come back with it, in the files' order."""
    forked, one = copy_demo(tmp_path / "forked"), copy_demo(tmp_path / "one")
    names = [path.relative_to(forked) for _, path in content.find_products(forked)]
    assert len(names) >= 6
    for shop in (forked, one):
        for number, name in enumerate(names[:6]):  # both processes' shares: a warning (an old sale), an error (a bad price)
            path = shop / name
            text = path.read_text(encoding="utf-8")
            change = "\nsale_until: 2020-01-01\nsale_price: 1000" if number % 3 == 0 else "\nprice: murah"
            path.write_text(text.replace("\n", change + "\n", 1) if number % 3 == 0 else re.sub(r"\nprice: [^\n]*", change, text, count=1),
                            encoding="utf-8")
    done = forked_build(forked, "half")
    code, said = serial_build(one, monkeypatch)
    assert done.returncode == code == 1
    assert re.search(r"\(\d+ checked in a second process\)", done.stderr), done.stderr
    problems = [line for line in said.splitlines() if line.startswith(("error", "warning", "content/"))]
    assert len(problems) >= 4 and problems == [line for line in done.stderr.splitlines() if line.startswith(("error", "warning", "content/"))]


# in_two itself, in a process of its own (the test runner's threads would stop the fork): each step's outcome and
# the process that made it, and the first error, as FORK_TEST says
IN_TWO = """
import json, os, sys
from generator.outputs.forked_share import in_two
mode = os.environ["FORK_TEST"]
made_here = []
def do(number):
    made_here.append(number)
    if mode == "errors" and number in (3, 6):
        raise ValueError(f"step {number} failed in {'the first' if os.getpid() == parent else 'the second'} process")
    return None if number == 5 else [number, os.getpid() == parent]
parent = os.getpid()
try:
    outcomes, in_child = in_two(do, 8, 2 if mode != "few" else 9)
except ValueError as error:
    print(json.dumps({"error": str(error), "made_here": made_here}))
else:
    print(json.dumps({"outcomes": outcomes, "in_child": in_child, "made_here": made_here}))
"""


def in_two_run(mode: str) -> dict:
    done = subprocess.run([sys.executable, "-c", IN_TWO], cwd=REPO, env={**os.environ, "FORK_TEST": mode},
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_in_two_gives_the_outcomes_in_order_every_other_one_from_the_second_process():
    said = in_two_run("half")
    assert said["outcomes"] == [[0, True], [1, False], [2, True], [3, False], [4, True], None, [6, True], [7, False]]
    assert said["in_child"] == 4 and said["made_here"] == [0, 2, 4, 6]


def test_in_two_with_fewer_steps_than_its_least_does_them_all_in_one_process():
    said = in_two_run("few")
    assert said["outcomes"] == [[0, True], [1, True], [2, True], [3, True], [4, True], None, [6, True], [7, True]]
    assert said["in_child"] == 0


def test_in_two_raises_the_first_error_in_step_order_from_the_first_process():
    # step 3 fails in the second process (which then stops), step 6 would fail in the first: the error said is
    # step 3's, raised by the first process doing that step itself, after it did steps 0 to 2
    said = in_two_run("errors")
    assert said["error"] == "step 3 failed in the first process"
    assert said["made_here"] == [0, 2, 3]
