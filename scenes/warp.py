"""The lecture's central picture: a network warps the plane until a line separates the classes.

* :class:`UntangleCurves`: two tangled curves and the input grid, pushed through
  a tanh network whose hidden layers all have width 2, one layer at a time and
  each layer in Olah's three motions (linear map W, shift b, bend σ); then the
  readout's straight line separates them, with the accuracy.
* :class:`LiftToThreeD`: a disk inside a ring; one width-3 layer lifts the
  plane into 3-D, the disk rises out of the ring and a plane separates them;
  then a width-2 stack tries and fails.
* :class:`WarpDuringTraining`: the last hidden space and the input-space
  decision boundary side by side, snapshot by snapshot while training runs;
  the hidden view (axes h₁, h₂ with numbers) rescales to fit each snapshot.

On-screen words and narration live in ``TEXT`` (English and Chinese;
``DEEPWARP_LANG=zh`` picks Chinese).

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
from scenes.common.i18n import Catalogue
from scenes.common.mobjects import (
    CellShading,
    LineBundle,
    PointCloud,
    ScreenMap,
    lerp_states,
    line_in_box,
    plane_in_box,
)
from scenes.common.text import LiveText, fmt, label, pct, set_texts

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
    "nice_step",
    "tick_label",
    "expand_to_aspect",
    "AxisTicks",
    "act_name",
    "class_name",
    "TEXT",
]

TEXT = Catalogue(
    en={
        "title.UntangleCurves": "A network untangles two curves",
        "title.LiftToThreeD": "A third dimension separates a disk from a ring",
        "title.WarpDuringTraining": "The warp, as the network learns",
        # --- shared
        "net": "{act} network {widths}",
        "act.linear": "identity",
        "class.curve A": "curve A",
        "class.curve B": "curve B",
        "class.ring": "ring",
        "class.disk": "disk",
        "class.negative": "negative",
        "class.positive": "positive",
        "logit_key": "logit {sign} 0 \u2192 {name}",
        # Layer steps: beat names, captions and narration (UntangleCurves; captions also in 3-D)
        "linear.name": "Layer {layer} \u00b7 linear map W",
        "linear.say": "Layer {layer}, first motion: the weight matrix W{layer} rotates, "
                      "scales and shears the plane. Grid lines stay straight and parallel.",
        "shift.name": "Layer {layer} \u00b7 shift b",
        "shift.say": "Second motion: the bias b{layer} shifts everything; nothing bends.",
        "bend.name": "Layer {layer} \u00b7 bend {act}",
        "bend.say": "Third motion: {act} bends every coordinate on its own, squeezing the "
                    "plane into a square without tearing it.",
        "bend_other.name": "Layer {layer} \u00b7 bend {act}",
        "bend_other.say": "Third motion: {act} acts on every coordinate on its own and bends "
                          "the plane.",
        # --- UntangleCurves
        "input_plane": "The input plane",
        "what_curves": "two curves",
        "what_points": "two classes of points",
        "data.name": "The tangled input",
        "data.say": "Here are {what}, {n} points in the plane, with the grid of the input "
                    "plane behind them. No straight line separates them here.",
        "input_space": "input space (x\u2081, x\u2082)",
        "hidden_space": "hidden layer {layer} space",
        "readout.name": "The readout line",
        "readout.say": "The last layer is a straight line in this final space: one side is "
                       "read as {pos}, the other as {neg}. It classifies {correct} of {n} "
                       "points correctly.",
        "readout_caption": "The readout: one straight line",
        "accuracy": "accuracy {acc}",
        "correct_of": "{correct} of {n} points",
        # --- LiftToThreeD
        "disk_in_ring": "A disk inside a ring",
        "flat.name": "A disk inside a ring",
        "flat.say": "The disk sits inside the ring. In the plane, no straight line can cut one "
                    "from the other.",
        "lift.name": "Lifted into three dimensions",
        "lift.say": "A layer of {width} {act} units maps the plane into {width}-dimensional "
                    "space: the linear map tilts it, the shift moves it, the bend curves it, "
                    "and the disk rises out of the ring.",
        "enters_3d": "Layer 1 ({width} units): the plane enters 3-D",
        "plane.name": "A plane separates them",
        "plane.say": "Now a flat plane separates the lifted disk from the ring: the readout "
                     "classifies {acc} of the points correctly.",
        "plane_caption": "The readout: a separating plane",
        "width_accuracy": "width {width}: accuracy {acc}",
        "two.name": "Width 2 is not enough",
        "two.say": "With width 2 ({widths}) a layer can only stretch and bend the plane, never "
                   "tear it, however many layers there are: the ring stays around the disk, "
                   "and the best line gets {acc}.",
        "two_caption": "Width 2 instead: {widths}",
        # --- WarpDuringTraining
        "train_title": "Training: the warp and the boundary",
        "hidden_head": "hidden layer {k} (the last)",
        "input_head": "input space: decision boundary",
        "rescale_note": "the axes rescale to fit the data",
        "readout_away": "readout line: outside this view",
        "epoch": "epoch {epoch}",
        "loss": "loss {loss}",
        "train_accuracy": "train accuracy {acc}",
        "test_accuracy": "test {acc}",
        "before.name": "Before training",
        "before.say": "Right: the input plane and the network's decision boundary. Left: the "
                      "same grid and data in the last hidden layer. Before training, both are "
                      "arbitrary.",
        "training.name": "Training warps the space",
        "training.say": "Training runs for {epochs} epochs. Step by step the layers learn a "
                        "warp that pulls the classes apart until the readout line separates "
                        "them; in the input plane the boundary bends to follow the data.",
        "trained.name": "Trained",
        "trained.say": "After training: loss {loss}, accuracy {acc} on the training points; "
                       "test accuracy {test}.",
    },
    zh={
        "title.UntangleCurves": "网络解开两条缠绕的曲线",
        "title.LiftToThreeD": "第三个维度把圆盘与圆环分开",
        "title.WarpDuringTraining": "网络学习时空间的扭曲",
        # --- shared
        "net": "{act} 网络 {widths}",
        "act.linear": "恒等",
        "class.curve A": "曲线 A",
        "class.curve B": "曲线 B",
        "class.ring": "圆环",
        "class.disk": "圆盘",
        "class.negative": "负类",
        "class.positive": "正类",
        "logit_key": "logit {sign} 0 \u2192 {name}",
        "linear.name": "第 {layer} 层 \u00b7 线性变换 W",
        "linear.say": "第 {layer} 层，第一个动作：权重矩阵 W{layer} 把平面旋转、缩放、错切。"
                      "网格线仍然是直的，而且保持平行。",
        "shift.name": "第 {layer} 层 \u00b7 平移 b",
        "shift.say": "第二个动作：偏置 b{layer} 把一切整体平移，没有任何弯曲。",
        "bend.name": "第 {layer} 层 \u00b7 {act} 弯曲",
        "bend.say": "第三个动作：{act} 对每个坐标分别作用，把平面弯曲、压进一个正方形里，"
                    "但不会撕裂它。",
        "bend_other.name": "第 {layer} 层 \u00b7 {act} 弯曲",
        "bend_other.say": "第三个动作：{act} 对每个坐标分别作用，把平面弯曲。",
        # --- UntangleCurves
        "input_plane": "输入平面",
        "what_curves": "两条曲线",
        "what_points": "两类点",
        "data.name": "缠绕在一起的输入",
        "data.say": "这里是{what}，平面上共 {n} 个点，背后是输入平面的网格。"
                    "在这里，没有哪条直线能把它们分开。",
        "input_space": "输入空间 (x\u2081, x\u2082)",
        "hidden_space": "第 {layer} 个隐藏层的空间",
        "readout.name": "读出直线",
        "readout.say": "最后一层是这个最终空间里的一条直线：一侧读作{pos}，另一侧读作{neg}。"
                       "它把 {n} 个点中的 {correct} 个分类正确。",
        "readout_caption": "读出层：一条直线",
        "accuracy": "准确率 {acc}",
        "correct_of": "{n} 个点中对了 {correct} 个",
        # --- LiftToThreeD
        "disk_in_ring": "圆环里的圆盘",
        "flat.name": "圆环里的圆盘",
        "flat.say": "圆盘在圆环的里面。在平面上，没有哪条直线能把两者分开。",
        "lift.name": "升到三维",
        "lift.say": "一个由 {width} 个 {act} 单元组成的层把平面映射到 {width} 维空间："
                    "线性变换把它倾斜，平移把它移动，弯曲把它弯折，圆盘就从圆环中升了起来。",
        "enters_3d": "第 1 层（{width} 个单元）：平面进入三维",
        "plane.name": "一个平面把它们分开",
        "plane.say": "现在一个平坦的平面把升起的圆盘和圆环分开：读出层把 {acc} 的点分类正确。",
        "plane_caption": "读出层：一个分隔平面",
        "width_accuracy": "宽度 {width}：准确率 {acc}",
        "two.name": "宽度 2 不够",
        "two.say": "宽度为 2 时（{widths}），一层只能拉伸和弯曲平面，永远不能撕开它，"
                   "不管有多少层都一样：圆环始终包围着圆盘，最好的直线也只有 {acc}。",
        "two_caption": "换成宽度 2：{widths}",
        # --- WarpDuringTraining
        "train_title": "训练：空间的扭曲与决策边界",
        "hidden_head": "第 {k} 个隐藏层（最后一层）",
        "input_head": "输入空间：决策边界",
        "rescale_note": "坐标轴随数据缩放",
        "readout_away": "读出直线：在视野之外",
        "epoch": "第 {epoch} 轮",
        "loss": "损失 {loss}",
        "train_accuracy": "训练准确率 {acc}",
        "test_accuracy": "测试 {acc}",
        "before.name": "训练之前",
        "before.say": "右边：输入平面和网络的决策边界。左边：同样的网格和数据"
                      "在最后一个隐藏层里的样子。训练之前，两者都是随意的。",
        "training.name": "训练扭曲了空间",
        "training.say": "训练进行 {epochs} 轮。各层一步一步学会一种扭曲，把两类数据拉开，"
                        "直到读出直线能把它们分开；在输入平面上，决策边界也弯曲起来，贴合数据。",
        "trained.name": "训练完成",
        "trained.say": "训练之后：损失 {loss}，训练点上的准确率 {acc}；测试准确率 {test}。",
    },
)

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


def act_name(activation: str) -> str:
    """How σ is named on screen, in the current language."""
    return TEXT["act.linear"] if activation == "linear" else ACT_NAME[activation]


def class_name(name: str) -> str:
    """A class name on screen: built-in datasets' names are translated, a CSV's are kept."""
    key = f"class.{name}"
    return TEXT[key] if key in TEXT.keys() else name


def nice_step(extent: float, max_intervals: int = 5) -> float:
    """The smallest tick step 1, 2 or 5 × 10^k giving at most ``max_intervals`` over ``extent``.

    >>> nice_step(0.38), nice_step(2.2), nice_step(7.0)
    (0.1, 0.5, 2.0)
    """
    raw = max(float(extent), 1e-12) / max_intervals
    k = 10.0 ** np.floor(np.log10(raw))
    for m in (1.0, 2.0, 5.0, 10.0):
        if m * k >= raw * (1 - 1e-9):
            return float(round(m * k, 12))
    return float(10 * k)


def tick_label(value: float, step: float) -> str:
    """A tick's number with as many decimals as the step needs, and a true minus sign.

    >>> tick_label(-0.5, 0.1), tick_label(1.0, 0.5), tick_label(-0.0, 0.2)
    ('−0.5', '1.0', '0.0')
    """
    decimals = max(0, int(-np.floor(np.log10(step) + 1e-9)))
    s = f"{value:.{decimals}f}"
    if float(s) == 0:
        s = s.lstrip("-")
    return s.replace("-", "−")


def expand_to_aspect(lo, hi, aspect: float) -> tuple[np.ndarray, np.ndarray]:
    """Grow the boxes ``[lo, hi]`` (``(..., 2)``) about their centres to width/height = aspect.

    A box of the panel's shape fills the panel exactly, so the panel's edges
    are the box's edges and can carry its axes. Linear interpolation between
    two such boxes keeps the aspect.
    """
    lo, hi = np.asarray(lo, float), np.asarray(hi, float)
    c, size = (lo + hi) / 2, hi - lo
    w = np.maximum(size[..., 0], size[..., 1] * aspect)
    half = np.stack([w, w / aspect], axis=-1) / 2
    return c - half, c + half


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
        widths = " \u2192 ".join(map(str, (2, *self.hidden, 1)))
        return TEXT.format("net", act=act_name(self.activation), widths=widths)


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
                label(names[c] if c < len(names) else str(c), style.SMALL_SIZE,
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
            for c, curve, tag in zip(self.classes, self.curves, self.end_labels, strict=True):
                line = scene_pts[self.labels == c]
                curve.set_positions(line[None])
                # The label sits just past the curve's outer end, away from the centre.
                end = line[-1]
                away = end - scene_pts.mean(axis=0)
                away = away / (np.linalg.norm(away) + 1e-9)
                tag.move_to(end + away * 0.35)
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
            rows.append(VGroup(mark, label(name, style.LABEL_SIZE, col)).arrange(RIGHT, buff=0.2))
        return VGroup(*rows).arrange(DOWN, aligned_edge=LEFT, buff=0.18)


class AxisTicks:
    """Tick marks and numbers along the bottom and left edges of a panel.

    ``update(m, lo, hi)`` labels the data box ``[lo, hi]`` whose corners the
    map ``m`` puts on the panel's corners. The step follows the box
    (:func:`nice_step`), so a view that rescales to fit its data shows its
    scale. Each number is a ``Text`` made once per string and then only moved,
    which keeps a rescaling view cheap to redraw every frame. Numbers no longer
    needed are hidden, not removed: a running ``play`` keeps drawing the
    submobjects it found at its start.
    """

    def __init__(self, size: float = style.SMALL_SIZE - 2, color: str = style.MUTED,
                 tick: float = 0.09) -> None:
        self.size, self.color, self.tick = size, color, tick
        self.marks = LineBundle(np.zeros((0, 2, 2)), color=color, stroke_width=1.5)
        self.labels = VGroup()
        self._made: dict[tuple[int, str], Text] = {}
        self._shown: set[tuple[int, str]] = set()
        self.values: tuple[np.ndarray, np.ndarray] = (np.zeros(0), np.zeros(0))
        self.step = 0.0

    def mobjects(self) -> VGroup:
        return VGroup(self.marks, self.labels)

    def _label(self, key: tuple[int, str]) -> Text:
        if key not in self._made:
            self._made[key] = label(key[1], self.size, self.color)
            self.labels.add(self._made[key])
            self._shown.add(key)
        return self._made[key]

    def update(self, m: ScreenMap, lo, hi) -> None:
        lo, hi = np.asarray(lo, float), np.asarray(hi, float)
        (x0, y0, _), (x1, y1, _) = m(np.stack([lo, hi]))
        self.step = step = nice_step(float(np.max(hi - lo)))
        segs, shown, values = [], set(), []
        for axis in (0, 1):
            i = np.arange(np.ceil(lo[axis] / step - 1e-9), np.floor(hi[axis] / step + 1e-9) + 1)
            v = i * step
            values.append(v)
            frac = (v - lo[axis]) / (hi[axis] - lo[axis])
            for value, f in zip(v, frac, strict=True):
                key = (axis, tick_label(value, step))
                lab = self._label(key)
                shown.add(key)
                if axis == 0:
                    x = x0 + f * (x1 - x0)
                    segs.append([[x, y0], [x, y0 - self.tick]])
                    lab.next_to([x, y0 - self.tick, 0], DOWN, buff=0.06)
                else:
                    y = y0 + f * (y1 - y0)
                    segs.append([[x0, y], [x0 - self.tick, y]])
                    lab.next_to([x0 - self.tick, y, 0], LEFT, buff=0.06)
        self.values = (values[0], values[1])
        self.marks.set_positions(np.array(segs) if segs else np.zeros((0, 2, 2)))
        for key in shown ^ self._shown:
            self._made[key].set_opacity(1.0 if key in shown else 0.0)
        self._shown = shown


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
        rows.append(VGroup(swatch, label(TEXT.format("logit_key", sign=sign, name=name),
                                          style.SMALL_SIZE, col))
                    .arrange(RIGHT, buff=0.18))
    return VGroup(*rows).arrange(DOWN, aligned_edge=LEFT, buff=0.12)


class UntangleCurves(WarpSettings, LectureScene):
    """Two tangled curves pulled apart by a width-2 tanh network, one motion at a time."""

    title = "A network untangles two curves"
    TEXT = TEXT
    # Seconds for the three motions of a layer: linear map, shift, bend.
    step_times = (2.0, 1.2, 2.0)
    PANEL_CENTER = (-1.75, -0.35, 0.0)
    PANEL_SIZE = (9.6, 6.7)
    SIDE_X = 5.05

    def construct(self) -> None:
        self.art = untangle(self.data_config(), self.hidden, self.activation,
                            self.train_config())
        self.names = [class_name(str(s)) for s in self.art["class_names"]]
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
        self.caption = label(TEXT["input_plane"], style.CAPTION_SIZE).to_edge(UP, buff=0.3)
        self.caption.set_x(self.PANEL_CENTER[0])
        legend = self.view.legend(self.names)
        net = label(self.net_text(), style.SMALL_SIZE, style.MUTED)
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
            new = label(text, style.CAPTION_SIZE).move_to(self.caption)
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
        what = TEXT["what_curves"] if self.view.ordered else TEXT["what_points"]
        self.say("data", what=what, n=n)
        space = label(TEXT["input_space"], style.SMALL_SIZE, style.MUTED)
        formula = VGroup(space)
        self.play(Create(self.view.grid), run_time=1.2)
        self.play(FadeIn(VGroup(*self.warp[1:])), *self.set_caption(None, formula), run_time=1.2)
        self.hold(at_least=0.5)

    def layer_step(self, layer: int, step: int) -> None:
        i = layer - 1
        W, b = self.art[f"param_W{i}"], self.art[f"param_b{i}"]
        act = act_name(self.activation)
        prev = "x" if layer == 1 else f"a_{{{layer - 1}}}"
        if step == 1:
            self.shows(f"W{i}", W)
            key = "linear"
            rows = r"\\".join(" & ".join(fmt(v, 1) for v in row) for row in W)
            tex = (rf"W_{{{layer}}} = \begin{{bmatrix}}{rows}\end{{bmatrix}}")
            formula = VGroup(MathTex(rf"{prev} \mapsto W_{{{layer}}}\,{prev}", font_size=34),
                             MathTex(tex, font_size=30))
        elif step == 2:
            self.shows(f"b{i}", b)
            key = "shift"
            col = r"\\".join(fmt(v, 2) for v in b)
            tex = rf"b_{{{layer}}} = \begin{{bmatrix}}{col}\end{{bmatrix}}"
            formula = VGroup(
                MathTex(rf"\mapsto W_{{{layer}}}\,{prev} + b_{{{layer}}}", font_size=34),
                MathTex(tex, font_size=30))
        else:
            key = "bend" if self.activation == "tanh" else "bend_other"
            formula = VGroup(MathTex(
                rf"a_{{{layer}}} = {ACT_TEX[self.activation]}(W_{{{layer}}}\,{prev} + "
                rf"b_{{{layer}}})", font_size=34),
                label(TEXT.format("hidden_space", layer=layer), style.SMALL_SIZE,
                      style.MUTED))
        formula.arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        caption = TEXT.format(f"{key}.name", layer=layer, act=act)
        self.say(key, layer=layer, act=act)
        self.play(*self.set_caption(caption, formula), run_time=0.6)
        target = 3 * i + step
        self.play(self.stage.animate.set_value(target), run_time=self.step_times[step - 1],
                  rate_func=smooth)
        self.hold(at_least=0.4)

    def readout(self) -> None:
        a = self.art
        acc = float(a["accuracy"])
        n = len(a["labels"])
        correct = int(round(acc * n))
        self.say("readout", pos=self.names[1], neg=self.names[0], correct=correct, n=n)
        self.driver.clear_updaters()
        sides, line = _readout_mobjects(self.view, a["readout_w"], float(a["readout_b"]))
        self.shows("readout_w", a["readout_w"])
        self.shows("readout_b", float(a["readout_b"]))
        formula = VGroup(
            MathTex(rf"\text{{logit}} = w \cdot a_{{{self.n_layers}}} + b = 0", font_size=32),
            label(TEXT.format("accuracy", acc=pct(self.shows("accuracy", acc))),
                  style.CAPTION_SIZE, style.YELLOW),
            label(TEXT.format("correct_of", correct=correct, n=n), style.SMALL_SIZE,
                  style.MUTED),
            _readout_key(self.names),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        self.shows("correct", correct)
        self.play(*self.set_caption(TEXT["readout_caption"], formula), run_time=0.6)
        tint_behind(self, sides)
        self.play(Create(line), sides.animate.set_fill(opacity=SIDE_OPACITY), run_time=1.2)
        self.hold(at_least=1.5)


class LiftToThreeD(WarpSettings, LectureThreeDScene):
    """A disk inside a ring: width 3 lifts the disk out; width 2 cannot."""

    title = "A third dimension separates a disk from a ring"
    TEXT = TEXT
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
        self.names = [class_name(str(s)) for s in self.art["class_names"]]
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
        self.caption = label(TEXT["disk_in_ring"], style.CAPTION_SIZE).to_edge(UP, buff=0.3)
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
        new = label(text, style.CAPTION_SIZE).move_to(self.caption)
        self.add_fixed_in_frame_mobjects(new)
        self.remove(new)
        old, self.caption = self.caption, new
        return AnimationGroup(FadeOut(old, run_time=0.3), FadeIn(new), lag_ratio=0.5)

    def accuracy_badge(self, width: int, acc: float, plane: bool) -> VGroup:
        """The accuracy of a width, in white on a dark box, where no point lies.

        The 3-D views leave the upper left free (the lifted disk hangs low), the flat
        width-2 view the bottom edge; the box keeps it legible over the translucent
        plane. The mark (a plane's patch or a line) ties it to the yellow readout.
        """
        if plane:
            mark = Square(0.3, stroke_color=style.YELLOW, stroke_width=2,
                          fill_color=style.YELLOW, fill_opacity=0.45)
        else:
            mark = Line(ORIGIN, RIGHT * 0.4, color=style.YELLOW, stroke_width=5)
        words = label(TEXT.format("width_accuracy", width=width, acc=pct(acc)),
                      style.CAPTION_SIZE, style.FG)
        row = VGroup(mark, words).arrange(RIGHT, buff=0.2)
        box = BackgroundRectangle(row, color=style.BG, fill_opacity=0.9, buff=0.15)
        badge = VGroup(box, row)
        if plane:
            return badge.to_corner(UL, buff=0.3).shift(DOWN * 0.6)
        return badge.to_edge(DOWN, buff=0.15)

    def flat_data(self) -> None:
        self.say("flat")
        # The driver first: mobjects added after the first updated one are redrawn each frame.
        self.add(self.driver, self.view.grid, self.ring, self.disk)
        self.play(FadeIn(self.view.grid), FadeIn(self.ring), FadeIn(self.disk), run_time=1.2)
        self.hold(at_least=0.5)

    def lift_up(self) -> None:
        width = self.hidden[0]
        act = act_name(self.activation)
        self.say("lift", width=width, act=act)
        n_stages = len(self.sp) - 1
        self.play(self.recaption(TEXT.format("enters_3d", width=width)),
                  run_time=0.6)
        # Face the plane W maps the input onto (not edge-on), from above.
        W = self.art["param_W0"]
        n = np.cross(W[:, 0], W[:, 1]) if W.shape == (3, 2) else np.array([0.0, -1.0, 1.0])
        phi, theta = oblique_view(n if n[2] >= 0 else -n, 50)
        self.move_camera(phi=phi, theta=theta, run_time=1.6)
        steps = ("linear", "shift", "bend")
        for target in range(1, n_stages + 1):
            layer, step = (target - 1) // 3 + 1, (target - 1) % 3
            caption = TEXT.format(f"{steps[step]}.name", layer=layer, act=act)
            self.play(self.recaption(caption), run_time=0.4)
            self.play(self.stage.animate.set_value(target), run_time=1.6, rate_func=smooth)
        self.hold(at_least=0.3)

    def separating_plane(self) -> None:
        a = self.art
        acc = float(a["accuracy"])
        w, b = a["readout_w"], float(a["readout_b"])
        self.say("plane", acc=pct(acc))
        self.driver.clear_updaters()
        m = self.view.map
        poly = plane_in_box(w, b, self.view.lo, self.view.hi)
        plane = Polygon(*m(poly), color=style.YELLOW, stroke_width=2, fill_color=style.YELLOW,
                        fill_opacity=0.28) if poly is not None else VGroup()
        # Look at the plane obliquely from the disk's side (logit > 0), so the disk is in front.
        phi, theta = oblique_view(w, 72)
        acc_text = self.accuracy_badge(self.hidden[0], self.shows("accuracy", acc), plane=True)
        self.shows("plane_w", w)
        self.shows("plane_b", b)
        self.remove(self.disk)
        self.add(plane, self.disk)
        self.add_fixed_in_frame_mobjects(acc_text)
        self.remove(acc_text)
        self.play(self.recaption(TEXT["plane_caption"]), Create(plane), run_time=1.2)
        self.move_camera(phi=phi, theta=theta, run_time=2.0)
        self.play(FadeIn(acc_text), run_time=0.6)
        self.move_camera(theta=theta + 25 * DEGREES, run_time=2.5, rate_func=there_and_back)
        self.hold(at_least=0.5)
        self.lifted = VGroup(plane, self.view.grid, self.ring, self.disk)
        self.acc3 = acc_text

    def width_two(self) -> None:
        a = self.art
        acc = float(a["cmp_accuracy"])
        widths = " \u2192 ".join(map(str, (2, *self.compare_hidden, 1)))
        self.say("two", widths=widths, acc=pct(acc))
        sp, sg = a["cmp_stage_points"], a["cmp_stage_grid"]
        lo, hi = stage_boxes(sp, sg)
        view = WarpView(a["points"], a["labels"], False, a["grid"], (0, 0.1, 0), (5.6, 5.6),
                        self.names, axes=False)
        stage = ValueTracker(0.0)

        def refresh(_m):
            s = stage.get_value()
            view.show(lerp_states(sp, s), lerp_states(sg, s), lerp_states(lo, s),
                      lerp_states(hi, s))

        mobs = view.mobjects()
        refresh(None)
        self.play(FadeOut(self.lifted), FadeOut(self.acc3),
                  self.recaption(TEXT.format("two_caption", widths=widths)), run_time=0.8)
        self.move_camera(phi=0, theta=-90 * DEGREES, run_time=1.2, added_anims=[FadeIn(mobs)])
        mobs.add_updater(refresh)
        self.play(stage.animate.set_value(len(sp) - 1), run_time=4.5, rate_func=smooth)
        mobs.clear_updaters()
        parts = _readout_mobjects(view, a["cmp_readout_w"], float(a["cmp_readout_b"]))
        acc_text = self.accuracy_badge(2, self.shows("cmp_accuracy", acc), plane=False)
        self.add_fixed_in_frame_mobjects(acc_text)
        self.remove(acc_text)
        sides, line = parts
        tint_behind(self, sides)
        self.play(Create(line), sides.animate.set_fill(opacity=SIDE_OPACITY), FadeIn(acc_text),
                  run_time=1.0)
        self.hold(at_least=1.5)


class WarpDuringTraining(WarpSettings, LectureScene):
    """The hidden space and the input-space boundary, snapshot by snapshot while training."""

    title = "The warp, as the network learns"
    TEXT = TEXT
    n_snapshots = 40
    training_seconds = 12.0  # the whole training run, snapshot by snapshot
    LEFT_CENTER = (-3.3, -0.2, 0.0)
    RIGHT_CENTER = (3.75, -0.2, 0.0)
    PANEL = (5.2, 4.4)

    def construct(self) -> None:
        self.art = training_warp(self.data_config(), self.hidden, self.activation,
                                 self.train_config(), n_snapshots=self.n_snapshots)
        self.names = [class_name(str(s)) for s in self.art["class_names"]]
        self.set_up()
        self.before_training()
        self.training()
        self.trained()

    def set_up(self) -> None:
        a = self.art
        hp, hg = a["hidden_points"], a["hidden_grid"]
        # Each snapshot's view fits its own data and grid (early on they fill a tiny
        # corner of the final range), grown to the panel's shape so the panel's edges
        # are the view's edges and carry its axes. Frames between snapshots blend the
        # boxes, which still contain the blended points.
        lo, hi = stage_boxes(hp, hg)
        self.h_lo, self.h_hi = expand_to_aspect(lo, hi, self.PANEL[0] / self.PANEL[1])
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
        cell_lo = np.array([cx[0] - hx, cy[0] - hy])
        cell_hi = np.array([cx[-1] + hx, cy[-1] + hy])
        c0, c1 = m(np.stack([cell_lo, cell_hi]))
        styles = [(style.class_color(c), op) for c in (0, 1) for op in SHADE_OPACITY]
        self.shade = CellShading(c0, c1, (len(cx), len(cy)), styles)
        self.shade.set_cells(self.shade_cells(a["field"][0]))
        self.boundary = LineBundle(np.zeros((0, 2, 2)), color=style.YELLOW, stroke_width=4)
        self.readout = LineBundle(np.zeros((0, 2, 2)), color=style.YELLOW, stroke_width=4)
        self.t = ValueTracker(0.0)
        self.shown_k = -1
        title = label(TEXT["train_title"], style.CAPTION_SIZE).to_edge(UP, buff=0.25)
        hidden_frame = Rectangle(width=self.PANEL[0], height=self.PANEL[1], color=style.GRID,
                                 stroke_width=1.5).move_to(self.LEFT_CENTER)
        input_frame = Rectangle(width=c1[0] - c0[0], height=c1[1] - c0[1], color=style.GRID,
                                stroke_width=1.5).move_to((c0 + c1) / 2)
        heads = VGroup(
            label(TEXT.format("hidden_head", k=len(self.hidden)), style.LABEL_SIZE,
                  style.MUTED).move_to([self.LEFT_CENTER[0], 2.9, 0]),
            label(TEXT["input_head"], style.LABEL_SIZE, style.MUTED).move_to(
                [self.RIGHT_CENTER[0], 2.9, 0]),
        )
        note = label(TEXT["rescale_note"], style.SMALL_SIZE - 2, style.MUTED).move_to(
            [self.LEFT_CENTER[0], 2.45, 0])
        # The input panel's axes never change: drawn once, before anything moves.
        input_ticks = AxisTicks()
        input_ticks.update(m, cell_lo, cell_hi)
        self.hidden_ticks = AxisTicks()
        self.hidden_names = self.axis_names(hidden_frame, "h", 0.78)
        input_names = self.axis_names(input_frame, "x", 0.62)
        self.away = label(TEXT["readout_away"], style.SMALL_SIZE - 2, style.YELLOW)
        self.away.add_background_rectangle(color=style.BG, opacity=0.85, buff=0.06)
        self.away.next_to(hidden_frame.get_top(), DOWN, buff=0.12)
        self.counters = VGroup()
        self.add(title, heads, note, hidden_frame, input_frame, input_ticks.mobjects(),
                 self.hidden_names, input_names)
        self.static_input = self.input_view.mobjects()

    @staticmethod
    def axis_names(frame: Mobject, letter: str, left: float) -> VGroup:
        """``letter₁`` under the frame's bottom edge, ``letter₂`` beside its left edge."""
        return VGroup(
            MathTex(f"{letter}_1", font_size=30, color=style.MUTED).next_to(
                frame, DOWN, buff=0.42),
            MathTex(f"{letter}_2", font_size=30, color=style.MUTED).next_to(
                frame, LEFT, buff=left),
        )

    def shade_cells(self, field: np.ndarray) -> np.ndarray:
        """Each cell's style: the predicted class, in three steps of certainty |2p − 1|."""
        f = np.asarray(field)[self.cells]
        sure = np.abs(np.tanh(f / 2.0))  # |2 p − 1| with p = sigmoid(logit)
        level = np.digitize(sure, SHADE_LEVELS)
        return (f > 0).astype(int) * len(SHADE_OPACITY) + level

    def counter_texts(self, k: int) -> list[str]:
        a = self.art
        epoch = int(a["epochs"][k])
        loss = float(a["loss"][k])
        acc = float(a["train_accuracy"][k])
        test = float(a["test_accuracy"][k])
        self.shows("epoch", epoch)
        self.shows("loss", loss)
        self.shows("accuracy", acc)
        self.shows("test_accuracy", test)
        return [TEXT.format("epoch", epoch=epoch), TEXT.format("loss", loss=f"{loss:.4f}"),
                TEXT.format("train_accuracy", acc=pct(acc)),
                TEXT.format("test_accuracy", acc=pct(test))]

    def layout_counters(self) -> None:
        self.counters.arrange(RIGHT, buff=0.55).to_edge(DOWN, buff=0.25)

    def refresh(self) -> None:
        a = self.art
        s = self.t.get_value()
        hp = lerp_states(a["hidden_points"], s)
        hg = lerp_states(a["hidden_grid"], s)
        lo, hi = lerp_states(self.h_lo, s), lerp_states(self.h_hi, s)
        self.hidden_view.show(hp, hg, lo, hi)
        self.hidden_ticks.update(self.hidden_view.map, lo, hi)
        # The readout is a line in hidden space: clipped to this frame's box, drawn
        # with this frame's map.
        w, b = lerp_states(a["readout_w"], s), float(lerp_states(a["readout_b"], s))
        seg = line_in_box(w, b, lo, hi)
        self.readout.set_positions(self.hidden_view.map(seg[None]) if seg is not None
                                   else np.zeros((0, 2, 3)))
        self.show_away(seg is None)
        field = lerp_states(a["field"], s)
        segs, _ = contour_segments(field, a["field_x"], a["field_y"], np.array([0.0]))
        self.boundary.set_positions(self.input_view.map(segs) if len(segs) else
                                    np.zeros((0, 2, 3)))
        self.shade.set_cells(self.shade_cells(field))
        # Counters show the snapshot on screen (the last one reached).
        k = int(np.floor(s + 1e-9))
        if k != self.shown_k:
            self.shown_k = k
            texts = self.counter_texts(k)
            if len(self.counters):
                set_texts(self.counters, texts, relayout=self.layout_counters)
            else:
                colors = (style.FG, style.FG, style.YELLOW, style.MUTED)
                self.counters.add(*(LiveText(t, style.CAPTION_SIZE, c)
                                    for t, c in zip(texts, colors, strict=True)))
                self.layout_counters()

    def show_away(self, on: bool) -> None:
        """Show the note that the readout line lies outside the hidden view, or hide it."""
        self.away.set_opacity(1.0 if on else 0.0)
        self.away.background_rectangle.set_fill(opacity=0.85 if on else 0.0)

    def before_training(self) -> None:
        self.say("before")
        self.refresh()
        moving = [self.shade, self.static_input, self.readout, self.boundary,
                  self.hidden_view.mobjects(), self.hidden_ticks.mobjects(), self.away,
                  self.counters]
        self.add(*moving)
        self.play(*(FadeIn(mob) for mob in moving), run_time=1.2)
        self.refresh()  # FadeIn leaves full opacity; the note shows only while needed
        self.hold(at_least=0.5)

    def training(self) -> None:
        a = self.art
        self.say("training", epochs=int(a["epochs"][-1]))
        # The updater sits on the first moving mobject: everything after it is redrawn.
        self.shade.add_updater(lambda _m: self.refresh())
        self.play(self.t.animate.set_value(len(a["epochs"]) - 1), run_time=self.training_seconds,
                  rate_func=linear)
        self.shade.clear_updaters()
        self.refresh()
        self.shows("hidden_view_lo", self.hidden_view.lo)
        self.shows("hidden_view_hi", self.hidden_view.hi)
        self.shows("hidden_ticks", self.hidden_ticks.values)
        self.hold(at_least=0.3)

    def trained(self) -> None:
        a = self.art
        self.say("trained", loss=f"{float(a['loss'][-1]):.4f}",
                      acc=pct(a["train_accuracy"][-1]), test=pct(a["test_accuracy"][-1]))
        self.play(Indicate(self.counters[2], color=style.YELLOW), run_time=1.0)
        self.hold(at_least=1.0)
