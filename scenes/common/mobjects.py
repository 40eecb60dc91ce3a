"""Fast mobjects for many points and many lines, driven by numpy arrays.

Manim is slow when it has many mobjects, not when it draws many pixels
(``shared/notes/fast-manim.md``). So:

* :class:`PointCloud`: N points as one ``VMobject`` per (colour, marker) group;
  each dot is a tiny segment with round caps (antialiased), each cross two
  short strokes. ``set_positions`` assigns all points from one numpy array.
* :class:`LineBundle`: L polylines of P points as sub-paths of *one*
  ``VMobject`` (straight pieces, as ``set_points_as_corners`` would make them).
* :class:`CellShading`: a grid of rectangular cells (e.g. a classifier's
  predictions over the plane), one ``VMobject`` per fill style; ``set_cells``
  repaints every cell from an integer array.
* :class:`PixelImage`: an image as square pixels, one filled path per
  (colour, level) (``ImageMobject`` fails with this Pillow).
* :class:`ScreenMap`: the affine map from data coordinates into a box on
  screen, applied to numpy arrays, and helpers to clip a line or a plane
  ``w · x + b = 0`` to a data box.

Everything here works in 2-D and 3-D (a 3-D scene's camera projects the points).

Examples
--------
A warp in one updater (precomputed states, one tracker)::

    from manim import *
    import numpy as np
    from scenes.common.mobjects import LineBundle, PointCloud, ScreenMap

    class Demo(Scene):
        def construct(self):
            x = np.random.default_rng(0).normal(size=(500, 2))
            bent = np.tanh(2 * x)
            view = ScreenMap.fit((-3, -3), (3, 3), center=ORIGIN, size=(6, 6))
            cloud = PointCloud(view(x), colors=np.where(x[:, 0] > 0, BLUE, RED))
            t = ValueTracker(0)
            cloud.add_updater(lambda m: m.set_positions(
                view((1 - t.get_value()) * x + t.get_value() * bent)))
            self.add(cloud)
            self.play(t.animate.set_value(1), run_time=2)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from manim import ORIGIN, Rectangle, VGroup, VMobject
from manim.constants import CapStyleType, LineJointType
from manim.utils.color import ManimColor

from scenes.common import style

__all__ = [
    "MARKERS",
    "PointCloud",
    "LineBundle",
    "CellShading",
    "PixelImage",
    "ScreenMap",
    "to3d",
    "lerp_states",
    "line_in_box",
    "plane_in_box",
]

#: Marker shapes a :class:`PointCloud` can draw.
MARKERS = ("dot", "cross")
# Frame units per unit of stroke width (manim's Camera.cairo_line_width_multiple).
_LINE_UNIT = 0.01
# A dot is a segment this long (frame units): long enough that manim does not
# treat it as a closed path (which would draw no round caps), far below a pixel.
_DOT_LEN = 1e-3


def to3d(points: np.ndarray) -> np.ndarray:
    """``(..., 2)`` or ``(..., 3)`` → ``(..., 3)`` (z = 0 appended when missing)."""
    p = np.asarray(points, dtype=np.float64)
    if p.shape[-1] == 3:
        return p
    if p.shape[-1] != 2:
        raise ValueError(f"points with last axis {p.shape[-1]}; allowed: 2 or 3 coordinates")
    return np.concatenate([p, np.zeros((*p.shape[:-1], 1))], axis=-1)


def lerp_states(states: np.ndarray, s: float) -> np.ndarray:
    """Linear interpolation along the first axis at fractional index ``s`` (clamped).

    ``states`` of shape ``(K, ...)``: ``s = 1.25`` gives ``0.75 · states[1] + 0.25 · states[2]``.
    """
    k = len(states) - 1
    s = min(max(float(s), 0.0), float(k))
    i = min(int(np.floor(s)), max(k - 1, 0))
    f = s - i
    if k == 0 or f == 0.0:
        return states[i]
    return (1.0 - f) * states[i] + f * states[i + 1]


def _segments_to_beziers(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Straight cubic Béziers from ``a`` to ``b`` (both ``(M, 3)``) → ``(4 M, 3)`` points."""
    d = b - a
    return np.stack([a, a + d / 3.0, a + 2.0 * d / 3.0, b], axis=1).reshape(-1, 3)


