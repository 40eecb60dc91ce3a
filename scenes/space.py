"""What a layer does to space, and why transforming helps to separate.

* :class:`SpaceTransformations`: a grid and a few points in the plane under the
  article's five transformations, each on its own — W scales, rotates, raises
  the dimension (2-D → 3-D, in a fixed oblique view) and lowers it (2-D → 1-D),
  b translates, σ bends — then one real layer σ(W x + b) composed of all three,
  with the W and b of a trained width-2 tanh network.
* :class:`SeparateOnALine`: on a line, two thresholds separate negative, zero
  and positive numbers; no threshold separates odd from even until x ↦ x mod 2;
  then Olah's A = [-1/3, 1/3] against B = [-1, -2/3] ∪ [2/3, 1], which a
  1 → 2 → 1 tanh network separates with its two hidden units.

Every coordinate on screen comes from ``engine.artefacts.space``; the scene only
interpolates between recorded states and projects 3-D points with a fixed view.

Render: ``manim render -ql scenes/space.py SpaceTransformations``.
"""

from __future__ import annotations

import numpy as np
from manim import *

from engine.artefacts.space import interval_networks, parity_line, sign_line, space_transformations
from scenes.common import style
from scenes.common.animations import light
from scenes.common.base import LectureScene
from scenes.common.i18n import Catalogue
from scenes.common.mobjects import LineBundle, PointCloud, line_in_box
from scenes.common.text import at_most, fmt, label, num, pct

__all__ = ["SpaceTransformations", "SeparateOnALine", "View", "oblique", "num", "TEXT"]

TEXT = Catalogue.of(__file__)

MARKERS = ("dot", "cross", "dot")  # per class: a shape beside the colour
BASIS_COLORS = (style.ORANGE, style.GREEN)


def tex_matrix(M: np.ndarray) -> str:
    M = np.atleast_2d(M)
    rows = r" \\ ".join(" & ".join(fmt(v) for v in row) for row in M)
    return r"\begin{bmatrix}" + rows + r"\end{bmatrix}"


def oblique(points: np.ndarray, phi: float, theta: float) -> np.ndarray:
    """Project 3-D points ``(..., 3)`` to 2-D: turn by ``theta`` about z, tilt by ``phi``.

    ``phi = theta = 0`` looks straight down (x right, y up); the view is fixed,
    no perspective, so a lifted plane reads as a tilted sheet.
    """
    p = np.asarray(points, dtype=np.float64)
    ct, st = np.cos(theta), np.sin(theta)
    x = ct * p[..., 0] - st * p[..., 1]
    y = st * p[..., 0] + ct * p[..., 1]
    cp, sp = np.cos(phi), np.sin(phi)
    return np.stack([x, cp * y + sp * p[..., 2]], axis=-1)


class View:
    """A square data box drawn in a square on screen; the box can change over time."""

    def __init__(self, center, size: float, lo, hi) -> None:
        self.center = np.asarray(center, dtype=np.float64)
        self.size = size
        self.set_box(lo, hi)

    def set_box(self, lo, hi) -> None:
        lo, hi = np.asarray(lo, dtype=np.float64), np.asarray(hi, dtype=np.float64)
        self.mid = (lo + hi) / 2
        self.scale = self.size / float(np.max(hi - lo))

    def __call__(self, x: np.ndarray) -> np.ndarray:
        x = np.asarray(x, dtype=np.float64)
        out = np.zeros((*x.shape[:-1], 3))
        out[..., :2] = (x[..., :2] - self.mid) * self.scale + self.center[:2]
        return out


def _pad2(x: np.ndarray) -> np.ndarray:
    """1-D coordinates ``(..., 1)`` as points on the x-axis ``(..., 2)``."""
    return np.concatenate([x, np.zeros_like(x)], axis=-1) if x.shape[-1] == 1 else x


