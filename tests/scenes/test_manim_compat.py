"""What scenes/common/manim_compat.py needs from Manim is still there, and its patches work.

A Manim upgrade that renames a patched method, drops a private field or changes a
signature fails here, naming what is gone, instead of as a wrong frame, a slow render
or a silent WebM somewhere in a scene.
"""

from __future__ import annotations

import copy
import importlib
import inspect
import wave

import manim
import numpy as np
import pytest
from manim import tempconfig

import scenes.common.base  # noqa: F401  (installs every patch, as for every scene)
from scenes.common import manim_compat, outlines


def _resolve(path: str):
    module, _, name = path.rpartition(".")
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return importlib.import_module(path)


@pytest.fixture(scope="module")
def instances(tmp_path_factory):
    """A fresh renderer, file writer and Text: where instance attributes are looked for."""
    media = tmp_path_factory.mktemp("compat-media")
    with tempconfig({"media_dir": str(media), "dry_run": True, "verbosity": "ERROR"}):
        scene = manim.Scene()
        text = manim.Text("x")
    return {"CairoRenderer": scene.renderer, "SceneFileWriter": scene.renderer.file_writer,
            "SVGMobject": text}


def test_the_manim_release_is_the_one_checked_against():
    major_minor = manim.__version__.split(".")[:2]
    assert major_minor == manim_compat.CHECKED_AGAINST.split(".")[:2], (
        f"Manim {manim.__version__} is installed; scenes/common/manim_compat.py was checked "
        f"against {manim_compat.CHECKED_AGAINST}: re-check each patch, then bump CHECKED_AGAINST")


@pytest.mark.parametrize("owner, attr, why", manim_compat.RELIES_ON,
                         ids=[f"{o.rsplit('.', 1)[-1]}.{a}" for o, a, _ in manim_compat.RELIES_ON])
def test_what_the_door_relies_on_is_still_in_manim(owner, attr, why, instances):
    obj = _resolve(owner)
    where = [obj] + [i for name, i in instances.items() if owner.endswith(name)]
    assert any(hasattr(o, attr) for o in where), f"Manim {manim.__version__}: {owner}.{attr} " \
        f"is gone; manim_compat needs it ({why})"


@pytest.mark.parametrize("func, params", [
    ("manim.scene.scene_file_writer.convert_audio", ["input_path", "output_path", "codec_name"]),
    ("manim.Mobject.__deepcopy__", ["self", "clone_from_id"]),
    ("manim.mobject.svg.svg_mobject.SVGMobject.generate_mobject", ["self"]),
    # The drawing hooks the lecture's cameras override (scenes/common/camera.py).
    ("manim.Camera.display_vectorized", ["self", "vmobject", "ctx"]),
    ("manim.Camera.set_cairo_context_color", ["self", "ctx", "rgbas", "vmobject"]),
    ("manim.Camera.set_cairo_context_path", ["self", "ctx", "vmobject"]),
    ("manim.ThreeDCamera.modified_rgbas", ["self", "vmobject", "rgbas"]),
    ("manim.ThreeDCamera.get_mobjects_to_display", ["self"]),
])
def test_patched_functions_keep_their_signature(func, params):
    owner, _, name = func.rpartition(".")
    try:
        f = getattr(_resolve(owner), name)
    except AttributeError:
        pytest.fail(f"Manim {manim.__version__}: {func} is gone")
    if getattr(f, "opus_for_webm", False):  # our wrapper: check what it wraps
        f = inspect.getclosurevars(f).nonlocals["original"]
    assert list(inspect.signature(f).parameters)[:len(params)] == params, func


def test_a_glyph_keeps_the_path_it_was_parsed_from():
    import svgelements as se
    from manim.mobject.svg.svg_mobject import VMobjectFromSVGPath

    glyph = VMobjectFromSVGPath(se.Path("M 0 0 L 1 0 L 1 1 Z"))
    assert isinstance(glyph.path_obj, se.Path)
    twin = copy.deepcopy(glyph)
    assert twin.path_obj is glyph.path_obj  # shared, not rebuilt
    np.testing.assert_array_equal(twin.points, glyph.points)
    assert twin.points is not glyph.points


def test_every_patch_is_installed_by_the_base_scene():
    import av
    from manim.mobject.svg.svg_mobject import VMobjectFromSVGPath
    from manim.scene import scene_file_writer

    assert VMobjectFromSVGPath.__deepcopy__ is manim_compat._deepcopy_sharing_path
    assert manim.Text.generate_mobject is outlines.generate_mobject
    assert manim.SingleStringMathTex.generate_mobject is outlines.generate_mobject
    assert "libvorbis" in av.codecs_available or scene_file_writer.convert_audio.opus_for_webm


def test_webm_sound_is_opus(tmp_path):
    """Where Manim asks for Vorbis, a real Ogg file with an Opus stream comes out."""
    import av
    from manim.scene import scene_file_writer

    src = tmp_path / "a.wav"
    with wave.open(str(src), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(24000)
        t = np.arange(2400) / 24000
        w.writeframes((np.sin(2 * np.pi * 440 * t) * 8000).astype("<i2").tobytes())
    out = tmp_path / "a.ogg"
    scene_file_writer.convert_audio(src, out, "libvorbis")
    with av.open(str(out)) as f:
        stream = f.streams.audio[0]
        assert stream.codec_context.name in ("opus", "libopus", "vorbis")
        assert stream.codec_context.name == "vorbis" or stream.codec_context.sample_rate == 48000
        assert sum(fr.samples for fr in f.decode(stream)) > 0


def test_writes_output_is_false_for_a_skipping_render(tmp_path):
    with tempconfig({"media_dir": str(tmp_path), "dry_run": True, "verbosity": "ERROR"}):
        skipping = manim.Scene(skip_animations=True)
        drawing = manim.Scene()
    assert not manim_compat.writes_output(skipping.renderer)
    assert manim_compat.writes_output(drawing.renderer)