def _cells_to_beziers(mask: np.ndarray, x_edges: np.ndarray, y_edges: np.ndarray) -> np.ndarray:
    """The cells where ``mask[i, j]`` holds, as few closed rectangles, as Bézier points.

    Cell ``(i, j)`` spans ``x_edges[i : i + 2]`` × ``y_edges[j : j + 2]``. Runs of
    cells up a column become one rectangle, and equal runs in neighbouring columns
    one wider rectangle: Cairo walks every sub-path in Python each frame, so a
    region of one style costs what its outline costs, not what its area costs.

    >>> m = np.array([[1, 1, 0], [1, 1, 0], [0, 0, 1]], bool)
    >>> len(_cells_to_beziers(m, np.arange(4.0), np.arange(4.0))) // 16  # rectangles
    2
    """
    nx, ny = mask.shape
    pad = np.zeros((nx, ny + 2), np.int8)
    pad[:, 1:-1] = mask
    step = np.diff(pad, axis=1)
    col, j0 = np.nonzero(step == 1)  # row-major: starts and ends of each column's runs pair up
    _, j1 = np.nonzero(step == -1)
    if len(col) == 0:
        return np.zeros((0, 3))
    order = np.lexsort((col, j1, j0))
    col, j0, j1 = col[order], j0[order], j1[order]
    new = np.ones(len(col), bool)
    new[1:] = (j0[1:] != j0[:-1]) | (j1[1:] != j1[:-1]) | (col[1:] != col[:-1] + 1)
    first = np.flatnonzero(new)
    last = np.append(first[1:], len(col)) - 1
    x0, x1 = x_edges[col[first]], x_edges[col[last] + 1]
    y0, y1 = y_edges[j0[first]], y_edges[j1[first]]
    z = np.zeros_like(x0, dtype=float)
    corners = np.stack([np.stack(p, -1) for p in (
        (x0, y0, z), (x1, y0, z), (x1, y1, z), (x0, y1, z), (x0, y0, z))], axis=1)
    return _segments_to_beziers(corners[:, :-1].reshape(-1, 3), corners[:, 1:].reshape(-1, 3))


class PointCloud(VGroup):
    """Many points with per-point colours, as few mobjects as there are colours.

    Parameters
    ----------
    points
        ``(N, 2)`` or ``(N, 3)`` scene coordinates.
    colors
        One colour for all points, or one per point (anything ``ManimColor`` reads).
    radius
        Dot radius in frame units (a cross's arm is ``1.2 · radius``).
    markers
        ``None`` (all dots), one of :data:`MARKERS`, or one per point: a shape
        beside the colour, so classes do not rest on colour alone.
    opacity
        Stroke opacity of every point.

    Examples
    --------
    >>> import numpy as np
    >>> cloud = PointCloud(np.zeros((3, 2)), colors=["#ff0000", "#ff0000", "#0000ff"],
    ...                    markers=["dot", "dot", "cross"])
    >>> len(cloud.submobjects)
    2
    >>> _ = cloud.set_positions(np.ones((3, 2)))
    """

    def __init__(
        self,
        points: np.ndarray,
        colors: str | Sequence | np.ndarray = "#ffffff",
        radius: float = 0.04,
        markers: str | Sequence[str] | None = None,
        opacity: float = 1.0,
        **kwargs,
    ) -> None:
        super().__init__(**kwargs)
        pts = to3d(points)
        n = len(pts)
        cols = self._per_point(colors, n, "colors")
        marks = self._per_point("dot" if markers is None else markers, n, "markers")
        bad = sorted(set(marks) - set(MARKERS))
        if bad:
            raise ValueError(f"marker {bad[0]!r}; allowed: {', '.join(MARKERS)}")
        self.radius = float(radius)
        self.n_points = n
        keys = [(ManimColor(c).to_hex(), m) for c, m in zip(cols, marks, strict=True)]
        self._groups: list[tuple[np.ndarray, str]] = []
        for key in dict.fromkeys(keys):  # first-seen order: deterministic draw order
            idx = np.array([i for i, k in enumerate(keys) if k == key], dtype=np.int64)
            color, marker = key
            width = 2 * radius if marker == "dot" else 0.7 * radius
            vm = VMobject(stroke_color=color, stroke_width=width / _LINE_UNIT,
                          stroke_opacity=opacity, fill_opacity=0.0)
            vm.set_cap_style(CapStyleType.ROUND)
            self._groups.append((idx, marker))
            self.add(vm)
        self.set_positions(pts)

    @staticmethod
    def _per_point(value, n: int, name: str) -> list:
        if isinstance(value, str) or not isinstance(value, (Sequence, np.ndarray)):
            return [value] * n
        values = list(value)
        if len(values) != n:
            raise ValueError(f"{name} has {len(values)} entries for {n} points; allowed: 1 or {n}")
        return values

    def _marker_points(self, p: np.ndarray, marker: str) -> np.ndarray:
        if marker == "dot":
            # Diagonal, so no 3-D camera looks exactly along it.
            return _segments_to_beziers(p, p + _DOT_LEN / np.sqrt(3))
        r = 1.2 * self.radius
        d1, d2 = np.array([r, r, 0.0]), np.array([r, -r, 0.0])
        a = np.stack([p - d1, p - d2], axis=1).reshape(-1, 3)
        b = np.stack([p + d1, p + d2], axis=1).reshape(-1, 3)
        return _segments_to_beziers(a, b)

    def set_positions(self, points: np.ndarray) -> PointCloud:
        """Move every point to ``points`` (``(N, 2|3)`` scene coordinates); returns self."""
        pts = to3d(points)
        if len(pts) != self.n_points:
            raise ValueError(f"{len(pts)} positions for a cloud of {self.n_points} points")
        for (idx, marker), vm in zip(self._groups, self.submobjects, strict=True):
            vm.points = self._marker_points(pts[idx], marker)
        return self


