"""The lecture's central picture: a network warps the plane until a line separates the classes.

* :class:`UntangleCurves`: two tangled curves and the input grid, pushed through
  a tanh network whose hidden layers all have width 2, one layer at a time and
  each layer in Olah's three motions (linear map W, shift b, bend σ); then the
  readout's straight line separates them, with the accuracy.
* :class:`LiftToThreeD`: a disk inside a ring; one width-3 layer lifts the
  plane into 3-D, the disk rises out of the ring and a plane separates them;
  then a width-2 stack tries and fails.
* :class:`WarpDuringTraining`: the last hidden space and the input-space
  decision boundary side by side, snapshot by snapshot while training runs.

Every position on screen is an engine recording (``engine.artefacts.warp``);
frames between two recorded stages interpolate linearly, as in Olah's article.

A lecturer changes data and network in a subclass, in their own file::

    from scenes.warp import UntangleCurves

    class MyWarp(UntangleCurves):
        dataset = "csv:points.csv"  # columns x1,x2,label
        hidden = (2, 2, 2)

Render: ``manim render -ql scenes/warp.py UntangleCurves``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import *

from engine.artefacts.warp import (
    LIFT_COMPARE_HIDDEN,
    LIFT_DATA,
    LIFT_HIDDEN,
    LIFT_TRAIN,
    UNTANGLE_DATA,
    UNTANGLE_HIDDEN,
    UNTANGLE_TRAIN,
    lift,
    training_warp,
    untangle,
)
from engine.config import DataConfig, TrainConfig
from engine.surface import contour_segments
from scenes.common import style
from scenes.common.base import LectureScene, LectureThreeDScene
from scenes.common.mobjects import (
    CellShading,
    LineBundle,
    PointCloud,
    ScreenMap,
    lerp_states,
    line_in_box,
    plane_in_box,
)

__all__ = [
    "WarpSettings",
    "WarpView",
    "UntangleCurves",
    "LiftToThreeD",
    "WarpDuringTraining",
    "pct",
    "stage_boxes",
    "half_plane",
    "oblique_view",
]

# How σ is named in captions and formulas.
ACT_NAME = {"tanh": "tanh", "sigmoid": "sigmoid", "relu": "ReLU", "softplus": "softplus",
            "linear": "identity"}
ACT_TEX = {"tanh": r"\tanh", "sigmoid": r"\mathrm{sigmoid}", "relu": r"\mathrm{ReLU}",
           "softplus": r"\mathrm{softplus}", "linear": r""}
MARKER_OF_CLASS = ("dot", "cross")
# Decision-region tint: certainty |2p − 1| below 0.5, to 0.9, above 0.9.
SHADE_LEVELS = (0.5, 0.9)
SHADE_OPACITY = (0.07, 0.15, 0.26)
SIDE_OPACITY = 0.14  # the readout's two half-planes
WORDS_PER_SECOND = 2.5  # 150 words a minute: a beat lasts at least its narration


def pct(v: float) -> str:
    """An accuracy as the screen shows it: ``0.9062`` → ``"90.6 %"``."""
    return f"{100 * float(v):.1f} %"


def _num(v: float, decimals: int = 2) -> str:
    s = f"{float(v):.{decimals}f}"
    return s[1:] if s.startswith("-") and float(s) == 0 else s


def _text(s: str, size: float = style.LABEL_SIZE, color: str = style.FG, **kw) -> Text:
    return Text(s, font=style.FONT, font_size=size, color=color, **kw)


def stage_boxes(*states: np.ndarray, pad: float = 0.04) -> tuple[np.ndarray, np.ndarray]:
    """Per stage, the bounding box of all the given state arrays ``(S, ..., d)``, padded.

    Returns ``(lo, hi)`` of shape ``(S, d)``. Interpolating these boxes linearly
    contains the linearly interpolated points, so nothing leaves the view.
    """
    flat = [s.reshape(s.shape[0], -1, s.shape[-1]) for s in states]
    allp = np.concatenate(flat, axis=1)
    lo, hi = allp.min(axis=1), allp.max(axis=1)
    size = np.maximum(hi - lo, 1e-6)
    big = size.max(axis=1, keepdims=True)
    return lo - pad * big, hi + pad * big


def half_plane(w, b: float, lo, hi, positive: bool) -> np.ndarray | None:
    """Corners of the part of the box ``[lo, hi]`` where ``w · x + b`` is > 0 (or < 0)."""
    lo, hi = np.asarray(lo, float), np.asarray(hi, float)
    corners = np.array([[lo[0], lo[1]], [hi[0], lo[1]], [hi[0], hi[1]], [lo[0], hi[1]]])
    side = corners @ np.asarray(w, float) + b
    keep = corners[side > 0] if positive else corners[side < 0]
    cut = line_in_box(w, b, lo, hi)
    pts = keep if cut is None else np.concatenate([keep, cut])
    if len(pts) < 3:
        return None
    c = pts.mean(axis=0)
    return pts[np.argsort(np.arctan2(pts[:, 1] - c[1], pts[:, 0] - c[0]))]


def oblique_view(normal, angle_deg: float) -> tuple[float, float]:
    """Camera ``(phi, theta)`` looking at a plane ``angle_deg`` away from its normal.

    The camera stays on the side the normal points to and tilts towards +z.
    """
    n = np.asarray(normal, float) / np.linalg.norm(normal)
    up = np.array([0.0, 0.0, 1.0]) - n[2] * n
    up = up / np.linalg.norm(up) if np.linalg.norm(up) > 1e-6 else np.array([1.0, 0.0, 0.0])
    a = np.radians(angle_deg)
    d = np.cos(a) * n + np.sin(a) * up
    return float(np.arccos(np.clip(d[2], -1, 1))), float(np.arctan2(d[1], d[0]))


class WarpSettings:
    """Data, network and training as class attributes, so a subclass can change them."""

    dataset: str = UNTANGLE_DATA.name  # a dataset name or "csv:PATH" (x1,x2,label)
    n: int = UNTANGLE_DATA.n
    noise: float = UNTANGLE_DATA.noise
    entanglement: float = UNTANGLE_DATA.entanglement
    data_seed: int = UNTANGLE_DATA.seed
    hidden: tuple[int, ...] = UNTANGLE_HIDDEN
    activation: str = "tanh"
    epochs: int = UNTANGLE_TRAIN.epochs
    lr: float = UNTANGLE_TRAIN.lr
    optimizer: str = UNTANGLE_TRAIN.optimizer
    seed: int = UNTANGLE_TRAIN.seed

    def data_config(self) -> DataConfig:
        return DataConfig(self.dataset, n=self.n, noise=self.noise,
                          entanglement=self.entanglement, seed=self.data_seed)

    def train_config(self) -> TrainConfig:
        return TrainConfig(epochs=self.epochs, lr=self.lr, optimizer=self.optimizer,
                           seed=self.seed)

    def net_text(self) -> str:
        widths = (2, *self.hidden, 1)
        return f"{ACT_NAME[self.activation]} network " + " \u2192 ".join(map(str, widths))

    def pace(self, started: float, words: int, at_least: float = 0.5) -> None:
        """Wait until the beat has lasted as long as its narration takes to say."""
        left = words / WORDS_PER_SECOND - (float(self.renderer.time) - started)
        self.wait(max(left, at_least))

    def say(self, name: str, narration: str) -> tuple[float, int]:
        self.beat(name, narration)
        return float(self.renderer.time), len(narration.split())


class WarpView:
    """The data (curves or points), the grid and the axes of one space, drawn into a box.

    ``show(points, grid, lo, hi)`` maps one state (data coordinates) into the
    box with a :class:`ScreenMap` fitted to ``[lo, hi]`` and moves everything.
    Works for 2-D and 3-D states.
    """

    def __init__(self, points: np.ndarray, labels: np.ndarray, ordered: bool, grid: np.ndarray,
                 center, size, names: Sequence[str] = (), axes: bool = True,
                 dot_radius: float = 0.035, curve_width: float = 4.0) -> None:
        self.labels = labels
        self.ordered = ordered
        self.center, self.size = np.asarray(center, float), np.asarray(size, float)
        self.classes = sorted(set(int(v) for v in labels))
        self.grid = LineBundle(grid[..., :2] * 0, color=style.GRID, stroke_width=1.2)
        self.axes = LineBundle(np.zeros((2, 2, 2)), color=style.MUTED, stroke_width=1.6)
        self.draw_axes = axes and points.shape[-1] == 2
        self.curves: list[LineBundle] = []
        self.cloud: PointCloud | None = None
        if ordered:
            self.curves = [LineBundle(np.zeros((1, int((labels == c).sum()), 2)),
                                      color=style.class_color(c), stroke_width=curve_width)
                           for c in self.classes]
            self.end_labels = VGroup(*(
                _text(names[c] if c < len(names) else str(c), style.SMALL_SIZE,
                      style.class_color(c)) for c in self.classes))
        else:
            # Class by class, so the later classes draw over the earlier ones.
            self.order = np.argsort(labels, kind="stable")
            ordered_labels = labels[self.order]
            self.cloud = PointCloud(np.zeros((len(labels), 2)),
                                    colors=[style.class_color(c) for c in ordered_labels],
                                    markers=[MARKER_OF_CLASS[c % 2] for c in ordered_labels],
                                    radius=dot_radius)
            self.end_labels = VGroup()
        self.map: ScreenMap | None = None
        self.lo = self.hi = None

    def mobjects(self) -> VGroup:
        data = VGroup(*self.curves) if self.ordered else self.cloud
        parts = [self.grid] + ([self.axes] if self.draw_axes else []) + [data, self.end_labels]
        return VGroup(*parts)

    def fit(self, lo, hi) -> ScreenMap:
        self.lo, self.hi = np.asarray(lo, float), np.asarray(hi, float)
        self.map = ScreenMap.fit(self.lo, self.hi, self.center, self.size[: len(self.lo)])
        return self.map

    def show(self, points: np.ndarray, grid: np.ndarray, lo, hi) -> None:
        m = self.fit(lo, hi)
        self.grid.set_positions(m(grid))
        if self.draw_axes:
            ax = [line_in_box(w, 0.0, self.lo, self.hi) for w in ((1.0, 0.0), (0.0, 1.0))]
            ax = [a for a in ax if a is not None]
            self.axes.set_positions(m(np.array(ax)) if ax else np.zeros((0, 2, 3)))
        scene_pts = m(points)
        if self.ordered:
            for c, curve, label in zip(self.classes, self.curves, self.end_labels, strict=True):
                line = scene_pts[self.labels == c]
                curve.set_positions(line[None])
                # The label sits just past the curve's outer end, away from the centre.
                end = line[-1]
                away = end - scene_pts.mean(axis=0)
                away = away / (np.linalg.norm(away) + 1e-9)
                label.move_to(end + away * 0.35)
        else:
            self.cloud.set_positions(scene_pts[self.order])

    def legend(self, names: Sequence[str]) -> VGroup:
        rows = []
        for c in self.classes:
            col = style.class_color(c)
            if self.ordered:
                mark = Line(ORIGIN, RIGHT * 0.45, color=col, stroke_width=5)
            else:
                mark = PointCloud(np.zeros((1, 2)), colors=col, radius=0.07,
                                  markers=MARKER_OF_CLASS[c % 2])
            name = names[c] if c < len(names) else str(c)
            rows.append(VGroup(mark, _text(name, style.LABEL_SIZE, col)).arrange(RIGHT, buff=0.2))
        return VGroup(*rows).arrange(DOWN, aligned_edge=LEFT, buff=0.18)


def _readout_mobjects(view: WarpView, w, b: float) -> VGroup:
    """The readout's line (logit = 0) in the view, and both sides tinted by class."""
    m = view.map
    seg = line_in_box(w, b, view.lo, view.hi)
    line = Line(*m(seg), color=style.YELLOW, stroke_width=5) if seg is not None else VGroup()
    sides = VGroup()
    for positive, c in ((False, 0), (True, 1)):
        poly = half_plane(w, b, view.lo, view.hi, positive)
        if poly is not None:
            sides.add(Polygon(*m(poly), stroke_width=0, fill_color=style.class_color(c),
                              fill_opacity=SIDE_OPACITY))
    return VGroup(sides, line)


