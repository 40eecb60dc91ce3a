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
from pathlib import Path

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


def formulas_of(cls, tmp_path_factory, own: Path) -> Path:
    """Where LaTeX's output for ``cls`` is: the folder its own test module's renders filled
    (conftest.py's ``media``: ``<topic>-media0``; formulas are never translated), else ours."""
    topic = cls.__module__.rsplit(".", 1)[-1]
    theirs = tmp_path_factory.getbasetemp() / f"{topic}-media0" / "Tex"
    return theirs if theirs.is_dir() else own / "Tex"


@pytest.mark.parametrize("lang", languages.codes())
@pytest.mark.parametrize("cls", SCENES, ids=lambda cls: cls.__name__)
def test_words_stay_in_frame_and_apart(cls, lang, layout_media, monkeypatch, request,
                                       tmp_path_factory):
    from manim import tempconfig

    key = (scene_key(cls), lang)
    if key not in SEEN:
        request.getfixturevalue("no_drawing")
        monkeypatch.setenv("DEEPWARP_LANG", lang)
        with tempconfig({"tex_dir": str(formulas_of(cls, tmp_path_factory, layout_media))}):
            render_last_frame(cls, layout_media)
    assert key in SEEN
    assert SEEN[key] == [], "\n".join(SEEN[key])


# --- the check itself, on words placed by hand -------------------------------------------

@pytest.fixture
def stage(tmp_path):
    """An empty scene at the tests' small size (not rendered: the check reads positions)."""
    from manim import Scene, tempconfig

    with tempconfig({"media_dir": str(tmp_path), "pixel_width": 320, "pixel_height": 180,
                     "verbosity": "ERROR"}):
        yield Scene()


def test_the_check_finds_words_off_the_frame_and_on_top_of_each_other(stage):
    from manim import Text

    from scenes.common.text import may_overlap
    from tests.scenes.layout import problems

    a = Text("left", font_size=24).move_to([0.0, 0.0, 0.0])
    b = Text("right", font_size=24).move_to([0.2, 0.05, 0.0])
    away = Text("away", font_size=24).move_to([7.2, -2.0, 0.0])  # the frame ends at 7.11
    apart = Text("apart", font_size=24).move_to([0.0, -2.0, 0.0])
    stage.add(a, b, away, apart)
    found = problems(stage, "here")
    assert len(found) == 2, found
    assert found[0].startswith("here: 'away' leaves the frame by 0.")
    assert found[1].startswith("here: 'left' overlaps 'right'")
    may_overlap(a, b)  # the scene says they may
    assert problems(stage, "here") == [found[0]]
    away.set_opacity(0)  # what cannot be seen is not checked
    assert problems(stage, "here") == []


def test_glyphs_shown_without_their_text_are_still_words(stage, monkeypatch):
    from manim import MathTex, Text, VGroup

    from tests.scenes.layout import problems, watch_sections

    watch_sections(monkeypatch)  # marks each text's glyphs as it is made
    line = Text("epoch 0 -> epoch 300", font_size=24)
    formula = MathTex("L", "=", "0.5", font_size=36).move_to(line[-3:])
    stage.add(VGroup(*line[:6]), VGroup(*line[6:]), formula[2])  # shown in pieces
    found = problems(stage, "here")
    assert len(found) == 1 and "'epoch 0 -> epoch 300' overlaps 'L = 0.5'" in found[0], found


def test_a_test_s_variant_of_a_scene_is_not_taken_for_the_scene():
    from scenes.space import SpaceTransformations
    from tests.scenes.layout import lecture_class

    class Noting(SpaceTransformations):  # instruments, changes nothing shown
        def wait_until(self, mark):
            super().wait_until(mark)

    class Shorter(SpaceTransformations):  # other settings: another layout
        BOX = 1.0

    assert lecture_class(SpaceTransformations) is SpaceTransformations
    assert lecture_class(Noting) is SpaceTransformations
    assert lecture_class(Shorter) is None
