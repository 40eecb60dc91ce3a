"""Gradient descent on real loss surfaces.

* :class:`GradientDescent` (3-D): the loss ``L(w1, w2)`` of a real two-weight
  neuron as a surface, its contour lines on the floor, and a ball following the
  recorded full-batch SGD steps, each step's ``−α∇L`` drawn as an arrow.
* :class:`GradientDescentFog`: the same walk seen from above in a fog of war:
  the height map is revealed only around the points the walker has stood on.
* :class:`OptimizerRace`: SGD, momentum and Adam from one start on that surface.
* :class:`LossLandscapeSlice`: a trained spiral MLP's loss on a filter-normalised
  random 2-D slice (Li et al. 2018), and its training path on the PCA plane.

Every height, path, arrow and number comes from :mod:`engine.artefacts.descent`.
Render: ``manim render -ql scenes/descent.py GradientDescent``.
"""

from __future__ import annotations

import numpy as np
from manim import *

from engine.artefacts import descent as art
from scenes.common import i18n, style
from scenes.common.animations import sweep
from scenes.common.base import LectureScene, LectureThreeDScene
from scenes.common.i18n import Catalogue
from scenes.common.text import LiveText, at_most, label, live_lines, set_texts
from scenes.common.text import fmt as _fmt

__all__ = [
    "GradientDescent",
    "GradientDescentFog",
    "OptimizerRace",
    "LossLandscapeSlice",
    "height_rgb",
    "cell_map",
    "segments_mobject",
    "MapPanel",
    "TEXT",
]

TEXT = Catalogue.of(__file__)

N_BINS = 40  # colour steps of a height map; the colour bar shows the same steps
_STOPS = np.array([color_to_rgb(c) for c in style.HEIGHT_COLORS])


def fmt(v: float, decimals: int = 3) -> str:
    """``v`` rounded for the screen, three decimals unless asked (never ``-0.000``)."""
    return _fmt(v, decimals)


def height_rgb(t: np.ndarray) -> np.ndarray:
    """RGB in [0, 1] for heights ``t`` in [0, 1] (``style.HEIGHT_COLORS``, piecewise linear)."""
    t = np.clip(np.asarray(t, dtype=float), 0.0, 1.0) * (len(_STOPS) - 1)
    i = np.minimum(t.astype(int), len(_STOPS) - 2)
    f = (t - i)[..., None]
    return (1 - f) * _STOPS[i] + f * _STOPS[i + 1]


def log01(loss: np.ndarray, lo: float, hi: float) -> np.ndarray:
    """Loss mapped to [0, 1] on a log scale between ``lo`` and ``hi``."""
    return (np.log(loss) - np.log(lo)) / (np.log(hi) - np.log(lo))


def _line_points(p0: np.ndarray, p1: np.ndarray) -> np.ndarray:
    """Cubic Bézier control points of straight segments p0→p1, shape (4 M, 3)."""
    d = p1 - p0
    return np.stack([p0, p0 + d / 3, p0 + 2 * d / 3, p1], axis=1).reshape(-1, 3)


def segments_mobject(
    p0: np.ndarray, p1: np.ndarray, color: str, width: float = 1.5, opacity: float = 1.0
) -> VMobject:
    """All segments p0[i]→p1[i] (scene points) as sub-paths of ONE VMobject."""
    m = VMobject(stroke_color=color, stroke_width=width, stroke_opacity=opacity)
    m.set_fill(opacity=0)
    if len(p0):
        m.set_points(_line_points(np.asarray(p0, float), np.asarray(p1, float)))
    return m


def _rect_points(x0, x1, y0, y1) -> np.ndarray:
    corners = np.stack(
        [np.stack([x0, y0], -1), np.stack([x1, y0], -1), np.stack([x1, y1], -1),
         np.stack([x0, y1], -1)], axis=1
    )  # (R, 4, 2)
    corners = np.concatenate([corners, np.zeros((*corners.shape[:2], 1))], axis=-1)
    a, b = corners, np.roll(corners, -1, axis=1)
    return _line_points(a.reshape(-1, 3), b.reshape(-1, 3))


def cell_map(
    t: np.ndarray,
    xs: np.ndarray,
    ys: np.ndarray,
    mask: np.ndarray | None = None,
    group: VGroup | None = None,
) -> VGroup:
    """A height map as one filled VMobject per colour step (not one per cell).

    ``t[i, j]`` in [0, 1] is the colour of the cell centred at scene point
    ``(xs[i], ys[j])``; runs of equal colour along x become one rectangle.
    Cells outside ``mask`` are left out. Pass ``group`` to refill it in place.
    """
    nx, ny = t.shape
    bins = np.clip((np.asarray(t) * N_BINS).astype(int), 0, N_BINS - 1)
    if mask is not None:
        bins = np.where(mask, bins, -1)
    dx, dy = (xs[-1] - xs[0]) / (nx - 1), (ys[-1] - ys[0]) / (ny - 1)
    # Cell edges, widened a hair so neighbouring colours overlap instead of
    # leaving an antialiased seam of background between them.
    ex = np.concatenate([xs - dx / 2, [xs[-1] + dx / 2]])
    ey = np.concatenate([ys - dy / 2, [ys[-1] + dy / 2]])
    pad_x, pad_y = dx * 0.06, dy * 0.06
    # Runs along x in every row j: a run starts where the bin changes.
    b = bins.T  # (ny, nx): row j, column i
    change = np.ones_like(b, dtype=bool)
    change[:, 1:] = b[:, 1:] != b[:, :-1]
    rows, starts = np.nonzero(change)
    ends = np.empty_like(starts)
    ends[:-1] = np.where(rows[1:] == rows[:-1], starts[1:], nx)
    ends[-1] = nx
    run_bin = b[rows, starts]
    if group is None:
        colors = height_rgb((np.arange(N_BINS) + 0.5) / N_BINS)
        group = VGroup(
            *[VMobject(fill_color=rgb_to_color(c), fill_opacity=1, stroke_width=0)
              for c in colors]
        )
    for k, m in enumerate(group.submobjects):
        sel = run_bin == k
        if not sel.any():
            m.clear_points()
            continue
        # Clipped to the grid's own extent: the map ends where the data ends.
        pts = _rect_points(
            np.maximum(ex[starts[sel]] - pad_x, xs[0]), np.minimum(ex[ends[sel]] + pad_x, xs[-1]),
            np.maximum(ey[rows[sel]] - pad_y, ys[0]), np.minimum(ey[rows[sel] + 1] + pad_y, ys[-1]),
        )
        m.set_points(pts)
    return group


