"""The one door to Manim's internals: every patch of Manim, every read of a private field.

Manim is used through its public API everywhere else. What it does not offer, or
does too slowly, is done here, each with why it exists and the Manim version it
was checked against (:data:`CHECKED_AGAINST`). ``tests/scenes/test_manim_compat.py``
checks that everything listed in :data:`RELIES_ON` is still there, with the
signature used, so that a Manim upgrade which removes one fails there, loudly,
not as a wrong frame or a silent WebM somewhere in a scene.

Patches (:func:`install` applies them all; importing :mod:`scenes.common.base`
calls it, so every lecture scene has them):

* :func:`share_svg_paths` — copies of ``Text``/``MathTex`` glyphs share their parsed
  ``svgelements`` path instead of deep-copying it (speed: bench/RESULTS.md);
* :func:`keep_text_outlines` — ``Text``/``MathTex`` read their parsed outlines from
  disk (:mod:`scenes.common.outlines`) instead of parsing each SVG in every render;
* :func:`opus_for_webm` — a narrated WebM gets Opus sound where Manim asks PyAV's
  FFmpeg for Vorbis, which it lacks;
* :func:`fast_aac` — the movie's AAC made by FFmpeg's fast coder from the voice's own
  channels, and Manim's leftover WAV removed (applied by :mod:`delivery.launch`, the
  process every render of the project runs in, not by :func:`install`).

Reads of Manim's private state:

* :func:`writes_output` — whether the render writes frames at all
  (``renderer._original_skipping_status``);
* :func:`keep_clock` — the scene clock put back on the video's frames after a play
  taken from Manim's cache (the cache-clock repair).

Not patches, but relied on too: the lecture's cameras (:mod:`scenes.common.camera`)
subclass Manim's and override its drawing hooks (``display_vectorized``,
``set_cairo_context_color``, ``set_cairo_context_path``, and the 3-D camera's
``modified_rgbas`` and ``get_mobjects_to_display``); the test checks their signatures.

Examples
--------
>>> from scenes.common import manim_compat
>>> manim_compat.install()
>>> from manim.mobject.svg.svg_mobject import VMobjectFromSVGPath
>>> VMobjectFromSVGPath.__deepcopy__ is manim_compat._deepcopy_sharing_path
True
>>> manim_compat.install()  # twice is once
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from manim import Mobject, SingleStringMathTex, Text
from manim.mobject.svg.svg_mobject import VMobjectFromSVGPath

from scenes.common import outlines

__all__ = ["CHECKED_AGAINST", "RELIES_ON", "install", "share_svg_paths",
           "keep_text_outlines", "opus_for_webm", "writes_output", "keep_clock",
           "SOUND_RATE", "fast_aac"]

#: The Manim release every patch and private read below was checked against.
CHECKED_AGAINST = "0.21.0"

#: (object path, attribute, what it is used for): what this module needs from Manim.
#: Attributes of instances (the renderer's, the file writer's) are checked on a fresh
#: instance by the test.
RELIES_ON: tuple[tuple[str, str, str], ...] = (
    ("manim.mobject.svg.svg_mobject.VMobjectFromSVGPath", "__deepcopy__",
     "share_svg_paths replaces it; each glyph keeps its parsed path in .path_obj"),
    ("manim.Mobject", "__deepcopy__", "share_svg_paths calls it with the seeded memo"),
    ("manim.mobject.svg.svg_mobject.SVGMobject", "generate_mobject",
     "keep_text_outlines replaces it on Text and SingleStringMathTex, and calls it"),
    ("manim.mobject.svg.svg_mobject.SVGMobject", "id_to_vgroup_dict",
     "keep_text_outlines stores and restores which SVG groups hold which glyphs"),
    ("manim.scene.scene_file_writer", "convert_audio",
     "opus_for_webm wraps it: (input_path, output_path, codec_name)"),
    ("manim.renderer.cairo_renderer.CairoRenderer", "_original_skipping_status",
     "writes_output: skip_animations is also set for one play taken from the cache"),
    ("manim.renderer.cairo_renderer.CairoRenderer", "animations_hashes",
     "keep_clock: whether the last play has a partial movie"),
    ("manim.scene.scene_file_writer.SceneFileWriter", "partial_movie_files",
     "keep_clock: the last play's partial movie, whose frames it counts"),
)


def install() -> None:
    """Apply every patch of this module; each is applied once however often it is called."""
    share_svg_paths()
    keep_text_outlines()
    opus_for_webm()


# --- patches -------------------------------------------------------------------------------

def _deepcopy_sharing_path(self: VMobjectFromSVGPath, memo: dict[int, Any]) -> Any:
    # Seeding the memo makes deepcopy hand back the same path object.
    memo[id(self.path_obj)] = self.path_obj
    return Mobject.__deepcopy__(self, memo)


def share_svg_paths() -> None:
    """Make copies of SVG-based glyphs share their (read-only) ``svgelements`` path.

    Why: every ``FadeIn``, ``Transform`` or ``.copy()`` deep-copies whole mobject
    families, and each glyph of a ``Text``/``MathTex`` carries the ``svgelements`` path
    it was parsed from (``VMobjectFromSVGPath.path_obj``). Manim reads that path once,
    when it generates the glyph's points, and never again; yet ``copy.deepcopy``
    rebuilds it, segment by segment, on every copy. That was the largest single cost of
    the 2-D scenes (bench/RESULTS.md): sharing it makes copying a glyph about 8×
    cheaper and changes no pixel. Checked against Manim 0.21.0.

    >>> share_svg_paths()
    >>> from manim import MathTex
    >>> tex = MathTex("x")          # doctest: +SKIP
    >>> tex.copy()[0][0].path_obj is tex[0][0].path_obj   # doctest: +SKIP
    True
    """
    VMobjectFromSVGPath.__deepcopy__ = _deepcopy_sharing_path  # type: ignore[method-assign]


def keep_text_outlines() -> None:
    """Make every ``Text`` and ``MathTex`` read parsed outlines from disk when they are there.

    Why: Manim keeps the SVGs that Pango and LaTeX make but parses them again in every
    render, about 4 ms a label plus 1 ms a glyph; :mod:`scenes.common.outlines` keeps
    the parse beside the SVGs. Checked against Manim 0.21.0 (``SVGMobject.generate_mobject``
    and its ``id_to_vgroup_dict``).

    >>> keep_text_outlines()
    >>> Text.generate_mobject is outlines.generate_mobject
    True
    """
    for cls in (Text, SingleStringMathTex):
        cls.generate_mobject = outlines.generate_mobject  # type: ignore[method-assign]


def opus_for_webm() -> None:
    """Let Manim give a WebM its sound: Opus where it asks for Vorbis.

    Why: Manim 0.21 encodes a WebM's audio with ``libvorbis``
    (``scene_file_writer.convert_audio``), which the FFmpeg inside PyAV's wheels does
    not have, so a narrated WebM render would fail. Opus is what WebM players expect
    anyway; it needs 48 kHz, so the mix is resampled on the way. Checked against
    Manim 0.21.0 and PyAV 14.

    >>> opus_for_webm()
    >>> from manim.scene import scene_file_writer
    >>> import av
    >>> "libvorbis" in av.codecs_available or scene_file_writer.convert_audio.opus_for_webm
    True
    """
    import av
    from manim.scene import scene_file_writer as writer

    original = writer.convert_audio
    if "libvorbis" in av.codecs_available or getattr(original, "opus_for_webm", False):
        return

    def convert_audio(input_path, output_path, codec_name: str) -> None:
        if codec_name != "libvorbis":
            return original(input_path, output_path, codec_name)
        resampler = av.AudioResampler(format="s16", layout="stereo", rate=48000)
        with av.open(input_path) as src, av.open(output_path, "w", format="ogg") as out:
            stream = out.add_stream("libopus", rate=48000)
            stream.layout = "stereo"
            frames = [f for frame in src.decode(audio=0) for f in resampler.resample(frame)]
            for frame in frames + resampler.resample(None):
                for packet in stream.encode(frame):
                    out.mux(packet)
            for packet in stream.encode(None):
                out.mux(packet)

    convert_audio.opus_for_webm = True  # type: ignore[attr-defined]
    writer.convert_audio = convert_audio


# --- reads of private state ----------------------------------------------------------------

def writes_output(renderer: Any) -> bool:
    """Whether this render writes its frames (and sound), i.e. was not started skipping.

    Why: ``renderer.skip_animations`` is public but is also set for the one play that
    Manim takes from its cache, so it cannot tell a ``-s``/skipping render from a cached
    play; the value the render started with is only in the private
    ``_original_skipping_status``. Checked against Manim 0.21.0.

    >>> from types import SimpleNamespace
    >>> writes_output(SimpleNamespace(_original_skipping_status=False))
    True
    """
    return not renderer._original_skipping_status


def keep_clock(renderer: Any, start: float) -> None:
    """Keep the scene clock on the video's frames when the play that began at ``start``
    was taken from Manim's cache.

    Why: a played animation advances ``renderer.time`` by the frames it wrote; one
    found in the cache advances it by its nominal run time, which can differ by most of
    a frame; over a scene that would move the speech off its pictures. The frames are
    counted in the cached partial movie (PyAV). Checked against Manim 0.21.0
    (``renderer.animations_hashes``, ``file_writer.partial_movie_files``).

    >>> from types import SimpleNamespace
    >>> played = SimpleNamespace(skip_animations=False, _original_skipping_status=False, time=1.5)
    >>> keep_clock(played, 1.0); played.time  # played, not cached: left as it is
    1.5
    """
    if not renderer.skip_animations or renderer._original_skipping_status:
        return
    files = renderer.file_writer.partial_movie_files
    path = files[-1] if files and renderer.animations_hashes[-1] else None
    if not path or not os.path.exists(path):
        return
    import av

    try:
        with av.open(str(path)) as movie:
            frames = movie.streams.video[0].frames
    except (OSError, av.error.FFmpegError, IndexError):
        return
    if frames > 0:
        renderer.time = start + frames / float(renderer.camera.frame_rate)


# --- the render launcher's sound -------------------------------------------------------

SOUND_RATE = 48000  # what Manim's AAC has; the lecture copies packets at this rate


def _aac(input_path, output_path, codec_name: str) -> None:
    """Manim's ``convert_audio`` (its scene WAV to the movie's audio codec), for AAC made to
    fit: FFmpeg's fast coder and the WAV's own channels, not Manim's default two-loop
    search on a stereo copy of a mono voice (50 s of voice: 0.53 s, not 1.02 s), at 48 kHz
    as before. The WAV it came from is deleted: Manim 0.21 deletes the AAC after muxing it
    but leaves the WAV (2.4 MB a scene) beside the movie.
    """
    import av
    from manim.scene import scene_file_writer

    if codec_name != "aac":
        return scene_file_writer._deepwarp_convert_audio(input_path, output_path, codec_name)
    with av.open(str(input_path)) as src, av.open(str(output_path), "w", format="adts") as dst:
        stream = src.streams.audio[0]
        layout = "mono" if stream.codec_context.layout.nb_channels == 1 else "stereo"
        out = dst.add_stream("aac", rate=SOUND_RATE, layout=layout)
        out.bit_rate, out.options = 128_000, {"aac_coder": "fast"}
        resampler = av.AudioResampler(format="fltp", layout=layout, rate=SOUND_RATE)
        for frame in [*src.decode(stream), None]:
            for piece in resampler.resample(frame):
                dst.mux(out.encode(piece))
        dst.mux(out.encode(None))
    source = Path(input_path)
    if source.suffix == ".wav" and source.with_suffix(".aac") == Path(output_path):
        source.unlink(missing_ok=True)  # the movie's own mix, no longer needed


def fast_aac() -> None:
    """Put :func:`_aac` in place of Manim's ``convert_audio`` (twice is once).

    >>> fast_aac(); fast_aac()
    >>> from manim.scene import scene_file_writer
    >>> scene_file_writer.convert_audio is _aac
    True
    """
    from manim.scene import scene_file_writer

    if scene_file_writer.convert_audio is _aac:
        return
    scene_file_writer._deepwarp_convert_audio = scene_file_writer.convert_audio
    scene_file_writer.convert_audio = _aac
