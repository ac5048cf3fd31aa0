"""The command line: --version, --help, `new`, `python -m generator`, exit codes."""

from __future__ import annotations

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
