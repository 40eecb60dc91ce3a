"""The lecture's base scene: teaching beats, narration and a record of displayed values.

Every scene of the lecture derives from :class:`LectureScene` (or
:class:`LectureThreeDScene`). Two duties live here so no scene repeats them:

* :meth:`LectureScene.beat` opens a section (``next_section``) and starts a
  subcaption that lasts until the next beat, so sections can be exported and
  ``.srt`` subtitles come out with exact timings;
* :meth:`LectureScene.say` / :meth:`LectureScene.hold` open a beat from the
  scene file's catalogue and keep it on screen as long as its narration takes;
* :meth:`LectureScene.shows` records every value that a scene puts on screen,
  so tests can check it against what the engine computed.
"""

from __future__ import annotations

import sys
from typing import Any

from manim import Scene, ThreeDScene, config

from engine.errors import ConfigError, EngineError
from scenes.common.camera import LectureCamera, LectureThreeDCamera
from scenes.common.fastcopy import share_svg_paths
from scenes.common.i18n import LANGS, Catalogue
from scenes.common.outlines import keep_text_outlines
from scenes.common.style import BG

__all__ = ["LectureMixin", "LectureScene", "LectureThreeDScene", "scene_title"]

share_svg_paths()  # every lecture scene copies text a lot: see scenes/common/fastcopy.py
keep_text_outlines()  # and sets a lot of it: see scenes/common/outlines.py


class LectureMixin:
    """Beats with subcaptions, and ``self.displayed`` for truth-on-screen tests."""

    #: Title of the scene, used for chapters and storyboards.
    title: str = ""
    #: The scene file's catalogue; each scene class sets it, so that a subclass
    #: in another file (a lecturer's) still reads the right words.
    TEXT: Catalogue | None = None
    #: How fast narration is read: 150 English words a minute.
    WORDS_PER_SECOND = 2.5

    def setup(self) -> None:
        super().setup()  # type: ignore[misc]
        self.camera.background_color = BG  # type: ignore[attr-defined]
        self.displayed: dict[str, Any] = {}
        self.beats_said: list[str] = []
        self._beat: tuple[str, float] | None = None
        self._said: tuple[float, float] | None = None  # (seconds needed, start) until held

    def beat(self, name: str, narration: str) -> None:
        """Start a teaching beat: a new section plus a subcaption until the next beat."""
        self._close_beat()
        self._open_section(name, narration)
        self.beats_said.append(name)
        self._beat = (narration, float(self.renderer.time))  # type: ignore[attr-defined]

    def say(self, key: str, **fields: object) -> None:
        """Open beat ``key``: section ``TEXT[key.name]``, narration ``TEXT[key.say]``.

        The beat is timed by the *English* narration's word count, so both
        languages get the same timings and frames. A previous beat that was not
        :meth:`hold`-ed is first padded to its own narration's length.
        """
        if self.TEXT is None:
            raise TypeError(f"{type(self).__name__}.TEXT is not set; say() reads the "
                            "scene file's catalogue (set TEXT = TEXT in the class)")
        self._pad()
        text = self.TEXT
        self.beat(text.format(f"{key}.name", **fields), text.format(f"{key}.say", **fields))
        english = text.language("en")[f"{key}.say"].format(**fields)
        self._said = (len(english.split()) / self.WORDS_PER_SECOND,
                      float(self.renderer.time))  # type: ignore[attr-defined]

    def hold(self, at_least: float = 1.0) -> None:
        """Wait out what the beat's narration still needs, and at least ``at_least`` seconds."""
        left = self._left()
        self._said = None
        wait = max(left, at_least)
        if wait > 0:
            self.wait(wait)  # type: ignore[attr-defined]

    def _left(self) -> float:
        if self._said is None:
            return 0.0
        need, start = self._said
        return need - (float(self.renderer.time) - start)  # type: ignore[attr-defined]

    def _pad(self) -> None:
        """Hold an unheld beat just long enough for its narration (not for a blink)."""
        left = self._left()
        if left > 0.05:
            self.wait(left)  # type: ignore[attr-defined]
        self._said = None

    def _open_section(self, name: str, narration: str) -> None:
        """Open the beat's section; slide variants (delivery/slides.py) open a slide instead."""
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
    """A 2-D lecture scene, drawn by :class:`~scenes.common.camera.LectureCamera`."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("camera_class", LectureCamera)
        super().__init__(**kwargs)


class LectureThreeDScene(LectureMixin, ThreeDScene):
    """A 3-D lecture scene, drawn by :class:`~scenes.common.camera.LectureThreeDCamera`."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("camera_class", LectureThreeDCamera)
        super().__init__(**kwargs)


def scene_title(cls: type, lang: str) -> str:
    """A scene class's chapter title in ``lang``: its catalogue's ``title.<Class>``.

    The class that sets ``title`` decides: a lecturer's subclass that keeps its
    parent's title keeps the parent's translation too; one that sets its own
    ``title`` without a catalogue entry gets that title in every language.

    >>> from scenes.neuron import ActivationFunctions
    >>> scene_title(ActivationFunctions, "zh")
    '激活函数'
    """
    if lang not in LANGS:
        raise ConfigError(f"language {lang!r}; allowed: {', '.join(LANGS)}")
    owner = next((k for k in cls.__mro__ if "title" in vars(k)), cls)
    text = getattr(cls, "TEXT", None)
    key = f"title.{owner.__name__}"
    if isinstance(text, Catalogue) and key in text.keys():
        return text.language(lang)[key]
    return str(getattr(cls, "title", ""))
