"""Every lecture scene's words, in every shipped language, at every beat: inside the frame
and not on top of each other (issue 22: the layout holds in every language).

The check (tests/scenes/layout.py) watches every scene render of the session, so most
scenes are already checked in English, and some in Chinese, by the renders their own tests
make (these tests run last: see conftest.py). What no test rendered is rendered here once,
silent, at the tests' small size, skipping the animations and drawing no frames: where the
words sit does not depend on pixels.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import scenes
from narration import languages
from scenes.common.base import LectureMixin
from tests.scenes.frames import render_last_frame
from tests.scenes.layout import SEEN, scene_key


def lecture_scenes() -> list[type]:
    """Every scene class of the lecture: each class of a ``scenes/`` file that writes its
    own ``construct``."""
    found = []
    for info in pkgutil.iter_modules(scenes.__path__):
        if info.ispkg:
            continue
        module = importlib.import_module(f"scenes.{info.name}")
        found += [cls for _, cls in inspect.getmembers(module, inspect.isclass)
                  if issubclass(cls, LectureMixin) and cls.__module__ == module.__name__
                  and "construct" in vars(cls)]
    return found


SCENES = lecture_scenes()


def test_every_lecture_scene_is_checked():
    # 20 scenes in 7 files today; a new scene file is found without editing this test.
    assert len(SCENES) >= 20
    assert {cls.__module__ for cls in SCENES} >= {
        f"scenes.{m}" for m in ("intro", "neuron", "network", "space", "warp", "descent",
                                "depth")}


@pytest.fixture(scope="module")
def layout_media(tmp_path_factory):
    # One folder for every language: formulas (never translated) go through LaTeX once.
    return tmp_path_factory.mktemp("layout-media")


@pytest.fixture
def no_drawing(monkeypatch):
    """Render without drawing frames (about a tenth of a skipped render's time)."""
    from manim.renderer.cairo_renderer import CairoRenderer

    monkeypatch.setattr(CairoRenderer, "update_frame", lambda *a, **k: None)
    monkeypatch.setattr(CairoRenderer, "save_static_frame_data", lambda *a, **k: None)


@pytest.mark.parametrize("lang", languages.codes())
@pytest.mark.parametrize("cls", SCENES, ids=lambda cls: cls.__name__)
def test_words_stay_in_frame_and_apart(cls, lang, layout_media, monkeypatch, request):
    key = (scene_key(cls), lang)
    if key not in SEEN:
        request.getfixturevalue("no_drawing")
        monkeypatch.setenv("DEEPWARP_LANG", lang)
        render_last_frame(cls, layout_media)
    assert key in SEEN
    assert SEEN[key] == [], "\n".join(SEEN[key])
