"""What a build keeps for the next one is tied to the code that made it, not only to its version number."""

from __future__ import annotations

import os
import pickle

from generator import __version__
from generator.code_version import code_version
from tests.helpers import build, make_shop


def test_the_code_version_changes_with_any_file_of_the_package_but_its_compiled_caches(tmp_path):
    package = tmp_path / "generator"
    (package / "outputs/__pycache__").mkdir(parents=True)
    (package / "build.py").write_text("x = 1\n")
    (package / "outputs/feed.py").write_text("y = 2\n")
    (package / "serve.js").write_text("z")
    first = code_version(str(package))
    assert first.startswith(__version__ + "+") and code_version(str(package)) == first
    (package / "outputs/__pycache__/feed.cpython-311.pyc").write_bytes(b"compiled")
    assert code_version(str(package)) == first
    (package / "outputs/feed.py").write_text("y = 3\n")  # the same size: its time tells
    os.utime(package / "outputs/feed.py", ns=(1, 1))
    second = code_version(str(package))
    assert second != first
    (package / "serve.js").write_text("zz")  # package data (the preview's script, the workflow) counts too
    assert code_version(str(package)) not in (first, second)


def test_a_build_by_other_code_is_neither_a_no_op_nor_a_state_to_trust(tmp_path, monkeypatch):
    from generator import build as build_module, fingerprint

    shop = make_shop(tmp_path / "shop")
    assert build(shop)[0] == 0
    code, err = build(shop, "-v")
    assert code == 0 and "nothing changed since the last build" in err
    state_file = shop / ".etalase-cache/state.pickle"
    assert pickle.loads(state_file.read_bytes())["version"] == code_version()
    monkeypatch.setattr(fingerprint, "code_version", lambda: __version__ + "+other")
    monkeypatch.setattr(build_module, "code_version", lambda: __version__ + "+other")
    code, err = build(shop, "-v")
    assert code == 0 and "nothing changed since the last build" not in err
    state = pickle.loads(state_file.read_bytes())
    assert state["version"] == __version__ + "+other"
    written = next(line for line in err.splitlines() if "written to" in line)
    assert written.endswith(" 0 kept")  # nothing kept by the other code's records: every page made again
