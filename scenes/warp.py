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

UntangleCurves and WarpDuringTraining take any 2-D data with 2-8 classes and
any small MLP (see WarpSettings; LiftToThreeD stays two-class): k > 2 classes
get a softmax readout, drawn as the k regions where each class's logit is
largest; width-3 layers are drawn as a 3-D object seen at a fixed angle, wider
ones as a labelled PCA projection; data in measured units are rescaled before
layer 1, shown as a step of its own. ``deepwarp warp DATA`` (delivery/warpcli.py)
writes such a subclass and renders it.

On-screen words and narration live in ``TEXT`` (English and Chinese;
``DEEPWARP_LANG=zh`` picks Chinese).

Every position on screen is an engine recording (``engine.artefacts.warp``);
frames between two recorded stages interpolate linearly, as in Olah's article.

A lecturer changes data and network in a subclass, in their own file::

    from scenes.warp import UntangleCurves

    class MyWarp(UntangleCurves):
        dataset = "csv:points.csv"  # columns x1,x2,label, else the first three
        hidden = (8, 8)
        activation = "relu"

Render: ``manim render -ql scenes/warp.py UntangleCurves``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import *

from engine.artefacts.warp import (
    EXACT,
    LIFT_COMPARE_HIDDEN,
    LIFT_DATA,
    LIFT_HIDDEN,
    LIFT_TRAIN,
    PCA,
    POOR_FIT,
    UNTANGLE_DATA,
    UNTANGLE_HIDDEN,
    UNTANGLE_TRAIN,
    VIEW_3D,
    lift,
    snapshot_schedule,
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
from scenes.space import light, until

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
    "clip_half_plane",
    "class_regions",
    "region_borders",
]

TEXT = Catalogue.of(__file__)

# How σ is named in captions and formulas.
ACT_NAME = {"tanh": "tanh", "sigmoid": "sigmoid", "relu": "ReLU", "leaky_relu": "leaky ReLU",
            "softplus": "softplus", "linear": "identity"}
