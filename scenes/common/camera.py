"""The lecture's Cairo cameras: the same pixels, less Python per frame.

After one shared mobject per point cloud and per line bundle, what a frame
costs is Manim's camera walking every moving ``VMobject`` in Python: working
out its sub-paths and feeding Cairo one curve at a time (bench/RESULTS.md).
Most of those mobjects are the same from one frame to the next (a counter's
glyphs, labels redrawn only because they were added after a moving mobject)
or cannot be seen at all (faded out, or hidden by setting opacity 0). So the
lecture's cameras

* skip a ``VMobject`` with no visible fill or stroke (Cairo would paint nothing);
* keep each path Cairo built, keyed by the exact bytes of the points it was
  built from (after the 3-D camera's projection), and replay it with
  ``append_path`` when the same points come again.

A replayed path is the path Cairo would build, so frames do not change (the
frame tests compare against control data made before this camera existed).

Examples
--------
Every :class:`~scenes.common.base.LectureScene` uses it; another scene can too::

    class MyScene(Scene):
        def __init__(self, **kwargs):
            super().__init__(camera_class=LectureCamera, **kwargs)
"""

from __future__ import annotations

from typing import Any

import cairo
from manim import Camera, ThreeDCamera, VMobject

__all__ = ["LectureCamera", "LectureThreeDCamera", "PathReplay"]

#: Paths kept at most (then the store starts afresh); a glyph's path is a few kB.
MAX_PATHS = 4096
#: Mobjects with more points than this change every frame (point clouds, grids): not kept.
MAX_POINTS = 2048


def invisible(vmobject: VMobject) -> bool:
    """Whether Cairo would paint nothing: no opaque fill, stroke or background stroke."""
    if vmobject.fill_rgbas[:, 3].any():
        return False
    for background in (False, True):
        rgbas = vmobject.background_stroke_rgbas if background else vmobject.stroke_rgbas
        if vmobject.get_stroke_width(background) > 0 and rgbas[:, 3].any():
            return False
    return True


class PathReplay:
    """Camera mix-in: skip invisible ``VMobject``s, replay Cairo paths already built."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._paths: dict[bytes, cairo.Path] = {}

    def display_vectorized(self, vmobject: VMobject, ctx: cairo.Context) -> Any:
        if invisible(vmobject):
            return self
        return super().display_vectorized(vmobject, ctx)  # type: ignore[misc]

    def set_cairo_context_path(self, ctx: cairo.Context, vmobject: VMobject) -> Any:
        points = self.transform_points_pre_display(  # type: ignore[attr-defined]
            vmobject, vmobject.points)
        if len(points) == 0 or len(points) > MAX_POINTS:
            return super().set_cairo_context_path(ctx, vmobject)  # type: ignore[misc]
        # The path is a function of these points alone (and of the curve size).
        key = points.tobytes() + bytes([vmobject.n_points_per_cubic_curve])
        path = self._paths.get(key)
        if path is None:
            super().set_cairo_context_path(ctx, vmobject)  # type: ignore[misc]
            if len(self._paths) >= MAX_PATHS:
                self._paths.clear()
            self._paths[key] = ctx.copy_path()
        else:
            ctx.new_path()
            ctx.append_path(path)
        return self


class LectureCamera(PathReplay, Camera):
    """Manim's Cairo ``Camera`` with :class:`PathReplay`."""


class LectureThreeDCamera(PathReplay, ThreeDCamera):
    """Manim's ``ThreeDCamera`` with :class:`PathReplay` (keys are the projected points)."""