class MapPanel:
    """A square window of a 2-D parameter plane drawn at ``centre`` with side ``size``."""

    def __init__(self, lo, hi, centre, size: float) -> None:
        self.lo = np.asarray(lo, dtype=float)
        self.hi = np.asarray(hi, dtype=float)
        self.centre = np.array([*np.asarray(centre, float)[:2], 0.0])
        self.size = float(size)

    def to_scene(self, w: np.ndarray) -> np.ndarray:
        """Plane coordinates ``(..., 2)`` → scene points ``(..., 3)``."""
        w = np.asarray(w, dtype=float)
        uv = (w - self.lo) / (self.hi - self.lo) - 0.5
        out = np.zeros((*w.shape[:-1], 3))
        out[..., :2] = uv * self.size + self.centre[:2]
        return out

    def frame(self) -> Square:
        return Square(self.size, stroke_color=style.MUTED, stroke_width=1.5).move_to(self.centre)

    def axes(self, names=("w₁", "w₂"), ticks=None, decimals: int = 0) -> VGroup:
        """Tick labels at the given plane values (default: ends and middle) and axis names."""
        g = VGroup()
        per_axis = (VGroup(), VGroup())
        for axis in (0, 1):
            if ticks is not None:
                vals = ticks[axis]
            else:
                vals = np.linspace(self.lo[axis], self.hi[axis], 3)
            for v in vals:
                w = self.lo.copy()
                w[axis] = v
                p = self.to_scene(w)
                lab = label(fmt(v, decimals), style.SMALL_SIZE, style.MUTED)
                lab.next_to(p, DOWN if axis == 0 else LEFT, buff=0.12)
                per_axis[axis].add(lab)
        half = self.size / 2
        bottom = min(per_axis[0].get_bottom()[1], self.centre[1] - half - 0.3)
        left = min(per_axis[1].get_left()[0], self.centre[0] - half - 0.3)
        g.add(*per_axis)
        g.add(label(names[0], style.LABEL_SIZE, style.FG).move_to(
            np.array([self.centre[0], bottom, 0]), aligned_edge=UP).shift(DOWN * 0.06))
        g.add(label(names[1], style.LABEL_SIZE, style.FG).move_to(
            np.array([left, self.centre[1], 0]), aligned_edge=RIGHT).shift(LEFT * 0.1))
        return g

    def cells(self, t: np.ndarray, u: np.ndarray, v: np.ndarray, mask=None, group=None) -> VGroup:
        """A :func:`cell_map` of ``t[i, j]`` at plane points ``(u[i], v[j])``."""
        xs = self.to_scene(np.stack([u, np.full_like(u, self.lo[1])], -1))[:, 0]
        ys = self.to_scene(np.stack([np.full_like(v, self.lo[0]), v], -1))[:, 1]
        return cell_map(t, xs, ys, mask, group)

    def contours(self, segments: np.ndarray, color=style.FG, width=1.2, opacity=0.6) -> VMobject:
        return segments_mobject(
            self.to_scene(segments[:, 0]), self.to_scene(segments[:, 1]), color, width, opacity
        )


def colour_bar(lo: float, hi: float, ticks, height: float, at) -> VGroup:
    """A vertical bar of the N_BINS colour steps on a log loss scale, with tick labels."""
    g = VGroup()
    step = height / N_BINS
    bottom = np.asarray(at, float) + DOWN * height / 2
    for k, c in enumerate(height_rgb((np.arange(N_BINS) + 0.5) / N_BINS)):
        g.add(Rectangle(width=0.28, height=step * 1.06, fill_color=rgb_to_color(c),
                        fill_opacity=1, stroke_width=0).move_to(bottom + UP * (k + 0.5) * step))
    for v in ticks:
        y = float(log01(np.array(v), lo, hi)) * height
        g.add(Line(bottom + UP * y + RIGHT * 0.14, bottom + UP * y + RIGHT * 0.24,
                   stroke_color=style.FG, stroke_width=1.5))
        g.add(label(f"{v:g}", style.SMALL_SIZE, style.MUTED).next_to(
            bottom + UP * y + RIGHT * 0.24, RIGHT, buff=0.08))
    g.add(label(TEXT["loss"], style.SMALL_SIZE, style.FG).next_to(bottom + UP * height, UP,
                                                                  buff=0.15))
    return g


def _linear_ticks(lo: float, hi: float) -> list[float]:
    """Round values (steps of 1, 2 or 5 × 10^k) inside [lo, hi], three to six of them."""
    for e in range(-3, 6):
        for m in (1, 2, 5):
            step = m * 10.0**e
            vals = np.arange(np.ceil(lo / step) * step, hi + 1e-9, step)
            if len(vals) <= 5:
                return [float(v) for v in vals]
    return [lo, hi]


def _nice_ticks(lo: float, hi: float) -> list[float]:
    """1-2-5 values inside [lo, hi], for a log colour bar."""
    out = []
    for e in range(-4, 4):
        for m in (1, 3):
            v = m * 10.0**e
            if lo <= v <= hi:
                out.append(v)
    return out


# --- 3-D: a ball on the surface ---------------------------------------------------


