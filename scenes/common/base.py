"""The lecture's base scene: teaching beats, narration and a record of displayed values.

Every scene of the lecture derives from :class:`LectureScene` (or
:class:`LectureThreeDScene`). Two duties live here so no scene repeats them:

* :meth:`LectureScene.beat` opens a section (``next_section``) and starts a
  subcaption that lasts until the next beat, so sections can be exported and
  ``.srt`` subtitles come out with exact timings;
* :meth:`LectureScene.shows` records every value that a scene puts on screen,
  so tests can check it against what the engine computed.
"""

from __future__ import annotations

import sys
from typing import Any

from manim import Scene, ThreeDScene, config

from engine.errors import EngineError
from scenes.common.style import BG

__all__ = ["LectureMixin", "LectureScene", "LectureThreeDScene"]


class LectureMixin:
    """Beats with subcaptions, and ``self.displayed`` for truth-on-screen tests."""

    #: Title of the scene, used for chapters and storyboards.
    title: str = ""

    def setup(self) -> None:
        super().setup()  # type: ignore[misc]
        self.camera.background_color = BG  # type: ignore[attr-defined]
        self.displayed: dict[str, Any] = {}
        self._beat: tuple[str, float] | None = None

    def beat(self, name: str, narration: str) -> None:
        """Start a teaching beat: a new section plus a subcaption until the next beat."""
        self._close_beat()
        self._open_section(name, narration)
        self._beat = (narration, float(self.renderer.time))  # type: ignore[attr-defined]

    def _open_section(self, name: str, narration: str) -> None:
        """Open the beat's section; slide variants (scenes/slides.py) open a slide instead."""
        self.next_section(name)  # type: ignore[attr-defined]

    def _close_beat(self) -> None:
        if self._beat is None:
            return
        text, start = self._beat
        now = float(self.renderer.time)  # type: ignore[attr-defined]
        if now > start:
            self.add_subcaption(text, duration=now - start, offset=start - now)  # type: ignore[attr-defined]
        self._beat = None

    def shows(self, key: str, value: Any) -> Any:
        """Record that ``value`` is displayed under ``key``; returns ``value``."""
        self.displayed[key] = value
        return value

    def tear_down(self) -> None:
        self._close_beat()
        super().tear_down()  # type: ignore[misc]

    def render(self, *args: Any, **kwargs: Any) -> Any:
        """Render; from the command line, bad input ends in one line, not a traceback."""
        try:
            return super().render(*args, **kwargs)  # type: ignore[misc]
        except EngineError as e:
            if not config.input_file:  # rendered from Python (tests): let it propagate
                raise
            print(f"error: {type(self).__name__}: {e}", file=sys.stderr)
            raise SystemExit(2) from None


class LectureScene(LectureMixin, Scene):
    """A 2-D lecture scene."""


class LectureThreeDScene(LectureMixin, ThreeDScene):
    """A 3-D lecture scene."""