def tint_behind(scene: Scene, sides: VGroup) -> None:
    """Put the (still invisible) half-plane tints behind everything, to fade in there.

    A ``FadeIn`` would re-add them on top of the data.
    """
    sides.set_fill(opacity=0)
    scene.add(sides)
    scene.bring_to_back(sides)


def _readout_key(names: Sequence[str]) -> VGroup:
    """What the tints mean: logit < 0 reads as class 0, logit > 0 as class 1."""
    rows = []
    for c, sign in ((1, ">"), (0, "<")):
        col = style.class_color(c)
        swatch = Square(0.28, stroke_width=0, fill_color=col, fill_opacity=0.45)
        name = names[c] if c < len(names) else str(c)
        rows.append(VGroup(swatch, _text(f"logit {sign} 0 \u2192 {name}", style.SMALL_SIZE, col))
                    .arrange(RIGHT, buff=0.18))
    return VGroup(*rows).arrange(DOWN, aligned_edge=LEFT, buff=0.12)


class UntangleCurves(WarpSettings, LectureScene):
    """Two tangled curves pulled apart by a width-2 tanh network, one motion at a time."""

    title = "A network untangles two curves"
    # Seconds for the three motions of a layer: linear map, shift, bend.
    step_times = (2.0, 1.2, 2.0)
    PANEL_CENTER = (-1.75, -0.35, 0.0)
    PANEL_SIZE = (9.6, 6.7)
    SIDE_X = 5.05

    def construct(self) -> None:
        self.art = untangle(self.data_config(), self.hidden, self.activation,
                            self.train_config())
        self.names = [str(s) for s in self.art["class_names"]]
        self.n_layers = int(self.art["stage_layer"].max())
        self.set_up_view()
        self.introduce_data()
        for layer in range(1, self.n_layers + 1):
            for step in (1, 2, 3):
                self.layer_step(layer, step)
        self.readout()

    # --- set-up ----------------------------------------------------------------

    def set_up_view(self) -> None:
        a = self.art
        self.sp, self.sg = a["stage_points"], a["stage_grid"]
        self.box_lo, self.box_hi = stage_boxes(self.sp, self.sg)
        self.view = WarpView(a["points"], a["labels"], bool(a["ordered"]), a["grid"],
                             self.PANEL_CENTER, self.PANEL_SIZE, self.names)
        self.stage = ValueTracker(0.0)
        self.refresh()
        self.caption = _text("The input plane", style.CAPTION_SIZE).to_edge(UP, buff=0.3)
        self.caption.set_x(self.PANEL_CENTER[0])
        legend = self.view.legend(self.names)
        net = _text(self.net_text(), style.SMALL_SIZE, style.MUTED)
        side = VGroup(legend, net).arrange(DOWN, aligned_edge=LEFT, buff=0.35)
        side.move_to([self.SIDE_X, 2.55, 0]).to_edge(RIGHT, buff=0.3).align_to(
            [0, 3.6, 0], UP)
        self.side_top = side.get_bottom()[1] - 0.35
        self.side_left = side.get_left()[0]
        self.formula: Mobject = VGroup()
        self.add(side, self.caption)
        self.warp = self.view.mobjects()
        # The one updater lives on its own mobject, added before everything that moves:
        # fading in part of a group would dissolve the group and drop its updater.
        self.driver = Mobject()
        self.driver.add_updater(lambda _m: self.refresh())
        self.add(self.driver)

    def refresh(self) -> None:
        """The one updater: the stage index picks (and blends) the recorded states."""
        s = self.stage.get_value()
        self.view.show(lerp_states(self.sp, s), lerp_states(self.sg, s),
                       lerp_states(self.box_lo, s), lerp_states(self.box_hi, s))

    def set_caption(self, text: str | None, formula: Mobject | None = None) -> list[Animation]:
        anims: list[Animation] = []
        if text is not None:
            new = _text(text, style.CAPTION_SIZE).move_to(self.caption)
            anims.append(FadeTransform(self.caption, new))
            self.caption = new
        if formula is not None:
            formula.next_to([self.side_left, self.side_top, 0], DOWN + RIGHT, buff=0)
            anims.append(FadeTransform(self.formula, formula) if len(self.formula) else
                         FadeIn(formula))
            self.formula = formula
        return anims

    # --- beats -----------------------------------------------------------------

    def introduce_data(self) -> None:
        n = len(self.art["labels"])
        what = "two curves" if self.view.ordered else "two classes of points"
        t0 = self.say(
            "The tangled input",
            f"Here are {what}, {n} points in the plane, with the grid of the input "
            "plane behind them. No straight line separates them here.",
        )
        space = _text("input space (x\u2081, x\u2082)", style.SMALL_SIZE, style.MUTED)
        formula = VGroup(space)
        self.play(Create(self.view.grid), run_time=1.2)
        self.play(FadeIn(VGroup(*self.warp[1:])), *self.set_caption(None, formula), run_time=1.2)
        self.pace(*t0)

    def layer_step(self, layer: int, step: int) -> None:
        i = layer - 1
        W, b = self.art[f"param_W{i}"], self.art[f"param_b{i}"]
        act = ACT_NAME[self.activation]
        prev = "x" if layer == 1 else f"a_{{{layer - 1}}}"
        if step == 1:
            self.shows(f"W{i}", W)
            caption = f"Layer {layer} \u00b7 linear map W"
            narration = (f"Layer {layer}, first motion: the weight matrix W{layer} rotates, "
                         "scales and shears the plane. Grid lines stay straight and parallel.")
            rows = r"\\".join(" & ".join(_num(v, 1) for v in row) for row in W)
            tex = (rf"W_{{{layer}}} = \begin{{bmatrix}}{rows}\end{{bmatrix}}")
            formula = VGroup(MathTex(rf"{prev} \mapsto W_{{{layer}}}\,{prev}", font_size=34),
                             MathTex(tex, font_size=30))
        elif step == 2:
            self.shows(f"b{i}", b)
            caption = f"Layer {layer} \u00b7 shift b"
            narration = f"Second motion: the bias b{layer} shifts everything; nothing bends."
            col = r"\\".join(_num(v, 2) for v in b)
            tex = rf"b_{{{layer}}} = \begin{{bmatrix}}{col}\end{{bmatrix}}"
            formula = VGroup(
                MathTex(rf"\mapsto W_{{{layer}}}\,{prev} + b_{{{layer}}}", font_size=34),
                MathTex(tex, font_size=30))
        else:
            caption = f"Layer {layer} \u00b7 bend {act}"
            narration = (f"Third motion: {act} bends every coordinate on its own, "
                         "squeezing the plane into a square without tearing it.")
            if self.activation != "tanh":
                narration = (f"Third motion: {act} acts on every coordinate on its own "
                             "and bends the plane.")
            formula = VGroup(MathTex(
                rf"a_{{{layer}}} = {ACT_TEX[self.activation]}(W_{{{layer}}}\,{prev} + "
                rf"b_{{{layer}}})", font_size=34),
                _text(f"hidden layer {layer} space", style.SMALL_SIZE, style.MUTED))
        formula.arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        t0 = self.say(caption, narration)
        self.play(*self.set_caption(caption, formula), run_time=0.6)
        target = 3 * i + step
        self.play(self.stage.animate.set_value(target), run_time=self.step_times[step - 1],
                  rate_func=smooth)
        self.pace(*t0, at_least=0.4)

    def readout(self) -> None:
        a = self.art
        acc = float(a["accuracy"])
        n = len(a["labels"])
        correct = int(round(acc * n))
        t0 = self.say(
            "The readout line",
            "The last layer is a straight line in this final space: one side is read as "
            f"{self.names[1]}, the other as {self.names[0]}. It classifies {correct} of "
            f"{n} points correctly.",
        )
        self.driver.clear_updaters()
        sides, line = _readout_mobjects(self.view, a["readout_w"], float(a["readout_b"]))
        self.shows("readout_w", a["readout_w"])
        self.shows("readout_b", float(a["readout_b"]))
        formula = VGroup(
            MathTex(rf"\text{{logit}} = w \cdot a_{{{self.n_layers}}} + b = 0", font_size=32),
            _text(f"accuracy {pct(self.shows('accuracy', acc))}", style.CAPTION_SIZE,
                  style.YELLOW),
            _text(f"{correct} of {n} points", style.SMALL_SIZE, style.MUTED),
            _readout_key(self.names),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        self.shows("correct", correct)
        self.play(*self.set_caption("The readout: one straight line", formula), run_time=0.6)
        tint_behind(self, sides)
        self.play(Create(line), sides.animate.set_fill(opacity=SIDE_OPACITY), run_time=1.2)
        self.pace(*t0, at_least=1.5)


class LiftToThreeD(WarpSettings, LectureThreeDScene):
    """A disk inside a ring: width 3 lifts the disk out; width 2 cannot."""

    title = "A third dimension separates a disk from a ring"
    dataset = LIFT_DATA.name
    n = LIFT_DATA.n
    noise = LIFT_DATA.noise
    data_seed = LIFT_DATA.seed
    hidden = LIFT_HIDDEN
    compare_hidden = LIFT_COMPARE_HIDDEN
    epochs = LIFT_TRAIN.epochs
    lr = LIFT_TRAIN.lr
    optimizer = LIFT_TRAIN.optimizer
    seed = LIFT_TRAIN.seed
    CUBE = (5.0, 5.0, 5.0)

    def construct(self) -> None:
        self.art = lift(self.data_config(), self.hidden, self.activation, self.train_config(),
                        self.compare_hidden)
        self.names = [str(s) for s in self.art["class_names"]]
        self.set_up()
        self.flat_data()
        self.lift_up()
        self.separating_plane()
        self.width_two()

    def set_up(self) -> None:
        a = self.art
        self.sp, self.sg = a["stage_points"], a["stage_grid"]
        self.box_lo, self.box_hi = stage_boxes(self.sp, self.sg)
        labels = a["labels"]
        # Two views sharing the grid: draw order ring, (plane), disk, so the disk
        # that faces the camera is drawn over the plane.
        self.view = WarpView(a["points"], labels, False, a["grid"], ORIGIN, self.CUBE,
                             self.names, axes=False, dot_radius=0.04)
        self.stage = ValueTracker(0.0)
        self.refresh()
        # The cloud holds one mobject per class, in class order: ring (0), disk (1).
        self.ring, self.disk = self.view.cloud.submobjects[:2]
        self.caption = _text("A disk inside a ring", style.CAPTION_SIZE).to_edge(UP, buff=0.3)
        legend = self.view.legend(self.names).to_corner(UR, buff=0.35)
        self.add_fixed_in_frame_mobjects(self.caption, legend)
        self.driver = Mobject()
        self.driver.add_updater(lambda _m: self.refresh())

    def refresh(self) -> None:
        s = self.stage.get_value()
        self.view.show(lerp_states(self.sp, s), lerp_states(self.sg, s),
                       lerp_states(self.box_lo, s), lerp_states(self.box_hi, s))

    def recaption(self, text: str) -> Animation:
        # Fade out and in: a FadeTransform's in-between copies would not be fixed in frame.
        new = _text(text, style.CAPTION_SIZE).move_to(self.caption)
        self.add_fixed_in_frame_mobjects(new)
        self.remove(new)
        old, self.caption = self.caption, new
        return AnimationGroup(FadeOut(old, run_time=0.3), FadeIn(new), lag_ratio=0.5)

    def flat_data(self) -> None:
        t0 = self.say(
            "A disk inside a ring",
            "The disk sits inside the ring. In the plane, no straight line can cut one "
            "from the other.",
        )
        # The driver first: mobjects added after the first updated one are redrawn each frame.
        self.add(self.driver, self.view.grid, self.ring, self.disk)
        self.play(FadeIn(self.view.grid), FadeIn(self.ring), FadeIn(self.disk), run_time=1.2)
        self.pace(*t0)

    def lift_up(self) -> None:
        width = self.hidden[0]
        t0 = self.say(
            "Lifted into three dimensions",
            f"A layer of {width} tanh units maps the plane into {width}-dimensional space: "
            "the linear map tilts it, the shift moves it, the bend curves it, and the disk "
            "rises out of the ring.",
        )
        n_stages = len(self.sp) - 1
        self.play(self.recaption(f"Layer 1 ({width} units): the plane enters 3-D"),
                  run_time=0.6)
        # Face the plane W maps the input onto (not edge-on), from above.
        W = self.art["param_W0"]
        n = np.cross(W[:, 0], W[:, 1]) if W.shape == (3, 2) else np.array([0.0, -1.0, 1.0])
        phi, theta = oblique_view(n if n[2] >= 0 else -n, 50)
        self.move_camera(phi=phi, theta=theta, run_time=1.6)
        steps = ("linear map W", "shift b", f"bend {ACT_NAME[self.activation]}")
        for target in range(1, n_stages + 1):
            layer, step = (target - 1) // 3 + 1, (target - 1) % 3
            self.play(self.recaption(f"Layer {layer} \u00b7 {steps[step]}"), run_time=0.4)
            self.play(self.stage.animate.set_value(target), run_time=1.6, rate_func=smooth)
        self.pace(*t0, at_least=0.3)

    def separating_plane(self) -> None:
        a = self.art
        acc = float(a["accuracy"])
        w, b = a["readout_w"], float(a["readout_b"])
        t0 = self.say(
            "A plane separates them",
            "Now a flat plane separates the lifted disk from the ring: the readout "
            f"classifies {pct(acc)} of the points correctly.",
        )
        self.driver.clear_updaters()
        m = self.view.map
        poly = plane_in_box(w, b, self.view.lo, self.view.hi)
        plane = Polygon(*m(poly), color=style.YELLOW, stroke_width=2, fill_color=style.YELLOW,
                        fill_opacity=0.28) if poly is not None else VGroup()
        # Look at the plane obliquely from the disk's side (logit > 0), so the disk is in front.
        phi, theta = oblique_view(w, 72)
        acc_text = _text(f"width {self.hidden[0]}: accuracy {pct(self.shows('accuracy', acc))}",
                         style.CAPTION_SIZE, style.YELLOW).to_corner(DL, buff=0.4)
        self.shows("plane_w", w)
        self.shows("plane_b", b)
        self.remove(self.disk)
        self.add(plane, self.disk)
        self.add_fixed_in_frame_mobjects(acc_text)
        self.remove(acc_text)
        self.play(self.recaption("The readout: a separating plane"), Create(plane), run_time=1.2)
        self.move_camera(phi=phi, theta=theta, run_time=2.0)
        self.play(FadeIn(acc_text), run_time=0.6)
        self.move_camera(theta=theta + 25 * DEGREES, run_time=2.5, rate_func=there_and_back)
        self.pace(*t0, at_least=0.5)
        self.lifted = VGroup(plane, self.view.grid, self.ring, self.disk)
        self.acc3 = acc_text

    def width_two(self) -> None:
        a = self.art
        acc = float(a["cmp_accuracy"])
        widths = " \u2192 ".join(map(str, (2, *self.compare_hidden, 1)))
        t0 = self.say(
            "Width 2 is not enough",
            f"With width 2 ({widths}) a layer can only stretch and bend the plane, never "
            "tear it, however many layers there are: the ring stays around the disk, and the "
            f"best line gets {pct(acc)}.",
        )
        sp, sg = a["cmp_stage_points"], a["cmp_stage_grid"]
        lo, hi = stage_boxes(sp, sg)
        view = WarpView(a["points"], a["labels"], False, a["grid"], (0, -0.3, 0), (6.4, 6.4),
                        self.names, axes=False)
        stage = ValueTracker(0.0)

        def refresh(_m):
            s = stage.get_value()
            view.show(lerp_states(sp, s), lerp_states(sg, s), lerp_states(lo, s),
                      lerp_states(hi, s))

        mobs = view.mobjects()
        refresh(None)
        self.play(FadeOut(self.lifted), FadeOut(self.acc3),
                  self.recaption(f"Width 2 instead: {widths}"), run_time=0.8)
        self.move_camera(phi=0, theta=-90 * DEGREES, run_time=1.2, added_anims=[FadeIn(mobs)])
        mobs.add_updater(refresh)
        self.play(stage.animate.set_value(len(sp) - 1), run_time=4.5, rate_func=smooth)
        mobs.clear_updaters()
        parts = _readout_mobjects(view, a["cmp_readout_w"], float(a["cmp_readout_b"]))
        acc_text = _text(f"width 2: accuracy {pct(self.shows('cmp_accuracy', acc))}",
                         style.CAPTION_SIZE, style.YELLOW).to_corner(DL, buff=0.4)
        self.add_fixed_in_frame_mobjects(acc_text)
        self.remove(acc_text)
        sides, line = parts
        tint_behind(self, sides)
        self.play(Create(line), sides.animate.set_fill(opacity=SIDE_OPACITY), FadeIn(acc_text),
                  run_time=1.0)
        self.pace(*t0, at_least=1.5)


class WarpDuringTraining(WarpSettings, LectureScene):
    """The hidden space and the input-space boundary, snapshot by snapshot while training."""

    title = "The warp, as the network learns"
    n_snapshots = 40
    training_seconds = 12.0  # the whole training run, snapshot by snapshot
    LEFT_CENTER = (-3.55, -0.35, 0.0)
    RIGHT_CENTER = (3.55, -0.35, 0.0)
    PANEL = (6.4, 5.3)

    def construct(self) -> None:
        self.art = training_warp(self.data_config(), self.hidden, self.activation,
                                 self.train_config(), n_snapshots=self.n_snapshots)
        self.names = [str(s) for s in self.art["class_names"]]
        self.set_up()
        self.before_training()
        self.training()
        self.trained()

    def set_up(self) -> None:
        a = self.art
        hp, hg = a["hidden_points"], a["hidden_grid"]
        # One fixed box over all snapshots: the hidden space's own scale stays visible.
        lo, hi = stage_boxes(hp, hg)
        self.h_lo, self.h_hi = lo.min(axis=0), hi.max(axis=0)
        ordered = bool(a["ordered"])
        self.hidden_view = WarpView(a["points"], a["labels"], ordered, a["grid"],
                                    self.LEFT_CENTER, self.PANEL, self.names, curve_width=3)
        self.input_view = WarpView(a["points"], a["labels"], ordered, a["grid"],
                                   self.RIGHT_CENTER, self.PANEL, self.names, curve_width=3)
        dlo, dhi = a["domain_lo"], a["domain_hi"]
        self.input_view.show(a["points"], a["grid"], dlo, dhi)
        m = self.input_view.map
        fx, fy = a["field_x"], a["field_y"]
        # One shading cell centred on every field sample.
        self.cells = (slice(None), slice(None))
        cx, cy = fx[self.cells[0]], fy[self.cells[1]]
        hx, hy = (cx[1] - cx[0]) / 2, (cy[1] - cy[0]) / 2
        c0, c1 = m(np.array([[cx[0] - hx, cy[0] - hy], [cx[-1] + hx, cy[-1] + hy]]))
        styles = [(style.class_color(c), op) for c in (0, 1) for op in SHADE_OPACITY]
        self.shade = CellShading(c0, c1, (len(cx), len(cy)), styles)
        self.shade.set_cells(self.shade_cells(a["field"][0]))
        self.boundary = LineBundle(np.zeros((0, 2, 2)), color=style.YELLOW, stroke_width=4)
        self.readout = LineBundle(np.zeros((0, 2, 2)), color=style.YELLOW, stroke_width=4)
        self.t = ValueTracker(0.0)
        self.shown_k = -1
        title = _text("Training: the warp and the boundary", style.CAPTION_SIZE).to_edge(
            UP, buff=0.25)
        heads = VGroup(
            _text(f"hidden layer {len(self.hidden)} (the last)", style.LABEL_SIZE,
                  style.MUTED).move_to([self.LEFT_CENTER[0], 2.85, 0]),
            _text("input space: decision boundary", style.LABEL_SIZE, style.MUTED).move_to(
                [self.RIGHT_CENTER[0], 2.85, 0]),
        )
        self.counters = VGroup()
        self.add(title, heads)
        self.static_input = self.input_view.mobjects()

    def shade_cells(self, field: np.ndarray) -> np.ndarray:
        """Each cell's style: the predicted class, in three steps of certainty |2p − 1|."""
        f = np.asarray(field)[self.cells]
        sure = np.abs(np.tanh(f / 2.0))  # |2 p − 1| with p = sigmoid(logit)
        level = np.digitize(sure, SHADE_LEVELS)
        return (f > 0).astype(int) * len(SHADE_OPACITY) + level

    def counter_row(self, k: int) -> VGroup:
        a = self.art
        epoch = int(a["epochs"][k])
        loss = float(a["loss"][k])
        acc = float(a["train_accuracy"][k])
        test = float(a["test_accuracy"][k])
        self.shows("epoch", epoch)
        self.shows("loss", loss)
        self.shows("accuracy", acc)
        self.shows("test_accuracy", test)
        row = VGroup(
            _text(f"epoch {epoch}", style.CAPTION_SIZE),
            _text(f"loss {loss:.4f}", style.CAPTION_SIZE),
            _text(f"train accuracy {pct(acc)}", style.CAPTION_SIZE, style.YELLOW),
            _text(f"test {pct(test)}", style.CAPTION_SIZE, style.MUTED),
        ).arrange(RIGHT, buff=0.55)
        return row.to_edge(DOWN, buff=0.25)

    def refresh(self) -> None:
        a = self.art
        s = self.t.get_value()
        hp = lerp_states(a["hidden_points"], s)
        hg = lerp_states(a["hidden_grid"], s)
        self.hidden_view.show(hp, hg, self.h_lo, self.h_hi)
        w, b = lerp_states(a["readout_w"], s), float(lerp_states(a["readout_b"], s))
        seg = line_in_box(w, b, self.h_lo, self.h_hi)
        self.readout.set_positions(self.hidden_view.map(seg[None]) if seg is not None
                                   else np.zeros((0, 2, 3)))
        field = lerp_states(a["field"], s)
        segs, _ = contour_segments(field, a["field_x"], a["field_y"], np.array([0.0]))
        self.boundary.set_positions(self.input_view.map(segs) if len(segs) else
                                    np.zeros((0, 2, 3)))
        self.shade.set_cells(self.shade_cells(field))
        # Counters show the snapshot on screen (the last one reached).
        k = int(np.floor(s + 1e-9))
        if k != self.shown_k:
            self.shown_k = k
            row = self.counter_row(k)
            if len(self.counters):
                self.counters.become(row)
            else:
                self.counters.add(*row)

    def before_training(self) -> None:
        t0 = self.say(
            "Before training",
            "Right: the input plane and the network's decision boundary. Left: the same "
            "grid and data in the last hidden layer. Before training, both are arbitrary.",
        )
        self.refresh()
        self.add(self.shade, self.static_input, self.readout, self.boundary,
                 self.hidden_view.mobjects(), self.counters)
        self.play(FadeIn(self.shade), FadeIn(self.static_input),
                  FadeIn(self.hidden_view.mobjects()), FadeIn(self.counters),
                  FadeIn(self.boundary), FadeIn(self.readout), run_time=1.2)
        self.pace(*t0)

    def training(self) -> None:
        a = self.art
        t0 = self.say(
            "Training warps the space",
            f"Training runs for {int(a['epochs'][-1])} epochs. Step by step the layers "
            "learn a warp that pulls the classes apart until the readout line separates "
            "them; in the input plane the boundary bends to follow the data.",
        )
        # The updater sits on the first moving mobject: everything after it is redrawn.
        self.shade.add_updater(lambda _m: self.refresh())
        self.play(self.t.animate.set_value(len(a["epochs"]) - 1), run_time=self.training_seconds,
                  rate_func=linear)
        self.shade.clear_updaters()
        self.refresh()
        self.pace(*t0, at_least=0.3)

    def trained(self) -> None:
        a = self.art
        t0 = self.say(
            "Trained",
            f"After training: loss {float(a['loss'][-1]):.4f}, accuracy "
            f"{pct(a['train_accuracy'][-1])} on the training points; test accuracy "
            f"{pct(a['test_accuracy'][-1])}.",
        )
        self.play(Indicate(self.counters[2], color=style.YELLOW), run_time=1.0)
        self.pace(*t0, at_least=1.0)
