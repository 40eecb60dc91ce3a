"""A two-beat lecture scene that renders in about a second, for the delivery tests.

Beat 1 draws a sky-blue circle and holds it (4 s, long enough for the browser test
to catch its slide playing); beat 2 fades in a vermillion square. Shapes only, so
the frames are the same whatever fonts a machine has.
"""

from manim import Circle, Create, FadeIn, Square

from delivery.slides import slide_class
from scenes.common.base import LectureScene
from scenes.common.style import SKY, VERMILLION

__all__ = ["TwoBeats", "TwoBeatsSlide", "BEATS"]

BEATS = (("Circle", "A circle appears."), ("Square", "Then a square joins it."))


class TwoBeats(LectureScene):
    title = "Two beats"

    def construct(self):
        self.beat(*BEATS[0])
        self.play(Create(Circle(radius=1.5, color=SKY, stroke_width=8)), run_time=1)
        self.wait(3)
        self.beat(*BEATS[1])
        self.play(FadeIn(Square(side_length=3.2, color=VERMILLION, stroke_width=8)), run_time=1)
        self.wait(0.5)


TwoBeatsSlide = slide_class(TwoBeats, __name__)
