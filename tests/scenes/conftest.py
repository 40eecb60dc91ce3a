"""Fixtures every scene test module shares.

* ``scene_cache`` (module scope, used automatically): the session's one shared
  scene cache, as ``tests/conftest.py`` sets it per test — set here too because
  module fixtures (the renders) run before per-test ones — and English, whatever
  the caller's ``$DEEPWARP_LANG``, since the control frames are English, and
  with narration off;
* ``media``: one media folder per test module, so each formula is compiled by
  LaTeX once per module;
* ``layout_watch`` (session scope, used automatically): every scene rendered also checks
  where its words sit (tests/scenes/layout.py), and the layout tests run last, so that
  they read what the other tests' renders found instead of rendering again.
"""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module", autouse=True)
def scene_cache(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DEEPWARP_CACHE", str(tmp_path_factory.getbasetemp() / "scene-cache"))
        mp.setenv("DEEPWARP_LANG", "en")
        # Silent, with the reading-speed timings: the frames and displayed values do not
        # depend on the voice, and CI need not synthesise every beat (tests/narration does).
        mp.setenv("DEEPWARP_NARRATION", "off")
        yield


@pytest.fixture(scope="session", autouse=True)
def layout_watch():
    from tests.scenes.layout import watch_sections

    with pytest.MonkeyPatch.context() as mp:
        watch_sections(mp)
        yield


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    layout = [item for item in items if item.path.name == "test_layout.py"]
    if layout:
        items[:] = [item for item in items if item.path.name != "test_layout.py"] + layout


@pytest.fixture(scope="module")
def media(request, tmp_path_factory, scene_cache):
    name = request.module.__name__.rsplit(".", 1)[-1].removeprefix("test_")
    return tmp_path_factory.mktemp(f"{name}-media")
