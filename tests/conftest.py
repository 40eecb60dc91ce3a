"""Test options shared by the suite.

``--set_test`` rewrites the scene control frames instead of comparing;
``--show_diff`` writes expected / actual / difference PNGs to ``media/test-diffs``.
"""

from __future__ import annotations

import pytest

import engine  # noqa: F401  (pins torch's CPU kernels before any test imports torch)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--set_test", action="store_true", help="regenerate scene control frames")
    parser.addoption("--show_diff", action="store_true", help="dump PNG diffs of failed frames")


@pytest.fixture(autouse=True)
def _isolated_cache(request, tmp_path_factory, monkeypatch):
    """Engine tests get a private cache; scene tests share one warm cache per session."""
    if "scenes" in request.node.path.parts:
        root = tmp_path_factory.getbasetemp() / "scene-cache"
    else:
        root = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("DEEPWARP_CACHE", str(root))
