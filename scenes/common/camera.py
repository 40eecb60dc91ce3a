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
import numpy as np
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


def build_path(ctx: cairo.Context, points: np.ndarray, atol: float) -> None:
    """Manim's ``Camera.set_cairo_context_path`` for cubic curves, with the numpy work batched.

    The same sub-paths, moves, curves and closes in the same order (so the same
    pixels): a sub-path ends where a curve's end is not within Manim's
    tolerance of the next curve's start, and is closed when its last point is
    within tolerance of its first. The per-curve loop reads Python floats, not
    numpy scalars.
    """
    rtol = 1.0e-5  # Manim's, from np.isclose
    curves = points[:, :2].reshape(-1, 8)  # x, y of: start, handle, handle, end
    starts_xy, ends_xy = curves[:, 0:2], curves[:, 6:8]
    joined = (np.abs(ends_xy[:-1] - starts_xy[1:]) <= atol + rtol * np.abs(starts_xy[1:])).all(1)
    first = np.flatnonzero(np.concatenate([[True], ~joined]))
    last = np.append(first[1:], len(curves)) - 1
    closed = (np.abs(starts_xy[first] - ends_xy[last]) <= atol + rtol * np.abs(ends_xy[last])
              ).all(1)
    rows = curves.tolist()
    ctx.new_path()
    new_sub_path, move_to, curve_to, close = (ctx.new_sub_path, ctx.move_to, ctx.curve_to,
                                              ctx.close_path)
    for f, e, c in zip(first.tolist(), last.tolist(), closed.tolist(), strict=True):
        new_sub_path()
        move_to(rows[f][0], rows[f][1])
        for r in rows[f : e + 1]:
            curve_to(r[2], r[3], r[4], r[5], r[6], r[7])
        if c:
            close()


class PathReplay:
    """Camera mix-in: skip invisible ``VMobject``s, replay Cairo paths already built."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._paths: dict[bytes, cairo.Path] = {}

    def display_vectorized(self, vmobject: VMobject, ctx: cairo.Context) -> Any:
        if invisible(vmobject):
            return self
        return super().display_vectorized(vmobject, ctx)  # type: ignore[misc]

    def set_cairo_context_color(self, ctx: cairo.Context, rgbas: np.ndarray,
                                vmobject: VMobject) -> Any:
        # Manim's, without a numpy linspace per call for the common two-stop
        # gradient (every shaded 3-D face, twice a frame).
        if len(rgbas) != 2:
            return super().set_cairo_context_color(ctx, rgbas, vmobject)  # type: ignore[misc]
        ends = self.transform_points_pre_display(  # type: ignore[attr-defined]
            vmobject, vmobject.get_gradient_start_and_end_points())
        pat = cairo.LinearGradient(ends[0][0], ends[0][1], ends[1][0], ends[1][1])
        for offset, (r, g, b, a) in zip((0.0, 1.0), rgbas.tolist(), strict=True):
            pat.add_color_stop_rgba(offset, b, g, r, a)  # Cairo's surface is BGRA
        ctx.set_source(pat)
        return self

    def set_cairo_context_path(self, ctx: cairo.Context, vmobject: VMobject) -> Any:
        points = self.transform_points_pre_display(  # type: ignore[attr-defined]
            vmobject, vmobject.points)
        if len(points) == 0 or len(points) > MAX_POINTS:
            return super().set_cairo_context_path(ctx, vmobject)  # type: ignore[misc]
        # The path is a function of these points alone (and of the curve size).
        key = points.tobytes() + bytes([vmobject.n_points_per_cubic_curve])
        path = self._paths.get(key)
        if path is None:
            if vmobject.n_points_per_cubic_curve != 4 or len(points) % 4:
                super().set_cairo_context_path(ctx, vmobject)  # type: ignore[misc]
            else:
                build_path(ctx, points, vmobject.tolerance_for_point_equality)
            _remember(self._paths, key, ctx.copy_path())
        else:
            ctx.new_path()
            ctx.append_path(path)
        return self


class LectureCamera(PathReplay, Camera):
    """Manim's Cairo ``Camera`` with :class:`PathReplay`."""


class LectureThreeDCamera(PathReplay, ThreeDCamera):
    """Manim's ``ThreeDCamera`` with :class:`PathReplay` (keys are the projected points).

    It also remembers, per face, what does not depend on where the camera looks:
    the shaded colours (the light source is fixed in the scene, so shading is a
    function of the face's points and colour) and the point it is depth-sorted
    by. While the camera moves over a still surface, only the projection and
    the sort are redone each frame.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._shades: dict[bytes, np.ndarray] = {}
        self._centres: dict[bytes, np.ndarray] = {}

    def modified_rgbas(self, vmobject: VMobject, rgbas: np.ndarray) -> np.ndarray:
        if not (self.should_apply_shading and vmobject.shade_in_3d) or len(
                vmobject.points) > MAX_POINTS:
            return super().modified_rgbas(vmobject, rgbas)
        key = b"".join((vmobject.points.tobytes(), np.asarray(rgbas).tobytes(),
                        self.light_source.points[0].tobytes()))
        shaded = self._shades.get(key)
        if shaded is None:
            shaded = super().modified_rgbas(vmobject, rgbas)
            _remember(self._shades, key, np.array(shaded))
        return shaded

    def get_mobjects_to_display(self, *args: Any, **kwargs: Any) -> list:
        # ThreeDCamera's own order, with each mobject's reference point remembered.
        mobjects = Camera.get_mobjects_to_display(self, *args, **kwargs)
        rot_matrix = self.get_rotation_matrix()

        def z_key(mob: Any) -> float:
            if not (hasattr(mob, "shade_in_3d") and mob.shade_in_3d):
                return np.inf  # type: ignore[no-any-return]
            ref = getattr(mob, "z_index_group", mob)
            if ref.submobjects or len(ref.points) > MAX_POINTS:
                centre = ref.get_center()
            else:
                key = ref.points.tobytes()
                centre = self._centres.get(key)
                if centre is None:
                    centre = ref.get_center()
                    _remember(self._centres, key, centre)
            return float(np.dot(centre, rot_matrix.T)[2])

        return sorted(mobjects, key=z_key)


def _remember(store: dict, key: bytes, value: Any) -> None:
    if len(store) >= MAX_PATHS:
        store.clear()
    store[key] = value
