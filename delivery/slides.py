"""Slide variants of every lecture scene, for manim-slides: one slide per beat.

Each lecture scene ``X`` gets a class ``XSlide`` here, so
``manim render delivery/slides.py UntangleCurvesSlide`` renders its slides, and
``manim-slides convert`` (what ``make slides`` runs) turns them into a reveal.js
deck. A beat (``LectureMixin.beat``) opens a slide instead of a section, with its
narration as the speaker notes; the scene's code is not touched.

Slide data (one JSON per scene plus the slide videos) goes to
``<media_dir>/slides/data`` (``data-zh`` for the Chinese version).

Sound: manim-slides builds each slide's video from Manim's partial movie files,
which never carry sound (Manim adds a scene's sound to its whole movie only), so
the slides would be silent. After manim-slides has written them, each slide
video gets its own stretch of the scene's sound track (from the slide's first
frame to its last), so a slide speaks its beat's narration, tagged with its language.

Slides of your own scene: in your scene file, after the class, write
``<Scene>Slide = slide_class(<Scene>)`` (the class is made in your file), then
``make slides FILE=yours.py SCENE=<Scene>`` or a lecture file (``deepwarp lecture``),
which needs no such line.

Besides the slides, each render writes ``<Slide>.beats.json`` beside their JSON: every
beat's key, name, narration and times, from which ``deepwarp lecture`` writes the
recording script and the storyboard without rendering again.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

import av
import numpy as np
from manim import ManimColor, Scene, ThreeDScene, config
from manim_slides.config import PresentationConfig
from manim_slides.slide import Slide, ThreeDSlide

from delivery.assemble import add_audio, iso639_2
from delivery.lecturefile import OURS, Entry, scenes_of
from scenes.common import i18n

__all__ = ["SlideMixin", "slide_class", "slide_name", "slide_of", "slides_folder"]


def slides_folder() -> Path:
    """Where slide data goes: ``<media_dir>/slides/data`` (``data-zh`` for Chinese)."""
    code = i18n.lang()
    return Path(config.media_dir) / "slides" / ("data" if code == "en" else f"data-{code}")


def slide_name(scene: str) -> str:
    return f"{scene}Slide"


class SlideMixin:
    """Turns a lecture scene's beats into slides with speaker notes."""

    # Reveal.js decks never play a slide backwards; skipping the reversed
    # copies halves the encoding work.
    skip_reversing = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("output_folder", slides_folder())
        super().__init__(*args, **kwargs)

    def setup(self) -> None:
        super().setup()  # type: ignore[misc]
        # manim-slides reads the colour with .to_hex(); lecture scenes set a hex string.
        camera = self.renderer.camera  # type: ignore[attr-defined]
        camera.background_color = ManimColor.parse(camera.background_color)

    def _open_section(self, name: str, narration: str) -> None:
        self.next_slide(name, notes=f"**{name}**\n\n{narration}")  # type: ignore[attr-defined]

    def _save_slides(self, *args: Any, **kwargs: Any) -> None:
        super()._save_slides(*args, **kwargs)  # type: ignore[misc]
        writer = self.renderer.file_writer  # type: ignore[attr-defined]
        if getattr(writer, "includes_sound", False):
            self._give_slides_sound(writer.audio_segment)
        self._save_beats()

    def _save_beats(self) -> None:
        """``<Slide>.beats.json``: the beats' keys, names and narration, and the scene whose
        recordings they are (for the recording script and the storyboard)."""
        folder: Path = self._output_folder  # type: ignore[attr-defined]
        beats = [{"key": k, "name": n, "say": t}
                 for k, n, t in self.narrations]  # type: ignore[attr-defined]
        record = {"scene": self.voice_scene(), "lang": i18n.lang(),  # type: ignore[attr-defined]
                  "beats": beats}
        tmp = folder / f".{self}.beats.json.partial"
        tmp.write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
        tmp.replace(folder / f"{self}.beats.json")

    def _give_slides_sound(self, segment: Any) -> None:
        """Cut the scene's sound (a pydub segment) into the slides' videos."""
        rate, width = segment.frame_rate, segment.sample_width
        samples = np.array(segment.get_array_of_samples(), np.float32)
        samples = samples.reshape(-1, segment.channels).T / float(2 ** (8 * width - 1))
        # Frame counts, not seconds: a slide starts where its first partial movie does.
        frames = [0]
        for path in self._partial_movie_files:  # type: ignore[attr-defined]
            with av.open(str(path)) as c:
                frames.append(frames[-1] + (c.streams.video[0].frames if c.streams.video else 0))
        shown = [s for s in self._slides if not s.skip_animations]  # type: ignore[attr-defined]
        folder: Path = self._output_folder  # type: ignore[attr-defined]
        written = PresentationConfig.from_file(folder / f"{self}.json").slides
        fps = float(config.frame_rate)
        for pre, slide in zip(shown, written, strict=True):
            first = round(frames[pre.start_animation] / fps * rate)
            add_audio(Path(slide.file), samples[:, first:], rate, iso639_2(i18n.lang()))


