"""The lecture's base scene: teaching beats, narration and a record of displayed values.

Every scene of the lecture derives from :class:`LectureScene` (or
:class:`LectureThreeDScene`). What lives here so that no scene repeats it:

* :meth:`LectureScene.beat` opens a section (``next_section``) and starts a
  subcaption that lasts until the next beat, so sections can be exported and
  ``.srt`` subtitles come out with exact timings;
* :meth:`LectureScene.say` / :meth:`LectureScene.hold` open a beat from the
  scene file's catalogue and keep it on screen as long as its narration takes:
  with narration on (``$DEEPWARP_NARRATION``, see :mod:`narration`) each beat
  speaks, its audio starts with its section, and the beat lasts as long as that
  speech plus a breath; with narration off, as long as the English narration
  takes to read at 2.5 words a second;
* :meth:`LectureScene.wait_until` waits for a mark in the narration
  (``<bookmark mark='edges'/>``, as manim-voiceover writes it), so what the voice
  names appears when it is named; subtitles get one cue per spoken phrase;
  :meth:`LectureScene.time_until` gives the run time that ends an animation on a
  mark, :meth:`LectureScene.has_mark` says whether the beat has one (the shared
  animations that use them are in :mod:`scenes.common.animations`);
* :meth:`LectureScene.shows` records every value that a scene puts on screen,
  so tests can check it against what the engine computed.

Manim's internals are reached only through :mod:`scenes.common.manim_compat`; a
command-line render's errors end in one line (:mod:`scenes.common.errors`).
"""

from __future__ import annotations

from typing import Any

from manim import Scene, ThreeDScene, config

import narration as voices
from engine.errors import ConfigError
from narration import marks as narration_marks
from scenes.common import manim_compat
from scenes.common.camera import LectureCamera, LectureThreeDCamera
from scenes.common.errors import OneLineErrors
from scenes.common.i18n import Catalogue, lang, langs
from scenes.common.naming import name_output
from scenes.common.style import BG

__all__ = ["LectureMixin", "LectureScene", "LectureThreeDScene", "scene_title"]

# Manim encodes the mix as 48 kHz AAC, whose track in the MP4 comes out longer than the
# mix by its 1024-sample priming frame, the last frame's padding and the encoder's flush:
# about 30 to 65 ms measured here. Ending the mix two AAC frames early put the track's
# end between 16 ms before and 24 ms after the video's in the scenes measured (inside one
# frame at 15 and 30 fps); what is cut is silence after the last breath.
AAC_SLACK = 2 * 1024 / 48000

# Fast text copies, text outlines kept on disk, Opus in a WebM: see scenes/common/manim_compat.py.
manim_compat.install()


