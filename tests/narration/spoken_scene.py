"""A two-beat lecture scene that speaks, for the narration tests (shapes only, about a second).

Beat one draws a circle and holds it; beat two fades in a square and is left
unheld, so the end of the scene must wait for its speech.
"""

from manim import Circle, Create, FadeIn, Square

from scenes.common.base import LectureScene
from scenes.common.i18n import Catalogue
from scenes.common.style import SKY, VERMILLION

__all__ = ["Spoken", "TEXT", "Marked", "MARKED"]

TEXT = Catalogue(
    en={"one.name": "Circle", "one.say": "A circle appears in the middle.",
        "two.name": "Square", "two.say": "Then a square joins it."},
    zh={"one.name": "圆", "one.say": "中间出现一个圆。",
        "two.name": "正方形", "two.say": "然后加入一个正方形。"},
    es={"one.name": "Círculo", "one.say": "Aparece un círculo en el centro.",
        "two.name": "Cuadrado", "two.say": "Después se le une un cuadrado."},
)


class Spoken(LectureScene):
    title = "Spoken"
    TEXT = TEXT

    def construct(self):
        self.say("one")
        self.play(Create(Circle(radius=1.5, color=SKY, stroke_width=8)), run_time=0.5)
        self.hold(at_least=0.5)
        self.say("two")
        self.play(FadeIn(Square(side_length=3.2, color=VERMILLION, stroke_width=8)), run_time=0.5)


MARKED = Catalogue(
    en={"both.name": "Circle and square",
        "both.say": "A circle appears in the middle. <bookmark mark='square'/>"
                    "Then a square joins it."},
    zh={"both.name": "圆和正方形",
        "both.say": "中间出现一个圆。<bookmark mark='square'/>然后加入一个正方形。"},
    es={"both.name": "Círculo y cuadrado",
        "both.say": "Aparece un círculo en el centro. <bookmark mark='square'/>"
                    "Después se le une un cuadrado."},
)


class Marked(LectureScene):
    """One beat whose square waits for the word that names it."""

    title = "Marked"
    TEXT = MARKED

    def construct(self):
        self.say("both")
        self.play(Create(Circle(radius=1.5, color=SKY, stroke_width=8)), run_time=0.5)
        self.wait_until("square")
        self.square_at = float(self.renderer.time)
        self.play(FadeIn(Square(side_length=3.2, color=VERMILLION, stroke_width=8)), run_time=0.5)
        self.hold()
