"""The encoding floor: a static scene of a given length (``$BENCH_SECONDS``).

Rendered at the same quality, on the same machine, right beside each scene, so
the ratio scene / floor cancels out how busy the machine happens to be.
"""

import os

from manim import Dot, Scene


class EncodingFloor(Scene):
    def construct(self) -> None:
        self.add(Dot())
        self.wait(float(os.environ.get("BENCH_SECONDS", "5")))
