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
frame to its last), so a slide speaks its beat's narration.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Any

import av
import numpy as np
from manim import ManimColor, Scene, ThreeDScene, config
from manim_slides.config import PresentationConfig
from manim_slides.slide import Slide, ThreeDSlide

from delivery.assemble import add_audio
from delivery.lecture import LECTURE, Entry, available
from scenes.common import i18n

__all__ = ["SlideMixin", "slide_class", "slide_name", "slides_folder"]


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
            add_audio(Path(slide.file), samples[:, first:], rate)


def slide_class(scene_cls: type[Scene], module: str = __name__) -> type[Scene]:
    """``<Scene>Slide``: the scene with manim-slides' Slide (ThreeDSlide for 3-D scenes).

    Examples
    --------
    >>> from scenes.common.base import LectureScene
    >>> class Tiny(LectureScene):
    ...     def construct(self):
    ...         self.beat("One", "First beat.")
    >>> slide_class(Tiny).__name__
    'TinySlide'
    """
    base = ThreeDSlide if issubclass(scene_cls, ThreeDScene) else Slide
    return type(
        slide_name(scene_cls.__name__),
        (SlideMixin, scene_cls, base),
        {"__module__": module, "__doc__": f"Slides of {scene_cls.__name__}, one per beat."},
    )


def _build(entries: list[Entry]) -> list[str]:
    names = []
    for entry in entries:
        try:
            scene_cls = getattr(importlib.import_module(f"scenes.{entry.module}"), entry.scene)
        except Exception as exc:  # one broken topic must not hide every other deck
            print(f"slides: skipping {entry.scene}: {type(exc).__name__}: {exc}", file=sys.stderr)
            continue
        cls = slide_class(scene_cls)
        globals()[cls.__name__] = cls
        names.append(cls.__name__)
    return names


__all__ += _build(available(LECTURE))