class SpaceTransformations(LectureScene):
    """Scale, rotate, lift, lower, translate, bend — then one trained layer."""

    title = "What a layer does to space"
    TEXT = TEXT

    VIEW_AT = np.array([-3.1, -0.4, 0.0])
    VIEW_SIZE = 6.2
    BOX = 2.7  # the illustrative view shows [-BOX, BOX]²
    PANEL_X = 3.75
    PANEL_WIDTH = 6.4  # the widest a panel (and its words, in any language) may be
    PHI, THETA = np.deg2rad(58.0), np.deg2rad(-35.0)

    def construct(self) -> None:
        self.s = space_transformations()
        self.setup_plane()
        for name in ("scale", "rotate", "lift", "lower", "translate", "bend"):
            getattr(self, f"show_{name}")()
        self.layer()

    # --- set-up --------------------------------------------------------------

    def setup_plane(self) -> None:
        self.say("plane")
        s = self.s
        heading = label(TEXT["title.SpaceTransformations"], style.CAPTION_SIZE)
        heading.to_edge(UP, buff=0.3)
        self.view = View(self.VIEW_AT, self.VIEW_SIZE, (-self.BOX,) * 2, (self.BOX,) * 2)
        frame = Square(self.VIEW_SIZE, stroke_color=style.GRID, stroke_width=1.5)
        frame.move_to(self.VIEW_AT)
        self.ghost = LineBundle(self.view(s["grid"]), color=style.GRID, stroke_width=1,
                                opacity=0.45)
        self.grid = LineBundle(self.view(s["grid"]), color=style.BLUE, stroke_width=1.6)
        labels = s["point_labels"]
        self.points = PointCloud(self.view(s["points"]),
                                 colors=[style.class_color(k) for k in labels],
                                 markers=[MARKERS[k] for k in labels], radius=0.07)
        self.basis = VGroup(*(LineBundle(self.view(s["basis"][i][None]), color=c,
                                         stroke_width=5) for i, c in enumerate(BASIS_COLORS)))
        self.state = {"grid": s["grid"], "points": s["points"], "basis": s["basis"]}
        caption = at_most(label(TEXT["grid_caption"], style.LABEL_SIZE), self.PANEL_WIDTH)
        caption.move_to([self.PANEL_X, 1.6, 0])
        axes_note = label(TEXT["axes_caption"], style.SMALL_SIZE, style.MUTED)
        self.axes_note = axes_note
        axes_note.next_to(frame, DOWN, buff=0.15)
        self.play(Write(heading), run_time=1.5)
        self.wait_until("plane")
        self.play(Create(frame), FadeIn(self.ghost), Write(caption), run_time=1.0)
        self.wait_until("grid")
        self.play(Create(self.grid), run_time=self.time_until("points", lead=0.1, at_least=1.0))
        self.wait_until("points")
        self.play(FadeIn(self.points, scale=1.3), run_time=1.0)
        self.wait_until("watch")
        self.play(Create(self.basis), Write(axes_note), run_time=1.2)
        self.hold()
        self.play(FadeOut(caption), run_time=0.5)

    def _draw(self, grid, points, basis, project=None) -> None:
        if project is not None:
            grid, points, basis = project(grid), project(points), project(basis)
        self.grid.set_positions(self.view(_pad2(grid)))
        self.points.set_positions(self.view(_pad2(points)))
        for i, b in enumerate(self.basis):
            b.set_positions(self.view(_pad2(basis[i])[None]))

    def morph(self, target: dict, run_time: float = 2.0, project=None) -> None:
        """Interpolate grid, points and axes from the current state to ``target``."""
        start = self.state
        t = ValueTracker(0.0)

        def update(_m):
            u = t.get_value()
            self._draw(*((1 - u) * _pad3(start[k], target[k]) + u * _pad3(target[k], start[k])
                         for k in ("grid", "points", "basis")), project=project)

        self.grid.add_updater(update)
        self.play(t.animate.set_value(1.0), run_time=run_time, rate_func=smooth)
        self.grid.remove_updater(update)
        self.state = target

    def panel(self, name_key: str, formula: str, note: str, illustrative: bool = True):
        """The transformation's panel: name, formula (and "illustrative") now; the note
        row (``group[2]``) is left for the caller to show when the voice says it."""
        name = label(TEXT[name_key], style.CAPTION_SIZE, style.YELLOW)
        eq = MathTex(formula, font_size=36)
        rows = [name, eq, label(note, style.SMALL_SIZE, style.FG)]
        if illustrative:
            rows.append(label(TEXT["illustrative"], style.SMALL_SIZE, style.MUTED))
        group = VGroup(*rows).arrange(DOWN, buff=0.35).move_to([self.PANEL_X, 0.9, 0])
        at_most(group, self.PANEL_WIDTH)
        self.play(Write(VGroup(*(r for i, r in enumerate(rows) if i != 2))), run_time=0.8)
        return group

    def reset(self, panel) -> None:
        s = self.s
        self.play(FadeOut(panel), run_time=0.4)
        self.morph({"grid": s["grid"], "points": s["points"], "basis": s["basis"]},
                   run_time=1.0)

    def _target(self, name: str) -> dict:
        s = self.s
        return {k: s[f"{name}_{k}"] for k in ("grid", "points", "basis")}

    # --- the five transformations ------------------------------------------------

    def show_transform(self, key: str, formula: str, note: str, look: Mobject) -> None:
        """One illustrative transformation: its panel; the morph and its note on the word
        that says what moves ("move"); what stays true lit on its word ("note"); a hold;
        back to the plane."""
        p = self.panel(f"{key}_name", formula, note)
        self.wait_until("move")
        self.play(Write(p[2]), run_time=0.5)
        self.morph(self._target(key),
                   run_time=min(max(self.time_until("note", at_least=0.3) - 0.1, 1.2), 2.5))
        self.wait_until("note")
        self.play(light(look))
        self.hold()
        self.reset(p)

    def show_scale(self) -> None:
        self.say("scale")
        W = self.shows("scale_W", self.s["scale_W"].copy())
        # Straight lines stay straight and parallel: the grid lit.
        self.show_transform("scale", "W = " + tex_matrix(W), TEXT["scale_note"], self.grid)

    def show_rotate(self) -> None:
        W = self.shows("rotate_W", self.s["rotate_W"].copy())
        deg = self.shows("rotate_degrees", round(float(np.degrees(np.arctan2(W[1, 0], W[0, 0])))))
        self.say("rotate", deg=deg)
        # Lengths and angles stay: the images of the unit axes lit.
        self.show_transform("rotate", "W = " + tex_matrix(W), TEXT.format("rotate_note", deg=deg),
                            self.basis)

    def show_lift(self) -> None:
        self.say("lift")
        s = self.s
        W = self.shows("lift_W", s["lift_W"].copy())
        p = self.panel("lift_name", "W = " + tex_matrix(W), TEXT["lift_note"])
        self.play(Write(p[2]), run_time=0.5)
        cam = ValueTracker(0.0)
        axes3 = np.array([[[-self.BOX * 0.9, 0, 0], [self.BOX * 0.9, 0, 0]],
                          [[0, -self.BOX * 0.9, 0], [0, self.BOX * 0.9, 0]],
                          [[0, 0, 0], [0, 0, self.BOX * 0.8]]])
        z_axis = LineBundle(self.view(oblique(axes3[2:], 0, 0)), color=style.FG,
                            stroke_width=2.5)
        z_label = MathTex("z", font_size=30)
        flat = {k: np.concatenate([self.state[k], np.zeros((*self.state[k].shape[:-1], 1))],
                                  axis=-1) for k in ("grid", "points", "basis")}
        self.state = flat

        def project(x):
            u = cam.get_value()
            return oblique(x, u * self.PHI, u * self.THETA)

        def follow(m):
            m.set_positions(self.view(project(axes3[2:])))
            z_label.next_to(self.view(project(axes3[2, 1])), UP, buff=0.1)

        z_axis.add_updater(follow)
        follow(z_axis)
        # First turn the camera (the plane still flat), then lift.
        self._draw(*(flat[k] for k in ("grid", "points", "basis")), project=project)
        self.grid.add_updater(lambda _m: self._draw(
            *(flat[k] for k in ("grid", "points", "basis")), project=project))
        self.wait_until("view")
        self.play(FadeOut(self.ghost), cam.animate.set_value(1.0), FadeIn(z_axis, z_label),
                  run_time=min(self.time_until("move", at_least=1.2), 2.0))
        self.grid.clear_updaters()
        self.wait_until("move")
        self.morph(self._target("lift"), run_time=2.5, project=project)
        self.hold()
        self.play(FadeOut(p), run_time=0.4)
        self.morph(flat, run_time=1.0, project=project)
        self.grid.add_updater(lambda _m: self._draw(
            *(flat[k] for k in ("grid", "points", "basis")), project=project))
        self.play(cam.animate.set_value(0.0), FadeOut(z_axis, z_label), FadeIn(self.ghost),
                  run_time=1.5)
        self.grid.clear_updaters()
        z_axis.clear_updaters()
        self.state = {k: s[k] for k in ("grid", "points", "basis")}
        self._draw(*(self.state[k] for k in ("grid", "points", "basis")))

    def show_lower(self) -> None:
        self.say("lower")
        W = self.shows("lower_W", self.s["lower_W"].copy())
        # Different points on one spot: the points lit.
        self.show_transform("lower", "W = " + tex_matrix(W), TEXT["lower_note"], self.points)

    def show_translate(self) -> None:
        self.say("translate")
        b = self.shows("translate_b", self.s["translate_b"].copy())
        # Nothing turns or bends: the grid lit.
        self.show_transform("translate", r"x + b,\quad b = " + tex_matrix(b[:, None]),
                            TEXT["translate_note"], self.grid)

    def show_bend(self) -> None:
        self.say("bend")
        W = self.shows("tilt_W", self.s["tilt_W"].copy())
        p = self.panel("bend_name", r"\sigma(x) = \big(\tanh x_1,\ \tanh x_2\big)",
                       TEXT["bend_note"], illustrative=False)
        tilt = VGroup(label(TEXT["tilt_first"], style.SMALL_SIZE, style.MUTED),
                      MathTex(tex_matrix(W), font_size=30, color=style.MUTED))
        at_most(tilt.arrange(RIGHT, buff=0.2), self.PANEL_WIDTH).next_to(p, DOWN, buff=0.4)
        # The square tanh squeezes everything into, (-1, 1)², drawn as it is named.
        corner = self.view(np.array([[-1.0, -1.0], [1.0, 1.0]]))
        square = DashedVMobject(Rectangle(width=corner[1, 0] - corner[0, 0],
                                          height=corner[1, 1] - corner[0, 1],
                                          stroke_color=style.YELLOW, stroke_width=2.5),
                                num_dashes=40).move_to((corner[0] + corner[1]) / 2)
        self.wait_until("curves")
        self.play(Write(p[2]), run_time=1.2)
        self.wait_until("tilt")
        self.play(Write(tilt), run_time=0.5)
        self.morph(self._target("tilt"),
                   run_time=min(max(self.time_until("move", at_least=0.3), 1.0), 1.5))
        self.wait_until("move")
        self.morph(self._target("bend"),
                   run_time=min(2.5, self.time_until("square", lead=0.05, at_least=1.2)))
        self.wait_until("square")
        self.play(Create(square), run_time=1.0)
        self.hold()
        self.play(FadeOut(p, tilt, square), run_time=0.4)

    # --- one trained layer -----------------------------------------------------

    def layer(self) -> None:
        s = self.s
        self.say("layer")
        W = self.shows("layer_W", s["W"].copy())
        b = self.shows("layer_b", s["b"].copy())
        acc = self.shows("layer_test_accuracy", float(s["layer_test_accuracy"]))
        grid = s["layer_grid"]
        curves = (s["layer_curve0"], s["layer_curve1"])
        # Per stage a square box holding everything (padded), interpolated between stages.
        allp = np.concatenate([grid.reshape(4, -1, 2), curves[0], curves[1]], axis=1)
        lo, hi = allp.min(axis=1), allp.max(axis=1)
        mid, half = (lo + hi) / 2, (hi - lo).max(axis=1, keepdims=True) / 2 * 1.08
        boxes_lo, boxes_hi = mid - half, mid + half
        self.play(FadeOut(self.grid, self.points, self.basis, self.ghost, self.axes_note),
                  run_time=0.6)
        view = View(self.VIEW_AT, self.VIEW_SIZE, boxes_lo[0], boxes_hi[0])
        lines = LineBundle(view(grid[0]), color=style.BLUE, stroke_width=1.3, opacity=0.7)
        c0 = LineBundle(view(curves[0][0][None]), color=style.class_color(0), stroke_width=4)
        c1 = LineBundle(view(curves[1][0][None]), color=style.class_color(1), stroke_width=4)
        eq = MathTex(r"W = " + tex_matrix(W), r",\quad b = " + tex_matrix(b[:, None]),
                     font_size=34)
        name = label(TEXT["layer_name"], style.CAPTION_SIZE, style.YELLOW)
        note = label(TEXT.format("layer_note", acc=pct(acc)), style.SMALL_SIZE, style.MUTED)
        steps = VGroup(*(label(TEXT[k], style.LABEL_SIZE, style.MUTED)
                         for k in ("step_w", "step_b", "step_s"))).arrange(RIGHT, buff=0.6)
        panel = VGroup(name, eq, note, steps).arrange(DOWN, buff=0.35)
        if panel.width > 6.4:
            panel.scale_to_fit_width(6.4)
        panel.move_to([self.PANEL_X, 0.7, 0])
        self.play(FadeIn(lines, c0, c1), Write(name), run_time=1.0)
        self.wait_until("real")
        self.play(Write(eq), run_time=1.0)
        self.wait_until("net")
        self.play(Write(note), run_time=min(2.5, self.time_until("w", lead=0.7, at_least=0.8)))
        self.play(Write(steps), run_time=0.5)
        t = ValueTracker(0.0)

        def update(_m):
            u = t.get_value()
            i = min(int(np.floor(u)), 2)
            f = u - i
            view.set_box((1 - f) * boxes_lo[i] + f * boxes_lo[i + 1],
                         (1 - f) * boxes_hi[i] + f * boxes_hi[i + 1])
            lines.set_positions(view((1 - f) * grid[i] + f * grid[i + 1]))
            for mob, c in ((c0, curves[0]), (c1, curves[1])):
                mob.set_positions(view(((1 - f) * c[i] + f * c[i + 1])[None]))

        lines.add_updater(update)
        for k, key in enumerate(("w", "b", "s")):
            # Each motion starts on its word and runs until the next one is said.
            self.wait_until(key)
            nxt = ("b", "s", None)[k]
            self.play(t.animate.set_value(k + 1.0), steps[k].animate.set_color(style.YELLOW),
                      *([steps[k - 1].animate.set_color(style.FG)] if k else []),
                      run_time=(min(max(self.time_until(nxt, at_least=0.3) - 0.05, 1.0), 2.2)
                                if nxt else 2.2),
                      rate_func=smooth)
        self.play(steps[2].animate.set_color(style.FG), run_time=0.3)
        lines.remove_updater(update)
        self.shows("layer_final_box", (boxes_lo[3].copy(), boxes_hi[3].copy()))
        self.hold(0.5)