class LectureMixin(OneLineErrors):
    """Beats with subcaptions, their marks' timings, and ``self.displayed`` for
    truth-on-screen tests. A command-line render's errors end in one line
    (:class:`~scenes.common.errors.OneLineErrors`)."""

    #: Title of the scene, used for chapters and storyboards.
    title: str = ""
    #: The scene file's catalogue; each scene class sets it, so that a subclass
    #: in another file (a lecturer's) still reads the right words.
    TEXT: Catalogue | None = None
    #: How fast narration is read with narration off: 150 English words a minute.
    WORDS_PER_SECOND = 2.5
    #: Silence after a beat's speech before the next beat speaks.
    BREATH = 0.4

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        with self._one_line_errors():  # a bad $DEEPWARP_LANG is one line too
            name_output(type(self).__name__)  # <Scene>.<lang>.mp4: scenes/common/naming.py
        super().__init__(*args, **kwargs)

    def setup(self) -> None:
        super().setup()  # type: ignore[misc]
        self.camera.background_color = BG  # type: ignore[attr-defined]
        self.displayed: dict[str, Any] = {}
        self.beats_said: list[str] = []
        self._beat: tuple[str, float] | None = None
        #: The open beat's phrases (text, start, end) and marks (name → time), in scene time.
        self._phrases: list[tuple[str, float, float]] = []
        self._marks: dict[str, float] = {}
        #: (beat, mark, seconds late) for each mark reached after its word was spoken.
        self.late_marks: list[tuple[str, str, float]] = []
        #: (beat index, mark) of every mark waited for, in order, for tests.
        self.marks_waited: list[tuple[int, str]] = []
        #: (text, start, end) of every subtitle cue, in scene time, for tests.
        self.cues: list[tuple[str, float, float]] = []
        self._said: tuple[float, float] | None = None  # (seconds needed, start) until held
        self.narrated = voices.enabled()
        #: (start, seconds) of each beat's speech, in scene time, for tests.
        self.spoken: list[tuple[float, float]] = []
        #: (key, section name, narration) of each beat, for the recording script.
        self.narrations: list[tuple[str, str, str]] = []

    def beat(self, name: str, narration: str, *, key: str = "") -> None:
        """Start a teaching beat: a new section plus a subcaption until the next beat.

        With narration on, the beat also speaks ``narration`` from here on (the
        lecturer's recording of beat ``key`` if there is one), and a previous
        beat is first held until its own speech and breath are over.
        """
        if self.narrated:
            self._pad()
        self._close_beat()
        self._open_section(name, narration_marks.strip(narration))
        self.beats_said.append(name)
        self.narrations.append((key or name, name, narration))
        self._beat = (narration, float(self.renderer.time))  # type: ignore[attr-defined]
        self._phrases, self._marks = [], {}
        if self.narrated:
            self._speak(narration, key or name)

    def _speak(self, text: str, key: str) -> None:
        said = voices.speech(text, lang(), scene=self.voice_scene(),
                                number=len(self.beats_said), beat=key)
        start = float(self.renderer.time)  # type: ignore[attr-defined]
        if self._writes_audio():
            self.renderer.file_writer.add_audio_segment(  # type: ignore[attr-defined]
                said.segment(), time=start)
        self.spoken.append((start, said.duration))
        self._said = (said.duration + self.BREATH, start)
        self._phrases = [(t, start + a, start + b) for t, a, b in said.phrases]
        self._marks = {name: start + t for name, t in said.marks.items()}

    def _writes_audio(self) -> bool:
        # Not skip_animations: that is also set for one play taken from Manim's cache.
        return manim_compat.writes_output(self.renderer)  # type: ignore[attr-defined]

    @classmethod
    def voice_scene(cls) -> str:
        """The scene name recordings are filed under: the class that writes ``construct``
        (so a slide variant finds its lecture scene's recordings)."""
        owner = next((k for k in cls.__mro__ if "construct" in vars(k)), cls)
        return owner.__name__

    def say(self, key: str, **fields: object) -> None:
        """Open beat ``key``: section ``TEXT[key.name]``, narration ``TEXT[key.say]``.

        With narration on, the beat lasts as long as its speech in the lecture
        language plus :attr:`BREATH`. With narration off, it is timed by the
        *English* narration's word count, so both languages get the same timings
        and frames. A previous beat that was not :meth:`hold`-ed is first padded
        to its own narration's length.
        """
        if self.TEXT is None:
            raise TypeError(f"{type(self).__name__}.TEXT is not set; say() reads the "
                            "scene file's catalogue (set TEXT = TEXT in the class)")
        self._pad()
        text = self.TEXT
        self.beat(text.format(f"{key}.name", **fields), text.format(f"{key}.say", **fields),
                  key=key)
        if not self.narrated:
            self._pace(text.language("en")[f"{key}.say"].format(**fields),
                       text.format(f"{key}.say", **fields))

    def _pace(self, english: str, said: str) -> None:
        """Narration off: the beat, its marks and its cues at the English reading pace,
        so both languages get the same timings and frames."""
        now = float(self.renderer.time)  # type: ignore[attr-defined]
        seconds = len(narration_marks.strip(english).split()) / self.WORDS_PER_SECOND
        self._said = (seconds, now)
        en = narration_marks.phrases(english, "en")
        starts, _ = voices.paced(en, seconds, "en")
        self._marks = {m: now + float(t) for p, t in zip(en, starts, strict=True)
                       for m in p.marks}
        # This language's phrases between the same marks, by their share of the text.
        here = narration_marks.phrases(said, lang())
        groups: list[list[narration_marks.Phrase]] = [[]]
        for p in here:
            if p.marks and groups[-1]:
                groups.append([])
            groups[-1].append(p)
        self._phrases = []
        for i, group in enumerate(groups):
            starts = [self._marks[m] for m in group[0].marks if m in self._marks]
            a = starts[0] if starts else (self._phrases[-1][2] if self._phrases else now)
            b = next((self._marks[m] for g in groups[i + 1:] for m in g[0].marks
                      if m in self._marks), now + seconds)
            s0, s1 = voices.paced(group, b - a, lang())
            self._phrases += [(p.text, a + float(x), a + float(y))
                              for p, x, y in zip(group, s0, s1, strict=True) if p.text]

    def wait_until(self, mark: str) -> None:
        """Wait until the narration reaches ``mark`` (``<bookmark mark='…'/>`` in the beat's
        text); what is played next starts on that word. A mark already passed (the
        animations before it ran long) does not wait; it is noted in ``late_marks``."""
        at = self.mark_time(mark)
        self.marks_waited.append((len(self.narrations) - 1, mark))
        left = at - float(self.renderer.time)  # type: ignore[attr-defined]
        if left > 1e-6:
            self.wait(left)  # type: ignore[attr-defined]
        elif left < -0.5 / config.frame_rate:
            self.late_marks.append((self.beats_said[-1], mark, -left))

    wait_until_bookmark = wait_until  # manim-voiceover's name, for its users

    def has_mark(self, mark: str) -> bool:
        """Whether the open beat's narration has ``mark`` (``<bookmark mark='…'/>``).

        For a scene whose words may or may not name something (a lecturer's
        translation, a shorter variant): wait for it only if it is said.
        """
        return mark in self._marks

    def mark_time(self, mark: str) -> float:
        """The scene time (``renderer.time``, seconds) at which the narration reaches
        ``mark``; an unknown mark is a :class:`~engine.errors.ConfigError`, as in
        :meth:`wait_until`."""
        if mark not in self._marks:
            beat = self.beats_said[-1] if self.beats_said else "(no beat)"
            raise ConfigError(f"mark {mark!r} is not in the narration of beat {beat!r}; "
                              f"allowed: {', '.join(sorted(self._marks)) or 'none'}")
        return self._marks[mark]

    def time_until(self, mark: str, lead: float = 0.0, at_least: float = 0.0) -> float:
        """Seconds from now until the narration reaches ``mark``, less ``lead``, and at
        least ``at_least``: the run time that ends an animation on the word (or ``lead``
        seconds before it), so what follows it can start on the word.

        It does not wait (unlike :meth:`wait_until`) and does not count as waiting for
        the mark: call :meth:`wait_until` after the play too. manim-voiceover's
        ``tracker.time_until_bookmark(mark, buff, limit)`` does the same.
        Example, in ``construct``::

            self.play(Create(grid), run_time=self.time_until("points", lead=0.1, at_least=1.0))
            self.wait_until("points")
        """
        return max(self.mark_time(mark) - lead - float(self.renderer.time),  # type: ignore[attr-defined]
                   at_least)

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
        phrases = self._phrases or [(narration_marks.strip(text), start, now)]
        for cue, a, b in narration_marks.cues(phrases, lang(), now):
            if b > a:
                self.cues.append((cue, a, b))
                self.add_subcaption(cue, duration=b - a, offset=a - now)  # type: ignore[attr-defined]
        self._beat = None

    def shows(self, key: str, value: Any) -> Any:
        """Record that ``value`` is displayed under ``key``; returns ``value``."""
        self.displayed[key] = value
        return value

    def play(self, *args: Any, **kwargs: Any) -> None:
        start = float(self.renderer.time)  # type: ignore[attr-defined]
        super().play(*args, **kwargs)  # type: ignore[misc]
        if self.narrated:
            self._keep_clock(start)

    def _keep_clock(self, start: float) -> None:
        """Keep the scene clock on the video's frames when a play was taken from Manim's
        cache (:func:`scenes.common.manim_compat.keep_clock`)."""
        manim_compat.keep_clock(self.renderer, start)  # type: ignore[attr-defined]

    def tear_down(self) -> None:
        if self.narrated:
            self._pad()  # the last beat's speech is not cut off
            if self._writes_audio():  # a scene without beats still gets its (silent) track
                from pydub import AudioSegment

                # Manim's audio ends where the last sound does: pad it to the video's end,
                # less what its AAC encoding adds (see AAC_SLACK).
                end = float(self.renderer.time) - AAC_SLACK  # type: ignore[attr-defined]
                self.renderer.file_writer.add_audio_segment(  # type: ignore[attr-defined]
                    AudioSegment.silent(0, frame_rate=voices.RATE), time=max(end, 0.0))
        self._close_beat()
        super().tear_down()  # type: ignore[misc]


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
    if lang not in langs():
        raise ConfigError(f"language {lang!r}; allowed: {', '.join(langs())}")
    owner = next((k for k in cls.__mro__ if "title" in vars(k)), cls)
    text = getattr(cls, "TEXT", None)
    key = f"title.{owner.__name__}"
    if isinstance(text, Catalogue) and key in text.keys():
        return text.language(lang)[key]
    return str(getattr(cls, "title", ""))