ACT_TEX = {"tanh": r"\tanh", "sigmoid": r"\mathrm{sigmoid}", "relu": r"\mathrm{ReLU}",
           "leaky_relu": r"\mathrm{leakyReLU}",
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


def input_space(dataset: str, columns: Sequence[str] = ()) -> str:
    """The input panel's label: "input space (x₁, x₂)", with a CSV's own column names.

    >>> input_space("spirals")
    'input space (x₁, x₂)'
    """
    names: Sequence[str] = columns[:2]
    if not names and dataset.startswith("csv:"):
        try:
            with open(dataset[4:], encoding="utf-8-sig", errors="replace") as f:
                first = next((line for line in f if line.strip()), "")
        except OSError:
            first = ""
        sep = max(",;\t", key=first.count)
        cells = [c.strip() for c in first.split(sep)]
        lower = [c.lower() for c in cells]
        if "x1" in lower and "x2" in lower:
            names = ()
        elif len(cells) >= 3 and not any(c.replace(".", "").replace("-", "").isdigit()
                                          for c in cells[:2]):
            names = cells[:2]
    text = TEXT["input_space"]
    return text.replace("x₁, x₂", ", ".join(names)) if len(names) == 2 else text


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


def _sig(v: float) -> str:
    """A mean or spread with four significant digits (measured units vary widely)."""
    return f"{float(v):.4g}"


def clip_half_plane(poly: np.ndarray, w, b: float) -> np.ndarray:
    """The part of the convex polygon ``poly`` ``(n, 2)`` where ``w · x + b >= 0``."""
    w = np.asarray(w, float)
    out = []
    n = len(poly)
    for i in range(n):
        p, q = poly[i], poly[(i + 1) % n]
        fp, fq = float(p @ w + b), float(q @ w + b)
        if fp >= 0:
            out.append(p)
        if (fp >= 0) != (fq >= 0):
            out.append(p + (q - p) * fp / (fp - fq))
    return np.array(out).reshape(-1, 2)


def class_regions(W, B, lo, hi) -> list[np.ndarray | None]:
    """Per class c, the polygon of the box ``[lo, hi]`` where logit c = ``W[c] · h + B[c]``
    is the largest (None where that class wins nowhere in the box).

    Each region is an intersection of half-planes ``(W[c] − W[j]) · h + B[c] − B[j] >= 0``,
    so its borders are straight.
    """
    W, B = np.asarray(W, float), np.asarray(B, float)
    lo, hi = np.asarray(lo, float), np.asarray(hi, float)
    box = np.array([[lo[0], lo[1]], [hi[0], lo[1]], [hi[0], hi[1]], [lo[0], hi[1]]])
    out: list[np.ndarray | None] = []
    for c in range(len(W)):
        poly = box
        for j in range(len(W)):
            if j != c and len(poly) >= 3:
                poly = clip_half_plane(poly, W[c] - W[j], float(B[c] - B[j]))
        out.append(poly if len(poly) >= 3 else None)
    return out


def region_borders(regions: Sequence[np.ndarray | None], lo, hi) -> np.ndarray:
    """The regions' edges ``(M, 2, 2)`` that are borders between classes, not the box's edges."""
    lo, hi = np.asarray(lo, float), np.asarray(hi, float)
    tol = 1e-9 * float(np.max(hi - lo))
    segs = []
    for poly in regions:
        if poly is None:
            continue
        for p, q in zip(poly, np.roll(poly, -1, axis=0), strict=True):
            on_side = any((abs(p[a] - v) < tol and abs(q[a] - v) < tol)
                          for a in (0, 1) for v in (lo[a], hi[a]))
            if not on_side and np.linalg.norm(q - p) > tol:
                segs.append((p, q))
    return np.array(segs).reshape(-1, 2, 2)


class WarpSettings:
    """Data, network and training as class attributes, so a subclass can change them.

    ``standardize``: train on coordinates rescaled to mean 0 and spread 1 per
    axis (shown as a "rescale" step before layer 1); ``None`` means yes for a
    CSV file (data in its own units), no for the built-in datasets (already on
    a unit scale). ``columns``: a CSV's x, y and label columns by name.
    """

    dataset: str = UNTANGLE_DATA.name  # a dataset name or "csv:PATH"
    n: int = UNTANGLE_DATA.n
    noise: float = UNTANGLE_DATA.noise
    entanglement: float = UNTANGLE_DATA.entanglement
    data_seed: int = UNTANGLE_DATA.seed
    classes: int = 3  # arms of the "spirals" dataset
    columns: tuple[str, ...] = ()  # CSV: (x, y, label); () = x1,x2,label or the first three
    standardize: bool | None = None
    hidden: tuple[int, ...] = UNTANGLE_HIDDEN
    activation: str = "tanh"
    epochs: int = UNTANGLE_TRAIN.epochs
    lr: float = UNTANGLE_TRAIN.lr
    optimizer: str = UNTANGLE_TRAIN.optimizer
    seed: int = UNTANGLE_TRAIN.seed

    def data_config(self) -> DataConfig:
        standardize = (self.dataset.startswith("csv:") if self.standardize is None
                       else bool(self.standardize))
        return DataConfig(self.dataset, n=self.n, noise=self.noise,
                          entanglement=self.entanglement, seed=self.data_seed,
                          classes=self.classes, columns=tuple(self.columns),
                          standardize=standardize)

    #: Parameter snapshots of WarpDuringTraining (log-spaced epochs).
    n_snapshots: int = 40

    def train_config(self) -> TrainConfig:
        # Every warp scene asks for the snapshots the during-training view needs: they
        # change nothing in training, and one cached run then serves both videos.
        return TrainConfig(epochs=self.epochs, lr=self.lr, optimizer=self.optimizer,
                           seed=self.seed,
                           snapshot_epochs=snapshot_schedule(self.epochs, self.n_snapshots))

    def net_text(self, n_classes: int = 2) -> str:
        out = 1 if n_classes == 2 else n_classes
        widths = " \u2192 ".join(map(str, (2, *self.hidden, out)))
        return TEXT.format("net", act=act_name(self.activation), widths=widths)


class WarpView:
    """The data (curves or points), the grid and the axes of one space, drawn into a box.

    ``show(points, grid, lo, hi)`` maps one state (data coordinates) into the
    box with a :class:`ScreenMap` fitted to ``[lo, hi]`` and moves everything.
    Works for 2-D and 3-D states.
    """

    def __init__(self, points: np.ndarray, labels: np.ndarray, ordered: bool, grid: np.ndarray,
                 center, size, names: Sequence[str] = (), axes: bool = True,
                 dot_radius: float = 0.035, curve_width: float = 4.0,
                 keep_aspect: bool = True) -> None:
        self.labels = labels
        self.keep_aspect = keep_aspect
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
                                      color=style.class_color_8(c), stroke_width=curve_width)
                           for c in self.classes]
            self.end_labels = VGroup(*(
                label(names[c] if c < len(names) else str(c), style.SMALL_SIZE,
                      style.class_color_8(c)) for c in self.classes))
        else:
            # Class by class, so the later classes draw over the earlier ones.
            self.order = np.argsort(labels, kind="stable")
            ordered_labels = labels[self.order]
            self.cloud = PointCloud(np.zeros((len(labels), 2)),
                                    colors=[style.class_color_8(c) for c in ordered_labels],
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
        self.map = ScreenMap.fit(self.lo, self.hi, self.center, self.size[: len(self.lo)],
                                 keep_aspect=self.keep_aspect)
        return self.map

    def show(self, points: np.ndarray, grid: np.ndarray, lo, hi, origin=None) -> None:
        """Draw one state; ``origin``: where the axes cross (default 0; None-like NaN: no axes)."""
        m = self.fit(lo, hi)
        self.grid.set_positions(m(grid))
        if self.draw_axes:
            o = np.zeros(2) if origin is None else np.asarray(origin, float)
            ax = [] if not np.all(np.isfinite(o)) else [
                line_in_box(w, -float(np.dot(w, o)), self.lo, self.hi)
                for w in ((1.0, 0.0), (0.0, 1.0))]
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
            col = style.class_color_8(c)
            if self.ordered:
                mark = Line(ORIGIN, RIGHT * 0.45, color=col, stroke_width=5)
            else:
                mark = PointCloud(np.zeros((1, 2)), colors=col, radius=0.07,
                                  markers=MARKER_OF_CLASS[c % 2])
            name = names[c] if c < len(names) else str(c)
            rows.append(VGroup(mark, label(name, style.LABEL_SIZE, col)).arrange(RIGHT, buff=0.2))
        # More than four classes: columns of four, so the legend stays short.
        cols = [VGroup(*rows[i:i + 4]).arrange(DOWN, aligned_edge=LEFT, buff=0.18)
                for i in range(0, len(rows), 4)]
        if len(cols) == 1:
            return cols[0]
        return VGroup(*cols).arrange(RIGHT, aligned_edge=UP, buff=0.4)


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
                 tick: float = 0.09, per_axis: bool = False) -> None:
        self.size, self.color, self.tick = size, color, tick
        self.per_axis = per_axis  # one step per axis (axes in different units)
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
        self.step = nice_step(float(np.max(hi - lo)))
        segs, shown, values = [], set(), []
        for axis in (0, 1):
            step = nice_step(float(hi[axis] - lo[axis])) if self.per_axis else self.step
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
            sides.add(Polygon(*m(poly), stroke_width=0, fill_color=style.class_color_8(c),
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
        col = style.class_color_8(c)
        swatch = Square(0.28, stroke_width=0, fill_color=col, fill_opacity=0.45)
        name = names[c] if c < len(names) else str(c)
        rows.append(VGroup(swatch, label(TEXT.format("logit_key", sign=sign, name=name),
                                          style.SMALL_SIZE, col))
                    .arrange(RIGHT, buff=0.18))
    return VGroup(*rows).arrange(DOWN, aligned_edge=LEFT, buff=0.12)


class UntangleCurves(WarpSettings, LectureScene):
    """Any 2-D data with 2-8 classes pulled apart by an MLP, one layer and one motion at a time.

    The lecture's default: two tangled curves and a width-2 tanh network. Width
    1-2 layers are drawn as they are, width 3 as a 3-D object at a fixed angle,
    wider layers as a PCA projection (labelled, with the variance it keeps).
    """

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
        self.rescaled = "scale_mean" in self.art
        self.set_up_view()
        self.introduce_data()
        if self.rescaled:
            self.rescale()
        for layer in range(1, self.n_layers + 1):
            for step in (1, 2, 3):
                self.layer_step(layer, step)
        self.readout()

    # --- set-up ----------------------------------------------------------------

    def set_up_view(self) -> None:
        a = self.art
        self.sp, self.sg = a["stage_points"], a["stage_grid"]
        self.box_lo, self.box_hi = stage_boxes(self.sp, self.sg)
        # Where the axes cross, per stage: the input's own zero (raw units) before the
        # rescale; no axes in a 3-D view or a projection, whose screen axes mean nothing.
        kinds = np.concatenate([[EXACT], a["layer_kind"]])[a["stage_layer"]]
        self.origins = np.where((kinds == EXACT)[:, None], 0.0, np.nan) * np.ones((1, 2))
        if self.rescaled:
            self.origins[0] = -a["scale_mean"] / a["scale_std"]
        center, size = self.PANEL_CENTER, self.PANEL_SIZE
        if self.rescaled:  # numbers in the lecturer's units go under and left of the panel
            center, size = (center[0] + 0.25, center[1] + 0.25, 0.0), (size[0] - 0.5, size[1] - 0.7)
        self.view = WarpView(a["points"], a["labels"], bool(a["ordered"]), a["grid"],
                             center, size, self.names)
        self.stage = ValueTracker(0.0)
        self.refresh()
        self.caption = label(TEXT["input_plane"], style.CAPTION_SIZE).to_edge(UP, buff=0.3)
        self.caption.set_x(self.PANEL_CENTER[0])
        legend = self.view.legend(self.names)
        net = label(self.net_text(len(self.names)), style.SMALL_SIZE, style.MUTED)
        parts = [legend, net]
        n_shown, n_total = len(a["labels"]), int(a.get("n_total", len(a["labels"])))
        if n_shown < n_total:
            parts.append(label(TEXT.format("sampled", shown=f"{n_shown:,}",
                                           total=f"{self.shows('n_total', n_total):,}"),
                               style.SMALL_SIZE - 2, style.MUTED))
        side = VGroup(*parts).arrange(DOWN, aligned_edge=LEFT, buff=0.35)
        side.move_to([self.SIDE_X, 2.55, 0]).to_edge(RIGHT, buff=0.3).align_to(
            [0, 3.6, 0], UP)
        self.side_top = side.get_bottom()[1] - 0.35
        self.side_left = side.get_left()[0]
        self.formula: Mobject = VGroup()
        self.side = side  # written with the data (introduce_data)
        self.warp = self.view.mobjects()
        self.ticks: VGroup = VGroup()
        # The one updater lives on its own mobject, added before everything that moves:
        # fading in part of a group would dissolve the group and drop its updater.
        self.driver = Mobject()
        self.driver.add_updater(lambda _m: self.refresh())
        self.add(self.driver)
        self.leftover = VGroup()  # drawn for one beat's words, gone at the next beat

    def refresh(self) -> None:
        """The one updater: the stage index picks (and blends) the recorded states."""
        s = self.stage.get_value()
        i = int(np.clip(np.floor(s + 1e-9), 0, len(self.sp) - 1))
        j = i if abs(s - round(s)) < 1e-9 else min(i + 1, len(self.sp) - 1)
        # Axes only while both neighbouring stages have them; they slide with the origin.
        origin = lerp_states(self.origins, s) if np.all(np.isfinite(self.origins[[i, j]])) \
            else np.full(2, np.nan)
        self.view.show(lerp_states(self.sp, s), lerp_states(self.sg, s),
                       lerp_states(self.box_lo, s), lerp_states(self.box_hi, s), origin)

    def axis_ticks(self, raw: bool) -> VGroup:
        """Numbers along the input box: the lecturer's units (``raw``) or rescaled ones."""
        a = self.art
        m = self.view.map
        lo, hi = self.view.lo, self.view.hi
        ticks = AxisTicks(per_axis=raw)  # measured units differ axis by axis
        if raw:
            mean, std = a["scale_mean"], a["scale_std"]
            ticks.update(lambda p: m((np.asarray(p) - mean) / std), lo * std + mean,
                         hi * std + mean)
        else:
            ticks.update(m, lo, hi)
        self.shows("ticks_raw" if raw else "ticks_std", ticks.values)
        return ticks.mobjects()

    def set_caption(self, text: str | None, formula: Mobject | None = None) -> list[Animation]:
        anims: list[Animation] = []
        if text is not None:
            new = label(text, style.CAPTION_SIZE).move_to(self.caption)
            anims.append(FadeTransform(self.caption, new))
            self.caption = new
        if formula is not None:
            room = config.frame_width / 2 - 0.2 - self.side_left
            if formula.width > room:  # long words (a language, a wide layer) stay on screen
                formula.scale_to_fit_width(room)
            formula.next_to([self.side_left, self.side_top, 0], DOWN + RIGHT, buff=0)
            anims.append(FadeTransform(self.formula, formula) if len(self.formula) else
                         FadeIn(formula))
            self.formula = formula
        return anims

    # --- beats -----------------------------------------------------------------

    def introduce_data(self) -> None:
        n = len(self.art["labels"])
        if self.view.ordered:
            what = TEXT["what_curves"]
        elif len(self.names) == 2:
            what = TEXT["what_points"]
        else:
            what = TEXT.format("what_k_points", k=len(self.names))
        self.say("data", what=what, n=n)
        space = label(input_space(self.dataset, self.columns), style.SMALL_SIZE, style.MUTED)
        formula = VGroup(space)
        anims = []
        if self.rescaled:
            formula.add(label(TEXT["units_raw"], style.SMALL_SIZE, style.MUTED))
            formula.arrange(DOWN, aligned_edge=LEFT, buff=0.2)
            self.ticks = self.axis_ticks(raw=True)
            anims.append(FadeIn(self.ticks))
        # The grid goes in first (under the data) but shows when the voice names it.
        grid = self.view.grid
        opacity = grid.get_stroke_opacity()
        grid.set_stroke(opacity=0)
        self.add(grid)
        self.play(FadeIn(VGroup(*self.warp[1:])), *self.set_caption(None, formula), *anims,
                  Write(self.side), run_time=1.2)
        self.wait_until("grid")
        # "the grid of the input plane": the grid and the caption that names the plane.
        self.play(UpdateFromAlphaFunc(grid, lambda m, u: m.set_stroke(opacity=u * opacity)),
                  Write(self.caption), run_time=2.0)
        self.hold(at_least=0.5)

    def rescale(self) -> None:
        """Before layer 1: the axes' numbers change to standard units, the axes move to
        the data's centre; the points stay (rescaling each axis keeps the picture)."""
        a = self.art
        mean = self.shows("scale_mean", a["scale_mean"])
        std = self.shows("scale_std", a["scale_std"])
        self.say("rescale")
        rows = [MathTex(rf"x_{{{i + 1}}} \mapsto \frac{{x_{{{i + 1}}} "
                        rf"{'-' if mean[i] >= 0 else '+'} {_sig(abs(mean[i]))}}}"
                        rf"{{{_sig(std[i])}}}", font_size=30) for i in range(2)]
        formula = VGroup(*rows, label(TEXT["units_std"], style.SMALL_SIZE, style.MUTED))
        formula.arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        new_ticks = self.axis_ticks(raw=False)
        old = self.formula
        anims = self.set_caption(TEXT["rescale.name"], formula)
        anims[-1] = FadeOut(old)  # the new formula is written as it is said
        self.play(*anims, run_time=0.6)
        self.wait_until("formula")
        self.play(Write(VGroup(*rows)), run_time=until(self, "trains", 1.0, 0.2))
        self.wait_until("trains")
        self.play(FadeIn(formula[-1]), run_time=0.8)
        self.wait_until("axes")
        self.play(FadeOut(self.ticks), FadeIn(new_ticks),
                  self.stage.animate.set_value(1), run_time=1.5)
        self.ticks = new_ticks
        self.hold(at_least=0.4)

    def layer_step(self, layer: int, step: int) -> None:
        i = layer - 1
        a = self.art
        W, b = a[f"param_W{i}"], a[f"param_b{i}"]
        act = act_name(self.activation)
        prev = "x" if layer == 1 else f"a_{{{layer - 1}}}"
        small = max(W.shape) <= 3  # numbers fit the side panel
        if step == 1:
            self.shows(f"W{i}", W)
            key = "linear"
            if small:
                rows = r"\\".join(" & ".join(fmt(v, 1) for v in row) for row in W)
                detail = MathTex(rf"W_{{{layer}}} = \begin{{bmatrix}}{rows}\end{{bmatrix}}",
                                 font_size=30)
            else:
                detail = label(TEXT.format("weights_of", rows=W.shape[0], cols=W.shape[1]),
                               style.SMALL_SIZE, style.MUTED)
            formula = VGroup(MathTex(rf"{prev} \mapsto W_{{{layer}}}\,{prev}", font_size=34),
                             detail)
        elif step == 2:
            self.shows(f"b{i}", b)
            key = "shift"
            if small:
                col = r"\\".join(fmt(v, 2) for v in b)
                detail = MathTex(rf"b_{{{layer}}} = \begin{{bmatrix}}{col}\end{{bmatrix}}",
                                 font_size=30)
            else:
                detail = label(TEXT.format("biases_of", rows=len(b)), style.SMALL_SIZE,
                               style.MUTED)
            formula = VGroup(
                MathTex(rf"\mapsto W_{{{layer}}}\,{prev} + b_{{{layer}}}", font_size=34), detail)
        else:
            key = "bend" if self.activation == "tanh" else "bend_other"
            formula = VGroup(MathTex(
                rf"a_{{{layer}}} = {ACT_TEX[self.activation]}(W_{{{layer}}}\,{prev} + "
                rf"b_{{{layer}}})", font_size=34),
                label(TEXT.format("hidden_space", layer=layer), style.SMALL_SIZE,
                      style.MUTED))
        view = self.view_note(i)
        if view is not None:
            formula.add(view)
        formula.arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        caption = TEXT.format(f"{key}.name", layer=layer, act=act)
        self.say(key, layer=layer, act=act)
        anims = self.set_caption(caption, formula) + self._clear_leftover()
        if len(self.ticks):  # the numbers belong to the input's axes only
            anims.append(FadeOut(self.ticks))
            self.ticks = VGroup()
        self.play(*anims, run_time=0.6)
        target = 3 * i + step + int(self.rescaled)
        run_time = self.step_times[step - 1]
        self.wait_until("move")
        if "note" in self._marks:  # the motion lasts until the voice says what it kept
            run_time = min(1.75 * run_time, until(self, "note", 0.8, 0.3))
        # The motion's own term of the formula (W, b or the bend) lit as it starts.
        self.play(self.stage.animate(run_time=run_time, rate_func=smooth).set_value(target),
                  Indicate(formula[1] if step < 3 else formula[0], color=style.YELLOW,
                           run_time=min(1.0, run_time)))
        if "note" in self._marks:
            self.wait_until("note")
            width = W.shape[0]
            if step == 3 and self.activation == "tanh" and width == 2 and \
                    int(a["layer_kind"][i]) == EXACT:
                # tanh squeezes the plane into the square (-1, 1)²: drawn as it is said.
                corners = self.view.map(np.array([[-1.0, -1.0], [1.0, -1.0], [1.0, 1.0],
                                                  [-1.0, 1.0]]))
                square = DashedVMobject(Polygon(*corners, color=style.YELLOW, stroke_width=2.5),
                                        num_dashes=48)
                self.play(Create(square), run_time=1.0)
                self.leftover.add(square)
            else:  # straight lines stay straight, nothing bends: the grid lit
                self.play(light(self.view.grid, style.SKY, 1.2))
        self.hold(at_least=0.4)

    def _clear_leftover(self) -> list[Animation]:
        """Fade out what a beat drew only for its words (the next beat's first play)."""
        if not len(self.leftover):
            return []
        old, self.leftover = self.leftover, VGroup()
        return [FadeOut(old)]

    def view_note(self, i: int) -> Mobject | None:
        """How hidden layer ``i + 1`` is drawn, if not as its own plane."""
        a = self.art
        kind = int(a["layer_kind"][i])
        width = int(a[f"param_W{i}"].shape[0])
        if kind == PCA:
            kept = self.shows(f"kept{i}", float(a["layer_kept"][i]))
            return label(TEXT.format("view_pca", width=width, kept=pct(kept)),
                         style.SMALL_SIZE - 2, style.ORANGE)
        if kind == VIEW_3D:
            return label(TEXT["view_3d"], style.SMALL_SIZE - 2, style.MUTED)
        return None

    def readout(self) -> None:
        a = self.art
        acc = float(a["accuracy"])
        n = len(a["labels"])
        correct = self.shows("correct", int(a["correct"]))
        self.driver.clear_updaters()
        k = len(self.names)
        acc_line = label(TEXT.format("accuracy", acc=pct(self.shows("accuracy", acc))),
                         style.CAPTION_SIZE, style.YELLOW)
        if k == 2 and "readout_w" in a:
            self.say("readout", pos=self.names[1], neg=self.names[0], correct=correct, n=n)
            sides, line = _readout_mobjects(self.view, a["readout_w"], float(a["readout_b"]))
            self.shows("readout_w", a["readout_w"])
            self.shows("readout_b", float(a["readout_b"]))
            parts = [MathTex(rf"\text{{logit}} = w \cdot a_{{{self.n_layers}}} + b = 0",
                             font_size=32), acc_line,
                     label(TEXT.format("correct_of", correct=f"{correct:,}", n=f"{n:,}"),
                           style.SMALL_SIZE,
                           style.MUTED), _readout_key(self.names)]
            caption = TEXT["readout_caption"]
            # What each mark of the beat shows: the line, the tinted sides and the key,
            # then the accuracy.
            steps = [("line", [Create(line)]),
                     ("sides", [sides.animate.set_fill(opacity=SIDE_OPACITY), Write(parts[3])]),
                     ("acc", [Write(acc_line), FadeIn(parts[2])])]
            first = [FadeIn(parts[0])]
        elif "readout_W" in a:
            self.say("regions", correct=correct, n=n)
            regions = class_regions(a["readout_W"], a["readout_B"], self.view.lo, self.view.hi)
            self.regions = regions
            self.shows("readout_W", a["readout_W"])
            self.shows("readout_B", a["readout_B"])
            m = self.view.map
            sides = VGroup(*(Polygon(*m(poly), stroke_width=0, fill_color=style.class_color_8(c),
                                     fill_opacity=SIDE_OPACITY)
                             for c, poly in enumerate(regions) if poly is not None))
            borders = region_borders(regions, self.view.lo, self.view.hi)
            line = LineBundle(m(borders) if len(borders) else np.zeros((0, 2, 3)),
                              color=style.FG, stroke_width=3.5)
            parts = [label(TEXT["regions_rule"], style.SMALL_SIZE, style.FG), acc_line,
                     label(TEXT.format("in_region", correct=f"{correct:,}", n=f"{n:,}"),
                           style.SMALL_SIZE,
                           style.MUTED)]
            caption = TEXT.format("regions_caption", k=k)
            steps = [("sides", [sides.animate.set_fill(opacity=SIDE_OPACITY), Write(parts[0])]),
                     ("line", [Create(line)]),
                     ("acc", [Write(acc_line), FadeIn(parts[2])])]
            first = []
        else:
            width = int(a["hidden_last"].shape[1])
            self.say("projected", width=width, correct=correct, n=n)
            sides = VGroup()
            parts = [label(TEXT.format("projected_note", width=width), style.SMALL_SIZE,
                           style.FG), acc_line,
                     label(TEXT.format("correct_of", correct=f"{correct:,}", n=f"{n:,}"),
                           style.SMALL_SIZE,
                           style.MUTED)]
            view = self.view_note(self.n_layers - 1)
            if view is not None:  # the picture is still a view: say which
                parts.insert(0, view)
            caption = TEXT.format("projected_caption", width=width)
            steps = [("acc", [Write(acc_line), FadeIn(parts[-1])])]
            first = [FadeIn(p) for p in parts[:-2]]
        if acc < POOR_FIT:
            parts.append(label(TEXT["poor_fit"], style.SMALL_SIZE, style.VERMILLION))
            steps[-1][1].append(FadeIn(parts[-1]))
        formula = VGroup(*parts).arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        old = self.formula
        anims = self.set_caption(caption, formula)
        anims = anims[:-1] + ([FadeOut(old)] if len(old) else [])  # parts come with words
        if len(sides):
            tint_behind(self, sides)
        self.play(*anims, *self._clear_leftover(), *first, run_time=0.6)
        for mark, shown in steps:
            self.wait_until(mark)
            self.play(*shown, run_time=1.0)
        self.hold(at_least=1.0)
        if acc < POOR_FIT:
            self.say("poor", acc=pct(acc))
            self.wait_until("try")
            self.play(Indicate(formula[-1], color=style.VERMILLION), run_time=1.0)
            self.hold(at_least=0.5)


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
        # The ring is in place (under the disk) but shows when the voice names it.
        opacity = self.ring.get_stroke_opacity()
        self.ring.set_stroke(opacity=0)
        self.play(FadeIn(self.view.grid), FadeIn(self.disk),
                  run_time=min(1.0, until(self, "ring", 0.4, 0.05)))
        self.wait_until("ring")
        self.play(UpdateFromAlphaFunc(self.ring, lambda m, u: m.set_stroke(opacity=u * opacity)),
                  run_time=1.0)
        self.wait_until("plane")
        self.play(light(self.view.grid, style.SKY, 1.2))  # "in the plane": the plane's grid
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
        self.wait_until("space")
        self.move_camera(phi=phi, theta=theta, run_time=min(1.6, until(self, "linear", 0.8, 0.05)))
        steps = ("linear", "shift", "bend")
        for target in range(1, n_stages + 1):
            layer, step = (target - 1) // 3 + 1, (target - 1) % 3
            caption = TEXT.format(f"{steps[step]}.name", layer=layer, act=act)
            # Layer 1's three motions each start on the words that name them.
            nxt = ("shift", "bend", "rise")[step] if layer == 1 else None
            if layer == 1:
                self.wait_until(steps[step])
            # The caption changes while the plane moves.
            self.play(self.recaption(caption), self.stage.animate(rate_func=smooth).set_value(
                target), run_time=min(1.6, until(self, nxt, 0.6, 0.05)) if nxt else 1.6)
        self.wait_until("rise")
        self.play(light(self.disk, style.YELLOW, 1.2, widen=0.6))
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
        self.wait_until("acc")
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
                  self.recaption(TEXT.format("two_caption", widths=widths)), run_time=0.6)
        self.move_camera(phi=0, theta=-90 * DEGREES, run_time=1.0, added_anims=[FadeIn(mobs)])
        mobs.add_updater(refresh)
        self.wait_until("warp")
        self.play(stage.animate.set_value(len(sp) - 1), rate_func=smooth,
                  run_time=min(max(until(self, "ring", 2.0, 0.05), 2.0), 6.0))
        mobs.clear_updaters()
        self.wait_until("ring")
        self.play(light(view.cloud.submobjects[0], style.YELLOW, 1.2, widen=0.6))  # the ring
        parts = _readout_mobjects(view, a["cmp_readout_w"], float(a["cmp_readout_b"]))
        acc_text = self.accuracy_badge(2, self.shows("cmp_accuracy", acc), plane=False)
        self.add_fixed_in_frame_mobjects(acc_text)
        self.remove(acc_text)
        sides, line = parts
        tint_behind(self, sides)
        self.wait_until("acc")
        self.play(Create(line), sides.animate.set_fill(opacity=SIDE_OPACITY), FadeIn(acc_text),
                  run_time=1.0)
        self.hold(at_least=1.0)


class WarpDuringTraining(WarpSettings, LectureScene):
    """The hidden space and the input-space boundary, snapshot by snapshot while training."""

    title = "The warp, as the network learns"
    TEXT = TEXT
    training_seconds = 12.0  # the whole training run, snapshot by snapshot
    LEFT_CENTER = (-3.3, -0.2, 0.0)
    RIGHT_CENTER = (3.75, -0.2, 0.0)
    PANEL = (5.2, 4.4)

    def construct(self) -> None:
        self.art = training_warp(self.data_config(), self.hidden, self.activation,
                                 self.train_config(), n_snapshots=self.n_snapshots)
        self.names = [class_name(str(s)) for s in self.art["class_names"]]
        self.k = len(self.names)
        self.kind = int(self.art["hidden_kind"])
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
        # Data in measured units: each axis fills the panel, with its own numbers.
        self.input_view = WarpView(a["points"], a["labels"], ordered, a["grid"],
                                   self.RIGHT_CENTER, self.PANEL, self.names, curve_width=3,
                                   keep_aspect="scale_mean" not in a)
        if self.kind != EXACT:
            self.hidden_view.draw_axes = False  # a view's screen axes are no hidden units
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
        styles = [(style.class_color_8(c), op) for c in range(self.k) for op in SHADE_OPACITY]
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
        if self.kind == PCA:
            kept = self.shows("hidden_kept", float(a["hidden_kept"]))
            note_text, note_color = TEXT.format("hidden_note_pca", kept=pct(kept)), style.ORANGE
        elif self.kind == VIEW_3D:
            note_text, note_color = TEXT["hidden_note_3d"], style.MUTED
        else:
            note_text, note_color = TEXT["rescale_note"], style.MUTED
        note = label(note_text, style.SMALL_SIZE - 2, note_color).move_to(
            [self.LEFT_CENTER[0], 2.45, 0])
        notes = []
        if "scale_mean" in a:
            notes.append(TEXT["input_units"])
        n_shown, n_total = len(a["labels"]), int(a["n_total"])
        if n_shown < n_total:
            notes.append(TEXT.format("sampled_short", shown=f"{n_shown:,}",
                                     total=f"{self.shows('n_total', n_total):,}"))
        right_note = label(" \u00b7 ".join(notes), style.SMALL_SIZE - 2, style.MUTED).move_to(
            [self.RIGHT_CENTER[0], 2.45, 0]) if notes else VGroup()
        # The input panel's axes never change: drawn once, before anything moves.
        input_ticks = AxisTicks(per_axis="scale_mean" in a)  # measured units: own steps
        input_ticks.update(m, cell_lo, cell_hi)
        self.hidden_ticks = AxisTicks()
        self.hidden_names = (self.axis_names(hidden_frame, "h", 0.78) if self.kind == EXACT
                             else self.axis_names(hidden_frame, r"\mathrm{PC}", 0.62, 24)
                             if self.kind == PCA else VGroup())
        input_names = self.axis_names(input_frame, "x", 0.62)
        away = ("readout_away" if self.k == 2 else "borders_away") if self.kind == EXACT \
            else "hidden_readout_off"
        self.away = label(TEXT[away], style.SMALL_SIZE - 2,
                          style.YELLOW if self.k == 2 else style.FG)
        self.away.add_background_rectangle(color=style.BG, opacity=0.85, buff=0.06)
        self.away.next_to(hidden_frame.get_top(), DOWN, buff=0.12)
        self.counters = VGroup()
        self.title_text = title
        self.input_frame = input_frame
        self.add(title)
        # Each panel's frame and words come with its side (before_training).
        self.sides = (VGroup(heads[1], right_note, input_frame, input_ticks.mobjects(),
                             input_names),
                      VGroup(heads[0], note, hidden_frame, self.hidden_names))
        self.static_input = self.input_view.mobjects()

    @staticmethod
    def axis_names(frame: Mobject, letter: str, left: float, size: float = 30) -> VGroup:
        """``letter₁`` under the frame's bottom edge, ``letter₂`` beside its left edge."""
        return VGroup(
            MathTex(f"{letter}_1", font_size=size, color=style.MUTED).next_to(
                frame, DOWN, buff=0.42),
            MathTex(f"{letter}_2", font_size=size, color=style.MUTED).next_to(
                frame, LEFT, buff=left),
        )

    def shade_cells(self, field: np.ndarray) -> np.ndarray:
        """Each cell's style: the predicted class, in three steps of certainty |2p − 1|."""
        f = np.asarray(field)[self.cells]
        if f.ndim == 2:
            sure = np.abs(np.tanh(f / 2.0))  # |2 p − 1| with p = sigmoid(logit)
            level = np.digitize(sure, SHADE_LEVELS)
            return (f > 0).astype(int) * len(SHADE_OPACITY) + level
        # k classes: the winner, and how far its softmax probability is from a tie of k
        # (1/k → 0, certain → 1), in the same three steps.
        e = np.exp(f - f.max(axis=-1, keepdims=True))
        p = e.max(axis=-1) / e.sum(axis=-1)
        sure = (p - 1 / self.k) / (1 - 1 / self.k)
        return f.argmax(axis=-1) * len(SHADE_OPACITY) + np.digitize(sure, SHADE_LEVELS)

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
        if self.kind != VIEW_3D:  # a 3-D view's screen axes carry no values
            self.hidden_ticks.update(self.hidden_view.map, lo, hi)
        # The readout is a line (k classes: region borders) in hidden space, clipped to
        # this frame's box, drawn with this frame's map; in a view it is not drawn.
        if "readout_w" in a:
            w, b = lerp_states(a["readout_w"], s), float(lerp_states(a["readout_b"], s))
            seg = line_in_box(w, b, lo, hi)
            segs_h = None if seg is None else seg[None]
        elif "readout_W" in a:
            borders = region_borders(class_regions(lerp_states(a["readout_W"], s),
                                                   lerp_states(a["readout_B"], s), lo, hi),
                                     lo, hi)
            segs_h = borders if len(borders) else None
        else:
            segs_h = None
        self.readout.set_positions(self.hidden_view.map(segs_h) if segs_h is not None
                                   else np.zeros((0, 2, 3)))
        self.show_away(segs_h is None)
        field = lerp_states(a["field"], s)
        segs = self.boundary_segments(field)
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

    def boundary_segments(self, field: np.ndarray) -> np.ndarray:
        """The decision boundary in the input plane: where the predicted class changes."""
        a = self.art
        levels = np.array([0.0])
        if field.ndim == 2:
            return contour_segments(field, a["field_x"], a["field_y"], levels)[0]
        parts = []
        for c in range(self.k):
            # Class c's lead over the best other class is 0 on c's borders.
            lead = field[..., c] - np.delete(field, c, axis=-1).max(axis=-1)
            seg = contour_segments(lead, a["field_x"], a["field_y"], levels)[0]
            if len(seg):
                parts.append(seg)
        return np.concatenate(parts) if parts else np.zeros((0, 2, 2))

    def show_away(self, on: bool) -> None:
        """Show the note that the readout line lies outside the hidden view, or hide it."""
        self.away.set_opacity(1.0 if on else 0.0)
        self.away.background_rectangle.set_fill(opacity=0.85 if on else 0.0)

    def before_training(self) -> None:
        self.say("before")
        self.refresh()
        # Each side as the voice names it: right, the input plane; left, the hidden
        # layer; then the counters of the untrained network.
        groups = [(None, self.sides[0], [self.shade, self.static_input, self.boundary]),
                  ("left", self.sides[1], [self.readout, self.hidden_view.mobjects(),
                                           self.hidden_ticks.mobjects(), self.away]),
                  ("arbitrary", self.counters, [])]
        for mark, words, moving in groups:
            if mark:
                self.wait_until(mark)
            self.add(*moving)
            self.play(Write(words), *(FadeIn(mob) for mob in moving), run_time=1.0)
            self.refresh()  # FadeIn leaves full opacity; the note shows only while needed
        self.hold(at_least=0.5)

    def training(self) -> None:
        a = self.art
        line = self.k == 2 and "readout_w" in a
        self.say("training" if line else "training_k", epochs=int(a["epochs"][-1]))
        # The updater sits on the first moving mobject: everything after it is redrawn.
        self.shade.add_updater(lambda _m: self.refresh())
        # One run at a steady pace over the whole speech (at least training_seconds); the
        # input plane is outlined when the voice turns to it.
        total = max(self.training_seconds, self._left() - 0.6)
        last = len(a["epochs"]) - 1
        first = min(until(self, "bend", 1.0, 0.07), total - 1.0)
        self.play(self.t.animate.set_value(last * first / total), run_time=first,
                  rate_func=linear)
        self.wait_until("bend")
        self.play(self.t.animate(run_time=total - first, rate_func=linear).set_value(last),
                  Circumscribe(self.input_frame, color=style.YELLOW, run_time=1.5))
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
        for k, mark, nxt in ((1, "loss", "acc"), (2, "acc", "test"), (3, "test", None)):
            self.wait_until(mark)  # each number lit as it is said
            self.play(Indicate(self.counters[k], color=style.YELLOW),
                      run_time=min(1.2, until(self, nxt, 0.6, 0.05)) if nxt else 1.2)
        self.hold(at_least=1.0)
        if float(a["train_accuracy"][-1]) < POOR_FIT:
            self.say("poor", acc=pct(a["train_accuracy"][-1]))
            poor = label(TEXT["poor_fit"].replace("\n", " "), style.CAPTION_SIZE,
                         style.VERMILLION).move_to(self.title_text)
            self.wait_until("try")
            self.play(FadeTransform(self.title_text, poor), run_time=0.8)
            self.hold(at_least=1.0)