def _pad3(x: np.ndarray, other: np.ndarray) -> np.ndarray:
    """``x`` with zero columns added so it has as many coordinates as ``other``."""
    d = max(x.shape[-1], other.shape[-1])
    if x.shape[-1] == d:
        return x
    return np.concatenate([x, np.zeros((*x.shape[:-1], d - x.shape[-1]))], axis=-1)


class SeparateOnALine(LectureScene):
    """Thresholds on a line; x mod 2; Olah's intervals and a 1-2-1 network's two units."""

    title = "Separating on a line"
    TEXT = TEXT

    LINE_X = (-6.2, 6.2)

    def construct(self) -> None:
        self.sign()
        self.parity()
        self.mod_two()
        self.olah()
        self.units()
        self.hidden_plane()

    # --- integers ----------------------------------------------------------------

    def number_line(self, lo: float, hi: float, y: float, x0=None, x1=None, step=1.0):
        x0 = self.LINE_X[0] if x0 is None else x0
        x1 = self.LINE_X[1] if x1 is None else x1

        def to_x(v):
            return x0 + (np.asarray(v, dtype=float) - lo) / (hi - lo) * (x1 - x0)

        line = NumberLine(x_range=[lo, hi, step], length=x1 - x0, color=style.MUTED,
                          include_ticks=True, tick_size=0.05, stroke_width=2)
        line.move_to([(x0 + x1) / 2, y, 0])
        return line, to_x

    def _cloud(self, xs, ys, labels, radius=0.09):
        pts = np.stack([xs, ys], axis=1)
        return PointCloud(pts, colors=[style.class_color(k) for k in labels],
                          markers=[MARKERS[k] for k in labels], radius=radius)

    def sign(self) -> None:
        a = sign_line()
        values = self.shows("sign_values", a["values"].tolist())
        labels = self.shows("sign_labels", a["value_labels"].tolist())
        t = self.shows("sign_thresholds", a["thresholds"].tolist())
        acc = self.shows("sign_accuracy", float(a["accuracy"]))
        n = self.shows("sign_n", int(a["n_points"]))
        self.say("sign", t1=num(t[0], 1), t2=num(t[1], 1), acc=pct(acc), n=n)
        heading = label(TEXT["sign_title"], style.CAPTION_SIZE).to_edge(UP, buff=0.3)
        self.heading = heading
        y = 2.2
        line, to_x = self.number_line(-9.5, 9.5, y)
        nums = VGroup(*(label(num(v, 0), style.SMALL_SIZE, style.MUTED).move_to(
            [to_x(v), y - 0.35, 0]) for v in values))
        labels_a = np.array(labels)
        clouds = VGroup(*(self._cloud(to_x(np.array(values)[labels_a == k]),
                                      np.full(int((labels_a == k).sum()), y + 0.02),
                                      [k] * int((labels_a == k).sum())) for k in range(3)))
        names = VGroup()
        for k, key in enumerate(("negative", "zero", "positive")):
            xs = to_x(np.array(values)[labels_a == k])
            names.add(label(TEXT[key], style.SMALL_SIZE, style.class_color(k)).move_to(
                [xs.mean(), y + 0.45, 0]))
        names[1].shift(UP * 0.3)
        cuts = VGroup(*(DashedLine([to_x(v), y - 0.55, 0], [to_x(v), y + 0.3, 0],
                                   color=style.YELLOW, stroke_width=3) for v in t))
        result = label(TEXT.format("sign_result", acc=pct(acc), n=n), style.SMALL_SIZE,
                       style.YELLOW).move_to([0, y - 0.8, 0])
        self.add(heading)
        # Each threshold's value, written beside the top of its cut as it is said.
        values_t = VGroup(*(label(num(v, 1), style.SMALL_SIZE, style.YELLOW).next_to(
            cut, UP, buff=0.05).shift(side * 0.3) for v, cut, side in zip(
                t, cuts, (LEFT, RIGHT), strict=True)))
        self.play(Create(line), run_time=1.5)
        for k, key in enumerate(("negative", "zero", "positive")):
            self.wait_until(key)
            nxt = ("zero", "positive", "range")[k]
            self.play(FadeIn(clouds[k], scale=2.0), Write(names[k]),
                      run_time=min(0.6, self.time_until(nxt, lead=0.05, at_least=0.2)))
        self.wait_until("range")
        self.play(Write(nums), run_time=min(1.2, self.time_until("t1", lead=0.05, at_least=0.6)))
        for k, key in enumerate(("t1", "t2")):
            self.wait_until(key)
            self.play(Create(cuts[k]), Write(values_t[k]), run_time=0.6)
        self.wait_until("acc")
        self.play(Write(result), run_time=1.5)
        self.hold()
        self.sign_group = VGroup(line, nums, clouds, names, cuts, values_t, result)
        self.play(self.sign_group.animate.set_opacity(0.3), run_time=0.5)

    def parity(self) -> None:
        a = parity_line()
        self.par = a
        values = self.shows("parity_values", a["values"].tolist())
        labels = self.shows("parity_labels", a["value_labels"].tolist())
        self.shows("parity_sweep_accuracy", a["sweep_accuracy"].copy())
        best = self.shows("parity_best_accuracy", float(a["best_accuracy"]))
        self.say("parity", acc=pct(best))
        y = 0.3
        line, to_x = self.number_line(-9.5, 9.5, y)
        self.par_to_x = to_x
        nums = VGroup(*(label(num(v, 0), style.SMALL_SIZE, style.MUTED).move_to(
            [to_x(v), y - 0.35, 0]) for v in values))
        cloud = self._cloud(to_x(values), np.full(len(values), y + 0.02), labels)
        legend = VGroup(*(VGroup(self._cloud([0.0], [0.0], [k]),
                                 label(TEXT[key], style.SMALL_SIZE, style.class_color(k)))
                          .arrange(RIGHT, buff=0.15) for k, key in ((0, "even"), (1, "odd"))))
        legend.arrange(RIGHT, buff=0.5).move_to([-1.5, y + 0.55, 0])
        self.play(Create(line), FadeIn(nums), FadeIn(cloud), FadeIn(legend), run_time=1.2)
        u = np.array(values, dtype=float)
        thr_t, thr_acc = a["sweep_thresholds"], a["sweep_accuracy"]
        pos = ValueTracker(float(thr_t[0]))
        cut = DashedLine([0, y - 0.55, 0], [0, y + 0.35, 0], color=style.YELLOW,
                         stroke_width=3)
        # One readout per candidate threshold (a threshold anywhere between two
        # neighbouring values scores like their midpoint); the updater shows one.
        at = np.array([4.4, y + 0.55, 0])
        readouts = [label(TEXT["threshold_acc"] + pct(v), style.SMALL_SIZE, style.YELLOW)
                    .move_to(at) for v in thr_acc]
        readout = readouts[0].copy()

        def follow(m):
            p = pos.get_value()
            m.move_to([to_x(p), y - 0.1, 0])
            readout.become(readouts[int(np.searchsorted(u, p))])

        cut.add_updater(follow)
        follow(cut)
        self.wait_until("sweep")
        self.play(FadeIn(cut), FadeIn(readout), run_time=0.5)
        # The threshold sweeps the line while the voice says it goes anywhere.
        self.play(pos.animate.set_value(float(thr_t[-1])), rate_func=linear,
                  run_time=self.time_until("best", lead=0.1, at_least=2.0))
        cut.clear_updaters()
        best_text = label(TEXT.format("parity_best", acc=pct(best)), style.SMALL_SIZE,
                          style.YELLOW).move_to(at)
        self.wait_until("best")
        self.play(FadeOut(cut), FadeTransform(readout, best_text), run_time=0.6)
        self.play(Indicate(best_text, color=style.YELLOW), run_time=1.0)
        self.parity_group = VGroup(line, nums, cloud, legend, best_text)
        self.par_cloud_y = y
        self.hold()

    def mod_two(self) -> None:
        a = self.par
        mod = self.shows("mod_values", a["mod_values"].tolist())
        t = self.shows("mod_threshold", float(a["mod_threshold"]))
        acc = self.shows("mod_accuracy", float(a["mod_accuracy"]))
        self.say("mod", t=num(t, 1), acc=pct(acc))
        values = np.array(self.displayed["parity_values"], dtype=float)
        labels = self.displayed["parity_labels"]
        y0, y1 = self.par_cloud_y, -2.2
        line, to_x = self.number_line(-0.5, 1.5, y1, -1.6, 1.6)
        nums = VGroup(*(label(num(v, 0), style.SMALL_SIZE, style.MUTED).move_to(
            [to_x(v), y1 - 0.35, 0]) for v in (0, 1)))
        name = label(TEXT["mod_name"], style.LABEL_SIZE, style.YELLOW).move_to([-4.2, -1.0, 0])
        start = np.stack([self.par_to_x(values), np.full(len(values), y0 + 0.02)], axis=1)
        end = np.stack([to_x(np.array(mod)), np.full(len(values), y1 + 0.02)], axis=1)
        arrows = VGroup(*(Line([*s, 0], [*e, 0], color=style.class_color(k), stroke_width=1.2,
                               stroke_opacity=0.5) for s, e, k in zip(start, end, labels,
                                                                       strict=True)))
        moving = self._cloud(start[:, 0], start[:, 1], labels)
        # One tracker per class (even 0, odd 1): each moves when the voice names it.
        trs = (ValueTracker(0.0), ValueTracker(0.0))
        k_of = np.array(labels)[:, None]
        moving.add_updater(lambda m: m.set_positions(start + (end - start) * np.where(
            k_of == 0, trs[0].get_value(), trs[1].get_value())))
        self.play(Create(line), FadeIn(nums), run_time=0.8)
        self.wait_until("map")
        self.play(FadeIn(name, shift=RIGHT * 0.2), run_time=0.8)
        self.add(moving)
        for k, key, nxt in ((0, "even", "odd"), (1, "odd", "cut")):
            self.wait_until(key)
            self.play(Create(VGroup(*(a for a, c in zip(arrows, labels, strict=True) if c == k))),
                      trs[k].animate.set_value(1.0),
                      run_time=min(1.5, self.time_until(nxt, lead=0.05, at_least=0.8)))
        moving.clear_updaters()
        cut = DashedLine([to_x(t), y1 - 0.5, 0], [to_x(t), y1 + 0.45, 0], color=style.YELLOW,
                         stroke_width=3)
        result = label(TEXT.format("mod_result", t=num(t, 1), acc=pct(acc)), style.SMALL_SIZE,
                       style.YELLOW)
        # Beside the line, inside the frame in every language.
        at_most(result, config.frame_width / 2 - 0.15 - line.get_right()[0] - 0.5)
        result.next_to(line, RIGHT, buff=0.5)
        self.wait_until("cut")
        self.play(Create(cut), Flash(cut.get_center(), color=style.YELLOW, flash_radius=0.4),
                  run_time=0.8)
        self.wait_until("acc")
        self.play(Write(result), run_time=1.0)
        self.hold()
        self.play(FadeOut(VGroup(self.heading, self.sign_group, self.parity_group, line, nums,
                                 name, arrows, moving, cut, result)), run_time=0.8)

    # --- Olah's intervals ---------------------------------------------------------

    def olah(self) -> None:
        a = interval_networks()
        self.iv = a
        best = self.shows("olah_best_threshold_accuracy", float(a["best_threshold_accuracy"]))
        self.say("olah", acc=pct(best))
        heading = label(TEXT["olah_title"], style.CAPTION_SIZE).to_edge(UP, buff=0.3)
        self.iv_x = (-6.3, -0.7)
        y = 2.1
        line, to_x = self.number_line(-1.1, 1.1, y, *self.iv_x, step=1 / 3)
        self.iv_to_x, self.iv_y = to_x, y
        ticks = VGroup(*(label(s, style.SMALL_SIZE, style.MUTED).move_to([to_x(v), y - 0.35, 0])
                         for v, s in ((-1, "−1"), (-1 / 3, "−1/3"), (1 / 3, "1/3"), (1, "1"))))
        xs, ys = a["x_train"], a["y_train"]
        self.shows("olah_x_train", xs.copy())
        cloud = self._cloud(to_x(xs), np.full(len(xs), y + 0.02), ys, radius=0.06)
        parts = {k: self._cloud(to_x(xs[ys == k]), np.full(int((ys == k).sum()), y + 0.02),
                                ys[ys == k], radius=0.06) for k in (0, 1)}
        legend = VGroup(
            VGroup(self._cloud([0.0], [0.0], [1]), label(TEXT["class_a"], style.SMALL_SIZE,
                                                        style.class_color(1))).arrange(RIGHT),
            VGroup(self._cloud([0.0], [0.0], [0]), label(TEXT["class_b"], style.SMALL_SIZE,
                                                        style.class_color(0))).arrange(RIGHT),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.15).move_to([3.9, 2.35, 0])
        result = label(TEXT.format("olah_best", acc=pct(best)), style.SMALL_SIZE,
                       style.YELLOW).move_to([3.9, 1.5, 0])
        self.play(FadeIn(heading), Create(line), FadeIn(ticks), run_time=1.0)
        for k, key, row in ((1, "a", 0), (0, "b", 1)):  # A is class 1, B class 0
            self.wait_until(key)
            self.play(FadeIn(parts[k], scale=1.5), Write(legend[row]), run_time=0.8)
        # One cloud again, drawn exactly as before (class B first).
        self.remove(parts[0], parts[1])
        self.add(cloud)
        self.wait_until("best")
        self.play(Write(result), run_time=1.0)
        self.iv_cloud, self.iv_result = cloud, result
        self.hold()

    def units(self) -> None:
        a = self.iv
        th = self.shows("unit_thresholds", a["unit_thresholds"].tolist())
        self.shows("curve_hidden", a["curve_hidden"].copy())
        order = np.argsort(th)
        self.say("units", t1=num(th[order[0]]), t2=num(th[order[1]]))
        to_x, y = self.iv_to_x, self.iv_y
        x0, x1 = self.iv_x
        axes = Axes(x_range=[-1.1, 1.1, 1 / 3], y_range=[-1, 1, 1], x_length=x1 - x0,
                    y_length=2.4, tips=False,
                    axis_config={"color": style.MUTED, "stroke_width": 1.5,
                                 "include_ticks": False})
        axes.move_to([(x0 + x1) / 2, -1.0, 0])
        ylabels = VGroup(*(label(s, style.SMALL_SIZE, style.MUTED).next_to(
            axes.c2p(-1.1, v), LEFT, buff=0.1) for v, s in ((-1, "−1"), (1, "1"))))
        head = label(TEXT["units_head"], style.SMALL_SIZE).next_to(axes, DOWN, buff=0.2)
        if head.width > x1 - x0 + 0.4:
            head.scale_to_fit_width(x1 - x0 + 0.4)
        cx, ch = a["curve_x"], a["curve_hidden"]
        colors = (style.ORANGE, style.GREEN)
        curves, cuts, notes = VGroup(), VGroup(), VGroup()
        for k in range(2):
            c = VMobject(stroke_color=colors[k], stroke_width=4)
            c.set_points_as_corners([axes.c2p(u, v) for u, v in zip(cx, ch[:, k], strict=True)])
            curves.add(c)
            cuts.add(DashedLine([to_x(th[k]), axes.c2p(0, -1)[1], 0], [to_x(th[k]), y + 0.3, 0],
                                color=colors[k], stroke_width=2.5))
            tag = label(TEXT.format("unit", k=k + 1) + ": " + TEXT.format("switch", t=num(th[k])),
                        style.SMALL_SIZE, colors[k])
            notes.add(tag)
        notes.arrange(RIGHT, buff=0.5).next_to(head, DOWN, buff=0.15)
        if notes.width > x1 - x0 + 0.4:
            notes.scale_to_fit_width(x1 - x0 + 0.4)
        self.play(Create(axes), FadeIn(ylabels), run_time=1.0)
        self.wait_until("soft")
        self.play(Create(curves[0]), Create(curves[1]),
                  run_time=min(1.5, self.time_until("tanh", at_least=0.3)))
        self.wait_until("tanh")
        self.play(Write(head), run_time=1.2)
        for k, key in zip(order, ("t1", "t2"), strict=True):
            self.wait_until(key)
            self.play(Create(cuts[k]), Write(notes[k]), run_time=0.8)
        self.wait_until("meet")
        self.play(*(Flash([to_x(th[k]), y, 0], color=colors[k], flash_radius=0.25)
                    for k in range(2)), run_time=1.0)
        self.iv_units = VGroup(axes, ylabels, head, curves, cuts, notes)
        self.hold()

    def hidden_plane(self) -> None:
        a = self.iv
        train = self.shows("olah_train_accuracy", float(a["train_accuracy"]))
        test = self.shows("olah_test_accuracy", float(a["test_accuracy"]))
        self.shows("hidden_train", a["hidden_train"].copy())
        self.say("hidden", train=pct(train), test=pct(test))
        center, size = np.array([3.9, -1.3, 0]), 3.2
        square = Square(size, stroke_color=style.GRID, stroke_width=1.5).move_to(center)
        # Each axis in its unit's colour, as in the curves above.
        axes = VGroup(
            Line(center + LEFT * size / 2, center + RIGHT * size / 2, color=style.ORANGE,
                 stroke_width=2),
            Line(center + DOWN * size / 2, center + UP * size / 2, color=style.GREEN,
                 stroke_width=2))
        cap = label(TEXT["hidden_plane"], style.SMALL_SIZE).next_to(square, UP, buff=0.15)

        def to_plane(h):
            return center[:2] + np.asarray(h) * size / 2 / 1.05

        h, xs, ys = a["hidden_train"], a["x_train"], a["y_train"]
        start = np.stack([self.iv_to_x(xs), np.full(len(xs), self.iv_y + 0.02)], axis=1)
        end = to_plane(h)
        moving = self._cloud(start[:, 0], start[:, 1], ys, radius=0.06)
        tr = ValueTracker(0.0)
        moving.add_updater(lambda m: m.set_positions((1 - tr.get_value()) * start
                                                     + tr.get_value() * end))
        self.play(Create(square), Create(axes), Write(cap), run_time=1.0)
        self.wait_until("move")
        self.add(moving)
        self.play(tr.animate.set_value(1.0),
                  run_time=self.time_until("line", lead=0.1, at_least=0.8))
        moving.clear_updaters()
        # The readout's zero set W1 h + b1 = 0, clipped to the square [-1.05, 1.05]².
        w, b = a["W1"][0], float(a["b1"][0])
        ends = line_in_box(w, b, (-1.05, -1.05), (1.05, 1.05))
        self.shows("readout", (w.copy(), b))
        readout = VGroup()
        if ends is not None:
            p, q = to_plane(ends)
            readout.add(Line([*p, 0], [*q, 0], color=style.YELLOW, stroke_width=4))
            readout.add(label(TEXT["readout"], style.SMALL_SIZE, style.YELLOW).next_to(
                readout[0], RIGHT, buff=0.1))
        result = label(TEXT.format("olah_result", train=pct(train), test=pct(test)),
                       style.SMALL_SIZE, style.YELLOW).move_to([3.9, -3.3, 0])
        if result.get_right()[0] > 6.8:  # keep it on screen in every language
            result.shift(LEFT * (result.get_right()[0] - 6.8))
        # The training half, then the test half, each written as its number is said.
        words = TEXT.format("olah_result", train=pct(train), test=pct(test))
        cut = len("".join(words[:words.index("·")].split()))  # a Text has no glyph for a space
        head, tail = result[:cut], result[cut:]
        self.wait_until("line")
        self.play(Create(readout), run_time=1.0)
        self.wait_until("two")
        self.play(Indicate(self.iv_units[3], color=style.YELLOW, scale_factor=1.05),
                  run_time=1.0)
        self.wait_until("train")
        self.play(Write(head), run_time=1.0)
        self.wait_until("test")
        self.play(Write(tail), run_time=1.0)
        self.hold(0.5)
