"""Lighthouse on the demo shop: accessibility, best practices and SEO all 100, no layout shift (performance, a
timing: bench/lighthouse.py)."""

from __future__ import annotations

import pytest

from bench.lighthouse import PAGES, lighthouse
from tests.conftest import node_tool
from tests.helpers import built_demo

pytestmark = pytest.mark.browser  # Chromium, Java and the npm tools


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    return built_demo(tmp_path_factory.mktemp("lighthouse") / "shop")


@pytest.mark.parametrize("name", list(PAGES))
def test_lighthouse_scores(demo, serve_folder, name):
    node_tool(".bin", "lighthouse")
    result = lighthouse(serve_folder(demo / "public") + "/" + PAGES[name])
    scores = result["scores"]
    assert (scores["accessibility"], scores["best-practices"], scores["seo"]) == (100, 100, 100), result
    assert result["layout_shift"] == 0, result  # nothing moves as the page loads (issue 19)
