"""Slide variants of every lecture scene, for manim-slides: one slide per beat.

Each lecture scene ``X`` gets a class ``XSlide`` here, so
``manim render delivery/slides.py UntangleCurvesSlide`` renders its slides, and
``manim-slides convert`` (what ``make slides`` runs) turns them into a reveal.js
deck. A beat (``LectureMixin.beat``) opens a slide instead of a section, with its
narration as the speaker notes; the scene's code is not touched.

Slide data (one JSON per scene plus the slide videos) goes to
``<media_dir>/slides/data`` (``data-zh`` for the Chinese version).
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Any

from manim import ManimColor, Scene, ThreeDScene, config
from manim_slides.slide import Slide, ThreeDSlide

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
