"""A two-beat lecture scene that renders in about a second, for the delivery tests.

Beat 1 draws a sky-blue circle and holds it (4 s, long enough for the browser test
to catch its slide playing); beat 2 fades in a vermillion square. Shapes only, so
the frames are the same whatever fonts a machine has.

Each beat speaks, as a narrated lecture scene does: at the beat's start the scene
adds a voice-like sound (``tests/cli/sound.py``, -16 LUFS, written as a WAV with
``wave``) with Manim's ``add_sound``, so the delivery tests do not depend on a
speech synthesiser. ``DEEPWARP_NARRATION=off`` renders it silent, as the lecture's
switch does.
"""

import os
from pathlib import Path

import numpy as np
from manim import Circle, Create, FadeIn, Square, config

from delivery.slides import slide_class
from scenes.common.base import LectureScene
from scenes.common.style import SKY, VERMILLION
from tests.cli.sound import speechlike, write_wav

__all__ = ["TwoBeats", "TwoBeatsSlide", "BEATS", "VOICE_SECONDS", "BEAT_SECONDS",
           "VOICE_RATE"]

BEATS = (("Circle", "A circle appears."), ("Square", "Then a square joins it."))
VOICE_SECONDS = (3.0, 1.2)  # each beat's voice, starting with its beat
BEAT_SECONDS = (4.0, 1.45)  # each beat's sound (voice, then silence): its beat's length
VOICE_RATE = 22050


class TwoBeats(LectureScene):
    title = "Two beats"

    def setup(self) -> None:
        super().setup()
        # Its own sound stands in for the synthesiser's, so the delivery tests neither
        # depend on a voice nor change with one; the beats keep their fixed timings.
        self.narrated = False

    def speak(self, beat: int) -> None:
        if os.environ.get("DEEPWARP_NARRATION", "on") == "off":
            return
        folder = Path(config.media_dir) / "test-voice"
        folder.mkdir(parents=True, exist_ok=True)
        voice = speechlike(VOICE_SECONDS[beat], VOICE_RATE, seed=beat)
        # Silence to the beat's end, as the narration pads its beats: the sound lasts
        # as long as the picture.
        voice = np.pad(voice, (0, round(BEAT_SECONDS[beat] * VOICE_RATE) - len(voice)))
        self.add_sound(str(write_wav(folder / f"beat{beat}.wav", voice, VOICE_RATE)))

    def construct(self):
        self.beat(*BEATS[0])
        self.speak(0)
        self.play(Create(Circle(radius=1.5, color=SKY, stroke_width=8)), run_time=1)
        self.wait(3)
        self.beat(*BEATS[1])
        self.speak(1)
        self.play(FadeIn(Square(side_length=3.2, color=VERMILLION, stroke_width=8)), run_time=1)
        self.wait(0.5)


TwoBeatsSlide = slide_class(TwoBeats)  # the documented form: made in this module