class LineBundle(VMobject):
    """Many polylines as sub-paths of one ``VMobject``.

    Parameters
    ----------
    lines
        ``(L, P, 2|3)`` scene coordinates: L lines of P points each.
    color, stroke_width, opacity
        One style for the whole bundle (use one bundle per colour).

    Examples
    --------
    >>> import numpy as np
    >>> lines = np.zeros((4, 10, 2)); lines[..., 0] = np.linspace(0, 1, 10)
    >>> bundle = LineBundle(lines)
    >>> len(bundle.points)  # 4 lines × 9 pieces × 4 Bézier points
    144
    >>> _ = bundle.set_positions(lines * 2)
    """

    def __init__(self, lines: np.ndarray, color="#ffffff", stroke_width: float = 1.5,
                 opacity: float = 1.0, **kwargs) -> None:
        super().__init__(stroke_color=color, stroke_width=stroke_width,
                         stroke_opacity=opacity, fill_opacity=0.0, **kwargs)
        self.joint_type = LineJointType.ROUND
        self.set_positions(lines)

    def set_positions(self, lines: np.ndarray) -> LineBundle:
        """Replace every line by ``lines`` (``(L, P, 2|3)``; L may change); returns self."""
        pts = to3d(lines)
        if pts.ndim != 3 or pts.shape[1] < 2:
            if pts.size == 0:
                self.points = np.zeros((0, 3))
                return self
            raise ValueError(f"lines of shape {pts.shape}; allowed: (L, P >= 2, 2|3)")
        a = pts[:, :-1].reshape(-1, 3)
        b = pts[:, 1:].reshape(-1, 3)
        self.points = _segments_to_beziers(a, b)
        return self


class CellShading(VGroup):
    """A grid of ``nx × ny`` rectangles over a screen box, each filled in one of a few styles.

    All cells of one style are sub-paths of one ``VMobject``, filled in one go,
    so neighbouring cells show no seams. (An ``ImageMobject`` would do, but it
    fails to draw with Manim 0.21 and Pillow 13.)

    Parameters
    ----------
    lo, hi
        Opposite corners of the box in scene coordinates (x, y).
    shape
        ``(nx, ny)`` cells; cell ``(i, j)`` is the i-th from the left, j-th from the bottom.
    styles
        ``(color, opacity)`` per style; cell value ``k`` uses ``styles[k]``, -1 leaves it empty.

    Examples
    --------
    >>> import numpy as np
    >>> shade = CellShading((0, 0), (2, 1), (4, 2), [("#ff0000", 0.2), ("#0000ff", 0.2)])
    >>> _ = shade.set_cells(np.array([[0, 1]] * 4))
    >>> [len(m.points) // 16 for m in shade.submobjects]  # 4 cells each, merged into 1 rectangle
    [1, 1]
    """

    def __init__(self, lo, hi, shape: tuple[int, int], styles: Sequence[tuple], **kwargs) -> None:
        super().__init__(**kwargs)
        lo = np.asarray(lo, dtype=np.float64)[:2]
        hi = np.asarray(hi, dtype=np.float64)[:2]
        nx, ny = shape
        self._x_edges = np.linspace(lo[0], hi[0], nx + 1)
        self._y_edges = np.linspace(lo[1], hi[1], ny + 1)
        self.shape = (nx, ny)
        for color, opacity in styles:
            self.add(VMobject(fill_color=color, fill_opacity=opacity, stroke_width=0))

    def set_cells(self, which: np.ndarray) -> CellShading:
        """Paint cell ``(i, j)`` in style ``which[i, j]`` (-1: none); returns self."""
        which = np.asarray(which)
        if which.shape != self.shape:
            raise ValueError(f"cells of shape {which.shape}; allowed: {self.shape}")
        for k, vm in enumerate(self.submobjects):
            vm.points = _cells_to_beziers(which == k, self._x_edges, self._y_edges)
        return self


