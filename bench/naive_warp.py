"""The warp two ways, with identical timing and the same engine data, for ``make bench``.

* ``FastWarp``: what the lecture's scenes do — the points as one ``PointCloud``,
  the grid as one ``LineBundle``, every frame's state interpolated from the
  recorded stages in one updater driven by one ``ValueTracker``.
* ``NaiveUntangleCurves``: what a Manim user would write first — one ``Dot``
  per point moved with ``.animate.move_to``, and the grid as ``Line`` mobjects
  moved with ``ApplyPointwiseFunction`` (the same stage map, point by point).

Both play every recorded stage of :func:`engine.artefacts.warp.untangle` for
``STAGE_SECONDS`` each on a fixed view, so the ratio of their render times is
the speed-up of the technique alone.
"""

import numpy as np
from manim import (
    ApplyPointwiseFunction,
    Dot,
    Scene,
    ValueTracker,
    VGroup,
    VMobject,
)

from engine.artefacts.warp import untangle
from scenes.common import style
from scenes.common.mobjects import LineBundle, PointCloud, ScreenMap

STAGE_SECONDS = 1.5


def _data():
    a = untangle()
    points = a["stage_points"]  # (S, N, 2)
    grid = a["stage_grid"]  # (S, L, P, 2)
    lo = np.minimum(points.min(axis=(0, 1)), grid.min(axis=(0, 1, 2)))
    hi = np.maximum(points.max(axis=(0, 1)), grid.max(axis=(0, 1, 2)))
    view = ScreenMap.fit(lo, hi, size=(7.0, 7.0))
    colors = [style.class_color(int(c)) for c in a["labels"]]
    return view(points), view(grid), colors


class FastWarp(Scene):
    def construct(self) -> None:
        points, grid, colors = _data()
        lines = LineBundle(grid[0], color=style.GRID, stroke_width=1.0)
        cloud = PointCloud(points[0], colors=colors)
        t = ValueTracker(0.0)

        def refresh(_m):
            s = t.get_value()
            k = min(int(s), len(points) - 2)
            f = s - k
            lines.set_positions((1 - f) * grid[k] + f * grid[k + 1])
            cloud.set_positions((1 - f) * points[k] + f * points[k + 1])

        driver = VMobject()
        driver.add_updater(refresh)
        # The driver first: Cairo redraws each frame only what comes after the first
        # mobject with an updater; anything before it is frozen into the background.
        self.add(driver, lines, cloud)
        for k in range(1, len(points)):
            self.play(t.animate.set_value(k), run_time=STAGE_SECONDS)


class NaiveUntangleCurves(Scene):
    def construct(self) -> None:
        points, grid, colors = _data()
        dots = VGroup(*[Dot(p, radius=0.04, color=c) for p, c in zip(points[0], colors,
                                                                        strict=True)])
        lines = VGroup()
        for line in grid[0]:
            m = VMobject(stroke_color=style.GRID, stroke_width=1.0)
            m.set_points_as_corners(line)
            lines.add(m)
        self.add(lines, dots)
        for k in range(1, len(points)):
            # The stage map as a point function: nearest recorded grid point's next position.
            src, dst = grid[k - 1].reshape(-1, 3), grid[k].reshape(-1, 3)

            def stage_map(p, src=src, dst=dst):
                i = int(np.argmin(((src - p) ** 2).sum(axis=1)))
                return dst[i]

            self.play(
                *[d.animate.move_to(p) for d, p in zip(dots, points[k], strict=True)],
                ApplyPointwiseFunction(stage_map, lines),
                run_time=STAGE_SECONDS,
            )