class GradientDescent(LectureThreeDScene):
    """A ball follows the recorded SGD steps on the loss surface of a two-weight neuron."""

    title = "Gradient descent on a real loss surface"
    TEXT = TEXT
    #: How many recorded steps to show (None: all); the smoke test uses fewer.
    steps: int | None = None
    #: The first steps are shown one at a time, the rest in one sweep.
    slow_steps = 3
    FACES = 24  # surface faces per side: enough for the eye, cheap for Cairo
    XY = 6.0  # side of the surface in scene units
    Z_TOP = 3.0  # height of the largest loss in the window
    FLOOR = -1.4
    HUD_AT = np.array([3.3, 3.65, 0.0])  # top-left corner of the numbers, frame units

    def construct(self) -> None:
        self.load()
        self.show_surface()
        self.first_steps()
        self.descend()
        self.minimum()
        self.hold(at_least=0)  # the last beat lasts as long as its narration

    # -- data and coordinates --
    def load(self) -> None:
        self.surf = art.neuron_surface()
        self.cont = art.neuron_contours()
        self.path = art.neuron_path()
        k = len(self.path["loss"]) - 1 if self.steps is None else min(self.steps, len(
            self.path["loss"]) - 1)
        self.k_last = k
        self.lr = art.GD_RUN.lr
        s = self.surf
        self.lo = np.array([s["w1"][0], s["w2"][0]])
        self.hi = np.array([s["w1"][-1], s["w2"][-1]])
        self.z_scale = self.Z_TOP / float(s["loss"].max())

    def xy(self, w: np.ndarray) -> np.ndarray:
        w = np.asarray(w, dtype=float)
        return ((w - self.lo) / (self.hi - self.lo) - 0.5) * self.XY

    def on_surface(self, w: np.ndarray, loss) -> np.ndarray:
        xy = self.xy(w)
        return np.concatenate([xy, (np.asarray(loss, float) * self.z_scale)[..., None]], axis=-1)

    def on_floor(self, w: np.ndarray) -> np.ndarray:
        xy = self.xy(w)
        return np.concatenate([xy, np.full((*xy.shape[:-1], 1), self.FLOOR)], axis=-1)

    # -- beats --
    def show_surface(self) -> None:
        self.say("surface")
        self.set_camera_orientation(phi=62 * DEGREES, theta=-58 * DEGREES, zoom=0.95)
        s = self.surf
        n = len(s["w1"])
        stride = (n - 1) // self.FACES
        idx = np.arange(0, n, stride)
        W1, W2 = s["w1"][idx], s["w2"][idx]
        L = s["loss"][np.ix_(idx, idx)]
        lo_l, hi_l = float(s["loss"].min()), float(s["loss"].max())

        def point(u, v):
            i, j = int(round(u)), int(round(v))
            return self.on_surface(np.array([W1[i], W2[j]]), L[i, j])

        surface = Surface(point, u_range=(0, self.FACES), v_range=(0, self.FACES),
                          resolution=self.FACES, checkerboard_colors=False,
                          stroke_width=0.3, stroke_color=BLACK, fill_opacity=0.85)
        for face in surface:
            i, j = face.u_index, face.v_index
            mean = L[i : i + 2, j : j + 2].mean()
            face.set_fill(rgb_to_color(height_rgb(log01(mean, lo_l, hi_l))), opacity=0.85)
        # The floor first: sorted far away so every face draws over it.
        far = Dot(OUT * -100)
        floor = Rectangle(width=self.XY, height=self.XY, stroke_color=style.GRID,
                          stroke_width=1, fill_color=style.BG, fill_opacity=0.0)
        floor.shift(OUT * self.FLOOR)
        c = self.cont
        lines = segments_mobject(self.on_floor(c["segments"][:, 0]),
                                 self.on_floor(c["segments"][:, 1]), style.MUTED, 1.2, 0.9)
        for m in (floor, lines):
            m.shade_in_3d = True
            m.z_index_group = far
        labels = VGroup(
            label("w₁", style.LABEL_SIZE).move_to(
                self.on_floor(np.array([(self.lo[0] + self.hi[0]) / 2, self.lo[1]])) + DOWN * 0.5),
            label("w₂", style.LABEL_SIZE).move_to(
                self.on_floor(np.array([self.hi[0], (self.lo[1] + self.hi[1]) / 2])) + RIGHT * 0.5),
        )
        ticks = VGroup()
        for v in (self.lo[0], 0.0, self.hi[0]):
            ticks.add(label(fmt(v, 0), style.SMALL_SIZE, style.MUTED).move_to(
                self.on_floor(np.array([v, self.lo[1]])) + DOWN * 0.25))
        for v in (self.lo[1], 0.0, self.hi[1]):
            ticks.add(label(fmt(v, 0), style.SMALL_SIZE, style.MUTED).move_to(
                self.on_floor(np.array([self.hi[0], v])) + RIGHT * 0.25))
        # The title stays left of the numbers (HUD_AT) in every language.
        title = label(TEXT["title.GradientDescent"], 30).to_corner(UL, buff=0.3)
        at_most(title, self.HUD_AT[0] - 0.6 - title.get_left()[0]).to_corner(UL, buff=0.3)
        note = label(TEXT["surface_note"],
                     style.SMALL_SIZE, style.MUTED).next_to(title, DOWN, aligned_edge=LEFT)
        self.add_fixed_in_frame_mobjects(title, note)
        self.add_fixed_orientation_mobjects(*labels, *ticks)
        self.add(floor)
        self.play(FadeIn(title), FadeIn(note), run_time=0.6)
        self.wait_until("weights")  # the two weights: the floor's axes
        self.play(Create(lines, run_time=1.2), FadeIn(labels), FadeIn(ticks))
        # One pair of weights (the walk's start) on the floor; its loss is the height above.
        w0, loss0 = self.path["w"][0], float(self.path["loss"][0])
        pair = Dot(self.on_floor(w0), radius=0.07, color=style.FG)
        self.add_fixed_orientation_mobjects(pair)
        self.remove(pair)  # pinned, shown when named
        self.wait_until("pair")
        self.play(FadeIn(pair, scale=2), run_time=0.6)
        self.wait_until("height")
        self.riser = VGroup(pair, DashedLine(self.on_floor(w0), self._surface_point(w0, loss0),
                                             stroke_color=style.FG, stroke_width=2))
        self.play(FadeIn(surface, run_time=1.2), Create(self.riser[1], run_time=1.2))
        self.surface = surface

    def _hud_texts(self, k: int) -> list[str]:
        w, loss = self.path["w"][k], self.path["loss"][k]
        grad = float(np.linalg.norm(self.path["grad"][k]))
        return [TEXT.format("step", k=k), f"w₁ = {fmt(w[0], 2)}   w₂ = {fmt(w[1], 2)}",
                f"L = {fmt(loss)}", f"|∇L| = {fmt(grad)}"]

    def _hud(self, k: int) -> VGroup:
        g = live_lines(self._hud_texts(k), style.LABEL_SIZE,
                       (style.FG, style.FG, style.YELLOW, style.ORANGE))
        return g.arrange(DOWN, aligned_edge=LEFT, buff=0.15).move_to(self.HUD_AT, aligned_edge=UL)

    def _set_hud(self, k: int) -> None:
        # A line set afresh has new glyphs: they must be pinned to the frame too.
        set_texts(self.hud, self._hud_texts(k),
                  relayout=lambda: self.add_fixed_in_frame_mobjects(self.hud))

    LIFT = 0.04  # draw the path a hair above the faces it rests on

    def _surface_point(self, w: np.ndarray, loss) -> np.ndarray:
        return self.on_surface(w, loss) + OUT * self.LIFT

    def _make_arrow(self, k: int) -> Arrow:
        """The step −α∇L from w_k along the tangent plane: where SGD's next step goes.

        Its height change is the first-order one, ∇L · step, so it lies in the
        surface's tangent plane at the ball.
        """
        p = self.path
        w, g, loss = p["w"][k], p["grad"][k], float(p["loss"][k])
        step = -self.lr * g
        a = self._surface_point(w, loss)
        b = self._surface_point(w + step, loss + float(g @ step))
        if np.linalg.norm(b - a) < 1e-3:
            b = a + RIGHT * 1e-3
        return Arrow(a, b, buff=0, color=style.ORANGE, stroke_width=5,
                     max_tip_length_to_length_ratio=0.35, max_stroke_width_to_length_ratio=20)

    def first_steps(self) -> None:
        self.say("first")
        p = self.path
        # A flat disc that always faces the camera: cheaper than a sphere and
        # always drawn over the faces.
        self.ball = Dot(self._surface_point(p["w"][0], p["loss"][0]), radius=0.1,
                        color=style.FG, stroke_color=style.BG, stroke_width=2)
        self.add_fixed_orientation_mobjects(self.ball)
        self.trail = VMobject(stroke_color=style.ORANGE, stroke_width=3)
        self.trail.set_points_as_corners(self._trail(0))
        self.hud = self._hud(0)
        rule = VGroup(
            label(TEXT["arrow_rule"], style.SMALL_SIZE, style.ORANGE),
            label(TEXT.format("learning_rate", lr=fmt(self.lr, 1)), style.SMALL_SIZE,
                  style.ORANGE),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.1)
        rule.next_to(self.hud, DOWN, aligned_edge=LEFT, buff=0.3)
        self.rule = rule
        self.add_fixed_in_frame_mobjects(self.hud, rule)
        self.shows("start_w1", float(p["w"][0, 0]))
        self.shows("start_w2", float(p["w"][0, 1]))
        self.shows("start_loss", float(p["loss"][0]))
        self.shows("lr", self.lr)
        self.play(FadeIn(self.ball), FadeIn(self.hud), FadeOut(self.riser), run_time=0.8)
        self.add(self.trail)
        self.arrow = self._make_arrow(0)
        self.wait_until("arrow")
        self.play(GrowArrow(self.arrow), FadeIn(rule[0]), run_time=0.8)
        self.wait_until("lr")
        self.play(FadeIn(rule[1]), run_time=0.6)
        self.wait_until("slope")  # the slope under the ball: the gradient's size
        self.play(self._flash(self.hud[3], style.ORANGE), run_time=1.0)
        self.wait_until("step")
        for k in range(1, min(self.slow_steps, self.k_last) + 1):
            self._step_to(k, run_time=1.0)
            self.arrow = self._make_arrow(k)
            self.play(GrowArrow(self.arrow), run_time=0.5)
        self.shown_steps = min(self.slow_steps, self.k_last)

    def _flash(self, mob: Mobject, color: str) -> Animation:
        """A line once round ``mob``, a line of the numbers pinned to the frame."""
        box = SurroundingRectangle(mob, color=color, buff=0.08, stroke_width=2.5)
        self.add_fixed_in_frame_mobjects(box)
        return ShowPassingFlash(box, time_width=0.6)

    def _trail(self, k: int, head: np.ndarray | None = None) -> np.ndarray:
        p = self.path
        pts = self._surface_point(p["w"][: k + 1], p["loss"][: k + 1])
        if head is not None:
            pts = np.vstack([pts, head[None]])
        return pts if len(pts) > 1 else pts.repeat(2, axis=0)

    def _step_to(self, k: int, run_time: float) -> None:
        p = self.path
        new_trail = VMobject(stroke_color=style.ORANGE, stroke_width=3)
        new_trail.set_points_as_corners(self._trail(k))
        self.play(
            self.ball.animate.move_to(self._surface_point(p["w"][k], p["loss"][k])),
            Transform(self.trail, new_trail),
            FadeOut(self.arrow),
            run_time=run_time,
        )
        self._set_hud(k)
        self.shows("hud_step", k)
        self.shows("hud_loss", float(p["loss"][k]))

    def descend(self) -> None:
        self.say("descend")
        p = self.path
        start = self.shown_steps
        if start >= self.k_last:
            return
        t = ValueTracker(start)
        state = {"k": start}

        def follow(ball):
            x = t.get_value()
            k0 = min(int(np.floor(x)), self.k_last - 1)
            f = x - k0
            # Between two recorded steps the ball moves on the chord (animation only).
            w = (1 - f) * p["w"][k0] + f * p["w"][k0 + 1]
            loss = (1 - f) * p["loss"][k0] + f * p["loss"][k0 + 1]
            head = self._surface_point(w, loss)
            ball.move_to(head)
            self.trail.set_points_as_corners(self._trail(k0, head))
            k = int(round(x)) if abs(x - round(x)) < 1e-9 else k0
            if k != state["k"]:
                state["k"] = k
                self._set_hud(k)
                self.arrow.become(self._make_arrow(k))

        # On the ball, the first moving mobject: everything added after it
        # (trail, arrow, numbers) is redrawn each frame, the surface is not.
        self.ball.add_updater(follow)
        sweep(self, t, self.k_last, 0.3 * (self.k_last - start),
              [("shrink", lambda: [self._flash(self.hud[3], style.ORANGE)])])
        follow(self.ball)
        self.ball.clear_updaters()
        self._set_hud(self.k_last)
        self.arrow.become(self._make_arrow(self.k_last))
        self.shows("path_loss", p["loss"][: self.k_last + 1].copy())

    def minimum(self) -> None:
        self.say("minimum")
        p = self.path
        k = self.k_last
        w, loss = p["w"][k], float(p["loss"][k])
        g1, g2, g_loss = (float(v) for v in self.surf["argmin"])
        self.shows("final_step", k)
        self.shows("final_w1", float(w[0]))
        self.shows("final_w2", float(w[1]))
        self.shows("final_loss", loss)
        self.shows("grid_min_w1", g1)
        self.shows("grid_min_w2", g2)
        self.shows("grid_min_loss", g_loss)
        box = VGroup(
            label(TEXT.format("after_sgd", k=k), style.LABEL_SIZE),
            label(f"w₁ = {fmt(w[0])}   w₂ = {fmt(w[1])}", style.LABEL_SIZE),
            label(f"L = {fmt(loss)}", style.LABEL_SIZE, style.YELLOW),
            label(TEXT["lowest"], style.SMALL_SIZE, style.MUTED),
            label(f"w₁ = {fmt(g1, 2)}   w₂ = {fmt(g2, 2)}", style.SMALL_SIZE, style.MUTED),
            label(f"L = {fmt(g_loss)}", style.SMALL_SIZE, style.MUTED),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.15).move_to(self.HUD_AT, aligned_edge=UL)
        box[3:].shift(DOWN * 0.15)
        marker = Cross(scale_factor=0.09, stroke_color=style.FG, stroke_width=3)
        marker.move_to(self._surface_point(np.array([g1, g2]), g_loss))
        self.add_fixed_orientation_mobjects(marker)
        self.add_fixed_in_frame_mobjects(box)
        self.remove(marker, *box)  # pinned as they will be, shown when named
        self.play(FadeOut(self.arrow), FadeOut(self.rule), FadeOut(self.hud), FadeIn(box[:3]),
                  run_time=0.6)
        # More from above, centred on the path; zoomed so the whole surface stays in frame.
        centre = self._surface_point(p["w"][: k + 1].mean(axis=0), float(p["loss"][k]))
        self.move_camera(phi=45 * DEGREES, theta=-75 * DEGREES, zoom=0.72,
                         frame_center=centre, run_time=2.0)
        self.wait_until("weights")
        self.play(self._flash(box[1:3], style.YELLOW), run_time=1.0)
        self.wait_until("lowest")
        self.play(FadeIn(marker), FadeIn(box[3:]), run_time=0.8)
        self.play(Indicate(marker, scale_factor=1.8), run_time=0.8)
        self.wait_until("never")  # it saw only the ground along its own path
        walked = self.trail.copy().set_stroke(style.YELLOW, 6)
        self.play(ShowPassingFlash(walked, time_width=0.4), run_time=1.5)