class PixelImage(VGroup):
    """An image as square pixels: one filled path per (colour, level), with a frame.

    Parameters
    ----------
    levels
        ``(rows, cols)`` integers; row 0 is the top. ``levels[r, c] = k`` paints
        the pixel in ``styles[k]``; -1 leaves it empty (background).
    styles
        ``(colour, opacity)`` per level.
    size
        Height of the image in scene units (pixels are square).
    """

    def __init__(self, levels: np.ndarray, styles, size: float = 1.0,
                 frame_color: str = style.GRID, **kwargs) -> None:
        super().__init__(**kwargs)
        levels = np.asarray(levels)
        rows, cols = levels.shape
        px = size / rows
        x_edges = (np.arange(cols + 1) - cols / 2) * px
        y_edges = (np.arange(rows + 1) - rows / 2) * px
        by_xy = levels.T[:, ::-1]  # [column, row from the bottom], as the cells are indexed
        for k, (color, opacity) in enumerate(styles):
            if not (levels == k).any():
                continue
            vm = VMobject(fill_color=color, fill_opacity=opacity, stroke_width=0)
            vm.points = _cells_to_beziers(by_xy == k, x_edges, y_edges)
            self.add(vm)
        self.frame = Rectangle(width=cols * px, height=size, stroke_color=frame_color,
                               stroke_width=1.5)
        self.add(self.frame)
        self.levels = levels

    @staticmethod
    def grey(image: np.ndarray, size: float = 1.0, steps: int = 16) -> PixelImage:
        """Ink in [0, 1] as white of that opacity (``steps`` levels; the digits have 16)."""
        lv = np.rint(np.clip(image, 0, 1) * steps).astype(int) - 1
        styles = [(style.FG, (k + 1) / steps) for k in range(steps)]
        return PixelImage(lv, styles, size)

    @staticmethod
    def signed(values: np.ndarray, v_max: float, size: float = 1.0, steps: int = 8
               ) -> PixelImage:
        """Signed values: :data:`style.POSITIVE` / :data:`style.NEGATIVE`, as strong as ``|v|``.

        ``|v| >= v_max`` is full strength; ``steps`` levels per sign.
        """
        frac = np.clip(np.abs(values) / v_max, 0, 1)
        k = np.rint(frac * steps).astype(int)  # 0 = empty
        lv = np.where(k == 0, -1, np.where(values >= 0, k - 1, steps + k - 1))
        styles = [(style.POSITIVE, (i + 1) / steps) for i in range(steps)]
        styles += [(style.NEGATIVE, (i + 1) / steps) for i in range(steps)]
        return PixelImage(lv, styles, size)


@dataclass(frozen=True)
class ScreenMap:
    """Affine map from data coordinates to scene coordinates: ``scene = (x - src) · scale + dst``.

    Build one with :meth:`fit`; call it on ``(..., 2|3)`` arrays.

    Examples
    --------
    >>> import numpy as np
    >>> m = ScreenMap.fit((0, 0), (10, 5), center=(1, 0, 0), size=(4, 4))
    >>> m(np.array([[10.0, 5.0]])).round(3).tolist()  # uniform scale 0.4, centred
    [[3.0, 1.0, 0.0]]
    >>> m.inverse(m(np.array([[2.0, 3.0]])))[:, :2].round(6).tolist()
    [[2.0, 3.0]]
    """

    src: np.ndarray  # (d,) data point that lands on dst
    dst: np.ndarray  # (3,) scene point
    scale: np.ndarray  # (d,) scene units per data unit, per axis

    @classmethod
    def fit(cls, lo, hi, center=ORIGIN, size=(6.0, 6.0), keep_aspect: bool = True,
            min_extent: float = 1e-6) -> ScreenMap:
        """The map putting the data box ``[lo, hi]`` inside a screen box ``size`` at ``center``.

        ``keep_aspect`` uses one scale for every axis (shapes, angles and
        rotations stay true); otherwise each axis fills its side of the box.
        """
        lo = np.asarray(lo, dtype=np.float64)
        hi = np.asarray(hi, dtype=np.float64)
        size = np.asarray(size, dtype=np.float64)
        if lo.shape != hi.shape or lo.shape != size.shape:
            raise ValueError(f"lo {lo.shape}, hi {hi.shape}, size {size.shape}: need equal lengths")
        extent = np.maximum(hi - lo, min_extent)
        scale = size / extent
        if keep_aspect:
            scale = np.full_like(scale, scale.min())
        dst = np.asarray(center, dtype=np.float64)
        return cls((lo + hi) / 2.0, np.concatenate([dst, np.zeros(3 - len(dst))]), scale)

    def __call__(self, x: np.ndarray) -> np.ndarray:
        x = np.asarray(x, dtype=np.float64)
        d = len(self.scale)
        if x.shape[-1] != d:
            raise ValueError(f"points with {x.shape[-1]} coordinates for a {d}-D map")
        out = np.broadcast_to(self.dst, (*x.shape[:-1], 3)).copy()
        out[..., :d] += (x - self.src) * self.scale
        return out

    def inverse(self, p: np.ndarray) -> np.ndarray:
        """Scene points ``(..., 3)`` back to data coordinates ``(..., d)``."""
        d = len(self.scale)
        return (np.asarray(p, dtype=np.float64)[..., :d] - self.dst[:d]) / self.scale + self.src


