"""Animations the scenes share, timed to the narration's marks.

With :meth:`~scenes.common.base.LectureMixin.wait_until`,
:meth:`~scenes.common.base.LectureMixin.time_until` and
:meth:`~scenes.common.base.LectureMixin.has_mark` of the lecture base scene, these
are the timing helpers a scene author needs (docs/writing-a-scene.md shows them):

* :func:`light` — light what the voice talks about, and back;
* :func:`sweep` — one long motion (a walk, a race) that does not stop for the words
  said during it: each cue's animations start on its word, beside the motion.

Each keeps frames identical to the scenes' own code they replace; scene files import
them from here, never from one another.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from manim import (
    Animation,
    ManimColor,
    Mobject,
    UpdateFromAlphaFunc,
    ValueTracker,
    config,
    interpolate_color,
    linear,
    there_and_back,
)

from scenes.common import manim_compat, style

__all__ = ["light", "sweep"]


def light(mob: Mobject, color: Any = style.YELLOW, run_time: float = 1.0,
          widen: float = 1.5) -> Animation:
    """Light ``mob``'s strokes in ``color``, ``1 + widen`` times as wide at the peak, and
    back: what the voice is talking about. Only colour and width change, so an updater
    may move ``mob`` meanwhile (unlike Manim's ``Indicate``, which scales it).

    Examples
    --------
    >>> from manim import Line
    >>> line = Line(stroke_width=2)
    >>> anim = light(line, run_time=1.2)
    >>> anim.run_time
    1.2
    >>> anim.interpolate(0.5); float(line.get_stroke_width())   # the peak: 2 × (1 + 1.5)
    5.0
    >>> anim.interpolate(1.0); float(line.get_stroke_width())   # and back
    2.0
    """
    parts = [m for m in mob.get_family() if m.has_points()] or [mob]
    bases = [(m.get_stroke_color(), m.get_stroke_width()) for m in parts]
    target = ManimColor(color)

    def update(_m: Mobject, a: float) -> None:
        u = there_and_back(a)
        for m, (c, w) in zip(parts, bases, strict=True):
            m.set_stroke(color=interpolate_color(c, target, u), width=w * (1 + widen * u))

    return UpdateFromAlphaFunc(mob, update, run_time=run_time)


def sweep(scene: Any, tracker: ValueTracker, end: float, seconds: float,
          cues: Sequence[tuple[str, Callable[[], Iterable[Animation]]]] = ()) -> None:
    """Play ``tracker`` linearly to ``end`` over ``seconds``, and start each cue on its word.

    ``cues`` is ``[(mark, make), …]`` in speaking order: when the voice reaches ``mark``
    (``scene.wait_until``), ``make()``'s animations start with the rest of the sweep, so a
    long continuous motion (a walk, a race) is not held up by the words said during it.
    A mark reached after the sweep is waited for after it, and its animations play then.
    An unknown mark is refused as :meth:`~scenes.common.base.LectureMixin.wait_until`
    refuses it.

    Examples
    --------
    In a lecture scene's ``construct``, a walk along a recorded path whose arrow
    appears when the voice says "slope" (``<bookmark mark='slope'/>``)::

        step = ValueTracker(0)
        ball.add_updater(lambda b: b.move_to(path_point(step.get_value())))
        sweep(self, step, len(path) - 1, seconds=6.0,
              cues=[("slope", lambda: [GrowArrow(arrow)])])
    """
    fps = float(config.frame_rate)
    t0 = float(scene.renderer.time)
    v0 = float(tracker.get_value())
    t1 = t0 + seconds

    def value_at(time: float) -> float:
        return v0 + (end - v0) * min(max((time - t0) / seconds, 0.0), 1.0)

    def run(until: float, extra: list) -> list:
        """Sweep on until ``until``; returns the animations not yet played."""
        left = until - float(scene.renderer.time)
        if left <= 0.5 / fps:
            return extra
        if manim_compat.writes_output(scene.renderer):
            # Whole frames, ending on the frame nearest the word: a play of t seconds
            # draws ceil(t × fps) frames, which would end up to a frame after it.
            left = round(left * fps) / fps - 1e-6
        for a in extra:
            a.run_time = min(a.run_time, left)
        # The sweep's own run time, not the play's: that would stretch the cue's animations.
        scene.play(tracker.animate(run_time=left, rate_func=linear).set_value(value_at(until)),
                   *extra)
        return []

    extra: list = []
    for mark, make in cues:
        # An unknown mark: wait_until says so below.
        at = scene.mark_time(mark) if scene.has_mark(mark) else t1
        extra = run(min(at, t1), extra)
        if at >= t1 - 0.5 / fps:  # the sweep is over before this word
            tracker.set_value(end)
            if extra:
                scene.play(*extra)
                extra = []
        scene.wait_until(mark)
        extra += list(make())
    if run(t1, extra):
        scene.play(*extra)
    tracker.set_value(end)