# --- 2-D: the walk in the fog -------------------------------------------------------


def _surface_scale(surf: dict) -> tuple[float, float]:
    return float(surf["loss"].min()), float(surf["loss"].max())


def _arrow_2d(a: np.ndarray, b: np.ndarray, color: str) -> Arrow:
    if np.linalg.norm(b - a) < 1e-3:
        b = a + RIGHT * 1e-3
    return Arrow(a, b, buff=0, color=color, stroke_width=5,
                 max_tip_length_to_length_ratio=0.35, max_stroke_width_to_length_ratio=20)


class GradientDescentFog(LectureScene):
    """The SGD walk seen from above, the map hidden except where the walker has stood."""

    title = "Gradient descent only sees the ground under its feet"
    TEXT = TEXT
    steps: int | None = None  # recorded steps to show (None: all)
    slow_steps = 3
    RADIUS = 0.3  # how far around each visited point the map is revealed (weight units)
    FOG = "#262a33"
    TEXT_X = 1.75  # left edge of the numbers and notes

    def construct(self) -> None:
        self.load()
        self.fog()
        self.first_steps()
        self.walk()
        self.lift_fog()
        self.hold(at_least=0)  # the last beat lasts as long as its narration

    def load(self) -> None:
        self.surf = art.neuron_surface()
        self.cont = art.neuron_contours()
        self.path = art.neuron_path()
        self.lr = art.GD_RUN.lr
        n = len(self.path["loss"]) - 1
        self.k_last = n if self.steps is None else min(self.steps, n)
        s = self.surf
        self.panel = MapPanel((s["w1"][0], s["w2"][0]), (s["w1"][-1], s["w2"][-1]),
                              (-3.3, -0.45), 5.6)
        lo, hi = _surface_scale(s)
        self.scale = (lo, hi)
        self.t = log01(s["loss"], lo, hi)
        W1, W2 = np.meshgrid(s["w1"], s["w2"], indexing="ij")
        self.cell_w = np.stack([W1, W2], -1)  # (n, n, 2) weights at cell centres

    def _mask(self, k: int) -> np.ndarray:
        """Cells within RADIUS of any point visited up to step k."""
        seen = self.path["w"][: k + 1]
        d = np.linalg.norm(self.cell_w[:, :, None, :] - seen[None, None], axis=-1)
        return (d <= self.RADIUS).any(axis=-1)

    def _cells(self, mask=None, group=None) -> VGroup:
        s = self.surf
        return self.panel.cells(self.t, s["w1"], s["w2"], mask, group)

    def _hud_texts(self, k: int) -> list[str]:
        p = self.path
        seen = float(self._mask(k).mean())
        grad = float(np.linalg.norm(p["grad"][k]))
        self.shows("hud_step", k)
        self.shows("hud_loss", float(p["loss"][k]))
        self.shows("hud_seen", seen)
        return [TEXT.format("step", k=k), f"L = {fmt(p['loss'][k])}", f"|∇L| = {fmt(grad)}",
                TEXT.format("map_seen", pct=100 * seen)]

    def _hud(self, k: int) -> VGroup:
        g = live_lines(self._hud_texts(k), style.LABEL_SIZE,
                       (style.FG, style.YELLOW, style.ORANGE, style.MUTED))
        g.arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        return g.move_to(np.array([self.TEXT_X, 2.2, 0]), aligned_edge=UL)

    def _point(self, k: int) -> np.ndarray:
        return self.panel.to_scene(self.path["w"][k])

    def _arrow(self, k: int) -> Arrow:
        w = self.path["w"][k]
        return _arrow_2d(self.panel.to_scene(w),
                         self.panel.to_scene(w - self.lr * self.path["grad"][k]), style.ORANGE)

    def fog(self) -> None:
        self.say("fog")
        title = label(TEXT["title.GradientDescentFog"], 30).to_corner(UL, buff=0.3)
        fog = Square(self.panel.size, stroke_width=0, fill_color=self.FOG, fill_opacity=1)
        fog.move_to(self.panel.centre)
        half = self.panel.size / 2
        fog_label = label(TEXT["unexplored"], style.SMALL_SIZE, style.GRID).move_to(
            self.panel.centre + UP * (half - 0.3) + RIGHT * (half - 0.9))
        lo, hi = self.scale
        bar = colour_bar(lo, hi, _nice_ticks(lo, hi), self.panel.size * 0.8, (0.55, -0.45, 0))
        ticks = ([-2, 0, 2, 4], [-2, 0, 2, 4])
        self.fog_label = fog_label
        ground = VGroup(fog, self.panel.frame(), self.panel.axes(ticks=ticks), bar)
        self.map = self._cells(self._mask(0))
        self.walker = Dot(self._point(0), radius=0.09, color=style.FG,
                          stroke_color=style.BG, stroke_width=2).set_z_index(3)
        self.trail = VMobject(stroke_color=style.FG, stroke_width=2.5).set_z_index(2)
        self.trail.set_points_as_corners(np.stack([self._point(0)] * 2))
        self.hud = self._hud(0)
        self.legend = legend = VGroup(
            label(TEXT["fog_colour"], style.SMALL_SIZE, style.MUTED),
            label(TEXT.format("fog_within", r=self.RADIUS), style.SMALL_SIZE, style.MUTED),
            label(TEXT.format("fog_arrow", lr=fmt(self.lr, 1)), style.SMALL_SIZE,
                  style.ORANGE),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.1).move_to(np.array([self.TEXT_X, -1.2, 0]),
                                                            aligned_edge=UL)
        self.shows("start_w1", float(self.path["w"][0, 0]))
        self.shows("start_w2", float(self.path["w"][0, 1]))
        # The fog first; then the walker at its start, the little it sees, and its numbers.
        self.play(FadeIn(title), FadeIn(ground), run_time=1.0)
        self.play(FadeIn(fog_label), run_time=0.6)
        self.wait_until("start")
        self.play(FadeIn(self.map), FadeIn(self.walker), FadeIn(self.hud[0]), FadeIn(legend[:2]),
                  run_time=1.0)
        self.add(self.trail)
        self.wait_until("height")
        self.play(FadeIn(self.hud[1:]), run_time=0.8)

    def _reveal(self, k: int) -> None:
        self._cells(self._mask(k), group=self.map)
        set_texts(self.hud, self._hud_texts(k))

    def first_steps(self) -> None:
        self.say("feel")
        for k in range(min(self.slow_steps, self.k_last)):
            arrow = self._arrow(k)
            first = k == 0
            # The first step on the words: the gradient measured, the step, the new ground.
            self.play(GrowArrow(arrow), *([FadeIn(self.legend[2])] if first else []),
                      run_time=0.6)
            if first:
                self.wait_until("step")
            self.play(self.walker.animate.move_to(self._point(k + 1)),
                      self.trail.animate.set_points_as_corners(
                          self.panel.to_scene(self.path["w"][: k + 2])),
                      FadeOut(arrow), run_time=0.8)
            if first:
                self.wait_until("sees")
            self._reveal(k + 1)
            self.play(Indicate(self.hud[3], scale_factor=1.1), run_time=0.6 if first else 0.4)
        self.shown = min(self.slow_steps, self.k_last)

    def walk(self) -> None:
        self.say("walk")
        if self.shown >= self.k_last:
            return
        p = self.path
        t = ValueTracker(self.shown)
        state = {"k": self.shown}
        self.arrow = self._arrow(self.shown)
        self.add(self.arrow.set_z_index(2))

        def follow(_m):
            x = t.get_value()
            k0 = min(int(np.floor(x)), self.k_last - 1)
            f = x - k0
            w = (1 - f) * p["w"][k0] + f * p["w"][k0 + 1]
            head = self.panel.to_scene(w)
            self.walker.move_to(head)
            self.trail.set_points_as_corners(
                np.vstack([self.panel.to_scene(p["w"][: k0 + 1]), head[None]]))
            k = int(round(x)) if abs(x - round(x)) < 1e-9 else k0
            if k != state["k"]:
                state["k"] = k
                self._reveal(k)
                self.arrow.become(self._arrow(k).set_z_index(2))

        # The updater sits on the map, the first thing that changes: the fog square
        # and axes under it stay in the static background.
        self.map.add_updater(follow)
        flat = Circumscribe(self.hud[2], color=style.ORANGE, buff=0.06, stroke_width=2.5)
        sweep(self, t, self.k_last, 0.35 * (self.k_last - self.shown),
              [("flat", lambda: [flat]),
               ("fog", lambda: [Indicate(self.fog_label, scale_factor=1.3, color=style.FG)])])
        follow(self.map)
        self.map.clear_updaters()
        self._reveal(self.k_last)
        self.arrow.become(self._arrow(self.k_last).set_z_index(2))

    def lift_fog(self) -> None:
        self.say("lift")
        p = self.path
        k = self.k_last
        g1, g2, g_loss = (float(v) for v in self.surf["argmin"])
        full = self._cells().set_z_index(1)
        lines = self.panel.contours(self.cont["segments"], style.FG, 1.0, 0.45).set_z_index(1)
        marker = Cross(scale_factor=0.1, stroke_color=style.FG, stroke_width=3).move_to(
            self.panel.to_scene(np.array([g1, g2]))).set_z_index(3)
        self.shows("final_step", k)
        self.shows("final_w1", float(p["w"][k, 0]))
        self.shows("final_w2", float(p["w"][k, 1]))
        self.shows("final_loss", float(p["loss"][k]))
        self.shows("grid_min_loss", g_loss)
        box = VGroup(
            label(TEXT.format("walker_after", k=k), style.SMALL_SIZE),
            label(f"w₁ = {fmt(p['w'][k, 0])}   w₂ = {fmt(p['w'][k, 1])}", style.SMALL_SIZE),
            label(f"L = {fmt(p['loss'][k])}", style.SMALL_SIZE, style.YELLOW),
            label(TEXT.format("lowest_loss", loss=fmt(g_loss)), style.SMALL_SIZE, style.MUTED),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.12).move_to(np.array([self.TEXT_X, -1.2, 0]),
                                                             aligned_edge=UL)
        self.play(FadeIn(full), FadeIn(lines), FadeOut(self.arrow), FadeOut(self.legend),
                  run_time=1.5)
        self.wait_until("valley")
        self.play(FadeIn(box[:3]), Indicate(self.walker, scale_factor=1.6), run_time=0.8)
        self.wait_until("lowest")
        self.play(FadeIn(marker), FadeIn(box[3]), run_time=0.6)
        self.play(Indicate(marker, scale_factor=1.8), run_time=0.8)