def slide_class(scene_cls: type[Scene], module: str | None = None,
                name: str | None = None) -> type[Scene]:
    """``<Scene>Slide``: the scene with manim-slides' Slide (ThreeDSlide for 3-D scenes).

    The class belongs to the module that calls this (``module``, by default the caller's),
    so ``manim render yours.py <Scene>Slide`` finds it in your file. ``name``: another
    class name than ``<Scene>Slide``.

    Examples
    --------
    >>> from scenes.common.base import LectureScene
    >>> class Tiny(LectureScene):
    ...     def construct(self):
    ...         self.beat("One", "First beat.")
    >>> slide_class(Tiny).__name__
    'TinySlide'
    """
    if module is None:  # the caller's module: where Manim looks for the class
        module = sys._getframe(1).f_globals.get("__name__", __name__)
    base = ThreeDSlide if issubclass(scene_cls, ThreeDScene) else Slide
    return type(
        name or slide_name(scene_cls.__name__),
        (SlideMixin, scene_cls, base),
        {"__module__": module, "__doc__": f"Slides of {scene_cls.__name__}, one per beat."},
    )


def slide_of(file: str | Path, scene: str, module: str, name: str) -> type[Scene]:
    """The slide class ``name`` of class ``scene`` in scene file ``file`` (any path: ours are
    imported as ``scenes.<topic>``, another file by its path, its folder importable),
    made in ``module``: what a lecture file's chapter renders."""
    path = Path(file).resolve()
    root = Path(__file__).resolve().parents[1]
    if path.parent == root / "scenes":
        owner = importlib.import_module(f"scenes.{path.stem}")
    elif path.stem in sys.modules and getattr(sys.modules[path.stem], "__file__", None) \
            and Path(sys.modules[path.stem].__file__).resolve() == path:
        owner = sys.modules[path.stem]
    else:
        sys.path.insert(0, str(path.parent))  # the lecturer's file may import its neighbours
        spec = importlib.util.spec_from_file_location(path.stem, path)
        assert spec is not None and spec.loader is not None
        owner = importlib.util.module_from_spec(spec)
        sys.modules[path.stem] = owner
        spec.loader.exec_module(owner)
    return slide_class(getattr(owner, scene), module, name)


def _build(entries: list[Entry]) -> list[str]:
    names = []
    for entry in entries:
        try:
            scene_cls = getattr(importlib.import_module(f"scenes.{entry.module}"), entry.scene)
        except Exception as exc:  # one broken topic must not hide every other deck
            print(f"slides: skipping {entry.scene}: {type(exc).__name__}: {exc}", file=sys.stderr)
            continue
        cls = slide_class(scene_cls, __name__)
        globals()[cls.__name__] = cls
        names.append(cls.__name__)
    return names


__all__ += _build(scenes_of(OURS))