def line_in_box(w, b: float, lo, hi) -> np.ndarray | None:
    """The piece of the line ``w · x + b = 0`` inside the box ``[lo, hi]`` (2-D).

    Returns the two end points ``(2, 2)``, or None if the line misses the box.

    Examples
    --------
    >>> line_in_box((1.0, 0.0), -0.5, (0, 0), (1, 1)).tolist()
    [[0.5, 0.0], [0.5, 1.0]]
    """
    w = np.asarray(w, dtype=np.float64)
    lo = np.asarray(lo, dtype=np.float64)
    hi = np.asarray(hi, dtype=np.float64)
    if np.allclose(w, 0):
        return None
    # A point on the line and its direction, then clip the parameter to the box.
    p0 = -b * w / (w @ w)
    d = np.array([-w[1], w[0]])
    t_lo, t_hi = -np.inf, np.inf
    for k in range(2):
        if abs(d[k]) < 1e-15:
            if not lo[k] <= p0[k] <= hi[k]:
                return None
            continue
        t1, t2 = sorted(((lo[k] - p0[k]) / d[k], (hi[k] - p0[k]) / d[k]))
        t_lo, t_hi = max(t_lo, t1), min(t_hi, t2)
    if t_lo > t_hi:
        return None
    return np.stack([p0 + t_lo * d, p0 + t_hi * d])


def plane_in_box(w, b: float, lo, hi) -> np.ndarray | None:
    """The polygon where the plane ``w · x + b = 0`` cuts the box ``[lo, hi]`` (3-D).

    Returns its corners ``(K, 3)`` in order round the polygon (K in 3..6), or None.

    Examples
    --------
    >>> plane_in_box((0, 0, 1.0), 0.0, (-1, -1, -1), (1, 1, 1)).shape
    (4, 3)
    """
    w = np.asarray(w, dtype=np.float64)
    lo = np.asarray(lo, dtype=np.float64)
    hi = np.asarray(hi, dtype=np.float64)
    corners = np.array([[hi[i] if (c >> i) & 1 else lo[i] for i in range(3)] for c in range(8)])
    vals = corners @ w + b
    pts = []
    for c1 in range(8):
        for i in range(3):  # the 12 edges: corners differing in one bit
            c2 = c1 | (1 << i)
            if c2 == c1:
                continue
            v1, v2 = vals[c1], vals[c2]
            if (v1 > 0) != (v2 > 0) or v1 == 0:
                t = v1 / (v1 - v2) if v1 != v2 else 0.0
                pts.append(corners[c1] + t * (corners[c2] - corners[c1]))
    if len(pts) < 3:
        return None
    pts = np.unique(np.round(np.array(pts), 12), axis=0)
    if len(pts) < 3:
        return None
    # Order round the centre, in the plane's own 2-D basis.
    c = pts.mean(axis=0)
    n = w / np.linalg.norm(w)
    u = np.cross(n, [1.0, 0, 0] if abs(n[0]) < 0.9 else [0, 1.0, 0])
    u /= np.linalg.norm(u)
    v = np.cross(n, u)
    ang = np.arctan2((pts - c) @ v, (pts - c) @ u)
    return pts[np.argsort(ang)]