# --- 2-D: three optimizers race -----------------------------------------------------

# Name key, colour and head marker per optimizer: names and shapes, not colour alone.
RACERS = {
    "sgd": ("racer_sgd", style.ORANGE, "circle"),
    "momentum": ("racer_momentum", style.SKY, "square"),
    "adam": ("racer_adam", style.PURPLE, "triangle"),
}
RULES = {
    "sgd": "w ← w − α∇L",
    "momentum": "z ← βz + ∇L,  w ← w − αz",
    "adam": "w ← w − α m̂ / (√v̂ + ε)",
}


def _marker(shape: str, color: str, size: float = 0.2) -> VMobject:
    kw = {"fill_color": color, "fill_opacity": 1, "stroke_color": style.BG, "stroke_width": 2}
    if shape == "circle":
        return Circle(radius=size / 2, **kw)
    if shape == "square":
        return Square(side_length=size * 0.9, **kw)
    return Triangle(**kw).scale_to_fit_height(size)


class OptimizerRace(LectureScene):
    """SGD, momentum and Adam from one start on the neuron's real loss surface."""

    title = "SGD, momentum and Adam on the same surface"
    TEXT = TEXT
    steps: int | None = None  # recorded steps to show (None: all)
    SECONDS = 12.0  # duration of the race
    LOSS_X = 3.9  # left edge of the live loss values
    LABEL_SIDES = (RIGHT, UL, DR)  # where each optimizer's name goes at the end
    # Gap between legend rows, which must stay clear of the chart: rows in a script
    # written without spaces (Chinese) are set in a taller CJK font, so closer together.
    ROW_GAP, ROW_GAP_UNSPACED = 0.22, 0.15

    def construct(self) -> None:
        self.load()
        self.start_line()
        self.race()
        self.finish()
        self.hold(at_least=0)  # the last beat lasts as long as its narration

    def load(self) -> None:
        self.surf = art.neuron_surface()
        self.cont = art.neuron_contours()
        self.runs = art.RACE
        self.paths = [art.neuron_path(r) for r in self.runs]
        n = min(len(p["loss"]) for p in self.paths) - 1
        self.k_last = n if self.steps is None else min(self.steps, n)
        s = self.surf
        self.panel = MapPanel((s["w1"][0], s["w2"][0]), (s["w1"][-1], s["w2"][-1]),
                              (-3.0, -0.3), 5.8)

    def _hyper(self, run) -> str:
        if run.optimizer == "momentum":
            return f"α = {fmt(run.lr, 1)},  β = {fmt(run.momentum, 1)}"
        return f"α = {fmt(run.lr, 1)}"

    def _loss_text(self, i: int, k: int) -> str:
        loss = float(self.paths[i]["loss"][k])
        self.shows(f"{self.runs[i].optimizer}_loss", loss)
        return f"L = {fmt(loss)}"

    def start_line(self) -> None:
        self.say("start")
        s = self.surf
        lo, hi = _surface_scale(s)
        cells = self.panel.cells(log01(s["loss"], lo, hi), s["w1"], s["w2"])
        for m in cells:
            m.set_fill(opacity=0.45)
        lines = self.panel.contours(self.cont["segments"], style.FG, 1.0, 0.35)
        g1, g2, _ = (float(v) for v in s["argmin"])
        marker = Cross(scale_factor=0.1, stroke_color=style.FG, stroke_width=3).move_to(
            self.panel.to_scene(np.array([g1, g2])))
        title = label(TEXT["title.OptimizerRace"], 30).to_corner(UL, buff=0.3)
        note = label(TEXT["race_note"],
                     style.SMALL_SIZE, style.MUTED).next_to(title, DOWN, aligned_edge=LEFT)
        plane = VGroup(self.panel.frame(), self.panel.axes(ticks=([-2, 0, 2, 4], [-2, 0, 2, 4])))
        self.ground = ground = VGroup(cells, lines, marker)
        start = self.paths[0]["w"][0]
        self.shows("start_w1", float(start[0]))
        self.shows("start_w2", float(start[1]))
        self.counter = LiveText(TEXT.format("step_of", k=0, n=self.k_last), style.LABEL_SIZE)
        self.counter.move_to(np.array([0.9, 2.6, 0]), aligned_edge=UL)
        rows = VGroup()
        self.losses = []
        for i, run in enumerate(self.runs):
            name, color, shape = RACERS[run.optimizer]
            head = VGroup(_marker(shape, color), label(TEXT[name], style.LABEL_SIZE, color))
            head.arrange(RIGHT, buff=0.15)
            loss = LiveText(self._loss_text(i, 0), style.LABEL_SIZE, style.YELLOW)
            detail = VGroup(label(self._hyper(run), style.SMALL_SIZE, style.MUTED),
                            label(RULES[run.optimizer], style.SMALL_SIZE, style.MUTED))
            detail.arrange(DOWN, aligned_edge=LEFT, buff=0.08)
            row = VGroup(head, detail).arrange(DOWN, aligned_edge=LEFT, buff=0.1)
            self.losses.append(loss)
            rows.add(row)
        gap = self.ROW_GAP if i18n.row().spaces else self.ROW_GAP_UNSPACED
        rows.arrange(DOWN, aligned_edge=LEFT, buff=gap)
        rows.move_to(np.array([0.9, 2.05, 0]), aligned_edge=UL)
        for row, loss in zip(rows, self.losses, strict=True):
            loss.move_to(np.array([self.LOSS_X, row[0].get_y(), 0]), aligned_edge=LEFT)
            row.add(loss)
        self.legend = rows
        self.chart_axes = self._chart_axes()
        self.curves = [VMobject(stroke_color=RACERS[r.optimizer][1], stroke_width=2.5)
                       for r in self.runs]
        for c, p in zip(self.curves, self.paths, strict=True):
            c.set_points_as_corners(np.stack([self._chart_point(0, p["loss"][0])] * 2))
        self.heads, self.trails = [], []
        for run, p in zip(self.runs, self.paths, strict=True):
            _, color, shape = RACERS[run.optimizer]
            trail = VMobject(stroke_color=color, stroke_width=3)
            trail.set_points_as_corners(np.stack([self.panel.to_scene(p["w"][0])] * 2))
            head = _marker(shape, color, 0.22).move_to(self.panel.to_scene(p["w"][0]))
            self.trails.append(trail)
            self.heads.append(head)
        # The surface, then the three at one start; each named, its row and rule read.
        # The weight plane and the three at one start; then the loss over it.
        self.play(FadeIn(title), FadeIn(plane), run_time=0.8)
        self.play(FadeIn(self.counter), *map(FadeIn, self.heads), run_time=0.8)
        self.wait_until("surface")
        self.add(ground)
        self.bring_to_back(ground)  # under the frame and the racers, as it stays
        self.play(FadeIn(note), FadeIn(ground), run_time=1.0)
        for i, mark in enumerate(("sgd", "momentum")):
            self.wait_until(mark)
            self.play(FadeIn(rows[i]), Indicate(self.heads[i], scale_factor=1.6), run_time=0.8)
        self.wait_until("sum")
        self.play(Indicate(rows[1][1][1], scale_factor=1.2, color=style.SKY), run_time=1.5)
        self.wait_until("adam")
        self.play(FadeIn(rows[2]), Indicate(self.heads[2], scale_factor=1.6), run_time=0.8)
        self.wait_until("history")
        self.play(Indicate(rows[2][1][1], scale_factor=1.2, color=style.PURPLE), run_time=1.5)
        self.add(rows)  # the legend as one, so its updater runs in the race
        self.add(*self.curves, *self.trails, *self.heads)

    def race(self) -> None:
        self.say("race")
        t = ValueTracker(0)
        state = {"k": 0}

        def follow(_m):
            x = t.get_value()
            k0 = min(int(np.floor(x)), self.k_last - 1)
            f = x - k0
            for trail, head, curve, p in zip(self.trails, self.heads, self.curves, self.paths,
                                             strict=True):
                w = (1 - f) * p["w"][k0] + f * p["w"][k0 + 1]
                pt = self.panel.to_scene(w)
                head.move_to(pt)
                trail.set_points_as_corners(
                    np.vstack([self.panel.to_scene(p["w"][: k0 + 1]), pt[None]]))
                steps = np.arange(k0 + 1)
                loss = (1 - f) * p["loss"][k0] + f * p["loss"][k0 + 1]
                curve.set_points_as_corners(np.vstack(
                    [self._chart_point(steps, p["loss"][: k0 + 1]),
                     self._chart_point(np.array([x]), np.array([loss]))]))
            k = int(round(x)) if abs(x - round(x)) < 1e-9 else k0
            if k != state["k"]:
                state["k"] = k
                self._set_step(k)

        # The loss chart first: its curves are drawn as the racers run.
        self.play(FadeIn(self.chart_axes), run_time=0.8)
        # On the legend, the first thing that changes: legend, counter, heads and
        # trails are redrawn each frame, the map under them is not.
        self.legend.add_updater(follow)

        def named(i: int):
            # The racer the voice names: its head on the map and its name in the legend.
            return lambda: [Indicate(self.heads[i], scale_factor=1.6),
                            Indicate(self.legend[i][0], scale_factor=1.15)]

        sweep(self, t, self.k_last, self.SECONDS,
              [("sgd", named(0)), ("momentum", named(1)), ("adam", named(2))])
        follow(None)  # every head where the last step put it, whatever played last
        self.legend.clear_updaters()
        self._set_step(self.k_last)

    CHART = (1.45, -3.3, 6.6, -1.35)  # left, bottom, right, top of the loss chart

    def _chart_range(self) -> tuple[float, float]:
        lows = [float(p["loss"][: self.k_last + 1].min()) for p in self.paths]
        highs = [float(p["loss"][: self.k_last + 1].max()) for p in self.paths]
        low = min([*lows, float(self.surf["argmin"][2])])
        high = max(highs)
        pad = 0.05 * (high - low)
        return low - pad, high + pad

    def _chart_point(self, step, loss) -> np.ndarray:
        x0, y0, x1, y1 = self.CHART
        lo, hi = self._chart_range()
        step, loss = np.atleast_1d(step).astype(float), np.atleast_1d(loss).astype(float)
        x = x0 + step / self.k_last * (x1 - x0)
        y = y0 + (loss - lo) / (hi - lo) * (y1 - y0)
        return np.stack([x, y, np.zeros_like(x)], axis=-1)

    def _chart_axes(self) -> VGroup:
        """Loss against step: axes, ticks and the lowest grid loss as a dashed line."""
        x0, y0, x1, y1 = self.CHART
        lo, hi = self._chart_range()
        g = VGroup(Line([x0, y0, 0], [x1, y0, 0], stroke_color=style.MUTED, stroke_width=1.5),
                   Line([x0, y0, 0], [x0, y1, 0], stroke_color=style.MUTED, stroke_width=1.5))
        for v in _linear_ticks(lo, hi):
            p = self._chart_point(0, v)[0]
            g.add(label(fmt(v, 2), style.SMALL_SIZE, style.MUTED).next_to(p, LEFT, buff=0.1))
        for k in (0, self.k_last):
            p = self._chart_point(k, lo)[0]
            g.add(label(str(k), style.SMALL_SIZE, style.MUTED).next_to(p, DOWN, buff=0.08))
        g.add(label(TEXT["loss"], style.SMALL_SIZE, style.FG).next_to(
            np.array([x0, y1, 0]), UP, buff=0.08))
        g.add(label(TEXT["chart_step"], style.SMALL_SIZE, style.FG).next_to(
            self._chart_point(self.k_last / 2, lo)[0], DOWN, buff=0.08))
        low = float(self.surf["argmin"][2])
        a, b = self._chart_point(np.array([0, self.k_last]), np.array([low, low]))
        g.add(DashedLine(a, b, stroke_color=style.FG, stroke_width=1.2, stroke_opacity=0.6))
        # Top right: by then every curve has come down.
        g.add(label(TEXT.format("dashed", low=fmt(low)), style.SMALL_SIZE, style.MUTED)
              .move_to(np.array([x1, y1, 0]), aligned_edge=UR))
        self.shows("grid_min_loss", low)
        return g

    def _set_step(self, k: int) -> None:
        self.counter.set_text(TEXT.format("step_of", k=k, n=self.k_last))
        self.shows("step", k)
        set_texts(self.losses, [self._loss_text(i, k) for i in range(len(self.losses))])

    def finish(self) -> None:
        self.say("finish")
        labels = []
        for i, (run, p) in enumerate(zip(self.runs, self.paths, strict=True)):
            name, color, _ = RACERS[run.optimizer]
            w = p["w"][self.k_last]
            self.shows(f"{run.optimizer}_final_w1", float(w[0]))
            self.shows(f"{run.optimizer}_final_w2", float(w[1]))
            self.shows(f"{run.optimizer}_final_loss", float(p["loss"][self.k_last]))
            lab = label(TEXT[name], style.SMALL_SIZE, color)
            lab.add_background_rectangle(color=style.BG, opacity=0.6, buff=0.04)
            # Heads can end on top of each other: each label gets its own side.
            lab.next_to(self.heads[i], self.LABEL_SIDES[i], buff=0.15)
            labels.append(lab)
        self.play(ShowPassingFlash(self.panel.frame().set_stroke(style.FG, 4), time_width=0.5),
                  run_time=0.6)  # the same surface: its map
        self.wait_until("start")
        start = self.panel.to_scene(self.paths[0]["w"][0])
        self.play(Flash(start, color=style.FG, line_length=0.2, flash_radius=0.25), run_time=0.6)
        self.wait_until("steps")
        self.play(Indicate(self.counter), run_time=1.0)
        self.wait_until("far")
        self.play(*map(FadeIn, labels), *[Indicate(x, scale_factor=1.15) for x in self.losses],
                  run_time=1.0)
        self.wait_until("rule")
        self.play(*[Indicate(row[1], scale_factor=1.08) for row in self.legend], run_time=1.2)
        self.wait_until("landscape")
        edge = self.panel.frame().set_stroke(style.FG, 4)
        self.play(ShowPassingFlash(edge, time_width=0.5), run_time=1.2)


# --- 2-D: a slice through a trained MLP ---------------------------------------------


class LossLandscapeSlice(LectureScene):
    """Li et al.'s filter-normalised slice of a trained spiral MLP, and its PCA path."""

    title = "The loss landscape of a trained network"
    TEXT = TEXT
    SIZE = 4.0
    LEFT_AT = (-4.25, -0.45)
    RIGHT_AT = (1.25, -0.45)
    HEAD_WIDTH = 5.3  # a map's heading, in any language: clear of the other map's
    BAR_AT = (4.3, -0.45, 0)
    SECONDS = 8.0

    def construct(self) -> None:
        self.load()
        self.random_slice()
        self.training_path()
        self.summary()
        self.hold(at_least=0)  # the last beat lasts as long as its narration

    def load(self) -> None:
        self.sl = art.landscape_slice()
        self.pp = art.landscape_path()
        # One log colour scale for both panels, so equal colours mean equal loss.
        self.lo = float(min(self.sl["loss"].min(), self.pp["loss"].min()))
        self.hi = float(max(self.sl["loss"].max(), self.pp["loss"].max()))
        self.n_params = sum(
            (a + 1) * b for a, b in zip((2, *art.SPIRAL_HIDDEN), (*art.SPIRAL_HIDDEN, 1),
                                         strict=True))

    def _map(self, panel: MapPanel, loss, u, v, segs) -> VGroup:
        cells = panel.cells(log01(loss, self.lo, self.hi), u, v)
        return VGroup(cells, panel.contours(segs, style.FG, 0.9, 0.4), panel.frame())

    def random_slice(self) -> None:
        self.say("slice")
        sl = self.sl
        title = label(TEXT["title.LossLandscapeSlice"], 30).to_corner(UL, buff=0.3)
        hidden = ", ".join(str(h) for h in art.SPIRAL_HIDDEN)
        sub = label(
            TEXT.format("slice_sub", hidden=hidden.replace(", ", "-"), n=self.n_params,
                        epochs=art.SPIRAL_TRAIN.epochs, optimizer=art.SPIRAL_TRAIN.optimizer),
            style.SMALL_SIZE, style.MUTED).next_to(title, DOWN, aligned_edge=LEFT)
        self.shows("n_params", self.n_params)
        p = MapPanel((sl["alpha"][0], sl["beta"][0]), (sl["alpha"][-1], sl["beta"][-1]),
                     self.LEFT_AT, self.SIZE)
        m = self._map(p, sl["loss"], sl["alpha"], sl["beta"], sl["segments"])
        axes = p.axes(names=("α", "β"), ticks=([-1, 0, 1], [-1, 0, 1]))
        head = at_most(label(TEXT["slice_head"], style.LABEL_SIZE), self.HEAD_WIDTH).next_to(
            p.frame(), UP, buff=0.45)
        centre = Dot(p.to_scene(np.zeros(2)), radius=0.07, color=style.FG,
                     stroke_color=style.BG, stroke_width=2)
        trained = float(sl["trained_loss"])
        self.shows("trained_loss", trained)
        self.shows("trained_accuracy", float(sl["train_accuracy"]))
        lab = label(f"θ*: L = {fmt(trained)}", style.SMALL_SIZE).next_to(centre, DOWN, buff=0.1)
        lab.add_background_rectangle(color=style.BG, opacity=0.6, buff=0.04)
        bar = colour_bar(self.lo, self.hi, _nice_ticks(self.lo, self.hi), self.SIZE * 0.85,
                         self.BAR_AT)
        self.centre, self.centre_label = centre, lab
        self.play(FadeIn(title), run_time=0.6)
        self.play(Write(sub), run_time=1.6)  # 2-8-8-1, 105 weights: more than a hundred
        self.wait_until("dims")
        self.play(Circumscribe(sub, color=style.YELLOW, buff=0.06, stroke_width=2), run_time=1.2)
        self.wait_until("slice")
        self.play(FadeIn(m), FadeIn(head), FadeIn(bar), run_time=1.2)
        # Two directions around the trained weights: α and β drawn from θ*, their axes.
        at = p.to_scene(np.zeros(2))
        dirs = VGroup(*[Arrow(at, p.to_scene(np.array(d, float)), buff=0, color=style.FG,
                              stroke_width=4, max_tip_length_to_length_ratio=0.15)
                        for d in ((1, 0), (0, 1))])
        self.wait_until("dirs")
        self.play(FadeIn(centre), *map(GrowArrow, dirs), FadeIn(axes), run_time=1.0)
        self.play(FadeIn(lab), run_time=0.5)
        self.wait_until("filter")
        self.play(Indicate(head, scale_factor=1.1), FadeOut(dirs), run_time=1.0)

    def training_path(self) -> None:
        self.say("path")
        pp = self.pp
        p = MapPanel((pp["u"][0], pp["v"][0]), (pp["u"][-1], pp["v"][-1]), self.RIGHT_AT,
                     self.SIZE)
        m = self._map(p, pp["loss"], pp["u"], pp["v"], pp["segments"])
        ex = pp["explained"]
        self.shows("explained", ex.copy())
        pcs = label(TEXT.format("variance", pc1=100 * ex[0], pc2=100 * ex[1]),
                    style.SMALL_SIZE, style.MUTED).next_to(p.frame(), UP, buff=0.12)
        head = at_most(label(TEXT["pca_head"], style.LABEL_SIZE), self.HEAD_WIDTH).next_to(
            pcs, UP, buff=0.1)
        names = p.axes(names=("PC1", "PC2"), ticks=(_linear_ticks(pp["u"][0], pp["u"][-1]),
                                                     _linear_ticks(pp["v"][0], pp["v"][-1])))
        self.play(Create(m[2]), FadeIn(head), run_time=1.2)  # the plane: its frame
        # The two principal directions across the plane; the final weights at their origin.
        origin = p.to_scene(np.zeros(2))
        half = self.SIZE / 2
        lines = VGroup(*[DashedLine(origin - d * half + (p.centre - origin) * abs(d),
                                    origin + d * half + (p.centre - origin) * abs(d),
                                    stroke_color=style.FG, stroke_width=1.5)
                         for d in (RIGHT, UP)])
        self.wait_until("pcs")
        self.play(Create(lines), Write(names), FadeIn(pcs), run_time=1.2)
        self.wait_until("final")
        self.play(Flash(origin, color=style.FG, line_length=0.2, flash_radius=0.25), run_time=0.8)
        self.wait_until("compute")
        cells = VGroup(*m[:2])
        self.add(cells, m[2])  # the map under its frame
        self.play(FadeIn(cells), FadeOut(lines), run_time=1.2)
        pts = p.to_scene(pp["coords"])
        epochs, loss = pp["epochs"], pp["path_loss"]
        trail = VMobject(stroke_color=style.FG, stroke_width=3)
        trail.set_points_as_corners(np.stack([pts[0]] * 2))
        dots = VGroup(*[Dot(q, radius=0.035, color=style.FG) for q in pts])
        ball = Dot(pts[0], radius=0.08, color=style.ORANGE, stroke_color=style.BG,
                   stroke_width=2)
        self.hud = live_lines(self._hud_texts(0), style.SMALL_SIZE, (style.FG, style.YELLOW))
        self._layout_hud()
        self.add(trail)
        self.wait_until("draw")
        self.play(FadeIn(ball), FadeIn(self.hud), FadeIn(dots[0]), run_time=0.6)
        self.ball, self.path_start = ball, dots[0]
        t = ValueTracker(0)
        state = {"k": 0}
        n = len(pts) - 1

        def follow(_m):
            x = t.get_value()
            k0 = min(int(np.floor(x)), n - 1)
            f = x - k0
            head_pt = (1 - f) * pts[k0] + f * pts[k0 + 1]
            ball.move_to(head_pt)
            trail.set_points_as_corners(np.vstack([pts[: k0 + 1], head_pt[None]]))
            k = int(round(x)) if abs(x - round(x)) < 1e-9 else k0
            if k != state["k"]:
                state["k"] = k
                self._set_hud(k)
                for d in dots[: k + 1]:
                    d.set_opacity(1)

        for d in dots[1:]:
            d.set_opacity(0)
        self.add(dots)
        trail.add_updater(follow)
        self.play(t.animate.set_value(n), run_time=self.SECONDS, rate_func=linear)
        trail.clear_updaters()
        self._set_hud(n)
        for d in dots:
            d.set_opacity(1)
        self.shows("path_epochs", epochs.copy())
        self.shows("path_loss", loss.copy())

    def _hud_texts(self, k: int) -> list[str]:
        pp = self.pp
        epoch, loss = int(pp["epochs"][k]), float(pp["path_loss"][k])
        self.shows("epoch", epoch)
        self.shows("epoch_loss", loss)
        return [TEXT.format("epoch", epoch=epoch), f"L = {fmt(loss)}"]

    def _layout_hud(self) -> None:
        self.hud.arrange(RIGHT, buff=0.3)
        self.hud.move_to(np.array([*self.RIGHT_AT, 0]) + DOWN * (self.SIZE / 2 + 1.1))

    def _set_hud(self, k: int) -> None:
        set_texts(self.hud, self._hud_texts(k), relayout=self._layout_hud)

    def summary(self) -> None:
        self.say("summary")
        pp = self.pp
        first, last = int(pp["epochs"][0]), int(pp["epochs"][-1])
        l0, l1 = float(pp["path_loss"][0]), float(pp["path_loss"][-1])
        self.shows("start_epoch_loss", l0)
        self.shows("end_epoch_loss", l1)
        text = TEXT.format("summary_line", first=first, l0=fmt(l0), last=last, l1=fmt(l1))
        line = label(text, style.SMALL_SIZE).move_to(self.hud)
        # Its glyphs up to the arrow: where training started (a Text has no glyph for a space).
        cut = len("".join(text.split("→")[0].split()))
        same = label(TEXT["one_scale"], style.SMALL_SIZE, style.MUTED)
        # Centred under the left map, clear of the line and of the frame's edge.
        x = self.LEFT_AT[0]
        at_most(same, 2 * min(line.get_left()[0] - 0.3 - x, x + config.frame_width / 2 - 0.15))
        same.move_to(np.array([x, self.hud.get_y(), 0]))
        # Started high: the first epoch's dot; ended low: the ball, at θ*.
        self.play(FadeOut(self.hud), FadeIn(line[:cut]),
                  Indicate(self.path_start, scale_factor=3), run_time=1.0)
        self.wait_until("low")
        self.play(FadeIn(line[cut:]), Indicate(self.ball, scale_factor=1.8),
                  run_time=1.0)
        self.wait_until("same")  # the same point: the random slice's centre
        self.play(Indicate(self.centre, scale_factor=2.0), Indicate(self.ball, scale_factor=1.8),
                  FadeIn(same), run_time=1.0)
        self.wait_until("loss")
        self.play(Indicate(self.centre_label, scale_factor=1.2), run_time=1.0)
